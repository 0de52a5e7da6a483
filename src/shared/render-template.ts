import { readFile } from 'node:fs/promises';
import { packageFile } from './package-files.js';

const TEMPLATES = `${packageFile('templates')}/`;

/** Reads templates/<file> and fills `{{name}}` placeholders; a placeholder without a value is a bug, so it throws. */
export async function renderTemplate(file: string, values: Record<string, string | number>): Promise<string> {
  return fillTemplate(file, await readFile(`${TEMPLATES}${file}`, 'utf8'), values);
}

export function fillTemplate(file: string, text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`template ${file}: no value for {{${name}}}`);
    return String(values[name]);
  });
}
