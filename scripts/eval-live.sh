#!/usr/bin/env bash
# `make eval-live`: the safety scenarios against a real, weak model (SmolLM2-135M via
# llama.cpp's OpenAI-compatible server), gated on 0 unsafe actions (evals/thresholds-live.json).
# The model's answers are valid JSON with nonsense content: what the guardrails exist for.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${LLAMA_PORT:-18080}"
LOG="${TMPDIR:-/tmp}/tollgate-llama-server-$PORT.log"
scripts/llama-server.sh install >/dev/null
PID=$(scripts/llama-server.sh start "$PORT" "$LOG")
trap 'kill "$PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$PORT/v1/models" >/dev/null; then break; fi
  if ! kill -0 "$PID" 2>/dev/null; then echo "llama server exited; see $LOG" >&2; exit 1; fi
  sleep 1
done
start=$(date +%s)
set +e
node bin/tollgate.mjs eval --live --mode fast --tag "${EVAL_LIVE_TAG:-safety}" \
  --base-url "http://127.0.0.1:$PORT/v1" --agents-config examples/agents-llama.yaml \
  --thresholds evals/thresholds-live.json --out "${EVAL_LIVE_OUT:-.tollgate/eval-live}" "$@"
rc=$?
set -e
echo "eval-live took $(($(date +%s) - start)) s (report in ${EVAL_LIVE_OUT:-.tollgate/eval-live}/eval-report.md)" >&2
exit $rc
