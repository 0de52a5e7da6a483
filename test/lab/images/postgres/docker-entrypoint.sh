#!/usr/bin/env bash
# Start contract — the official `postgres` image's, for PostgreSQL 15 from Debian:
# - PGDATA=/var/lib/postgresql/data; on first start (no PG_VERSION) initdb runs with superuser
#   $POSTGRES_USER (default `postgres`) and password $POSTGRES_PASSWORD (required unless
#   POSTGRES_HOST_AUTH_METHOD=trust), extra POSTGRES_INITDB_ARGS, and appends
#   `host all all all scram-sha-256` (or $POSTGRES_HOST_AUTH_METHOD) to $PGDATA/pg_hba.conf.
#   As upstream (`file_env`), POSTGRES_PASSWORD_FILE names a file holding the password instead.
#   POSTGRES_DB (≠ postgres) is created and /docker-entrypoint-initdb.d/*.sql|*.sh run once, against a
#   socket-only temporary server that uses $PGDATA's own config (upstream passes your arguments to it too;
#   here a mounted hba file with no `local` line cannot break initialisation).
# - Command: `postgres [ARGS…]`; arguments starting with `-` are passed to postgres, e.g.
#   `-c config_file=/etc/postgresql/postgresql.conf -c hba_file=/etc/postgresql/pg_hba.conf`.
# - Runs as user postgres (uid 999), dropped from root with setpriv after fixing ownership of $PGDATA
#   and /var/run/postgresql. `docker stop` sends SIGINT (fast shutdown; see STOPSIGNAL).
# - No VOLUME is declared (upstream declares $PGDATA): mount a named volume there explicitly.
# - One difference: a first initialisation that was killed half-way is started over (below) instead of failing forever.
set -Eeuo pipefail

if [[ "${1:0:1}" == '-' ]]; then
  set -- postgres "$@"
fi

if [[ "$1" == postgres && "$(id -u)" == 0 ]]; then
  mkdir -p "$PGDATA"
  find "$PGDATA" \! -user postgres -exec chown postgres:postgres '{}' +
  chmod 700 "$PGDATA"
  install -d -o postgres -g postgres -m 3777 /var/run/postgresql
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" "$@"
fi

# Upstream's file_env: VAR or VAR_FILE (the file's content), never both.
file_env() {
  local var="$1" file_var="${1}_FILE"
  if [[ -n "${!var:-}" && -n "${!file_var:-}" ]]; then
    echo "error: both $var and $file_var are set (but are exclusive)" >&2
    exit 1
  fi
  if [[ -n "${!file_var:-}" ]]; then
    export "$var"="$(< "${!file_var}")"
    unset "$file_var"
  fi
}

initialise_database() {
  file_env POSTGRES_PASSWORD
  : "${POSTGRES_USER:=postgres}" "${POSTGRES_DB:=$POSTGRES_USER}" "${POSTGRES_HOST_AUTH_METHOD:=scram-sha-256}"
  if [[ -z "${POSTGRES_PASSWORD:-}" && "$POSTGRES_HOST_AUTH_METHOD" != trust ]]; then
    echo 'error: database is uninitialized and superuser password is not specified.' >&2
    echo '  Set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust to allow all connections without one).' >&2
    exit 1
  fi
  local pwfile
  pwfile="$(mktemp)"
  printf '%s\n' "${POSTGRES_PASSWORD:-}" > "$pwfile"
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a word list, as upstream treats it
  initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-host="$POSTGRES_HOST_AUTH_METHOD" \
    ${POSTGRES_INITDB_ARGS:-}
  rm -f "$pwfile"
  printf '\nhost all all all %s\n' "$POSTGRES_HOST_AUTH_METHOD" >> "$PGDATA/pg_hba.conf"

  local scripts
  shopt -s nullglob
  scripts=(/docker-entrypoint-initdb.d/*)
  shopt -u nullglob
  if [[ "$POSTGRES_DB" != postgres || ${#scripts[@]} -gt 0 ]]; then
    pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start
    local psql=(psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc)
    if [[ "$POSTGRES_DB" != postgres ]]; then
      PGPASSWORD="${POSTGRES_PASSWORD:-}" "${psql[@]}" --dbname postgres --set db="$POSTGRES_DB" \
        <<< 'CREATE DATABASE :"db";'
    fi
    for script in "${scripts[@]}"; do
      case "$script" in
        *.sh) echo "running $script"; bash "$script" ;;
        *.sql) echo "running $script"; PGPASSWORD="${POSTGRES_PASSWORD:-}" "${psql[@]}" --dbname "$POSTGRES_DB" -f "$script" ;;
        *) echo "ignoring $script" ;;
      esac
    done
    pg_ctl -D "$PGDATA" -m fast -w stop
  fi
  echo 'PostgreSQL init process complete; ready for start up.'
}

# initdb writes PG_VERSION first and global/pg_control later: a first start killed in between (seen once in CI on
# a loaded machine) leaves a folder that holds no database yet is not empty, and upstream then fails on every start
# ("could not find the database system"). No database can be lost by starting over, so the lab does.
if [[ "$1" == postgres && -s "$PGDATA/PG_VERSION" && ! -e "$PGDATA/global/pg_control" ]]; then
  echo "warning: $PGDATA holds an initialisation that never finished (no global/pg_control): starting it over" >&2
  find "$PGDATA" -mindepth 1 -delete
fi

if [[ "$1" == postgres && ! -s "$PGDATA/PG_VERSION" ]]; then
  initialise_database
fi

exec "$@"
