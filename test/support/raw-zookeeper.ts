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
  /** world:anyone keeps only READ and ADMIN (so it can be undone), or gets everything back. */
  readOnly(path: string, on: boolean): Promise<void>;
  close(): void;
}

export async function connectRaw(connect: string): Promise<RawZk> {
  const zk = new ZooKeeper({ connect, timeout: 10_000, debug_level: 0 });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`test client: no ZooKeeper at ${connect}`)), 15_000);
    zk.once('connect', () => (clearTimeout(timer), resolve()));
    zk.init({});
  });
  const isNoNode = (error: Error) => error.message.startsWith('-101 ');
  return {
    get: (path) => zk.get(path, false).then(([stat, data]) => ({ data: data?.toString('utf8') ?? '', version: stat.version }), (e: Error) => (isNoNode(e) ? null : Promise.reject(e))),
    children: (path) => zk.get_children(path, false).catch((e: Error) => (isNoNode(e) ? [] : Promise.reject(e))),
    async put(path, data) {
      await new Promise<void>((resolve, reject) => zk.mkdirp(path.slice(0, path.lastIndexOf('/')), (e) => (e ? reject(e) : resolve())));
      const existing = await zk.get(path, false).catch(() => null);
      if (existing) await zk.set(path, data, existing[0].version);
      else await zk.create(path, data, ZooKeeper.constants.ZOO_PERSISTENT);
    },
    readOnly: (path, on) => zk.set_acl(path, -1, [{ perm: on ? ZooKeeper.constants.ZOO_PERM_READ | ZooKeeper.constants.ZOO_PERM_ADMIN : ZooKeeper.constants.ZOO_PERM_ALL, scheme: 'world', auth: 'anyone' }]),
    close: () => zk.close(),
  };
}
