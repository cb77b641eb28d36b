#!/usr/bin/python3
"""Checks that TwinSim result files hold the same results, bit for bit: every group, dataset and
attribute equal (NaN equal to NaN), except the attribute `created` (when the file was written).

Usage: /usr/bin/python3 tests/python/same_results.py [--ignore-attribute NAME]... REFERENCE.h5 OTHER.h5...
(scripts/same-outputs.sh ignores `git_commit` too: it compares the outputs of two builds.)
Prints "same_results: OK" and exits 0, or lists the differences and exits 1.
"""

import sys

import h5py
import numpy as np

IGNORED_ATTRIBUTES = {"created"}


def same_value(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    if a.dtype.kind == "f":
        return bool(np.array_equal(a, b, equal_nan=True))
    return bool(np.array_equal(a, b))


def differences(reference, other, ignored=frozenset(IGNORED_ATTRIBUTES)):
    found = []
    with h5py.File(reference, "r") as a, h5py.File(other, "r") as b:
        def walk(ga, gb, where):
            for name in set(ga.attrs) | set(gb.attrs):
                if name in ignored or name in ("DIMENSION_LIST", "REFERENCE_LIST"):
                    continue  # object references: compared through the scales they point at
                if name not in ga.attrs or name not in gb.attrs:
                    found.append(f"{where}: attribute {name} in one file only")
                elif not same_value(ga.attrs[name], gb.attrs[name]):
                    found.append(f"{where}: attribute {name} differs")
            if not isinstance(ga, h5py.Group):
                if not same_value(ga[()], gb[()]):
                    found.append(f"{where}: values differ")
                return
            names_a, names_b = set(ga.keys()), set(gb.keys())
            for name in names_a ^ names_b:
                found.append(f"{where}/{name}: in one file only")
            for name in sorted(names_a & names_b):
                walk(ga[name], gb[name], f"{where.rstrip('/')}/{name}")
        walk(a, b, "/")
    return found


if __name__ == "__main__":
    arguments, ignored = sys.argv[1:], set(IGNORED_ATTRIBUTES)
    while arguments[:1] == ["--ignore-attribute"] and len(arguments) > 1:
        ignored.add(arguments[1])
        arguments = arguments[2:]
    reference, others = arguments[0], arguments[1:]
    problems = []
    for other in others:
        problems += [f"{other}: {d}" for d in differences(reference, other, ignored)]
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print(f"same_results: OK ({len(others)} file(s) equal to {reference})")
