#!/usr/bin/python3
"""Checks a file written by `twinsim sweep` the way a user reads it: the varied parameters and the
summaries merged with xarray on the run dimension, each parameter naming its scenario key.

Usage: /usr/bin/python3 tests/python/check_sweep.py FILE.h5 NAME...
(NAME: the varied parameters the file must have). Prints "check_sweep: OK FILE.h5" and exits 0,
or lists every mismatch and exits 1.
"""

import sys

import h5py
import numpy as np
import xarray

problems = []


def expect(condition, message):
    if not condition:
        problems.append(message)
    return condition


path, names = sys.argv[1], sys.argv[2:]
params = xarray.open_dataset(path, engine="h5netcdf", group="parameters")
summary = xarray.open_dataset(path, engine="h5netcdf", group="summary")
both = xarray.merge([params, summary])
runs = both.sizes["run"]
for name in names + ["point", "replicate", "seed"]:
    if expect(name in params, f"/parameters has no {name}"):
        expect(params[name].dims == ("run",), f"{name}: dims {params[name].dims}")
with h5py.File(path, "r") as f:
    for name in names:
        expect(f[f"parameters/{name}"].attrs.get("key", "") != "", f"{name}: no key attribute")
    expect("experiment" in f.attrs, "no experiment attribute")
# run = point x replicates + replicate
replicates = int(params["replicate"].max()) + 1
expect(np.array_equal(params["point"].values * replicates + params["replicate"].values,
                      np.arange(runs)), "runs are not ordered by point, then replicate")
# A finished sweep: every run completed; failed is 0 or 1, with a reason exactly when 1.
expect(bool((params["completed"].values == 1).all()), "a run is not completed")
failed = params["failed"].values
expect(bool(np.isin(failed, [0, 1]).all()), "failed is not 0 or 1 everywhere")
reasons = params["failure"].values
expect(bool(((reasons != b"") == (failed == 1)).all()), "a failure reason without a failure")
# A main effect can be computed without TwinSim.
if names:
    means = both.jobs_south.groupby(both[names[0]]).mean()
    expect(means.size >= 2 and bool(np.isfinite(means).all()), "no main effect of " + names[0])

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"check_sweep: OK {path}")
