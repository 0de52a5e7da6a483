import { execa, type Options } from 'execa';
import { fileURLToPath } from 'node:url';

export const ROCKETCTL_BIN = fileURLToPath(new URL('../../../bin/rocketctl.js', import.meta.url));

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs bin/rocketctl.js as a user would; never throws on a non-zero exit. */
export async function rocketctl(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number } = { cwd: process.cwd() },
): Promise<CliResult> {
  const execOptions: Options = { cwd: options.cwd, env: { ...options.env, NO_COLOR: '1' }, reject: false, timeout: options.timeoutMs ?? 120_000 };
  const result = await execa(process.execPath, [ROCKETCTL_BIN, ...args], execOptions);
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}
