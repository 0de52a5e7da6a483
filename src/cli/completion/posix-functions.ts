import { allCommands, type CompletionCommand } from './completion-tree.js';
import { argumentRules, commandsWithSubcommands, globalOptions, optionValueRules, ownOptions, shQuote } from './shell-words.js';

/** `case "$subject" in 'pattern') body ;; esac` as lines of a shell function. */
function caseFunction(name: string, subject: string, arms: [pattern: string, body: string][], after = ''): string[] {
  return [
    `${name}() {`,
    `  case ${subject} in`,
    ...arms.map(([pattern, body]) => `    ${pattern}) ${body} ;;`),
    '  esac',
    ...(after ? [`  ${after}`] : []),
    '}',
  ];
}

const print = (words: readonly string[]) => `printf '%s\\n' ${shQuote(words.join(' '))}`;

/** A case pattern for `<path>|<flag>`: a global option's path is `*` (any command). */
const flagPattern = (rule: { path: string; flag: string }) => (rule.path === '*' ? `*${shQuote(`|${rule.flag}`)}` : shQuote(`${rule.path}|${rule.flag}`));

/**
 * The part of the bash and zsh scripts both shells run as written: the command tree as `case` tables (subcommands,
 * options, which options take a value, option and argument values, by command path) and the walk over the words
 * typed so far. Each shell's own glue feeds its completion system from `_rocketctl_candidates`.
 */
export function renderPosixFunctions(root: CompletionCommand): string[] {
  const valued = optionValueRules(root);
  return [
    ...caseFunction(
      '_rocketctl_subcommands',
      '"$1"',
      commandsWithSubcommands(root).map((c) => [shQuote(c.path), print(c.subcommands.map((s) => s.name))]),
    ),
    ...caseFunction(
      '_rocketctl_options',
      '"$1"',
      allCommands(root)
        .filter((c) => ownOptions(c, root).length > 0)
        .map((c) => [shQuote(c.path), print(ownOptions(c, root).flatMap((o) => o.flags))]),
      print(globalOptions(root).flatMap((o) => o.flags)),
    ),
    ...caseFunction('_rocketctl_takes_value', '"$1|$2"', valued.length > 0 ? [[valued.map(flagPattern).join('|'), 'return 0']] : [], 'return 1'),
    ...caseFunction(
      '_rocketctl_option_values',
      '"$1|$2"',
      valued.filter((v) => v.words.length > 0).map((v) => [flagPattern(v), print(v.words)]),
    ),
    ...caseFunction(
      '_rocketctl_argument_values',
      '"$1:$2"',
      argumentRules(root).map((rule) => [rule.position === '*' ? `${shQuote(`${rule.path}:`)}*` : shQuote(`${rule.path}:${rule.position}`), print(rule.words)]),
    ),
    '_rocketctl_is_subcommand() {',
    '  case " $(_rocketctl_subcommands "$1") " in *" $2 "*) return 0 ;; esac',
    '  return 1',
    '}',
    '# The words before the one being completed: the command they name (cmdpath), how many arguments it has got',
    "# (index), and the option whose value comes next (expecting). Sets the caller's local variables.",
    '_rocketctl_walk() {',
    "  cmdpath='' index=0 expecting=''",
    '  local word',
    '  for word in "$@"; do',
    '    if [ -n "$expecting" ]; then expecting=\'\'; continue; fi',
    '    case $word in',
    '      -*) if _rocketctl_takes_value "$cmdpath" "$word"; then expecting=$word; fi ;;',
    '      *) if _rocketctl_is_subcommand "$cmdpath" "$word"; then cmdpath=${cmdpath:+$cmdpath }$word; index=0; else index=$((index + 1)); fi ;;',
    '    esac',
    '  done',
    '}',
    '# What may come at the word being completed ($1) after the words before it ($2...): words, or @files / @dirs.',
    '_rocketctl_candidates() {',
    '  local cur=$1 cmdpath index expecting',
    '  shift',
    '  _rocketctl_walk "$@"',
    '  if [ -n "$expecting" ]; then _rocketctl_option_values "$cmdpath" "$expecting"; return; fi',
    '  case $cur in',
    '    -*) _rocketctl_options "$cmdpath" ;;',
    '    *) _rocketctl_subcommands "$cmdpath"; _rocketctl_argument_values "$cmdpath" "$index" ;;',
    '  esac',
    '}',
  ];
}
