"""End to end in headless Chromium (Debian's chromium, driven by chromedriver through Selenium):
the classroom page of `twinsim serve`, used as a trainer uses it. Moves the market-growth slider
from growth to a decline with the keyboard, applies it, runs 60 months, and checks that the
displayed jobs of the firms the project did not assist fell further than with growth. Saves
screenshots of both runs as test artifacts.
Usage: check_classroom_browser.py TWINSIM WORK_DIR"""
import os
import re
import subprocess
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

twinsim, work = sys.argv[1:3]
os.makedirs(work, exist_ok=True)
failures = []


def expect(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


server = subprocess.Popen([twinsim, "serve", "--port", "0"], stdout=subprocess.PIPE, text=True)
line = server.stdout.readline()
url = re.search(r"http://\S+/", line).group(0)

options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--window-size=1280,1000"]:
    options.add_argument(flag)
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
wait = WebDriverWait(driver, 60)


def text(element_id):
    return driver.find_element(By.ID, element_id).text


def number(element_id):
    """A displayed count such as '2,770' or '-193 since the start' -> -193."""
    found = re.search(r"[-+\u2212]?[\d,]+", text(element_id))
    return int(found.group(0).replace(",", "").replace("\u2212", "-"))


def run_60_months(shot):
    driver.find_element(By.ID, "reset").click()
    wait.until(lambda d: text("month").startswith("Month 0 of"))
    step = driver.find_element(By.ID, "step")
    for month in range(1, 61):
        step.click()
        wait.until(lambda d, m=month: text("month").startswith(f"Month {m} of"))
    driver.save_screenshot(os.path.join(work, shot))
    return number("jobs-others-with"), number("change-others-with")


try:
    driver.get(url)
    wait.until(lambda d: text("month").startswith("Month 0 of") and
               Select(d.find_element(By.ID, "scenario")).options)
    Select(driver.find_element(By.ID, "scenario")).select_by_value("untiered_sector")
    slider = driver.find_element(By.ID, "growth")
    start = float(slider.get_attribute("value"))
    expect(start > 0, f"untiered_sector starts with market growth {start:+.3f}/yr")
    grown_jobs, grown_change = run_60_months("classroom_growth.png")

    # Move the slider to a decline as a trainer would: focus it, press the left arrow.
    slider.click()
    while float(slider.get_attribute("value")) > -0.05 + 1e-9:
        slider.send_keys(Keys.ARROW_LEFT)
    shown = text("growth-value")
    expect("-5" in shown, f"the slider shows the decline ({shown!r})")
    reset_label = text("reset")
    expect("Apply" in reset_label, f"the Reset button asks to apply the change ({reset_label!r})")
    declined_jobs, declined_change = run_60_months("classroom_decline.png")

    expect(declined_change < 0, f"in the decline the non-assisted firms lost jobs ({declined_change})")
    expect(declined_change < grown_change,
           f"... more than with growth: {declined_change} against {grown_change} "
           f"(jobs at month 60: {declined_jobs} against {grown_jobs})")
    caption = text("caption")
    expect(caption.startswith("Month "), f"a plain-words caption is shown ({caption!r})")
    severe = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    expect(not severe, f"no errors in the browser console {severe[:3]}")
finally:
    driver.quit()
    server.terminate()
    server.wait(timeout=20)

if failures:
    sys.exit(f"{len(failures)} check(s) failed")
