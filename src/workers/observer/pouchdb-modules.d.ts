// The part of PouchDB 9 the observer uses. @types/pouchdb-core is not used: it pulls `lib="dom"` into the
// whole program (its Buffer and fetch types then clash with Node's).
declare module 'pouchdb-core' {
  namespace PouchDB {
    interface Doc {
      _id: string;
      _rev?: string;
      [field: string]: unknown;
    }
    interface BulkResult {
      ok?: boolean;
      id?: string;
      rev?: string;
      error?: string | boolean;
      status?: number;
      name?: string;
      message?: string;
      reason?: string;
    }
    interface ReplicationResult {
      ok: boolean;
      docs_read: number;
      docs_written: number;
      doc_write_failures: number;
      errors: unknown[];
      last_seq: number | string;
      status: string;
    }
    interface Replication extends PromiseLike<ReplicationResult> {
      cancel(): void;
      on(event: 'change', listener: (info: { docs_written: number; last_seq: number | string }) => void): this;
      catch<T>(onrejected: (reason: unknown) => T | PromiseLike<T>): Promise<ReplicationResult | T>;
    }
    interface ReplicateOptions {
      selector?: Record<string, unknown>;
      batch_size?: number;
      batches_limit?: number;
      checkpoint?: boolean | 'source' | 'target';
      retry?: boolean;
      live?: boolean;
    }
    interface Database {
      readonly name: string;
      info(): Promise<{ doc_count: number; update_seq: number | string }>;
      get(id: string): Promise<Doc>;
      put(doc: Doc): Promise<BulkResult>;
      bulkDocs(docs: Doc[]): Promise<BulkResult[]>;
      allDocs(options: {
        include_docs?: boolean;
        limit?: number;
        startkey?: string;
        endkey?: string;
        descending?: boolean;
      }): Promise<{ total_rows: number; rows: Array<{ id: string; doc?: Doc }> }>;
      changes(options: {
        since?: number | string;
        limit?: number;
        selector?: Record<string, unknown>;
        include_docs?: boolean;
      }): Promise<{ results: Array<{ id: string; seq: number | string; doc?: Doc }>; last_seq: number | string }>;
      replicate: { to(target: Database, options?: ReplicateOptions): Replication };
      close(): Promise<void>;
    }
    interface Static {
      new (name: string, options?: Record<string, unknown>): Database;
      plugin(plugin: unknown): Static;
    }
  }
  const PouchDB: PouchDB.Static;
  export = PouchDB;
}

declare module 'pouchdb-adapter-leveldb' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-http' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-replication' {
  const plugin: unknown;
  export default plugin;
}
