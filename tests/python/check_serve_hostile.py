"""`twinsim serve` attacked the way a hostile page or a hostile neighbour on the network would:
DNS rebinding (a page under the attacker's own name that resolves to 127.0.0.1: its requests
carry Host: evil.example), another site's page opening a WebSocket or fetching a download, a
client that sends and never reads (the server's memory must stay bounded), a client that uses up
the server's file descriptors (the server must not spin, and must serve again once they are
free), the page's security headers, and a scenario file name made to inject a header into the
download. Each check prints "ok" or "FAIL" and what it saw.
Usage: check_serve_hostile.py TWINSIM SCENARIO_DIR WORK_DIR"""
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ws_client  # noqa: E402

twinsim, scenario_dir, work = sys.argv[1:4]
os.makedirs(work, exist_ok=True)
failures = []
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def expect(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


def start(*args, limit_files=None, lines=1):
    """Starts `twinsim serve --port 0 ARGS` (with at most `limit_files` file descriptors) and
    returns (process, port), or (process, port, the next lines of its output) for lines > 1."""
    def lower_limit():
        if limit_files:
            resource.setrlimit(resource.RLIMIT_NOFILE, (limit_files, limit_files))
    p = subprocess.Popen([twinsim, "serve", "--port", "0", *args], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, preexec_fn=lower_limit)
    line = p.stdout.readline()
    if "http://" not in line:
        p.kill()
        raise RuntimeError(f"serve {' '.join(args)} did not start: {line!r} {p.stderr.read()!r}")
    port = int(line.split("http://")[1].split("/")[0].rsplit(":", 1)[1])
    if lines == 1:
        return p, port
    more = []
    reader = threading.Thread(target=lambda: more.extend(p.stdout.readline()
                                                         for _ in range(lines - 1)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    return p, port, more if len(more) == lines - 1 else [""] * (lines - 1)


def stop(p):
    p.send_signal(signal.SIGINT)
    try:
        return p.wait(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        return None


def request(port, path, headers, method="GET", timeout=60, address="127.0.0.1"):
    """(status, {header: value}, raw head, body) of one request sent exactly as given."""
    with socket.create_connection((address, port), timeout=timeout) as s:
        lines = [f"{method} {path} HTTP/1.1", *(f"{k}: {v}" for k, v in headers.items()),
                 "Connection: close"]
        s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    head_lines = head.decode("latin-1").split("\r\n")
    fields = {}
    for line in head_lines[1:]:
        k, _, v = line.partition(":")
        fields[k.strip().lower()] = v.strip()
    return int(head_lines[0].split()[1]), fields, head, body


def upgrade(port, host_header, origin=None):
    """`origin` None: no Origin header."""
    """The status of a WebSocket handshake to /ws (101: a session was opened)."""
    try:
        ws = ws_client.WebSocket("127.0.0.1", port, origin=origin, host_header=host_header)
        ws.close()
        return 101
    except ws_client.Closed as e:
        found = re.search(r"HTTP/1\.1 (\d+)", str(e))
        return int(found.group(1)) if found else str(e)


def cpu_seconds(pid):
    """User + system CPU time of a process so far (/proc/PID/stat, fields 14 and 15)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


DOWNLOAD = "/download?scenario=declining_market&seed=2"

server, port = start()
try:
    here = f"127.0.0.1:{port}"
    # DNS rebinding: the attacker's page at http://evil.example:PORT/, its name now resolving to
    # 127.0.0.1. The browser sends Host: evil.example:PORT, and Origin: http://evil.example:PORT
    # where it sends one: every path is refused, whatever the Origin.
    for host in [f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}",
                 f"localhost.:{port}", f"127.0.0.1:{port + 1 if port < 65535 else 1}", ""]:
        for path in ["/", "/app.js", "/style.css", DOWNLOAD]:
            status, fields, _, body = request(port, path, {"Host": host} if host else {})
            expect(status in (421, 403) and fields.get("content-type", "").startswith("text/plain")
                   and b"Host" in body,
                   f"GET {path} with Host {host or '(none)'!r} is refused ({status} {body[:60]!r})")
        status = upgrade(port, host, origin=f"http://{host}")
        expect(status in (421, 403),
               f"a WebSocket with Host {host!r} and Origin http://{host} is refused ({status})")
        status = upgrade(port, host)
        expect(status in (421, 403), f"a WebSocket with Host {host!r} without Origin is refused "
               f"({status})")
    # Another site's page reaching this server under its own address: its Origin gives it away.
    for origin in [f"http://evil.example:{port}", f"https://127.0.0.1:{port}", "null",
                   f"http://127.0.0.1:{port}.evil.example", f"http://127.0.0.1:{port}/x",
                   f"http://localhost:{port + 1 if port < 65535 else 1}"]:
        status = upgrade(port, here, origin=origin)
        expect(status == 403, f"a WebSocket from Origin {origin} to Host {here} is refused "
               f"({status})")
        status, _, _, body = request(port, DOWNLOAD, {"Host": here, "Origin": origin})
        expect(status == 403, f"a download asked by Origin {origin} is refused ({status})")
    for site in ["cross-site", "same-site"]:
        status, _, _, _ = request(port, DOWNLOAD, {"Host": here, "Sec-Fetch-Site": site})
        expect(status == 403, f"a download asked by another site's page without an Origin "
               f"(Sec-Fetch-Site: {site}, an <img> or a no-cors fetch) is refused ({status})")

    # What is this server's is served: its addresses and names, with and without its own Origin.
    for host in [here, f"localhost:{port}", f"LocalHost:{port}", f"[::1]:{port}"]:
        status, _, _, _ = request(port, "/", {"Host": host})
        expect(status == 200, f"GET / with Host {host} is served ({status})")
        status = upgrade(port, host, origin=f"http://{host}")
        expect(status == 101, f"a WebSocket with Host {host} and its own Origin opens ({status})")
    # A WebSocket that names no page is not a browser's: it must say it comes from this server.
    status = upgrade(port, here)
    expect(status == 403, f"a WebSocket without an Origin is refused ({status})")
    status, fields, _, body = request(port, DOWNLOAD, {"Host": here})
    expect(status == 200 and body.startswith(b"\x89HDF"),
           f"a download without Origin (curl, a link followed) is served ({status})")
    status, _, _, _ = request(port, DOWNLOAD, {"Host": here, "Origin": f"http://{here}",
                                               "Sec-Fetch-Site": "same-origin"})
    expect(status == 200, f"a download asked by the server's own page is served ({status})")

    # Security headers on every response: the page runs only its own script and style, talks
    # only to this server, cannot be framed, and leaks no referrer.
    for path in ["/", "/app.js", "/style.css", "/nope", DOWNLOAD]:
        _, fields, _, _ = request(port, path, {"Host": here})
        csp = fields.get("content-security-policy", "")
        directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
        expect(directives.get("default-src") == ["'none'"]
               and directives.get("script-src") == ["'self'"]
               and directives.get("style-src") == ["'self'"]
               and directives.get("frame-ancestors") == ["'none'"]
               and set(directives.get("connect-src", [])) <= {"'self'", f"ws://{here}"}
               and "unsafe" not in csp,
               f"GET {path}: Content-Security-Policy {csp!r}")
        expect(fields.get("x-frame-options") == "DENY"
               and fields.get("referrer-policy") == "no-referrer"
               and fields.get("x-content-type-options") == "nosniff",
               f"GET {path}: X-Frame-Options {fields.get('x-frame-options')!r}, Referrer-Policy "
               f"{fields.get('referrer-policy')!r}, X-Content-Type-Options "
               f"{fields.get('x-content-type-options')!r}")

    # A client that sends and never reads: each step is answered with a month (and every third
    # one the worlds' network, 12 kB), each reset with both; unread, those replies must not
    # pile up in the server (they grew it by about 5 MB/s).
    flood = ws_client.WebSocket("127.0.0.1", port)
    flood.recv_json()
    time.sleep(0.5)
    before = rss_mb(server.pid)
    flood.sock.settimeout(0.2)
    sent, blocked, started = 0, 0, time.monotonic()
    while time.monotonic() - started < 10:
        try:
            flood.send("cmd=reset&scenario=declining_market" if sent % 97 == 0 else "cmd=step")
            sent += 1
        except socket.timeout:
            blocked += 1  # the server stopped reading: its socket is full
    after = rss_mb(server.pid)
    expect(after - before < 10,
           f"a client that sent {sent} steps and resets in 10 s ({blocked} times the server's "
           f"socket was full for 0.2 s) and read nothing: the server's memory went from "
           f"{before:.0f} MB to {after:.0f} MB (at most 10 MB more allowed)")
    other = ws_client.WebSocket("127.0.0.1", port, timeout=10)
    expect(other.recv_json()["type"] == "hello", "... and meanwhile another browser gets a session")
    other.close()
    flood.close()
finally:
    rc = stop(server)
expect(rc == 0, f"SIGINT stops the server (exit {rc})")

# On every interface (--host 0.0.0.0, or :: for IPv6 and IPv4): the machine's own addresses, as
# the class's browsers reach it, and the names given with --allow-host; still no other name.
for wildcard in ["0.0.0.0", "::"]:
    try:
        server, port, (line,) = start("--host", wildcard, "--allow-host", "Trainer.Example",
                                      lines=2)
    except RuntimeError as e:
        expect(False, str(e))
        continue
    try:
        addresses = re.findall(r"http://\[?([0-9a-f.:]+)\]?:\d+/", line)
        expect(line.startswith("The class's browsers: ") and
               f"http://trainer.example:{port}/".lower() in line.lower(),
               f"--host {wildcard}: the page's addresses are printed ({line.strip()!r})")
        for address in addresses:
            authority = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
            status = request(port, "/", {"Host": authority}, address=address)[0]
            expect(status == 200, f"--host {wildcard}: Host {authority}, connected to it, is "
                   f"served ({status})")
            status = request(port, "/", {"Host": f"evil.example:{port}"}, address=address)[0]
            expect(status == 421, f"--host {wildcard}: Host evil.example, connected to {address}, "
                   f"is refused ({status})")
        for host, served in [(f"trainer.example:{port}", True), (f"TRAINER.example:{port}", True),
                             (f"198.51.100.7:{port}", False), (f"evil.example:{port}", False),
                             (f"trainer.example.evil.example:{port}", False)]:
            status = request(port, "/", {"Host": host})[0]
            expect(status == (200 if served else 421),
                   f"--host {wildcard} --allow-host Trainer.Example: Host {host} is "
                   f"{'served' if served else 'refused'} ({status})")
    finally:
        stop(server)

# A download's file name comes from the scenario file's name, which may hold anything a file
# name can: quotes, CR and LF. It must not end the Content-Disposition header nor add another.
evil_name = 'class" 1\r\nSet-Cookie: pwned=1\r\nX-Injected: yes'
evil_dir = os.path.join(work, "evil_name")
shutil.rmtree(evil_dir, ignore_errors=True)
os.makedirs(evil_dir)
evil_file = os.path.join(evil_dir, evil_name + ".toml")
shutil.copy(os.path.join(scenario_dir, "teaching", "declining_market.toml"), evil_file)
server, port = start(evil_file)
try:
    query = urllib.parse.urlencode({"scenario": evil_name})
    status, fields, head, _ = request(port, "/download?" + query, {"Host": f"127.0.0.1:{port}"})
    disposition = fields.get("content-disposition", "")
    expect(status == 200 and "set-cookie" not in fields and "x-injected" not in fields
           and re.fullmatch(r'attachment; filename="[A-Za-z0-9._-]+"', disposition) is not None,
           f"a scenario named {evil_name!r}: the download's headers are {head[-200:]!r}")
finally:
    stop(server)

# Out of file descriptors: a client opens connections until the server (allowed 40 descriptors)
# cannot accept more. The connections waiting in the listen queue must not make the server
# spin (CPU time, not wall time, over 3 s), and once descriptors are free a client is served.
server, port = start(limit_files=40)
held = []
try:
    for _ in range(80):
        held.append(socket.create_connection(("127.0.0.1", port), timeout=10))
    time.sleep(1)
    cpu_before = cpu_seconds(server.pid)
    time.sleep(3)
    cpu = cpu_seconds(server.pid) - cpu_before
    expect(cpu < 0.3, f"out of descriptors with {len(held)} connections open, the server used "
           f"{cpu:.2f} s of CPU in 3 s (at most 0.3 s allowed)")
    for s in held:
        s.close()
    held = []
    served_at, started = None, time.monotonic()
    while served_at is None and time.monotonic() - started < 10:
        try:
            status, _, _, _ = request(port, "/", {"Host": f"127.0.0.1:{port}"}, timeout=2)
            if status == 200:
                served_at = time.monotonic() - started
        except OSError:
            time.sleep(0.2)
    expect(served_at is not None and served_at < 5,
           f"once the connections are closed, a client is served ({served_at and round(served_at, 2)} s)")
finally:
    for s in held:
        s.close()
    rc = stop(server)
    err = server.stderr.read()
expect(rc == 0, f"SIGINT stops the server (exit {rc})")
expect("cannot accept connections" in err, f"the server says it ran out ({err.strip()[:120]!r})")

if failures:
    sys.exit(f"{len(failures)} check(s) failed")
