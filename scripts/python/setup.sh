#!/usr/bin/env bash
# Creates (or refreshes) the repo-local Python environment used by Ferry's parity tests and
# test peers (moto, the GCS emulator, the kfp validators):
#   bash scripts/python/setup.sh
# - virtualenv at <repo>/.venv (git-ignored), built with `python3 -m venv` ($PYTHON overrides)
# - installs the pinned scripts/python/requirements.txt, 3 attempts, pip's default cache kept
# - idempotent: a stamp holding the hash of requirements.txt + interpreter version makes a
#   re-run a no-op; FORCE=1 reinstalls anyway.
set -euo pipefail

start_ns=$(date +%s%N)
elapsed() { echo "$(( ($(date +%s%N) - start_ns) / 1000000 )) ms"; }

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${VENV_DIR:-$repo/.venv}"
requirements="$here/requirements.txt"
stamp="$venv/.ferry-requirements.sha256"
python="${PYTHON:-python3}"

if ! command -v "$python" >/dev/null 2>&1; then
  echo "setup.sh: '$python' not found; install Python 3.11+ or set PYTHON=/path/to/python3." >&2
  exit 1
fi

# The stamp covers the requirements and the interpreter the venv was built from.
py_version="$("$python" -c 'import sys; print(sys.version.split()[0])')"
want="$( { cat "$requirements"; echo "python=$py_version"; } | sha256sum | cut -d' ' -f1)"

if [[ "${FORCE:-0}" != 1 && -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]] \
  && "$venv/bin/python" -c 'import importlib.util as u, sys; sys.exit(not all(u.find_spec(m) for m in ("pandas", "openpyxl", "pyarrow", "moto", "gcp_storage_emulator", "kfp", "kfp.pipeline_spec", "kfp.kubernetes")))' >/dev/null 2>&1; then
  echo "Python env up to date at $venv (python $py_version) — nothing to do ($(elapsed))."
  exit 0
fi

# A venv from another interpreter version (or a broken one) is rebuilt from scratch.
if [[ -x "$venv/bin/python" ]]; then
  venv_version="$("$venv/bin/python" -c 'import sys; print(sys.version.split()[0])' 2>/dev/null || echo broken)"
  if [[ "$venv_version" != "$py_version" ]]; then
    echo "Recreating $venv (was python $venv_version, now $py_version)."
    rm -rf "$venv"
  fi
fi
if [[ ! -x "$venv/bin/python" ]]; then
  echo "Creating virtualenv $venv with $python ($py_version)…"
  "$python" -m venv "$venv"
fi
rm -f "$stamp"

attempt=1
# --no-compile: pip would byte-compile every module (pandas' test suite too), ~15 s; Python compiles
# what is actually imported on first use instead.
until "$venv/bin/python" -m pip install --disable-pip-version-check --quiet --no-compile -r "$requirements"; do
  if (( attempt >= 3 )); then
    echo "setup.sh: pip install failed after $attempt attempts ($(elapsed))." >&2
    exit 1
  fi
  echo "pip install failed (attempt $attempt/3); retrying in $(( attempt * 5 )) s…" >&2
  sleep $(( attempt * 5 ))
  attempt=$(( attempt + 1 ))
done
"$venv/bin/python" -m pip check --disable-pip-version-check
"$venv/bin/python" -c 'import pandas, openpyxl, pyarrow, moto, kfp, kfp.pipeline_spec.pipeline_spec_pb2, kfp.kubernetes; print(f"pandas {pandas.__version__}, openpyxl {openpyxl.__version__}, pyarrow {pyarrow.__version__}, moto {moto.__version__}, kfp {kfp.__version__}")'

echo "$want" >"$stamp"
echo "Python env ready at $venv in $(elapsed) (attempts: $attempt)."
