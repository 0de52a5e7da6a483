#!/bin/bash
# kafka-run-class.sh CLASS [ARGS…] — runs a Kafka main class with libs/ on the class path, honouring the
# same variables as upstream's script: KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS, KAFKA_GC_LOG_OPTS,
# KAFKA_JMX_OPTS, KAFKA_LOG4J_OPTS, KAFKA_OPTS (last, so it can override the others).
set -euo pipefail
base_dir="$(cd "$(dirname "$0")/.." && pwd)"

: "${KAFKA_HEAP_OPTS:=-Xmx256M}"
: "${KAFKA_JVM_PERFORMANCE_OPTS:=-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true}"
: "${KAFKA_LOG4J_OPTS:=-Dlog4j.configuration=file:$base_dir/config/tools-log4j.properties}"
: "${KAFKA_JMX_OPTS:=}" "${KAFKA_GC_LOG_OPTS:=}" "${KAFKA_OPTS:=}"

# shellcheck disable=SC2086 # the *_OPTS variables are word lists, as upstream treats them
exec java $KAFKA_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS $KAFKA_GC_LOG_OPTS $KAFKA_JMX_OPTS $KAFKA_LOG4J_OPTS \
  -Dkafka.logs.dir="$base_dir/logs" -cp "$base_dir/libs/*" $KAFKA_OPTS "$@"
