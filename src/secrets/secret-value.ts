import { randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: 256 bits, and safe unquoted in properties, JAAS, YAML, ini and URLs. */
export function generateSecretValue(): string {
  return randomBytes(32).toString('base64url');
}

export const MIN_SECRET_LENGTH = 12;

/** Why a value given through the environment is unusable, or undefined when it is fine. */
export function secretValueProblem(value: string): string | undefined {
  if (value.length < MIN_SECRET_LENGTH) return `is shorter than ${MIN_SECRET_LENGTH} characters`;
  // These break the config formats the value is written into (JAAS quotes, properties escapes, line-based files).
  if (/["\\\s]/.test(value) || /[\u0000-\u001f\u007f]/.test(value)) return 'contains a quote, backslash, space or control character';
  return undefined;
}
