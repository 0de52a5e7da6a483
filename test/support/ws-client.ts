import { WebSocket } from 'ws';
import { withDeadline } from '../../src/shared/deadline.js';

export interface TestWsClient {
  socket: WebSocket;
  /** Every JSON message received so far, in order. */
  messages: Array<Record<string, unknown>>;
  /** Resolves with the first message (already received or coming) that matches, or fails after timeoutMs. */
  waitFor(match: (message: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves with the close code once the server closes or drops the connection. */
  closed: Promise<number>;
  close(): void;
}

/** A real `ws` client on the server's /ws that records what it receives. */
export async function openWs(endpoint: string, options: { origin?: string } = {}): Promise<TestWsClient> {
  const socket = new WebSocket(`${endpoint.replace(/^http/, 'ws')}/ws`, options.origin ? { origin: options.origin } : {});
  const messages: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    messages.push(JSON.parse(String(data)) as Record<string, unknown>);
    for (const wake of waiters) wake();
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (request, response) => {
      request.destroy();
      reject(new Error(`upgrade refused: HTTP ${response.statusCode}`));
    });
    socket.once('error', reject);
  });
  return {
    socket,
    messages,
    closed,
    waitFor: (match, timeoutMs = 5000) =>
      withDeadline(
        () =>
          new Promise((resolve) => {
            const check = () => {
              const found = messages.find(match);
              if (found) {
                waiters.delete(check);
                resolve(found);
              }
            };
            waiters.add(check);
            check();
          }),
        { timeoutMs, what: 'the expected WebSocket message' },
      ),
    close: () => socket.terminate(),
  };
}
