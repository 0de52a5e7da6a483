import { setMaxListeners } from 'node:events';
import { constants } from 'node:fs';
import { access, lstat, readFile, readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import type { ResolvedConfig } from '../config/types.js';
import { SECRET_NAMES, envVariablesFor } from '../secrets/catalog.js';
import { secretsFilePath } from '../secrets/secrets.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { withDeadline } from '../shared/deadline.js';
import { RocketError, UsageError } from '../shared/errors.js';
import { retiredKeysPath } from '../workers/observer/keyring.js';
import type { MemberName } from '../workers/descriptors.js';
import { certsList } from './certs-list.js';
import { checklist } from './checklist.js';
import type { CommandContext } from './context.js';
import type { DoctorReport } from './doctor-checks.js';
import { openStack } from './open-stack.js';
import { memberShapes } from './stack-members.js';
import { status } from './status.js';
import { versionReport } from './version.js';

/** One file of the bundle, as text: redaction works on text, right before the archive takes it. */
export interface BundleEntry {
  name: string;
  text: string;
}

export const LOG_LINES = 200;
/** Each part gets its own deadline: a bundle of what answered beats none. */
const STATUS_MS = 30_000;
const CHECKLIST_MS = 90_000;
const LOGS_MS = 15_000;
const VERSIONS_MS = 3_000;

/**
 * Where `--bundle FILE` writes, checked before any work: a `.tar.gz` in an existing folder this user may write to,
 * and no file there yet (a bundle never replaces anything; an earlier one stays as it was).
 */
export async function checkBundlePath(file: string): Promise<void> {
  if (!file.endsWith('.tar.gz'))
    throw new UsageError(`--bundle ${file}: the bundle is a gzipped tar; its name must end in .tar.gz`, 'e.g. --bundle rocketctl-doctor.tar.gz');
  const dir = path.dirname(file);
  const folder = await stat(dir).catch(() => null);
  if (!folder?.isDirectory()) throw new UsageError(`--bundle ${file}: folder ${dir} does not exist`, 'create it first, or give a path in an existing folder');
  await access(dir, constants.W_OK).catch(() => {
    throw new UsageError(`--bundle ${file}: folder ${dir} is not writable by this user`, 'give a path in a folder you can write to (your home, /tmp)');
  });
  if ((await lstat(file).catch(() => null)) !== null) {
    throw new UsageError(`--bundle ${file}: the file exists; doctor never replaces a file`, 'give a new name, or move the old bundle away first');
  }
}

/**
 * Everything a bug report needs, in-process: the resolved config, `status --json`, `checklist --json`, `certs list
 * --json`, versions, this doctor report, and each member's last 200 log lines. Read-only, each part with its own
 * deadline; a part that fails becomes its error (a bundle is most wanted when things are broken). Nothing here is
 * redacted yet: `writeBundle` does that, in one place, for every file.
 */
export async function collectBundle(context: CommandContext, report: DoctorReport): Promise<BundleEntry[]> {
  const { config } = context;
  const json = (name: string, value: unknown): BundleEntry => ({ name, text: `${JSON.stringify(value, null, 2)}\n` });
  const [statusPart, checklistPart, certsPart, versionsPart, logs] = await Promise.all([
    part(context, STATUS_MS, 'status', (signal) => status({ ...context, signal })),
    part(context, CHECKLIST_MS, 'checklist', (signal) => checklist({ ...context, signal })),
    part(context, STATUS_MS, 'certs list', () => certsList(context)),
    part(context, VERSIONS_MS, 'versions', async (signal) => ({
      ...(await versionReport({ cwd: config.root, env: context.env, signal, log: context.log })),
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      engineKind: config.engine.kind,
    })),
    memberLogs(context),
  ]);
  return [
    json('config.json', config),
    json('status.json', statusPart),
    json('checklist.json', checklistPart),
    json('certs.json', certsPart),
    json('versions.json', versionsPart),
    json('doctor.json', report),
    ...logs,
  ];
}

async function part<T>(
  context: CommandContext,
  timeoutMs: number,
  what: string,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T | { error: string; fix?: string }> {
  try {
    // Like the CLI's own signal: every engine call of a part listens to it, and a status asks one per member.
    const unbounded = (signal: AbortSignal) => (setMaxListeners(0, signal), work(signal));
    return await withDeadline(unbounded, { timeoutMs, signal: context.signal, what });
  } catch (error) {
    if ((error as Error).name === 'InterruptedError' && context.signal.aborted) throw error;
    const fix = error instanceof RocketError ? error.hint : undefined;
    return { error: (error as Error).message, ...(fix ? { fix } : {}) };
  }
}

/** The last LOG_LINES lines of every enabled member, stdout and stderr in the order they came; a note where none. */
async function memberLogs(context: CommandContext): Promise<BundleEntry[]> {
  const members = memberShapes(context.config).map((s) => s.name);
  const stack = await part(context, LOGS_MS, 'connecting to the engine', () => openStack(context));
  return Promise.all(
    members.map(async (member: MemberName): Promise<BundleEntry> => {
      const name = `logs/${member}.log`;
      if ('error' in stack) return { name, text: `(no log: ${stack.error})\n` };
      let text = '';
      const sink = new Writable({
        write(chunk: Buffer | string, _encoding, done) {
          text += chunk.toString();
          done();
        },
      });
      const written = await part(context, LOGS_MS, `the logs of ${member}`, async () => {
        // No transform: redaction happens once, as the archive takes each file.
        await stack.writeLogs(member, { follow: false, tail: LOG_LINES }, { stdout: sink, stderr: sink, transform: (t) => t });
        return null;
      });
      return { name, text: written && 'error' in written ? `${text}(no log: ${written.error})\n` : text };
    }),
  );
}

/**
 * Every value the bundle must not hold: each value of secrets.env (read leniently, so a damaged file still has its
 * values removed), each override in the environment, the observer's retired keys, and the base64 body of every PEM
 * private key under certsDir and stateDir (so a key printed without its BEGIN line goes too).
 */
export async function bundleSecretValues(config: ResolvedConfig, env: NodeJS.ProcessEnv): Promise<string[]> {
  const values = new Set<string>();
  for (const file of [secretsFilePath(config.stateDir), retiredKeysPath(config.stateDir)]) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      const value = /^\s*[A-Za-z_][A-Za-z0-9_.-]*\s*=(.*)$/.exec(line)?.[1]?.trim();
      if (value) values.add(value);
    }
  }
  for (const name of SECRET_NAMES) {
    for (const variable of envVariablesFor(name)) if (env[variable]) values.add(env[variable]!);
  }
  for (const dir of new Set([config.certsDir, config.stateDir])) {
    for (const body of await privateKeyBodies(dir)) {
      values.add(body.join(''));
      for (const line of body) values.add(line);
    }
  }
  return [...values];
}

const MAX_KEY_FILE_BYTES = 1024 * 1024;

/** The base64 lines of every PEM private key in the files below `dir` (none when it does not exist). */
async function privateKeyBodies(dir: string): Promise<string[][]> {
  const names = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  const bodies: string[][] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const stats = await lstat(file).catch(() => null);
    if (!stats?.isFile() || stats.size > MAX_KEY_FILE_BYTES) continue;
    const text = await readFile(file, 'latin1').catch(() => '');
    for (const match of text.matchAll(/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----([\s\S]*?)-----END [A-Z0-9 ]*PRIVATE KEY-----/g)) {
      bodies.push(
        match[1]!
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter((line) => /^[A-Za-z0-9+/=]+$/.test(line)),
      );
    }
  }
  return bodies;
}

/**
 * Writes the entries as `<name>/…` in a .tar.gz, mode 0600, created exclusively (never over an existing file). Every
 * entry's text passes through `redact` here and nowhere else, right before the archive takes it.
 */
export async function writeBundle(file: string, entries: readonly BundleEntry[], redact: (text: string) => string): Promise<void> {
  const top = path.basename(file, '.tar.gz');
  const archive = pack();
  const mtime = new Date();
  for (const entry of entries) archive.entry({ name: `${top}/${entry.name}`, mode: 0o600, mtime }, redact(entry.text));
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  await writeFileAtomic(file, gzipSync(Buffer.concat(chunks)), { mode: 0o600, exclusive: true });
}
