import type { EngineVersion } from '../docker/engine-version.js';
import { packageVersion } from '../shared/package-files.js';
import type { StandaloneContext } from './context.js';

export interface VersionReport {
  rocketctl: string;
  node: string;
  docker: EngineVersion;
}

/** `rocketctl --version`: this rocketctl, the Node that runs it, and the Docker engine if it answers at once. */
export async function versionReport(context: StandaloneContext): Promise<VersionReport> {
  // dockerode is loaded only here, so the rest of --version costs nothing extra.
  const { engineVersion } = await import('../docker/engine-version.js');
  return { rocketctl: packageVersion(), node: process.version, docker: await engineVersion(context.signal, context.env) };
}
