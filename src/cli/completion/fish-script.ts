import { allCommands, type CompletionCommand, type CompletionOption } from './completion-tree.js';
import { argumentRules, commandsWithSubcommands, globalOptions, optionValueRules, ownOptions } from './shell-words.js';

/** A fish single-quoted string: only `\` and `'` are escaped there. */
const fishQuote = (text: string): string => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

function switchFunction(name: string, subject: string, arms: [pattern: string, lines: string[]][], after: string[] = []): string[] {
  return [
    `function ${name}`,
    `    switch ${subject}`,
    ...arms.flatMap(([pattern, lines]) => [`        case ${pattern}`, ...lines.map((line) => `            ${line}`)]),
    '    end',
    ...after.map((line) => `    ${line}`),
    'end',
  ];
}

/** `printf` lines of `word<TAB>description`: fish shows the description beside each word. */
const described = (entries: [word: string, description: string][]) =>
  entries.length === 0 ? [] : [`printf '%s\\t%s\\n' ${entries.map(([word, description]) => `${word} ${fishQuote(description)}`).join(' ')}`];

const describedFlags = (option: CompletionOption): [string, string][] => option.flags.map((flag) => [flag, option.description]);

/**
 * fish: the same command tree as `switch` tables and the same walk over the typed words as bash and zsh, in fish's
 * syntax; one dynamic `complete` offers its output (with descriptions), and fish filters it by what is typed.
 */
export function renderFishScript(root: CompletionCommand, header: string[]): string {
  const valued = optionValueRules(root);
  return [
    ...header.map((line) => `# ${line}`),
    '# Install: save the output as ~/.config/fish/completions/rocketctl.fish.',
    ...switchFunction(
      '__rocketctl_subcommands',
      '"$argv[1]"',
      commandsWithSubcommands(root).map((c) => [fishQuote(c.path), [`printf '%s\\n' ${c.subcommands.map((s) => s.name).join(' ')}`]]),
    ),
    ...switchFunction(
      '__rocketctl_described_subcommands',
      '"$argv[1]"',
      commandsWithSubcommands(root).map((c) => [fishQuote(c.path), described(c.subcommands.map((s) => [s.name, s.description]))]),
    ),
    ...switchFunction(
      '__rocketctl_options',
      '"$argv[1]"',
      allCommands(root)
        .filter((c) => ownOptions(c, root).length > 0)
        .map((c) => [fishQuote(c.path), described(ownOptions(c, root).flatMap(describedFlags))]),
      described(globalOptions(root).flatMap(describedFlags)),
    ),
    ...switchFunction(
      '__rocketctl_takes_value',
      '"$argv[1]|$argv[2]"',
      valued.length > 0 ? [[valued.map((v) => fishQuote(`${v.path}|${v.flag}`)).join(' '), ['return 0']]] : [],
      ['return 1'],
    ),
    ...switchFunction(
      '__rocketctl_option_values',
      '"$argv[1]|$argv[2]"',
      valued.filter((v) => v.words.length > 0).map((v) => [fishQuote(`${v.path}|${v.flag}`), [`printf '%s\\n' ${v.words.join(' ')}`]]),
    ),
    ...switchFunction(
      '__rocketctl_argument_values',
      '"$argv[1]:$argv[2]"',
      argumentRules(root).map((rule) => [fishQuote(`${rule.path}:${rule.position}`), [`printf '%s\\n' ${rule.words.join(' ')}`]]),
    ),
    '# The words before the cursor name a command (cmdpath) with `index` arguments so far, maybe an option awaiting its value.',
    'function __rocketctl_complete',
    '    set -l words (commandline -opc)',
    '    set -l cur (commandline -ct)',
    "    set -l cmdpath ''",
    '    set -l index 0',
    "    set -l expecting ''",
    '    for word in $words[2..-1]',
    '        if test -n "$expecting"',
    "            set expecting ''",
    '            continue',
    '        end',
    '        switch $word',
    "            case '-*'",
    '                if __rocketctl_takes_value "$cmdpath" $word',
    '                    set expecting $word',
    '                end',
    "            case '*'",
    '                if contains -- $word (__rocketctl_subcommands "$cmdpath")',
    '                    set cmdpath (string trim -- "$cmdpath $word")',
    '                    set index 0',
    '                else',
    '                    set index (math $index + 1)',
    '                end',
    '        end',
    '    end',
    '    if test -n "$expecting"',
    '        set -l values (__rocketctl_option_values "$cmdpath" $expecting)',
    '        switch "$values"',
    '            case @files',
    '                __fish_complete_path "$cur"',
    '            case @dirs',
    '                __fish_complete_directories "$cur"',
    "            case '*'",
    "                printf '%s\\n' $values",
    '        end',
    '    else if string match -q -- \'-*\' "$cur"',
    '        __rocketctl_options "$cmdpath"',
    '    else',
    '        __rocketctl_described_subcommands "$cmdpath"',
    '        __rocketctl_argument_values "$cmdpath" $index',
    '    end',
    'end',
    "complete -c rocketctl -f -a '(__rocketctl_complete)'",
    '',
  ].join('\n');
}
