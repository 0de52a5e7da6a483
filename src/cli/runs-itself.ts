import type { Command } from 'commander';

/** Groups that also run on their own (`backup` beside `backup verify`): marked where they are registered. */
const groups = new WeakSet<Command>();

export const runsItself = Object.assign((command: Command): Command => (groups.add(command), command), {
  has: (command: Command): boolean => groups.has(command),
});
