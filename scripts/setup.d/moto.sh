#!/usr/bin/env bash
# Installs moto's server (the AWS test double the clouds/aws tests talk to over HTTP) into a
# venv under ~/.cache/tollgate, pinned. Safe to run repeatedly: does nothing when the pinned
# version is already there. Tests find it at $TOLLGATE_MOTO_SERVER or the venv's bin/moto_server.
set -euo pipefail
MOTO_VERSION="5.2.5"
VENV="${TOLLGATE_CACHE:-$HOME/.cache/tollgate}/moto-venv"
if [ -x "$VENV/bin/moto_server" ] && "$VENV/bin/python" -c "import moto, sys; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null; then
  exit 0
fi
python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
"$VENV/bin/moto_server" --help >/dev/null
echo "moto $MOTO_VERSION installed in $VENV" >&2
