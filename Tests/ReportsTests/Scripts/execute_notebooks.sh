#!/usr/bin/env bash
# Executes the notebook snapshots (Tests/ReportsTests/Snapshots/notebooks/*.ipynb, written by
# NotebookExport) top to bottom against the CSV snapshots they load (Snapshots/reports/), the way
# `msdb export notebooks` output must run under Jupyter. Works on copies in a temporary directory,
# so the committed snapshots keep no outputs.
#
# Needs: pip install nbformat nbclient nbconvert ipykernel pandas matplotlib
# Usage: Tests/ReportsTests/Scripts/execute_notebooks.sh [NOTEBOOK_DIR REPORTS_DIR]
#   With arguments it executes real exports instead (notebooks reading ../reports relative to
#   themselves need REPORTS_DIR to be the sibling `reports` folder of NOTEBOOK_DIR's copy).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
notebooks="${1:-$here/../Snapshots/notebooks}"
reports="${2:-$here/../Snapshots/reports}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/notebooks" "$work/executed"
cp "$notebooks"/*.ipynb "$work/notebooks/"
cp -R "$reports" "$work/reports"

count=0
for notebook in "$work"/notebooks/*.ipynb; do
    name="$(basename "$notebook")"
    jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=120 \
        --output-dir "$work/executed" "$notebook" >/dev/null 2>"$work/$name.log" || {
        echo "FAILED: $name" >&2
        cat "$work/$name.log" >&2
        exit 1
    }
    count=$((count + 1))
    echo "executed $name"
done
echo "all $count notebooks executed"
