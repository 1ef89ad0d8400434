#!/usr/bin/env bash
# Builds (once, cached under ~/.cache/tollgate) the Open Policy Agent CLI that
# `tollgate policy check --rego` runs. Prints its path. Safe to run repeatedly.
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
exec "$HERE/go-tool.sh" opa github.com/open-policy-agent/opa v1.22.3
