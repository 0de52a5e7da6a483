import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ACTIONS, CATALOG_SIZE, REACTIONS, actionById, reactionById } from '../catalog/catalog.js';
import type { StampedFrame } from '../flight/frame.js';
import { parseCatalogId } from './parse-id.js';

/** What a trigger may carry: small, flat, every field checked (unknown fields are refused, not dropped). */
const TRIGGER_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    source: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9 ._:@/-]+$' },
    note: { type: 'string', maxLength: 280 },
    parameters: {
      type: 'object',
      maxProperties: 16,
      propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_]{0,31}$' },
      additionalProperties: { anyOf: [{ type: 'string', maxLength: 128 }, { type: 'number' }, { type: 'boolean' }] },
    },
  },
} as const;

interface TriggerBody {
  source?: string;
  note?: string;
  parameters?: Record<string, string | number | boolean>;
}

export interface ReactionEvent {
  type: 'reaction';
  event_id: string;
  triggered_at: string;
  ts: number;
  source: string;
  action: { id: number; name: string };
  reaction: (typeof REACTIONS)[number];
  note?: string;
  parameters?: Record<string, string | number | boolean>;
  /** Where the flight was when the action came in (null before the first frame). */
  telemetry: Pick<StampedFrame, 'seq' | 'flight' | 't' | 'phase' | 'altitude_m'> | null;
}

export interface ApiContext {
  lastFrame(): StampedFrame | null;
  emit(event: ReactionEvent): void;
  health(): Record<string, unknown>;
}

// The catalog never changes while running: serialise the lists once.
const ACTIONS_JSON = JSON.stringify({ total: CATALOG_SIZE, actions: ACTIONS });
const REACTIONS_JSON = JSON.stringify({ total: CATALOG_SIZE, reactions: REACTIONS });

export function registerApiRoutes(app: FastifyInstance, api: ApiContext): void {
  app.get('/healthz', async () => ({ status: 'ok', ...api.health() }));
  app.get('/api/actions', async (_request, reply) => reply.type('application/json; charset=utf-8').send(ACTIONS_JSON));
  app.get('/api/reactions', async (_request, reply) => reply.type('application/json; charset=utf-8').send(REACTIONS_JSON));
  app.get<{ Params: { id: string } }>('/api/actions/:id', async (request) => actionById(parseCatalogId(request.params.id, 'action')));
  app.get<{ Params: { id: string } }>('/api/reactions/:id', async (request) => reactionById(parseCatalogId(request.params.id, 'reaction')));
  app.post<{ Params: { id: string }; Body: TriggerBody | undefined }>(
    '/api/actions/:id/trigger',
    {
      // The id is checked before the body is read (its size, media type or JSON), so `/api/actions/22/trigger`
      // is a 404 whatever it carries.
      onRequest: async (request) => void parseCatalogId(request.params.id, 'action'),
      // No body at all (no content-type) is a trigger without options.
      preValidation: async (request) => {
        if (request.body === undefined) request.body = {};
      },
      schema: { body: TRIGGER_BODY_SCHEMA },
    },
    async (request) => {
      const action = actionById(parseCatalogId(request.params.id, 'action'));
      const body = request.body ?? {};
      const frame = api.lastFrame();
      const now = Date.now();
      const event: ReactionEvent = {
        type: 'reaction',
        event_id: randomUUID(),
        triggered_at: new Date(now).toISOString(),
        ts: now,
        source: body.source ?? 'api',
        action: { id: action.id, name: action.name },
        reaction: reactionById(action.reaction_id),
        ...(body.note === undefined ? {} : { note: body.note }),
        ...(body.parameters === undefined ? {} : { parameters: body.parameters }),
        telemetry: frame && { seq: frame.seq, flight: frame.flight, t: frame.t, phase: frame.phase, altitude_m: frame.altitude_m },
      };
      api.emit(event);
      return event;
    },
  );
}
