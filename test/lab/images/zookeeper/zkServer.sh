#!/bin/bash
# zkServer.sh start-foreground [CONFIG] — the only mode a container needs, as in the official image.
# CONFIG defaults to $ZOO_CONF_DIR/zoo.cfg; a bare file name is looked up in $ZOO_CONF_DIR.
# Honours JVMFLAGS, SERVER_JVMFLAGS and ZK_SERVER_HEAP (MB, default 1000) like upstream's zkEnv.sh.
set -euo pipefail

if [[ "${1:-}" != start-foreground ]]; then
  echo "usage: zkServer.sh start-foreground [zoo.cfg]" >&2
  exit 1
fi
config="${2:-zoo.cfg}"
[[ "$config" == */* ]] || config="$ZOO_CONF_DIR/$config"

classpath="/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-log4j12.jar:/usr/share/java/log4j-1.2.jar"
exec java \
  "-Xmx${ZK_SERVER_HEAP:-1000}m" \
  "-Dzookeeper.log.dir=$ZOO_LOG_DIR" \
  "-Dzookeeper.root.logger=${ZOO_LOG4J_PROP:-INFO,CONSOLE}" \
  "-Dzookeeper.console.threshold=${ZOO_CONSOLE_THRESHOLD:-INFO}" \
  -Dlog4j.configuration=file:/etc/zookeeper/log4j-console.properties \
  -XX:+HeapDumpOnOutOfMemoryError -XX:OnOutOfMemoryError='kill -9 %p' \
  -cp "$classpath" ${SERVER_JVMFLAGS:-} ${JVMFLAGS:-} \
  org.apache.zookeeper.server.quorum.QuorumPeerMain "$config"
