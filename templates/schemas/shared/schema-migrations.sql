-- Copyright (c) Capaciti and ALX. Licensed under the Apache License 2.0 (http://www.apache.org/licenses/LICENSE-2.0).
-- Schema by Capaciti and ALX for the Conscious Rocket telemetry backend; applied by `rocketctl seed`.
-- The applied-migration ledger of a SQL store (Postgres and Cockroach: the same statement in both dialects).
-- Created before any migration runs; no role but the seeding superuser has any privilege on it.
CREATE TABLE IF NOT EXISTS rocketctl_schema_migrations (
  version INT PRIMARY KEY,
  name TEXT NOT NULL,
  checksum TEXT NOT NULL,
  applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
