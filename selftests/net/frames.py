#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# nsrp replication frames from userspace, for the two-node selftests
# (test_sync_*.sh) and their userspace proof (frames-selftest.sh). The wire
# format is nsrp_sync/proto.h (docs/protocol.md). Python standard library
# only: struct, hmac, hashlib, socket.
#
#   frames.py build OUT.pcap [HDR] REC...     one frame into a pcap (-a: append)
#   frames.py send DEV [HDR] [ETH] REC...     build one frame and send it on DEV
#   frames.py capture DEV OUT.pcap [--seconds S] [--count N] [--direction in|out|any]
#                                             [--ethertype N]
#             prints "ready" once listening; SIGTERM or SIGINT end it early
#   frames.py decode PCAP [--key HEX] [--ethertype N] [--json]
#             one line per frame: "N canonical-text" (see canonical())
#   frames.py dissect PCAP [--ethertype N]    the same lines, from tshark and
#                                             tools/wireshark/nsrp.lua
#   frames.py replay DEV PCAP [--type data|control] [--node N] [--gap-ms MS]
#   frames.py fuzz DEV --base PCAP [--manifest OUT] [--seed N] [--random N]
#             [--mutated N] [--targeted N] [--cluster N] [--own-node N]
#             [--dry-run OUT.pcap]
#   frames.py selftest-gen OUT.pcap OUT.expect
#   frames.py selfcheck                       pure-Python unit checks, TAP
#   frames.py reasons                         the drop reasons (sync_drop_*)
#   frames.py records-of SESSIONS.json [--owner local|peer]
#             the UPSERT and CLOSE records of `nsrpctl -j session list`'s
#             sessions, canonical text (the UPSERT without Remaining)
#
# HDR: --type data|control (default: from the first record), --cluster N
# (1), --node N (1), --epoch N (1), --seq N (1), --key HEX (sign: MAC flag
# and trailer), --pad (pad to Ethernet's 46-octet minimum payload).
# ETH: --dst MAC (default broadcast), --src MAC (default DEV's), --ethertype N.
#
# REC, comma-separated fields (IPv6 addresses contain colons):
#   upsert,PROTO,SRC,SPORT,DST,DPORT,STATE,TIMEOUT_MS,REMAINING_MS[,takeover|handover]
#   close,PROTO,SRC,SPORT,DST,DPORT
#   query,PROTO,SRC,SPORT,DST,DPORT
#   answer,VERDICT,PROTO,SRC,SPORT,DST,DPORT[,STATE,TIMEOUT_MS,REMAINING_MS]
#   hello,ROLE,PRIORITY,FLAGS,INTERVAL_MS,LOST,PEER_EPOCH
#   ack,EPOCH,CUMULATIVE,NACKS        nack,FIRST,COUNT
#   bulk_req,ID                       bulk_end,ID,STATUS,SESSIONS
# SRC/SPORT is the originator: the key is put in canonical order (endpoint a
# the lower) and ORIG_IS_A set accordingly. PROTO: tcp udp icmp icmpv6 gre
# or a number; STATE: syn_sent syn_recv established fin_wait closing active
# or 1-6; VERDICT: active idle gone; ROLE: init backup primary ineligible;
# FLAGS (hello): a number, or names joined by "+" (preempt synced claim
# yield, e.g. synced+claim), "none" for 0. Any session record takes the
# trailing key flags takeover and handover, in any number: the codec
# accepts one of them in UPSERT only, but the builder does not judge, so
# that the selftests can send what a receiver must reject.
#
# The canonical text of a frame, shared with frames-check.c (the codec's own
# decoder) and with "dissect" (the Lua dissector), so that the three can be
# compared line by line:
#   t=TYPE f=FLAGS len=LENGTH n=COUNT cl=CLUSTER node=NODE ep=EPOCH seq=SEQ
# then " | RECORD" for each record:
#   upsert FAM PROTO ADDR_A PORT_A ADDR_B PORT_B kf=KEYFLAGS st=S to=T rem=R
#   close|query FAM PROTO ADDR_A PORT_A ADDR_B PORT_B kf=KEYFLAGS
#   answer FAM PROTO ADDR_A PORT_A ADDR_B PORT_B kf=KEYFLAGS v=V st=S to=T rem=R
#   hello role=R prio=P hf=F int=I lost=L pe=E
#   ack ep=E cum=C nacks=N     nack first=F count=C
#   bulk_req id=I              bulk_end id=I st=S n=N

import argparse
import hashlib
import hmac
import ipaddress
import json
import os
import random
import select
import signal
import socket
import struct
import subprocess
import sys
import time

ETH_P_NSRP = 0x88B5
ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4
VERSION = 1
HDR_LEN = 20
MAC_LEN = 16
ETH_MIN_PAYLOAD = 46
REC_MIN_LEN = 8
F_MAC = 0x01
KEY_F_ORIG_IS_A = 0x01
KEY_F_TAKEOVER = 0x02
KEY_F_HANDOVER = 0x04
HELLO_FLAGS = {"preempt": 0x01, "synced": 0x02, "claim": 0x04, "yield": 0x08}

MSG_DATA, MSG_CONTROL = 1, 2
UPSERT, CLOSE, BULK_END = 0x01, 0x02, 0x03
HELLO, ACK, NACK, BULK_REQ, AGE_QUERY, AGE_ANSWER = 0x10, 0x11, 0x12, 0x13, 0x14, 0x15
KEYED = (UPSERT, CLOSE, AGE_QUERY, AGE_ANSWER)
REC_MSG = {UPSERT: MSG_DATA, CLOSE: MSG_DATA, BULK_END: MSG_DATA, HELLO: MSG_CONTROL,
           ACK: MSG_CONTROL, NACK: MSG_CONTROL, BULK_REQ: MSG_CONTROL,
           AGE_QUERY: MSG_CONTROL, AGE_ANSWER: MSG_CONTROL}
REC_NAME = {UPSERT: "upsert", CLOSE: "close", BULK_END: "bulk_end", HELLO: "hello",
            ACK: "ack", NACK: "nack", BULK_REQ: "bulk_req", AGE_QUERY: "query",
            AGE_ANSWER: "answer"}
REC_BY_NAME = {v: k for k, v in REC_NAME.items()}
# Record sizes in octets (proto.h): keyed ones by family 4 and 6.
KEYED_LEN = {UPSERT: (28, 52), CLOSE: (16, 40), AGE_QUERY: (16, 40), AGE_ANSWER: (28, 52)}
FIXED_LEN = {BULK_END: 12, HELLO: 12, ACK: 12, NACK: 8, BULK_REQ: 8}

PROTOS = {"tcp": 6, "udp": 17, "icmp": 1, "icmpv6": 58, "gre": 47, "sctp": 132}
STATES = {"syn_sent": 1, "syn_recv": 2, "established": 3, "fin_wait": 4, "closing": 5,
          "active": 6}
VERDICTS = {"active": 1, "idle": 2, "gone": 3}
ROLES = {"init": 1, "backup": 2, "primary": 3, "ineligible": 4}

# The drop reasons of nsrp_rx_reason_name(), in enum order (codec.h).
REASONS = ["ok", "truncated", "bad_version", "bad_type", "bad_flags", "bad_length",
           "reserved", "bad_node", "bad_seq", "bad_count", "bad_record", "misplaced",
           "bad_family", "bad_addr", "bad_ports", "bad_key_order", "bad_state",
           "bad_timeout", "bad_remaining", "bad_verdict", "bad_hello", "bad_ack",
           "bad_nack", "bad_bulk", "other_cluster", "own_node", "no_mac", "bad_mac",
           "stale_epoch", "replay", "late"]


def rec_len(rtype, family=0):
    """Octets of a record on the wire; None for an unknown type or family."""
    if rtype in KEYED_LEN:
        if family == 4:
            return KEYED_LEN[rtype][0]
        if family == 6:
            return KEYED_LEN[rtype][1]
        return None
    return FIXED_LEN.get(rtype)


def mac_of(key, data):
    """The MAC trailer over data: HMAC-SHA256 truncated to 16 octets."""
    return hmac.new(key, data, hashlib.sha256).digest()[:MAC_LEN]


def parse_key_hex(text):
    if text is None or text == "none":
        return None
    return bytes.fromhex(text)


def num(text):
    return int(text, 0)


def named(table, text):
    return table[text] if text in table else num(text)


def hello_flags(text):
    """HELLO flags from a number or from names joined by "+"."""
    if text == "none":
        return 0
    if text[:1].isdigit():
        return num(text)
    return sum(HELLO_FLAGS[name] for name in text.split("+"))


def key_flags(r):
    """The Key flags octet of session record R."""
    return ((KEY_F_ORIG_IS_A if r.get("orig_is_a") else 0) |
            (KEY_F_TAKEOVER if r.get("takeover") else 0) |
            (KEY_F_HANDOVER if r.get("handover") else 0))


# --------------------------------------------------------------------------
# Records: dicts {"type": RTYPE, ...fields}, encoded and decoded below.

def addr_octets(text):
    a = ipaddress.ip_address(text)
    return (4 if a.version == 4 else 6), a.packed


def sess_key(proto, src, sport, dst, dport):
    """The canonical key of a session from its originator's view:
    (family, proto, addr_a, port_a, addr_b, port_b, orig_is_a)."""
    fam, s = addr_octets(src)
    fam2, d = addr_octets(dst)
    if fam != fam2:
        raise ValueError("addresses of different families")
    if (s, sport) <= (d, dport):
        return dict(family=fam, proto=proto, addr_a=s, port_a=sport, addr_b=d, port_b=dport,
                    orig_is_a=True)
    return dict(family=fam, proto=proto, addr_a=d, port_a=dport, addr_b=s, port_b=sport,
                orig_is_a=False)


def rec_from_text(text):
    """A record from its command-line form (see the header of this file)."""
    f = text.split(",")
    kind = f[0]
    if kind in ("upsert", "close", "query", "answer"):
        rtype = REC_BY_NAME[kind]
        verdict = 0
        if kind == "answer":
            verdict = named(VERDICTS, f[1])
            f = f[:1] + f[2:]
        proto = named(PROTOS, f[1])
        r = dict(type=rtype, **sess_key(proto, f[2], num(f[3]), f[4], num(f[5])))
        r.update(takeover=False, handover=False, state=0, timeout_ms=0, remaining_ms=0,
                 verdict=verdict)
        if kind == "upsert" or (kind == "answer" and verdict != 3):
            r["state"] = named(STATES, f[6])
            r["timeout_ms"] = num(f[7])
            r["remaining_ms"] = num(f[8])
            opts = f[9:]
        else:
            r["orig_is_a"] = False      # CLOSE, AGE_QUERY and GONE carry no flags
            opts = f[6:]
        for opt in opts:
            if opt not in ("takeover", "handover"):
                raise ValueError("unknown key flag %r" % opt)
            r[opt] = True
        return r
    if kind == "hello":
        return dict(type=HELLO, role=named(ROLES, f[1]), priority=num(f[2]),
                    flags=hello_flags(f[3]), interval_ms=num(f[4]), lost=num(f[5]),
                    peer_epoch=num(f[6]))
    if kind == "ack":
        return dict(type=ACK, epoch=num(f[1]), cum=num(f[2]), nacks=num(f[3]) if len(f) > 3 else 0)
    if kind == "nack":
        return dict(type=NACK, first=num(f[1]), count=num(f[2]))
    if kind == "bulk_req":
        return dict(type=BULK_REQ, id=num(f[1]))
    if kind == "bulk_end":
        return dict(type=BULK_END, id=num(f[1]), status=num(f[2]), sessions=num(f[3]))
    raise ValueError("unknown record kind %r" % kind)


def encode_rec(r):
    t = r["type"]
    if t in KEYED:
        out = struct.pack("!BBBBHH", t, r["family"], r["proto"], key_flags(r), r["port_a"],
                          r["port_b"])
        out += r["addr_a"] + r["addr_b"]
        if t == UPSERT:
            out += struct.pack("!B3xII", r["state"], r["timeout_ms"], r["remaining_ms"])
        elif t == AGE_ANSWER:
            out += struct.pack("!BBHII", r["verdict"], r["state"], 0, r["timeout_ms"],
                               r["remaining_ms"])
        return out
    if t == HELLO:
        return struct.pack("!BBBBHBBI", t, r["role"], r["priority"], r["flags"],
                           r["interval_ms"], r["lost"], 0, r["peer_epoch"])
    if t == ACK:
        return struct.pack("!BBHII", t, r["nacks"], 0, r["epoch"], r["cum"])
    if t == NACK:
        return struct.pack("!BBHI", t, 0, r["count"], r["first"])
    if t == BULK_REQ:
        return struct.pack("!B3xI", t, r["id"])
    if t == BULK_END:
        return struct.pack("!BBHII", t, r["status"], 0, r["id"], r["sessions"])
    raise ValueError("unknown record type %#x" % t)


def build_frame(recs, node=1, epoch=1, seq=1, cluster=1, mtype=None, key=None, pad=False):
    """The nsrp payload (no Ethernet header) of one frame."""
    if mtype is None:
        mtype = REC_MSG[recs[0]["type"]]
    body = b"".join(encode_rec(r) for r in recs)
    flags = F_MAC if key is not None else 0
    length = HDR_LEN + len(body) + (MAC_LEN if key is not None else 0)
    hdr = struct.pack("!BBBBHHHHII", VERSION, mtype, flags, 0, length, len(recs), cluster,
                      node, epoch, seq)
    frame = hdr + body
    if key is not None:
        frame += mac_of(key, frame)
    if pad and len(frame) < ETH_MIN_PAYLOAD:
        frame += bytes(ETH_MIN_PAYLOAD - len(frame))
    return frame


class Malformed(Exception):
    pass


def decode_frame(p):
    """Header and records of an nsrp payload, structurally checked only
    (sizes, record types and families): the codec does the full
    validation. Raises Malformed."""
    if len(p) < HDR_LEN:
        raise Malformed("truncated")
    (ver, mtype, flags, _rsv, length, count, cluster, node, epoch,
     seq) = struct.unpack_from("!BBBBHHHHII", p)
    if ver != VERSION:
        raise Malformed("bad_version")
    maclen = MAC_LEN if flags & F_MAC else 0
    if length > len(p) or length < HDR_LEN + REC_MIN_LEN + maclen:
        raise Malformed("bad_length")
    h = dict(type=mtype, flags=flags, length=length, count=count, cluster=cluster, node=node,
             epoch=epoch, seq=seq, mac=p[length - maclen:length] if maclen else None,
             auth_len=length - maclen)
    recs = []
    off, end = HDR_LEN, length - maclen
    for _ in range(count):
        if off >= end:
            raise Malformed("bad_count")
        t = p[off]
        fam = p[off + 1] if off + 1 < end else 0
        n = rec_len(t, fam)
        if n is None:
            raise Malformed("bad_record")
        if off + n > end:
            raise Malformed("bad_count")
        recs.append(decode_rec(p[off:off + n]))
        off += n
    if off != end:
        raise Malformed("bad_count")
    return h, recs


def decode_rec(b):
    t = b[0]
    if t in KEYED:
        _, fam, proto, kf, pa, pb = struct.unpack_from("!BBBBHH", b)
        alen = 16 if fam == 6 else 4
        r = dict(type=t, family=fam, proto=proto, kf=kf, port_a=pa, port_b=pb,
                 addr_a=b[8:8 + alen], addr_b=b[8 + alen:8 + 2 * alen],
                 orig_is_a=bool(kf & KEY_F_ORIG_IS_A), takeover=bool(kf & KEY_F_TAKEOVER),
                 handover=bool(kf & KEY_F_HANDOVER), state=0, timeout_ms=0, remaining_ms=0,
                 verdict=0)
        k = 8 + 2 * alen
        if t == UPSERT:
            r["state"], r["timeout_ms"], r["remaining_ms"] = struct.unpack_from("!B3xII", b, k)
        elif t == AGE_ANSWER:
            (r["verdict"], r["state"], _, r["timeout_ms"],
             r["remaining_ms"]) = struct.unpack_from("!BBHII", b, k)
        return r
    if t == HELLO:
        _, role, prio, fl, ival, lost, _, pe = struct.unpack_from("!BBBBHBBI", b)
        return dict(type=t, role=role, priority=prio, flags=fl, interval_ms=ival, lost=lost,
                    peer_epoch=pe)
    if t == ACK:
        _, nacks, _, ep, cum = struct.unpack_from("!BBHII", b)
        return dict(type=t, nacks=nacks, epoch=ep, cum=cum)
    if t == NACK:
        _, _, count, first = struct.unpack_from("!BBHI", b)
        return dict(type=t, count=count, first=first)
    if t == BULK_REQ:
        return dict(type=t, id=struct.unpack_from("!I", b, 4)[0])
    _, status, _, rid, sessions = struct.unpack_from("!BBHII", b)
    return dict(type=t, status=status, id=rid, sessions=sessions)


def ntop(family, octets):
    return socket.inet_ntop(socket.AF_INET6 if family == 6 else socket.AF_INET, octets)


def canonical_rec(r):
    t = r["type"]
    if t in KEYED:
        s = "%s %d %d %s %d %s %d kf=%d" % (REC_NAME[t], r["family"], r["proto"],
                                            ntop(r["family"], r["addr_a"]), r["port_a"],
                                            ntop(r["family"], r["addr_b"]), r["port_b"],
                                            key_flags(r))
        if t == UPSERT:
            s += " st=%d to=%d rem=%d" % (r["state"], r["timeout_ms"], r["remaining_ms"])
        elif t == AGE_ANSWER:
            s += " v=%d st=%d to=%d rem=%d" % (r["verdict"], r["state"], r["timeout_ms"],
                                               r["remaining_ms"])
        return s
    if t == HELLO:
        return "hello role=%d prio=%d hf=%d int=%d lost=%d pe=%d" % (
            r["role"], r["priority"], r["flags"], r["interval_ms"], r["lost"], r["peer_epoch"])
    if t == ACK:
        return "ack ep=%d cum=%d nacks=%d" % (r["epoch"], r["cum"], r["nacks"])
    if t == NACK:
        return "nack first=%d count=%d" % (r["first"], r["count"])
    if t == BULK_REQ:
        return "bulk_req id=%d" % r["id"]
    return "bulk_end id=%d st=%d n=%d" % (r["id"], r["status"], r["sessions"])


def canonical(h, recs):
    s = "t=%d f=%d len=%d n=%d cl=%d node=%d ep=%d seq=%d" % (
        h["type"], h["flags"], h["length"], h["count"], h["cluster"], h["node"], h["epoch"],
        h["seq"])
    return s + "".join(" | " + canonical_rec(r) for r in recs)


# --------------------------------------------------------------------------
# pcap files (LINKTYPE_ETHERNET, microsecond timestamps, little endian)

def pcap_writer(path, append=False):
    exists = append and os.path.exists(path) and os.path.getsize(path) > 0
    f = open(path, "ab" if exists else "wb")
    if not exists:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    return f


def pcap_put(f, frame, ts=None):
    ts = time.time() if ts is None else ts
    sec = int(ts)
    usec = int((ts - sec) * 1e6)
    f.write(struct.pack("<IIII", sec, usec, len(frame), len(frame)))
    f.write(frame)


def pcap_read(path):
    """[(timestamp, Ethernet frame)] of a pcap file."""
    data = open(path, "rb").read()
    if len(data) < 24:
        return []
    magic = struct.unpack_from("<I", data)[0]
    if magic in (0xa1b2c3d4, 0xa1b23c4d):
        e = "<"
    elif magic in (0xd4c3b2a1, 0x4d3cb2a1):
        e = ">"
    else:
        raise SystemExit("%s: not a pcap file" % path)
    nano = magic in (0xa1b23c4d, 0x4d3cb2a1)
    out = []
    off = 24
    while off + 16 <= len(data):
        sec, frac, incl, _ = struct.unpack_from(e + "IIII", data, off)
        off += 16
        out.append((sec + frac / (1e9 if nano else 1e6), data[off:off + incl]))
        off += incl
    return out


def eth_payload(frame, ethertype=ETH_P_NSRP):
    """The payload of an Ethernet frame of this EtherType, or None."""
    if len(frame) < 14 or struct.unpack_from("!H", frame, 12)[0] != ethertype:
        return None
    return frame[14:]


def mac_bytes(text):
    return bytes.fromhex(text.replace(":", ""))


def dev_mac(dev):
    with open("/sys/class/net/%s/address" % dev) as f:
        return mac_bytes(f.read().strip())


def eth_header(dst, src, ethertype=ETH_P_NSRP):
    return dst + src + struct.pack("!H", ethertype)


def raw_socket(dev):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    s.bind((dev, 0))
    return s


# --------------------------------------------------------------------------
# Mutations, shared by "fuzz" and "selftest-gen". Each targeted mutation of
# a valid frame (one the codec accepts) has the one reason a receiver must
# drop it for; node and cluster are the receiver's, epoch/seq stay the
# base frame's so that anything still valid is at worst a replay.

def record_offsets(p):
    """[(offset, record type)] of the records of a valid payload."""
    length, count = struct.unpack_from("!HH", p, 4)
    end = length - (MAC_LEN if p[2] & F_MAC else 0)
    out, off = [], HDR_LEN
    while off + 1 < end and len(out) < count:
        n = rec_len(p[off], p[off + 1])
        if n is None:
            break
        out.append((off, p[off]))
        off += n
    return out


def targeted(base, kind, rng, cluster=None, own_node=None):
    """(payload, expected reason) for mutation KIND of valid payload BASE,
    or None if KIND does not apply to it."""
    p = bytearray(base)
    length, count = struct.unpack_from("!HH", p, 4)
    maclen = MAC_LEN if p[2] & F_MAC else 0
    if kind == "version":
        p[0] = rng.choice([0, 2, 3, 0x11, 0xff])
        return bytes(p), "bad_version"
    if kind == "type":
        p[1] = rng.choice([0, 3, 4, 0x80, 0xff])
        return bytes(p), "bad_type"
    if kind == "flags":
        p[2] |= rng.choice([0x02, 0x04, 0x10, 0x80])
        return bytes(p), "bad_flags"
    if kind == "reserved":
        p[3] = rng.randrange(1, 256)
        return bytes(p), "reserved"
    if kind == "truncate":
        return bytes(p[:rng.randrange(0, length)]), "truncated"
    if kind == "length_long":
        # past the octets received (Ethernet padding included)
        struct.pack_into("!H", p, 4, min(len(p) + rng.randrange(1, 200), 0xffff))
        return bytes(p), "truncated"
    if kind == "length_short":
        struct.pack_into("!H", p, 4, rng.randrange(0, HDR_LEN + REC_MIN_LEN + maclen))
        return bytes(p), "bad_length"
    if kind == "extend":
        # more than Ethernet padding after Length
        extra = max(ETH_MIN_PAYLOAD + 1 - len(p), 1) + rng.randrange(0, 64)
        return bytes(p) + bytes(rng.randrange(256) for _ in range(extra)), "bad_length"
    if kind == "node0":
        struct.pack_into("!H", p, 10, 0)
        return bytes(p), "bad_node"
    if kind == "epoch0":
        struct.pack_into("!I", p, 12, 0)
        return bytes(p), "bad_seq"
    if kind == "seq0":
        struct.pack_into("!I", p, 16, 0)
        return bytes(p), "bad_seq"
    if kind == "count0":
        struct.pack_into("!H", p, 6, 0)
        return bytes(p), "bad_count"
    if kind == "count_big":
        most = (length - HDR_LEN - maclen) // REC_MIN_LEN
        struct.pack_into("!H", p, 6, most + rng.randrange(1, 100))
        return bytes(p), "bad_count"
    if kind == "rectype":
        p[HDR_LEN] = rng.choice([0, 4, 0x0f, 0x16, 0x20, 0x7f, 0xff])
        return bytes(p), "bad_record"
    if kind == "family":
        if p[HDR_LEN] not in KEYED:
            return None
        p[HDR_LEN + 1] = rng.choice([0, 2, 5, 10, 0xff])
        return bytes(p), "bad_family"
    if kind in ("handover", "key_flags"):
        # a session record's key flags: HANDOVER where it is reserved
        # (with TAKEOVER in UPSERT, or in another kind), or a flag no
        # version 1 knows
        recs = [(off, t) for off, t in record_offsets(p) if t in KEYED]
        if not recs:
            return None
        off, t = rng.choice(recs)
        if kind == "key_flags":
            p[off + 3] |= rng.choice([0x08, 0x10, 0x40, 0x80])
        elif t == UPSERT:
            p[off + 3] |= KEY_F_TAKEOVER | KEY_F_HANDOVER
        else:
            p[off + 3] |= KEY_F_HANDOVER
        return bytes(p), "reserved"
    if kind == "hello_flags":
        recs = [off for off, t in record_offsets(p) if t == HELLO]
        if not recs:
            return None
        p[recs[0] + 3] |= rng.choice([0x10, 0x20, 0x40, 0x80])
        return bytes(p), "reserved"
    if kind == "other_cluster":
        if cluster is None:
            return None
        struct.pack_into("!H", p, 8, (cluster + rng.randrange(1, 0xffff)) & 0xffff)
        return bytes(p), "other_cluster"
    if kind == "own_node":
        if not own_node:
            return None
        struct.pack_into("!H", p, 10, own_node)
        return bytes(p), "own_node"
    if kind == "stale_epoch":
        epoch = struct.unpack_from("!I", p, 12)[0]
        if epoch <= 1:
            return None
        struct.pack_into("!I", p, 12, epoch - rng.randrange(1, min(epoch, 1000)))
        return bytes(p), "stale_epoch"
    if kind == "replay":
        return bytes(p), "replay"
    raise ValueError(kind)


# Reasons the codec alone decides (frames-check.c can confirm them).
TARGETED_CODEC = ["version", "type", "flags", "reserved", "truncate", "length_long",
                  "length_short", "extend", "node0", "epoch0", "seq0", "count0", "count_big",
                  "rectype", "family", "handover", "key_flags", "hello_flags"]
# Reasons decided by the receiver's configuration (cluster, node id).
TARGETED_SENDER = ["other_cluster", "own_node"]
# Reasons that need the receiver's state (it accepted the base frame).
TARGETED_STATE = ["stale_epoch", "replay"]


def mutated(base, rng):
    """Random byte changes of a valid payload that never touch Cluster ID,
    Node ID, Epoch or Sequence (octets 8-19): if the result is still valid,
    it is a replay of the base frame, never a new frame from a new sender."""
    p = bytearray(base)
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 5, 8])):
        op = rng.randrange(20)
        if op < 12 and len(p) > HDR_LEN:          # a record octet
            i = rng.randrange(HDR_LEN, len(p))
            p[i] = rng.choice([0, 1, 0xff, p[i] ^ (1 << rng.randrange(8)), rng.randrange(256)])
        elif op < 15:                              # a header bit outside octets 8-19
            p[rng.randrange(0, 8)] ^= 1 << rng.randrange(8)
        elif op < 17 and len(p) > HDR_LEN:        # cut records
            del p[rng.randrange(HDR_LEN, len(p)):]
        else:                                      # add octets
            p += bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40)))
    return bytes(p[:1500])


def garbage(rng):
    """Random octets of a random length, 0 to 1500."""
    n = rng.choice([0, 1, 19, 20, 27, 28, 46, rng.randrange(0, 1501)])
    return bytes(rng.randrange(256) for _ in range(n))


def fuzz_frames(bases, rng, n_random, n_mutated, n_targeted, cluster, own_node):
    """[(kind, expected reason or "?", payload)]: N_TARGETED frames of each
    applicable targeted mutation, then mutated and random ones, shuffled."""
    out = []
    kinds = TARGETED_CODEC + TARGETED_SENDER + TARGETED_STATE
    for kind in kinds:
        made = 0
        # every base if need be: a kind may apply to a few (HELLOs)
        for i in range(max(n_targeted * 4, len(bases))):
            if made == n_targeted:
                break
            r = targeted(bases[i % len(bases)], kind, rng, cluster, own_node)
            if r is not None:
                out.append((kind, r[1], r[0]))
                made += 1
    for _ in range(n_mutated):
        out.append(("mutated", "?", mutated(rng.choice(bases), rng)))
    for _ in range(n_random):
        out.append(("random", "?", garbage(rng)))
    rng.shuffle(out)
    return out


# --------------------------------------------------------------------------
# The commands

def hdr_args(p):
    p.add_argument("--type", choices=["data", "control"])
    p.add_argument("--cluster", type=num, default=1)
    p.add_argument("--node", type=num, default=1)
    p.add_argument("--epoch", type=num, default=1)
    p.add_argument("--seq", type=num, default=1)
    p.add_argument("--key")
    p.add_argument("--pad", action="store_true")
    p.add_argument("records", nargs="+", metavar="REC")


def frame_from_args(a):
    recs = [rec_from_text(t) for t in a.records]
    mtype = {"data": MSG_DATA, "control": MSG_CONTROL, None: None}[a.type]
    return build_frame(recs, node=a.node, epoch=a.epoch, seq=a.seq, cluster=a.cluster,
                       mtype=mtype, key=parse_key_hex(a.key), pad=a.pad)


def cmd_build(a):
    payload = frame_from_args(a)
    f = pcap_writer(a.out, a.append)
    pcap_put(f, eth_header(b"\xff" * 6, bytes.fromhex("020000000001"), a.ethertype) + payload)
    f.close()
    return 0


def cmd_send(a):
    payload = frame_from_args(a)
    src = mac_bytes(a.src) if a.src else dev_mac(a.dev)
    dst = mac_bytes(a.dst) if a.dst else b"\xff" * 6
    s = raw_socket(a.dev)
    for _ in range(a.count):
        s.send(eth_header(dst, src, a.ethertype) + payload)
    print("sent %d" % a.count)
    return 0


stop = False


def on_signal(_sig, _frm):
    global stop
    stop = True


def cmd_capture(a):
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    for opt in (33, socket.SO_RCVBUF):     # SO_RCVBUFFORCE, then the plain one
        try:
            s.setsockopt(socket.SOL_SOCKET, opt, 16 << 20)
            break
        except OSError:
            pass
    s.bind((a.dev, ETH_P_ALL))
    out = pcap_writer(a.out)
    out.flush()
    print("ready", flush=True)
    end = time.time() + a.seconds if a.seconds else None
    n = 0
    while not stop and (a.count == 0 or n < a.count):
        left = 0.1 if end is None else min(0.1, end - time.time())
        if left <= 0:
            break
        try:
            r, _, _ = select.select([s], [], [], left)
        except InterruptedError:
            continue
        if not r:
            continue
        data, addr = s.recvfrom(65535)
        if addr[0] != a.dev or eth_payload(data, a.ethertype) is None:
            continue
        outgoing = addr[2] == PACKET_OUTGOING
        if (a.direction == "out" and not outgoing) or (a.direction == "in" and outgoing):
            continue
        pcap_put(out, data)
        out.flush()
        n += 1
    out.close()
    print("captured %d" % n, file=sys.stderr)
    return 0


def decoded(path, ethertype):
    """[(index from 1, timestamp, Ethernet frame, payload, header or None,
    records or error)]"""
    out = []
    for i, (ts, frame) in enumerate(pcap_read(path), 1):
        p = eth_payload(frame, ethertype)
        if p is None:
            out.append((i, ts, frame, None, None, "not nsrp"))
            continue
        try:
            h, recs = decode_frame(p)
            out.append((i, ts, frame, p, h, recs))
        except Malformed as e:
            out.append((i, ts, frame, p, None, "malformed " + str(e)))
    return out


def mac_text(octets):
    return ":".join("%02x" % b for b in octets)


def cmd_decode(a):
    key = parse_key_hex(a.key)
    for i, ts, frame, p, h, recs in decoded(a.pcap, a.ethertype):
        if h is None:
            line = recs
            mac = None
        else:
            line = canonical(h, recs)
            mac = "none"
            if h["mac"] is not None:
                mac = "present"
                if key is not None:
                    good = hmac.compare_digest(mac_of(key, p[:h["auth_len"]]), h["mac"])
                    mac = "ok" if good else "bad"
        if a.json:
            print(json.dumps(dict(n=i, ts=ts, text=line, mac=mac, eth_dst=mac_text(frame[:6]),
                                  eth_src=mac_text(frame[6:12]), octets=len(p or b""),
                                  hdr={k: v for k, v in (h or {}).items() if k != "mac"},
                                  recs=[canonical_rec(r) for r in recs] if h else [])))
        else:
            print("%d %s%s" % (i, line, "" if key is None or mac is None else " mac=" + mac))
    return 0


# tshark fields, in the order the dissector adds them per record.
TS_HDR = ["frame.number", "_ws.col.Protocol", "_ws.expert.message", "nsrp_sync.type",
          "nsrp_sync.flags", "nsrp_sync.length", "nsrp_sync.count", "nsrp_sync.cluster",
          "nsrp_sync.node", "nsrp_sync.epoch", "nsrp_sync.seq"]
TS_REC = ["nsrp_sync.rec", "nsrp_sync.family", "nsrp_sync.proto", "nsrp_sync.key_flags",
          "nsrp_sync.port_a", "nsrp_sync.port_b", "nsrp_sync.addr_a", "nsrp_sync.addr_b",
          "nsrp_sync.addr6_a", "nsrp_sync.addr6_b", "nsrp_sync.state", "nsrp_sync.timeout_ms",
          "nsrp_sync.remaining_ms", "nsrp_sync.verdict", "nsrp_sync.hello.role",
          "nsrp_sync.hello.priority", "nsrp_sync.hello.flags", "nsrp_sync.hello.interval_ms",
          "nsrp_sync.hello.lost_threshold", "nsrp_sync.hello.peer_epoch",
          "nsrp_sync.ack.nacks", "nsrp_sync.ack.epoch", "nsrp_sync.ack.cum",
          "nsrp_sync.nack.count", "nsrp_sync.nack.first", "nsrp_sync.bulk.request_id",
          "nsrp_sync.bulk.status", "nsrp_sync.bulk.sessions"]


def tshark_lines(pcap, ethertype, lua):
    """{frame number: canonical text, or "expert: ..." when the dissector
    flagged the frame, or "not nsrp"} from tshark with the Lua dissector."""
    fields = TS_HDR + TS_REC
    cmd = ["tshark", "-n", "-X", "lua_script:" + lua, "-r", pcap, "-T", "fields",
           "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=,"]
    if ethertype != ETH_P_NSRP:
        cmd += ["-o", "nsrp_sync.ethertype:%d" % ethertype]
    for f in fields:
        cmd += ["-e", f]
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if res.returncode:
        raise SystemExit("tshark failed: " + res.stderr.strip()[-500:])
    out = {}
    for line in res.stdout.splitlines():
        cols = line.split("\t")
        v = dict(zip(fields, cols + [""] * (len(fields) - len(cols))))
        n = int(v["frame.number"])
        if v["_ws.col.Protocol"] != "NSRP-SYNC":
            out[n] = "not nsrp"
            continue
        if v["_ws.expert.message"]:
            out[n] = "expert: " + v["_ws.expert.message"]
            continue
        lists = {f: [x for x in v[f].split(",") if x != ""] for f in TS_REC}

        def take(f):
            return lists[f].pop(0)

        def i(f):
            return int(take(f), 0)

        h = dict(type=int(v["nsrp_sync.type"], 0), flags=int(v["nsrp_sync.flags"], 0),
                 length=int(v["nsrp_sync.length"]), count=int(v["nsrp_sync.count"]),
                 cluster=int(v["nsrp_sync.cluster"]), node=int(v["nsrp_sync.node"]),
                 epoch=int(v["nsrp_sync.epoch"]), seq=int(v["nsrp_sync.seq"]))
        recs = []
        try:
            for _ in range(h["count"]):
                t = i("nsrp_sync.rec")
                r = dict(type=t)
                if t in KEYED:
                    r["family"] = i("nsrp_sync.family")
                    r["proto"] = i("nsrp_sync.proto")
                    kf = i("nsrp_sync.key_flags")
                    r["orig_is_a"] = bool(kf & KEY_F_ORIG_IS_A)
                    r["takeover"] = bool(kf & KEY_F_TAKEOVER)
                    r["handover"] = bool(kf & KEY_F_HANDOVER)
                    r["port_a"] = i("nsrp_sync.port_a")
                    r["port_b"] = i("nsrp_sync.port_b")
                    sfx = "6" if r["family"] == 6 else ""
                    r["addr_a"] = ipaddress.ip_address(take("nsrp_sync.addr%s_a" % sfx)).packed
                    r["addr_b"] = ipaddress.ip_address(take("nsrp_sync.addr%s_b" % sfx)).packed
                    r.update(state=0, timeout_ms=0, remaining_ms=0, verdict=0)
                    if t == AGE_ANSWER:
                        r["verdict"] = i("nsrp_sync.verdict")
                    if t in (UPSERT, AGE_ANSWER):
                        r["state"] = i("nsrp_sync.state")
                        r["timeout_ms"] = i("nsrp_sync.timeout_ms")
                        r["remaining_ms"] = i("nsrp_sync.remaining_ms")
                elif t == HELLO:
                    r.update(role=i("nsrp_sync.hello.role"), priority=i("nsrp_sync.hello.priority"),
                             flags=i("nsrp_sync.hello.flags"),
                             interval_ms=i("nsrp_sync.hello.interval_ms"),
                             lost=i("nsrp_sync.hello.lost_threshold"),
                             peer_epoch=i("nsrp_sync.hello.peer_epoch"))
                elif t == ACK:
                    r.update(nacks=i("nsrp_sync.ack.nacks"), epoch=i("nsrp_sync.ack.epoch"),
                             cum=i("nsrp_sync.ack.cum"))
                elif t == NACK:
                    r.update(count=i("nsrp_sync.nack.count"), first=i("nsrp_sync.nack.first"))
                elif t == BULK_REQ:
                    r.update(id=i("nsrp_sync.bulk.request_id"))
                elif t == BULK_END:
                    r.update(status=i("nsrp_sync.bulk.status"), id=i("nsrp_sync.bulk.request_id"),
                             sessions=i("nsrp_sync.bulk.sessions"))
                recs.append(r)
        except (IndexError, KeyError, ValueError) as e:
            out[n] = "unparsed tshark output (%s): %s" % (e, line)
            continue
        out[n] = canonical(h, recs)
    return out


def cmd_dissect(a):
    lua = a.lua or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "tools", "wireshark", "nsrp.lua")
    for n, text in sorted(tshark_lines(a.pcap, a.ethertype, os.path.normpath(lua)).items()):
        print("%d %s" % (n, text))
    return 0


def cmd_records_of(a):
    """The records that carry the sessions of an `nsrpctl -j session list`
    (a file, or - for stdin) on the wire: for each, its UPSERT as far as
    the state and timeout ("upsert ... st=S to=T", Remaining left out) and
    its CLOSE, one a line, tab-separated."""
    sessions = json.load(sys.stdin if a.json == "-" else open(a.json))
    for x in sessions:
        if a.owner and x["owner"] != a.owner:
            continue
        proto = PROTOS.get(x["proto"])
        if proto is None:
            proto = 58 if x["proto"] == "ipv6-icmp" else (
                int(x["proto"]) if str(x["proto"]).isdigit() else socket.getprotobyname(x["proto"]))
        k = sess_key(proto, x["src"], x["sport"], x["dst"], x["dport"])
        up = dict(type=UPSERT, takeover=False, handover=False, state=STATES[x["state"]],
                  timeout_ms=x["timeout_s"] * 1000, remaining_ms=0, verdict=0, **k)
        close = dict(up, type=CLOSE, orig_is_a=False)
        print("%s\t%s" % (canonical_rec(up).rsplit(" rem=", 1)[0], canonical_rec(close)))
    return 0


def cmd_replay(a):
    s = raw_socket(a.dev)
    sent = 0
    want = {"data": MSG_DATA, "control": MSG_CONTROL}.get(a.type)
    for _, frame in pcap_read(a.pcap):
        p = eth_payload(frame, a.ethertype)
        if p is None or len(p) < HDR_LEN:
            continue
        if want is not None and p[1] != want:
            continue
        if a.node is not None and struct.unpack_from("!H", p, 10)[0] != a.node:
            continue
        s.send(frame)
        sent += 1
        if a.gap_ms:
            time.sleep(a.gap_ms / 1000)
    print("sent %d" % sent)
    return 0


def fuzz_bases(path, ethertype, node):
    """Valid frames of the pcap (from node NODE if given), as
    (Ethernet header, payload); those whose first record is a session record
    first, so that every targeted mutation applies to some."""
    bases = []
    for _, frame in pcap_read(path):
        p = eth_payload(frame, ethertype)
        if p is None:
            continue
        try:
            h, recs = decode_frame(p)
        except Malformed:
            continue
        if node is not None and h["node"] != node:
            continue
        bases.append((frame[:14], p[:h["length"]], recs[0]["type"] in KEYED))
    bases.sort(key=lambda b: not b[2])
    return [(e, p) for e, p, _ in bases]


def cmd_fuzz(a):
    bases = fuzz_bases(a.base, a.ethertype, a.node)
    if not bases:
        print("fuzz: no valid frame in %s to start from" % a.base, file=sys.stderr)
        return 1
    rng = random.Random(a.seed)
    eth = bases[0][0]
    if a.dst or a.src:
        eth = eth_header(mac_bytes(a.dst) if a.dst else eth[:6],
                         mac_bytes(a.src) if a.src else eth[6:12], a.ethertype)
    frames = fuzz_frames([p for _, p in bases], rng, a.random, a.mutated, a.targeted,
                         a.cluster, a.own_node)
    manifest = open(a.manifest, "w") if a.manifest else None
    if a.dry_run:
        out = pcap_writer(a.dry_run)
    else:
        s = raw_socket(a.dev)
    counts = {}
    for i, (kind, want, payload) in enumerate(frames, 1):
        frame = eth + payload
        if a.dry_run:
            pcap_put(out, frame)
        else:
            s.send(frame)
            if a.pace and i % a.pace == 0:
                time.sleep(0.002)
        if manifest:
            manifest.write("%d\t%s\t%s\n" % (i, kind, want))
        counts[want] = counts.get(want, 0) + 1
    if a.dry_run:
        out.close()
    if manifest:
        manifest.close()
    print("sent %d: %s" % (len(frames), " ".join("%s=%d" % kv for kv in sorted(counts.items()))))
    return 0


# --------------------------------------------------------------------------
# Userspace proof: frames for frames-selftest.sh, and pure-Python checks.

SELFTEST_KEY = bytes.fromhex("00112233445566778899aabbccddeeff"
                             "00112233445566778899aabbccddeeff")
SELFTEST_CLUSTER = 7
SELFTEST_OWN_NODE = 2      # the receiver frames-check.c plays


def selftest_frames():
    """[(name, payload)] of valid frames built here: every record kind and
    family, with and without MAC, padded, full-size and mixed."""
    R = rec_from_text
    up4 = R("upsert,tcp,192.0.2.2,40000,198.51.100.2,5001,established,2000,1999")
    up4r = R("upsert,tcp,198.51.100.2,5001,192.0.2.2,40000,fin_wait,1800000,1")
    up6 = R("upsert,udp,2001:db8:1::2,40004,2001:db8:2::2,5002,active,60000,60000")
    icmp = R("upsert,icmp,192.0.2.2,77,198.51.100.2,77,active,30000,0")
    icmp6 = R("upsert,icmpv6,2001:db8::9,9,2001:db8::1,9,active,30000,30000")
    gre = R("upsert,gre,192.0.2.9,0,192.0.2.1,0,active,86400000,5,takeover")
    close4 = R("close,tcp,10.9.8.7,443,10.9.8.8,50000")
    close6 = R("close,sctp,2001:db8::33,0,2001:db8::44,0")
    q4 = R("query,udp,172.16.0.1,6000,172.16.0.1,5000")
    q6 = R("query,tcp,2001:db8::6,61000,2001:db8::5,22")
    ans_a = R("answer,active,udp,172.16.0.1,5000,172.16.0.1,6000,active,60000,59990")
    ans_i = R("answer,idle,tcp,2001:db8::6,61000,2001:db8::5,22,fin_wait,1800000,1000")
    ans_g = R("answer,gone,udp,10.0.0.1,1,10.0.0.2,2")
    hello = R("hello,primary,100,1,1000,3,1426063361")
    hello0 = R("hello,init,0,2,1000,3,0")
    # failover: sessions handed to the peer, a new primary's CLAIM, a YIELD
    ho4 = R("upsert,tcp,192.0.2.2,40000,198.51.100.2,5001,established,2000,1500,handover")
    ho6 = R("upsert,udp,2001:db8:2::2,5002,2001:db8:1::2,40004,active,60000,0,handover")
    claim = R("hello,primary,200,synced+claim,1000,3,1426063361")
    yld = R("hello,primary,1,preempt+synced+yield,50,255,1426063361")
    cy = R("hello,backup,254,15,10000,2,0")
    ack = R("ack,1426063361,100,2")
    nack1, nack2 = R("nack,10,5"), R("nack,40,3")
    breq = R("bulk_req,4660")
    bend = R("bulk_end,2882400001,1,123456")
    babort = R("bulk_end,7,2,0")
    out = []
    seq = [0]

    def add(name, recs, **kw):
        for key in (None, SELFTEST_KEY):
            seq[0] += 1
            out.append(("%s%s" % (name, "+mac" if key else ""),
                        build_frame(recs, node=1, epoch=0x66a1b2c3, seq=seq[0],
                                    cluster=SELFTEST_CLUSTER, key=key, **kw)))

    add("upsert4", [up4])
    add("upsert4-responder-first", [up4r])
    add("upsert6", [up6])
    add("upsert-icmp", [icmp, icmp6])
    add("upsert-gre-takeover", [gre])
    add("close", [close4, close6])
    add("bulk_end", [bend])
    add("bulk_end-aborted", [babort])
    add("hello", [hello])
    add("hello-padded", [hello0], pad=True)
    add("upsert-handover", [ho4, ho6])
    add("hello-claim", [claim])
    add("hello-yield", [yld])
    add("hello-all-flags", [cy], pad=True)
    add("ack", [ack, nack1, nack2])
    add("bulk_req", [breq])
    add("age_query", [q4, q6])
    add("age_answer", [ans_a, ans_i, ans_g])
    add("data-mixed", [close4, up4, up6, close6, icmp, icmp6, gre, bend])
    add("control-mixed", [hello, ack, nack1, nack2, breq, q4, q6, ans_a, ans_i, ans_g])
    add("data-failover", [ho4, gre, close4, ho6, bend])
    # As many IPv4 UPSERTs as a 1500-octet frame holds: 52, with or without MAC.
    many = [R("upsert,udp,192.0.2.2,%d,198.51.100.2,5002,active,3000,3000" % (20000 + i))
            for i in range(52)]
    add("upsert4-x52", many)
    closes = [R("close,udp,192.0.2.2,%d,198.51.100.2,5002" % (20000 + i)) for i in range(91)]
    seq[0] += 1
    out.append(("close4-x91+mac", build_frame(closes, node=1, epoch=0x66a1b2c3, seq=seq[0],
                                              cluster=SELFTEST_CLUSTER, key=SELFTEST_KEY)))
    return out


def cmd_selftest_gen(a):
    """A pcap of frames built here and what frames-check.c must say of each:
    "N<TAB>name<TAB>expected reason<TAB>canonical text of valid frames"."""
    frames = selftest_frames()
    rng = random.Random(4)
    pc = pcap_writer(a.pcap)
    ex = open(a.expect, "w")
    eth = eth_header(bytes.fromhex("020000000002"), bytes.fromhex("020000000001"))
    n = 0

    def put(name, want, payload, text=""):
        nonlocal n
        n += 1
        pcap_put(pc, eth + payload, 1767225600 + n)
        ex.write("%d\t%s\t%s\t%s\n" % (n, name, want, text))

    for name, p in frames:
        h, recs = decode_frame(p)
        put(name, "ok", p, canonical(h, recs))
    valid = [p for _, p in frames]
    for kind in TARGETED_CODEC + TARGETED_SENDER:
        for i in range(len(valid)):
            r = targeted(valid[i], kind, rng, SELFTEST_CLUSTER, SELFTEST_OWN_NODE)
            if r is not None:
                put("%s/%d" % (kind, i + 1), r[1], r[0])
    for i in range(200):
        put("mutated/%d" % i, "?", mutated(rng.choice(valid), rng))
    for i in range(100):
        put("random/%d" % i, "?", garbage(rng))
    pc.close()
    ex.close()
    return 0


def cmd_selfcheck(_a):
    """Pure-Python checks of this file: HMAC, keys, encode/decode."""
    n = failed = 0

    def ok(cond, what):
        nonlocal n, failed
        n += 1
        failed += 0 if cond else 1
        print("%sok %d - %s" % ("" if cond else "not ", n, what))

    # RFC 4231 test cases 1, 2 and 7 (HMAC-SHA256), truncated to 16 octets.
    vectors = [
        (b"\x0b" * 20, b"Hi There",
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (b"Jefe", b"what do ya want for nothing?",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (b"\xaa" * 131,
         b"This is a test using a larger than block-size key and a larger than "
         b"block-size data. The key needs to be hashed before being used by the HMAC "
         b"algorithm.",
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]
    ok(all(mac_of(k, d) == bytes.fromhex(h)[:16] for k, d, h in vectors),
       "the MAC is HMAC-SHA256 truncated to 16 octets (RFC 4231 cases 1, 2, 7)")
    fwd = encode_rec(rec_from_text("upsert,tcp,192.0.2.2,40000,198.51.100.2,5001,established,"
                                   "2000,2000"))
    rev = encode_rec(rec_from_text("upsert,tcp,198.51.100.2,5001,192.0.2.2,40000,established,"
                                   "2000,2000"))
    key = struct.pack("!HH4s4s", 40000, 5001, socket.inet_aton("192.0.2.2"),
                      socket.inet_aton("198.51.100.2"))
    ok(fwd[4:16] == key and rev[4:16] == key and fwd[3] == KEY_F_ORIG_IS_A and rev[3] == 0,
       "a key goes on the wire in canonical order, ORIG_IS_A set when the originator is "
       "endpoint a, clear when it is endpoint b")
    r = rec_from_text("close,udp,10.0.0.1,9,10.0.0.1,8")
    ok(r["port_a"] == 8 and r["port_b"] == 9, "equal addresses are ordered by port")
    sizes = {"upsert,tcp,192.0.2.2,1,192.0.2.3,2,established,1,1": 28,
             "upsert,udp,2001:db8::1,1,2001:db8::2,2,active,1,1": 52,
             "close,tcp,192.0.2.2,1,192.0.2.3,2": 16, "query,udp,2001:db8::1,1,2001:db8::2,2": 40,
             "answer,idle,udp,192.0.2.2,1,192.0.2.3,2,active,5,1": 28,
             "answer,gone,udp,2001:db8::1,1,2001:db8::2,2": 52,
             "hello,backup,1,0,1000,3,0": 12, "ack,1,1,0": 12, "nack,1,1": 8,
             "bulk_req,1": 8, "bulk_end,1,1,0": 12}
    ok(all(len(encode_rec(rec_from_text(t))) == s for t, s in sizes.items()),
       "record sizes as proto.h has them")
    up = "upsert,tcp,192.0.2.2,40000,198.51.100.2,5001,established,2000,2000"
    kfs = [encode_rec(rec_from_text(up + opt))[3] for opt in
           ("", ",takeover", ",handover", ",takeover,handover")]
    cl = encode_rec(rec_from_text("close,udp,198.51.100.2,1,192.0.2.2,2,handover"))
    ok(kfs == [0x01, 0x03, 0x05, 0x07] and cl[3] == KEY_F_HANDOVER,
       "key flags: ORIG_IS_A 0x01, TAKEOVER 0x02, HANDOVER 0x04, from the trailing words, "
       "in any record (the builder does not judge)")
    try:
        rec_from_text(up + ",handoff")
        typo = False
    except ValueError:
        typo = True
    ok(typo, "an unknown key flag word is an error, not ignored")
    hfs = [encode_rec(rec_from_text("hello,primary,100,%s,1000,3,0" % f))[3] for f in
           ("none", "preempt", "synced", "claim", "yield", "synced+claim", "0x10", "12")]
    ok(hfs == [0, 0x01, 0x02, 0x04, 0x08, 0x06, 0x10, 12],
       "hello flags: PREEMPT 0x01, SYNCED 0x02, CLAIM 0x04, YIELD 0x08, by name or number")
    r = decode_rec(encode_rec(rec_from_text(up + ",handover")))
    ok(r["handover"] and not r["takeover"] and r["orig_is_a"] and
       canonical_rec(r).endswith("kf=5 st=3 to=2000 rem=2000"),
       "HANDOVER decodes and shows in the canonical text as kf=5")
    allgood = True
    for name, p in selftest_frames():
        h, recs = decode_frame(p)
        again = build_frame(recs, node=h["node"], epoch=h["epoch"], seq=h["seq"],
                            cluster=h["cluster"], mtype=h["type"],
                            key=SELFTEST_KEY if h["mac"] else None, pad=len(p) > h["length"])
        if again != p:
            allgood = False
            print("# %s: %s != %s" % (name, again.hex(), p.hex()))
    ok(allgood, "decoding a built frame and building it again gives the same octets")
    p = build_frame([rec_from_text("bulk_req,9")], key=SELFTEST_KEY)
    h, _ = decode_frame(p)
    ok(h["flags"] == F_MAC and len(p) == HDR_LEN + 8 + MAC_LEN and
       p[-MAC_LEN:] == mac_of(SELFTEST_KEY, p[:-MAC_LEN]),
       "a signed frame: MAC flag, Length counts the trailer, MAC over the rest")
    bad = bytearray(p)
    bad[17] ^= 1
    ok(not hmac.compare_digest(mac_of(SELFTEST_KEY, bytes(bad[:-MAC_LEN])), bytes(bad[-MAC_LEN:])),
       "a changed octet fails the MAC")
    a = fuzz_frames([p], random.Random(1), 5, 5, 2, 1, 2)
    b = fuzz_frames([p], random.Random(1), 5, 5, 2, 1, 2)
    ok(a == b and len(a) > 10, "fuzz frames are reproducible from their seed")
    ok(all(p2[8:20] == p[8:20] for k, _, p2 in a if k == "mutated" and len(p2) >= 20),
       "mutations never touch cluster, node, epoch or sequence")
    print("1..%d" % n)
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description="nsrp replication frames (see the source header)")
    sub = ap.add_subparsers(dest="cmd", required=True)

    def ethertype_arg(p):
        p.add_argument("--ethertype", type=num, default=ETH_P_NSRP)

    p = sub.add_parser("build")
    p.add_argument("out")
    p.add_argument("-a", "--append", action="store_true")
    ethertype_arg(p)
    hdr_args(p)
    p.set_defaults(fn=cmd_build)

    p = sub.add_parser("send")
    p.add_argument("dev")
    p.add_argument("--dst")
    p.add_argument("--src")
    p.add_argument("--count", type=int, default=1)
    ethertype_arg(p)
    hdr_args(p)
    p.set_defaults(fn=cmd_send)

    p = sub.add_parser("capture")
    p.add_argument("dev")
    p.add_argument("out")
    p.add_argument("--seconds", type=float, default=0)
    p.add_argument("--count", type=int, default=0)
    p.add_argument("--direction", choices=["in", "out", "any"], default="any")
    ethertype_arg(p)
    p.set_defaults(fn=cmd_capture)

    p = sub.add_parser("decode")
    p.add_argument("pcap")
    p.add_argument("--key")
    p.add_argument("--json", action="store_true")
    ethertype_arg(p)
    p.set_defaults(fn=cmd_decode)

    p = sub.add_parser("dissect")
    p.add_argument("pcap")
    p.add_argument("--lua")
    ethertype_arg(p)
    p.set_defaults(fn=cmd_dissect)

    p = sub.add_parser("records-of")
    p.add_argument("json")
    p.add_argument("--owner", choices=["local", "peer"])
    p.set_defaults(fn=cmd_records_of)

    p = sub.add_parser("replay")
    p.add_argument("dev")
    p.add_argument("pcap")
    p.add_argument("--type", choices=["data", "control", "any"], default="any")
    p.add_argument("--node", type=num)
    p.add_argument("--gap-ms", type=float, default=0)
    ethertype_arg(p)
    p.set_defaults(fn=cmd_replay)

    p = sub.add_parser("fuzz")
    p.add_argument("dev")
    p.add_argument("--base", required=True)
    p.add_argument("--manifest")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--random", type=int, default=200)
    p.add_argument("--mutated", type=int, default=300)
    p.add_argument("--targeted", type=int, default=10, help="frames of each targeted kind")
    p.add_argument("--node", type=num, help="start only from frames of this node")
    p.add_argument("--cluster", type=num, help="the receiver's cluster id")
    p.add_argument("--own-node", type=num, help="the receiver's node id")
    p.add_argument("--dst")
    p.add_argument("--src")
    p.add_argument("--pace", type=int, default=50, help="pause 2 ms every N frames")
    p.add_argument("--dry-run", metavar="OUT.pcap")
    ethertype_arg(p)
    p.set_defaults(fn=cmd_fuzz)

    p = sub.add_parser("selftest-gen")
    p.add_argument("pcap")
    p.add_argument("expect")
    p.set_defaults(fn=cmd_selftest_gen)

    p = sub.add_parser("selfcheck")
    p.set_defaults(fn=cmd_selfcheck)

    p = sub.add_parser("reasons", help="the drop reasons, one a line, in codec.h's order")
    p.set_defaults(fn=lambda _a: print("\n".join(REASONS[1:])))

    a = ap.parse_args()
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    return a.fn(a) or 0


if __name__ == "__main__":
    sys.exit(main())
