#!/usr/bin/python3
"""`twinsim stress` as a designer and a researcher use it (docs/stress.md):

1. the file: every strategy under every condition, with the same seeds (common random numbers),
   each strategy's scenario and logframe stored with it;
2. each run is what `twinsim run STRATEGY --set <the conditions> --seed S` gives, bit for bit;
3. what the command prints (the chance of meeting the logframe, in how many conditions each
   strategy is the best) is what numpy computes from the file;
4. interrupted with SIGINT, it refuses to start over without --resume, refuses to finish with
   other strategies, and --resume gives the uninterrupted file bit for bit.

Usage: /usr/bin/python3 tests/python/check_stress.py TWINSIM WORKDIR UNCERTAINTIES STRATEGY...
Prints "check_stress: OK" and exits 0, or lists what went wrong and exits 1.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib

import h5py
import numpy as np

from same_results import differences

twinsim, workdir, uncertainties, *strategies = sys.argv[1:]
os.makedirs(workdir, exist_ok=True)
problems = []


def expect(condition, message):
    if not condition:
        problems.append(message)
    return condition


def stress(*args, strategy_files=strategies):
    return [twinsim, "stress", *strategy_files, "-u", uncertainties, *args]


reference = os.path.join(workdir, "reference.h5")
done = subprocess.run(stress("-o", reference, "-j", "2", "--force"), capture_output=True,
                      text=True)
if done.returncode != 0:
    sys.exit(f"the stress test failed: {done.stdout} {done.stderr}")
printed = done.stdout

with open(uncertainties, "rb") as f:
    design = tomllib.load(f)
names = [os.path.splitext(os.path.basename(s))[0] for s in strategies]
S, R = len(strategies), design["replicates"]

# 1. The file.
with h5py.File(reference, "r") as f:
    p = f["parameters"]
    expect(list(f.attrs["strategies"]) == names, f"strategies {list(f.attrs['strategies'])}")
    strategy, condition = p["strategy"][:].astype(int), p["condition"][:].astype(int)
    replicate, point = p["replicate"][:].astype(int), p["point"][:].astype(int)
    seed = p["seed"][:]
    runs = len(strategy)
    C = runs // (S * R)
    expect(C == design["samples"] and runs == C * S * R, f"{runs} runs for {C} conditions")
    r = np.arange(runs)
    expect(bool((point == r // R).all() and (replicate == r % R).all()), "point, replicate")
    expect(bool((strategy == point % S).all() and (condition == point // S).all()),
           "strategy and condition are not point % S and point // S")
    expect(bool((seed == design["seed"] + replicate).all()),
           "replicate r of every condition and strategy does not use seed + r")
    factors = {name: p[name][:] for name in design["vary"]}
    for name, values in factors.items():
        by_condition = values.reshape(C, S * R)
        expect(bool((by_condition == by_condition[:, :1]).all()),
               f"{name}: the strategies of a condition do not meet the same value")
        lo, hi = design["vary"][name]["min"], design["vary"][name]["max"]
        expect(bool(((values >= lo) & (values <= hi)).all()), f"{name}: outside [{lo}, {hi}]")
        expect(p[name].attrs["key"] == design["vary"][name]["key"], f"{name}: key attribute")
    expect(p["market_growth"].attrs["label"] == "market growth", "label attribute")
    sampled = np.array([values[::S * R] for values in factors.values()]).T
    expect(len(np.unique(sampled, axis=0)) == C, "two conditions are the same")
    kpis = {}
    for name, file in zip(names, strategies):
        g = f["strategies"][name]
        with open(file, "rb") as s:
            declared = tomllib.load(s).get("kpis", {})
        expect(g.attrs["file"] == file, f"{name}: file attribute {g.attrs['file']}")
        expect(sorted(g.attrs["kpis"]) == sorted(declared), f"{name}: kpis {list(g.attrs['kpis'])}")
        kpis[name] = {k: dict(g["logframe"][k].attrs) for k in g.attrs["kpis"]}
        for k, attrs in kpis[name].items():
            expect(attrs["target"] == declared[k]["target"] and attrs["metric"] ==
                   declared[k]["metric"], f"{name}: KPI {k} differs from its scenario")
    series = {m: f["timeseries"][m][:] for m in f.attrs["metrics"]}
    time_axis = f["time"][:]

# 2. A run of the stress test is a run of its strategy under its condition.
overrides = list(design.get("set", []))
for run in (0, runs - 1, (C // 2) * S * R + R + 1):
    s, c, rep = strategy[run], condition[run], replicate[run]
    sets = list(overrides)
    for name, spec in design["vary"].items():
        value = factors[name][run]
        # Integers as integers (an integer key takes no 3.0); reals round-trip exactly with repr.
        text = str(int(value)) if float(value).is_integer() else repr(float(value))
        sets.append(f"{spec['key']}={text}")
    single = os.path.join(workdir, f"run_{run}.h5")
    command = [twinsim, "run", strategies[s], "--seed", str(int(seed[run])), "--replicates", "1",
               "-o", single, "--force"]
    for item in sets:
        command += ["--set", item]
    result = subprocess.run(command, capture_output=True, text=True)
    if not expect(result.returncode == 0, f"twinsim run for run {run}: {result.stderr}"):
        continue
    with h5py.File(single, "r") as g:
        for m, values in series.items():
            if not np.array_equal(g["timeseries"][m][0], values[run], equal_nan=True):
                problems.append(f"run {run} ({names[s]}, condition {c}, replicate {rep}): {m} "
                                "differs from twinsim run with the same settings")
                break

# 3. What it printed, recomputed from the file.
for s, name in enumerate(names):
    mine = strategy == s
    met = np.ones(runs, dtype=bool)
    for k, attrs in kpis[name].items():
        step = int(np.searchsorted(time_axis, attrs["month"]))
        value = series[attrs["metric"]][:, step]
        met &= value >= attrs["target"] if attrs["direction"] == "at_least" else value <= attrs["target"]
    k, n = int((met & mine).sum()), int(mine.sum())
    row = re.search(rf"^{name} .*?$(?:\n^ +\S.*$)*?\n^ +all of them +{n} +(\d+)% \[", printed,
                    re.M)
    if expect(row is not None, f"{name}: no 'all of them' row with {n} runs in:\n{printed}"):
        expect(int(row.group(1)) == round(100 * k / n),
               f"{name}: printed {row.group(1)}% meet the logframe, the file says {k} of {n}")
jobs = series["jobs_south"][:, -1]
means = np.zeros((C, S))
for c in range(C):
    for s in range(S):
        means[c, s] = jobs[(condition == c) & (strategy == s)].mean()
best = means.max(axis=1, keepdims=True)
for s, name in enumerate(names):
    best_in = int((means[:, s] == best[:, 0]).sum())
    row = re.search(rf"^{name} +{C * R} +\S+ +\S+ +\S+ +(\d+)/{C} ", printed, re.M)
    if expect(row is not None, f"{name}: no outcome row in:\n{printed}"):
        expect(int(row.group(1)) == best_in,
               f"{name}: printed best in {row.group(1)} conditions, the file says {best_in}")
expect("Where each strategy fails" in printed, "no PRIM section")

# 4. Interrupted and resumed.
output = os.path.join(workdir, "interrupted.h5")
partial = output + ".partial"
for path in (output, partial):
    if os.path.exists(path):
        os.remove(path)
job = subprocess.Popen(stress("-o", output, "-j", "1"), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
# Interrupted a moment after its partial file appears, when some runs are done: the whole test
# takes about a second (64 runs), and finished runs reach the partial file once a second or when
# it stops, so they are counted after the interruption, not polled for.
deadline = time.time() + 120
while time.time() < deadline and job.poll() is None and not os.path.exists(partial):
    time.sleep(0.01)
time.sleep(0.3)
if expect(job.poll() is None, "the stress test ended before it could be interrupted"):
    job.send_signal(signal.SIGINT)
    out, err = job.communicate(timeout=120)
    expect(job.returncode == 130 and "--resume" in out, f"SIGINT: {job.returncode} {out} {err}")
    with h5py.File(partial, "r") as f:
        seen, total = int(f["parameters/completed"][:].sum()), f["parameters/completed"].size
    expect(0 < seen < total, f"interrupted with {seen} of {total} runs done, expected some")
    again = subprocess.run(stress("-o", output), capture_output=True, text=True)
    expect(again.returncode == 2 and "--resume" in again.stderr, f"rerun: {again.stderr}")
    other = subprocess.run(stress("-o", output, "--resume", strategy_files=strategies[::-1]),
                           capture_output=True, text=True)
    expect(other.returncode == 2 and "uncertainties file or strategies" in other.stderr,
           f"resume with the strategies in another order: {other.returncode} {other.stderr}")
    resumed = subprocess.run(stress("-o", output, "--resume", "-j", "2"), capture_output=True,
                             text=True)
    expect(resumed.returncode == 0 and "Resuming" in resumed.stdout,
           f"--resume: {resumed.returncode} {resumed.stdout} {resumed.stderr}")
    if os.path.exists(output):
        problems += [f"resumed: {d}" for d in differences(reference, output)]
else:
    job.kill()
    job.wait()

if problems:
    print("\n".join(problems))
    sys.exit(1)
shutil.rmtree(workdir, ignore_errors=True)
print(f"check_stress: OK ({S} strategies x {C} conditions x {R} replicates)")
