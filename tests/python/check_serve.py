"""`twinsim serve` as browsers use it: the page's files, sessions over WebSocket (bad input, several
at once, bounded), the download (the file `twinsim compare` writes), and stopping.
Usage: check_serve.py TWINSIM SCENARIO_DIR WORK_DIR"""
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ws_client  # noqa: E402
from same_results import differences  # noqa: E402

twinsim, scenario_dir, work = sys.argv[1:4]
os.makedirs(work, exist_ok=True)
failures = []


def expect(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


def start(*args):
    """Starts `twinsim serve --port 0 ARGS` and returns (process, port)."""
    p = subprocess.Popen([twinsim, "serve", "--port", "0", *args], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    if "http://" not in line:
        p.kill()
        sys.exit(f"serve did not start: {line!r} {p.stderr.read()!r}")
    port = int(line.split("http://")[1].split("/")[0].rsplit(":", 1)[1])
    return p, port


def get(port, path, method="GET"):
    """(status, content type, body) of a raw request: the path is sent exactly as given."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        s.sendall(f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
                  .encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = {k.lower(): v.strip() for k, v in (x.split(":", 1) for x in lines[1:])}
    return int(lines[0].split()[1]), headers.get("content-type", ""), body


server, port = start()
try:
    # The page's files, and nothing else.
    status, ctype, body = get(port, "/")
    expect(status == 200 and ctype.startswith("text/html") and b"app.js" in body, "GET / is the page")
    status, ctype, _ = get(port, "/app.js")
    expect(status == 200 and "javascript" in ctype, "GET /app.js")
    status, ctype, _ = get(port, "/style.css")
    expect(status == 200 and ctype.startswith("text/css"), "GET /style.css")
    for path in ["/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/etc/passwd",
                 "/scenarios/teaching/declining_market.toml", "/app.js/../../x", "//etc/passwd"]:
        status, _, body = get(port, path)
        expect(status == 404 and b"root:" not in body, f"GET {path} is 404")
    expect(get(port, "/", "POST")[0] == 405, "POST / is refused (405)")
    expect(get(port, "/", "DELETE")[0] == 405, "DELETE / is refused (405)")

    # A page of another site may not open a session (a browser sends its Origin); this server's
    # own page may.
    try:
        ws_client.WebSocket("127.0.0.1", port, origin="http://evil.example")
        refused = None
    except ws_client.Closed as e:
        refused = str(e)
    expect(refused is not None and "403" in refused, f"a page from another site is refused ({refused})")
    own = ws_client.WebSocket("127.0.0.1", port, origin=f"http://127.0.0.1:{port}")
    expect(own.recv_json()["type"] == "hello", "the server's own page gets a session")
    own.close()

    # One session: hello, reset, month 0, steps.
    a = ws_client.WebSocket("127.0.0.1", port)
    hello = a.recv_json()
    names = [s["name"] for s in hello["scenarios"]]
    expect(hello["type"] == "hello" and "declining_market" in names and len(names) == 6,
           f"hello lists the six teaching scenarios ({names})")
    a.send("cmd=reset&scenario=declining_market&growth=-0.05")
    reset, _ = a.until("reset")
    expect(reset["settings"]["growth"] == -0.05 and reset["settings"]["clients"] == 40
           and reset["months"] == 96, "reset takes the growth, the scenario's clients and horizon")
    m0, _ = a.until("month")
    expect(m0["month"] == 0 and m0["with"] == m0["without"],
           "month 0: both worlds the same before anything happens")
    net, _ = a.until("network")
    ids = {n[0] for n in net["with"]["nodes"]}
    expect(len(ids) == 450 and all(l[0] in ids and l[1] in ids for l in net["with"]["links"]),
           "network: every firm of the small world, links only between firms shown")
    for _ in range(3):
        a.send("cmd=step")
    m3, _ = a.until("month", month=3)
    expect(m3["months"] == 96, "three steps: month 3 of 96")

    # Bad input: an error message naming the problem, and the session goes on.
    bad = {
        "cmd=reset&scenario=nope": "scenario: expected one of",
        "cmd=reset&scenario=declining_market&growth=abc": "growth: expected a number in [-0.2, 0.2]",
        "cmd=reset&scenario=declining_market&growth=5": "growth: expected a number",
        "cmd=reset&scenario=declining_market&growth=nan": "growth: expected a number",
        "cmd=reset&scenario=declining_market&clients=-1": "clients: expected a whole number in [0, 200]",
        "cmd=reset&scenario=declining_market&clients=2.5": "clients: expected a whole number",
        "cmd=reset&scenario=declining_market&support=9": "support: expected a number in [0, 3]",
        "cmd=reset&scenario=declining_market&strategy=both": "strategy: expected fast_track or cluster_first",
        "cmd=reset&scenario=declining_market&crisis=maybe": "crisis: expected 0 or 1",
        "cmd=reset&scenario=declining_market&seed=-3": "seed: expected a whole number",
        "cmd=reset&scenario=declining_market&colour=red": "'colour': unknown key",
        "cmd=reset&scenario=declining_market&growth=0.1&growth=0.2": "growth: given twice",
        "cmd=reset&growth=0.1": "scenario=NAME is missing",
        "cmd=speed&value=1000": "speed: expected a whole number in [1, 60]",
        "cmd=play&now=1": "play: takes no further keys",
        "cmd=fly": "cmd: expected reset, play, pause, step or speed",
        "garbage": "expected key=value pairs",
        "cmd=reset&scenario=%zz": "malformed %-escape",
        "": "expected a message starting with cmd=",
    }
    for message, words in bad.items():
        a.send(message)
        error, _ = a.until("error")
        expect(words in error["message"], f"{message!r}: error says {words!r} ({error['message']!r})")
    a.send("cmd=step")
    m4, _ = a.until("month")
    expect(m4["month"] == 4, "after the errors the session goes on (month 4)")

    # Play runs months by itself at the chosen speed; pause stops it.
    a.send("cmd=speed&value=60")
    a.send("cmd=play")
    playing, _ = a.until("state", playing=True)
    m, _ = a.until("month", month=20)
    a.send("cmd=pause")
    paused, _ = a.until("state", playing=False)
    expect(paused["month"] >= 20, f"play ran to month {paused['month']} at 60 months/s, then paused")

    # Several sessions at once, each its own: the same settings give the same months, step by
    # step interleaved; other settings give other months.
    b = ws_client.WebSocket("127.0.0.1", port)
    c = ws_client.WebSocket("127.0.0.1", port)
    for ws in (b, c):
        ws.recv_json()
    b.send("cmd=reset&scenario=growing_market&seed=4")
    c.send("cmd=reset&scenario=growing_market&seed=4")
    b.until("state")
    c.until("state")
    same = True
    for month in range(1, 25):
        b.send("cmd=step")
        c.send("cmd=step")
        mb, _ = b.until("month", month=month)
        mc, _ = c.until("month", month=month)
        same &= mb == mc
    expect(same, "two sessions with the same settings show the same 24 months")
    c.send("cmd=reset&scenario=growing_market&seed=4&growth=-0.1")
    c.until("state")
    for _ in range(24):
        c.send("cmd=step")
    mc, _ = c.until("month", month=24)
    expect(mc["with"]["jobs_others"] != mb["with"]["jobs_others"],
           "a session with another growth shows another world; the first is untouched")

    # What the class should see: at month 60 the firms the project did not assist have lost jobs
    # in the declining market (more than with growth), and some of them to the project's clients.
    def displaced_at_60(growth):
        ws = ws_client.WebSocket("127.0.0.1", port)
        ws.recv_json()
        ws.send(f"cmd=reset&scenario=declining_market&growth={growth}")
        ws.until("state")
        for _ in range(60):
            ws.send("cmd=step")
        m, _ = ws.until("month", month=60)
        ws.close()
        return m["displaced_jobs"], m["with"]["jobs_others"] - m0_of[growth]
    m0_of = {}
    for g in (-0.05, 0.05):
        ws = ws_client.WebSocket("127.0.0.1", port)
        ws.recv_json()
        ws.send(f"cmd=reset&scenario=declining_market&growth={g}")
        m0_of[g] = ws.until("month")[0]["with"]["jobs_others"]
        ws.close()
    declining, growing = displaced_at_60(-0.05), displaced_at_60(0.05)
    expect(declining[1] < 0 and declining[1] < growing[1],
           f"declining market: the non-assisted firms' jobs fell further ({declining[1]:.0f} "
           f"against {growing[1]:.0f} with growth)")
    expect(declining[0] > 0, f"... {declining[0]:.0f} of them displaced by the project")

    # A message above the limit closes that session only.
    d = ws_client.WebSocket("127.0.0.1", port)
    d.recv_json()
    d.send("cmd=reset&scenario=" + "x" * 10000)
    try:
        d.recv_json()
        closed = False
    except (ws_client.Closed, OSError):
        closed = True
    expect(closed, "a 10 kB message closes its session")
    a.send("cmd=step")
    expect(a.until("month")[0]["month"] > 4, "... and the others go on")

    # The download is the file `twinsim compare` writes for the same settings.
    query = "scenario=declining_market&growth=-0.03&clients=30&support=1.5&strategy=fast_track&crisis=1&seed=3"
    status, ctype, body = get(port, "/download?" + query)
    downloaded = os.path.join(work, "downloaded.h5")
    with open(downloaded, "wb") as f:
        f.write(body)
    expect(status == 200 and ctype == "application/x-hdf5", f"download: {status} {ctype}")
    reference = os.path.join(work, "reference.h5")
    overrides = ["project.enabled=true", "market.growth_per_year=-0.03",
                 "project.assisted_firms=30", f"project.upgrading_per_month={0.01 * 1.5!r}",
                 "project.fast_track=true", "donor.crisis=true", "run.seed=3"]
    cmd = [twinsim, "compare", os.path.join(scenario_dir, "teaching", "declining_market.toml"),
           "--replicates", "1", "-o", reference, "--force"]
    for o in overrides:
        cmd += ["--set", o]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    diff = differences(reference, downloaded)
    expect(not diff, f"the download is what twinsim compare writes, dataset by dataset {diff[:3]}")
    status, _, body = get(port, "/download?scenario=declining_market&growth=9")
    expect(status == 400 and b"growth: expected a number" in body, "a bad download query is 400")
    expect(get(port, "/download?scenario=declining_market&colour=1")[0] == 400,
           "an unknown download key is 400")
    expect(not [n for n in os.listdir("/tmp") if n.startswith(f"twinsim-serve-{server.pid}-")],
           "downloads leave no temporary folder behind")
    for ws in (a, b, c):
        ws.close()
finally:
    server.send_signal(signal.SIGINT)
    try:
        rc = server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        rc = None
expect(rc == 0, f"SIGINT stops the server (exit {rc})")

# Bounded: sessions beyond --max-sessions are refused, the open ones keep working.
server, port = start("--max-sessions", "2")
try:
    one, two = ws_client.WebSocket("127.0.0.1", port), ws_client.WebSocket("127.0.0.1", port)
    for ws in (one, two):
        ws.recv_json()
    try:
        ws_client.WebSocket("127.0.0.1", port)
        refused = None
    except ws_client.Closed as e:
        refused = str(e)
    expect(refused is not None and "503" in refused, f"a third session is refused ({refused})")
    one.close()
    time.sleep(0.5)
    three = ws_client.WebSocket("127.0.0.1", port)
    expect(three.recv_json()["type"] == "hello", "once one leaves, a new session gets in")
    for ws in (two, three):
        ws.close()
finally:
    server.terminate()
    server.wait(timeout=20)

# Bad command lines stop before serving, with exit status 2.
bad_toml = os.path.join(work, "bad.toml")
with open(bad_toml, "w") as f:
    f.write("horizon_months = 120\n[market]\ngrowth_per_yer = 0.1\n")
for args, words in [(["serve", os.path.join(work, "missing.toml")], "missing.toml"),
                    (["serve", work], "no such scenario file"),
                    (["serve", bad_toml], "bad.toml:3:1: market.growth_per_yer: unknown key"),
                    (["serve", "--host", "not-an-address", "--port", "0"], "not an IP address"),
                    (["serve", "--port", "70000"], "70000")]:
    r = subprocess.run([twinsim, *args], capture_output=True, text=True, timeout=60)
    expect(r.returncode == 2 and words in r.stderr, f"twinsim {' '.join(args)}: exit 2, says {words!r}")

if failures:
    sys.exit(f"{len(failures)} check(s) failed")
