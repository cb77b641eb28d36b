"""A minimal WebSocket client (RFC 6455) on the standard library, for testing `twinsim serve`
the way a browser talks to it: text frames out (masked, as a client must), text frames in."""
import base64
import json
import os
import socket
import struct


class Closed(Exception):
    """The server closed the connection (or refused the upgrade)."""


class WebSocket:
    def __init__(self, host, port, path="/ws", timeout=30, origin="", host_header=None):
        """Connects to host:port; the Host header is `host_header` if given, else host:port; the
        Origin is `origin` if given, the server's own (http://host:port) if not, none if None."""
        self.sock = socket.create_connection((host, port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        host_header = f"{host}:{port}" if host_header is None else host_header
        if origin == "":
            origin = f"http://{host}:{port}"
        request = (f"GET {path} HTTP/1.1\r\nHost: {host_header}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                   "Sec-WebSocket-Version: 13\r\n"
                   + (f"Origin: {origin}\r\n" if origin else "") + "\r\n")
        self.sock.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise Closed("connection closed during the handshake")
            head += chunk
        status_line = head.split(b"\r\n", 1)[0].decode()
        self.status = int(status_line.split()[1])
        self.buffer = head.split(b"\r\n\r\n", 1)[1]
        if self.status != 101:
            raise Closed(f"upgrade refused: {status_line}")

    def send(self, text):
        payload = text.encode()
        header = bytearray([0x81])  # FIN + text
        n = len(payload)
        if n < 126:
            header.append(0x80 | n)
        elif n < 65536:
            header.append(0x80 | 126)
            header += struct.pack("!H", n)
        else:
            header.append(0x80 | 127)
            header += struct.pack("!Q", n)
        mask = os.urandom(4)
        header += mask
        self.sock.sendall(bytes(header) + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise Closed("connection closed")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def recv(self):
        """The next text message, as a string (raises Closed when the server closes)."""
        message = b""
        while True:
            b0, b1 = self._read(2)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._read(8))[0]
            payload = self._read(n)
            if opcode == 0x8:
                raise Closed("closed by the server")
            if opcode in (0x9, 0xA):  # ping / pong: not needed here
                continue
            message += payload
            if b0 & 0x80:
                return message.decode()

    def recv_json(self):
        return json.loads(self.recv())

    def until(self, kind, **fields):
        """Messages up to and including the first of type `kind` whose fields match; returns
        (that message, every message before it)."""
        seen = []
        while True:
            m = self.recv_json()
            if m.get("type") == kind and all(m.get(k) == v for k, v in fields.items()):
                return m, seen
            seen.append(m)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
