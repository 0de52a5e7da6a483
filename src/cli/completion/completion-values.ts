import type { Command, Option } from 'commander';

/** Words a shell may offer for a value, or a list loaded only when a completion script is made. */
export type CompletionValues = readonly string[] | (() => Promise<readonly string[]>);

// Kept beside commander's own objects, not in them: commander would validate `choices`, and these commands check
// their values themselves (with their own messages and fixes); completion only offers them.
const VALUES = new WeakMap<Command | Option, CompletionValues>();

/**
 * Declares, where an argument or option is declared, which words `rocketctl completion` offers for it: for a command,
 * its positional arguments (`up [services...]` → the service names); for an option, its value.
 */
export function completeWith<T extends Command | Option>(target: T, values: CompletionValues): T {
  VALUES.set(target, values);
  return target;
}

export async function completionValuesOf(target: Command | Option): Promise<readonly string[] | undefined> {
  const values = VALUES.get(target);
  return typeof values === 'function' ? values() : values;
}
