// CouchDB's configuration: ini files read in CouchDB's own order, later values winning:
// etc/default.ini, etc/default.d/*.ini, etc/local.ini, etc/local.d/*.ini (each folder sorted by name).
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function configFiles(etcDir) {
  const layer = (dir) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.ini'))
          .sort()
          .map((f) => path.join(dir, f))
      : [];
  return [
    path.join(etcDir, 'default.ini'),
    ...layer(path.join(etcDir, 'default.d')),
    path.join(etcDir, 'local.ini'),
    ...layer(path.join(etcDir, 'local.d')),
  ].filter((file) => existsSync(file));
}

/** `[section]` headers and `key = value` lines; `;` and `#` start comments, as in CouchDB's files. */
export function parseIni(text, into = {}) {
  let section;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      section = into[header[1].trim()] ??= {};
      continue;
    }
    const eq = line.indexOf('=');
    if (section && eq > 0) section[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return into;
}

export function readCouchConfig(etcDir) {
  const config = {};
  for (const file of configFiles(etcDir)) parseIni(readFileSync(file, 'utf8'), config);
  return config;
}

export function isTrue(value) {
  return String(value ?? '').toLowerCase() === 'true';
}

/** `['tlsv1.2', 'tlsv1.3']` (an Erlang list) or `tlsv1.3` → Node's minVersion/maxVersion. */
export function tlsVersionRange(value) {
  const versions = [...String(value ?? '').matchAll(/tlsv1(?:\.(\d))?/gi)].map((m) => `TLSv1${m[1] ? `.${m[1]}` : ''}`);
  if (versions.length === 0) return {};
  const sorted = versions.sort();
  return { minVersion: sorted[0], maxVersion: sorted[sorted.length - 1] };
}

/**
 * Where the server writes what it changes at run time: the last file of the chain (CouchDB's config writer
 * persists to the last ini file it read), created in local.d when the chain is empty.
 */
export function lastConfigFile(etcDir) {
  return configFiles(etcDir).at(-1) ?? path.join(etcDir, 'local.d', 'docker.ini');
}

/** Persists `key = value` in [section] of that file, as CouchDB's config writer does: later lines win. */
export function persistSetting(file, sectionName, key, value) {
  appendFileSync(file, `\n[${sectionName}]\n${key} = ${value}\n`);
}
