#!/usr/bin/env bash
# Checks that two builds of TwinSim give the same outputs, bit for bit: every HDF5 file (run,
# compare with --record, sweep, stress) equal dataset by dataset and attribute by attribute
# (tests/python/same_results.py; only `created` and `git_commit` may differ), and every text the
# commands print or write (summaries, analyses, figures' data and scripts, reports, `docs`, `check`)
# equal byte for byte. For changes that must not change results (a refactoring).
#
# Usage:
#   scripts/same-outputs.sh REFERENCE [CANDIDATE]
# REFERENCE and CANDIDATE are each a twinsim binary or a git revision, which is built (Release, in
# build/same-outputs/REV, from a temporary worktree) first. CANDIDATE defaults to build/release/twinsim.
# Example: scripts/same-outputs.sh HEAD~3      (the commit before a refactoring against this tree)
# Prints each difference and exits 1, or prints "same-outputs: OK (N files)" and exits 0.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
python=/usr/bin/python3

binary_of() { # a binary path, or a revision to build
  if [ -x "$1" ] && [ -f "$1" ]; then
    realpath "$1"
    return
  fi
  local rev
  rev=$(git -C "$here" rev-parse --short=12 "$1^{commit}")
  local build="$here/build/same-outputs/$rev"
  if [ ! -x "$build/twinsim" ]; then
    local tree
    tree=$(mktemp -d)
    git -C "$here" worktree add --detach -q "$tree/src" "$rev" >&2
    cmake -S "$tree/src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTWINSIM_BUILD_TESTS=OFF >&2
    cmake --build "$build" --target twinsim -j2 >&2
    git -C "$here" worktree remove --force "$tree/src" >&2
    rm -rf "$tree"
  fi
  echo "$build/twinsim"
}

reference=$(binary_of "$1")
candidate=$(binary_of "${2:-$here/build/release/twinsim}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs every command with one binary into $work/NAME: the same inputs, copied in, so that the
# paths the outputs name are the same.
outputs() {
  local twinsim=$1 out=$work/$2
  mkdir -p "$out"
  cp -r "$here/scenarios" "$out/scenarios"
  cp "$here"/tests/bad_input/small*.toml "$out/"
  cd "$out"
  set -x
  local s name
  for s in scenarios/*.toml scenarios/teaching/*.toml; do
    name=$(basename "$s" .toml)
    "$twinsim" run "$s" -o "run_$name.h5" --replicates 2 -j 2 > "run_$name.txt"
    "$twinsim" check "$s" > "check_$name.txt"
  done
  "$twinsim" run scenarios/default.toml --record firms:6 -o run_firms.h5 --replicates 2 -j 2 > run_firms.txt
  "$twinsim" compare scenarios/default.toml -o compare.h5 --replicates 2 -j 2 \
    --plot compare_figures > compare.txt
  "$twinsim" compare scenarios/teaching/declining_market.toml --against scenarios/teaching/growing_market.toml \
    -o compare_against.h5 --replicates 2 -j 2 > compare_against.txt
  "$twinsim" sweep small_sweep.toml -o sweep.h5 -j 2 > sweep.txt
  "$twinsim" sweep scenarios/sweeps/morris.toml -o morris.h5 -j 2 > morris.txt
  "$twinsim" stress scenarios/stress/strategies/*.toml -u small_uncertainties.toml -o stress.h5 -j 2 > stress.txt
  local f
  for f in run_default compare sweep morris stress; do
    "$twinsim" analyze "$f.h5" --plot "analyze_$f" > "analyze_$f.txt"
  done
  "$twinsim" analyze morris.h5 --salib salib_morris --report report_morris.html > /dev/null
  "$twinsim" docs scenarios > docs_scenarios.txt
  "$twinsim" docs metrics > docs_metrics.txt
  "$twinsim" validate --only P1,F1 --replicates 2 --firm-scale 0.2 -j 2 > validate.txt || true
  # Built by this run, not results: the timestamps inside the SVGs gnuplot writes.
  find . -name '*.svg' -delete
  find . -name '*.png' -delete
  # Nor are the times the commands print: "in 0.25 s (120.2 runs/s; writing HDF5 0.01 s, 3.8%)".
  local text
  for text in *.txt; do
    sed -E -i -e "s|$out|OUT|g" -e 's/[0-9]+(\.[0-9]+)? ?(s|ms|runs\/s|%)([^a-z0-9]|$)/#\2\3/g' "$text"
  done
}

# Progress and messages on standard error are no result; they are kept for a failing command.
(outputs "$reference" reference) 2> "$work/reference.stderr" || { cat "$work/reference.stderr"; exit 2; }
(outputs "$candidate" candidate) 2> "$work/candidate.stderr" || { cat "$work/candidate.stderr"; exit 2; }

problems=0
count=0
while IFS= read -r -d '' file; do
  count=$((count + 1))
  rel=${file#"$work/reference/"}
  other="$work/candidate/$rel"
  if [ ! -f "$other" ]; then
    echo "same-outputs: $rel: only the reference wrote it"
    problems=$((problems + 1))
  elif [[ "$rel" == *.h5 ]]; then
    if ! "$python" "$here/tests/python/same_results.py" --ignore-attribute git_commit "$file" "$other" > "$work/diff" 2>&1; then
      sed "s|^|same-outputs: $rel: |" "$work/diff"
      problems=$((problems + 1))
    fi
  elif ! cmp -s "$file" "$other"; then
    echo "same-outputs: $rel differs:"
    diff "$file" "$other" | head -20 || true
    problems=$((problems + 1))
  fi
done < <(find "$work/reference" -type f ! -path '*/scenarios/*' -print0 | sort -z)
while IFS= read -r -d '' file; do
  rel=${file#"$work/candidate/"}
  if [ ! -e "$work/reference/$rel" ]; then
    echo "same-outputs: $rel: only the candidate wrote it"
    problems=$((problems + 1))
  fi
done < <(find "$work/candidate" -type f ! -path '*/scenarios/*' -print0)

if [ "$problems" -gt 0 ]; then
  echo "same-outputs: $problems difference(s) in $count files"
  exit 1
fi
echo "same-outputs: OK ($count files)"
