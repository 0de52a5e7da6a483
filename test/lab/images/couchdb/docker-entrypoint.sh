#!/bin/bash
# Start contract: the official `couchdb` image's entrypoint (apache/couchdb-docker 3.4.x), reproduced for the
# lab's CouchDB-protocol peer so that what rocketctl's profile meets here is what it meets there:
# 1. A first argument `-x`/`+x`, or the bare word `couchdb`, means the server with those arguments; any other
#    command runs as it is, with none of what follows.
# 2. etc/local.d/docker.ini is created when absent: the server writes its runtime changes (a plaintext admin
#    password hashed, a generated uuid or cookie secret) into the LAST ini file of its chain, which is this one
#    unless a later-sorting file sits in local.d.
# 3. As root: everything under /opt/couchdb is handed to couchdb:couchdb, and under etc/ and data/ every folder
#    becomes 0755 and every file 0644 (a key kept there becomes world-readable; keep keys elsewhere).
# 4. COUCHDB_USER + COUCHDB_PASSWORD append that admin to docker.ini, and COUCHDB_SECRET a [chttpd_auth] secret,
#    unless local.d/*.ini or local.ini already name them.
# 5. With no [admins] entry in default.d, local.d or local.ini the server refuses to start (exit 1).
# 6. The server runs as couchdb (setpriv from root).
# Config files the peer understands and the ports it serves: see /opt/couchdb/peer/couch-peer.mjs.
set -euo pipefail

SERVER=/opt/couchdb/bin/couchdb
ETC=/opt/couchdb/etc
if [[ "${1:-}" == -* || "${1:-}" == +* ]]; then set -- "$SERVER" "$@"; fi
if [[ "${1:-}" == couchdb ]]; then
  shift
  set -- "$SERVER" "$@"
fi
[[ "${1:-}" == "$SERVER" ]] || exec "$@"

mkdir -p "$ETC/local.d"
touch "$ETC/local.d/docker.ini"

if [[ "$(id -u)" == 0 ]]; then
  # -f and `|| true`: a read-only mount keeps its owner and modes; that alone is no reason to stop.
  find /opt/couchdb \! \( -user couchdb -group couchdb \) -exec chown -f couchdb:couchdb '{}' + || true
  for tree in /opt/couchdb/data "$ETC"; do
    mkdir -p "$tree"
    find "$tree" -type d ! -perm 0755 -exec chmod -f 0755 '{}' + || true
    find "$tree" -type f ! -perm 0644 -exec chmod -f 0644 '{}' + || true
  done
fi

# Does a file of the chain hold this pattern (matched across lines)?
chain_has() {
  local pattern=$1
  shift
  local files=()
  for file in "$@"; do [[ -f "$file" ]] && files+=("$file"); done
  ((${#files[@]} > 0)) && grep -Pzqs -- "$pattern" "${files[@]}"
}
local_files=("$ETC"/local.d/*.ini "$ETC/local.ini")

if [[ -n "${COUCHDB_USER:-}" && -n "${COUCHDB_PASSWORD:-}" ]] && ! chain_has "\\[admins\\]\\n\\Q${COUCHDB_USER}\\E =" "${local_files[@]}"; then
  printf '\n[admins]\n%s = %s\n' "$COUCHDB_USER" "$COUCHDB_PASSWORD" >> "$ETC/local.d/docker.ini"
fi
if [[ -n "${COUCHDB_SECRET:-}" ]] && ! chain_has '\[chttpd_auth\]\nsecret =' "${local_files[@]}"; then
  printf '\n[chttpd_auth]\nsecret = %s\n' "$COUCHDB_SECRET" >> "$ETC/local.d/docker.ini"
fi
[[ "$(id -u)" == 0 ]] && chown -f couchdb:couchdb "$ETC/local.d/docker.ini"

if ! chain_has '\[admins\]\n[^;]\w+' "$ETC"/default.d/*.ini "${local_files[@]}"; then
  echo 'couchdb: no admin configured: CouchDB 3 does not run in "Admin Party" mode. Add an [admins] entry to an ini' >&2
  echo "file in $ETC/local.d/ or $ETC/local.ini, or set COUCHDB_USER and COUCHDB_PASSWORD." >&2
  exit 1
fi

if [[ "$(id -u)" == 0 ]]; then
  export HOME=/opt/couchdb
  exec setpriv --reuid=couchdb --regid=couchdb --clear-groups "$@"
fi
exec "$@"
