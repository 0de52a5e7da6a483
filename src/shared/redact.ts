/**
 * Every secret value rocketctl loads is registered here, and everything it prints or logs passes
 * through redact(): a secret reaches the terminal only through `rocketctl secrets get`.
 */
const secretValues = new Set<string>();
const MASK = '[redacted]';

export function registerSecret(value: string): void {
  // Very short values would mask ordinary words; secrets are validated to be long anyway.
  if (value.length >= 8) secretValues.add(value);
}

export function redact(text: string): string {
  let result = text;
  for (const value of secretValues) {
    if (result.includes(value)) result = result.split(value).join(MASK);
  }
  return result;
}
