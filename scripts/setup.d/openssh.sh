#!/usr/bin/env bash
# Debian's OpenSSH client tools: the approval-signature tests check that Tollgate and the real
# `ssh-keygen -Y sign/verify` and ssh-agent interoperate. Idempotent: installs only when missing.
set -euo pipefail
if command -v ssh-keygen >/dev/null 2>&1 && command -v ssh-agent >/dev/null 2>&1 && command -v script >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "openssh: ssh-keygen/ssh-agent or script missing and not root; run: sudo apt-get install -y openssh-client bsdutils" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends openssh-client bsdutils
echo "openssh: installed $(ssh -V 2>&1)" >&2
