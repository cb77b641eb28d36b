#!/usr/bin/python3
"""A sweep killed at any moment loses at most the runs in flight, and --resume finishes it with the
results of an uninterrupted sweep (docs/sweeps.md, "Interrupted sweeps"). For SIGKILL, SIGINT and
SIGTERM in turn: start `twinsim sweep` on one thread, read its partial file with h5py and xarray
(and, once, R's hdf5r) while it runs, send the signal once some runs are in, check that the file still opens and that
every run marked completed is whole, check that a rerun without --resume refuses to touch it, then
--resume and compare with the uninterrupted sweep bit for bit (failed runs and their reasons
included: runs 1 and 100 are made to fail).

Usage: /usr/bin/python3 tests/python/check_sweep_resume.py TWINSIM EXPERIMENT.toml WORKDIR
Prints "check_sweep_resume: OK" and exits 0, or says what went wrong and exits 1.
"""

import os
import shutil
import signal
import subprocess
import sys
import time

import h5py
import numpy as np
import xarray

from same_results import differences

twinsim, experiment, workdir = sys.argv[1:4]
# Two runs fail (a test hook): their failures, too, must survive the interruption.
os.environ["TWINSIM_FAIL_RUNS"] = "1,100"
os.makedirs(workdir, exist_ok=True)
problems = []


def expect(condition, message):
    if not condition:
        problems.append(message)
    return condition


def run(*args):
    return subprocess.run([twinsim, "sweep", experiment, *args], capture_output=True, text=True)


def completed(path):
    with h5py.File(path, "r") as f:
        return f["parameters/completed"][:]


reference = os.path.join(workdir, "reference.h5")
done = run("-o", reference, "-j", "2", "--force")
if done.returncode != 0:
    sys.exit(f"the uninterrupted sweep failed: {done.stderr}")
runs = len(completed(reference))

for sig in (signal.SIGKILL, signal.SIGINT, signal.SIGTERM):
    name = signal.Signals(sig).name
    output = os.path.join(workdir, f"{name}.h5")
    partial = output + ".partial"
    for path in (output, partial):
        if os.path.exists(path):
            os.remove(path)
    sweep = subprocess.Popen([twinsim, "sweep", experiment, "-o", output, "-j", "1"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Readable while it runs: poll with h5py until a few runs are in, then once with xarray.
    deadline = time.time() + 120
    seen = 0
    while time.time() < deadline and sweep.poll() is None:
        if os.path.exists(partial):
            try:
                seen = int(completed(partial).sum())
            except OSError as error:
                problems.append(f"{name}: the partial file did not open while running: {error}")
                break
            if seen >= 3:
                break
        time.sleep(0.05)
    if not expect(sweep.poll() is None and seen >= 3,
                  f"{name}: the sweep ended or stalled before it could be interrupted"):
        sweep.kill()
        sweep.wait()
        continue
    params = xarray.open_dataset(partial, engine="h5netcdf", group="parameters")
    expect(int(params.completed.sum()) >= 3, f"{name}: xarray sees no completed runs")
    params.close()
    if shutil.which("Rscript") and sig == signal.SIGKILL:
        read = subprocess.run(["Rscript", os.path.join(os.path.dirname(__file__), "..", "r",
                                                       "read_sweep.R"), partial, "3"],
                              capture_output=True, text=True)
        expect(read.returncode == 0, f"R (hdf5r) could not read the partial file while running: "
                                     f"{read.stdout} {read.stderr}")
    sweep.send_signal(sig)
    out, err = sweep.communicate(timeout=120)
    expected_status = {"SIGKILL": -9, "SIGINT": 130, "SIGTERM": 143}[name]
    expect(sweep.returncode == expected_status,
           f"{name}: exit status {sweep.returncode}, expected {expected_status}")
    if sig != signal.SIGKILL:
        expect("--resume" in out, f"{name}: the message does not say how to resume: {out}")

    # The file opens; what it marks completed is whole; the final name is not taken.
    expect(not os.path.exists(output), f"{name}: {output} exists for an unfinished sweep")
    with h5py.File(partial, "r") as f:
        flags = f["parameters/completed"][:]
        failed = f["parameters/failed"][:]
        reasons = f["parameters/failure"][:]
        ok = (flags == 1) & (failed == 0)
        whole = f["summary/jobs_south"][:][ok]
        series = f["timeseries/jobs_south"][:][ok]
    kept = int(flags.sum())
    expect(0 < kept < runs, f"{name}: {kept} of {runs} runs kept")
    expect(bool(np.isfinite(whole).all() and np.isfinite(series).all()),
           f"{name}: a run marked completed has missing values")
    # A run is done once completed with a failed flag of 0 or 1 (a completed run whose flag is
    # still NaN was cut while it was marked done); only then are its flag and reason final.
    done = (flags == 1) & ~np.isnan(failed)
    expect(bool(((failed == 1) == (reasons != b""))[done].all()) and failed[1] == 1,
           f"{name}: failures and their reasons do not match (run 1 failed first)")
    expect(bool(np.isnan(failed[flags == 0]).all()), f"{name}: a run not done has a failed flag")

    # Without --resume the partial file is not touched.
    again = run("-o", output)
    expect(again.returncode == 2 and "--resume" in again.stderr,
           f"{name}: a rerun without --resume: status {again.returncode}, {again.stderr}")
    expect(int(completed(partial).sum()) == kept, f"{name}: the refused rerun changed the file")

    if sig == signal.SIGKILL:
        # Another experiment cannot finish it.
        other = os.path.join(workdir, "other.toml")
        with open(experiment) as source, open(other, "w") as copy:
            text = source.read().replace("seed = 3", "seed = 4")
            base = os.path.abspath(os.path.join(os.path.dirname(experiment),
                                                "../../scenarios/default.toml"))
            copy.write(text.replace('"../../scenarios/default.toml"', f'"{base}"'))
        mismatch = subprocess.run([twinsim, "sweep", other, "-o", output, "--resume"],
                                  capture_output=True, text=True)
        expect(mismatch.returncode == 2 and "another experiment" in mismatch.stderr,
               f"resume with another experiment: {mismatch.returncode}, {mismatch.stderr}")

    resumed = run("-o", output, "--resume", "-j", "2")
    expect(resumed.returncode == 0 and "Resuming" in resumed.stdout,
           f"{name}: --resume: status {resumed.returncode}, {resumed.stdout} {resumed.stderr}")
    expect(not os.path.exists(partial), f"{name}: the partial file is left after --resume")
    if os.path.exists(output):
        problems += [f"{name}: {d}" for d in differences(reference, output)]
    nothing = run("-o", output, "--resume")
    expect(nothing.returncode == 0 and "nothing to resume" in nothing.stdout,
           f"{name}: --resume of a complete file: {nothing.returncode} {nothing.stdout}")

if problems:
    print("\n".join(problems))
    sys.exit(1)
shutil.rmtree(workdir, ignore_errors=True)
print("check_sweep_resume: OK (SIGKILL, SIGINT, SIGTERM)")
