"""Attacks on a real `archkit serve` process (h/attack2): hostile request paths, links planted while it serves,
huge heads and bodies, and slow clients by the hundred. Prints one line per attack: held or FAILED.

    .venv/bin/python benchmarks/attacks/serve.py [--slow 300]

The served folder is a small built model plus a secret outside it; an attack fails when the secret (or any
byte of a file outside out/) comes back, when a request gets no HTTP answer, or when the process logs a
traceback. The slow-client attack reports the server's threads and descriptors while --slow clients dribble
their request heads, and whether a browser's request is answered then and after.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ARCHKIT = str(Path(sys.executable).with_name("archkit"))
SECRET = b"TOP-SECRET-OUTSIDE-OUT"
MODEL = """\
name: Shop
model:
  software_systems:
  - {id: shop, name: Shop, description: Sells things.}
views:
- {type: system_context, key: context, software_system: shop}
"""
TRAVERSALS = [
    "/../secret.txt", "/%2e%2e/secret.txt", "/%252e%252e/secret.txt", "/..%2fsecret.txt", "/..%5csecret.txt",
    "/shop/..\\..\\secret.txt", "/%c0%ae%c0%ae/secret.txt", "/%00/../secret.txt", "/shop/%00", "/./../secret.txt",
    "/shop/diagrams/../../../secret.txt", "//secret.txt", "/" + "a/" * 3000, "/shop/link.svg", "/shop/hard.svg",
    "/shop/dir-link/secret.txt", "/shop/.archkit-build.json", "/%2e%2e%2f%2e%2e%2fsecret.txt",
    "http://127.0.0.1/../secret.txt", "/shop/diagrams/context.svg%00.html",
]


def raw(port: int, data: bytes, timeout: float = 15) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        with contextlib.suppress(OSError):
            sock.sendall(data)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except OSError:
            pass
    return b"".join(chunks)


def get(port: int, target: str, extra: bytes = b"") -> bytes:
    return raw(port, f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode() + extra + b"\r\n")


def verdict(name: str, answer: bytes) -> str:
    ok = re.match(rb"HTTP/1\.[01] \d{3} ", answer) is not None and SECRET not in answer
    return f"{'held  ' if ok else 'FAILED'}  {name}: {answer[:12].decode('latin-1')!r}"


def slow_clients(port: int, pid: int, count: int) -> str:
    socks = []
    for _ in range(count):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"GET / HTTP/1.1\r\n")
            socks.append(s)
        except OSError:
            break
    time.sleep(1)
    threads, fds = len(os.listdir(f"/proc/{pid}/task")), len(os.listdir(f"/proc/{pid}/fd"))
    during = get(port, "/")[:12]
    for _ in range(12):  # dribble one byte every second: within every per-read timeout
        for s in socks:
            with contextlib.suppress(OSError):
                s.sendall(b"X")
        time.sleep(1)
    still = len(os.listdir(f"/proc/{pid}/task"))
    for s in socks:
        s.close()
    time.sleep(1)
    after = get(port, "/")[:12]
    return (f"info    {len(socks)} slow clients: {threads} threads, {fds} descriptors; a browser's request "
            f"during: {during!r}; threads after 12 s of dribbling: {still}; a request after: {after!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slow", type=int, default=300, help="slow clients to open (default 300)")
    parser.add_argument("--port", type=int, default=8790)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="archkit-serve-attacks-"))
    (base / "secret.txt").write_bytes(SECRET)
    (base / "shop.yaml").write_text(MODEL)
    subprocess.run([ARCHKIT, "build", "shop.yaml", "--out", "out", "--layout", "fast"], cwd=base, check=True,
                   capture_output=True)
    proc = subprocess.Popen([ARCHKIT, "serve", "-o", "out", "--port", str(args.port)], cwd=base,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        time.sleep(3)
        shop = base / "out" / "shop"
        (shop / "link.svg").symlink_to(base / "secret.txt")  # planted while it serves
        os.link(base / "secret.txt", shop / "hard.svg")
        (shop / "dir-link").symlink_to(base, target_is_directory=True)
        for target in TRAVERSALS:
            print(verdict(f"GET {target[:60]}", get(args.port, target)), flush=True)
        print(verdict("32 KB header line", get(args.port, "/", b"X-A: " + b"a" * 32000 + b"\r\n")), flush=True)
        print(verdict("70 KB header line", get(args.port, "/", b"X-A: " + b"a" * 70000 + b"\r\n")), flush=True)
        print(verdict("200 headers", get(args.port, "/", b"X-A: a\r\n" * 200)), flush=True)
        print(verdict("POST with a 10 GB Content-Length", raw(args.port, f"POST / HTTP/1.1\r\nHost: 127.0.0.1:"
              f"{args.port}\r\nContent-Length: 10000000000\r\n\r\n".encode() + b"x" * 100000)), flush=True)
        print(verdict("GET with a body", raw(args.port, f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{args.port}\r\n"
              "Content-Length: 5\r\n\r\nhello".encode())), flush=True)
        print(slow_clients(args.port, proc.pid, args.slow), flush=True)
    finally:
        proc.terminate()
        log = proc.communicate(timeout=30)[0]
        print(f"{'FAILED' if 'Traceback' in log else 'held  '}  the log: {len(log.splitlines())} lines, "
              f"{'a traceback' if 'Traceback' in log else 'no traceback'}")


if __name__ == "__main__":
    main()
