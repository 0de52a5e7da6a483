import PouchDB from 'pouchdb-core';
import leveldb from 'pouchdb-adapter-leveldb';
import http from 'pouchdb-adapter-http';
import replication from 'pouchdb-replication';

/** PouchDB with exactly what the observer uses: LevelDB storage, the HTTP adapter for CouchDB, replication. */
export const Pouch: PouchDB.Static = PouchDB.plugin(leveldb).plugin(http).plugin(replication);

export type PouchDatabase = PouchDB.Database;
export type PouchDoc = PouchDB.Doc;
