#!/usr/bin/python3
"""Opens a report written by `twinsim analyze --report` in headless Chromium (Debian's chromium) and
checks that it shows its figures: the page loads, its DOM holds every figure as an inline SVG with
drawn content, nothing is fetched from outside the file, and no script runs. Saves a screenshot
next to the report as a test artifact.

Usage: /usr/bin/python3 tests/python/check_report.py REPORT.html FIGURES [TEXT...]
(FIGURES: how many figures the report must show; TEXT: strings the page must contain).
Prints "check_report: OK" and exits 0, or lists the problems and exits 1.
"""

import os
import re
import shutil
import subprocess
import sys

path, expected = os.path.abspath(sys.argv[1]), int(sys.argv[2])
texts = sys.argv[3:]
problems = []

html = open(path, encoding="utf-8").read()
if re.search(r"<script", html, re.I):
    problems.append("the report holds a script")
for attribute in re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)["']""", html):
    if not attribute.startswith("#"):
        problems.append(f"the report refers to something outside itself: {attribute}")

chromium = shutil.which("chromium") or shutil.which("chromium-browser")
if chromium is None:
    sys.exit("check_report: chromium is not installed (scripts/setup.sh installs it)")
flags = ["--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars",
         "--user-data-dir=" + path + ".chromium-profile"]
url = "file://" + path
dom = subprocess.run([chromium, *flags, "--dump-dom", url], capture_output=True, text=True,
                     timeout=120)
if dom.returncode != 0:
    problems.append(f"chromium could not open the report (status {dom.returncode}): {dom.stderr[-2000:]}")
page = dom.stdout
figures = re.findall(r'<figure class="figure"[^>]*>(.*?)</figure>', page, re.S)
if len(figures) != expected:
    problems.append(f"{len(figures)} figures in the page, expected {expected}")
for i, figure in enumerate(figures):
    if "<svg" not in figure or len(re.findall(r"<path", figure)) < 5:
        problems.append(f"figure {i} is not a drawn SVG")
for text in texts:
    if text not in page:
        problems.append(f"the page does not show '{text}'")

screenshot = os.path.splitext(path)[0] + ".png"
shot = subprocess.run([chromium, *flags, "--window-size=1200,2400", "--screenshot=" + screenshot,
                       url], capture_output=True, text=True, timeout=120)
if shot.returncode != 0 or not os.path.exists(screenshot) or os.path.getsize(screenshot) < 20000:
    problems.append(f"no screenshot of the page (status {shot.returncode})")
shutil.rmtree(path + ".chromium-profile", ignore_errors=True)

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"check_report: OK {path}: {len(figures)} figures; screenshot {screenshot}")
