#!/usr/bin/env bash
# Builds the libFuzzer targets (preset fuzz: clang, AddressSanitizer, UndefinedBehaviorSanitizer)
# and fuzzes each for a bounded time (fuzz/README.md). Exits non-zero on any crash, naming the
# input that caused it.
#
#   scripts/fuzz.sh [--seconds N] [--regressions] [TARGET...]
#
#   --seconds N     fuzz each target N seconds (default 60), one after the other
#   --regressions   only run each input of fuzz/regressions/<target>/ once (no fuzzing)
#   TARGET          scenario_fuzz, experiment_fuzz, uncertainties_fuzz, result_file_fuzz,
#                   hdf5_structure_fuzz (default: all)
#
# Before fuzzing a target, every input of fuzz/regressions/<target>/ runs through it once. Each
# target fuzzes a copy of fuzz/corpus/<target>/ in build/fuzz/work/, so the repository's corpus
# does not grow; crashing inputs are kept in build/fuzz/crashes/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
regressions_only=0
targets=()
all=(scenario_fuzz experiment_fuzz uncertainties_fuzz result_file_fuzz hdf5_structure_fuzz)
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --seconds=*) seconds="${1#--seconds=}"; shift ;;
    --regressions) regressions_only=1; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *)
      if [[ " ${all[*]} " != *" $1 "* ]]; then
        echo "fuzz.sh: no target $1 (targets: ${all[*]})" >&2; exit 2
      fi
      targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
if ! [[ "$seconds" =~ ^[0-9]+$ ]]; then echo "fuzz.sh: --seconds takes a whole number" >&2; exit 2; fi

start=$(date +%s)
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
echo "fuzz.sh: built in $(( $(date +%s) - start )) s"

bin=build/fuzz/fuzz
work=build/fuzz/work
crashes=build/fuzz/crashes
# A crash is one of ours to fix; leaks are reported too (LeakSanitizer is on with ASan).
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# File and line in stack traces: Debian's llvm-14 has the symbolizer under a versioned name.
if ! command -v llvm-symbolizer >/dev/null && command -v llvm-symbolizer-14 >/dev/null; then
  export ASAN_SYMBOLIZER_PATH="${ASAN_SYMBOLIZER_PATH:-$(command -v llvm-symbolizer-14)}"
fi
# libFuzzer's limits: a hang is an input taking longer than -timeout seconds, an unbounded
# allocation one above -rss_limit_mb (also the limit of a single malloc).
limits=(-timeout=30 -rss_limit_mb=2048)
failed=()

# Per target: the TOML targets get the dictionary and room for a key or a nesting far beyond the
# limits of sim/toml_limits.hpp (1 MiB: a key of 40000 dotted parts is 80 kB); the structure-aware
# one's inputs are lists of mutations (at most 64 are applied).
options() {
  case "$1" in
    scenario_fuzz|experiment_fuzz|uncertainties_fuzz) echo "-dict=fuzz/toml.dict -max_len=1048576" ;;
    hdf5_structure_fuzz) echo "-max_len=512" ;;
    # An input takes about half a second here: a libhdf5 hang (above) should not cost 30.
    result_file_fuzz) echo "-timeout=10" ;;
  esac
}

# Whether the fault a log reports is libhdf5's own: a hang, a memory error or an absurd allocation
# whose innermost frame, past libFuzzer's, the sanitizers', libc's string functions' and the
# allocator's own, is in libhdf5. HDF5 1.10 can loop forever, read out of bounds or ask for
# petabytes on some damaged files; TwinSim cannot fix that, only what it does with what libhdf5
# returns. (libhdf5 is not instrumented: AddressSanitizer sees its memory errors only in the libc
# functions it intercepts, such as memcpy.)
libhdf5_fault() {
  local fault='ERROR: (libFuzzer: timeout|AddressSanitizer: |libFuzzer: out-of-memory \(malloc)'
  grep -qE "$fault" "$1" || return 1
  awk -v fault="$fault" '
       $0 ~ fault { on = 1; next }
       on && /^ *#[0-9]+ / {
         if ($0 ~ /__sanitizer|fuzzer::|libc\.so|sysdeps\/|__asan|__ubsan|__interceptor_|libclang_rt| in (malloc|calloc|realloc) /) next
         found = ($0 ~ /libhdf5/); exit
       }
       END { exit found ? 0 : 1 }' "$1"
}

mkdir -p "$work" "$crashes"
for t in "${targets[@]}"; do
  mapfile -t inputs < <(find "fuzz/regressions/$t" -type f 2>/dev/null | sort)
  if [ ${#inputs[@]} -gt 0 ]; then
    log="$work/$t.regressions.log"
    if "$bin/$t" "${limits[@]}" -runs=0 "${inputs[@]}" </dev/null >"$log" 2>&1; then
      echo "== $t: ${#inputs[@]} regression input(s) pass"
    else
      echo "== $t: a regression input fails again (log: $log):"
      grep -E "Running:|ERROR|==twinsim-fuzz==|SUMMARY" "$log" | tail -n 20 || true
      failed+=("$t (regression)")
    fi
  fi
  [ "$regressions_only" -eq 1 ] && continue

  rm -rf "${work:?}/$t"
  mkdir -p "$work/$t/corpus" "$work/$t/artifacts"
  cp -r "fuzz/corpus/$t/." "$work/$t/corpus/"
  echo "== $t: fuzzing for $seconds s ($(find "$work/$t/corpus" -type f | wc -l) seeds; log: $work/$t/fuzz*.log)"
  # libFuzzer stops at the first fault. One that is libhdf5's own (result_file_fuzz only) is kept
  # and reported, and fuzzing goes on for the time left (at most 10 such restarts).
  deadline=$(( $(date +%s) + seconds ))
  for attempt in 1 2 3 4 5 6 7 8 9 10 11; do
    left=$(( deadline - $(date +%s) ))
    [ "$left" -gt 0 ] || break
    log="$work/$t/fuzz.$attempt.log"
    rm -f "$work/$t/artifacts/"*
    # shellcheck disable=SC2046
    if "$bin/$t" "${limits[@]}" -max_total_time="$left" -print_final_stats=1 \
      -artifact_prefix="$work/$t/artifacts/" $(options "$t") "$work/$t/corpus" \
      </dev/null >"$log" 2>&1; then
      grep -E "^stat::number_of_executed_units|^stat::new_units_added" "$log" | tr '\n' ' ' || true
      echo
      break
    fi
    if [ "$t" = result_file_fuzz ] && [ "$attempt" -lt 11 ] && libhdf5_fault "$log"; then
      mkdir -p "$work/$t/libhdf5"
      cp "$work/$t/artifacts/"* "$work/$t/libhdf5/" 2>/dev/null || true
      kind="a memory error"
      grep -q "libFuzzer: timeout" "$log" && kind="a hang"
      grep -qE "allocation size|out-of-memory" "$log" && kind="an oversized allocation"
      echo "== $t: $kind inside libhdf5 itself, not TwinSim's code (fuzz/README.md," \
        "\"libhdf5's own faults\"); input kept in $work/$t/libhdf5/; fuzzing on"
      continue
    fi
    echo "== $t: CRASH. The end of its log ($log):"
    grep -E "ERROR|==twinsim-fuzz==|SUMMARY|#[0-9]+ .* in " "$log" | head -n 30 || true
    mkdir -p "$crashes/$t"
    for f in "$work/$t/artifacts/"*; do
      [ -e "$f" ] || continue
      cp "$f" "$crashes/$t/"
      echo "== $t: crashing input: $crashes/$t/$(basename "$f")"
      echo "   reproduce: $bin/$t $crashes/$t/$(basename "$f")"
    done
    failed+=("$t")
    break
  done
done

echo "fuzz.sh: done in $(( $(date +%s) - start )) s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz.sh: no crash in ${targets[*]}"
