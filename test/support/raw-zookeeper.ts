import { createRequire } from 'node:module';

/**
 * The npm `zookeeper` client used directly, not through rocketctl's wrapper: tests read and prepare
 * znodes with it so that what they check does not depend on the code under test.
 */
interface Native {
  init(config: object): void;
  close(): void;
  once(event: 'connect', listener: () => void): void;
  create(path: string, data: Buffer | string, flags: number): Promise<string>;
  get(path: string, watch: boolean): Promise<[{ version: number }, Buffer | null]>;
  get_children(path: string, watch: boolean): Promise<string[]>;
  set(path: string, data: Buffer | string, version: number): Promise<{ version: number }>;
  set_acl(path: string, version: number, acl: Array<{ perm: number; scheme: string; auth: string }>): Promise<void>;
  mkdirp(path: string, callback: (error: Error | null) => void): void;
  delete_(path: string, version: number): Promise<void>;
}
interface NativeModule {
  new (config: object): Native;
  constants: { ZOO_PERSISTENT: number; ZOO_PERM_READ: number; ZOO_PERM_ADMIN: number; ZOO_PERM_ALL: number };
}
const ZooKeeper = createRequire(import.meta.url)('zookeeper') as NativeModule;

export interface RawZk {
  get(path: string): Promise<{ data: string; version: number } | null>;
  children(path: string): Promise<string[]>;
  put(path: string, data: string): Promise<void>;
  remove(path: string): Promise<void>;
  /** world:anyone keeps only READ and ADMIN (so it can be undone), or gets everything back. */
  readOnly(path: string, on: boolean): Promise<void>;
  close(): void;
}

export async function connectRaw(connect: string): Promise<RawZk> {
  let zk = await openSession(connect);
  // The C client can declare a session lost while the ensemble re-elects after a test stopped a peer
  // (ZINVALIDSTATE): the test's own reader then opens a new session once instead of failing the test.
  const withSession = async <T>(operation: (session: Native) => Promise<T>): Promise<T> => {
    try {
      return await operation(zk);
    } catch (error) {
      if (!String((error as Error).message).includes('ZINVALIDSTATE')) throw error;
      console.error('# test ZooKeeper client: session lost during a re-election, reconnecting');
      zk.close();
      zk = await openSession(connect);
      return operation(zk);
    }
  };
  const isNoNode = (error: Error) => error.message.startsWith('-101 ');
  return {
    get: (path) =>
      withSession((z) => z.get(path, false)).then(
        ([stat, data]) => ({ data: data?.toString('utf8') ?? '', version: stat.version }),
        (e: Error) => (isNoNode(e) ? null : Promise.reject(e)),
      ),
    children: (path) => withSession((z) => z.get_children(path, false)).catch((e: Error) => (isNoNode(e) ? [] : Promise.reject(e))),
    put: (path, data) =>
      withSession(async (z) => {
        await new Promise<void>((resolve, reject) => z.mkdirp(path.slice(0, path.lastIndexOf('/')), (e) => (e ? reject(e) : resolve())));
        const existing = await z.get(path, false).catch(() => null);
        if (existing) await z.set(path, data, existing[0].version);
        else await z.create(path, data, ZooKeeper.constants.ZOO_PERSISTENT);
      }),
    remove: (path) => withSession((z) => z.delete_(path, -1)),
    readOnly: (path, on) =>
      withSession((z) =>
        z.set_acl(path, -1, [
          {
            perm: on ? ZooKeeper.constants.ZOO_PERM_READ | ZooKeeper.constants.ZOO_PERM_ADMIN : ZooKeeper.constants.ZOO_PERM_ALL,
            scheme: 'world',
            auth: 'anyone',
          },
        ]),
      ),
    close: () => zk.close(),
  };
}

async function openSession(connect: string): Promise<Native> {
  // A long session: a test that stops the leader must not lose this client to the re-election.
  const zk = new ZooKeeper({ connect, timeout: 30_000, debug_level: 0 });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`test client: no ZooKeeper at ${connect}`)), 15_000);
    zk.once('connect', () => (clearTimeout(timer), resolve()));
    zk.init({});
  });
  return zk;
}
