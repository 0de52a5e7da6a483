import type { z } from 'zod';
import { SERVICE_NAMES } from '../services/descriptors.js';

/** zod issues as `dot.path: message` lines, one per problem. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    const at = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const where = at ? `${at}.${key}` : key;
        return at === 'services' ? `${where}: unknown service (known: ${SERVICE_NAMES.join(', ')})` : `${where}: unknown field`;
      });
    }
    return [`${at || '(root)'}: ${issue.message}`];
  });
}
