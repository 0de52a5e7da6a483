import { z } from 'zod';
import { defineWorker, workerSection } from '../descriptor.js';

const PORT_MESSAGE = 'expected a port (an integer 1-65535)';
const RATE_MESSAGE = 'expected a whole number of frames per second (1-100)';
const SEED_MESSAGE = 'expected an integer seed (0-4294967295)';

export interface TelemetrySettings {
  /** The dashboard, WebSocket stream and action API, on bindAddress. */
  readonly port: number;
  readonly rateHz: number;
  /** The flight model's seed: the same seed flies the same flights. */
  readonly seed: number;
}

/** The synthetic telemetry generator: flight model, WebSocket stream, dashboard and the 21 ↔ 21 action API. */
export const telemetryWorker = defineWorker({
  name: 'telemetry',
  about: 'Synthetic telemetry: flight model, WebSocket stream, dashboard, 21 actions ↔ 21 reactions',
  feed: 'produces',
  config: {
    schema: workerSection({
      port: z
        .int({ error: PORT_MESSAGE })
        .min(1, { error: PORT_MESSAGE })
        .max(65535, { error: PORT_MESSAGE })
        .optional()
        .describe('The dashboard, WebSocket stream and action API, on bindAddress'),
      rateHz: z
        .int({ error: RATE_MESSAGE })
        .min(1, { error: RATE_MESSAGE })
        .max(100, { error: RATE_MESSAGE })
        .optional()
        .describe('Frames per second the flight model sends (1-100)'),
      seed: z
        .int({ error: SEED_MESSAGE })
        .min(0, { error: SEED_MESSAGE })
        .max(0xffffffff, { error: SEED_MESSAGE })
        .optional()
        .describe("The flight model's seed: the same seed flies the same flights"),
    }),
    defaults: { port: 8480, rateHz: 10, seed: 1969 } satisfies TelemetrySettings as TelemetrySettings,
  },
  secrets: {},
  usesSecrets: [],
  needs: [],
});
