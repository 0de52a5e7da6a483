import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';

export const JDK_FIX = 'install JDK 17: apt-get install -y openjdk-17-jdk-headless';
// Compiled to dist/test/support/, the Java sources stay in test/fixtures/.
const JAVA_TLS_SERVER = fileURLToPath(new URL('../../../test/fixtures/JavaTlsServer.java', import.meta.url));

export interface ProcessResult {
  code: number | null;
  output: string;
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => reject(missingJdk(command, error)));
    child.on('close', (code) => resolve({ code, output }));
  });
}

function missingJdk(command: string, error: Error & { code?: string }): Error {
  if (error.code !== 'ENOENT') return error;
  return new Error(`\`${command}\` is not on PATH: ${JDK_FIX}`, { cause: error });
}

export async function requireJdk17(): Promise<void> {
  for (const tool of ['java', 'keytool']) {
    const { code, output } = await run(tool, tool === 'java' ? ['-version'] : ['-help']);
    assert.equal(code, 0, `\`${tool}\` does not run (${output.trim()}): ${JDK_FIX}`);
  }
  const version = /version "(\d+)/.exec((await run('java', ['-version'])).output)?.[1];
  assert.ok(Number(version) >= 17, `java ${version} is too old for single-file programs and TLSv1.3: ${JDK_FIX}`);
}

/** keytool reads the password from the environment so it never shows in a process listing. */
export function keytoolList(store: { path: string; password: string }, extraArgs: string[] = []): Promise<ProcessResult> {
  const args = ['-list', '-v', '-keystore', store.path, '-storepass:env', 'STORE_PASSWORD', ...extraArgs];
  return run('keytool', args, { STORE_PASSWORD: store.password });
}

export interface StartedJavaTlsServer {
  port: number;
  child: ReturnType<typeof spawn>;
  exitCode: Promise<number | null>;
  output: () => string;
}

/** test/fixtures/JavaTlsServer.java on 127.0.0.1: loads the keystore as Kafka would, serves `connections` greetings. */
export function startJavaTlsServer(keystore: string, type: string, password: string, connections: number): Promise<StartedJavaTlsServer> {
  return new Promise<StartedJavaTlsServer>((resolve, reject) => {
    const child = spawn('java', [JAVA_TLS_SERVER, keystore, type, password, '0', String(connections)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const exitCode = new Promise<number | null>((settle) => child.on('close', settle));
    child.on('error', (error) => reject(missingJdk('java', error)));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /^READY (\d+)$/m.exec(output);
      if (ready) resolve({ port: Number(ready[1]), child, exitCode, output: () => output });
    });
    void exitCode.then((code) => reject(new Error(`Java TLS server exited with ${code} before READY:\n${output}`)));
  });
}

/** Connects to 127.0.0.1 with CA and host-name verification; `servername` undefined checks the IP SAN. */
export function greet(
  port: number,
  caPem: string,
  servername: string | undefined,
): Promise<{ greeting: string; protocol: string | null; authorized: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, servername, ca: caPem, rejectUnauthorized: true });
    let greeting = '';
    let protocol: string | null = null;
    socket.on('secureConnect', () => (protocol = socket.getProtocol()));
    socket.setEncoding('utf8');
    socket.setTimeout(10_000, () => socket.destroy(new Error('no greeting from the Java TLS server within 10 s')));
    socket.on('data', (chunk: string) => (greeting += chunk));
    socket.on('end', () => resolve({ greeting, protocol, authorized: socket.authorized }));
    socket.on('error', reject);
  });
}
