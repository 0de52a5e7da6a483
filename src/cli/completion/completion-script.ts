import type { Command } from 'commander';
import { renderBashScript } from './bash-script.js';
import { completionTree, type CompletionCommand } from './completion-tree.js';
import { renderFishScript } from './fish-script.js';
import type { Shell } from './shells.js';
import { renderZshScript } from './zsh-script.js';

const RENDERERS: Record<Shell, (root: CompletionCommand, header: string[]) => string> = {
  bash: renderBashScript,
  zsh: renderZshScript,
  fish: renderFishScript,
};

/** The completion script for `shell`, made from the program's own command tree (so it never lags behind it). */
export async function completionScript(program: Command, shell: Shell, version: string): Promise<string> {
  const header = [`rocketctl ${version} completion for ${shell}, made by \`rocketctl completion ${shell}\` from rocketctl's own command tree.`];
  return RENDERERS[shell](await completionTree(program), header);
}
