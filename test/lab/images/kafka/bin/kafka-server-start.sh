#!/bin/bash
# Start contract — the `apache/kafka` image's broker command, for Kafka 3.9 in ZooKeeper mode:
# - command: /opt/kafka/bin/kafka-server-start.sh <server.properties> [--override name=value]…
#   The properties file is native Kafka config, mounted read-only anywhere (e.g. /mnt/shared/config/,
#   as upstream's image uses); the image's default is /opt/kafka/config/server.properties (a single
#   PLAINTEXT broker that expects ZooKeeper at zookeeper:2181).
# - data: log.dirs=/var/lib/kafka/data (owned by appuser, uid 1000, the user the image runs as);
#   secrets/stores conventionally under /etc/kafka/secrets.
# - KAFKA_HEAP_OPTS (default -Xmx1G -Xms1G, as upstream), KAFKA_OPTS (e.g. -Djava.security.auth.login.config=…
#   for a JAAS file), KAFKA_JVM_PERFORMANCE_OPTS, KAFKA_LOG4J_OPTS, KAFKA_JMX_OPTS are honoured.
# - logs go to the console (config/log4j.properties).
# - no VOLUME is declared (upstream declares some): mount named volumes explicitly.
set -euo pipefail
if [[ $# -lt 1 ]]; then
  echo "USAGE: $0 server.properties [--override property=value]*" >&2
  exit 1
fi
base_dir="$(cd "$(dirname "$0")/.." && pwd)"
export KAFKA_LOG4J_OPTS="${KAFKA_LOG4J_OPTS:--Dlog4j.configuration=file:$base_dir/config/log4j.properties}"
export KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx1G -Xms1G}"
exec "$base_dir/bin/kafka-run-class.sh" kafka.Kafka "$@"
