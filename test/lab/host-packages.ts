import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { LabError } from './lab-error.js';
import { runLogged } from './run-command.js';

/**
 * Debian packages the lab needs on the host: the engine (Debian's own 20.10, whose client has BuildKit
 * built in), the rootfs builder, Maven + a JDK for the jars (keytool and java for the certs tests too),
 * PostgreSQL's server, which the certs tests start on the host with the generated certificate,
 * Debian's chromium, which the dashboard test drives with playwright-core (no browser download), and zsh and fish,
 * which check the completion scripts `rocketctl completion` writes for them (bash is always there).
 */
export const HOST_PACKAGES = [
  'docker.io',
  'mmdebstrap',
  'maven',
  'default-jdk-headless',
  'openssl',
  'ca-certificates',
  'postgresql',
  'chromium',
  'zsh',
  'fish',
];

export async function missingHostPackages(packages = HOST_PACKAGES): Promise<string[]> {
  const result = await execa('dpkg-query', ['-W', '-f', '${Package} ${db:Status-Abbrev}\n', ...packages], {
    reject: false,
    stdin: 'ignore',
  });
  const installed = new Set(
    result.stdout
      .split('\n')
      .filter((line) => / ii ?$/.test(line))
      .map((line) => line.split(' ')[0]),
  );
  return packages.filter((p) => !installed.has(p));
}

/** Installs what is missing; with nothing missing, apt is not touched at all (a warm run stays fast). */
export async function ensureHostPackages(opts: { signal?: AbortSignal; log: (line: string) => void }): Promise<void> {
  if (!existsSync('/usr/bin/apt-get')) {
    throw new LabError('install packages', 'apt-get not found', 'the lab needs a Debian (12, bookworm) host');
  }
  const missing = await missingHostPackages();
  if (missing.length === 0) return;
  opts.log(`installing ${missing.join(', ')} with apt-get`);
  const hint = 'check that the Debian mirror in /etc/apt/sources.list(.d) is reachable and that no other apt/dpkg is running; see the log';
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  await runLogged('apt-get', ['update'], { step: 'apt-get update', hint, signal: opts.signal, timeoutMs: 600_000, env });
  await runLogged('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
    step: 'apt-get install',
    hint,
    signal: opts.signal,
    timeoutMs: 1_200_000,
    env,
  });
  const stillMissing = await missingHostPackages();
  if (stillMissing.length > 0) {
    throw new LabError('install packages', `still missing after apt-get: ${stillMissing.join(', ')}`, hint);
  }
}
