import type { ResolvedService } from '../../config/types.js';
import { isServingInEnsemble, zookeeperModeOf } from '../../probes/zookeeper.js';
import type { ServiceSpec } from '../spec.js';
import { baseSpec, configFile, type SpecInputs } from '../spec-inputs.js';
import { ZOOKEEPER_PEERS } from './peers.js';

/** One peer of the 3-node ensemble; ready when it serves as leader or follower (a quorum exists). */
export function zookeeperSpec(service: ResolvedService, inputs: SpecInputs): ServiceSpec {
  const myid = Number(service.name.split('-')[1]);
  const hostnames = ZOOKEEPER_PEERS.map((name) => inputs.config.services[name].hostname);
  const servers = hostnames.map((hostname, i) => `server.${i + 1}=${hostname}:2888:3888;2181`).join('\n');
  return {
    ...baseSpec(service),
    env: { ...service.profile.env, ZOO_MY_ID: String(myid) },
    files: [configFile(service, 'zoo.cfg', 'zookeeper/zoo.cfg', { hostname: service.hostname, myid, dataDir: service.profile.dataDir, servers }, false)],
    // ZooKeeper 3.8 never re-resolves a peer name that failed at start, so survivors could not re-elect
    // after losing the leader (ZOOKEEPER-4728, fixed in 3.10): start only once every peer resolves.
    waitForHosts: hostnames,
    readiness: {
      description: 'serving in the ensemble (srvr Mode: leader or follower)',
      timeoutMs: 90_000,
      // From inside the container: it works whether or not the client port is published.
      async check(target) {
        const mode = await zookeeperModeOf(target);
        if (!isServingInEnsemble(mode)) throw new Error(`srvr Mode: ${mode}`);
        return `Mode: ${mode}`;
      },
    },
  };
}
