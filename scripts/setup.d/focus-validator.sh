#!/usr/bin/env bash
# Installs the FinOps Foundation's FOCUS validator (focus-validator on PyPI), pinned, into a venv
# under ~/.cache/tollgate. It needs Python >= 3.12: taken from $TOLLGATE_PYTHON312, pyenv, or PATH.
# Safe to run repeatedly: does nothing when the pinned version is already installed. The test
# (test/ingest/focus-validator.test.ts) finds it at $TOLLGATE_FOCUS_VALIDATOR or in this venv.
set -euo pipefail
VERSION="2.2.1"
# Measured together with the validator (docs/data-dictionary.md, conformance per source).
NUMPY_VERSION="2.5.5"
PYARROW_VERSION="26.0.1"
VENV="${TOLLGATE_CACHE:-$HOME/.cache/tollgate}/focus-validator-venv"
has_pinned() { "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('focus-validator') != '$VERSION' or m.version('numpy') != '$NUMPY_VERSION')" 2>/dev/null; }

if [ -x "$VENV/bin/focus-validator" ] && has_pinned; then exit 0; fi

find_python() {
  local candidate
  for candidate in "${TOLLGATE_PYTHON312:-}" "$(pyenv root 2>/dev/null)/versions/3.12"*/bin/python3 python3.13 python3.12 python3; do
    [ -n "$candidate" ] || continue
    command -v "$candidate" >/dev/null 2>&1 || [ -x "$candidate" ] || continue
    if "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

PY="$(find_python)" || { echo "focus-validator needs Python >= 3.12 (set TOLLGATE_PYTHON312 or install one with pyenv)" >&2; exit 1; }
rm -rf "$VENV"
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "focus-validator==$VERSION"
# It declares numpy<2, but the pyarrow it resolves refuses to load without numpy 2; with 2 it runs.
# pip warns of the declared conflict and exits 0; any real failure stops here.
if ! out="$("$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "numpy==$NUMPY_VERSION" "pyarrow==$PYARROW_VERSION" 2>&1)"; then
  echo "$out" >&2
  exit 1
fi
"$VENV/bin/python" -c 'import numpy, pyarrow, focus_validator.main' >/dev/null
"$VENV/bin/focus-validator" --help >/dev/null
echo "focus-validator $VERSION installed in $VENV" >&2
