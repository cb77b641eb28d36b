#!/usr/bin/env bash
# Regenerates the reference tables in docs/ from the declarations in the code, between the
# "<!-- BEGIN GENERATED: twinsim docs X -->" and "<!-- END GENERATED -->" markers.
# Usage: scripts/update-docs.sh [path/to/twinsim]   (default: build/release/twinsim)
set -euo pipefail
cd "$(dirname "$0")/.."
twinsim=${1:-build/release/twinsim}

replace() {  # replace FILE WHAT
  local file=$1 what=$2 table
  table=$(mktemp)
  "$twinsim" docs "$what" > "$table"
  awk -v begin="<!-- BEGIN GENERATED: twinsim docs $what -->" -v table="$table" '
    $0 == begin { print; while ((getline line < table) > 0) print line; skipping = 1; next }
    skipping && $0 == "<!-- END GENERATED -->" { skipping = 0 }
    !skipping { print }
  ' "$file" > "$file.new"
  mv "$file.new" "$file"
  rm -f "$table"
}

replace docs/scenarios.md scenarios
replace docs/output-format.md metrics
echo "update-docs: docs/scenarios.md and docs/output-format.md regenerated"
