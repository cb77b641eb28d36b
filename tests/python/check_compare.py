#!/usr/bin/python3
"""Checks a file written by `twinsim compare` the way a user reads it: each world with xarray as
a standard result (one group at a time), the effects under /impact with dimensions (run, time),
and the accounting identity gross = net + deadweight + displacement in the numbers read back.

Usage: /usr/bin/python3 tests/python/check_compare.py FILE.h5
Prints "check_compare: OK FILE.h5" and exits 0, or lists every mismatch and exits 1.
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


path = sys.argv[1]
with h5py.File(path, "r") as f:
    expect(f.attrs["format"] == "twinsim-compare/1", f"format is {f.attrs['format']!r}")
    for world in ("intervention", "counterfactual"):
        expect(world in f, f"no /{world}")
        expect(f[world].attrs.get("format") == "twinsim/1", f"/{world} is not a standard layout")

runs = None
for world in ("intervention", "counterfactual"):
    ts = xarray.open_dataset(path, engine="h5netcdf", group=f"{world}/timeseries")
    expect(set(ts.jobs_south.dims) == {"run", "time"}, f"{world}: jobs_south dims {ts.jobs_south.dims}")
    runs = ts.sizes["run"]

impact = xarray.open_dataset(path, engine="h5netcdf", group="impact")
for outcome in ("jobs", "output", "exports", "firms", "links_cross_border", "links_cooperation"):
    for part in ("gross", "deadweight", "additional", "displacement", "net", "displacement_ratio",
                 "leakage", "clients_intervention", "clients_counterfactual"):
        name = f"{outcome}_{part}"
        if not expect(name in impact, f"/impact has no {name}"):
            continue
        expect(impact[name].dims == ("run", "time"), f"{name}: dims {impact[name].dims}")
        expect(impact[name].attrs.get("units", "") != "", f"{name}: no units")
    if f"{outcome}_gross" in impact:
        lhs = impact[f"{outcome}_gross"].values
        rhs = (impact[f"{outcome}_net"] + impact[f"{outcome}_deadweight"]
               + impact[f"{outcome}_displacement"]).values
        expect(np.allclose(lhs, rhs, rtol=1e-9, atol=1e-6),
               f"{outcome}: gross != net + deadweight + displacement")
expect(impact.sizes["run"] == runs, "impact and worlds differ in runs")
# The net effect on jobs is the difference of the two worlds' recorded jobs_south.
with h5py.File(path, "r") as f:
    diff = f["intervention/timeseries/jobs_south"][...] - f["counterfactual/timeseries/jobs_south"][...]
    expect(np.allclose(impact["jobs_net"].values, diff, atol=1e-6), "jobs_net != difference of jobs_south")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"check_compare: OK {path}")
