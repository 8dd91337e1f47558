#!/usr/bin/python3
"""A systemd notification socket for the tests: binds PATH (AF_UNIX, datagrams, as systemd's
NOTIFY_SOCKET) and appends every message to LOG as "<monotonic seconds> <message>" lines
until SIGTERM. Usage: notify_listener.py PATH LOG"""
import os
import signal
import socket
import sys
import time

path, log = sys.argv[1], sys.argv[2]
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
if os.path.exists(path):
    os.unlink(path)
sock.bind(path)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
with open(log, "a", buffering=1) as out:
    out.write("listening\n")
    while True:
        data = sock.recv(4096).decode("utf-8", "replace")
        for line in data.splitlines():
            out.write(f"{time.monotonic():.3f} {line}\n")
