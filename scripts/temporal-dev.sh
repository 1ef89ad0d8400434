#!/usr/bin/env bash
# Starts a Temporal dev server (gRPC :7233, Web UI :8233) with Tollgate's search attributes,
# unless one already answers. Usage: scripts/temporal-dev.sh [--foreground]
# State is kept in $TOLLGATE_HOME/temporal.db (or $TEMPORAL_DB_FILE): a restart loses no pending
# approval. Production needs a Temporal cluster with persistence (docs/architecture.md).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
PORT="${TEMPORAL_PORT:-7233}"
UI_PORT="${TEMPORAL_UI_PORT:-8233}"
STATE="${TOLLGATE_HOME:-$PWD/.tollgate}"
DB_FILE="${TEMPORAL_DB_FILE:-$STATE/temporal.db}"
SEARCH_ATTRIBUTES=(TollgateState=Keyword TollgateProvider=Keyword TollgateRisk=Keyword TollgateMonthlySavingsUsd=Double TollgateScope=Keyword
  TollgateSeverity=Keyword TollgateImpact=Double TollgateRootCauseService=Keyword TollgateOwner=Keyword)
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }
# start-dev registers --search-attribute only when it creates the database: a server restarted on an
# older temporal.db (or one already running) would lack attributes added since, and every workflow
# setting one would fail its task. Creating one that exists with the same type is a no-op.
register_search_attributes() {
  local args=()
  for a in "${SEARCH_ATTRIBUTES[@]}"; do args+=(--name "${a%%=*}" --type "${a#*=}"); done
  "$TEMPORAL" operator search-attribute create "${args[@]}" --address "127.0.0.1:$PORT" >/dev/null ||
    echo "could not register Tollgate's search attributes on 127.0.0.1:$PORT (docs/approvals.md, Temporal UI)" >&2
}
TEMPORAL="$("$HERE/temporal-cli.sh")"
if listening; then
  echo "Temporal already listening on 127.0.0.1:$PORT" >&2
  register_search_attributes
  exit 0
fi
mkdir -p "$STATE"
ARGS=(server start-dev --ip 127.0.0.1 --port "$PORT" --ui-port "$UI_PORT" --log-level warn --db-filename "$DB_FILE")
for a in "${SEARCH_ATTRIBUTES[@]}"; do ARGS+=(--search-attribute "$a"); done
if [ "${1:-}" = "--foreground" ]; then
  (for _ in $(seq 1 120); do if listening; then register_search_attributes; exit 0; fi; sleep 0.5; done) &
  exec "$TEMPORAL" "${ARGS[@]}"
fi
nohup "$TEMPORAL" "${ARGS[@]}" >"$STATE/temporal-dev.log" 2>&1 &
echo $! >"$STATE/temporal-dev.pid"
for _ in $(seq 1 120); do
  if listening; then
    register_search_attributes
    echo "Temporal dev server up: 127.0.0.1:$PORT, UI http://127.0.0.1:$UI_PORT, state in $DB_FILE" >&2
    exit 0
  fi
  sleep 0.5
done
echo "Temporal dev server did not start; see $STATE/temporal-dev.log" >&2
exit 1
