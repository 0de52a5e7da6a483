import type { CompletionCommand } from './completion-tree.js';
import { renderPosixFunctions } from './posix-functions.js';

export function renderZshScript(root: CompletionCommand, header: string[]): string {
  return [
    '#compdef rocketctl',
    ...header.map((line) => `# ${line}`),
    '# Install: save the output as _rocketctl in a folder of $fpath (then restart zsh), or add',
    '# `source <(rocketctl completion zsh)` to ~/.zshrc after compinit.',
    ...renderPosixFunctions(root),
    '_rocketctl() {',
    '  local -a candidates',
    // ${=…} splits the printed words (zsh does not split unquoted expansions by itself).
    '  candidates=(${=$(_rocketctl_candidates "${words[CURRENT]}" "${(@)words[2,CURRENT-1]}")})',
    '  case ${candidates[1]} in',
    '    @files) _files ;;',
    '    @dirs) _files -/ ;;',
    '    *) compadd -- "${candidates[@]}" ;;',
    '  esac',
    '}',
    // Autoloaded from $fpath the file is _rocketctl's body: it completes now; sourced, it registers itself.
    'if [ "$funcstack[1]" = "_rocketctl" ]; then _rocketctl "$@"; else compdef _rocketctl rocketctl; fi',
    '',
  ].join('\n');
}
