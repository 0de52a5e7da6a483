import { httpGetJson } from '../../../probes/http-get-json.js';
import { CATALOG_SIZE } from '../catalog/catalog.js';

/** The server answers `/healthz` and serves the whole catalog: what `workers status` and the checklist trust. */
export async function probeTelemetry(endpoint: string, signal: AbortSignal): Promise<string> {
  const [health, actions] = await Promise.all([httpGetJson(`${endpoint}/healthz`, signal), httpGetJson(`${endpoint}/api/actions`, signal)]);
  const status = (health.body as { status?: unknown }).status;
  if (health.status !== 200 || status !== 'ok') throw new Error(`GET /healthz answered ${health.status} ${JSON.stringify(health.body).slice(0, 120)}`);
  const total = (actions.body as { total?: unknown }).total;
  if (actions.status !== 200 || total !== CATALOG_SIZE)
    throw new Error(`GET /api/actions answered ${actions.status} with total ${String(total)}, expected ${CATALOG_SIZE}`);
  const clients = (health.body as { clients?: unknown }).clients;
  return `/healthz ok, ${CATALOG_SIZE} actions served, ${String(clients)} stream client(s)`;
}
