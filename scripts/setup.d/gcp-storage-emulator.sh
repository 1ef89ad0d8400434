#!/usr/bin/env bash
# Installs gcp-storage-emulator (PyPI; an HTTP server speaking the Cloud Storage JSON API), pinned,
# into a venv under ~/.cache/tollgate, for the `gcs` billing source's tests. Where python3 has no
# venv module (Debian without python3-venv), falls back to `pip install --user`. Safe to run
# repeatedly: does nothing when the pinned version is already installed. Tests look for
# $TOLLGATE_GCS_EMULATOR, then the venv's bin/gcp-storage-emulator, then ~/.local/bin's.
set -euo pipefail
VERSION="2026.7.19"
VENV="${TOLLGATE_CACHE:-$HOME/.cache/tollgate}/gcp-storage-emulator-venv"
has_pinned() { "$1" -c "import importlib.metadata as m, sys; sys.exit(m.version('gcp-storage-emulator') != '$VERSION')" 2>/dev/null; }

if [ -x "$VENV/bin/gcp-storage-emulator" ] && has_pinned "$VENV/bin/python"; then exit 0; fi
if [ -x "$HOME/.local/bin/gcp-storage-emulator" ] && has_pinned python3; then exit 0; fi

if python3 -m venv "$VENV" 2>/dev/null; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "gcp-storage-emulator==$VERSION"
  "$VENV/bin/gcp-storage-emulator" --help >/dev/null
  echo "gcp-storage-emulator $VERSION installed in $VENV" >&2
else
  rm -rf "$VENV"
  python3 -m pip install --quiet --disable-pip-version-check --user "gcp-storage-emulator==$VERSION"
  "$HOME/.local/bin/gcp-storage-emulator" --help >/dev/null
  echo "gcp-storage-emulator $VERSION installed with pip --user" >&2
fi
