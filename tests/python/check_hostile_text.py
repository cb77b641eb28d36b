#!/usr/bin/python3
"""Text as an attack (issue 20; docs/errors.md): every text a user can set that reaches gnuplot
(a scenario's name, in its file or by --set; a result file's names, units, descriptions and
labels, doctored with h5py; an uncertainties file's labels; the name of a result file or of a
--plot folder) set to payloads that try to end gnuplot's string or line, or to make it run or
expand something that creates MARKER: control characters, quotes of both kinds, backslashes,
backquotes, @macros, system(), !, non-UTF-8 bytes, ]]>. Each command must succeed, draw its figures
(a PNG, an SVG that parses as XML) and create no MARKER. Names that would make a figure's file
name a path are refused with status 2, and nothing is written outside the folder. The temporary
folders of analyze --report and serve's /download cannot be taken over by a folder made in advance
at their old, predictable names (twinsim-report-PID, twinsim-serve-PID-N) holding symlinks.

Usage: /usr/bin/python3 tests/python/check_hostile_text.py TWINSIM WORKDIR
Prints "check_hostile_text: OK" and exits 0, or what went wrong and exits 1. Needs gnuplot.
"""

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET

import h5py

TWINSIM, WORK = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
MARKER = os.path.join(WORK, "MARKER")
TMPDIR = os.path.join(WORK, "tmp")  # the system's temporary folder, for every command here
os.makedirs(TMPDIR)
# Payloads touch $HOSTILE_MARKER: the shell gnuplot would start expands it, and a file name can
# hold the command without a "/".
ENV = dict(os.environ, TMPDIR=TMPDIR, HOSTILE_MARKER=MARKER)
failures = []


def expect(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL", what)


TOUCH = "touch $HOSTILE_MARKER"
PAYLOADS = {
    "newline_system": f'evil\nsystem("{TOUCH}")\n#',
    "quote_newline": f"x'\nsystem('{TOUCH}')\nprint '",
    "bang": f"x\n!{TOUCH}\n",
    "backquote": f"`{TOUCH}`",
    "double_quote": f'" . system("{TOUCH}") . "',
    "macro_escapes": "@ARG0 @cmd \\' \\n \\\\ '' \"\" \\",
    "controls": "nul\0 cr\r tab\t esc\x1b[2J del\x7f nel\x85 line\u2028 end",
    "xml": "<svg> &amp; ]]> ]]]> <!-- &#0; ?>",
}
EVERYTHING = " | ".join(PAYLOADS.values())
NOT_UTF8 = b" \xff\xfe \xc0\xaf \xed\xa0\x80 \xe2\x82 \xef\xbf\xbf end"
HOSTILE_BYTES = EVERYTHING.replace("\0", "").encode() + NOT_UTF8  # HDF5 strings end at a NUL


def toml_string(text):
    """`text` as a TOML basic string (every control character escaped)."""
    out = '"'
    for c in text:
        if c in '"\\':
            out += "\\" + c
        elif ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F:
            out += f"\\u{ord(c):04X}"
        else:
            out += c
    return out + '"'


def as_shown(text):
    """`text` as a figure shows it (analysis/gnuplot.hpp): control characters as spaces, "]]>"
    broken, a quote at the start or after another as U+2019."""
    clean = "".join(" " if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F else c for c in text)
    return "".join("\u2019" if c == "'" and (i == 0 or clean[i - 1] == "'") else c
                   for i, c in enumerate(clean)).replace("]]>", "]] >")


def scenario(name, kpi=False, fast_track=False):
    """A small scenario (2 replicates of 24 months, 50 firms) named `name`."""
    text = (f"horizon_months = 24\n[scenario]\nname = {toml_string(name)}\n[run]\nreplicates = 2\n"
            "seed = 1\n[sectors.manufacturing]\nfirms_south = 30\nfirms_north = 20\n[project]\n"
            "enabled = true\nstart_month = 3\nduration_months = 12\nassisted_firms = 5\n"
            f"fast_track = {'true' if fast_track else 'false'}\n")
    if kpi:
        text += '[kpis.jobs]\nmetric = "jobs_south"\ntarget = 330.0\nmonth = 24\n'
    return text


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


class Ran:
    """What a command did: its exit status, standard error and process id."""

    def __init__(self, process):
        _, self.stderr = process.communicate()
        self.returncode, self.pid = process.returncode, process.pid


def run(args, what, status=0, preexec=None):
    """Runs twinsim ARGS in WORK; checks its exit status and that MARKER was not created."""
    r = Ran(subprocess.Popen([TWINSIM, *args], cwd=WORK, env=ENV, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, preexec_fn=preexec))
    expect(r.returncode == status,
           f"{what}: exit status {r.returncode}, expected {status}\n"
           f"{r.stderr.decode(errors='replace')[-2000:]}")
    expect(not os.path.exists(MARKER), f"{what}: gnuplot ran a command (MARKER exists)")
    if os.path.exists(MARKER):
        os.remove(MARKER)
    return r


def check_figures(folder, what, at_least, shows=None):
    """Every figure in `folder` drawn: PNG, an SVG that is XML (showing text `shows`, when given),
    its data and script; and no private folder left."""
    if not os.path.isdir(folder):
        expect(False, f"{what}: no folder {folder!r}")
        return
    scripts = sorted(glob.glob(os.path.join(glob.escape(folder), "*.gp")))
    expect(len(scripts) >= at_least, f"{what}: {len(scripts)} figures, expected {at_least}")
    for gp in scripts:
        stem = gp[:-3]
        png = b""
        if os.path.exists(stem + ".png"):
            with open(stem + ".png", "rb") as f:
                png = f.read(8)
        expect(png == b"\x89PNG\r\n\x1a\n", f"{what}: {stem}.png is not a PNG")
        try:
            text = "".join(ET.parse(stem + ".svg").getroot().itertext())
            expect(shows is None or shows in text, f"{what}: {stem}.svg does not show {shows!r}")
        except (ET.ParseError, OSError) as e:
            expect(False, f"{what}: {stem}.svg is not XML: {e}")
        expect(os.path.exists(stem + ".dat"), f"{what}: {stem}.dat is missing")
    hidden = [n for n in os.listdir(folder) if n.startswith(".")]
    expect(not hidden, f"{what}: left in the folder: {hidden}")


def doctor(path, group, attributes):
    """Sets text attributes of `group` in the HDF5 file `path` (bytes stored as they are)."""
    with h5py.File(path, "r+") as f:
        for key, value in attributes.items():
            f[group].attrs.create(key, value, dtype=h5py.string_dtype("utf-8"))


def doctor_metrics(path, group):
    """Every metric's units and description in `group` (timeseries, summary) made hostile."""
    with h5py.File(path, "r+") as f:
        for name in f[group]:
            for key in ("units", "description"):
                if key in f[group][name].attrs:
                    f[group][name].attrs.create(key, HOSTILE_BYTES,
                                                dtype=h5py.string_dtype("utf-8"))


# --- A scenario's name, in its file and by --set: twinsim compare --plot ---------------------

for key, payload in PAYLOADS.items():
    path = os.path.join(WORK, "names", key + ".toml")
    write(path, scenario(payload))
    figs = os.path.join(WORK, "names", key)
    run(["compare", path, "-o", os.path.join(WORK, "names", key + ".h5"), "--plot", figs],
        f"compare with scenario name {key}")
    check_figures(figs, f"compare with scenario name {key}", 4, as_shown(payload))

small = os.path.join(WORK, "small.toml")
write(small, scenario("small"))
for how, value in (("bare", PAYLOADS["newline_system"] + PAYLOADS["backquote"]),
                   ("toml", toml_string(EVERYTHING))):
    figs = os.path.join(WORK, "set_" + how)
    run(["compare", small, "--set", "scenario.name=" + value, "-o", figs + ".h5", "--plot", figs],
        f"compare --set scenario.name ({how})")
    check_figures(figs, f"compare --set scenario.name ({how})", 4)

# Against another scenario: both names in every title.
other = os.path.join(WORK, "other.toml")
write(other, scenario(EVERYTHING))
figs = os.path.join(WORK, "against")
run(["compare", other, "--against", other, "-o", figs + ".h5", "--plot", figs],
    "compare --against with hostile names")
check_figures(figs, "compare --against", 4)

# --- Result files: what analyze --plot and --report read -----------------------------------

files = os.path.join(WORK, "files")
os.makedirs(files)
run(["run", small, "-o", os.path.join(files, "run.h5")], "run")
run(["compare", small, "-o", os.path.join(files, "compare.h5")], "compare")
write(os.path.join(files, "sweep.toml"),
      f'base = "{small}"\ndesign = "grid"\nreplicates = 1\n[vary.growth]\n'
      'key = "market.growth_per_year"\nlevels = [-0.1, 0.1]\n')
run(["sweep", os.path.join(files, "sweep.toml"), "-o", os.path.join(files, "sweep.h5")], "sweep")
# A stress test whose KPI some runs miss (so PRIM's figure is drawn), with the conditions' label
# and unit set, as users set them, in the uncertainties file.
for name, fast in (("fast", True), ("slow", False)):
    write(os.path.join(files, name + ".toml"), scenario(name, kpi=True, fast_track=fast))
write(os.path.join(files, "uncertainties.toml"),
      'design = "lhs"\nsamples = 20\nreplicates = 1\n[vary.growth]\n'
      f'key = "market.growth_per_year"\nmin = -0.5\nmax = 0.5\nlabel = {toml_string(EVERYTHING)}\n'
      f'unit = {toml_string(PAYLOADS["controls"])}\nscale = 100\n')
run(["stress", os.path.join(files, "fast.toml"), os.path.join(files, "slow.toml"), "-u",
     os.path.join(files, "uncertainties.toml"), "-o", os.path.join(files, "stress.h5")],
    "stress with hostile labels")

hostile = HOSTILE_BYTES
# The file's own name is in the figures' captions.
odd = "file'\n`" + TOUCH + "` \\ \"q\" @x \x1b \udcff"
for kind in ("run", "compare", "sweep", "stress"):
    original = os.path.join(files, kind + ".h5")
    path = os.path.join(files, kind + odd + ".h5")
    shutil.copyfile(original, path)
    if kind == "run":
        doctor(path, "/", {"scenario_name": hostile, "program_version": hostile})
        doctor_metrics(path, "timeseries")
    elif kind == "compare":
        doctor(path, "/", {"against": hostile, "scenario_name": hostile})
        for world in ("intervention", "counterfactual"):
            doctor(path, world, {"scenario_name": hostile, "program_version": hostile})
            doctor_metrics(path, world + "/timeseries")
    else:
        doctor(path, "/", {"design": hostile})
        doctor_metrics(path, "summary")
        with h5py.File(path, "r+") as f:
            growth = f["parameters/growth"]
            for key in ("key", "label", "display_unit"):
                growth.attrs.create(key, hostile, dtype=h5py.string_dtype("utf-8"))
    figs = os.path.join(files, kind + "_figs")
    report = os.path.join(files, kind + ".html")
    run(["analyze", os.fsencode(path), "--plot", figs, "--report", report],
        f"analyze --plot --report of a doctored {kind} file")
    check_figures(figs, f"analyze of a doctored {kind} file", 3)
    if os.path.exists(report):
        with open(report, "rb") as f:
            expect(f.read().count(b"<svg") >= 3, f"{kind}: the report does not hold the figures")
    else:
        expect(False, f"{kind}: no report")

# --- Names that would be paths: refused before anything is written -------------------------

names = os.path.join(WORK, "escape")
os.makedirs(names)
# A metric "x/../../escape" whose HDF5 path resolves (HDF5 takes ".." as a link's name), and a
# folder trajectory_x in --plot's folder: trajectory_x/../../escape.png would be beside it.
path = os.path.join(names, "run.h5")
shutil.copyfile(os.path.join(files, "run.h5"), path)
with h5py.File(path, "r+") as f:
    f.copy(f["timeseries/jobs_south"], "timeseries/x/../../escape")
    metrics = list(f.attrs["metrics"]) + ["x/../../escape"]
    f.attrs.create("metrics", metrics, dtype=h5py.string_dtype("utf-8"))
figs = os.path.join(names, "figs")
os.makedirs(os.path.join(figs, "trajectory_x"))
for args in (["--plot", figs], ["--report", os.path.join(names, "r.html")]):
    r = run(["analyze", path, *args, "--metric", "x/../../escape"], "a metric named a path",
            status=2)
    expect(b"run.h5: attribute metrics of / holds" in r.stderr and b"[a-z0-9_]+" in r.stderr,
           f"a metric named a path: the message {r.stderr!r}")
left = sorted(os.path.relpath(os.path.join(d, n), names) for d, ds, fs in os.walk(names)
              for n in ds + fs)
expect(left == ["figs", "figs/trajectory_x", "run.h5"], f"a metric named a path: wrote {left}")
# A strategy named a path, in a result file and as a file name.
path = os.path.join(names, "stress.h5")
shutil.copyfile(os.path.join(files, "stress.h5"), path)
with h5py.File(path, "r+") as f:
    f.attrs.create("strategies", ["../../escape", "slow"], dtype=h5py.string_dtype("utf-8"))
r = run(["analyze", path, "--plot", figs], "a strategy named a path", status=2)
expect(b"attribute strategies holds" in r.stderr and b"plain file name" in r.stderr,
       f"a strategy named a path: the message {r.stderr!r}")
strategy = os.path.join(names, "it's.toml")
shutil.copyfile(os.path.join(files, "fast.toml"), strategy)
r = run(["stress", strategy, os.path.join(files, "slow.toml"), "-u",
         os.path.join(files, "uncertainties.toml"), "-o", os.path.join(names, "s.h5")],
        "a strategy file whose name is not plain", status=2)
expect(b"a strategy is named by its file name" in r.stderr, f"a strategy file: {r.stderr!r}")
expect(sorted(os.listdir(figs)) == ["trajectory_x"] and not os.path.exists(
    os.path.join(names, "s.h5")), "names refused: something was written")

# --- --plot folders whose names gnuplot would read as code -----------------------------------

folder = os.path.join(WORK, "plots", "it's \"here\"\n`" + TOUCH + "` \\ @x")
run(["analyze", os.path.join(files, "run.h5"), "--plot", folder], "analyze --plot odd folder")
check_figures(folder, "analyze --plot odd folder", 3)
run(["compare", small, "-o", os.path.join(WORK, "plots", "c.h5"), "--plot", folder + "2"],
    "compare --plot odd folder")
check_figures(folder + "2", "compare --plot odd folder", 4)

# --- Temporary folders made in advance by someone else --------------------------------------

victim = os.path.join(WORK, "victim")
with open(victim, "w") as f:
    f.write("precious")
with h5py.File(os.path.join(files, "run.h5"), "r") as f:
    run_metrics = [m.decode() if isinstance(m, bytes) else m for m in f.attrs["metrics"]]


def ambush(folder_name, files_in_it):
    """A function for preexec_fn: in the child, before twinsim starts (with the same PID), makes
    TMPDIR/<folder_name with {pid}> holding symlinks to the victim, as another user could."""

    def make():
        decoy = os.path.join(TMPDIR, folder_name.format(pid=os.getpid()))
        os.makedirs(decoy)
        for name in files_in_it:
            os.symlink(victim, os.path.join(decoy, name))

    return make


figure_files = [f"trajectory_{m}{ext}" for m in run_metrics
                for ext in (".dat", ".gp", ".png", ".svg", ".png.tmp", ".svg.tmp", ".gnuplot.log")]
expect(not os.listdir(TMPDIR), f"temporary folders left: {os.listdir(TMPDIR)}")
report = os.path.join(WORK, "ambush.html")
r = run(["analyze", os.path.join(files, "run.h5"), "--report", report],
        "analyze --report with a folder made in advance",
        preexec=ambush("twinsim-report-{pid}", figure_files))
decoys = [f"twinsim-report-{r.pid}"]
with open(victim) as f:
    expect(f.read() == "precious", "analyze --report wrote through a symlink in twinsim-report-PID")
expect(os.path.exists(report), "analyze --report: no report")
expect(os.listdir(TMPDIR) == decoys, f"analyze --report left {os.listdir(TMPDIR)} in TMPDIR")


def get(port, path):
    """The status and body of GET `path`."""
    with socket.create_connection(("127.0.0.1", port), timeout=120) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
                  .encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


scenario_name = "declining_market"
server = subprocess.Popen(
    [TWINSIM, "serve", "--port", "0"], env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    preexec_fn=ambush("twinsim-serve-{pid}-0",
                      [scenario_name + ".toml", scenario_name + "_compare.h5"]))
try:
    line = server.stdout.readline().decode()
    port = int(line.split("http://")[1].split("/")[0].rsplit(":", 1)[1])
    status, body = get(port, f"/download?scenario={scenario_name}&growth=-0.03&clients=30"
                       "&support=1.5&strategy=fast_track&crisis=1&seed=3")
    expect(status == 200 and body.startswith(b"\x89HDF"), f"/download: status {status}")
finally:
    server.send_signal(signal.SIGINT)
    server.wait(timeout=60)
with open(victim) as f:
    expect(f.read() == "precious", "serve's /download wrote through a symlink in twinsim-serve-PID-N")
decoys.append(f"twinsim-serve-{server.pid}-0")
expect(sorted(os.listdir(TMPDIR)) == sorted(decoys), f"/download left {os.listdir(TMPDIR)} in TMPDIR")

if failures:
    sys.exit(f"check_hostile_text: {len(failures)} problem(s)")
print("check_hostile_text: OK")
