import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sanitizeKafkaName } from './sanitize.js';

// Kafka's Sanitizer (clients/src/main/java/org/apache/kafka/common/utils/Sanitizer.java, 3.9), each verified against Java 17.
const EXAMPLES: Array<[string, string]> = [
  ['alice@example.com', 'alice%40example.com'],
  ['a b', 'a%20b'],
  ['a*b', 'a%2Ab'],
  ["it's", 'it%27s'],
  ['a~b', 'a%7Eb'],
  ['x!(y)', 'x%21%28y%29'],
  ['ü', '%C3%BC'],
  ['a+b', 'a%2Bb'],
  ['guard-producer', 'guard-producer'],
  ['Admin_1.x', 'Admin_1.x'],
];

for (const [name, sanitized] of EXAMPLES) {
  test(`Kafka Sanitizer: ${JSON.stringify(name)} → ${sanitized}`, () => assert.equal(sanitizeKafkaName(name), sanitized));
}

test('differs from encodeURIComponent exactly where Kafka does', () => {
  assert.notEqual(sanitizeKafkaName("x!(y)*'~"), encodeURIComponent("x!(y)*'~"));
});
