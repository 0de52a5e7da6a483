import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LabError } from './lab-error.js';

/** One `deb URI SUITE COMPONENT...` source, as apt's one-line format writes it. */
export interface AptSource {
  uri: string;
  suite: string;
  components: string[];
}

/** Parses one-line `.list` content (options in `[...]` are dropped: the lab images trust Debian's keyring). */
export function parseOneLineSources(text: string): AptSource[] {
  const sources: AptSource[] = [];
  for (const raw of text.split('\n')) {
    const line = raw
      .replace(/#.*/, '')
      .replace(/\[[^\]]*\]/, '')
      .trim();
    const [type, uri, suite, ...components] = line.split(/\s+/);
    if (type === 'deb' && uri && suite) sources.push({ uri, suite, components });
  }
  return sources;
}

/** Parses deb822 `.sources` content: paragraphs of `Field: value`, `Enabled: no` honoured. */
export function parseDeb822Sources(text: string): AptSource[] {
  const sources: AptSource[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    let last = '';
    for (const raw of paragraph.split('\n')) {
      if (raw.startsWith('#')) continue;
      if (/^\s/.test(raw) && last) {
        fields.set(last, `${fields.get(last) ?? ''} ${raw.trim()}`);
        continue;
      }
      const match = /^([A-Za-z-]+):\s*(.*)$/.exec(raw);
      if (match?.[1] && match[2] !== undefined) {
        last = match[1].toLowerCase();
        fields.set(last, match[2].trim());
      }
    }
    const words = (name: string) => (fields.get(name) ?? '').split(/\s+/).filter(Boolean);
    if (!words('types').includes('deb') || fields.get('enabled')?.toLowerCase() === 'no') continue;
    for (const uri of words('uris')) {
      for (const suite of words('suites')) sources.push({ uri, suite, components: words('components') });
    }
  }
  return sources;
}

/**
 * The machine's Debian sources for `codename` (its main, -updates and -security suites), read from
 * /etc/apt at run time so that no mirror host name is ever written into the repository.
 */
export function readDebianSources(codename: string, aptDir = '/etc/apt'): AptSource[] {
  const found: AptSource[] = [];
  const main = path.join(aptDir, 'sources.list');
  if (existsSync(main)) found.push(...parseOneLineSources(readFileSync(main, 'utf8')));
  const dropIns = path.join(aptDir, 'sources.list.d');
  if (existsSync(dropIns)) {
    for (const name of readdirSync(dropIns).sort()) {
      const text = readFileSync(path.join(dropIns, name), 'utf8');
      if (name.endsWith('.list')) found.push(...parseOneLineSources(text));
      if (name.endsWith('.sources')) found.push(...parseDeb822Sources(text));
    }
  }
  const suites = new Set([codename, `${codename}-updates`, `${codename}-security`]);
  const debian = found.filter((s) => suites.has(s.suite) && s.components.includes('main'));
  if (!debian.some((s) => s.suite === codename)) {
    throw new LabError(
      'read apt sources',
      `no enabled "deb" source for suite ${codename} (main) in ${aptDir}/sources.list or sources.list.d/`,
      `configure a Debian ${codename} mirror for apt (it is where the lab images come from)`,
    );
  }
  return debian;
}

export function toSourcesList(sources: AptSource[]): string {
  return sources.map((s) => `deb ${s.uri} ${s.suite} ${s.components.join(' ')}\n`).join('');
}

export function hostCodename(osRelease = '/etc/os-release'): string {
  const text = existsSync(osRelease) ? readFileSync(osRelease, 'utf8') : '';
  const codename = /^VERSION_CODENAME=(\S+)/m.exec(text)?.[1]?.replace(/"/g, '');
  if (codename !== 'bookworm') {
    throw new LabError(
      'check host',
      `the lab is built for Debian 12 (bookworm); this host reports "${codename ?? 'unknown'}"`,
      'run the lab on a Debian 12 machine (its apt mirror supplies the images)',
    );
  }
  return codename;
}
