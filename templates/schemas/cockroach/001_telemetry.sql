-- Copyright (c) Capaciti and ALX. Licensed under the Apache License 2.0 (http://www.apache.org/licenses/LICENSE-2.0).
-- Schema by Capaciti and ALX for the Conscious Rocket telemetry backend; applied by `rocketctl seed`.
-- CockroachDB holds the strongly consistent record of each telemetry event: one row per event, keyed so a
-- replayed event (same vehicle, time and sequence) is refused rather than stored twice.
-- Written in the SQL subset Cockroach and Postgres share, so the lab exercises it against Postgres.
CREATE TABLE IF NOT EXISTS telemetry_records (
  vehicle_id TEXT NOT NULL,
  event_time TIMESTAMPTZ NOT NULL,
  sequence_no BIGINT NOT NULL,
  record_id UUID NOT NULL DEFAULT gen_random_uuid(),
  kind TEXT NOT NULL,
  payload JSONB NOT NULL DEFAULT '{}',
  recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (vehicle_id, event_time, sequence_no)
);
CREATE UNIQUE INDEX IF NOT EXISTS telemetry_records_record_id ON telemetry_records (record_id);

-- observer_writer may only add records; replicator may only read them.
REVOKE ALL ON telemetry_records FROM public;
GRANT INSERT ON telemetry_records TO observer_writer;
GRANT SELECT ON telemetry_records TO replicator;
