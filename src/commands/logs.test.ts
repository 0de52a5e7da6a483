import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createFakeProject, type FakeProject } from '../../test/support/fakes/fake-project.js';
import { randomBytes } from 'node:crypto';
import { UsageError } from '../shared/errors.js';
import { redact } from '../shared/redact.js';
import { logs } from './logs.js';
import { up } from './up.js';

const collect = () => {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { sinks: { stdout, stderr: new PassThrough(), transform: redact }, text: () => text };
};

describe('logs, against a fake engine', () => {
  let project: FakeProject;
  before(async () => {
    project = await createFakeProject(
      `{ project: 'unitlogs', services: { kafka: { enabled: false }, cockroach: { enabled: false }, cassandra: { enabled: false } } }`,
    );
    await up(await project.context());
  });
  after(() => project.cleanup());

  test('an unknown service or a bad --tail is a usage error, before the engine is asked', async () => {
    const out = collect();
    await assert.rejects(
      logs(await project.context(), 'kafak', {}, out.sinks),
      (e: unknown) => e instanceof UsageError && /unknown service or worker "kafak"/.test(e.message),
    );
    await assert.rejects(
      logs(await project.context(), 'postgres', { tail: -1 }, out.sinks),
      (e: unknown) => e instanceof UsageError && /--tail/.test(e.message),
    );
    assert.ok(!project.stack.calls.some((c) => c.startsWith('logs')));
  });

  // The secret is really in the line the "server" logged; only the redactor, fed by `logs` reading the secrets, hides
  // it. It is an override this process has never loaded (the redactor is process-wide: `up` fed it the file's values).
  test('--tail N prints the last N lines; a secret a service logs is masked', async () => {
    const password = randomBytes(24).toString('hex');
    const context = { ...(await project.context()), env: { ROCKETCTL_POSTGRES_SUPERUSER_PASSWORD: password } };
    project.stack.logLines.postgres = ['starting', `FATAL: password "${password}" rejected`, 'ready to accept connections'];
    const out = collect();
    await logs(context, 'postgres', { tail: 2 }, out.sinks);
    assert.ok(!out.text().includes(password), 'the password was printed');
    assert.match(out.text(), /^FATAL: password "\S+" rejected\nready to accept connections\n$/);
    assert.ok(project.stack.calls.includes('logs postgres follow=false tail=2'));
  });
});
