-- Copyright (c) Capaciti and ALX. Licensed under the Apache License 2.0 (http://www.apache.org/licenses/LICENSE-2.0).
-- Schema by Capaciti and ALX for the Conscious Rocket telemetry backend; applied by `rocketctl seed`.
-- CockroachDB access lockdown, re-applied on every seed (idempotent). {{database}} is the telemetry database.
-- Differs from Postgres: Cockroach has no TEMPORARY database privilege, and since v22.2 its public role gets
-- CONNECT on every database and CREATE on every public schema, including defaultdb and postgres.
REVOKE CONNECT ON DATABASE {{database}}, defaultdb, postgres FROM public;
REVOKE CREATE ON SCHEMA {{database}}.public, defaultdb.public, postgres.public FROM public;
GRANT CONNECT ON DATABASE {{database}} TO observer_writer, replicator;
GRANT USAGE ON SCHEMA {{database}}.public TO observer_writer, replicator;
