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


NO_AGENT = np.uint64(2**64 - 1)  # the id of a free slot (attribute no_agent of /agents/<p>/id)
MAX_SLOTS_PER_CHUNK = 65536


def names(value):
    """A string-list attribute as a list of str (h5py and xarray give a 1-element list as a str)."""
    if value is None:
        return []
    return [text(v) for v in np.atleast_1d(value)]


def check_panels_h5py(f, runs):
    """The /agents groups (per-agent panels); returns {population: (variables, snapshot, slot)}."""
    populations = names(f.attrs.get("populations"))
    if "populations" not in f.attrs:
        expect("agents" not in f, "/agents exists but the root attribute populations does not")
        return {}
    if not expect("agents" in f, "root attribute populations given but no /agents group"):
        return {}
    expect(len(populations) > 0, "root attribute populations is empty")
    expect(sorted(f["agents"].keys()) == sorted(populations),
           f"/agents holds {sorted(f['agents'].keys())}, populations lists {populations}")
    run = f["run"]
    panels = {}
    for population in populations:
        group = f.get(f"agents/{population}")
        if not expect(group is not None, f"/agents/{population}: group missing"):
            continue
        where = group.name
        variables = names(group.attrs.get("variables"))
        every = group.attrs.get("every_months")
        expect(every is not None and np.asarray(every).dtype == np.int64 and every >= 1,
               f"{where}: every_months missing, not int64 or < 1")
        link = group.get("run", getlink=True)
        expect(isinstance(link, h5py.SoftLink) and link.path == "/run", f"{where}/run is not a soft link to /run")

        snapshot, slot = group["snapshot"], group["slot"]
        expect(snapshot.ndim == 1 and snapshot.dtype == np.float64, f"{where}/snapshot is not 1-D float64")
        expect(slot.ndim == 1 and slot.dtype == np.int64, f"{where}/slot is not 1-D int64")
        expect(h5py.h5ds.is_scale(snapshot.id) and h5py.h5ds.is_scale(slot.id),
               f"{where}: snapshot or slot is not a dimension scale")
        expect(text(snapshot.attrs.get("units")) == "months", f"{where}/snapshot units is not 'months'")
        check_described(snapshot)
        check_described(slot)
        snapshots, slots = snapshot.shape[0], slot.shape[0]
        if every is not None:
            expect(np.array_equal(snapshot[()], every * np.arange(1, snapshots + 1, dtype=np.float64)),
                   f"{where}/snapshot is not every_months x (1, 2, ...)")
            expect(snapshots * every <= f["time"].shape[0] < (snapshots + 1) * every,
                   f"{where}: {snapshots} snapshots every {every} months do not fit the horizon")
        expect(np.array_equal(slot[()], np.arange(slots)), f"{where}/slot is not 0..S-1")

        expected_chunk = None
        if slots > 0:
            pieces = -(-slots // MAX_SLOTS_PER_CHUNK)
            expected_chunk = (1, 1, -(-slots // pieces))
        shape = (runs, snapshots, slots)
        ids = group.get("id")
        if not expect(ids is not None, f"{where}/id missing"):
            continue
        expect(ids.dtype == np.uint64, f"{ids.name}: not uint64")
        no_agent = ids.attrs.get("no_agent")
        expect(no_agent is not None and np.asarray(no_agent).dtype == np.uint64 and no_agent == NO_AGENT,
               f"{ids.name}: attribute no_agent is not uint64 {NO_AGENT}")
        id_values = ids[()]
        free = id_values == NO_AGENT
        for name in ["id"] + variables:
            dataset = group.get(name)
            if not expect(dataset is not None, f"{where}/{name}: listed in attribute variables, missing"):
                continue
            expect(dataset.shape == shape, f"{dataset.name}: shape {dataset.shape} != {shape}")
            expect(dataset.chunks == expected_chunk, f"{dataset.name}: chunks {dataset.chunks} != {expected_chunk}")
            if expected_chunk is not None:
                expect(dataset.compression == "gzip" and dataset.shuffle, f"{dataset.name}: not shuffled+deflated")
            check_described(dataset, units=True)
            for dim, scale in enumerate((run, snapshot, slot)):
                check_scale_attached(dataset, dim, scale)
            if name != "id" and expect(dataset.dtype == np.float64, f"{dataset.name}: not float64"):
                expect(np.isnan(dataset[()][free]).all(), f"{dataset.name}: a free slot holds a value")
        for r in range(runs):
            for k in range(snapshots):
                row = id_values[r, k][~free[r, k]]
                expect(len(np.unique(row)) == len(row), f"{ids.name}[{r}, {k}]: an id appears twice")
        expect(sorted(group.keys()) == sorted(variables + ["id", "run", "slot", "snapshot"]),
               f"{where}: members {sorted(group.keys())} differ from the declared variables")
        panels[population] = (variables, snapshot[()], slot[()])
    return panels


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
        panels = check_panels_h5py(f, runs)
        return metrics, f["time"][()], f["run"][()], panels


def check_panels_xarray(path, panels, run):
    """Each /agents/<population> opens on its own with dims (run, snapshot, slot) and coordinates."""
    for population, (variables, snapshot, slot) in panels.items():
        group = f"agents/{population}"
        with xarray.open_dataset(path, engine="h5netcdf", group=group) as ds:
            expect(set(ds.data_vars) == set(variables) | {"id"}, f"xarray {group}: variables {sorted(ds.data_vars)}")
            for name in variables + ["id"]:
                if expect(name in ds.data_vars, f"xarray {group}: no variable {name}"):
                    expect(ds[name].dims == ("run", "snapshot", "slot"), f"xarray {group}/{name}: dims {ds[name].dims}")
                    expect("units" in ds[name].attrs, f"xarray {group}/{name}: units attribute lost")
            if "id" in ds.data_vars:
                expect(ds["id"].dtype == np.uint64, f"xarray {group}/id: dtype {ds['id'].dtype}, not uint64")
            for coord, values in (("run", run), ("snapshot", snapshot), ("slot", slot)):
                if expect(coord in ds.coords, f"xarray {group}: no coordinate {coord}"):
                    expect(np.array_equal(ds[coord].values, values), f"xarray {group}: {coord} values differ")
            if "snapshot" in ds.coords:
                expect(ds["snapshot"].attrs.get("units") == "months", f"xarray {group}: snapshot units lost")


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


def check_logframe(path):
    """Targets (logframe KPIs), when the file has any: /logframe/<name> (run) with its target."""
    with h5py.File(path, "r") as f:
        names = [text(n) for n in f.attrs.get("targets", [])]
        expect(("logframe" in f) == bool(names), "/logframe and the root attribute targets disagree")
        if not names:
            return
        runs = f["run"].shape[0]
        metrics = [text(m) for m in f.attrs["metrics"]]
        for name in names:
            d = f.get(f"logframe/{name}")
            if not expect(d is not None, f"/logframe/{name} missing"):
                continue
            expect(d.shape == (runs,) and d.dtype == np.float64, f"{d.name}: not float64 (run)")
            expect(text(d.attrs.get("metric")) in metrics, f"{d.name}: metric not recorded")
            expect(text(d.attrs.get("direction")) in ("at_least", "at_most"), f"{d.name}: direction")
            expect(float(d.attrs["month"]) in set(f["time"][()].tolist()), f"{d.name}: month")
            check_described(d, units=True)
            series = f["timeseries"][text(d.attrs["metric"])]
            step = int(np.argmax(f["time"][()] == float(d.attrs["month"])))
            expect(np.array_equal(d[()], series[:, step], equal_nan=True),
                   f"{d.name}: not the metric at its month")
    with xarray.open_dataset(path, engine="h5netcdf", group="logframe") as ds:
        expect(set(ds.data_vars) == set(names), f"xarray logframe: variables {sorted(ds.data_vars)}")
        expect("run" in ds.coords, "xarray logframe: no coordinate run")


def main(argv):
    if len(argv) != 2:
        print("usage: /usr/bin/python3 tests/python/check_output.py FILE.h5", file=sys.stderr)
        return 2
    path = argv[1]
    try:
        metrics, time, run, panels = check_h5py(path)
        check_xarray(path, metrics, time, run)
        check_panels_xarray(path, panels, run)
        check_logframe(path)
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
