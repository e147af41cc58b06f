#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Real traffic for the two-node selftests (test_sync_*.sh), run in the
# client's namespace; Python standard library only. Times are epoch ms.
#
#   traffic.py udp DST DPORT --sport N [--count N]
#       one datagram from each of COUNT source ports N, N+1, ...: COUNT flows
#   traffic.py udp-pace DST DPORT --sport N --interval S --seconds S
#       one flow: a datagram every S seconds for S seconds; prints
#       "first MS" and "last MS" (when the first and last were sent)
#   traffic.py chat DST DPORT --sport N [--interval S] [--seconds S]
#       one TCP connection to an echo server, a numbered line every S
#       seconds, each echo awaited (2 s); prints "up MS" once connected and,
#       at the end (SIGTERM, or after --seconds), "done sent=N echoed=N
#       maxgap_ms=N" (the longest wait between two echoes); closes with a FIN
#       and exits non-zero if an echo was missing
#   traffic.py tcp-many DST DPORT --sport N --count N
#       COUNT connections one after the other: connect, one line and its
#       echo, close (FIN)
#   traffic.py rst DST DPORT --sport N --go FILE
#       connect, one line and its echo, print "up MS", wait until FILE
#       exists, then close with a RST (SO_LINGER 0)

import argparse
import ipaddress
import os
import signal
import socket
import struct
import sys
import time


def now_ms():
    return int(time.time() * 1000)


def family(dst):
    return socket.AF_INET6 if ipaddress.ip_address(dst).version == 6 else socket.AF_INET


def bound(kind, dst, sport):
    s = socket.socket(family(dst), kind)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("", sport))
    return s


def cmd_udp(a):
    for i in range(a.count):
        s = bound(socket.SOCK_DGRAM, a.dst, a.sport + i)
        s.sendto(b"x\n", (a.dst, a.dport))
        s.close()
    return 0


def cmd_udp_pace(a):
    s = bound(socket.SOCK_DGRAM, a.dst, a.sport)
    first = now_ms()
    end = time.time() + a.seconds
    print("first %d" % first, flush=True)
    last = first
    while True:
        s.sendto(b"x\n", (a.dst, a.dport))
        last = now_ms()
        if time.time() + a.interval > end:
            break
        time.sleep(a.interval)
    print("last %d" % last, flush=True)
    return 0


def connect(a, sport):
    s = bound(socket.SOCK_STREAM, a.dst, sport)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.settimeout(10)
    s.connect((a.dst, a.dport))
    return s


def echo(s, line, buf, timeout=2.0):
    """Send LINE and wait for it to come back; the rest of the input stays
    in BUF (a bytearray). True if it came back in time."""
    s.sendall(line + b"\n")
    end = time.time() + timeout
    while True:
        i = buf.find(b"\n")
        if i >= 0:
            got = bytes(buf[:i])
            del buf[:i + 1]
            if got == line:
                return True
            continue
        left = end - time.time()
        if left <= 0:
            return False
        s.settimeout(left)
        try:
            data = s.recv(4096)
        except socket.timeout:
            return False
        if not data:
            return False
        buf += data


def close_fin(s):
    """Our FIN, then wait for the server's (its EOF) before closing."""
    try:
        s.shutdown(socket.SHUT_WR)
        s.settimeout(5)
        while s.recv(4096):
            pass
    except OSError:
        pass
    s.close()


stop = False


def on_term(_sig, _frm):
    global stop
    stop = True


def cmd_chat(a):
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    s = connect(a, a.sport)
    print("up %d" % now_ms(), flush=True)
    buf = bytearray()
    sent = echoed = 0
    maxgap = 0
    last = now_ms()
    end = time.time() + a.seconds if a.seconds else None
    while not stop and (end is None or time.time() < end):
        t0 = time.time()
        sent += 1
        if echo(s, b"%d" % sent, buf):
            echoed += 1
            print("echo %d %d" % (sent, now_ms()), flush=True)
            maxgap = max(maxgap, now_ms() - last)
            last = now_ms()
        pause = a.interval - (time.time() - t0)
        if pause > 0 and not stop:
            time.sleep(pause)
    close_fin(s)
    print("done sent=%d echoed=%d maxgap_ms=%d" % (sent, echoed, maxgap), flush=True)
    return 0 if sent == echoed else 1


def cmd_tcp_many(a):
    bad = 0
    for i in range(a.count):
        try:
            s = connect(a, a.sport + i)
            # Generous: a KASAN guest under TCG may take seconds to echo.
            bad += not echo(s, b"hello", bytearray(), timeout=10.0)
            close_fin(s)
        except OSError as e:
            print("connection %d: %s" % (i, e), file=sys.stderr)
            bad += 1
    print("done count=%d failed=%d" % (a.count, bad), flush=True)
    return 1 if bad else 0


def cmd_rst(a):
    s = connect(a, a.sport)
    ok = echo(s, b"hello", bytearray(), timeout=10.0)
    print("up %d" % now_ms(), flush=True)
    while not os.path.exists(a.go):
        time.sleep(0.05)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
    print("reset %d" % now_ms(), flush=True)
    return 0 if ok else 1


def main():
    ap = argparse.ArgumentParser(description="traffic for nsrp's selftests (see the source)")
    sub = ap.add_subparsers(dest="cmd", required=True)

    def common(name, fn):
        p = sub.add_parser(name)
        p.add_argument("dst")
        p.add_argument("dport", type=int)
        p.add_argument("--sport", type=int, required=True)
        p.set_defaults(fn=fn)
        return p

    p = common("udp", cmd_udp)
    p.add_argument("--count", type=int, default=1)
    p = common("udp-pace", cmd_udp_pace)
    p.add_argument("--interval", type=float, default=0.3)
    p.add_argument("--seconds", type=float, required=True)
    p = common("chat", cmd_chat)
    p.add_argument("--interval", type=float, default=0.3)
    p.add_argument("--seconds", type=float, default=0)
    p = common("tcp-many", cmd_tcp_many)
    p.add_argument("--count", type=int, default=1)
    p = common("rst", cmd_rst)
    p.add_argument("--go", required=True)
    a = ap.parse_args()
    return a.fn(a)


if __name__ == "__main__":
    sys.exit(main())
