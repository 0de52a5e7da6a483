import path from 'node:path';
import type { MaterialPlan } from './material-plan.js';

/**
 * Ignore patterns (`.gitignore` syntax, for a file in `root`) covering every private key and Java store `certs gen`
 * writes under `certsDir` for this plan, read from the plan itself, so a new service's key names are covered as soon
 * as it exists. Certificates stay visible: they are public. A file is covered by its extension (`certs/**\/*.key`),
 * except `.pem`, which names certificates and keys alike (CouchDB's `couchdb.pem` and `privkey.pem`): there by name.
 */
export function privateMaterialPatterns(plan: MaterialPlan, certsDir: string, root: string): string[] {
  const under = path.relative(root, certsDir).split(path.sep).join('/');
  const files = [plan.ca.keyFile, ...plan.leaves.map((leaf) => leaf.keyFile), ...plan.stores.map((store) => store.file)];
  const names = files.map((file) => (['', '.pem'].includes(path.extname(file)) ? path.basename(file) : `*${path.extname(file)}`));
  return [...new Set(names)].map((name) => `${under}/**/${name}`);
}
