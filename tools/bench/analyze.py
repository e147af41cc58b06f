#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Guest-side analysis of nsrp bench captures; standard library only.
#
#   analyze.py wire PCAP
#       nsrp frames (EtherType 0x88b5) in a pcap: per record type and
#       family, "TYPE FAM records bytes frames maxrec": bytes are on-the-wire
#       octets (Ethernet header included) apportioned to records by their
#       size, so mixed frames are shared fairly
#   analyze.py udpwire PCAP SRC_IP
#       UDP datagrams from SRC_IP: "frames bytes" (Ethernet header included)
#   analyze.py nsrp-lat TSFILE PCAP FAMILY
#       delay from each flow's send time (gen --ts) to the first UPSERT for
#       it in the capture: "matched N p50_ms P p99_ms P max_ms P"
#   analyze.py ct-lat TSFILE EVENTS
#       the same against `conntrack -E -o timestamp` NEW events
import ipaddress
import re
import struct
import sys

PER_ADDR = 50000
SIZES4 = {0x01: 28, 0x02: 16, 0x03: 12, 0x10: 12, 0x11: 12, 0x12: 8, 0x13: 8, 0x14: 16, 0x15: 28}
SIZES6 = {0x01: 52, 0x02: 40, 0x14: 40, 0x15: 52}
NAMES = {0x01: "upsert", 0x02: "close", 0x03: "bulk_end", 0x10: "hello", 0x11: "ack",
         0x12: "nack", 0x13: "bulk_req", 0x14: "age_query", 0x15: "age_answer"}


def pcap_frames(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return
    magic = struct.unpack("<I", data[:4])[0]
    if magic in (0xa1b2c3d4, 0xa1b23c4d):
        e = "<"
    elif magic in (0xd4c3b2a1, 0x4d3cb2a1):
        e = ">"
    else:
        sys.exit("analyze.py: %s: not a pcap file" % path)
    nano = magic in (0xa1b23c4d, 0x4d3cb2a1)
    off = 24
    while off + 16 <= len(data):
        sec, frac, incl, orig = struct.unpack(e + "IIII", data[off:off + 16])
        off += 16
        if off + incl > len(data):
            break   # the capture was cut short inside this packet
        yield sec + frac / (1e9 if nano else 1e6), orig, data[off:off + incl]
        off += incl


def records(payload):
    """(type, family, offset) of each record of an nsrp frame payload."""
    if len(payload) < 20:
        return []
    ver, ftype, flags, _res, length, count = struct.unpack(">BBBBHH", payload[:8])
    out = []
    off = 20
    # Length may claim more than was captured; a record is whole or not read
    end = min(length - (16 if flags & 1 else 0), len(payload))
    for _ in range(count):
        if off + 2 > end:
            break
        t = payload[off]
        fam = 4
        if t in (0x01, 0x02, 0x14, 0x15):
            fam = payload[off + 1]
            if fam not in (4, 6):
                break
            size = (SIZES6 if fam == 6 else SIZES4)[t]
        else:
            size = SIZES4.get(t)
            if size is None:
                break
            fam = 0
        if off + size > end:
            break
        out.append((t, fam, off, size))
        off += size
    return out


def nsrp_payloads(path):
    for ts, orig, frame in pcap_frames(path):
        if len(frame) < 14:
            continue
        et = struct.unpack(">H", frame[12:14])[0]
        if et != 0x88b5:
            continue
        yield ts, orig, frame[14:]


def cmd_wire(path):
    acc = {}
    for _ts, orig, p in nsrp_payloads(path):
        recs = records(p)
        if not recs:
            continue
        tot = sum(r[3] for r in recs)
        seen = set()
        for t, fam, _off, size in recs:
            k = (NAMES[t], fam)
            a = acc.setdefault(k, [0, 0.0, 0, 0])
            a[0] += 1
            a[1] += orig * size / tot
            if k not in seen:
                a[2] += 1
                seen.add(k)
        for k in seen:
            n = sum(1 for r in recs if (NAMES[r[0]], r[1]) == k)
            acc[k][3] = max(acc[k][3], n)
    for (name, fam), (n, b, fr, mx) in sorted(acc.items()):
        print("%s %d %d %.0f %d %d" % (name, fam, n, b, fr, mx))


def cmd_udpwire(path, src):
    frames = bytes_ = 0
    want = ipaddress.ip_address(src).packed
    for _ts, orig, fr in pcap_frames(path):
        if len(fr) < 34 or fr[12:14] != b"\x08\x00":
            continue
        if fr[23] == 17 and fr[26:30] == want:
            frames += 1
            bytes_ += orig
    print("%d %d" % (frames, bytes_))


def load_ts(path):
    """flow index -> send time (s); a line covers the flows up to the next."""
    rows = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            try:
                i, ns = line.split()
                rows.append((int(i), int(ns) / 1e9))
            except ValueError:
                sys.exit("analyze.py: %s:%d: not an \"INDEX NS\" line" % (path, n))
    return rows


def flow_of(addr_last16, port):
    return (addr_last16 - 1) * PER_ADDR + port - 1024


def pct(v, p):
    if not v:
        return float("nan")
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


def report(rows, seen):
    if rows:
        lo, hi = rows[0][0], rows[-1][0] + 64
        seen = {f: t for f, t in seen.items() if lo <= f < hi}
    delays = []
    for j, (i, t) in enumerate(rows):
        nxt = rows[j + 1][0] if j + 1 < len(rows) else i + 64
        for f in range(i, nxt):
            if f in seen:
                delays.append((seen[f] - t) * 1000.0)
    # Several generators at once: their lines are sorted by flow, not time.
    first = min(t for _i, t in rows) if rows else 0
    span_send = max(t for _i, t in rows) - first if rows else 0
    span_seen = max(seen.values()) - first if seen else float("nan")
    print("matched %d of %d p50_ms %.2f p99_ms %.2f max_ms %.2f span_send_s %.3f span_seen_s %.3f" % (
        len(delays), rows[-1][0] - rows[0][0] + 1 if rows else 0,
        pct(delays, 50), pct(delays, 99), max(delays) if delays else float("nan"),
        span_send, span_seen))


def cmd_nsrp_lat(tsfile, pcap, family):
    seen = {}
    for ts, _orig, p in nsrp_payloads(pcap):
        for t, fam, off, _size in records(p):
            if t != 0x01:
                continue
            # Endpoint b is the destination (the client's address is lower).
            if fam == 4:
                port_b = struct.unpack(">H", p[off + 6:off + 8])[0]
                last = struct.unpack(">H", p[off + 14:off + 16])[0]
            else:
                port_b = struct.unpack(">H", p[off + 6:off + 8])[0]
                last = struct.unpack(">H", p[off + 38:off + 40])[0]
            # 198.18.0.0 + k or 2001:db8:ff::k: the low 16 bits are k
            f = flow_of(last, port_b)
            if f not in seen:
                seen[f] = ts
    report(load_ts(tsfile), seen)


# conntrack prints the time as "[%-8ld.%-6ld]": the microseconds are not
# zero-padded but left-justified, "[1700000000.10000 ]" for 10000 us.
EV = re.compile(r"^\[(\d+)\.(\d+) *\].*?dst=(\S+) sport=\d+ dport=(\d+)")


def cmd_ct_lat(tsfile, events):
    seen = {}
    with open(events) as f:
        for line in f:
            m = EV.match(line.strip())
            if not m:
                continue
            a = ipaddress.ip_address(m.group(3))
            last = int.from_bytes(a.packed[-2:], "big")
            fl = flow_of(last, int(m.group(4)))
            if fl not in seen:
                seen[fl] = int(m.group(1)) + int(m.group(2)) / 1e6
    report(load_ts(tsfile), seen)


def main():
    c = sys.argv[1]
    if c == "wire":
        cmd_wire(sys.argv[2])
    elif c == "udpwire":
        cmd_udpwire(sys.argv[2], sys.argv[3])
    elif c == "nsrp-lat":
        cmd_nsrp_lat(sys.argv[2], sys.argv[3], sys.argv[4])
    elif c == "ct-lat":
        cmd_ct_lat(sys.argv[2], sys.argv[3])
    else:
        sys.exit("analyze.py: unknown command " + c)


if __name__ == "__main__":
    try:
        main()
    except OSError as e:    # a missing or unreadable file: say which
        sys.exit("analyze.py: %s" % e)
