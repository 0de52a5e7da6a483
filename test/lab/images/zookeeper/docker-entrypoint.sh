#!/bin/bash
# Start contract — the official `zookeeper` image's, for ZooKeeper 3.8 from Debian:
# - config: $ZOO_CONF_DIR/zoo.cfg (/conf/zoo.cfg), may be mounted read-only; when it is absent one is
#   generated from ZOO_* variables (ZOO_SERVERS, ZOO_4LW_COMMANDS_WHITELIST, ZOO_TICK_TIME, …).
#   The 4lw whitelist and `admin.enableServer=false` belong in zoo.cfg (the generated one has both).
# - data: /data (snapshots + a real `myid` file), /datalog (transaction log), /logs.
# - ZOO_MY_ID writes /data/myid when it is missing or differs (upstream only writes a missing one;
#   a stale id would keep the node out of its ensemble).
# - logs go to the console; command `zkServer.sh start-foreground` (the default CMD); runs as user
#   `zookeeper` (dropped from root with setpriv after fixing data-dir ownership).
# - no VOLUME is declared (upstream declares /data /datalog /logs): mount named volumes explicitly,
#   so no anonymous volumes are left behind.
set -euo pipefail

if [[ "$1" == zkServer.sh && "$(id -u)" == 0 ]]; then
  chown -R zookeeper:zookeeper "$ZOO_DATA_DIR" "$ZOO_DATA_LOG_DIR" "$ZOO_LOG_DIR"
  exec setpriv --reuid=zookeeper --regid=zookeeper --init-groups "$0" "$@"
fi

config="$ZOO_CONF_DIR/zoo.cfg"
if [[ ! -f "$config" ]]; then
  {
    echo "dataDir=$ZOO_DATA_DIR"
    echo "dataLogDir=$ZOO_DATA_LOG_DIR"
    echo "tickTime=$ZOO_TICK_TIME"
    echo "initLimit=$ZOO_INIT_LIMIT"
    echo "syncLimit=$ZOO_SYNC_LIMIT"
    echo "autopurge.snapRetainCount=$ZOO_AUTOPURGE_SNAPRETAINCOUNT"
    echo "autopurge.purgeInterval=$ZOO_AUTOPURGE_PURGEINTERVAL"
    echo "maxClientCnxns=$ZOO_MAX_CLIENT_CNXNS"
    echo "standaloneEnabled=$ZOO_STANDALONE_ENABLED"
    echo "admin.enableServer=$ZOO_ADMINSERVER_ENABLED"
    echo "4lw.commands.whitelist=${ZOO_4LW_COMMANDS_WHITELIST:-srvr}"
    if [[ -z "${ZOO_SERVERS:-}" ]]; then
      echo "clientPort=2181"
    else
      for server in $ZOO_SERVERS; do echo "$server"; done
    fi
  } > "$config"
fi

if [[ -n "${ZOO_MY_ID:-}" && "$(cat "$ZOO_DATA_DIR/myid" 2>/dev/null)" != "$ZOO_MY_ID" ]]; then
  echo "$ZOO_MY_ID" > "$ZOO_DATA_DIR/myid"
elif [[ ! -f "$ZOO_DATA_DIR/myid" ]]; then
  echo 1 > "$ZOO_DATA_DIR/myid"
fi

exec "$@"
