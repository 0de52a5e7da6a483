import { createRequire } from 'node:module';

/** The part of the npm `zookeeper` (v7) promise client rocketctl uses; its shipped typings are ambient and loose. */
export interface NativeZooKeeper {
  init(config: Record<string, unknown>): void;
  close(): void;
  on(event: 'connect' | 'close', listener: () => void): void;
  once(event: 'connect' | 'close', listener: () => void): void;
  create(path: string, data: Buffer, flags: number): Promise<string>;
  get(path: string, watch: boolean): Promise<[{ version: number }, Buffer | null]>;
  get_children(path: string, watch: boolean): Promise<string[]>;
  set(path: string, data: Buffer, version: number): Promise<{ version: number }>;
  delete_(path: string, version: number): Promise<void>;
}

interface NativeModule {
  new (config: Record<string, unknown>): NativeZooKeeper;
  constants: { ZOO_PERSISTENT: number; ZOO_PERSISTENT_SEQUENTIAL: number };
}

// Loaded on first use, so commands that never talk to ZooKeeper never load the native addon.
let loaded: NativeModule | undefined;
export function loadNativeZooKeeper(): NativeModule {
  loaded ??= createRequire(import.meta.url)('zookeeper') as NativeModule;
  return loaded;
}
