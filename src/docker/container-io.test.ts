import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demuxBuffer } from './container-io.js';

const frame = (stream: 1 | 2, text: string) => {
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(Buffer.byteLength(text), 4);
  return Buffer.concat([header, Buffer.from(text)]);
};

test("Docker's multiplexed log frames: stdout and stderr apart, in order", () => {
  const { frames, text } = demuxBuffer(Buffer.concat([frame(1, 'out one\n'), frame(2, 'err\n'), frame(1, 'out two\n')]));
  assert.deepEqual(
    frames.map((f) => [f.stream, f.data.toString()]),
    [
      [1, 'out one\n'],
      [2, 'err\n'],
      [1, 'out two\n'],
    ],
  );
  assert.equal(text, 'out one\nerr\nout two\n');
});

test('a TTY container (no frame headers) is read as raw stdout; empty is empty', () => {
  assert.deepEqual(
    demuxBuffer(Buffer.from('plain text\n')).frames.map((f) => [f.stream, f.data.toString()]),
    [[1, 'plain text\n']],
  );
  assert.deepEqual(demuxBuffer(Buffer.alloc(0)), { frames: [], text: '' });
});
