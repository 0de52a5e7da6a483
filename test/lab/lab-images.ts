/**
 * The lab's images. Tags name what runs inside; `test/lab/rocketctl.lab.config.ts` points rocketctl at them.
 * `artifacts` says what is fetched on the host into the build context before `docker build`.
 */
export interface LabImage {
  name: string;
  tag: string;
  artifacts?: 'maven' | 'npm';
}

export const BASE_IMAGE = 'rocketctl-lab/base:bookworm';

export const LAB_IMAGES = [
  { name: 'zookeeper', tag: 'rocketctl-lab/zookeeper:3.8' },
  { name: 'postgres', tag: 'rocketctl-lab/postgres:15' },
  { name: 'kafka', tag: 'rocketctl-lab/kafka:3.9', artifacts: 'maven' },
  { name: 'cassandra', tag: 'rocketctl-lab/cassandra:5.0', artifacts: 'maven' },
  { name: 'couchdb', tag: 'rocketctl-lab/couchdb:pouchdb-server-4.2', artifacts: 'npm' },
] as const satisfies readonly LabImage[];

export type LabImageName = (typeof LAB_IMAGES)[number]['name'];
