import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { requireTool } from './require-tool.js';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's chromium driven by playwright-core (which downloads no browser). Missing, it fails the test
 * with the fix: the test setup installs it (HOST_PACKAGES), a bare `node --test` run may not have it.
 */
export async function launchChromium(): Promise<Browser> {
  const fix = 'apt-get install -y chromium (npm test installs it: chromium is in HOST_PACKAGES, test/lab/host-packages.ts)';
  if (!existsSync(CHROMIUM)) throw new Error(`prerequisite missing: Debian's chromium (${CHROMIUM}). Fix: ${fix}`);
  await requireTool(CHROMIUM, ['--version'], fix);
  // --no-sandbox: the tests run as root, where chromium refuses its sandbox.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], timeout: 30_000 });
}
