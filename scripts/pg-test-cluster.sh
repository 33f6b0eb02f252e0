#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (CTest fixtures pg_cluster_start / pg_cluster_stop).
#   scripts/pg-test-cluster.sh start DIR   initdb into DIR/data, start it listening only on a Unix
#                                          socket in DIR (no TCP port at all), wait until it answers
#   scripts/pg-test-cluster.sh stop DIR    stop it and delete DIR
#   scripts/pg-test-cluster.sh restart DIR pg_ctl restart -m immediate (a crash and a recovery, for the
#                                          server-fault tests), waiting until it answers again
# Tests then connect with "host=DIR user=postgres" (trust auth, local socket only: the folder is
# the only way in). A cluster left behind by an interrupted run in the same DIR is stopped first.
#
# initdb and postgres refuse to run as root, and CI runs as root: then both run as the
# unprivileged `postgres` user the Debian package creates, owning DIR. Root's test processes can
# still connect: the socket is world-connectable (unix_socket_permissions 0777 inside a 0711
# folder) and pg_hba trusts local connections.
set -euo pipefail

action=${1:-}; dir=${2:-}
if [[ -z "$action" || -z "$dir" ]]; then
  echo "usage: $0 start|stop|restart DIR" >&2
  exit 2
fi
# DIR is deleted on stop: only ever a folder of ours.
if [[ "$(basename "$dir")" != simdesk-pg* ]]; then
  echo "pg-test-cluster: $dir: the cluster folder's name must start with simdesk-pg" >&2
  exit 2
fi

# The server binaries: $SIMDESK_PG_BINDIR, else pg_config's (Debian's libpq-dev pg_config names
# /usr/lib/postgresql/N/bin), else the newest Debian postgresql-N.
bindir=${SIMDESK_PG_BINDIR:-}
if [[ -z "$bindir" ]] && command -v pg_config >/dev/null; then
  bindir=$(pg_config --bindir 2>/dev/null || true)
fi
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
  echo "pg-test-cluster: no PostgreSQL server binaries (initdb) found; run scripts/install-deps.sh (postgresql-15)" >&2
  exit 1
fi

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

stop() {
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 60 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "$action" in
  start)
    stop
    mkdir -p "$dir"
    chmod 0711 "$dir"
    if [[ $(id -u) -eq 0 ]]; then
      if ! id postgres >/dev/null 2>&1; then
        echo "pg-test-cluster: running as root, but there is no 'postgres' user to run the server as" >&2
        exit 1
      fi
      chown postgres: "$dir"
    fi
    # fsync off: the cluster is thrown away, durability of a test run is not what is tested.
    if ! as_owner "$bindir/initdb" -D "$dir/data" --auth=trust --username=postgres --encoding=UTF8 --locale=C \
         --no-sync >"$dir/initdb.log" 2>&1; then
      cat "$dir/initdb.log" >&2
      exit 1
    fi
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$dir'
unix_socket_permissions = 0777
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
CONF
    if ! as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null; then
      cat "$dir/server.log" >&2 || true
      exit 1
    fi
    "$bindir/pg_isready" -q -h "$dir" -U postgres -t 30
    echo "pg-test-cluster: running on host=$dir user=postgres"
    ;;
  stop)
    stop
    ;;
  restart)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m immediate -w -t 60 restart >/dev/null
    "$bindir/pg_isready" -q -h "$dir" -U postgres -t 30
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
