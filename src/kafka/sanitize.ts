/**
 * Kafka's `Sanitizer.sanitize` (clients/src/main/java/org/apache/kafka/common/utils/Sanitizer.java): java.net.URLEncoder, then `*`→`%2A` and space→`%20`.
 * Net effect: `[A-Za-z0-9._-]` stay, every other UTF-8 byte becomes `%XX` (uppercase hex).
 * Not encodeURIComponent: that leaves `! ' ( ) * ~` raw, and the broker would look under another name.
 */
const PASS_THROUGH = /^[A-Za-z0-9._-]$/;

export function sanitizeKafkaName(name: string): string {
  let result = '';
  for (const char of name) {
    if (PASS_THROUGH.test(char)) {
      result += char;
      continue;
    }
    for (const byte of Buffer.from(char, 'utf8')) result += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return result;
}
