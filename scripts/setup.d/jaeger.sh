#!/usr/bin/env bash
# Builds (once, cached under ~/.cache/tollgate) Jaeger all-in-one, the OTLP collector and
# trace store the telemetry tests send spans to. Prints its path. Safe to run repeatedly.
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
exec "$HERE/go-tool.sh" jaeger github.com/jaegertracing/jaeger/cmd/jaeger v1.76.0
