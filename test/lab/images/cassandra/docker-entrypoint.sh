#!/bin/bash
# Start contract — the official `cassandra` image's, for Cassandra 5.0 on Java 17:
# - config dir /etc/cassandra ($CASSANDRA_CONF): mount cassandra.yaml (and any other file) there,
#   read-only if you like; files the mount lacks (JVM options, logback.xml) come from the image defaults.
# - data /var/lib/cassandra, logs to the console; ports 7000 (internode), 9042 (CQL), 7199 (JMX, local only).
# - command `cassandra -f` (the default CMD); runs as user cassandra (uid 999), dropped from root with
#   setpriv after fixing ownership of /var/lib/cassandra.
# - when cassandra.yaml is writable (the image's own), CASSANDRA_LISTEN_ADDRESS (default: the container's IP),
#   CASSANDRA_BROADCAST_ADDRESS, CASSANDRA_RPC_ADDRESS (default 0.0.0.0), CASSANDRA_BROADCAST_RPC_ADDRESS,
#   CASSANDRA_SEEDS, CASSANDRA_CLUSTER_NAME, CASSANDRA_NUM_TOKENS, CASSANDRA_ENDPOINT_SNITCH, CASSANDRA_DC and
#   CASSANDRA_RACK are written into it as upstream does; a read-only (mounted) file is used as it is.
# - heap: MAX_HEAP_SIZE (e.g. 1G); unset, -Xms512M -Xmx1G. JVM_OPTS / JVM_EXTRA_OPTS are appended.
# - no VOLUME is declared (upstream declares /var/lib/cassandra): mount a named volume explicitly.
set -euo pipefail

if [[ "$1" == cassandra && "$(id -u)" == 0 ]]; then
  find /var/lib/cassandra /var/log/cassandra \! -user cassandra -exec chown cassandra:cassandra '{}' +
  exec setpriv --reuid=cassandra --regid=cassandra --init-groups "$0" "$@"
fi

container_ip() { hostname -i | awk '{print $1}'; }

# Rewrites `key: value` (also a commented-out `# key:` line) in a file we may write, as upstream's sed does.
set_yaml() {
  local file="$1" key="$2" value="$3" tmp
  tmp="$(mktemp)"
  sed -r 's/^(# )?('"$key"':).*/\2 '"$value"'/' "$file" > "$tmp"
  cat "$tmp" > "$file"
  rm -f "$tmp"
}

yaml="$CASSANDRA_CONF/cassandra.yaml"
if [[ "$1" == cassandra && -w "$yaml" ]]; then
  : "${CASSANDRA_RPC_ADDRESS:=0.0.0.0}"
  : "${CASSANDRA_LISTEN_ADDRESS:=auto}"
  [[ "$CASSANDRA_LISTEN_ADDRESS" == auto ]] && CASSANDRA_LISTEN_ADDRESS="$(container_ip)"
  : "${CASSANDRA_BROADCAST_ADDRESS:=$CASSANDRA_LISTEN_ADDRESS}"
  [[ "$CASSANDRA_BROADCAST_ADDRESS" == auto ]] && CASSANDRA_BROADCAST_ADDRESS="$(container_ip)"
  : "${CASSANDRA_BROADCAST_RPC_ADDRESS:=$CASSANDRA_BROADCAST_ADDRESS}"
  : "${CASSANDRA_SEEDS:=$CASSANDRA_BROADCAST_ADDRESS}"

  tmp="$(mktemp)"
  sed -r 's/(- seeds:).*/\1 "'"$CASSANDRA_SEEDS"'"/' "$yaml" > "$tmp" && cat "$tmp" > "$yaml" && rm -f "$tmp"
  for key in broadcast_address broadcast_rpc_address cluster_name endpoint_snitch listen_address num_tokens rpc_address; do
    var="CASSANDRA_${key^^}"
    if [[ -n "${!var:-}" ]]; then set_yaml "$yaml" "$key" "${!var}"; fi
  done
  rackdc="$CASSANDRA_CONF/cassandra-rackdc.properties"
  for key in dc rack; do
    var="CASSANDRA_${key^^}"
    if [[ -n "${!var:-}" && -w "$rackdc" ]]; then
      tmp="$(mktemp)"
      sed -r 's/^('"$key"'=).*/\1 '"${!var}"'/' "$rackdc" > "$tmp" && cat "$tmp" > "$rackdc" && rm -f "$tmp"
    fi
  done
fi

exec "$@"
