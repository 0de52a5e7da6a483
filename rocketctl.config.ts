// Example configuration: every field is optional and overrides a default that lives in code.
// Secrets never go here: they live in .rocketctl/secrets.env (generated, 0600) or in environment variables.
import { defineConfig } from 'rocketctl';

export default defineConfig({
  project: 'rocketctl',
  bindAddress: '127.0.0.1',
  tls: { leafValidityDays: 397, renewWithinDays: 30 },
  services: {
    // Cockroach is the one service that needs a multi-GB image; turn it off where it is not wanted.
    cockroach: { enabled: true },
    // A different host port when 5432 is taken by a local Postgres:
    postgres: { ports: { sql: 5432 } },
    // Extra names clients will dial (e.g. a DNS alias) go into the certificate's SANs:
    kafka: { sans: ['kafka.internal'] },
  },
});
