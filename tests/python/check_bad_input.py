#!/usr/bin/python3
"""Every error a user can reach, one row each: twinsim exits with status 2, its message names the
file, the place (file:line:col in a TOML file; the key, dataset or option otherwise) and what was
expected, and nothing in the folder it ran in is created or changed (no output file, no temporary
file, no partial file; a file that was there is byte for byte the same).

Each row runs in a fresh folder of its own, holding the files the row lists, with that folder as
the current one. The table is ROWS below: to add a row, append a Row (CONTRIBUTING.md, "Bad
input").

Usage: /usr/bin/python3 tests/python/check_bad_input.py TWINSIM SOURCE_DIR WORKDIR [NAME_REGEX]
Runs the rows whose name matches NAME_REGEX (all by default); prints one line per row and
"check_bad_input: OK (N rows)", exit 0; or what went wrong, exit 1. BAD_INPUT_VERBOSE=1 also
prints every row's message.
"""

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Union

import h5py


@dataclass
class Row:
    """One error path.

    name:    "area:what", e.g. "scenario:unknown_key"; says what the row breaks.
    cmd:     the command line after `twinsim`, split like a shell would. {in}: tests/bad_input;
             {h5}: the HDF5 files made at the start (run.h5, compare.h5, sweep.h5, stress.h5);
             {scenarios}: the repository's scenarios/; {busy_port}: a TCP port of 127.0.0.1 another
             program listens on; relative paths are in the row's folder.
    files:   the row's folder before the command: name -> text (str, with the same {in}, {h5}
             and {scenarios}), bytes, or a function that writes the file given its path
             (copy_of, head_of, without, attribute below).
    file:    the file the message must name (as given on the command line); None: no file (an
             option, the command line).
    place:   regex for the place: ":LINE:COL" right after `file`, or anywhere in the message when
             it does not start with ":" (a key, an option, a dataset).
    expect:  regex for what was expected (or what is wrong), anywhere in the message.
    env:     extra environment variables.
    modes:   files or folders of `files` given this mode before the command (0o000: unreadable,
             0o555: a folder that may not be written to); as root, such a row runs without the
             capabilities that let root read and write anything.
    prefix:  a command the row runs under, e.g. LIMIT_AS (prlimit: a limit on its memory).
    seconds: how long the command may take before the row fails.
    """

    name: str
    cmd: str
    files: Dict[str, Union[str, bytes, Callable]] = field(default_factory=dict)
    file: Optional[str] = None
    place: str = ""
    expect: str = ""
    env: Dict[str, str] = field(default_factory=dict)
    modes: Dict[str, int] = field(default_factory=dict)
    prefix: List[str] = field(default_factory=list)
    seconds: int = 120


# --- What the rows' files are made of ---------------------------------------------------------


def copy_of(name):
    """A copy of one of the HDF5 files made at the start ({h5}/name)."""
    return lambda path: shutil.copyfile(os.path.join(H5, name), path)


def head_of(name, fraction):
    """The first `fraction` of the bytes of {h5}/name: a file cut short."""

    def write(path):
        with open(os.path.join(H5, name), "rb") as f:
            data = f.read()
        with open(path, "wb") as f:
            f.write(data[: int(len(data) * fraction)])

    return write


def edited(name, edit):
    """A copy of {h5}/name changed by edit(h5py.File) (a dataset deleted, an attribute changed)."""

    def write(path):
        shutil.copyfile(os.path.join(H5, name), path)
        with h5py.File(path, "r+") as f:
            edit(f)

    return write


def without(name, dataset):
    """A copy of {h5}/name without `dataset` (or group)."""
    return edited(name, lambda f: f.__delitem__(dataset))


def attribute(name, key, value=None):
    """A copy of {h5}/name with root attribute `key` set to `value`, or deleted (None)."""
    return edited(name, lambda f: f.attrs.__setitem__(key, value) if value is not None
                  else f.attrs.__delitem__(key))


def names(name, group, key, values):
    """A copy of {h5}/name with attribute `key` of `group` set to the list of texts `values`."""
    return edited(name, lambda f: f[group].attrs.create(key, values, dtype=h5py.string_dtype()))


def foreign_hdf5(path):
    """An HDF5 file TwinSim did not write: a dataset and no format attribute."""
    with h5py.File(path, "w") as f:
        f["temperature"] = [20.5, 21.0]


def input_copy(name):
    """A copy of tests/bad_input/name."""
    return lambda path: shutil.copyfile(os.path.join(INPUTS, name), path)


def experiment(head="", key="market.growth_per_year", values="levels = [-0.02, 0.02]", tail=""):
    """An experiment file over tests/bad_input/small.toml: `head`, then base (line 1 without a
    head), replicates, [vary.growth] with `key` (line 4) and `values` (line 5), then `tail`."""
    return (f'{head}base = "{{in}}/small.toml"\nreplicates = 1\n[vary.growth]\nkey = "{key}"\n'
            f"{values}\n{tail}")


def uncertainties(head="", key="market.growth_per_year", tail=""):
    """An uncertainties file: `head`, then design, samples (line 2 without a head), [vary.growth]
    with `key` (line 4), min and max, then `tail`."""
    return (f'{head}design = "lhs"\nsamples = 2\n[vary.growth]\nkey = "{key}"\nmin = -0.03\n'
            f"max = 0.03\n{tail}")


SAMPLED = "min = 0.0\nmax = 0.1"  # a varied parameter's range, for a sampled design
SMALL = "{in}/small.toml"
SWEEP = "sweep {in}/small_sweep.toml"
STRESS = "stress {in}/fast.toml {in}/slow.toml"
STRESS_U = STRESS + " -u {in}/small_uncertainties.toml"
NOT_HDF5 = "not an HDF5 file\n"
DEEP_KEY = "a" + ".a" * 39999  # a key of 40000 dotted parts
# A world that fits no machine: 64 sectors of 10^7 southern firms, 6.4e8 firms (about 540 GB).
HUGE = "horizon_months = 24\n" + "".join(
    f"[sectors.s{i}]\nfirms_south = 10000000\nfirms_north = 0\n" for i in range(64))
# The memory rows run under a 4 GiB address-space limit: what the estimate refuses it refuses
# there too, and a binary that allocates instead fails fast (std::bad_alloc) without taking the
# machine's memory.
LIMIT_AS = ["prlimit", f"--as={4 << 30}"]
AS_4GIB = r"this process may use 4 GiB \(the address-space limit, ulimit -v\)"

# --- The table --------------------------------------------------------------------------------
# Row(name, command line, files, file named, place, what was expected): see Row above.

ROWS = [
    # Scenario files (twinsim run; check, compare, validate, bench and serve read them alike).
    Row("scenario:syntax", "run bad.toml",
        {"bad.toml": "horizon_months = 24\n[south\nwage = 3\n"},
        "bad.toml", ":2:7", r"expected '\]'"),
    Row("scenario:binary_file", "run bad.toml",
        {"bad.toml": b"\x89PNG\r\n\x1a\n\x00\x00\x01\xff"},
        "bad.toml", ":1:1", r"invalid utf-8"),
    Row("scenario:unknown_key", "run bad.toml",
        {"bad.toml": "[market]\ncycle_amplitude = 0.1\ngrowth_per_yer = 0.1\n"},
        "bad.toml", ":3:1",
        r"market\.growth_per_yer: unknown key; did you mean 'market\.growth_per_year'\?"),
    Row("scenario:unknown_table", "run bad.toml",
        {"bad.toml": "[sooth]\nwage = 3\n"},
        "bad.toml", ":1:2", r"sooth: unknown table; did you mean 'south'\?"),
    Row("scenario:unknown_sector_field", "run bad.toml",
        {"bad.toml": "[sectors.textiles]\nfirms_suoth = 3\n"},
        "bad.toml", ":2:1",
        r"sectors\.textiles\.firms_suoth: unknown key; did you mean 'sectors\.textiles\.firms_south'\?"),
    Row("scenario:wrong_type", "run bad.toml",
        {"bad.toml": '[sectors.textiles]\nfirms_south = "many"\n'},
        "bad.toml", ":2:15",
        r"sectors\.textiles\.firms_south: expected an integer, got a string \(\"many\"\)"),
    Row("scenario:fraction_for_integer", "run bad.toml",
        {"bad.toml": "horizon_months = 24.5\n"},
        "bad.toml", ":1:18", r"horizon_months: expected an integer, got a number \(24\.5\)"),
    Row("scenario:out_of_range", "run bad.toml",
        {"bad.toml": "horizon_months = 0\n"},
        "bad.toml", ":1:18", r"horizon_months: must be in \[1, 1200\], got 0"),
    Row("scenario:nan", "run bad.toml",
        {"bad.toml": "[market]\ngrowth_per_year = nan\n"},
        "bad.toml", ":2:19", r"market\.growth_per_year: must be in \[-0\.9, 1\], got nan"),
    Row("scenario:not_one_of", "run bad.toml",
        {"bad.toml": '[project]\nselection = "random"\n'},
        "bad.toml", ":2:13", r"project\.selection: must be one of: objective, agenda, got \"random\""),
    Row("scenario:list_element", "run bad.toml",
        {"bad.toml": '[market]\nshock_months = [3, "four"]\nshock_factors = [0.5, 0.5]\n'},
        "bad.toml", ":2:20", r"market\.shock_months: element 2: expected a number, got a string"),
    Row("scenario:inconsistent_lists", "run bad.toml",
        {"bad.toml": "[market]\nshock_months = [3.0, 4.0]\nshock_factors = [0.5]\n"},
        "bad.toml", ":3:17", r"market\.shock_factors: needs one factor per shock month"),
    Row("scenario:kpi_metric", "run bad.toml",
        {"bad.toml": '[kpis.jobs]\nmetric = "jobs_sout"\ntarget = 1.0\n'},
        "bad.toml", ":2:10", r"no recorded metric named 'jobs_sout'; did you mean 'jobs_south'\?"),
    Row("scenario:no_sectors", "run bad.toml",
        {"bad.toml": "[sectors]\n"},
        "bad.toml", ":1:2", r"sectors: needs at least 1 \[sectors\.NAME\] table, got 0"),
    Row("scenario:sector_name", "run bad.toml",
        {"bad.toml": "[sectors.Textiles]\nfirms_south = 3\n"},
        "bad.toml", ":1:10", r"invalid name 'Textiles'.*must match \[a-z\]\[a-z0-9_\]\*"),
    Row("scenario:every_problem_at_once", "run bad.toml",
        {"bad.toml": "horizon_months = 0\n[south]\nwgae = 3\n"},
        "bad.toml", ":3:1", r"(?s)bad\.toml:1:18: horizon_months: must be.*2 problems"),
    Row("scenario:missing_file", "run none.toml", {},
        "none.toml", "", r"cannot read scenario file: No such file or directory"),
    Row("scenario:folder", "run folder", {"folder/x": ""},
        "folder", "", r"cannot read scenario file: it is a directory"),
    Row("scenario:unreadable", "run secret.toml", {"secret.toml": "horizon_months = 24\n"},
        "secret.toml", "", r"cannot read scenario file: Permission denied",
        modes={"secret.toml": 0o000}),
    # Limits checked before the TOML parser reads a file (docs/scenarios.md, "Validation"): such
    # keys and nestings overflowed the parser's stack (exit 139) or filled memory.
    Row("scenario:key_of_many_parts", "run bad.toml",
        {"bad.toml": "horizon_months = 24\n" + DEEP_KEY + " = 1\n"},
        "bad.toml", ":2:1", r"a key of 40000 dotted parts; at most 64"),
    Row("scenario:table_header_of_many_parts", "check bad.toml",
        {"bad.toml": "[" + DEEP_KEY + "]\n"},
        "bad.toml", ":1:2", r"a table header of 40000 dotted parts; at most 64"),
    Row("scenario:array_of_tables_of_many_parts", "run bad.toml",
        {"bad.toml": "[[" + DEEP_KEY + "]]\n"},
        "bad.toml", ":1:3", r"a table header of 40000 dotted parts; at most 64"),
    Row("scenario:nested_lists", "run bad.toml",
        {"bad.toml": "[market]\nshock_months = " + "[" * 100000 + "\n"},
        "bad.toml", ":2:78", r"tables and lists nested 65 deep; at most 64"),
    Row("scenario:nested_inline_tables", "compare bad.toml",
        {"bad.toml": "market = " + "{a = " * 100000 + "\n"},
        "bad.toml", ":1:325", r"tables and lists nested 65 deep; at most 64"),
    Row("scenario:long_key", "run bad.toml",
        {"bad.toml": "horizon_months = 24\n" + "k" * 100000 + " = 1\n"},
        "bad.toml", ":2:1", r"a key of 100000 bytes; at most 1024"),
    Row("scenario:too_many_keys", "run bad.toml",
        {"bad.toml": "".join(f"k{i} = 1\n" for i in range(100001))},
        "bad.toml", ":100001:1", r"more than 100000 keys, tables and list elements; at most 100000"),
    Row("scenario:too_many_list_elements", "run bad.toml",
        {"bad.toml": "[market]\nshock_months = [" + "1," * 200000 + "]\n"},
        "bad.toml", ":2:200013", r"more than 100000 keys, tables and list elements; at most 100000"),
    Row("scenario:too_large", "run big.toml", {"big.toml": "#" * ((16 << 20) + 1) + "\n"},
        "big.toml", "", r"cannot read scenario file: larger than 16 MiB, not a scenario file"),
    Row("check:bad_scenario", "check bad.toml",
        {"bad.toml": "horizon_months = -1\n"},
        "bad.toml", ":1:18", r"horizon_months: must be in \[1, 1200\], got -1"),
    Row("compare:bad_scenario", "compare bad.toml",
        {"bad.toml": "[project]\nbudget_eur = -3e6\n"},
        "bad.toml", ":2:14", r"project\.budget_eur: must be in \[0, .*\], got -3000000"),
    Row("compare:bad_against", "compare " + SMALL + " --against bad.toml",
        {"bad.toml": "horizon_months = 24\n[market]\ngrowth_per_yr = 0.1\n"},
        "bad.toml", ":3:1", r"unknown key; did you mean 'market\.growth_per_year'\?"),
    Row("compare:against_missing", "compare " + SMALL + " --against none.toml", {},
        "none.toml", "", r"No such file or directory"),
    Row("compare:against_other_horizon", "compare " + SMALL + " --against short.toml",
        {"short.toml": "horizon_months = 12\n"},
        "short.toml", r"horizon_months is 12", r"the two worlds must have the same horizon"),
    Row("validate:bad_scenario", "validate bad.toml --scenario-dir {scenarios} --only P3",
        {"bad.toml": "[twinning]\nnorth_interest = 2.0\n"},
        "bad.toml", ":2:18", r"twinning\.north_interest: must be in \[0, 1\], got 2"),
    Row("validate:no_scenario_dir", "validate --scenario-dir nowhere --only P3", {},
        "nowhere/default.toml", "", r"No such file or directory"),
    Row("bench:bad_base", "bench --base bad.toml --reference none --firms 100 --months 1",
        {"bad.toml": "[south]\nemployees_mean = -1.0\n"},
        "bad.toml", ":2:18", r"south\.employees_mean: must be in \[1, .*\], got -1"),
    Row("bench:no_reference_folder",
        "bench --base " + SMALL + " --reference nowhere --firms 100 --months 1", {},
        "nowhere/india_2006.toml", "", r"No such file or directory"),
    Row("serve:bad_scenario", "serve bad.toml --port 0",
        {"bad.toml": "horizon_months = true\n"},
        "bad.toml", ":1:18", r"horizon_months: expected an integer, got a boolean"),
    Row("serve:missing", "serve none.toml --port 0", {},
        "none.toml", "", r"no such scenario file \(expected a \.toml file\)"),
    Row("serve:folder", "serve folder --port 0", {"folder/x": ""},
        "folder", "", r"expected a \.toml file"),

    # --set overrides: the place is the column in the override, as --set:1:COL.
    Row("set:no_equals", "run " + SMALL + " --set horizon_months", {},
        "--set", ":1:1", r"expected key\.path=value, got 'horizon_months' \(no '='\)"),
    Row("set:no_key", "run " + SMALL + " --set =3", {},
        "--set", ":1:1", r"expected key\.path=value, got '=3' \(no key\)"),
    Row("set:unknown_key", "run " + SMALL + " --set south.wgae=3", {},
        "--set", ":1:1", r"south\.wgae: unknown key; did you mean 'south\.wage'\?"),
    Row("set:wrong_type", "run " + SMALL + " --set horizon_months=soon", {},
        "--set", ":1:16", r"horizon_months: expected an integer, got a string \(\"soon\"\)"),
    Row("set:out_of_range", "run " + SMALL + " --set south.wage=-3", {},
        "--set", ":1:12", r"south\.wage: must be in \[0, .*\], got -3"),
    Row("set:table", "run " + SMALL + " --set market=3", {},
        "--set", ":1:1", r"market: is a table, not a parameter; set one of its keys"),
    Row("set:no_such_sector", "run " + SMALL + " --set sectors.textile.firms_south=3", {},
        "--set", ":1:9", r"no sectors 'textile'; the scenario has: manufacturing"),
    Row("set:bare_list", "run " + SMALL + " --set project.sectors=a,b", {},
        "--set", ":1:17", r"write lists in TOML syntax.*project\.sectors=\[\"a\", \"b\"\]"),
    Row("set:check", "check " + SMALL + " --set run.replicates=0", {},
        "--set", ":1:16", r"run\.replicates: must be in \[1, 100000\], got 0"),
    Row("set:compare", "compare " + SMALL + " --set project.start_month=x", {},
        "--set", ":1:21", r"project\.start_month: expected an integer, got a string"),
    Row("set:nested_value", "run " + SMALL + " --set market.shock_months=" + "[" * 1000, {},
        "--set", ":1:84", r"market\.shock_months: tables and lists nested 65 deep; at most 64"),
    Row("set:key_of_many_parts", "run " + SMALL + " --set " + DEEP_KEY + "=1", {},
        "--set", ":1:1", r"a key of 40000 dotted parts; at most 64"),

    # The command line: the option (or command) and what it takes.
    Row("cli:no_command", "", {},
        None, r"no command", r"expected one of: run, compare, sweep, stress, analyze"),
    Row("cli:unknown_command", "frobnicate", {},
        None, r"frobnicate: no such command", r"expected one of: run, compare, sweep"),
    Row("cli:unknown_option", "run " + SMALL + " --frobnicate", {},
        None, r"--frobnicate", r"The following argument was not expected"),
    Row("cli:missing_positional", "run", {},
        None, r"scenario", r"is required"),
    Row("cli:missing_value", "run " + SMALL + " -o", {},
        None, r"--output: ", r"1 required TEXT missing"),
    Row("cli:docs_missing", "docs", {},
        None, r"what", r"is required"),
    Row("cli:docs_unknown", "docs everything", {},
        None, r"what: everything", r"not in \{scenarios,metrics\}"),
    Row("cli:bad_number", "run " + SMALL + " --replicates zero", {},
        None, r"--replicates: ", r"expected an integer, got a string \(\"zero\"\)"),
    Row("cli:replicates_zero", "run " + SMALL + " --replicates 0", {},
        None, r"--replicates: ", r"must be in \[1, 100000\], got 0"),
    Row("cli:replicates_negative", "compare " + SMALL + " --replicates -2", {},
        None, r"--replicates: ", r"must be in \[1, 100000\], got -2"),
    Row("cli:seed_negative", "run " + SMALL + " --seed -1", {},
        None, r"--seed: ", r"must be in \[0, .*\], got -1"),
    Row("cli:threads_bad", "run " + SMALL + " -j two", {},
        None, r"--threads: ", r"Value two not in range 0 to 1024"),
    Row("cli:threads_negative", "run " + SMALL + " -j -1", {},
        None, r"--threads: ", r"Value -1 not in range 0 to 1024"),
    Row("cli:threads_too_many", "run " + SMALL + " -j 100000", {},
        None, r"--threads: ", r"Value 100000 not in range 0 to 1024"),
    Row("cli:sweep_threads_too_many", SWEEP + " -j 5000", {},
        None, r"--threads: ", r"Value 5000 not in range 0 to 1024"),
    Row("cli:record", "run " + SMALL + " --record firms:0", {},
        None, r"--record firms:0",
        r"expected firms or firms:EVERY with EVERY a number of months in \[1, 1200\]"),
    Row("cli:output_folder_missing", "run " + SMALL + " -o nowhere/out.h5", {},
        "nowhere/out.h5", "", r"folder nowhere does not exist"),
    Row("cli:output_is_folder", "run " + SMALL + " -o folder", {"folder/x": "mine"},
        "folder", "", r"is a directory"),
    Row("cli:compare_plot_without_gnuplot", "compare " + SMALL + " --plot figs", {},
        None, r"--plot figs", r"gnuplot is not on PATH", env={"PATH": "/nonexistent"}),
    Row("cli:stress_no_uncertainties", STRESS, {},
        None, r"--uncertainties", r"is required"),
    Row("cli:stress_metric", STRESS_U + " --metric jobs_sooth", {},
        None, r"--metric jobs_sooth", r"no such metric \(twinsim docs metrics lists them\)"),
    Row("cli:sweep_log_folder_missing", SWEEP + " --log nowhere/failed.tsv", {},
        "nowhere/failed.tsv", "", r"folder nowhere does not exist"),
    Row("cli:sweep_log_folder_not_writable", SWEEP + " --log ro/failed.tsv", {"ro/keep": "mine"},
        "ro/failed.tsv", "", r"cannot write to folder ro \(Permission denied\)", modes={"ro": 0o555}),
    Row("cli:sweep_log_exists", SWEEP + " --log failed.tsv", {"failed.tsv": "precious"},
        "failed.tsv", "", r"output file exists; pass --force to overwrite it"),
    Row("cli:fail_runs_env", SWEEP, {},
        None, r"TWINSIM_FAIL_RUNS", r"'x' is not a run number \(expected e\.g\. 3,17\)",
        env={"TWINSIM_FAIL_RUNS": "x"}),
    Row("cli:analyze_metric", "analyze {h5}/run.h5 --metric jobs_sooth", {},
        None, r"--metric jobs_sooth", r"no such metric in the file \(it has: firms_south, "),
    Row("cli:analyze_salib_not_sweep", "analyze {h5}/run.h5 --salib salib", {},
        "run.h5", r"--salib salib", r"SALib's inputs are written for sweep files; .* is a run file"),
    Row("cli:analyze_salib_stress", "analyze {h5}/stress.h5 --salib salib", {},
        "stress.h5", r"--salib salib", r"written for sweep files; .* is a stress test"),
    Row("cli:analyze_lower_not_stress", "analyze {h5}/sweep.h5 --lower-is-better", {},
        "sweep.h5", r"--lower-is-better", r"ranks the strategies of a stress test; .* is a sweep"),
    Row("cli:analyze_plot_without_gnuplot", "analyze {h5}/run.h5 --plot figs", {},
        None, r"--plot", r"needs gnuplot", env={"PATH": "/nonexistent"}),
    Row("cli:validate_only", "validate --only P9 --scenario-dir {scenarios}", {},
        None, r"--only P9", r"no such pattern \(valid: P1, "),
    Row("cli:validate_replicates", "validate --replicates 1 --scenario-dir {scenarios} --only P3", {},
        None, r"--replicates", r"must be at least 2 for an interval"),
    Row("cli:validate_seed", "validate --seed -5 --scenario-dir {scenarios} --only P3", {},
        None, r"--seed: ", r"must be in \[0, .*\], got -5"),
    Row("cli:validate_threads", "validate -j 5000 --scenario-dir {scenarios} --only P3", {},
        None, r"--threads: ", r"Value 5000 not in range 0 to 1024"),
    Row("cli:validate_level", "validate --level 2 --scenario-dir {scenarios}", {},
        None, r"--level: ", r"Value 2 not in range 0\.5.* to 0\.999"),
    Row("cli:validate_firm_scale", "validate --firm-scale 0 --scenario-dir {scenarios}", {},
        None, r"--firm-scale: ", r"Value 0 not in range 0\.001.* to 100"),
    Row("cli:bench_firms", "bench --firms 5 --base " + SMALL + " --reference none", {},
        None, r"--firms: ", r"expected whole numbers of firms of at least 10, got 5"),
    Row("cli:bench_firms_not_number", "bench --firms 100,ten --reference none", {},
        None, r"--firms: ", r"expected whole numbers of firms of at least 10, got ten"),
    Row("cli:bench_months", "bench --months 0 --base " + SMALL + " --reference none", {},
        None, r"--months: ", r"Value 0 not in range 1 to 1200"),
    Row("cli:bench_seed", "bench --seed -1 --reference none", {},
        None, r"--seed: ", r"must be in \[0, .*\], got -1"),
    Row("cli:serve_port", "serve --port 70000", {},
        None, r"--port: ", r"Value 70000 not in range 0 to 65535"),
    Row("cli:serve_port_in_use", "serve --port {busy_port}", {},
        None, r"--port [0-9]+: ",
        r"cannot listen on 127\.0\.0\.1:[0-9]+: Address already in use \(choose another port"),
    Row("cli:serve_host", "serve --host 999.1.1.1 --port 0", {},
        None, r"--host 999\.1\.1\.1", r"not an IP address"),
    Row("cli:serve_allow_host", "serve --allow-host trainer.local:8080 --port 0", {},
        None, r"--allow-host trainer\.local:8080: ",
        r"expected a host name or an IP address, without a port"),
    Row("cli:serve_max_sessions", "serve --max-sessions 0", {},
        None, r"--max-sessions: ", r"Value 0 not in range 1 to 1000"),

    # Experiment files (twinsim sweep).
    Row("experiment:syntax", "sweep exp.toml",
        {"exp.toml": experiment(tail="[vary.clients\n")},
        "exp.toml", ":6:14", r"expected '\]'"),
    Row("experiment:unknown_key", "sweep exp.toml",
        {"exp.toml": experiment("replicate = 2\n")},
        "exp.toml", ":1:1", r"replicate: unknown key; did you mean 'replicates'\?"),
    Row("experiment:unknown_vary_key", "sweep exp.toml",
        {"exp.toml": experiment(tail="levls = [1]\n")},
        "exp.toml", ":6:1", r"vary\.growth\.levls: unknown key; did you mean 'vary\.growth\.levels'\?"),
    Row("experiment:wrong_type", "sweep exp.toml",
        {"exp.toml": experiment().replace("replicates = 1", 'replicates = "two"')},
        "exp.toml", ":2:14", r"replicates: expected an integer, got a string \(\"two\"\)"),
    Row("experiment:out_of_range", "sweep exp.toml",
        {"exp.toml": experiment().replace("replicates = 1", "replicates = 0")},
        "exp.toml", ":2:14", r"replicates: must be in \[1, 1000000\], got 0"),
    Row("experiment:design", "sweep exp.toml",
        {"exp.toml": experiment('design = "grd"\n')},
        "exp.toml", ":1:10", r"design: must be one of: grid, random, lhs, sobol, saltelli, morris"),
    Row("experiment:no_base", "sweep exp.toml",
        {"exp.toml": experiment().split("\n", 1)[1]},
        "exp.toml", r"base: ", r"missing: the scenario file every run starts from"),
    Row("experiment:base_missing", "sweep exp.toml",
        {"exp.toml": experiment().replace("{in}/small.toml", "none.toml")},
        "exp.toml", ":1:8", r"base: no such file: .*none\.toml"),
    Row("experiment:bad_base", "sweep exp.toml",
        {"exp.toml": experiment().replace("{in}/small.toml", "base.toml"),
         "base.toml": "horizon_months = 0\n"},
        "base.toml", ":1:18", r"horizon_months: must be in \[1, 1200\], got 0"),
    Row("experiment:vary_key_typo", "sweep exp.toml",
        {"exp.toml": experiment(key="market.growth_per_yer")},
        "exp.toml", ":4:7",
        r"vary\.growth\.key: not a scenario key; did you mean 'market\.growth_per_year'\?"),
    Row("experiment:vary_same_key", "sweep exp.toml",
        {"exp.toml": experiment(tail='[vary.again]\nkey = "market.growth_per_year"\nlevels = [0.1]\n')},
        "exp.toml", ":7:7",
        r"vary\.again\.key: market\.growth_per_year is varied by \[vary\.growth\] already "
        r"\(exp\.toml:4:7\); a key can vary in one table only"),
    Row("experiment:vary_key_not_number", "sweep exp.toml",
        {"exp.toml": experiment(key="project.selection")},
        "exp.toml", ":4:7", r"vary\.growth\.key: project\.selection is a string; only numbers can vary"),
    Row("experiment:no_such_sector", "sweep exp.toml",
        {"exp.toml": experiment(key="sectors.textiles.firms_south", values="levels = [3]")},
        "exp.toml", ":4:7", r"vary\.growth\.key: the base scenario has no sectors 'textiles'"),
    Row("experiment:level_out_of_range", "sweep exp.toml",
        {"exp.toml": experiment(values="levels = [-0.02, 5.0]")},
        "exp.toml", ":5:18", r"vary\.growth\.levels: for market\.growth_per_year: must be in"),
    Row("experiment:level_not_integer", "sweep exp.toml",
        {"exp.toml": experiment(key="project.assisted_firms", values="levels = [2.5]")},
        "exp.toml", ":5:11", r"vary\.growth\.levels: project\.assisted_firms is an integer; got 2\.5"),
    Row("experiment:no_vary", "sweep exp.toml",
        {"exp.toml": experiment().split("[vary")[0]},
        "exp.toml", r"vary: ", r"missing: at least one \[vary\.NAME\] table"),
    Row("experiment:grid_with_min", "sweep exp.toml",
        {"exp.toml": experiment(tail="min = 0.0\n")},
        "exp.toml", ":6:7", r"vary\.growth\.min: a grid design takes levels, not min and max"),
    Row("experiment:sampled_without_samples", "sweep exp.toml",
        {"exp.toml": experiment('design = "lhs"\n', values=SAMPLED)},
        "exp.toml", r"samples: ", r"a lhs design needs samples >= 1"),
    Row("experiment:min_above_max", "sweep exp.toml",
        {"exp.toml": experiment('design = "random"\nsamples = 3\n', values="min = 0.1\nmax = 0.0")},
        "exp.toml", ":8:7", r"vary\.growth\.max: must be greater than min \(0\.1\)"),
    Row("experiment:morris_odd_levels", "sweep exp.toml",
        {"exp.toml": experiment('design = "morris"\nsamples = 2\nmorris_levels = 5\n', values=SAMPLED)},
        "exp.toml", ":3:17", r"morris_levels: must be even"),
    Row("experiment:too_many_runs", "sweep exp.toml",
        {"exp.toml": experiment('design = "random"\nsamples = 10000000\n', values=SAMPLED)
         .replace("replicates = 1", "replicates = 3")},
        "exp.toml", r"design: ", r"10000000 points x 3 replicates is more than 10000000 runs"),
    Row("experiment:grid_too_large", "sweep exp.toml",
        {"base.toml": "horizon_months = 12\n" + "".join(
            f"[sectors.s{i}]\nfirms_south = 1\nfirms_north = 1\n" for i in range(20)),
         "exp.toml": 'base = "base.toml"\n' + "".join(
             f'[vary.{c}{i}]\nkey = "sectors.s{i}.firms_{c}"\nlevels = [{", ".join(map(str, range(1, 11)))}]\n'
             for i in range(20) for c in ("south", "north"))},
        "exp.toml", r"design: ", r"1e\+40 points x 1 replicates is more than 10000000 runs"),
    Row("experiment:vary_horizon", "sweep exp.toml",
        {"exp.toml": experiment(key="horizon_months", values="levels = [12, 24]")},
        "exp.toml", r"horizon_months varies", r"every run of a sweep must have the same horizon"),
    Row("experiment:scenario_given", "sweep " + SMALL, {},
        "small.toml", ":3:1", r"horizon_months: unknown key"),
    Row("experiment:missing_file", "sweep none.toml", {},
        "none.toml", "", r"No such file or directory"),
    Row("experiment:folder", "sweep folder", {"folder/x": ""},
        "folder", "", r"it is a directory"),
    Row("experiment:unreadable", "sweep secret.toml", {"secret.toml": experiment()},
        "secret.toml", "", r"Permission denied", modes={"secret.toml": 0o000}),
    Row("experiment:key_of_many_parts", "sweep exp.toml",
        {"exp.toml": experiment(tail=DEEP_KEY + " = 1\n")},
        "exp.toml", ":6:1", r"a key of 40000 dotted parts; at most 64"),
    Row("experiment:nested_levels", "sweep exp.toml",
        {"exp.toml": experiment(values="levels = " + "[" * 100000)},
        "exp.toml", ":5:71", r"tables and lists nested 65 deep; at most 64"),
    Row("experiment:base_of_many_parts", "sweep exp.toml",
        {"exp.toml": experiment().replace("{in}/small.toml", "deep.toml"),
         "deep.toml": "[" + DEEP_KEY + "]\n"},
        "deep.toml", ":1:2", r"a table header of 40000 dotted parts; at most 64"),

    # Uncertainties files and strategies (twinsim stress).
    Row("uncertainties:syntax", STRESS + " -u u.toml",
        {"u.toml": uncertainties(tail="max = \n")},
        "u.toml", ":7:7", r"expected value"),
    Row("uncertainties:unknown_key", STRESS + " -u u.toml",
        {"u.toml": uncertainties("sample = 2\n")},
        "u.toml", ":1:1", r"sample: unknown key; did you mean 'samples'\?"),
    Row("uncertainties:wrong_type", STRESS + " -u u.toml",
        {"u.toml": uncertainties().replace("samples = 2", "samples = 2.5")},
        "u.toml", ":2:11", r"samples: expected an integer, got a number \(2\.5\)"),
    Row("uncertainties:out_of_range", STRESS + " -u u.toml",
        {"u.toml": uncertainties(tail='[vary.g2]\nkey = "twinning.north_interest"\nmin = 0.5\nmax = 1.5\n')},
        "u.toml", ":10:7", r"vary\.g2\.max: for twinning\.north_interest: must be in \[0, 1\], got 1\.5"),
    Row("uncertainties:design", STRESS + " -u u.toml",
        {"u.toml": uncertainties().replace('"lhs"', '"saltelli"')},
        "u.toml", ":1:10", r"design: must be one of: grid, random, lhs, sobol, got \"saltelli\""),
    Row("uncertainties:base_given", STRESS + " -u {in}/small_sweep.toml", {},
        "small_sweep.toml", ":2:1", r"base: unknown key"),
    Row("uncertainties:set_entry", STRESS + " -u u.toml",
        {"u.toml": uncertainties('set = ["donor.crisis=maybe"]\n')},
        "u.toml", ":1:8", r"set: donor\.crisis: expected a boolean, got a string \(\"maybe\"\)"),
    Row("uncertainties:vary_key_typo", STRESS + " -u u.toml",
        {"u.toml": uncertainties(key="markt.growth_per_year")},
        "u.toml", ":4:7",
        r"vary\.growth\.key: not a scenario key; did you mean 'market\.growth_per_year'\?"),
    Row("uncertainties:vary_same_key", STRESS + " -u u.toml",
        {"u.toml": uncertainties(tail='[vary.again]\nkey = "market.growth_per_year"\nmin = 0.0\n'
                                      "max = 0.1\n")},
        "u.toml", ":8:7",
        r"vary\.again\.key: market\.growth_per_year is varied by \[vary\.growth\] already "
        r"\(u\.toml:4:7\); a key can vary in one table only"),
    Row("uncertainties:summary_misses_kpi", "stress {in}/fast.toml kpi.toml -u u.toml",
        {"u.toml": uncertainties('record = "summary"\n'),
         "kpi.toml": 'horizon_months = 24\n[kpis.jobs]\nmetric = "jobs_south"\ntarget = 100.0\n'
                     "month = 12\n"},
        "u.toml", ":1:10",
        r"record: \"summary\" keeps only month 24, but KPI jobs of strategy kpi is measured at month 12"),
    Row("uncertainties:missing_file", STRESS + " -u none.toml", {},
        "none.toml", "", r"no such uncertainties file"),
    Row("uncertainties:folder", STRESS + " -u folder", {"folder/x": ""},
        "folder", "", r"it is a directory"),
    Row("uncertainties:key_of_many_parts", STRESS + " -u u.toml",
        {"u.toml": uncertainties(DEEP_KEY + " = 1\n")},
        "u.toml", ":1:1", r"a key of 40000 dotted parts; at most 64"),
    Row("uncertainties:set_nested_value", STRESS + " -u u.toml",
        {"u.toml": uncertainties('set = ["market.shock_months=' + "[" * 1000 + '"]\n')},
        "u.toml", ":1:8", r"set: market\.shock_months: tables and lists nested 65 deep; at most 64"),
    Row("strategy:bad", "stress {in}/fast.toml bad.toml -u {in}/small_uncertainties.toml",
        {"bad.toml": "horizon_months = 24\n[project]\nfast_trak = true\n"},
        "bad.toml", ":3:1", r"project\.fast_trak: unknown key; did you mean 'project\.fast_track'\?"),
    Row("strategy:missing", "stress {in}/fast.toml none.toml -u {in}/small_uncertainties.toml", {},
        "none.toml", "", r"no such strategy file"),
    Row("strategy:same_name", "stress {in}/fast.toml other/fast.toml -u {in}/small_uncertainties.toml",
        {"other/fast.toml": input_copy("fast.toml")},
        "other/fast.toml", r"'fast'", r"two strategies named 'fast' .*file names, which must differ"),
    Row("strategy:other_horizon", "stress {in}/fast.toml long.toml -u {in}/small_uncertainties.toml",
        {"long.toml": "horizon_months = 36\n"},
        "long.toml", r"horizon_months = 36", r"compared over the same horizon"),
    Row("strategy:nested_inline_tables", "stress {in}/fast.toml deep.toml -u {in}/small_uncertainties.toml",
        {"deep.toml": "horizon_months = 24\nproject = " + "{a = " * 100000 + "\n"},
        "deep.toml", ":2:326", r"tables and lists nested 65 deep; at most 64"),

    # Memory: what cannot fit is refused with an estimate before anything is allocated (docs/errors.md).
    Row("memory:run_world", "run huge.toml -j 2", {"huge.toml": HUGE},
        "huge.toml", r"64 sectors, 6\.4e\+08 firms: [\d.]+ [GT]iB for 2 worlds at once, one per thread",
        r"this scenario needs about [\d.]+ TiB of address space .*" + AS_4GIB + "; fewer firms\n",
        prefix=LIMIT_AS, seconds=10),
    Row("memory:compare_world", "compare huge.toml -j 1", {"huge.toml": HUGE},
        "huge.toml", r"for 2 worlds at once, 2 per thread",
        r"this scenario needs about [\d.]+ TiB of address space .*" + AS_4GIB,
        prefix=LIMIT_AS, seconds=10),
    Row("memory:run_results", "run " + SMALL + " --replicates 100000 --set horizon_months=1200 -j 1", {},
        "small.toml", r"[\d.]+ GiB for the results of 100000 runs",
        r"needs about [\d.]+ GiB of address space .*" + AS_4GIB + "; fewer replicates or fewer months",
        prefix=LIMIT_AS, seconds=10),
    Row("memory:run_panel", "run " + SMALL + " --record firms:1 --set sectors.manufacturing.firms_south=1000000 -j 1", {},
        "small.toml", r"for the results of 2 runs",
        r"needs about [\d.]+ GiB .*; fewer replicates, fewer months or a sparser --record firms",
        prefix=LIMIT_AS, seconds=10),
    Row("memory:run_threads", "run " + SMALL + " --set sectors.manufacturing.firms_south=3000000 -j 2", {},
        "small.toml", r"[\d.]+ GiB for 2 worlds at once, one per thread",
        r"needs about [\d.]+ GiB .*" + AS_4GIB + "; fewer firms or -j 1",
        prefix=LIMIT_AS, seconds=10),
    Row("memory:sweep_points", "sweep exp.toml",
        {"exp.toml": experiment('design = "random"\nsamples = 10000000\n', values=SAMPLED)
         .replace("{in}/small.toml", "base.toml"),
         "base.toml": HUGE.replace("10000000", "1")},
        "exp.toml", r"1e\+07 design points of a scenario of 64 sectors, 1e\+07 runs",
        r"this sweep needs about [\d.]+ GiB .*; fewer design points",
        prefix=LIMIT_AS, seconds=10),
    Row("memory:sweep_world", "sweep exp.toml -j 1",
        {"exp.toml": experiment(key="sectors.manufacturing.firms_south", values="levels = [1, 10000000]")},
        "exp.toml", r"its largest world: 1 sector, 1e\+07 firms",
        r"this sweep needs about [\d.]+ GiB .*" + AS_4GIB + "; fewer firms\n",
        prefix=LIMIT_AS, seconds=10),
    Row("memory:stress_points", STRESS + " -u u.toml",
        {"u.toml": uncertainties().replace("samples = 2", "samples = 5000000")},
        "u.toml", r"1e\+07 design points of a scenario of 1 sector, 1e\+07 runs",
        r"this stress test needs about [\d.]+ GiB .*; fewer design points",
        prefix=LIMIT_AS, seconds=10),

    # HDF5 files given as input: a re-run (run, check, compare) or analyze.
    Row("h5:run_not_hdf5", "run fake.h5", {"fake.h5": NOT_HDF5},
        "fake.h5", "", r"not an HDF5 file, or a damaged one \(HDF5: file signature not found\)"),
    Row("h5:run_foreign", "run foreign.h5", {"foreign.h5": foreign_hdf5},
        "foreign.h5", r"attribute format", r"not a TwinSim result file .*expected 'twinsim/1'"),
    Row("h5:run_truncated", "run cut.h5", {"cut.h5": head_of("run.h5", 0.5)},
        "cut.h5", "",
        r"damaged one \(HDF5: truncated file.*expected a file twinsim run, compare, sweep or stress wrote"),
    Row("h5:run_missing_scenario", "run gap.h5", {"gap.h5": attribute("run.h5", "scenario")},
        "gap.h5", r"attribute 'scenario'", r"expected a TwinSim result file"),
    Row("h5:run_scenario_damaged", "run bad.h5",
        {"bad.h5": attribute("run.h5", "scenario", "horizon_months = 0\n")},
        "bad.h5", r":/scenario:1:18", r"horizon_months: must be in \[1, 1200\], got 0"),
    Row("h5:run_scenario_key_of_many_parts", "run bad.h5",
        {"bad.h5": attribute("run.h5", "scenario", DEEP_KEY + " = 1\n")},
        "bad.h5", r":/scenario:1:1", r"a key of 40000 dotted parts; at most 64"),
    Row("h5:run_scenario_nested_lists", "check bad.h5",
        {"bad.h5": attribute("run.h5", "scenario", "x = " + "[" * 100000 + "\n")},
        "bad.h5", r":/scenario:1:68", r"tables and lists nested 65 deep; at most 64"),
    Row("h5:run_sweep_file", "run sweep.h5", {"sweep.h5": copy_of("sweep.h5")},
        "sweep.h5", r"root attribute experiment", r"a sweep written by twinsim sweep"),
    Row("h5:run_partial_file", "run out.h5.partial", {"out.h5.partial": copy_of("sweep.h5")},
        "out.h5.partial", r"root attribute experiment", r"a sweep written by twinsim sweep"),
    Row("h5:run_compare_file", "run compare.h5", {"compare.h5": copy_of("compare.h5")},
        "compare.h5", r"/intervention", r"a comparison written by twinsim compare"),
    Row("h5:run_stress_file", "run stress.h5", {"stress.h5": copy_of("stress.h5")},
        "stress.h5", r"/strategies", r"a stress test written by twinsim stress"),
    Row("h5:check_sweep_file", "check sweep.h5", {"sweep.h5": copy_of("sweep.h5")},
        "sweep.h5", r"root attribute experiment", r"a sweep written by twinsim sweep"),
    Row("h5:compare_sweep_file", "compare sweep.h5", {"sweep.h5": copy_of("sweep.h5")},
        "sweep.h5", r"root attribute experiment", r"a sweep written by twinsim sweep"),
    Row("h5:compare_against_sweep", "compare " + SMALL + " --against sweep.h5",
        {"sweep.h5": copy_of("sweep.h5")},
        "sweep.h5", r"root attribute experiment", r"a sweep written by twinsim sweep"),
    Row("h5:analyze_missing", "analyze none.h5", {},
        "none.h5", "", r"no such file"),
    Row("h5:analyze_folder", "analyze folder", {"folder/x": ""},
        "folder", "", r"is a directory \(expected a file twinsim run, compare, sweep or stress wrote\)"),
    Row("h5:analyze_not_hdf5", "analyze fake.h5", {"fake.h5": NOT_HDF5},
        "fake.h5", "", r"not an HDF5 file, or a damaged one \(HDF5: file signature not found\)"),
    Row("h5:analyze_toml", "analyze " + SMALL, {},
        "small.toml", "", r"not an HDF5 file"),
    Row("h5:analyze_foreign", "analyze foreign.h5", {"foreign.h5": foreign_hdf5},
        "foreign.h5", r"format attribute", r"not a file TwinSim wrote"),
    Row("h5:analyze_unreadable", "analyze secret.h5", {"secret.h5": copy_of("run.h5")},
        "secret.h5", "", r"cannot read it: Permission denied", modes={"secret.h5": 0o000}),
    Row("h5:analyze_truncated_run", "analyze cut.h5", {"cut.h5": head_of("run.h5", 0.5)},
        "cut.h5", "", r"damaged one \(HDF5: truncated file"),
    Row("h5:analyze_truncated_compare", "analyze cut.h5", {"cut.h5": head_of("compare.h5", 0.6)},
        "cut.h5", "", r"damaged one \(HDF5: truncated file"),
    Row("h5:analyze_truncated_sweep", "analyze cut.h5", {"cut.h5": head_of("sweep.h5", 0.6)},
        "cut.h5", "", r"damaged one \(HDF5: truncated file"),
    Row("h5:analyze_truncated_stress", "analyze cut.h5", {"cut.h5": head_of("stress.h5", 0.6)},
        "cut.h5", "", r"damaged one \(HDF5: truncated file"),
    Row("h5:analyze_missing_dataset", "analyze gap.h5",
        {"gap.h5": without("run.h5", "timeseries/jobs_south")},
        "gap.h5", r"/timeseries/jobs_south", r"expected a run file \(twinsim run\) as TwinSim writes it"),
    Row("h5:analyze_missing_impact", "analyze gap.h5",
        {"gap.h5": without("compare.h5", "impact/jobs_net")},
        "gap.h5", r"/impact/jobs_net", r"expected a comparison \(twinsim compare\) as TwinSim writes it"),
    Row("h5:analyze_missing_parameters", "analyze gap.h5",
        {"gap.h5": without("sweep.h5", "parameters/growth")},
        "gap.h5", r"/parameters/growth", r"expected a sweep \(twinsim sweep\) as TwinSim writes it"),
    Row("h5:analyze_missing_strategy", "analyze gap.h5",
        {"gap.h5": without("stress.h5", "strategies/slow")},
        "gap.h5", r"/strategies/slow", r"expected a stress test \(twinsim stress\) as TwinSim writes it"),

    # Outputs: one that exists is not replaced without --force; a missing folder is not made.
    Row("output:run_exists", "run " + SMALL + " -o out.h5", {"out.h5": "precious"},
        "out.h5", "", r"output file exists; pass --force to overwrite it"),
    Row("output:run_default_exists", "run " + SMALL, {"small.h5": "precious"},
        "small.h5", "", r"output file exists; pass --force to overwrite it"),
    Row("output:folder_not_writable", "run " + SMALL + " -o ro/out.h5", {"ro/keep": "mine"},
        "ro/out.h5", "", r"cannot write to folder ro \(Permission denied\)", modes={"ro": 0o555}),
    Row("output:compare_plot_not_writable", "compare " + SMALL + " --plot ro", {"ro/keep": "mine"},
        None, r"--plot ro: ", r"cannot write to folder ro \(Permission denied\)", modes={"ro": 0o555}),
    Row("output:analyze_plot_not_writable", "analyze {h5}/run.h5 --plot ro/figs", {"ro/keep": "mine"},
        None, r"--plot ro/figs: ", r"cannot write to folder ro \(Permission denied\)", modes={"ro": 0o555}),
    Row("output:analyze_plot_not_a_folder", "analyze {h5}/run.h5 --plot file/figs", {"file": "mine"},
        None, r"--plot file/figs: ", r"file is not a folder"),
    Row("output:analyze_report_not_writable", "analyze {h5}/run.h5 --report ro/r.html", {"ro/keep": "mine"},
        None, r"--report ro/r\.html: ", r"cannot write to folder ro \(Permission denied\)",
        modes={"ro": 0o555}),
    Row("output:analyze_salib_not_writable", "analyze {h5}/sweep.h5 --salib ro", {"ro/keep": "mine"},
        None, r"--salib ro: ", r"cannot write to folder ro \(Permission denied\)", modes={"ro": 0o555}),
    Row("output:compare_exists", "compare " + SMALL + " -o out.h5", {"out.h5": "precious"},
        "out.h5", "", r"output file exists; pass --force to overwrite it"),
    Row("output:compare_folder_missing", "compare " + SMALL + " -o nowhere/c.h5", {},
        "nowhere/c.h5", "", r"folder nowhere does not exist"),
    Row("output:compare_plot_exists", "compare " + SMALL + " --plot figs", {"figs/jobs.png": "precious"},
        "figs/jobs.png", "", r"exists; pass --force to overwrite the figures"),
    Row("output:sweep_exists", SWEEP + " -o out.h5", {"out.h5": "precious"},
        "out.h5", "", r"output file exists; pass --force to overwrite it"),
    Row("output:sweep_folder_missing", SWEEP + " -o nowhere/s.h5", {},
        "nowhere/s.h5", "", r"folder nowhere does not exist"),
    Row("output:stress_exists", STRESS_U + " -o out.h5", {"out.h5": "precious"},
        "out.h5", "", r"output file exists; pass --force to overwrite it"),
    Row("output:stress_is_folder", STRESS_U + " -o folder", {"folder/x": "mine"},
        "folder", "", r"is a directory"),
    Row("output:analyze_plot_exists", "analyze {h5}/run.h5 --plot figs",
        {"figs/trajectory_jobs_south.png": "precious"},
        "figs/trajectory_jobs_south.png", "", r"exists; pass --force to draw over it"),
    Row("output:analyze_report_exists", "analyze {h5}/run.h5 --report r.html", {"r.html": "precious"},
        "r.html", "", r"exists; pass --force to overwrite it"),
    Row("output:analyze_report_folder_missing", "analyze {h5}/run.h5 --report nowhere/r.html", {},
        "nowhere/r.html", "", r"folder .*nowhere does not exist"),
    Row("output:analyze_salib_exists", "analyze {h5}/sweep.h5 --salib s", {"s/params.txt": "precious"},
        "s/params.txt", "", r"exists; pass --force to write over it"),

    # --resume, and the partial file a sweep or stress test leaves (OUT.h5.partial).
    Row("resume:unfinished_without_resume", SWEEP + " -o out.h5",
        {"out.h5.partial": copy_of("sweep.h5")},
        "out.h5.partial", "",
        r"holds an unfinished sweep .*finish it with --resume, or start over with --force"),
    Row("resume:other_experiment", "sweep exp.toml -o out.h5 --resume",
        {"exp.toml": experiment(), "out.h5.partial": copy_of("sweep.h5")},
        "out.h5.partial", "", r"was started from another experiment or base scenario"),
    Row("resume:other_build", SWEEP + " -o out.h5 --resume",
        {"out.h5.partial": attribute("sweep.h5", "git_commit", "0000000")},
        "out.h5.partial", r"commit 0000000", r"its runs could differ from this build's"),
    Row("resume:other_strategies", "stress {in}/fast.toml -u {in}/small_uncertainties.toml -o out.h5 --resume",
        {"out.h5.partial": copy_of("stress.h5")},
        "out.h5.partial", "", r"was started from another uncertainties file or strategies"),
    Row("resume:partial_is_run_file", SWEEP + " -o out.h5 --resume",
        {"out.h5.partial": copy_of("run.h5")},
        "out.h5.partial", "", r"was started from another experiment or base scenario"),
    Row("resume:partial_not_hdf5", SWEEP + " -o out.h5 --resume",
        {"out.h5.partial": NOT_HDF5},
        "out.h5.partial", "",
        r"file signature not found.*; expected the partial file of an unfinished sweep"),
    Row("resume:partial_not_hdf5_without_resume", SWEEP + " -o out.h5",
        {"out.h5.partial": NOT_HDF5},
        "out.h5.partial", "",
        r"file signature not found.*; expected the partial file of an unfinished sweep"),
    Row("resume:partial_truncated", SWEEP + " -o out.h5 --resume",
        {"out.h5.partial": head_of("sweep.h5", 0.6)},
        "out.h5.partial", "", r"truncated file.*; expected the partial file of an unfinished sweep"),
    Row("resume:partial_missing_dataset", SWEEP + " -o out.h5 --resume",
        {"out.h5.partial": without("sweep.h5", "parameters/failure")},
        "out.h5.partial", r"/parameters/failure", r"expected the partial file of an unfinished sweep"),
    Row("resume:stress_partial_not_hdf5", STRESS_U + " -o out.h5 --resume",
        {"out.h5.partial": NOT_HDF5},
        "out.h5.partial", "", r"expected the partial file of an unfinished stress test"),
    Row("resume:output_exists", SWEEP + " -o out.h5 --resume",
        {"out.h5.partial": copy_of("sweep.h5"), "out.h5": "precious"},
        "out.h5", "", r"exists: add --force to replace it when the resumed sweep is complete"),
    Row("resume:complete_other", "sweep exp.toml -o out.h5 --resume",
        {"exp.toml": experiment(), "out.h5": copy_of("sweep.h5")},
        "out.h5", "", r"exists and holds another sweep; nothing to resume"),
    Row("resume:complete_not_hdf5", SWEEP + " -o out.h5 --resume", {"out.h5": "precious"},
        "out.h5", "", r"file signature not found.*; expected the file of a complete sweep"),
    # Names read back from a file name HDF5 objects and figures (trajectory_NAME.png,
    # prim_STRATEGY.png): one of another form is refused before it is used.
    Row("h5:analyze_metric_name_path", "analyze bad.h5 --plot figs",
        {"bad.h5": names("run.h5", "/", "metrics", ["jobs_south", "../../escape"])},
        "bad.h5", r"attribute metrics of /",
        r'holds "\.\./\.\./escape", expected a name of \[a-z0-9_\]\+'),
    Row("h5:analyze_compare_metric_name", "analyze bad.h5 --report r.html",
        {"bad.h5": names("compare.h5", "intervention", "metrics", ["project_phase", "a/b"])},
        "bad.h5", r"attribute metrics of /intervention", r"expected a name of \[a-z0-9_\]\+"),
    Row("h5:analyze_sweep_metric_name", "analyze bad.h5 --plot figs",
        {"bad.h5": names("sweep.h5", "/", "metrics", ["jobs_south\n"])},
        "bad.h5", r"attribute metrics", r'holds "jobs_south\\n", expected a name of'),
    Row("h5:analyze_sweep_factor_name", "analyze bad.h5",
        {"bad.h5": names("sweep.h5", "/", "varied", ["Growth"])},
        "bad.h5", r"attribute varied", r"expected a name of \[a-z0-9_\]\+"),
    Row("h5:analyze_stress_strategy_name", "analyze bad.h5 --plot figs",
        {"bad.h5": names("stress.h5", "/", "strategies", ["../fast", "slow"])},
        "bad.h5", r"attribute strategies", r"expected a plain file name"),
    Row("stress:strategy_file_name", "stress 'my plan.toml' {in}/slow.toml "
        "-u {in}/small_uncertainties.toml", {"my plan.toml": input_copy("fast.toml")},
        "my plan.toml", "", r"a strategy is named by its file name without \.toml, which must be "
        r"a plain name"),
]


# Signs of a crash or of an error that escaped the handling of bad input.
CRASH = re.compile(r"Traceback|terminate called|Aborted|Segmentation|AddressSanitizer|runtime error:|"
                   r"LeakSanitizer|HDF5-DIAG|twinsim: failed:")


def snapshot(folder):
    """Every file under `folder`: relative path -> bytes (folders as None)."""
    files = {}
    for root, dirs, names in os.walk(folder):
        for d in dirs:
            files[os.path.relpath(os.path.join(root, d), folder) + "/"] = None
        for n in names:
            path = os.path.join(root, n)
            try:
                with open(path, "rb") as f:
                    files[os.path.relpath(path, folder)] = f.read()
            except PermissionError:
                files[os.path.relpath(path, folder)] = "unreadable"
    return files


def restricted_prefix():
    """A command prefix under which file modes hold (a file of mode 000 cannot be read): root
    reads and writes anything, so as root the command runs without the capabilities that let it
    (setpriv); None when that cannot be arranged."""
    if os.geteuid() != 0:
        return []
    prefix = ["setpriv", "--inh-caps=-dac_override,-dac_read_search",
              "--bounding-set=-dac_override,-dac_read_search"]
    probe = os.path.join(WORK, "probe")
    with open(probe, "w") as f:
        f.write("x")
    os.chmod(probe, 0)
    try:
        works = subprocess.run(prefix + ["true"], capture_output=True).returncode == 0
        reads = subprocess.run(prefix + ["cat", probe], capture_output=True).returncode == 0
    except OSError:
        return None
    return prefix if works and not reads else None


def make_fixtures():
    """The HDF5 files rows copy or read: one of each kind TwinSim writes, small."""
    os.makedirs(H5, exist_ok=True)
    small, sweep = os.path.join(INPUTS, "small.toml"), os.path.join(INPUTS, "small_sweep.toml")
    strategies = [os.path.join(INPUTS, "fast.toml"), os.path.join(INPUTS, "slow.toml")]
    for args in (["run", small, "-o", "run.h5"], ["compare", small, "-o", "compare.h5"],
                 ["sweep", sweep, "-o", "sweep.h5"],
                 ["stress", *strategies, "-u", os.path.join(INPUTS, "small_uncertainties.toml"),
                  "-o", "stress.h5"]):
        r = subprocess.run([TWINSIM, *args, "--force", "-j", "1"], cwd=H5, capture_output=True,
                           text=True)
        if r.returncode != 0:
            sys.exit(f"check_bad_input: making {args[-1]} failed:\n{r.stdout}{r.stderr}")


def check(row, restricted):
    """Runs one row; returns what is wrong with it (empty when it passes)."""
    folder = os.path.join(WORK, "rows", re.sub(r"[^a-z0-9_]+", "_", row.name))
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    places = {"in": INPUTS, "h5": H5, "scenarios": SCENARIOS, "busy_port": str(BUSY.getsockname()[1])}
    for name, content in row.files.items():
        path = os.path.join(folder, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if callable(content):
            content(path)
        else:
            if isinstance(content, str):
                for key, value in places.items():
                    content = content.replace("{" + key + "}", value)
                content = content.encode()
            with open(path, "wb") as f:
                f.write(content)
    prefix = list(row.prefix)
    if prefix and not PREFIX_WORKS.setdefault(
            tuple(prefix), subprocess.run(prefix + [TWINSIM, "--version"],
                                          capture_output=True).returncode == 0):
        return None  # skipped: the binary cannot start under it (a sanitizer's address space)
    if row.modes:
        if restricted is None:
            return None  # skipped: file modes cannot restrict this user here
        prefix = restricted + prefix
        for name, mode in row.modes.items():
            os.chmod(os.path.join(folder, name), mode)
    before = snapshot(folder)
    args = [a.format(**places) for a in shlex.split(row.cmd)]
    env = {k: v for k, v in os.environ.items() if k != "TWINSIM_FAIL_RUNS"}
    env.update(row.env)
    try:
        r = subprocess.run(prefix + [TWINSIM, *args], cwd=folder, capture_output=True, text=True,
                           env=env, timeout=row.seconds, errors="replace")
    except subprocess.TimeoutExpired:
        return [f"did not stop within {row.seconds} s"]
    problems = []
    err = r.stderr
    if r.returncode != 2:
        problems.append(f"exit status {r.returncode}, expected 2")
    if CRASH.search(err + r.stdout):
        problems.append("a crash or an unhandled failure: " + CRASH.search(err + r.stdout).group(0))
    if row.file is not None and row.file not in err:
        problems.append(f"the message does not name the file {row.file}")
    if row.place:
        place = re.escape(row.file or "") + row.place if row.place.startswith(":") else row.place
        if not re.search(place, err):
            problems.append(f"the message does not give the place /{place}/")
    if row.expect and not re.search(row.expect, err):
        problems.append(f"the message does not say what was expected: /{row.expect}/")
    if re.search(r"^Simulated|^Wrote ", r.stdout, re.M):
        problems.append("it simulated before it stopped")
    for name in row.modes:
        path = os.path.join(folder, name)
        os.chmod(path, 0o755 if os.path.isdir(path) else 0o644)
    after = snapshot(folder)
    for name in sorted(set(before) | set(after)):
        if name not in before:
            problems.append(f"created {name}")
        elif name not in after:
            problems.append(f"removed {name}")
        elif before[name] != after[name] and before[name] != "unreadable":
            problems.append(f"changed {name}")
    if os.environ.get("BAD_INPUT_VERBOSE"):
        print("     " + err.strip().replace("\n", "\n     "))
    if problems:
        problems.append(f"command: twinsim {shlex.join(args)}\nstderr: {err.strip()}\nstdout: "
                        f"{r.stdout.strip()[-500:]}")
    return problems


def main():
    global TWINSIM, SOURCE, WORK, INPUTS, H5, SCENARIOS, BUSY
    TWINSIM, SOURCE, WORK = (os.path.abspath(a) for a in sys.argv[1:4])
    only = re.compile(sys.argv[4]) if len(sys.argv) > 4 else None
    INPUTS = os.path.join(SOURCE, "tests", "bad_input")
    SCENARIOS = os.path.join(SOURCE, "scenarios")
    H5 = os.path.join(WORK, "h5")
    os.makedirs(WORK, exist_ok=True)
    names = [row.name for row in ROWS]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        sys.exit(f"check_bad_input: rows named twice: {', '.join(sorted(duplicates))}")
    make_fixtures()
    BUSY = socket.create_server(("127.0.0.1", 0))  # held until the end: the port in use
    restricted = restricted_prefix()
    failed, skipped, ran = [], [], 0
    for row in ROWS:
        if only and not only.search(row.name):
            continue
        problems = check(row, restricted)
        if problems is None:
            skipped.append(row.name)
            print(f"SKIP {row.name}: " + (f"twinsim cannot start under {shlex.join(row.prefix)} "
                                          "(a sanitizer build reserves more address space)"
                                          if row.prefix and not PREFIX_WORKS[tuple(row.prefix)]
                                          else "file modes cannot restrict this user here"))
            continue
        ran += 1
        print(("ok   " if not problems else "FAIL ") + row.name)
        if problems:
            failed.append(row.name)
            for p in problems:
                print("     " + p.replace("\n", "\n     "))
    if failed:
        sys.exit(f"check_bad_input: {len(failed)} of {ran} rows failed: {', '.join(failed)}")
    print(f"check_bad_input: OK ({ran} rows" + (f", {len(skipped)} skipped" if skipped else "") + ")")


TWINSIM = SOURCE = WORK = INPUTS = H5 = SCENARIOS = ""
PREFIX_WORKS = {}  # command prefix -> whether twinsim starts under it
BUSY = None

if __name__ == "__main__":
    main()
