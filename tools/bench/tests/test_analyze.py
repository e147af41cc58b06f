#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# Copyright (C) 2026 The nsrp developers.
#
# Host-side tests of tools/bench/analyze.py, the guest's capture analysis:
# no VM, standard library only. The captures are built here, in a scratch
# directory, from frames made by the selftests' own frame builder
# (selftests/net/frames.py), so that what is measured is real nsrp framing;
# the pcap container is written here with struct, independently of both.
# The timestamp files and the conntrack events follow what guest.sh's
# rate_run feeds analyze.py: gen --ts lines "INDEX NS", and the lines of
# `conntrack -E -e NEW -o timestamp`.
#
# Expected figures are derived from the definitions (analyze.py's header,
# docs/protocol.md's sizes, gen.c's flow numbering), never copied from a
# run. Output is TAP, one line per test case, the plan last; the exit
# status is non-zero when any fails.
import ipaddress
import math
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

import tap

sys.dont_write_bytecode = True  # no __pycache__ beside the sources
HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
TOP = os.path.dirname(os.path.dirname(BENCH))
ANALYZE = os.path.join(BENCH, "analyze.py")
sys.path.insert(0, os.path.join(TOP, "selftests", "net"))
sys.path.insert(0, BENCH)
import analyze  # noqa: E402
import frames  # noqa: E402

TMP = None

# Record sizes in octets, from docs/protocol.md ("Sizes"), by the names
# analyze.py prints (report.py reads "wire_nsrp_<name>_v<fam>") and the
# family it prints: 4 or 6 for session records, 0 for the others.
DOC_SIZES = {("upsert", 4): 28, ("upsert", 6): 52, ("close", 4): 16, ("close", 6): 40,
             ("age_query", 4): 16, ("age_query", 6): 40, ("age_answer", 4): 28,
             ("age_answer", 6): 52, ("bulk_end", 0): 12, ("hello", 0): 12, ("ack", 0): 12,
             ("nack", 0): 8, ("bulk_req", 0): 8}
PRINTED = {frames.UPSERT: "upsert", frames.CLOSE: "close", frames.BULK_END: "bulk_end",
           frames.HELLO: "hello", frames.ACK: "ack", frames.NACK: "nack",
           frames.BULK_REQ: "bulk_req", frames.AGE_QUERY: "age_query",
           frames.AGE_ANSWER: "age_answer"}

ETH_DST = b"\xff" * 6
ETH_SRC = bytes.fromhex("020000000001")
# A send time whose microseconds are below 100000, as about one event in
# ten has: conntrack does not zero-pad them (see ct_event()).
T0_US = 1700000000 * 10 ** 6 + 10000
CLIENT = {4: "192.0.2.2", 6: "2001:db8:1::2"}     # gen's source, lib.sh's C
SERVER = {4: "198.18.0.0", 6: "2001:db8:ff::"}    # gen's destination base
PER_ADDR = 50000                                   # gen.c


# --------------------------------------------------------------------------
# Fixtures

def path(name):
    return os.path.join(TMP, name)


def write_pcap(name, packets, endian="<", nano=False):
    """A libpcap file of (time in us, frame[, original length]) packets:
    LINKTYPE_ETHERNET, microsecond or nanosecond magic, either byte order."""
    magic = 0xa1b23c4d if nano else 0xa1b2c3d4
    out = [struct.pack(endian + "IHHiIII", magic, 2, 4, 0, 0, 65535, 1)]
    for pkt in packets:
        us, frame = pkt[0], pkt[1]
        orig = pkt[2] if len(pkt) > 2 else len(frame)
        sec, frac = divmod(us, 10 ** 6)
        out.append(struct.pack(endian + "IIII", sec, frac * (1000 if nano else 1),
                               len(frame), orig))
        out.append(frame)
    with open(path(name), "wb") as f:
        f.write(b"".join(out))
    return path(name)


def write_text(name, text):
    with open(path(name), "w") as f:
        f.write(text)
    return path(name)


def nsrp(texts, ethertype=frames.ETH_P_NSRP, key=None):
    """An Ethernet frame carrying one nsrp frame of these records (frames.py's
    command-line form), padded as Ethernet pads short payloads."""
    recs = [frames.rec_from_text(t) for t in texts]
    payload = frames.build_frame(recs, key=key, pad=True)
    return frames.eth_header(ETH_DST, ETH_SRC, ethertype) + payload


def ipv4(src, dst, proto, l4):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), 0, 0x4000, 64, proto, 0,
                      ipaddress.ip_address(src).packed, ipaddress.ip_address(dst).packed)
    return frames.eth_header(ETH_DST, ETH_SRC, 0x0800) + hdr + l4


def udp4(src, dst, size):
    """An Ethernet frame of one UDP datagram of SIZE payload octets, as
    conntrackd sends them on port 3780."""
    return ipv4(src, dst, 17, struct.pack("!HHHH", 3780, 3780, 8 + size, 0) + bytes(size))


def flow_dst(flow, fam):
    """gen.c's dst_of(): flow i goes to BASE + i / 50000 + 1, port
    1024 + i % 50000."""
    addr = ipaddress.ip_address(SERVER[fam]) + flow // PER_ADDR + 1
    return str(addr), 1024 + flow % PER_ADDR


def upsert(flow, fam):
    """The UPSERT A sends for gen's UDP flow FLOW, the client its originator."""
    addr, port = flow_dst(flow, fam)
    return "upsert,udp,%s,40000,%s,%d,active,30000,30000" % (CLIENT[fam], addr, port)


def close(flow, fam):
    addr, port = flow_dst(flow, fam)
    return "close,udp,%s,40000,%s,%d" % (CLIENT[fam], addr, port)


def ct_event(us, flow, fam):
    """One line of `conntrack -E -e NEW -o timestamp` for gen's flow FLOW.
    conntrack-tools prints the time with "[%-8ld.%-6ld]\\t": the
    microseconds are left-justified and space-padded, not zero-padded
    (1700000000.010000 s is "[1700000000.10000 ]")."""
    sec, usec = divmod(us, 10 ** 6)
    addr, port = flow_dst(flow, fam)
    return ("[%-8d.%-6d]\t    [NEW] udp      17 30 src=%s dst=%s sport=40000 dport=%d "
            "[UNREPLIED] src=%s dst=%s sport=%d dport=40000\n" % (
                sec, usec, CLIENT[fam], addr, port, addr, CLIENT[fam], port))


def paced(start, n, seed):
    """A latency run at a paced rate below 5000/s, where gen writes one ts
    line a flow: flow start+k is sent at T0 + k ms and first seen on the
    peer 1..n ms later, in shuffled order. [(flow, sent_us, seen_us)]"""
    delays = list(range(1, n + 1))
    random.Random(seed).shuffle(delays)
    return [(start + k, T0_US + k * 1000, T0_US + (k + d) * 1000) for k, d in enumerate(delays)]


def ts_lines(rows):
    """gen --ts: "INDEX NS", CLOCK_REALTIME in nanoseconds."""
    return "".join("%d %d\n" % (flow, us * 1000) for flow, us in rows)


def upsert_capture(sched, fam):
    """B's capture of A's UPSERTs: the flows first seen at the same moment
    share frames, at most as many as fit 1500 octets (52 IPv4, 28 IPv6)."""
    per = 52 if fam == 4 else 28
    by_time = {}
    for flow, _sent, seen in sched:
        by_time.setdefault(seen, []).append(flow)
    out = []
    for us in sorted(by_time):
        fl = by_time[us]
        for i in range(0, len(fl), per):
            out.append((us, nsrp([upsert(f, fam) for f in fl[i:i + per]])))
    return out


def run(*args):
    return subprocess.run([sys.executable, "-B", ANALYZE] + [str(a) for a in args],
                          capture_output=True, text=True, timeout=60)


def expected_wire(frame_texts):
    """analyze.py's definition of the wire figures, computed from the
    records each frame was built with and the sizes of docs/protocol.md:
    each frame's on-the-wire octets (Ethernet header, nsrp header, MAC and
    padding included) shared among its records in proportion to their
    sizes. {(name, fam): [records, octets, frames, most in one frame]}"""
    acc = {}
    for texts, frame in frame_texts:
        kinds = []
        for t in texts:
            r = frames.rec_from_text(t)
            kinds.append((PRINTED[r["type"]], r.get("family", 0)))
        total = sum(DOC_SIZES[k] for k in kinds)
        for k in kinds:
            a = acc.setdefault(k, [0, 0.0, 0, 0])
            a[0] += 1
            a[1] += len(frame) * DOC_SIZES[k] / total
        for k in set(kinds):
            acc[k][2] += 1
            acc[k][3] = max(acc[k][3], kinds.count(k))
    return acc


def setUpModule():
    global TMP
    TMP = tempfile.mkdtemp(prefix="nsrp-analyze-test.")


def tearDownModule():
    shutil.rmtree(TMP, ignore_errors=True)


# --------------------------------------------------------------------------

class Base(unittest.TestCase):
    maxDiff = None

    def clean(self, p):
        """A run that neither crashed nor failed; its output lines."""
        self.assertNotIn("Traceback", p.stderr)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout.splitlines()

    def fails_clearly(self, p, what):
        """A run that stopped with a one-line reason naming WHAT."""
        self.assertNotIn("Traceback", p.stderr)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn(what, p.stderr)
        self.assertEqual(p.stdout, "")

    def wire(self, pcap):
        """analyze.py wire, as guest.sh reads it: "name fam n bytes frames
        maxrec". {(name, fam): [n, bytes, frames, maxrec]}"""
        out = {}
        for line in self.clean(run("wire", pcap)):
            name, fam, n, b, fr, mx = line.split()
            self.assertNotIn((name, int(fam)), out, "one line per record type and family")
            out[(name, int(fam))] = [int(n), float(b), int(fr), int(mx)]
        return out

    def assert_wire(self, got, want):
        self.assertEqual(sorted(got), sorted(want))
        for k in want:
            n, b, fr, mx = want[k]
            self.assertEqual((got[k][0], got[k][2], got[k][3]), (n, fr, mx), k)
            # printed with %.0f: within half an octet of the definition
            self.assertLessEqual(abs(got[k][1] - b), 0.5 + 1e-6, (k, got[k][1], b))

    def lat(self, p):
        """The one line of nsrp-lat or ct-lat, by name."""
        lines = self.clean(p)
        self.assertEqual(len(lines), 1, lines)
        m = re.match(r"^matched (\d+) of (\d+) p50_ms (\S+) p99_ms (\S+) max_ms (\S+) "
                     r"span_send_s (\S+) span_seen_s (\S+)$", lines[0])
        self.assertIsNotNone(m, lines[0])
        # guest.sh takes them with `read -r _ m _ _ _ x50 _ x99 _ _ _ ss _ sn`
        f = lines[0].split()
        self.assertEqual((f[1], f[5], f[7], f[11], f[13]),
                         (m.group(1), m.group(3), m.group(4), m.group(6), m.group(7)))
        return dict(matched=int(m.group(1)), of=int(m.group(2)), p50=float(m.group(3)),
                    p99=float(m.group(4)), max=float(m.group(5)), span_send=float(m.group(6)),
                    span_seen=float(m.group(7)))

    def assert_lat(self, got, **want):
        for k, v in want.items():
            if isinstance(v, int) and k in ("matched", "of"):
                self.assertEqual(got[k], v, k)
            elif isinstance(v, float) and math.isnan(v):
                self.assertTrue(math.isnan(got[k]), (k, got[k]))
            else:
                # ms with 2 decimals, s with 3
                tol = 0.0006 if k.startswith("span") else 0.006
                self.assertLessEqual(abs(got[k] - v), tol, (k, got[k], v))


# --------------------------------------------------------------------------
# wire

V4 = CLIENT[4] + ",40000,198.18.0.1"
V6 = CLIENT[6] + ",40000,2001:db8:ff::1"
FIXTURE_FRAMES = [
    # SYNs: three IPv4 UPSERTs
    ["upsert,tcp,%s,%d,syn_sent,120000,120000" % (V4, p) for p in (1024, 1025, 1026)],
    # one DATA frame of both families and both kinds
    ["upsert,udp,%s,2000,active,30000,30000" % V4, "upsert,udp,%s,2001,active,30000,30000" % V4,
     "close,tcp,%s,1024" % V4, "upsert,udp,%s,1024,active,30000,30000" % V6,
     "close,tcp,%s,1025" % V6],
    ["hello,primary,100,synced,1000,3,12345"],          # padded to 46 octets
    ["ack,7,100,2", "nack,90,2", "nack,95,1"],
    ["query,tcp,%s,%d" % (V4, p) for p in range(1024, 1028)] +
    ["answer,active,udp,%s,1030,active,30000,30000" % V6,
     "answer,idle,udp,%s,1031,active,30000,1000" % V6, "answer,gone,tcp,%s,1032" % V4],
    ["bulk_req,5", "hello,backup,100,none,1000,3,1"],
    # a full 1500-octet frame: 52 IPv4 UPSERTs
    ["upsert,udp,%s,%d,active,30000,30000" % (V4, p) for p in range(3000, 3052)],
]
SIGNED = ["upsert,udp,%s,%d,active,30000,30000" % (V6, p) for p in (1040, 1041)] + \
    ["bulk_end,5,1,2"]
KEY = bytes(range(32))


def wire_fixture():
    """[(records, Ethernet frame)] of the nsrp frames of the wire fixture."""
    out = [(t, nsrp(t)) for t in FIXTURE_FRAMES]
    out.append((SIGNED, nsrp(SIGNED, key=KEY)))
    return out


def wire_noise():
    """Frames wire must not count: another EtherType, IPv4, a runt."""
    return [nsrp(FIXTURE_FRAMES[0], ethertype=0x88b6),
            udp4("10.255.0.1", "10.255.0.2", 100), frames.eth_header(ETH_DST, ETH_SRC, 0x88b5)[:10]]


class TestWire(Base):
    def test_fixture_sizes(self):
        """fixture: every frame's Length is its header, records (docs/protocol.md sizes) and MAC"""
        for texts, frame in wire_fixture():
            length, count = struct.unpack("!HH", frame[18:22])
            kinds = [PRINTED[frames.rec_from_text(t)["type"]] for t in texts]
            fams = [frames.rec_from_text(t).get("family", 0) for t in texts]
            mac = 16 if frame[16] & 1 else 0
            self.assertEqual(count, len(texts))
            self.assertEqual(length, 20 + sum(DOC_SIZES[k] for k in zip(kinds, fams)) + mac)
            self.assertEqual(len(frame), 14 + max(length, 46))

    def test_totals(self):
        """wire: records, octets, frames and most per frame of each record type and family"""
        fx = wire_fixture()
        pkts = [(T0_US + i, f) for i, f in enumerate([f for _, f in fx] + wire_noise())]
        random.Random(3).shuffle(pkts)     # the order of frames does not matter
        got = self.wire(write_pcap("wire.pcap", pkts))
        self.assert_wire(got, expected_wire(fx))
        self.assertEqual(got[("upsert", 4)][0], 3 + 2 + 52)
        self.assertEqual(got[("upsert", 4)][3], 52)
        self.assertEqual(got[("upsert", 6)][0], 1 + 2)

    def test_octets_conserved(self):
        """wire: the octets of all lines add up to the nsrp frames' lengths"""
        fx = wire_fixture()
        got = self.wire(write_pcap("cons.pcap", [(T0_US, f) for _, f in fx] +
                                   [(T0_US, f) for f in wire_noise()]))
        total = sum(len(f) for _, f in fx)
        self.assertLessEqual(abs(sum(v[1] for v in got.values()) - total), 0.5 * len(got))

    def test_full_frame(self):
        """wire: 52 IPv4 UPSERTs alone cost the frame's length (with Ethernet header) / 52"""
        frame = nsrp(FIXTURE_FRAMES[-1])
        length = struct.unpack("!H", frame[18:20])[0]
        self.assertEqual(length, 20 + 52 * 28)
        got = self.wire(write_pcap("full.pcap", [(T0_US, frame)]))
        self.assertEqual(list(got), [("upsert", 4)])
        n, b, fr, mx = got[("upsert", 4)]
        self.assertEqual((n, fr, mx), (52, 1, 52))
        self.assertEqual(b, 14 + length)    # guest.sh divides by n: 1490 / 52
        self.assertGreater(b / n, 28)       # the header's share is in it

    def test_mixed_frame(self):
        """wire: a mixed frame's octets are shared by record size, IPv4 and IPv6 apart"""
        texts = FIXTURE_FRAMES[1]
        frame = nsrp(texts)
        self.assertEqual(len(frame), 14 + 20 + 2 * 28 + 16 + 52 + 40)
        got = self.wire(write_pcap("mixed.pcap", [(T0_US, frame)]))
        share = len(frame) / (2 * 28 + 16 + 52 + 40)
        self.assert_wire(got, {("upsert", 4): [2, 56 * share, 1, 2],
                               ("close", 4): [1, 16 * share, 1, 1],
                               ("upsert", 6): [1, 52 * share, 1, 1],
                               ("close", 6): [1, 40 * share, 1, 1]})

    def test_signed_and_padded(self):
        """wire: a frame's MAC and Ethernet padding are shared by its records"""
        frame = nsrp(SIGNED, key=KEY)
        self.assertEqual(len(frame), 14 + 20 + 2 * 52 + 12 + 16)
        hello = nsrp(FIXTURE_FRAMES[2])
        self.assertEqual(len(hello), 14 + 46)
        got = self.wire(write_pcap("signed.pcap", [(T0_US, frame), (T0_US + 1, hello)]))
        self.assert_wire(got, {("upsert", 6): [2, len(frame) * 104 / 116, 1, 2],
                               ("bulk_end", 0): [1, len(frame) * 12 / 116, 1, 1],
                               ("hello", 0): [1, 60, 1, 1]})

    def test_pcap_variants(self):
        """wire: big- and little-endian, micro- and nanosecond pcaps give the same figures"""
        pkts = [(T0_US + 123457 * i, f) for i, (_, f) in enumerate(wire_fixture())]
        want = expected_wire(wire_fixture())
        for endian in "<>":
            for nano in (False, True):
                p = write_pcap("var.pcap", pkts, endian=endian, nano=nano)
                self.assert_wire(self.wire(p), want)

    def test_other_ethertypes(self):
        """wire: frames of another EtherType, IPv4 and runts are not counted"""
        p = write_pcap("noise.pcap", [(T0_US, f) for f in wire_noise()])
        self.assertEqual(self.clean(run("wire", p)), [])


class TestUdpWire(Base):
    def fixture(self):
        big = udp4("10.255.0.1", "10.255.0.2", 1400)
        counted = [udp4("10.255.0.1", "10.255.0.2", 100), udp4("10.255.0.1", "10.255.0.2", 300),
                   big, udp4("10.255.0.1", "10.255.0.2", 60)]
        from_b = [udp4("10.255.0.2", "10.255.0.1", 40), udp4("10.255.0.2", "10.255.0.1", 52)]
        v6 = frames.eth_header(ETH_DST, ETH_SRC, 0x86dd) + bytes(60)
        others = [
            ipv4("10.255.0.1", "10.255.0.2", 6, bytes(20)),      # TCP from A
            udp4("10.255.0.10", "10.255.0.2", 100),              # a longer address
            v6,                                                  # IPv6
            frames.eth_header(ETH_DST, ETH_SRC, 0x0806) + bytes(28),  # ARP
            udp4("10.255.0.1", "10.255.0.2", 10)[:30],           # cut before the source
            nsrp(FIXTURE_FRAMES[0]),
        ]
        pkts = [(T0_US, f) for f in counted[:3]]
        # captured with a short snaplen: on the wire it was whole
        pkts.append((T0_US, counted[3][:54], len(counted[3])))
        pkts += [(T0_US, f) for f in from_b + others]
        random.Random(5).shuffle(pkts)
        return write_pcap("udp.pcap", pkts), counted, from_b

    def test_source(self):
        """udpwire: frames and on-the-wire octets of UDP from the source only"""
        p, counted, _ = self.fixture()
        self.assertEqual(self.clean(run("udpwire", p, "10.255.0.1")),
                         ["%d %d" % (len(counted), sum(len(f) for f in counted))])
        self.assertEqual(sum(len(f) for f in counted), 4 * (14 + 20 + 8) + 100 + 300 + 1400 + 60)

    def test_other_source(self):
        """udpwire: the peer's datagrams are counted for the peer's address, not for A's"""
        p, _, from_b = self.fixture()
        self.assertEqual(self.clean(run("udpwire", p, "10.255.0.2")),
                         ["%d %d" % (len(from_b), sum(len(f) for f in from_b))])
        self.assertEqual(self.clean(run("udpwire", p, "10.255.0.3")), ["0 0"])


# --------------------------------------------------------------------------
# latency

class TestLatency(Base):
    def test_nsrp_paced_v4(self):
        """nsrp-lat: paced IPv4 run across an address boundary: matched, p50, p99, max and spans"""
        start, n = 49950, 101           # flows 50000 and up are on 198.18.0.2
        sched = paced(start, n, seed=1)
        pkts = upsert_capture(sched, 4)
        worst = max(sched, key=lambda s: s[2] - s[1])
        second = sorted(sched, key=lambda s: s[2] - s[1])[-2]
        pkts += [
            # CLOSE and AGE_ANSWER are not creations: before the UPSERT of
            # the two slowest flows, they must not shorten their delay
            (worst[1] + 500, nsrp([close(worst[0], 4)])),
            (second[1] + 250, nsrp(["answer,idle,udp,%s,40000,%s,%d,active,30000,100" % (
                (CLIENT[4],) + flow_dst(second[0], 4))])),
            # UPSERTs of another EtherType are not nsrp's
            (sched[0][1] + 100, nsrp([upsert(sched[0][0], 4)], ethertype=0x88b6)),
            # the previous run's last flow, and a flow past the last ts
            # line's batch of 64: not this run's
            (T0_US + 500000, nsrp([upsert(start - 1, 4)])),
            (T0_US + 600000, nsrp([upsert(start + n - 1 + 64, 4)])),
            # a later UPSERT of a flow (an update): the first one counts
            (T0_US + 700000, nsrp([upsert(start + 7, 4)])),
        ]
        pkts += [(T0_US + k * 20000, nsrp(["hello,primary,100,synced,1000,3,1"]))
                 for k in range(10)]
        pkts.sort(key=lambda p: p[0])
        self.assertTrue(any(len(f) >= 14 + 20 + 2 * 28 for _, f in pkts),
                        "some frames carry several UPSERTs")
        ts = write_text("paced.ts", ts_lines([(f, s) for f, s, _ in sched]))
        got = self.lat(run("nsrp-lat", ts, write_pcap("paced.pcap", pkts), 4))
        # delays 1..101 ms: the median is 51, the 99th of 101 is 100
        self.assert_lat(got, matched=n, of=n, p50=51.0, p99=100.0, max=101.0,
                        span_send=(n - 1) / 1000.0,
                        span_seen=(max(s for _, _, s in sched) - T0_US) / 1e6)

    def test_nsrp_batches_v6(self):
        """nsrp-lat: full-speed IPv6 run, a ts line per 64 flows: each has its batch's time"""
        start, n, batch = 2000, 200, 64
        rows = [(start + i, T0_US + (i // batch) * 2000) for i in range(0, n, batch)]
        self.assertEqual(len(rows), 4)   # 64, 64, 64 and 8 flows
        pkts = []
        for r, (first, us) in enumerate(rows):
            fl = list(range(first, min(first + batch, start + n)))
            # 28 IPv6 UPSERTs a frame: 3 ms, then 4 ms, the last 8 9 ms
            # after their batch was sent
            for k, i in enumerate(range(0, len(fl), 28)):
                frame = nsrp([upsert(f, 6) for f in fl[i:i + 28]])
                pkts.append((us + (3000, 4000, 9000)[k], frame))
        pkts += [(T0_US + 50000, nsrp([upsert(start - 1, 6)])),
                 (T0_US + 60000, nsrp([upsert(rows[-1][0] + batch, 6)]))]
        pkts.sort(key=lambda p: p[0])
        ts = write_text("batch.ts", ts_lines(rows))
        got = self.lat(run("nsrp-lat", ts, write_pcap("batch.pcap", pkts), 6))
        # 92 flows at 3 ms, 84 at 4 ms, 24 at 9 ms: the median is 4, the
        # 99th percentile and the maximum 9; the last seen is batch 3's
        # last frame, 4 + 9 ms after the first send
        self.assert_lat(got, matched=n, p50=4.0, p99=9.0, max=9.0, span_send=0.006,
                        span_seen=0.013)

    def test_nsrp_two_generators(self):
        """nsrp-lat: two generators at once, their ts lines merged by flow: spans from the times"""
        # Generator 0 sends flows 3000..3063 at +2 ms, generator 1 flows
        # 3064..3127 at +0 ms: sorted by flow, the first line is not the
        # first send, nor the last line the last.
        rows = [(3000, T0_US + 2000), (3064, T0_US)]
        pkts = [(T0_US + 7000, nsrp([upsert(f, 4) for f in range(3000, 3052)])),
                (T0_US + 8000, nsrp([upsert(f, 4) for f in range(3052, 3104)])),
                (T0_US + 9000, nsrp([upsert(f, 4) for f in range(3104, 3128)]))]
        got = self.lat(run("nsrp-lat", write_text("two.ts", ts_lines(rows)),
                           write_pcap("two.pcap", pkts), 4))
        # delays: 52 of gen 0 at 5 ms, 12 of gen 0 at 6 ms, 40 of gen 1
        # at 8 ms, 24 of gen 1 at 9 ms
        self.assert_lat(got, matched=128, p50=8.0, p99=9.0, max=9.0, span_send=0.002,
                        span_seen=0.009)

    def test_nsrp_nothing_seen(self):
        """nsrp-lat: a capture without this run's UPSERTs gives 0 matched and nan, not a crash"""
        sched = paced(100, 5, seed=2)
        ts = write_text("none.ts", ts_lines([(f, s) for f, s, _ in sched]))
        pcap = write_pcap("none.pcap", [(T0_US, nsrp([upsert(99, 4)])),
                                        (T0_US, nsrp(["hello,primary,100,synced,1000,3,1"]))])
        got = self.lat(run("nsrp-lat", ts, pcap, 4))
        nan = float("nan")
        self.assert_lat(got, matched=0, of=5, p50=nan, p99=nan, max=nan, span_send=0.004,
                        span_seen=nan)

    def test_ct_paced_v4(self):
        """ct-lat: conntrack events (microseconds not zero-padded): matched, p50, p99, max, spans"""
        start, n = 700, 101
        sched = paced(start, n, seed=4)
        ev = [(s, ct_event(s, f, 4)) for f, _, s in sched]
        self.assertTrue(any(re.match(r"\[\d+\.\d{1,5} +\]", line) for _, line in ev),
                        "some timestamps have fewer than 6 digits of microseconds")
        ev += [(T0_US + 500000, ct_event(T0_US + 500000, start - 1, 4)),   # not this run's
               (T0_US + 700000, ct_event(T0_US + 700000, start + 3, 4))]   # seen before
        ev.sort(key=lambda e: e[0])
        text = "".join(line for _, line in ev)
        text += "conntrack v1.4.7 (conntrack-tools): 103 flow events have been shown.\n"
        ts = write_text("ct.ts", ts_lines([(f, s) for f, s, _ in sched]))
        got = self.lat(run("ct-lat", ts, write_text("ct-ev.txt", text)))
        self.assert_lat(got, matched=n, of=n, p50=51.0, p99=100.0, max=101.0,
                        span_send=(n - 1) / 1000.0,
                        span_seen=(max(s for _, _, s in sched) - T0_US) / 1e6)

    def test_ct_v6(self):
        """ct-lat: IPv6 events across an address boundary (2001:db8:ff::1 and ::2)"""
        sched = [(49999 + k, T0_US + k * 1000, T0_US + k * 1000 + d * 1000)
                 for k, d in enumerate((5, 7, 6))]
        self.assertEqual(flow_dst(50000, 6), ("2001:db8:ff::2", 1024))
        ts = write_text("ct6.ts", ts_lines([(f, s) for f, s, _ in sched]))
        ev = write_text("ct6-ev.txt", "".join(ct_event(s, f, 6) for f, _, s in sched))
        got = self.lat(run("ct-lat", ts, ev))
        self.assert_lat(got, matched=3, of=3, p50=6.0, p99=7.0, max=7.0, span_send=0.002,
                        span_seen=0.008)


# --------------------------------------------------------------------------
# helpers

class TestHelpers(Base):
    def test_pct_empty_and_one(self):
        """pct: nan without values; any percentile of one value is that value"""
        self.assertTrue(math.isnan(analyze.pct([], 50)))
        for p in (0, 50, 99, 100):
            self.assertEqual(analyze.pct([7.5], p), 7.5)

    def test_pct_two(self):
        """pct: of two values, p50 is the lower (rank 0.5 rounds to even), p99 the higher"""
        v = [20.0, 10.0]
        self.assertEqual([analyze.pct(v, p) for p in (0, 50, 99, 100)], [10.0, 10.0, 20.0, 20.0])
        self.assertEqual(v, [20.0, 10.0], "the caller's list is not reordered")

    def test_pct_hundred(self):
        """pct: p99 of 1..100 in any order is 99 (rank 98.01 -> 98), not the maximum"""
        v = list(range(1, 101))
        random.Random(6).shuffle(v)
        self.assertEqual(analyze.pct(v, 99), 99)
        self.assertEqual(analyze.pct(v, 100), 100)
        self.assertEqual(analyze.pct(v, 0), 1)
        self.assertEqual(analyze.pct(list(range(1, 102)), 50), 51)

    def test_pct_few(self):
        """pct: p99 is the maximum up to 51 values (rank 0.99(n - 1) rounds to n - 1), not at 52"""
        for n in (3, 10, 50, 51):
            self.assertEqual(analyze.pct(list(range(n)), 99), n - 1)
        self.assertEqual(analyze.pct(list(range(52)), 99), 50)

    def test_records_offsets(self):
        """records: type, family, offset and size of each record, as frames.py locates them"""
        for texts, frame in wire_fixture():
            p = frame[14:]
            got = analyze.records(p)
            self.assertEqual([(off, t) for t, _f, off, _s in got], frames.record_offsets(p))
            want = [(PRINTED[r["type"]], r.get("family", 0))
                    for r in map(frames.rec_from_text, texts)]
            self.assertEqual([(analyze.NAMES[t], f) for t, f, _o, _s in got], want)
            self.assertEqual([s for _t, _f, _o, s in got], [DOC_SIZES[k] for k in want])

    def test_pcap_frames(self):
        """pcap_frames: time, original length and octets, any pcap byte order and resolution"""
        pkts = [(T0_US + 999999, b"\x01" * 60), (T0_US + 1000000, b"\x02" * 54, 1514)]
        for endian in "<>":
            for nano in (False, True):
                got = list(analyze.pcap_frames(write_pcap("pf.pcap", pkts, endian, nano)))
                self.assertEqual([(o, d) for _t, o, d in got],
                                 [(60, b"\x01" * 60), (1514, b"\x02" * 54)])
                for (t, _o, _d), pkt in zip(got, pkts):
                    self.assertAlmostEqual(t, pkt[0] / 1e6, places=5)


# --------------------------------------------------------------------------
# malformed input: no traceback; figures from what is whole, or a clear stop

class TestMalformed(Base):
    def two_frames(self):
        a, b = nsrp(FIXTURE_FRAMES[0]), nsrp(FIXTURE_FRAMES[-1])
        with open(write_pcap("two.pcap", [(T0_US, a), (T0_US + 1000, b)]), "rb") as f:
            return f.read(), a, b

    def test_truncated_pcap(self):
        """truncated pcap (capture cut short): the last, partial packet is not counted, no crash"""
        data, a, _b = self.two_frames()
        want = {("upsert", 4): [3, len(a), 1, 3]}
        # cut in the second packet's data, one octet short of its end, and
        # in its packet header
        for cut in (len(data) - 700, len(data) - 1, 24 + 16 + len(a) + 9):
            p = write_text("cut.pcap", "")
            with open(p, "wb") as f:
                f.write(data[:cut])
            self.assert_wire(self.wire(p), want)
            # the first frame's UPSERTs are flows 0, 1 and 2, seen as sent
            ts = write_text("cut.ts", "0 %d\n" % (T0_US * 1000))
            self.assert_lat(self.lat(run("nsrp-lat", ts, p, 4)), matched=3, max=0.0)
        for cut in (0, 10, 24):     # no packet, or not even the file header
            with open(p, "wb") as f:
                f.write(data[:cut])
            self.assertEqual(self.clean(run("wire", p)), [])

    def test_not_pcap(self):
        """a file that is not a pcap (pcapng, text) stops with a clear error"""
        shb = struct.pack("<IIIHHq", 0x0a0d0d0a, 28, 0x1a2b3c4d, 1, 0, -1) + struct.pack("<I", 28)
        p = write_text("ng.pcap", "")
        with open(p, "wb") as f:
            f.write(shb + bytes(64))
        self.fails_clearly(run("wire", p), "not a pcap")
        p = write_text("text.pcap", "this is not a capture, but long enough for a header\n")
        self.fails_clearly(run("udpwire", p, "10.255.0.1"), "not a pcap")

    def test_missing_file(self):
        """a missing capture or timestamp file stops with a clear error"""
        self.fails_clearly(run("wire", path("nonexistent.pcap")), "nonexistent.pcap")
        pcap = write_pcap("empty.pcap", [])
        self.fails_clearly(run("nsrp-lat", path("nonexistent.ts"), pcap, 4), "nonexistent.ts")
        self.fails_clearly(run("ct-lat", write_text("one.ts", "0 1\n"), path("nonexistent.ev")),
                           "nonexistent.ev")

    def test_malformed_ts(self):
        """a timestamp file with a line that is not "INDEX NS" stops with a clear error"""
        pcap = write_pcap("e.pcap", [])
        ts = write_text("bad.ts", "0 1700000000000000000\n64\n")
        self.fails_clearly(run("nsrp-lat", ts, pcap, 4), "bad.ts")

    def test_wrong_ethertype(self):
        """a frame with a wrong EtherType (IPv4, 0x88b6) is not read as nsrp, whatever it holds"""
        good = nsrp(FIXTURE_FRAMES[0])
        pkts = [(T0_US, good), (T0_US, nsrp(FIXTURE_FRAMES[-1], ethertype=0x0800)),
                (T0_US, nsrp(FIXTURE_FRAMES[-1], ethertype=0x88b6))]
        self.assert_wire(self.wire(write_pcap("et.pcap", pkts)),
                         {("upsert", 4): [3, len(good), 1, 3]})

    def test_truncated_record(self):
        """a frame that ends inside a record: whole records count, the partial one not, no crash"""
        t = [upsert(10, 4), upsert(11, 4), upsert(12, 4)]
        full = nsrp(t)
        ts = write_text("tr.ts", "10 %d\n" % (T0_US * 1000))
        for cut in (14 + 20 + 28 + 10, 14 + 20 + 56, 14 + 20 + 56 + 1):
            frame = full[:cut]      # Length and Count still say 3 records
            p = write_pcap("tr.pcap", [(T0_US + 5000, frame)])
            whole = (cut - 34) // 28
            self.assert_wire(self.wire(p), {("upsert", 4): [whole, len(frame), 1, whole]})
            got = self.lat(run("nsrp-lat", ts, p, 4))
            self.assert_lat(got, matched=whole, max=5.0)

    def test_bad_records(self):
        """a record of an unknown type or family ends the frame's records, no crash"""
        good = nsrp([upsert(10, 4), upsert(11, 4)])
        fam = bytearray(good)
        fam[14 + 20 + 28 + 1] = 5           # the second record's family
        typ = bytearray(good)
        typ[14 + 20 + 28] = 0x7f            # the second record's type
        ts = write_text("br.ts", "10 %d\n" % (T0_US * 1000))
        for frame in (bytes(fam), bytes(typ)):
            p = write_pcap("br.pcap", [(T0_US + 3000, frame)])
            self.assert_wire(self.wire(p), {("upsert", 4): [1, len(frame), 1, 1]})
            self.assert_lat(self.lat(run("nsrp-lat", ts, p, 4)), matched=1, max=3.0)


if __name__ == "__main__":
    sys.exit(tap.main(__name__))
