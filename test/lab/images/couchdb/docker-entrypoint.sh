#!/bin/bash
# Start contract — the official `couchdb` image's, served by a CouchDB-protocol peer (pouchdb-server):
# - config: CouchDB ini files, read in CouchDB's order: /opt/couchdb/etc/default.ini, default.d/*.ini,
#   local.ini, local.d/*.ini (mount yours into local.d/, read-only is fine). Understood: [admins]
#   (plain text, hashed at start, or -pbkdf2- hashes), [chttpd] port / bind_address / require_valid_user /
#   require_valid_user_except_for_up, [couch_httpd_auth]/[chttpd_auth] secret / timeout, [log] level,
#   [ssl] enable / cert_file / key_file / password / cacert_file / port / tls_versions /
#   verify_ssl_certificates / fail_if_no_peer_cert.
# - COUCHDB_USER + COUCHDB_PASSWORD add an admin; with no admin at all the server refuses to start (CouchDB 3).
# - ports: 5984 (HTTP, always on, as CouchDB's chttpd), 6984 (HTTPS when [ssl] enable = true).
# - data: /opt/couchdb/data (LevelDB, plus the peer's own config JSON); runs as user couchdb (uid 5984),
#   dropped from root with setpriv after fixing ownership of the data dir.
# - answers GET /, GET /_up, documents, _changes, _users, _session, _security, replication (express-pouchdb).
#   Not CouchDB: no clustering, no admin_only default security for new databases, no Mango indexes on disk.
# - no VOLUME is declared (upstream declares /opt/couchdb/data): mount a named volume explicitly.
set -euo pipefail

if [[ "$1" == /opt/couchdb/bin/couchdb && "$(id -u)" == 0 ]]; then
  find /opt/couchdb/data \! -user couchdb -exec chown couchdb:couchdb '{}' +
  chmod 700 /opt/couchdb/data # holds the peer's config JSON: admin hashes and the cookie secret
  exec setpriv --reuid=couchdb --regid=couchdb --init-groups "$0" "$@"
fi

exec "$@"
