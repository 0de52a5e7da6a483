-- Copyright (c) Capaciti and ALX. Licensed under the Apache License 2.0 (http://www.apache.org/licenses/LICENSE-2.0).
-- Schema by Capaciti and ALX for the Conscious Rocket telemetry backend; applied by `rocketctl seed`.
-- Postgres access lockdown, re-applied on every seed (idempotent). {{database}} is the telemetry database.
-- PUBLIC gets CONNECT and TEMPORARY on every database by default: take both away everywhere, then give the
-- two roles CONNECT on the telemetry database only (no TEMPORARY: temp tables are DDL too).
REVOKE ALL ON DATABASE {{database}} FROM PUBLIC;
REVOKE ALL ON DATABASE postgres FROM PUBLIC;
REVOKE ALL ON DATABASE template1 FROM PUBLIC;
GRANT CONNECT ON DATABASE {{database}} TO observer_writer, replicator;
-- Before Postgres 15 every role may CREATE in the public schema.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO observer_writer, replicator;
