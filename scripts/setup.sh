#!/usr/bin/env bash
# Installs the Debian 12 packages TwinSim needs to build, test and read its outputs.
# Idempotent: when everything is installed already it changes nothing and needs no network.
# Run as root (or with sudo).
set -euo pipefail

packages=(
  cmake ninja-build g++ git pkg-config
  libboost-graph-dev libboost-random1.74-dev libeigen3-dev
  libhdf5-dev hdf5-helpers hdf5-tools
  catch2 libtomlplusplus-dev libcli11-dev
  # Parallel loops (oneTBB), JSON (nlohmann-json) and formatting (fmt).
  libtbb-dev nlohmann-json3-dev libfmt-dev
  # To read outputs as users do, in tests: h5py and xarray (with the h5netcdf engine).
  python3-h5py python3-xarray python3-h5netcdf
  # scripts/fuzz.sh builds the libFuzzer targets in fuzz/ with clang and its fuzzer runtime;
  # llvm-14's llvm-symbolizer-14 puts file and line into crash reports.
  clang libclang-rt-14-dev llvm-14
  # `twinsim compare --plot` draws its figures (PNG and SVG) with gnuplot.
  gnuplot-nox
  # `mpirun -np N twinsim sweep ...` distributes a sweep over MPI ranks (OpenMPI, Boost.MPI).
  libopenmpi-dev openmpi-bin libboost-mpi-dev
  # To read sweep files as R users do, in tests: R's hdf5r (R and Chromium below are installed
  # without their recommended extras, which would be hundreds of packages).
  r-cran-hdf5r
  # Tests open the HTML reports of `twinsim analyze --report` in headless Chromium, and drive the
  # classroom page of `twinsim serve` in it through chromedriver (Selenium).
  chromium chromium-driver python3-selenium
)
# Packages installed without their "Recommends".
lean=(r-cran-hdf5r chromium chromium-driver python3-selenium)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
full=() light=()
for p in "${missing[@]}"; do
  if [[ " ${lean[*]} " == *" $p "* ]]; then light+=("$p"); else full+=("$p"); fi
done
if [ ${#full[@]} -gt 0 ]; then $SUDO apt-get install -y -qq "${full[@]}"; fi
if [ ${#light[@]} -gt 0 ]; then $SUDO apt-get install -y -qq --no-install-recommends "${light[@]}"; fi
echo "setup: done"
