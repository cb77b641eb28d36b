#!/usr/bin/env bash
# Sweep speed on this machine: runs per second on 1 and 2 threads and on 2 MPI ranks, the parallel
# efficiency, and the share of the time spent writing HDF5, for each experiment in bench/sweeps/.
# Prints a Markdown table (docs/performance.md). Usage, from the repository's root after a Release
# build:   bench/sweep_scaling.sh [build/release/twinsim]
set -euo pipefail
twinsim=${1:-build/release/twinsim}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

# "Simulated N runs in S s (R runs/s; writing HDF5 H s, P%)" -> "N S P"
figures() { sed -n 's/^Simulated \([0-9]*\) runs in \([0-9.]*\) s (.*writing HDF5 [0-9.]* s, \([0-9.]*\)%).*/\1 \2 \3/p'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.2f", n / s }'; }
efficiency() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * a / (2 * b) }'; }

echo "| Experiment | Runs | 1 thread: runs/s | 2 threads: runs/s | efficiency | 2 MPI ranks: runs/s | efficiency | HDF5 share (1 thread / 2 threads / 2 ranks) |"
echo "|---|---|---|---|---|---|---|---|"
for experiment in bench/sweeps/*.toml; do
  name=$(basename "$experiment" .toml)
  read -r runs s1 p1 < <("$twinsim" sweep "$experiment" -o "$out/$name-1.h5" -j 1 | figures)
  read -r _ s2 p2 < <("$twinsim" sweep "$experiment" -o "$out/$name-2.h5" -j 2 | figures)
  mpi="n/a"; e_mpi="n/a"; p_mpi="n/a"
  if command -v mpirun > /dev/null; then
    read -r _ s_mpi p_mpi < <(mpirun -np 2 "$twinsim" sweep "$experiment" -o "$out/$name-mpi.h5" | figures)
    mpi=$(rate "$runs" "$s_mpi")
    e_mpi=$(efficiency "$s1" "$s_mpi")
  fi
  echo "| $name | $runs | $(rate "$runs" "$s1") | $(rate "$runs" "$s2") | $(efficiency "$s1" "$s2") | $mpi | $e_mpi | $p1% / $p2% / $p_mpi% |"
done
