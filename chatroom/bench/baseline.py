#!/usr/bin/env python3
"""The course's original chat server, as the baseline of chatroom/bench.

One process, one loop, one dict of name -> address: recvfrom a datagram,
parse L/C/Q, sendto each recipient. No hardening: no name or text checks, no
rate limits, no caps, no heartbeats or expiry, no identity check (a C may
claim any name). It exists only to be measured by `go run ./chatroom/bench`
under the same benchmark as the Go server; do not use it as a server.

Usage: python3 baseline.py [-addr host:port]    (default 127.0.0.1:9527)

When the socket is bound it writes "msg=listening addr=<host:port>" to
standard error, the same ready line as the Go server. SIGTERM ends it.
"""

import socket
import sys


def main():
    host, port = "127.0.0.1", 9527
    args = sys.argv[1:]
    if len(args) == 2 and args[0] == "-addr":
        host, _, p = args[1].rpartition(":")
        port = int(p)
    elif args:
        print(__doc__, file=sys.stderr)
        sys.exit(2)

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    # The same socket buffers as the Go server asks for (4 MiB), so that the
    # comparison is about the loop and not about the buffers.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
    sock.bind((host, port))
    print("msg=listening addr=%s:%d" % sock.getsockname(), file=sys.stderr, flush=True)

    clients = {}  # name -> (ip, port)
    while True:
        data, addr = sock.recvfrom(65536)
        parts = data.decode("utf-8", "replace").rstrip("\r\n").split(" ", 2)
        if len(parts) < 2:
            continue
        kind, name = parts[0], parts[1]
        if kind == "L":
            clients[name] = addr
            sock.sendto(b"OK", addr)
            msg = (name + " 进入了聊天室").encode()
        elif kind == "C" and len(parts) == 3:
            msg = (name + " ： " + parts[2]).encode()
        elif kind == "Q":
            clients.pop(name, None)
            sock.sendto(b"BYE", addr)
            msg = (name + " 退出了聊天室").encode()
        else:
            continue
        for other, to in clients.items():
            if other != name:
                sock.sendto(msg, to)


if __name__ == "__main__":
    main()
