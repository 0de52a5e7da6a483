import { execa } from 'execa';
import { InterruptedError } from '../../../src/shared/errors.js';
import { DOCKER } from '../docker-engine.js';
import { LabError } from '../lab-error.js';
import { docker, dockerResult } from './docker-command.js';
import { containerNameOf, dockerHostOf, type SwarmNodeName } from './swarm-lab-names.js';

/** busybox (sh, nc, httpd, wget, nslookup) as an image in every node: for the overlay check and throwaway services. */
export const PROBE_IMAGE = 'rocketctl-lab/swarm-probe:busybox';
/** Written into the node image by its Dockerfile (test/lab/images/swarm-node/). */
const PROBE_ROOTFS = '/usr/share/rocketctl-lab/probe.tar';

/** Imports the probe image inside the node from the tarball the node image carries: nothing crosses from the host. */
export async function ensureProbeImage(name: SwarmNodeName, signal: AbortSignal | undefined): Promise<void> {
  const step = `probe image on ${name}`;
  if ((await dockerResult(['image', 'inspect', PROBE_IMAGE], { host: dockerHostOf(name), step, signal })).ok) return;
  await docker(['exec', containerNameOf(name), 'docker', 'import', PROBE_ROOTFS, PROBE_IMAGE], { step, signal, timeoutMs: 60_000 });
}

/**
 * Copies a host image into a node's engine (`docker save | docker -H node load`); skipped when the node already
 * has the same image id. Nodes store layers with vfs (a full copy per layer), so a 400 MB image takes a while.
 * Returns whether it loaded.
 */
export async function loadImageIntoNode(image: string, name: SwarmNodeName, signal: AbortSignal | undefined, timeoutMs = 600_000): Promise<boolean> {
  const step = `load ${image} into ${name}`;
  const hostId = await docker(['image', 'inspect', '--format', '{{.Id}}', image], { step, signal, hint: `build it first (\`npm run lab\`)` });
  const nodeId = await dockerResult(['image', 'inspect', '--format', '{{.Id}}', image], { host: dockerHostOf(name), step, signal });
  if (nodeId.ok && nodeId.stdout === hostId) return false;
  const options = { cancelSignal: signal, timeout: timeoutMs, forceKillAfterDelay: 5_000, reject: false } as const;
  // The tar stream must not be buffered as well as piped: past execa's maxBuffer (100 MB) `save` would be killed.
  const source = execa(DOCKER, ['-H', 'unix:///var/run/docker.sock', 'save', image], { ...options, stdin: 'ignore', buffer: { stdout: false, stderr: true } });
  const result = await source.pipe(DOCKER, ['-H', dockerHostOf(name), 'load', '--quiet'], options);
  if (signal?.aborted) throw new InterruptedError();
  if (result.failed) {
    const failed = result.pipedFrom.find((r) => r.failed) ?? result;
    const reason = failed.timedOut ? 'timed out' : String(failed.stderr ?? '').trim() || `exit code ${failed.exitCode}`;
    throw new LabError(step, `${failed.command}: ${reason}`, 'is the node up? `node dist/test/lab/swarm/cli.js status`');
  }
  return true;
}
