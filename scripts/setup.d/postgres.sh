#!/usr/bin/env bash
# PostgreSQL server binaries (initdb, pg_ctl, postgres) for the audit store's conformance tests,
# from Debian's packages. The tests start their own throwaway cluster; nothing is started here.
# Idempotent: installs only when no server binaries are found.
set -euo pipefail
have_server() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null; }
if have_server; then
  echo "postgres: server present ($(ls -d /usr/lib/postgresql/*/bin | tail -n1))" >&2
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "postgres: server binaries missing and not root; run: sudo apt-get install -y postgresql" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends postgresql
have_server || { echo "postgres: installed, but no initdb/pg_ctl under /usr/lib/postgresql/*/bin" >&2; exit 1; }
# The cluster Debian creates at install is not needed by the tests; it may stay stopped.
echo "postgres: installed $(ls -d /usr/lib/postgresql/*/bin | tail -n1)" >&2
