#!/usr/bin/env bash
# Debian's headless-capable Chromium for the weekly report's rendering test (playwright-core
# drives it through executablePath). Idempotent: installs only when /usr/bin/chromium is missing.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "chromium: present ($(/usr/bin/chromium --version 2>/dev/null || echo unknown version))" >&2
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "chromium: /usr/bin/chromium missing and not root; run: sudo apt-get install -y chromium" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends chromium fonts-dejavu-core
echo "chromium: installed $(/usr/bin/chromium --version 2>/dev/null)" >&2
