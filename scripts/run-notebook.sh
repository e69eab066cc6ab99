#!/usr/bin/env bash
# Runs the notebook of a geosim export from top to bottom in a fresh Python virtual
# environment, and fails (non-zero exit) if any cell raises.
#
#   scripts/run-notebook.sh DIR [OUT]
#
# DIR is a directory written by `--export DIR` (it holds geosim.ipynb, manifest.json and
# the CSV tables). The executed notebook goes to OUT (default: a temporary file), so DIR
# is left as geosim wrote it.
#
# Needs python3 with the venv module (Debian: apt-get install python3-venv) and network
# access to PyPI for: nbconvert, ipykernel, pandas, matplotlib. Set GEOSIM_VENV to reuse a
# virtual environment (created on first use) instead of a fresh one per call.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 || "$1" == "-h" || "$1" == "--help" ]]; then
    echo "usage: $0 EXPORT_DIR [EXECUTED_NOTEBOOK]" >&2
    exit 64
fi
export_dir=$(cd "$1" && pwd)
notebook="$export_dir/geosim.ipynb"
if [[ ! -f "$notebook" ]]; then
    echo "error: no geosim.ipynb in $export_dir" >&2
    exit 66
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/geosim-notebook.XXXXXX")
trap 'rm -rf "$work"' EXIT
output=${2:-"$work/executed.ipynb"}
case "$output" in /*) ;; *) output="$PWD/$output" ;; esac

venv=${GEOSIM_VENV:-"$work/venv"}
if [[ ! -x "$venv/bin/jupyter" ]]; then
    echo "Creating a virtual environment in $venv ..." >&2
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --upgrade pip
    "$venv/bin/python" -m pip install --quiet nbconvert ipykernel pandas matplotlib
fi
# The kernel the notebook names (python3) must be this environment's Python.
"$venv/bin/python" -m ipykernel install --prefix "$venv" --name python3 >/dev/null

export MPLBACKEND=module://matplotlib_inline.backend_inline
export JUPYTER_PATH="$venv/share/jupyter"
# nbconvert stops at the first cell that raises and exits non-zero; the notebook runs
# with its own directory as the working directory, where the tables are.
"$venv/bin/jupyter" nbconvert --to notebook --execute \
    --ExecutePreprocessor.timeout=600 \
    --ExecutePreprocessor.kernel_name=python3 \
    --output "$(basename "$output")" --output-dir "$(dirname "$output")" \
    "$notebook"

# Belt and braces: no error output may survive in the executed notebook.
"$venv/bin/python" - "$output" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as handle:
    notebook = json.load(handle)
errors = [output for cell in notebook["cells"] if cell["cell_type"] == "code"
          for output in cell.get("outputs", []) if output.get("output_type") == "error"]
if errors:
    for error in errors:
        print(f"{error.get('ename')}: {error.get('evalue')}", file=sys.stderr)
    sys.exit(1)
code = sum(1 for cell in notebook["cells"] if cell["cell_type"] == "code")
print(f"{sys.argv[1]}: {code} code cells ran without error")
PY
