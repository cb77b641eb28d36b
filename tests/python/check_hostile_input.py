#!/usr/bin/python3
"""Input that would hang TwinSim or exhaust the machine (issue 20, "Never crash, never hang, never
exhaust the machine on input"), written as the attack.

Files that are not files: a FIFO, a character device and a socket, made in the case's own
folder, named where TwinSim reads a scenario (run, check, compare --against, serve), an experiment
(sweep), its base scenario, a strategy and an uncertainties file (stress), and a result file
(run FILE.h5, analyze).

Each is refused at once: exit status 2 within TIMEOUT seconds (opening a FIFO to read it waits for
a writer forever; a device such as /dev/zero never ends; /dev/null reads as an empty scenario and
runs the defaults), a message naming the file and "not a regular file (a FIFO)" (a character
device, a socket), nothing written to the folder. The device node needs root (os.mknod): without
it those cases are skipped with a message.

Scenarios and designs that cannot fit in memory (64 sectors of 10^7 firms; 10^7 design points of
64 sectors): refused with exit status 2 and the estimate ("needs about"), in less than
MEMORY_SECONDS and with a peak resident memory below MEMORY_RSS (nothing was allocated for them).
They run under a 4 GiB address-space limit (prlimit), so that a binary that allocates instead
fails fast without taking the machine's memory.

Usage: /usr/bin/python3 tests/python/check_hostile_input.py TWINSIM SOURCE_DIR WORKDIR
Prints one line per case and "check_hostile_input: OK (N cases)", or what went wrong, and exits 1.
"""

import os
import re
import resource
import shutil
import subprocess
import sys
import time

from file_nodes import changed, make_device, make_fifo, make_socket, snapshot

TIMEOUT = 10  # seconds: a refusal takes milliseconds; a FIFO without a writer blocks forever
MEMORY_SECONDS = 2  # a refusal by the memory estimate (measured: 0.01 s)
MEMORY_RSS = 64 << 20  # bytes of peak resident memory (measured: 16 MB)
LIMIT_AS = ["prlimit", f"--as={4 << 30}"]

twinsim, source, workdir = (os.path.abspath(a) for a in sys.argv[1:4])
inputs = os.path.join(source, "tests", "bad_input")
small = os.path.join(inputs, "small.toml")
fast, slow = os.path.join(inputs, "fast.toml"), os.path.join(inputs, "slow.toml")
uncertainties = os.path.join(inputs, "small_uncertainties.toml")
shutil.rmtree(workdir, ignore_errors=True)
os.makedirs(workdir)

CRASH = re.compile(r"Traceback|terminate called|Aborted|Segmentation|AddressSanitizer|"
                   r"runtime error:|twinsim: failed:")


def unix_socket(path):
    SOCKETS.append(make_socket(path))  # kept open (and bound) until the end


SOCKETS = []
KINDS = {"FIFO": make_fifo, "character device": make_device, "socket": unix_socket}

# (name, the hostile file's name, command line with {f} for it, files beside it)
CASES = [
    ("run", "in.toml", ["run", "{f}"], {}),
    ("check", "in.toml", ["check", "{f}"], {}),
    ("compare_against", "in.toml", ["compare", small, "--against", "{f}"], {}),
    ("serve", "in.toml", ["serve", "{f}", "--port", "0"], {}),
    ("run_symlink", "link.toml", ["run", "link.toml"], {}),
    ("rerun_h5", "in.h5", ["run", "{f}"], {}),
    ("analyze", "in.h5", ["analyze", "{f}"], {}),
    ("sweep_experiment", "exp.toml", ["sweep", "{f}"], {}),
    ("sweep_base", "base.toml", ["sweep", "exp.toml"],
     {"exp.toml": 'base = "base.toml"\n[vary.growth]\nkey = "market.growth_per_year"\n'
                  "levels = [0.0, 0.01]\n"}),
    ("stress_strategy", "in.toml", ["stress", fast, "{f}", "-u", uncertainties], {}),
    ("stress_uncertainties", "u.toml", ["stress", fast, slow, "-u", "{f}"], {}),
]


def run_case(kind, make, name, hostile, cmd, files):
    """Runs one case; returns what is wrong (empty when it passes), or None when skipped."""
    folder = os.path.join(workdir, re.sub(r"\W+", "_", f"{kind}_{name}"))
    os.makedirs(folder)
    for file_name, text in files.items():
        with open(os.path.join(folder, file_name), "w") as f:
            f.write(text)
    target = "target" + os.path.splitext(hostile)[1] if hostile == "link.toml" else hostile
    try:
        make(os.path.join(folder, target))
    except PermissionError:
        return None
    if hostile == "link.toml":
        os.symlink(target, os.path.join(folder, hostile))
    before = snapshot(folder)
    args = [a.replace("{f}", hostile) for a in cmd]
    try:
        r = subprocess.run([twinsim, *args], cwd=folder, capture_output=True, text=True,
                           errors="replace", timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return [f"did not stop within {TIMEOUT} s (blocked on the {kind}?): twinsim "
                + " ".join(args)]
    problems = []
    err = r.stderr
    if r.returncode != 2:
        problems.append(f"exit status {r.returncode}, expected 2")
    if CRASH.search(err + r.stdout):
        problems.append("a crash or an unhandled failure: " + CRASH.search(err + r.stdout).group(0))
    expected = re.escape(hostile) + r": cannot read .*not a regular file \(a " + kind + r"\)"
    if not re.search(expected, err):
        problems.append(f"the message does not say /{expected}/")
    for file_name in changed(before, snapshot(folder)):
        problems.append(f"{'created' if file_name not in before else 'changed'} {file_name}")
    if problems:
        problems.append(f"command: twinsim {' '.join(args)}\nstderr: {err.strip()[-800:]}\n"
                        f"stdout: {r.stdout.strip()[-300:]}")
    return problems


HUGE = "horizon_months = 24\n" + "".join(
    f"[sectors.s{i}]\nfirms_south = 10000000\nfirms_north = 0\n" for i in range(64))
MEMORY_CASES = [
    ("run 64 sectors of 10^7 firms", ["run", "huge.toml", "-j", "2"], {"huge.toml": HUGE}),
    ("compare 64 sectors of 10^7 firms", ["compare", "huge.toml"], {"huge.toml": HUGE}),
    ("sweep of 10^7 points", ["sweep", "exp.toml"],
     {"base.toml": HUGE.replace("10000000", "1"),
      "exp.toml": 'base = "base.toml"\ndesign = "random"\nsamples = 10000000\n'
                  '[vary.growth]\nkey = "market.growth_per_year"\nmin = 0.0\nmax = 0.1\n'}),
]


def memory_case(name, args, files):
    """Runs one memory case; returns what is wrong (empty when it passes)."""
    folder = os.path.join(workdir, "memory_" + re.sub(r"\W+", "_", name))
    os.makedirs(folder)
    for file_name, text in files.items():
        with open(os.path.join(folder, file_name), "w") as f:
            f.write(text)
    out, err = os.path.join(workdir, "out.txt"), os.path.join(workdir, "err.txt")
    start = time.monotonic()
    with open(out, "w") as o, open(err, "w") as e:
        child = subprocess.Popen(LIMIT_AS + [twinsim, *args], cwd=folder, stdout=o, stderr=e,
                                 stdin=subprocess.DEVNULL)
        try:
            child.wait(timeout=TIMEOUT * 6)
        except subprocess.TimeoutExpired:
            child.kill()
            return [f"did not stop within {TIMEOUT * 6} s: twinsim {' '.join(args)}"]
    seconds = time.monotonic() - start
    with open(err) as f:
        message = f.read()
    problems = []
    if child.returncode != 2:
        problems.append(f"exit status {child.returncode}, expected 2")
    if not re.search(r"needs about [\d.]+ [GTP]iB", message):
        problems.append("the message gives no estimate (needs about ...)")
    if seconds > MEMORY_SECONDS:
        problems.append(f"took {seconds:.2f} s, expected less than {MEMORY_SECONDS} s")
    # The largest peak of the children so far: these cases run first, so it is theirs.
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    if rss > MEMORY_RSS:
        problems.append(f"a child reached {rss >> 20} MiB of resident memory, expected less than "
                        f"{MEMORY_RSS >> 20} MiB (it allocated)")
    print(f"     {seconds:.2f} s, peak {rss >> 20} MiB: {message.strip().splitlines()[0][:160]}"
          if message.strip() else f"     {seconds:.2f} s, no message")
    if problems:
        problems.append(f"command: twinsim {' '.join(args)}\nstderr: {message.strip()[-600:]}")
    return problems


def main():
    failed, ran, skipped = [], 0, set()
    # First, while the children's peak memory says only theirs. A sanitizer build reserves more
    # address space than the limit allows: it cannot start there, and its memory is not the
    # release binary's.
    limited = subprocess.run(LIMIT_AS + [twinsim, "--version"], capture_output=True)
    if limited.returncode != 0:
        skipped.add("memory (twinsim cannot start under " + " ".join(LIMIT_AS) + ")")
    for name, args, files in MEMORY_CASES if limited.returncode == 0 else []:
        problems = memory_case(name, args, files)
        ran += 1
        label = f"memory: {name}"
        print(("ok   " if not problems else "FAIL ") + label)
        for p in problems:
            print("     " + p.replace("\n", "\n     "))
        if problems:
            failed.append(label)
    for kind, make in KINDS.items():
        for name, hostile, cmd, files in CASES:
            problems = run_case(kind, make, name, hostile, cmd, files)
            if problems is None:
                skipped.add(kind)
                continue
            ran += 1
            label = f"{kind}: {name}"
            print(("ok   " if not problems else "FAIL ") + label)
            for p in problems or []:
                print("     " + p.replace("\n", "\n     "))
            if problems:
                failed.append(label)
    for kind in sorted(skipped):
        print(f"SKIP {kind}" + ("" if kind.startswith("memory") else
                                ": making one needs root (os.mknod)"))
    for s in SOCKETS:
        s.close()
    if failed:
        sys.exit(f"check_hostile_input: {len(failed)} of {ran} cases failed: {', '.join(failed)}")
    print(f"check_hostile_input: OK ({ran} cases" +
          (f", {', '.join(sorted(skipped))} skipped" if skipped else "") + ")")


if __name__ == "__main__":
    main()
