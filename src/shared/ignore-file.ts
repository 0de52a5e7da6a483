/**
 * What to append to an ignore file (`.gitignore`) so that it holds every wanted line: the missing lines (`added`)
 * under `header`, or `text: null` when nothing is missing (the file is then left alone). A line counts as present when
 * the file has it exactly (trailing blanks and CRLF aside); the header is not repeated either, so a second run adds
 * nothing.
 */
export function ignoreFileAddition(existing: string | null, wanted: readonly string[], header: string): { added: string[]; text: string | null } {
  const present = new Set((existing ?? '').split('\n').map((line) => line.trimEnd()));
  const added = [...new Set(wanted)].filter((line) => !present.has(line));
  if (added.length === 0) return { added, text: null };
  // A blank line between what was there and the block (and the last line ended, if it was not).
  const separator = existing === null || existing === '' ? '' : existing.endsWith('\n') ? '\n' : '\n\n';
  return { added, text: `${separator}${[...(present.has(header) ? [] : [header]), ...added].join('\n')}\n` };
}
