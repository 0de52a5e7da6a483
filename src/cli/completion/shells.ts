/** The shells `rocketctl completion` writes a script for (each has its renderer in completion-script.ts). */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];
