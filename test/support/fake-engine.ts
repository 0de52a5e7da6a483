import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * A stand-in for a stuck Docker engine on a Unix socket (no real engine can be made to hang on purpose):
 * `silent` accepts connections and reads requests but never answers; `ping-only` answers `/_ping` and
 * nothing else. Requests it received are recorded, so a test can wait until a command is stuck on one.
 */
export interface FakeEngine {
  dockerHost: string;
  requests: string[];
  close(): Promise<void>;
}

export async function startFakeEngine(mode: 'silent' | 'ping-only'): Promise<FakeEngine> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-fake-engine-'));
  const socket = path.join(dir, 'docker.sock');
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    if (mode === 'ping-only' && request.url?.endsWith('/_ping')) {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
    }
    // Otherwise: never answer.
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return {
    dockerHost: `unix://${socket}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
