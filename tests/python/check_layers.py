#!/usr/bin/python3
"""Checks that each layer of the tree includes only the layers below it (docs/engine.md, "Layers"):

  sim/       the engine: populations, networks, schedules, random streams, parameters, runners
  io/        the file formats (HDF5): sim/ only
  analysis/  statistics that know no model: sim/ and io/, never models/
  models/    the cluster-twinning model: sim/, io/ and analysis/ (its patterns use the statistics)
  web/       the classroom server: sim/ only
  app/, bench/, fuzz/, tests/: anything

Reads every #include "..." of the layer's .hpp and .cpp files. Prints "layers: OK" and exits 0, or
lists each include that crosses a layer the wrong way and exits 1.

Usage: /usr/bin/python3 tests/python/check_layers.py SOURCE_DIR
"""

import os
import re
import sys

ALLOWED = {
    "sim": {"sim"},
    "io": {"sim", "io"},
    "models": {"sim", "io", "analysis", "models"},
    "analysis": {"sim", "io", "analysis"},
    "web": {"sim", "web"},
}
# The build's generated headers (the git commit) may be read by any layer.
GENERATED = {"twinsim"}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)


def violations(source_dir):
    found = []
    for layer, allowed in sorted(ALLOWED.items()):
        folder = os.path.join(source_dir, layer)
        for root, _, files in os.walk(folder):
            for name in sorted(files):
                if not name.endswith((".hpp", ".cpp")):
                    continue
                path = os.path.join(root, name)
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                for included in INCLUDE.findall(text):
                    top = included.split("/", 1)[0] if "/" in included else layer
                    if top not in allowed and top not in GENERATED:
                        rel = os.path.relpath(path, source_dir)
                        found.append(f'{rel}: includes "{included}", but {layer}/ may include only '
                                     f'{", ".join(sorted(allowed))}')
    return found


if __name__ == "__main__":
    problems = violations(sys.argv[1])
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print("layers: OK")
