-- Copyright (c) Capaciti and ALX. Licensed under the Apache License 2.0 (http://www.apache.org/licenses/LICENSE-2.0).
-- Schema by Capaciti and ALX for the Conscious Rocket telemetry backend; applied by `rocketctl seed`.
-- Postgres holds the analytics copy of the telemetry: raw events kept as JSONB, indexed for per-vehicle
-- time ranges and for scans over recent time (BRIN stays tiny on append-only, time-ordered data).
CREATE TABLE IF NOT EXISTS telemetry_events (
  event_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  vehicle_id TEXT NOT NULL,
  event_time TIMESTAMPTZ NOT NULL,
  kind TEXT NOT NULL,
  payload JSONB NOT NULL DEFAULT '{}',
  received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS telemetry_events_vehicle_time ON telemetry_events (vehicle_id, event_time DESC);
CREATE INDEX IF NOT EXISTS telemetry_events_time_brin ON telemetry_events USING BRIN (event_time);

-- observer_writer may only add events; replicator may only read them.
REVOKE ALL ON telemetry_events FROM PUBLIC;
GRANT INSERT ON telemetry_events TO observer_writer;
GRANT SELECT ON telemetry_events TO replicator;
