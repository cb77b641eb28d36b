#!/usr/bin/python3
"""Checks a TwinSim result file the way a user reads it: with h5py, and with xarray (engine
h5netcdf), one group at a time.

Usage: /usr/bin/python3 tests/python/check_output.py FILE.h5
Prints "check_output: OK FILE.h5" and exits 0, or lists every mismatch and exits 1.
"""

import re
import sys

import h5py
import numpy as np
import xarray

problems = []


def expect(condition, message):
    if not condition:
        problems.append(message)
    return condition


def text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else value


def check_described(obj, units=None):
    """`units` (when given) and a non-empty `description` attribute."""
    if units is not None:
        expect("units" in obj.attrs, f"{obj.name}: no units attribute")
    expect(text(obj.attrs.get("description", "")) != "", f"{obj.name}: no description attribute")


def check_scale_attached(dataset, dim, scale):
    scales = list(dataset.dims[dim].values())
    expect(
        any(s == scale for s in scales),
        f"{dataset.name}: dimension {dim} has no scale {scale.name} attached",
    )


def check_h5py(path):
    """Layout, types, shapes and attributes; returns (metric names, runs, steps)."""
    with h5py.File(path, "r") as f:
        root = f.attrs
        expect(text(root.get("format")) == "twinsim/1", f"format is {root.get('format')!r}")
        for name in ("program_version", "git_commit", "scenario_name", "scenario", "created"):
            expect(isinstance(text(root.get(name)), str), f"root attribute {name} missing or not a string")
        expect(
            re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", text(root.get("created", ""))) is not None,
            f"created is not a UTC ISO-8601 time: {root.get('created')!r}",
        )
        base_seed = root.get("base_seed")
        expect(base_seed is not None and np.asarray(base_seed).dtype == np.uint64, "base_seed is not uint64")
        metrics = [text(m) for m in root.get("metrics", [])]
        expect(len(metrics) > 0, "root attribute metrics is missing or empty")

        time, run = f["time"], f["run"]
        expect(time.ndim == 1 and time.dtype == np.float64, "/time is not 1-D float64")
        expect(run.ndim == 1 and run.dtype == np.int64, "/run is not 1-D int64")
        expect(h5py.h5ds.is_scale(time.id) and h5py.h5ds.is_scale(run.id), "/time or /run is not a dimension scale")
        expect(text(time.attrs.get("units")) == "months", "/time units is not 'months'")
        expect(text(run.attrs.get("units")) == "1", "/run units is not '1'")
        check_described(time)
        check_described(run)
        runs, steps = run.shape[0], time.shape[0]
        expect(np.array_equal(run[()], np.arange(runs)), "/run is not 0..R-1")

        seed = f["parameters/seed"]
        expect(seed.shape == (runs,) and seed.dtype == np.uint64, "/parameters/seed is not uint64 (run)")
        check_described(seed)
        check_scale_attached(seed, 0, run)

        for name in metrics:
            series = f.get(f"timeseries/{name}")
            summary = f.get(f"summary/{name}")
            if not expect(series is not None and summary is not None, f"{name}: dataset missing"):
                continue
            expect(series.shape == (runs, steps), f"{series.name}: shape {series.shape} != {(runs, steps)}")
            expect(series.dtype == np.float64, f"{series.name}: not float64")
            expect(series.chunks == (min(runs, 16), steps), f"{series.name}: chunks {series.chunks}")
            expect(series.compression == "gzip" and series.shuffle, f"{series.name}: not shuffled+deflated")
            check_described(series, units=True)
            check_scale_attached(series, 0, run)
            check_scale_attached(series, 1, time)

            expect(summary.shape == (runs,), f"{summary.name}: shape {summary.shape} != {(runs,)}")
            expect(summary.attrs.get("units") == series.attrs.get("units"), f"{summary.name}: units differ")
            check_described(summary, units=True)
            check_scale_attached(summary, 0, run)
            if steps > 0:
                expect(
                    np.array_equal(summary[()], series[:, -1], equal_nan=True),
                    f"{summary.name}: not the last step of {series.name}",
                )
        return metrics, f["time"][()], f["run"][()]


def check_xarray(path, metrics, time, run):
    """Each group opens on its own with named dimensions and the root scales as coordinates."""
    with xarray.open_dataset(path, engine="h5netcdf", group="timeseries") as ds:
        for name in metrics:
            if not expect(name in ds.data_vars, f"xarray timeseries: no variable {name}"):
                continue
            expect(ds[name].dims == ("run", "time"), f"xarray timeseries/{name}: dims {ds[name].dims}")
            expect("units" in ds[name].attrs, f"xarray timeseries/{name}: units attribute lost")
        expect(set(ds.data_vars) == set(metrics), f"xarray timeseries: variables {sorted(ds.data_vars)}")
        for coord, values in (("time", time), ("run", run)):
            if expect(coord in ds.coords, f"xarray timeseries: no coordinate {coord}"):
                expect(np.array_equal(ds[coord].values, values), f"xarray timeseries: {coord} values differ")
        if "time" in ds.coords:
            expect(ds["time"].attrs.get("units") == "months", "xarray timeseries: time units lost")

    with xarray.open_dataset(path, engine="h5netcdf", group="summary") as ds:
        for name in metrics:
            if expect(name in ds.data_vars, f"xarray summary: no variable {name}"):
                expect(ds[name].dims == ("run",), f"xarray summary/{name}: dims {ds[name].dims}")
        expect("run" in ds.coords, "xarray summary: no coordinate run")

    with xarray.open_dataset(path, engine="h5netcdf", group="parameters") as ds:
        if expect("seed" in ds.data_vars, "xarray parameters: no variable seed"):
            expect(ds["seed"].dims == ("run",), f"xarray parameters/seed: dims {ds['seed'].dims}")
        expect("run" in ds.coords, "xarray parameters: no coordinate run")

    with xarray.open_dataset(path, engine="h5netcdf") as ds:
        expect(ds.attrs.get("format") == "twinsim/1", "xarray root: format attribute differs")
        expect({"time", "run"} <= set(ds.coords), f"xarray root: coordinates {sorted(ds.coords)}")


def main(argv):
    if len(argv) != 2:
        print("usage: /usr/bin/python3 tests/python/check_output.py FILE.h5", file=sys.stderr)
        return 2
    path = argv[1]
    try:
        metrics, time, run = check_h5py(path)
        check_xarray(path, metrics, time, run)
    except Exception as error:  # a missing object or an unreadable file is a mismatch too
        problems.append(f"{type(error).__name__}: {error}")
    if problems:
        for problem in problems:
            print(f"check_output: {path}: {problem}", file=sys.stderr)
        print(f"check_output: FAILED {path} ({len(problems)} problems)", file=sys.stderr)
        return 1
    print(f"check_output: OK {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
