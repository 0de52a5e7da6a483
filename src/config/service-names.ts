/** Every service rocketctl knows, in dependency order (a service only depends on earlier ones). */
export const SERVICE_NAMES = [
  'zookeeper-1',
  'zookeeper-2',
  'zookeeper-3',
  'kafka',
  'cockroach',
  'cassandra',
  'postgres',
  'couchdb',
] as const;

export type ServiceName = (typeof SERVICE_NAMES)[number];

export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}
