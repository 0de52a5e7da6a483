import type { Command, Option } from 'commander';
import { completionValuesOf } from './completion-values.js';

/** What a shell offers for a value: these words, or paths (a file, a folder), or nothing it can know. */
export type ValueWords = { words: readonly string[] } | { paths: 'files' | 'dirs' } | null;

export interface CompletionOption {
  /** `-f`, `--follow`. */
  flags: string[];
  description: string;
  /** Whether a value follows the flag (so the word after it is the value, not an argument). */
  takesValue: boolean;
  values: ValueWords;
}

export interface CompletionCommand {
  /** `workers start`; '' for rocketctl itself. */
  path: string;
  name: string;
  description: string;
  subcommands: CompletionCommand[];
  options: CompletionOption[];
  /** Values of the positional arguments, by position; the last one repeats when it is variadic (`up [services...]`). */
  positionals: ValueWords[];
  variadic: boolean;
}

/**
 * The completion model of the program: every visible command, subcommand and option, as the help shows them, with
 * the values each argument and option takes (declared with `completeWith`, a commander `choices` list, or a `<file>`
 * / `<dir>` placeholder). The scripts for every shell are rendered from this one tree.
 */
export async function completionTree(command: Command, path = ''): Promise<CompletionCommand> {
  const help = command.createHelp();
  const visible = help.visibleCommands(command);
  const names = visible.map((sub) => sub.name());
  const subcommands = await Promise.all(
    visible.map(async (sub) => {
      const node = await completionTree(sub, path ? `${path} ${sub.name()}` : sub.name());
      // commander's own `help [command]` (it is not among the declared commands) takes a sibling's name.
      return command.commands.includes(sub) ? node : { ...node, positionals: [{ words: names.filter((name) => name !== sub.name()) }] };
    }),
  );
  const declared = await completionValuesOf(command);
  return {
    path,
    name: command.name(),
    description: summary(command.description()),
    subcommands,
    options: await Promise.all(help.visibleOptions(command).map(completionOption)),
    positionals: command.registeredArguments.map((argument) => (declared ? { words: declared } : words(argument.argChoices))),
    variadic: command.registeredArguments.at(-1)?.variadic ?? false,
  };
}

async function completionOption(option: Option): Promise<CompletionOption> {
  const takesValue = option.required || option.optional;
  const declared = await completionValuesOf(option);
  const placeholder = /<(file|dir)>|\[(file|dir)\]/.exec(option.flags);
  const values = declared
    ? { words: declared }
    : option.argChoices
      ? { words: option.argChoices }
      : placeholder
        ? { paths: placeholder[1] === 'dir' || placeholder[2] === 'dir' ? ('dirs' as const) : ('files' as const) }
        : null;
  return {
    flags: [option.short, option.long].filter((flag): flag is string => flag !== undefined),
    description: summary(option.description),
    takesValue,
    values: takesValue ? values : null,
  };
}

const words = (list: readonly string[] | undefined): ValueWords => (list ? { words: list } : null);

/** The help's description up to its first `;` or sentence end: what fits beside a name in a shell's menu. */
function summary(description: string): string {
  const first = description.split(/; |\. /)[0]!.trim();
  return first.length <= 80 ? first : `${first.slice(0, 79)}…`;
}

/** Every command in the tree, rocketctl itself first. */
export const allCommands = (root: CompletionCommand): CompletionCommand[] => [root, ...root.subcommands.flatMap(allCommands)];
