import { allCommands, type CompletionCommand, type CompletionOption, type ValueWords } from './completion-tree.js';

/** What a script prints for a value that is a path: the shell's own file (or folder) completion takes over. */
export const PATHS_MARKER = { files: '@files', dirs: '@dirs' } as const;

// Every word a script offers is checked, so none can carry a quote, a space or a glob into the shell code.
const SAFE_WORD = /^[A-Za-z0-9-][A-Za-z0-9._:/+=,-]*$/;

function safeWord(word: string): string {
  if (!SAFE_WORD.test(word)) throw new Error(`completion: "${word}" cannot be offered safely by a shell script (expected letters, digits, . _ : / + = , -)`);
  return word;
}

/** A POSIX single-quoted string (bash, zsh): `it's` → `'it'\''s'`. */
export const shQuote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

/** The words a script prints for a value: the words themselves, or the paths marker. */
function valueWords(values: ValueWords): string[] {
  if (values === null) return [];
  if ('paths' in values) return [PATHS_MARKER[values.paths]];
  return values.words.map(safeWord);
}

/** rocketctl's own options that commander reads anywhere on the line (`status --json`): all but --help and --version. */
export const globalOptions = (root: CompletionCommand): CompletionOption[] =>
  root.options.filter((option) => !option.flags.includes('--version') && !option.flags.includes('--help'));

/** A command's options other than the global ones (for rocketctl itself: --version and --help). */
export const ownOptions = (command: CompletionCommand, root: CompletionCommand): CompletionOption[] =>
  command === root ? command.options.filter((option) => !globalOptions(root).includes(option)) : command.options;

/**
 * Each flag that takes a value, where it may be given (a command path, or `*`: a global option, anywhere), and the
 * words offered for that value (maybe none).
 */
export function optionValueRules(root: CompletionCommand): { path: string; flag: string; words: string[] }[] {
  const rules = (path: string, options: CompletionOption[]) =>
    options
      .filter((option) => option.takesValue)
      .flatMap((option) => option.flags.map((flag) => ({ path, flag: safeWord(flag), words: valueWords(option.values) })));
  return [...allCommands(root).flatMap((command) => rules(command.path, ownOptions(command, root))), ...rules('*', globalOptions(root))];
}

/** The words offered for a command's positional arguments, by position: `'*'` for a variadic last one (any position from there). */
export function argumentRules(root: CompletionCommand): { path: string; position: number | '*'; words: string[] }[] {
  return allCommands(root).flatMap((command) =>
    command.positionals.flatMap((values, index) => {
      const words = valueWords(values);
      const repeats = command.variadic && index === command.positionals.length - 1;
      return words.length === 0 ? [] : [{ path: command.path, position: repeats ? ('*' as const) : index, words }];
    }),
  );
}

/** Every command that has subcommands. */
export const commandsWithSubcommands = (root: CompletionCommand): CompletionCommand[] => allCommands(root).filter((command) => command.subcommands.length > 0);
