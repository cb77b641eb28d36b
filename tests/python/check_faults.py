#!/usr/bin/python3
"""Faults while writing and signals while running (issue 9, "Faults"): what a user finds after each.

- A full disk (a small tmpfs mounted in a private mount namespace: needs root or unprivileged user
  namespaces; otherwise these cases are skipped with a message): run, compare and sweep stop with
  exit status 1 and a message naming the file and "No space left on device"; nothing is left in
  the folder; a file that existed is unchanged. A sweep whose disk fills up after it started
  completes (its partial file is allocated whole when it is created).
- An output folder without write permission (as an unprivileged user when run as root) and a
  read-only file system: run, compare, sweep and stress stop with exit status 2 before simulating.
- SIGINT, SIGTERM and SIGKILL during run and compare: exit status 130, 143 or killed; for the
  first two the message says nothing was written; no file and no temporary file in the folder (after
  SIGKILL, the output's lock file `.out.h5.lock` may stay: the next run takes it over); a file that
  existed is unchanged. (Sweeps and kill -9: tests/python/check_sweep_resume.py.)
- SIGTERM during stress, then --resume: the same file as an uninterrupted stress test.
- run and sweep asking for 8 threads where a limit on the user's tasks gives 2: they complete, with
  the results of one thread (as root, through setpriv and prlimit; skipped otherwise).

Usage: /usr/bin/python3 tests/python/check_faults.py TWINSIM SOURCE_DIR WORKDIR
Prints each case and "check_faults: OK", or what went wrong, and exits 1.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from same_results import differences

twinsim, source, workdir = (os.path.abspath(a) for a in sys.argv[1:4])
scenario = os.path.join(source, "scenarios", "default.toml")
experiment = os.path.join(source, "tests", "sweeps", "interrupt.toml")
strategies = [os.path.join(source, "scenarios", "stress", "strategies", name)
              for name in ("fast_track.toml", "cluster_first.toml")]
uncertainties = os.path.join(source, "tests", "stress", "uncertainties.toml")
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


# --- A full disk: a tmpfs of a given size, in a mount namespace of its own -----------------------

def namespace_command():
    """The unshare command that lets this user mount a tmpfs, or None."""
    probe = fresh("probe")
    for command in (["unshare", "-m"], ["unshare", "-r", "-m"]):
        try:
            done = subprocess.run(command + ["sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {probe}"],
                                  capture_output=True)
        except FileNotFoundError:
            return None
        if done.returncode == 0:
            return command
    return None


def on_small_disk(size, script):
    """Runs the shell `script` with $D a fresh tmpfs of `size` and $T twinsim; returns (exit
    status of the script's last `$T` command, its stderr, the files left in $D, any output of
    `echo KEPT=...`)."""
    mount = fresh("disk")
    text = (f'D={mount}; T={twinsim}; mount -t tmpfs -o size={size} tmpfs "$D" || exit 99; cd "$D"; '
            + script + '; echo "RC=$rc"; echo "FILES=$(ls -A "$D" | tr "\\n" " ")"')
    done = subprocess.run(namespace + ["sh", "-c", text], capture_output=True, text=True)
    lines = dict(line.split("=", 1) for line in done.stdout.splitlines()
                 if line.startswith(("RC=", "FILES=", "KEPT=")))
    return int(lines.get("RC", -1)), done.stderr, lines.get("FILES", "?").split(), lines.get("KEPT")


namespace = namespace_command()
if namespace is None:
    print("full disk: SKIPPED (no mount namespace for this user: neither `unshare -m` nor "
          "`unshare -r -m` may mount a tmpfs here)")
else:
    for command in (f'"$T" run {scenario} --replicates 2 -o out.h5',
                    f'"$T" compare {scenario} --replicates 2 -o out.h5'):
        rc, err, files, _ = on_small_disk("64k", command + "; rc=$?")
        what = command.split()[1]
        expect(rc == 1, f"full disk, {what}: exit status {rc}, expected 1 ({err})")
        expect("out.h5: not written, no file was created" in err and
               "No space left on device" in err,
               f"full disk, {what}: unclear message: {err!r}")
        expect("Segmentation" not in err, f"full disk, {what}: crashed: {err!r}")
        expect(files == [], f"full disk, {what}: files left behind: {files}")
        print(f"full disk, {what}: exit 1, nothing left: {err.strip().splitlines()[-1]}")

    # An existing file, replaced with --force on a disk without room for the new one: unchanged.
    rc, err, files, kept = on_small_disk(
        "64k", f'echo precious > out.h5; "$T" run {scenario} --replicates 2 -o out.h5 --force; '
               'rc=$?; echo "KEPT=$(cat out.h5)"')
    expect(rc == 1 and "the existing file is unchanged" in err and kept == "precious"
           and files == ["out.h5"],
           f"full disk, run --force over a file: status {rc}, kept {kept!r}, files {files}: {err}")
    print("full disk, run --force over an existing file: exit 1, the file unchanged")

    # A sweep's partial file is allocated whole when it is created: on a disk too small for it
    # the sweep stops before any run; one whose disk fills up later finishes.
    rc, err, files, _ = on_small_disk("2m", f'"$T" sweep {experiment} -j 2 -o s.h5; rc=$?')
    expect(rc == 1 and "No space left on device" in err and files == [],
           f"full disk, sweep: status {rc}, files {files}: {err}")
    print(f"full disk, sweep: exit 1 before any run, nothing left")
    rc, err, files, _ = on_small_disk(
        "14m", f'"$T" sweep {experiment} -j 2 -o s.h5 > log 2>&1 & pid=$!; '
               'while [ ! -e s.h5.partial ] && kill -0 $pid 2>/dev/null; do sleep 0.05; done; '
               'dd if=/dev/zero of=filler bs=64k 2>/dev/null; wait $pid; rc=$?; rm -f filler log')
    expect(rc == 0 and files == ["s.h5"],
           f"sweep whose disk filled up while it ran: status {rc}, files {files}")
    print("full disk, filled while a sweep runs: the sweep completes")


# --- An output folder nobody may write to ------------------------------------------------------

def unprivileged():
    """A command prefix that runs as user nobody when we are root (root writes anywhere)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv"):
        return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    return None


def public_copy():
    """The program and the inputs these cases read, copied (same layout) into a folder under the
    system's temporary folder that any user may read: the checkout and build folders may lie
    where user nobody cannot go (/root on a CI machine)."""
    root = tempfile.mkdtemp(prefix="twinsim-faults-")
    os.chmod(root, 0o755)
    copies = {}
    for path in [twinsim, scenario, experiment, uncertainties, *strategies]:
        relative = os.path.basename(path) if path == twinsim else os.path.relpath(path, source)
        target = os.path.join(root, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(path, target)
        copies[path] = target
    for folder, _, _ in os.walk(root):
        os.chmod(folder, 0o755)
    return root, copies


# --- Fewer threads than asked for ---------------------------------------------------------------

def tasks_of(uid):
    """How many tasks (processes and threads) user `uid` has now: what RLIMIT_NPROC counts."""
    count = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/status") as status:
                uids = next(line for line in status if line.startswith("Uid:")).split()
            if int(uids[1]) == uid:
                count += len(os.listdir(f"/proc/{pid}/task"))
        except (OSError, StopIteration):
            pass
    return count


def limited_threads(prefix, public, copy):
    """run and sweep asked for 8 threads where the system gives 2 (a limit on the user's tasks):
    they finish on the threads that start, with the results of one thread, instead of crashing."""
    if not prefix or not shutil.which("prlimit"):
        print("fewer threads than asked for: SKIPPED (needs root, setpriv and prlimit)")
        return
    folder = os.path.join(public, "threads")
    os.makedirs(folder)
    os.chmod(folder, 0o777)
    limit = tasks_of(65534) + 3  # this process and 2 more threads
    for name, args in {"run": ["run", copy[scenario], "--replicates", "4"],
                       "sweep": ["sweep", copy[experiment]]}.items():
        before = len(problems)
        outs = {}
        for threads, cap in (("8", ["prlimit", f"--nproc={limit}:{limit}"]), ("1", [])):
            out = os.path.join(folder, f"{name}_{threads}.h5")
            done = subprocess.run(cap + prefix + [copy[twinsim], *args, "-j", threads, "-o", out],
                                  capture_output=True, text=True)
            expect(done.returncode == 0,
                   f"{name} -j {threads} under a limit on tasks: exit status {done.returncode}: "
                   f"{done.stderr[-300:]!r}")
            outs[threads] = out
        if all(os.path.exists(o) for o in outs.values()):
            diff = differences(outs["8"], outs["1"])
            expect(diff == [], f"{name}: 8 threads asked, 2 given, differs from 1: {diff[:5]}")
        if len(problems) == before:
            print(f"fewer threads than asked for, {name}: completes, the same results as one "
                  "thread")


prefix = unprivileged()
if prefix is None:
    print("unwritable folder: SKIPPED (running as root without setpriv)")
else:
    public, copy = public_copy()
    locked = os.path.join(public, "locked")
    os.makedirs(locked)
    os.chmod(locked, 0o555)
    commands = {
        "run": ["run", copy[scenario], "--replicates", "1"],
        "compare": ["compare", copy[scenario], "--replicates", "1"],
        "sweep": ["sweep", copy[experiment]],
        "stress": ["stress", *(copy[s] for s in strategies), "-u", copy[uncertainties]],
    }
    for name, args in commands.items():
        out = os.path.join(locked, "out.h5")
        done = subprocess.run(prefix + [copy[twinsim], *args, "-o", out], capture_output=True,
                              text=True)
        expect(done.returncode == 2, f"unwritable folder, {name}: exit status {done.returncode}")
        expect(f"cannot write to folder {locked}" in done.stderr and "Permission denied" in
               done.stderr and "nothing was simulated" in done.stderr,
               f"unwritable folder, {name}: unclear message: {done.stderr!r}")
        expect("Simulated" not in done.stdout, f"unwritable folder, {name}: it simulated first")
        expect(os.listdir(locked) == [], f"unwritable folder, {name}: files {os.listdir(locked)}")
        print(f"unwritable folder, {name}: exit 2 before simulating")
    limited_threads(prefix, public, copy)
    shutil.rmtree(public)
if namespace is not None:
    rc, err, files, _ = on_small_disk(
        "64k", f'mount -o remount,ro "$D"; "$T" run {scenario} --replicates 1 -o out.h5; rc=$?')
    expect(rc == 2 and "Read-only file system" in err,
           f"read-only file system, run: status {rc}: {err!r}")
    print("read-only file system, run: exit 2 before simulating")


# --- Signals during run and compare -----------------------------------------------------------

def interrupt(command, sig, existing=None):
    """Starts twinsim `command` writing to a fresh folder, sends `sig` once it is simulating and
    returns (exit status, stderr, files left, content of out.h5 or None)."""
    folder = fresh("signals")
    out = os.path.join(folder, "out.h5")
    if existing is not None:
        with open(out, "w") as f:
            f.write(existing)
    args = [twinsim, command, scenario, "--replicates", "400", "-j", "2", "-o", out]
    if existing is not None:
        args.append("--force")
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in process.stdout:  # the header ends with the replicates line; then it simulates
        if "replicates x" in line or "replicate x" in line:
            break
    time.sleep(1.0)
    process.send_signal(sig)
    _, err = process.communicate(timeout=120)
    content = None
    if os.path.exists(out):
        with open(out, "rb") as f:
            content = f.read()
    return process.returncode, err, sorted(os.listdir(folder)), content


for command in ("run", "compare"):
    for sig, status in ((signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGKILL, -9)):
        name = signal.Signals(sig).name
        rc, err, files, _ = interrupt(command, sig)
        expect(rc == status, f"{name} during {command}: exit status {rc}, expected {status}")
        # Killed with -9, a process cannot remove its output's lock (an empty hidden file, which
        # the next run on that output takes over and removes: check_hostile_files.py).
        left = [f for f in files if not (sig == signal.SIGKILL and f == ".out.h5.lock")]
        expect(left == [], f"{name} during {command}: files left: {files}")
        if sig != signal.SIGKILL:
            expect(f"interrupted by {name}: nothing was written" in err,
                   f"{name} during {command}: unclear message: {err!r}")
        print(f"{name} during {command}: exit status {rc}, nothing left in the folder"
              + (" but the output's lock" if files else ""))
    rc, err, files, content = interrupt(command, signal.SIGINT, existing="precious")
    expect(rc == 130 and files == ["out.h5"] and content == b"precious",
           f"SIGINT during {command} --force over a file: status {rc}, files {files}, {content!r}")
    print(f"SIGINT during {command} --force over an existing file: the file unchanged")


# --- SIGTERM during stress, then --resume ------------------------------------------------------

folder = fresh("stress")
reference = os.path.join(folder, "reference.h5")
stress = [twinsim, "stress", *strategies, "-u", uncertainties, "-j", "1"]
done = subprocess.run(stress + ["-o", reference], capture_output=True, text=True)
expect(done.returncode == 0, f"the uninterrupted stress test failed: {done.stderr}")
out = os.path.join(folder, "out.h5")
process = subprocess.Popen(stress + ["-o", out], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
while not os.path.exists(out + ".partial") and process.poll() is None:
    time.sleep(0.05)
time.sleep(0.5)
process.send_signal(signal.SIGTERM)
process.communicate(timeout=120)
expect(process.returncode in (143, 0), f"SIGTERM during stress: exit status {process.returncode}")
expect(not os.path.exists(out) or process.returncode == 0,
       "SIGTERM during stress: the final file exists although it stopped early")
done = subprocess.run(stress + ["-o", out, "--resume"], capture_output=True, text=True)
expect(done.returncode == 0, f"stress --resume failed: {done.stderr}")
if expect(os.path.exists(out), "stress --resume wrote no file"):
    diff = [d for d in differences(reference, out) if "git_commit" not in d]
    expect(diff == [], f"stress, interrupted and resumed, differs from uninterrupted: {diff[:5]}")
print(f"SIGTERM during stress (exit status {process.returncode}), then --resume: "
      "the same file as an uninterrupted stress test")

if problems:
    print("check_faults: FAILED")
    for p in problems:
        print("  " + p)
    sys.exit(1)
print("check_faults: OK")
