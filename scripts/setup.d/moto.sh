#!/usr/bin/env bash
# Installs moto's server (the AWS test double the clouds/aws tests talk to over HTTP), pinned,
# into a venv under ~/.cache/tollgate. Where python3 has no venv module (Debian without
# python3-venv), falls back to `pip install --user`. Safe to run repeatedly: does nothing when
# the pinned version is already installed. Tests look for $TOLLGATE_MOTO_SERVER, then the venv's
# bin/moto_server, then ~/.local/bin/moto_server.
set -euo pipefail
MOTO_VERSION="5.2.5"
VENV="${TOLLGATE_CACHE:-$HOME/.cache/tollgate}/moto-venv"
has_pinned() { "$1" -c "import moto, sys; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null; }

if [ -x "$VENV/bin/moto_server" ] && has_pinned "$VENV/bin/python"; then exit 0; fi
if [ -x "$HOME/.local/bin/moto_server" ] && has_pinned python3; then exit 0; fi

if python3 -m venv "$VENV" 2>/dev/null; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
  "$VENV/bin/moto_server" --help >/dev/null
  echo "moto $MOTO_VERSION installed in $VENV" >&2
else
  rm -rf "$VENV"
  python3 -m pip install --quiet --disable-pip-version-check --user "moto[server]==$MOTO_VERSION"
  "$HOME/.local/bin/moto_server" --help >/dev/null
  echo "moto $MOTO_VERSION installed with pip --user" >&2
fi
