#!/usr/bin/python3
"""The teaching pairs show a class what their headers promise (scenarios/teaching/*.toml), read
from the files `twinsim compare` writes, as a trainer's own script would:

- declining vs growing market: the project adds jobs to its clients in both, but in the declining
  market the firms it does not support lose most of them (displacement ratio at the horizon well
  above the growing market's), so its net effect is smaller;
- cluster development first vs fast-track twinning: more southern cooperation links at the horizon.

Usage: /usr/bin/python3 tests/python/check_teaching.py DECLINING.h5 GROWING.h5 CLUSTER_VS_FAST.h5
Prints "check_teaching: OK" with the figures and exits 0, or lists what failed and exits 1.
"""

import sys

import h5py
import numpy as np

declining, growing, cluster = sys.argv[1:4]
problems = []


def at_horizon(path, name):
    """Mean and standard error over runs of /impact/<name> in the last month."""
    with h5py.File(path, "r") as f:
        v = f["impact"][name][:, -1]
    v = v[np.isfinite(v)]
    return float(v.mean()), float(v.std(ddof=1) / np.sqrt(len(v))), len(v)


def expect(condition, message):
    if not condition:
        problems.append(message)


d_ratio, d_se, _ = at_horizon(declining, "jobs_displacement_ratio")
g_ratio, g_se, _ = at_horizon(growing, "jobs_displacement_ratio")
expect(d_ratio - 2 * d_se > g_ratio + 2 * g_se,
       f"displacement ratio: declining {d_ratio:.2f} +/- {2 * d_se:.2f} is not above growing "
       f"{g_ratio:.2f} +/- {2 * g_se:.2f}")
expect(d_ratio > 0.5, f"declining market: displacement ratio {d_ratio:.2f}, expected most jobs lost")
for path, label in ((declining, "declining"), (growing, "growing")):
    add, add_se, _ = at_horizon(path, "jobs_additional")
    expect(add - 2 * add_se > 0, f"{label}: the clients gain no jobs ({add:.0f} +/- {2 * add_se:.0f})")
d_net, _, _ = at_horizon(declining, "jobs_net")
g_net, _, _ = at_horizon(growing, "jobs_net")
expect(d_net < g_net, f"net jobs: declining {d_net:.0f} not below growing {g_net:.0f}")
links, links_se, _ = at_horizon(cluster, "links_cooperation_net")
expect(links - 2 * links_se > 0,
       f"cluster first vs fast track: {links:.1f} +/- {2 * links_se:.1f} cooperation links")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"check_teaching: OK: displacement ratio {d_ratio:.2f} (declining) vs {g_ratio:.2f} "
      f"(growing); net jobs {d_net:.0f} vs {g_net:.0f}; cluster first adds {links:.1f} "
      f"cooperation links over fast track at the horizon")
