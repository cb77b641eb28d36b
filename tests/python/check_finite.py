#!/usr/bin/env python3
"""Every floating-point dataset of a TwinSim file holds finite numbers, as a user reading it with
h5py would want: the only NaN allowed is the documented one, a comparison's
/impact/<outcome>_displacement_ratio where <outcome>_additional is not > 0 (undefined, docs/impact.md).

Usage: check_finite.py FILE.h5 [FILE.h5 ...]"""
import sys

import h5py
import numpy as np


def problems(path):
    found = []
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if not isinstance(obj, h5py.Dataset) or obj.dtype.kind != "f":
                return
            values = obj[()]
            bad = ~np.isfinite(values)
            if name.startswith("impact/") and name.endswith("_displacement_ratio"):
                additional = f[name[: -len("_displacement_ratio")] + "_additional"][()]
                allowed = ~(additional > 0)
                if np.any(bad & ~allowed):
                    found.append(f"{name}: {int(np.sum(bad & ~allowed))} non-finite values where "
                                 "the additional effect is > 0")
                if np.any(~bad & allowed):
                    found.append(f"{name}: a number where the additional effect is not > 0 "
                                 "(should be NaN, undefined)")
            elif np.any(bad):
                found.append(f"{name}: {int(np.sum(bad))} of {values.size} values not finite")
        f.visititems(visit)
    return found


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    failed = False
    for path in sys.argv[1:]:
        found = problems(path)
        print(f"{path}: {'every number finite' if not found else 'NOT FINITE'}")
        for p in found:
            print("  " + p)
        failed |= bool(found)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
