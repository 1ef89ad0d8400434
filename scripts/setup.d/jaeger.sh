#!/usr/bin/env bash
# Builds (once, cached under ~/.cache/tollgate) Jaeger all-in-one, the OTLP collector and
# trace store the telemetry tests send spans to. Prints its path. Safe to run repeatedly.
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
# Its go.mod has a replace directive, so it is built as a tool of a throwaway module.
exec "$HERE/go-tool.sh" jaeger github.com/jaegertracing/jaeger/cmd/jaeger v1.76.0 in-module
