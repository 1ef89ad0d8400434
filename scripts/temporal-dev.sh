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
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then echo "Temporal already listening on 127.0.0.1:$PORT" >&2; exit 0; fi
TEMPORAL="$("$HERE/temporal-cli.sh")"
mkdir -p "$STATE"
ARGS=(server start-dev --ip 127.0.0.1 --port "$PORT" --ui-port "$UI_PORT" --log-level warn --db-filename "$DB_FILE"
  --search-attribute TollgateState=Keyword --search-attribute TollgateProvider=Keyword
  --search-attribute TollgateRisk=Keyword --search-attribute TollgateMonthlySavingsUsd=Double
  --search-attribute TollgateSeverity=Keyword --search-attribute TollgateImpact=Double
  --search-attribute TollgateRootCauseService=Keyword --search-attribute TollgateOwner=Keyword)
if [ "${1:-}" = "--foreground" ]; then exec "$TEMPORAL" "${ARGS[@]}"; fi
nohup "$TEMPORAL" "${ARGS[@]}" >"$STATE/temporal-dev.log" 2>&1 &
echo $! >"$STATE/temporal-dev.pid"
for _ in $(seq 1 120); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then echo "Temporal dev server up: 127.0.0.1:$PORT, UI http://127.0.0.1:$UI_PORT, state in $DB_FILE" >&2; exit 0; fi
  sleep 0.5
done
echo "Temporal dev server did not start; see $STATE/temporal-dev.log" >&2
exit 1
