import type { CompletionCommand } from './completion-tree.js';
import { renderPosixFunctions } from './posix-functions.js';

export function renderBashScript(root: CompletionCommand, header: string[]): string {
  return [
    ...header.map((line) => `# ${line}`),
    '# Install: add `source <(rocketctl completion bash)` to ~/.bashrc, or save the output as',
    '# /etc/bash_completion.d/rocketctl.',
    ...renderPosixFunctions(root),
    '_rocketctl() {',
    '  local cur=${COMP_WORDS[COMP_CWORD]} candidates',
    '  candidates=$(_rocketctl_candidates "$cur" "${COMP_WORDS[@]:1:COMP_CWORD-1}")',
    '  case $candidates in',
    '    @files) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;',
    '    @dirs) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;',
    '    *) mapfile -t COMPREPLY < <(compgen -W "$candidates" -- "$cur") ;;',
    '  esac',
    '}',
    'complete -F _rocketctl rocketctl',
    '',
  ].join('\n');
}
