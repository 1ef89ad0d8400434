#!/usr/bin/env bash
# Debian's libfaketime for the suite's run a year ahead (make test-next-year): proof that no test,
# fixture or scenario depends on today's date. Idempotent: installs only when faketime is missing.
set -euo pipefail
if command -v faketime >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "faketime: missing and not root; run: sudo apt-get install -y faketime" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends faketime
echo "faketime: installed $(faketime --version 2>&1 | head -n1)" >&2
