#!/usr/bin/env bash
# Installs what the test suite needs beyond npm: the Temporal CLI (built once, cached),
# and, as later pieces arrive, Python tools and PostgreSQL. Safe to run repeatedly.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
"$HERE/temporal-cli.sh" >/dev/null
for extra in "$HERE"/setup.d/*.sh; do
  [ -e "$extra" ] || continue
  bash "$extra"
done
