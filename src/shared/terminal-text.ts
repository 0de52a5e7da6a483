// C0 and C1 controls, DEL, and the format characters that reorder or hide text on a terminal (bidi overrides,
// zero-width marks): none of them belongs in a one-line detail.
const CONTROLS = /[\p{Cc}\p{Cf}]+/gu;

/**
 * Text read from a file another process wrote, made safe to print: controls (ANSI escapes, bells, bidi overrides)
 * become a space, and the result is cut at `maxLength` characters.
 */
export function printableText(text: string, maxLength = 500): string {
  const clean = text.replace(CONTROLS, ' ');
  return clean.length > maxLength ? `${clean.slice(0, maxLength - 1)}…` : clean;
}
