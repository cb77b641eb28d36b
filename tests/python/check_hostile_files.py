#!/usr/bin/python3
"""Hostile neighbours in the file system (issue 20: "Never destroy what is not ours", "Never publish
a wrong result"), each written as the attack:

- devices: every output path (-o of run, compare, sweep and stress; a sweep's partial file and
  --log; analyze --report; the files of a figure, for compare and analyze --plot) naming a character device made in this test's folder (as root: a copy
  of /dev/null's node), a FIFO, a socket, a folder or a symbolic link is refused with status 2,
  even with --force; the node is still there, of the same kind, and nothing else was made;
- leftovers: the temporary files of a run killed with -9 while writing are removed by the next run
  on the same output;
- two writers: a second `sweep --force` (and `stress --force`) on an output a first one is writing
  stops with status 2 without touching the first one's partial file, and the first one publishes
  the same file as a sweep nobody disturbed;
- --resume of a damaged partial file: flags outside {0, 1}, a design column or a seed that differ
  from what the experiment makes are refused with status 2 (the file unchanged, nothing
  published); runs marked done whose results are not finite are run again, and the result is the
  undisturbed sweep's, bit for bit;
- signals while the output file is being written (not while simulating): SIGINT and SIGTERM stop
  with 130 and 143, leave an existing file unchanged and no temporary file; a second SIGINT too.

Usage: /usr/bin/python3 tests/python/check_hostile_files.py TWINSIM SOURCE_DIR WORKDIR
Prints each case and "check_hostile_files: OK", or what went wrong, and exits 1.
"""

import glob
import os
import shutil
import signal
import subprocess
import sys
import time

import h5py
import numpy as np

from file_nodes import changed, make_device, make_fifo, make_socket, snapshot
from same_results import differences

twinsim, source, workdir = (os.path.abspath(a) for a in sys.argv[1:4])
scenario = os.path.join(source, "tests", "bad_input", "fast.toml")
inputs = os.path.join(source, "tests", "bad_input")
# A small stress test: two strategies under two sampled conditions.
stress_test = [os.path.join(inputs, "fast.toml"), os.path.join(inputs, "slow.toml"), "-u",
               os.path.join(inputs, "small_uncertainties.toml")]
shutil.rmtree(workdir, ignore_errors=True)
os.makedirs(workdir)
problems = []


def expect(condition, message):
    if not condition:
        problems.append(message)
    return condition


def fresh(name):
    path = os.path.join(workdir, name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def twinsim_run(*args, cwd=None, timeout=300):
    return subprocess.run([twinsim, *args], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout)


def experiment(folder, replicates=4, base=scenario):
    """A sweep of `base`: 3 points x `replicates`."""
    path = os.path.join(folder, "exp.toml")
    with open(path, "w") as f:
        f.write(f'base = "{base}"\ndesign = "grid"\nreplicates = {replicates}\nseed = 5\n\n'
                '[vary.growth]\nkey = "market.growth_per_year"\nlevels = [-0.04, 0.0, 0.04]\n')
    return path


# --- Outputs that are not regular files --------------------------------------------------------

def make_nodes(folder):
    """Nodes of every kind in `folder`; name -> a description of what it must stay."""
    nodes = {}
    try:
        make_device(os.path.join(folder, "device"))
        nodes["device"] = "character device"
    except PermissionError:
        print("  (not root: no device node can be made; the other kinds are checked)")
    make_fifo(os.path.join(folder, "fifo"))
    nodes["fifo"] = "FIFO"
    server = make_socket(os.path.join(folder, "socket"))
    nodes["socket"] = "socket"
    os.mkdir(os.path.join(folder, "folder"))
    nodes["folder"] = "directory"
    with open(os.path.join(folder, "victim"), "w") as f:
        f.write("the victim's file\n")
    os.symlink(os.path.join(folder, "victim"), os.path.join(folder, "link"))
    nodes["link"] = "symbolic link"
    os.symlink(os.path.join(folder, "nowhere"), os.path.join(folder, "dangling"))
    nodes["dangling"] = "symbolic link"
    return nodes, server


print("Outputs that are not regular files: refused with status 2, even with --force")
folder = fresh("nodes")
nodes, server = make_nodes(folder)
exp = experiment(folder)
before = snapshot(folder)

def refused(what, args, said, kind):
    done = twinsim_run(*args, timeout=60)
    expect(done.returncode == 2,
           f"{what}: exit status {done.returncode}, expected 2: {done.stderr[-300:]}")
    expect(said in done.stderr and kind in done.stderr,
           f"{what}: the message does not say {said} is a {kind}: {done.stderr}")


for name, kind in nodes.items():
    target = os.path.join(folder, name)
    refused(f"run -o {name}", ["run", scenario, "-o", target, "--force"], target, kind)
    refused(f"compare -o {name}", ["compare", scenario, "-o", target, "--force"], target, kind)
    refused(f"sweep -o {name}", ["sweep", exp, "-o", target, "--force"], target, kind)
    refused(f"stress -o {name}", ["stress", *stress_test, "-o", target, "--force"], target, kind)
    refused(f"sweep --log {name}", ["sweep", exp, "-o", os.path.join(folder, "s.h5"), "--log",
                                    target, "--force"], target, kind)
    if name == "folder":
        continue
    # The node as a sweep's partial file, OUT.h5.partial.
    partial = os.path.join(folder, "p.h5.partial")
    os.rename(target, partial)
    for extra in (["--force"], ["--resume"]):
        refused(f"sweep {extra[0]} with {name} as its partial file",
                ["sweep", exp, "-o", os.path.join(folder, "p.h5"), *extra], partial, kind)
    if expect(os.path.lexists(partial), f"a sweep removed {name}, its partial file"):
        os.rename(partial, target)
    differ = changed(before, snapshot(folder))
    expect(not differ, f"-o {name}: these entries of the folder changed: {differ}")
server.close()

print("analyze --report onto a device, a FIFO, a link: refused with status 2")
result = os.path.join(workdir, "small.h5")
done = twinsim_run("run", scenario, "-o", result, "--force")
expect(done.returncode == 0, f"run for analyze: {done.stderr}")
folder = fresh("report_nodes")
nodes, server = make_nodes(folder)
before = snapshot(folder)
for name in nodes:
    done = twinsim_run("analyze", result, "--report", os.path.join(folder, name), "--force")
    expect(done.returncode == 2, f"analyze --report {name}: status {done.returncode}: "
           f"{done.stderr}")
differ = changed(before, snapshot(folder))
expect(not differ, f"analyze --report changed the folder: {differ}")
server.close()

print("Figures (compare --plot, analyze --plot) over a FIFO or a link: refused with status 2")
folder = fresh("figure_nodes")
with open(os.path.join(folder, "victim"), "w") as f:
    f.write("the victim's file\n")
os.mkdir(os.path.join(folder, "figs"))
os.mkfifo(os.path.join(folder, "figs", "jobs.svg"))
os.symlink(os.path.join(folder, "victim"), os.path.join(folder, "figs", "trajectory_jobs_south.gp"))
before = snapshot(os.path.join(folder, "figs"))
for what, args, said in (
        ("compare --plot", ["compare", scenario, "-o", os.path.join(folder, "c.h5"), "--plot",
                            os.path.join(folder, "figs"), "--force"], "jobs.svg: is a FIFO"),
        ("analyze --plot", ["analyze", result, "--plot", os.path.join(folder, "figs"), "--force"],
         "trajectory_jobs_south.gp: is a symbolic link")):
    done = twinsim_run(*args)
    expect(done.returncode == 2 and said in done.stderr,
           f"{what} over a FIFO or a link: status {done.returncode}: {done.stderr[-300:]}")
expect(snapshot(os.path.join(folder, "figs")) == before, "--plot changed the FIFO or the link")
expect(sorted(os.listdir(folder)) == ["figs", "victim"], f"left: {sorted(os.listdir(folder))}")
with open(os.path.join(folder, "victim")) as f:
    expect(f.read() == "the victim's file\n", "--plot wrote through a link")

# --- What a run killed with -9 while writing leaves ------------------------------------------

print("Temporary files of a writer killed with -9 are removed by the next run on that output")
folder = fresh("leftovers")
output = os.path.join(folder, "out.h5")
for name in (".out.h5.tmp-4242", ".out.h5.tmp-0123456789abcdef", ".out.h5.partial.tmp-77"):
    with open(os.path.join(folder, name), "w") as f:
        f.write("half a file\n")
with open(os.path.join(folder, ".out.h5.tmp-x.tmp-1"), "w") as f:  # not out.h5's
    f.write("another output's\n")
done = twinsim_run("run", scenario, "-o", output)
expect(done.returncode == 0, f"run over leftovers: {done.stderr}")
expect("Removed" in done.stdout and ".out.h5.tmp-4242" in done.stdout,
       f"run does not say what it removed: {done.stdout}")
expect(sorted(os.listdir(folder)) == [".out.h5.tmp-x.tmp-1", "out.h5"],
       f"left in the folder: {sorted(os.listdir(folder))}")


def write_phase(args, folder, signals, pause=0.0):
    """Starts twinsim with `args`, sends `signals` (one after the other, `pause` s apart) as soon as
    a temporary file appears in `folder` (the output being written); returns (exit status, stderr,
    whether a temporary file was seen)."""
    process = subprocess.Popen([twinsim, *args], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    seen = False
    deadline = time.time() + 240
    while process.poll() is None and time.time() < deadline:
        if glob.glob(os.path.join(folder, ".*.tmp-*")):
            seen = True
            for k, sig in enumerate(signals):
                if k:
                    time.sleep(pause)
                process.send_signal(sig)
            break
        time.sleep(0.001)
    _, err = process.communicate(timeout=240)
    return process.returncode, err, seen


# A run whose file takes a while to write: the firm panel of every month.
big = ["run", os.path.join(source, "scenarios", "default.toml"), "--record", "firms:1",
       "--replicates", "4", "-j", "2", "--force"]

folder = fresh("killed")
output = os.path.join(folder, "out.h5")
status, err, seen = write_phase(big + ["-o", output], folder, [signal.SIGKILL])
if expect(seen and status == -signal.SIGKILL, f"kill -9 while writing: seen {seen}, {status}"):
    left = [n for n in os.listdir(folder) if ".tmp-" in n]
    expect(left, "kill -9 while writing left no temporary file: the case tests nothing")
    done = twinsim_run("run", scenario, "-o", output)
    expect(done.returncode == 0 and "Removed" in done.stdout, f"the next run: {done.stdout}")
    expect(sorted(os.listdir(folder)) == ["out.h5"],
           f"after the next run: {sorted(os.listdir(folder))}")

# --- Signals while writing ------------------------------------------------------------------

print("SIGINT and SIGTERM while the file is being written: 130/143, the old file unchanged")
for signals, expected in (([signal.SIGINT], 130), ([signal.SIGTERM], 143),
                          ([signal.SIGINT, signal.SIGINT], 130)):
    folder = fresh("write_signal")
    output = os.path.join(folder, "out.h5")
    with open(output, "w") as f:
        f.write("an earlier result\n")
    status, err, seen = write_phase(big + ["-o", output], folder, signals, pause=0.05)
    names = "+".join(signal.Signals(s).name for s in signals)
    if not expect(seen, f"{names}: the write phase was never seen"):
        continue
    expect(status == expected, f"{names} while writing: status {status}, expected {expected}: "
           f"{err}")
    with open(output, "rb") as f:
        expect(f.read() == b"an earlier result\n", f"{names} while writing replaced the file")
    expect(sorted(os.listdir(folder)) == ["out.h5"],
           f"{names} while writing left {sorted(os.listdir(folder))}")

# --- Two writers of one output --------------------------------------------------------------

print("A second sweep or stress test on an output being written stops with status 2")


def second_writer(command, design, folder, reference_args):
    """`design`: the command's inputs (a list of arguments)."""
    output = os.path.join(folder, "out.h5")
    partial = output + ".partial"
    first = subprocess.Popen([twinsim, command, *design, "-o", output, "-j", "1"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while not os.path.exists(partial) and time.time() < deadline and first.poll() is None:
        time.sleep(0.01)
    if not expect(os.path.exists(partial), f"{command}: no partial file appeared"):
        first.kill()
        return
    inode = os.stat(partial).st_ino
    second = twinsim_run(command, *design, "-o", output, "--force", "-j", "1", timeout=120)
    expect(second.returncode == 2, f"second {command} --force: status {second.returncode}: "
           f"{second.stderr}")
    expect("another TwinSim is writing it" in second.stderr,
           f"second {command}: the message does not say who writes it: {second.stderr}")
    resumed = twinsim_run(command, *design, "-o", output, "--resume", "-j", "1", timeout=120)
    expect(resumed.returncode == 2, f"{command} --resume meanwhile: status {resumed.returncode}")
    expect(first.poll() is None,
           f"{command}: the first one had finished before the second started: the case tests "
           "nothing (make it longer)")
    expect(os.path.exists(partial) and os.stat(partial).st_ino == inode,
           f"{command}: the first one's partial file was replaced")
    out, err = first.communicate(timeout=300)
    expect(first.returncode == 0, f"first {command}: status {first.returncode}: {err}")
    reference = os.path.join(folder, "reference.h5")
    done = twinsim_run(command, *design, "-o", reference, *reference_args, timeout=300)
    expect(done.returncode == 0, f"reference {command}: {done.stderr}")
    if os.path.exists(output) and os.path.exists(reference):
        found = differences(reference, output)
        expect(not found, f"{command}: the first one's file differs from an undisturbed one: "
               f"{found[:5]}")


# Long enough (several seconds on one thread) for the second to start while the first runs.
default = os.path.join(source, "scenarios", "default.toml")
folder = fresh("two_sweeps")
second_writer("sweep", [experiment(folder, replicates=40, base=default)], folder, ["-j", "2"])
folder = fresh("two_stress")
long_uncertainties = os.path.join(folder, "uncertainties.toml")
with open(long_uncertainties, "w") as f:
    f.write('design = "lhs"\nsamples = 24\nreplicates = 4\nseed = 5\n\n[vary.growth]\n'
            'key = "market.growth_per_year"\nmin = -0.05\nmax = 0.05\n')
strategies = os.path.join(source, "scenarios", "stress", "strategies")
second_writer("stress", [os.path.join(strategies, "fast_track.toml"),
                         os.path.join(strategies, "cluster_first.toml"), "-u", long_uncertainties],
              folder, ["-j", "2"])

# --- --resume of damaged partial files -----------------------------------------------------

print("--resume checks the partial file it is given")
folder = fresh("resume")
exp = experiment(folder, replicates=40, base=default)
reference = os.path.join(folder, "reference.h5")
done = twinsim_run("sweep", exp, "-o", reference, "-j", "2")
expect(done.returncode == 0, f"reference sweep: {done.stderr}")
stopped = os.path.join(folder, "stopped.h5")
process = subprocess.Popen([twinsim, "sweep", exp, "-o", stopped, "-j", "1"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
partial = stopped + ".partial"
deadline = time.time() + 120
while time.time() < deadline and process.poll() is None:
    if os.path.exists(partial):
        try:
            with h5py.File(partial, "r") as f:
                if f["parameters/completed"][:].sum() >= 4:
                    break
        except OSError:
            pass
    time.sleep(0.01)
process.send_signal(signal.SIGTERM)
process.wait(timeout=120)
with h5py.File(partial, "r") as f:
    done_runs = np.flatnonzero(f["parameters/completed"][:] == 1)
if expect(2 <= len(done_runs) < 120, f"the stopped sweep holds {len(done_runs)} runs"):
    victim = int(done_runs[1])

    def damaged(name, change):
        copy = os.path.join(folder, name + ".h5")
        shutil.copy(partial, copy + ".partial")
        with h5py.File(copy + ".partial", "r+") as f:
            change(f)
        return copy

    def refused_resume(name, change, said):
        copy = damaged(name.replace(" ", "_"), change)
        with open(copy + ".partial", "rb") as f:
            bytes_before = f.read()
        done = twinsim_run("sweep", exp, "-o", copy, "--resume", "-j", "2")
        expect(done.returncode == 2, f"--resume of a partial file with {name}: status "
               f"{done.returncode}: {done.stderr}")
        expect(said in done.stderr, f"--resume with {name}: the message does not say "
               f"'{said}': {done.stderr}")
        expect(not os.path.exists(copy), f"--resume with {name} published {copy}")
        if expect(os.path.exists(copy + ".partial"), f"--resume with {name}: no partial file"):
            with open(copy + ".partial", "rb") as f:
                expect(f.read() == bytes_before, f"--resume with {name} changed the partial file")

    def set_value(path, index, value):
        def change(f):
            data = f[path][:]
            data[index] = value
            f[path][...] = data
        return change

    refused_resume("a completed flag of 7", set_value("parameters/completed", victim, 7), "not 0 or 1")
    refused_resume("a failed flag of 0.5", set_value("parameters/failed", victim, 0.5), "not 0 or 1")
    refused_resume("a design column changed", set_value("parameters/growth", victim, 0.3),
            "/parameters/growth differs")
    refused_resume("a seed changed", set_value("parameters/seed", victim, 999), "/parameters/seed differs")
    # Runs marked done whose results are gone: run again, to the undisturbed sweep's file.
    for name, change in (
            ("a NaN in a run marked done", set_value("timeseries/jobs_south", (victim, 3), np.nan)),
            ("an infinite summary", set_value("summary/jobs_south", victim, np.inf))):
        copy = damaged(name.replace(" ", "_"), change)
        done = twinsim_run("sweep", exp, "-o", copy, "--resume", "-j", "2")
        expect(done.returncode == 0, f"--resume with {name}: status {done.returncode}: "
               f"{done.stderr}")
        expect("run again" in done.stdout, f"--resume with {name} does not say it re-runs it: "
               f"{done.stdout}")
        if os.path.exists(copy):
            found = differences(reference, copy)
            expect(not found, f"--resume with {name}: differs from the undisturbed sweep: "
                   f"{found[:5]}")

if problems:
    print("check_hostile_files: FAILED")
    for p in problems:
        print("  -", p)
    sys.exit(1)
print("check_hostile_files: OK")
