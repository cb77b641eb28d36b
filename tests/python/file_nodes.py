"""Test support for the attacks on TwinSim's files (check_hostile_files.py, check_hostile_input.py):
nodes that are not regular files, made in a test's own folder, and what a folder holds, compared
before and after a command without ever opening anything but a regular file."""

import os
import socket
import stat


def make_fifo(path):
    os.mkfifo(path, 0o600)


def make_device(path):
    """A character device like /dev/null (1, 3); raises PermissionError when not root."""
    os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 3))


def make_socket(path):
    """A bound Unix socket at `path`; the caller keeps it open (and closes it). Bound by a relative
    name: a socket's path may hold 108 bytes at most."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    here = os.getcwd()
    os.chdir(os.path.dirname(path) or ".")
    try:
        s.bind(os.path.basename(path))
    finally:
        os.chdir(here)
    return s


def snapshot(folder):
    """Every entry under `folder`, by relative path: its kind, its device number and, for a
    regular file, its bytes."""
    seen = {}
    for root, dirs, names in os.walk(folder):
        for name in dirs + names:
            path = os.path.join(root, name)
            st = os.lstat(path)
            content = None
            if stat.S_ISREG(st.st_mode):
                with open(path, "rb") as f:
                    content = f.read()
            seen[os.path.relpath(path, folder)] = (stat.S_IFMT(st.st_mode), st.st_rdev, content)
    return seen


def changed(before, after):
    """The entries that two snapshots hold differently (made, removed or changed), sorted."""
    return sorted(n for n in set(before) | set(after) if before.get(n) != after.get(n))
