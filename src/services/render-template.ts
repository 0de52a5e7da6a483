import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const TEMPLATES = fileURLToPath(new URL('../../../templates/', import.meta.url));

/** Fills `{{name}}` placeholders in templates/<file>; a placeholder without a value is a bug, so it throws. */
export function renderTemplate(file: string, values: Record<string, string | number>): string {
  const text = readFileSync(`${TEMPLATES}${file}`, 'utf8');
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`template ${file}: no value for {{${name}}}`);
    return String(values[name]);
  });
}
