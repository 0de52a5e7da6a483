import { execa } from 'execa';

/** A missing prerequisite fails loudly with the fix; lab tests never skip silently. */
export async function requireTool(command: string, versionArgs: string[], fix: string): Promise<void> {
  try {
    await execa(command, versionArgs, { timeout: 30_000 });
  } catch {
    throw new Error(`prerequisite missing: \`${command}\` does not run. Fix: ${fix}`);
  }
}
