#!/usr/bin/env -S python3 -u
# SPDX-License-Identifier: GPL-2.0
#
# Sends hand-made nsrp generic netlink requests, bypassing nsrpctl's own
# checks, to test what the kernel accepts: each case gives the expected
# errno and a word the extack message must contain, and prints a TAP line.
# Needs nothing but the Python standard library.

import errno
import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_EXT_ACK = 11
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NLM_F_REQUEST = 1
NLM_F_ACK = 4
NLM_F_DUMP = 0x300
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLMSGERR_ATTR_MSG = 1
NLM_F_ACK_TLVS = 0x200
NLM_F_CAPPED = 0x100
NLA_F_NESTED = 0x8000

# from nsrp_netlink/uapi/linux/nsrp.h
CMD = dict(GET=1, SET=2, SESSION_GET=3, SESSION_DEL=4, SESSION_FLUSH=5, STATS_GET=6)
A = dict(ENABLED=1, ENFORCE=2, MAX_SESSIONS=3, TIMEOUTS=4, SESSIONS=5, FILTER=10, STATS=11,
         SYNC=22)
T = dict(TCP=1, UDP=2, ICMP=3, OTHER=4, TCP_SYN=5, TCP_CLOSING=6)
F = dict(FAMILY=1, PROTO=2, ADDR=3, PORT=4)


def attr(kind, payload):
    hdr = struct.pack("=HH", 4 + len(payload), kind)
    pad = b"\0" * ((4 - len(payload) % 4) % 4)
    return hdr + payload + pad


def u8(kind, v):
    return attr(kind, struct.pack("=B", v))


def u32(kind, v):
    return attr(kind, struct.pack("=I", v))


def nest(kind, *attrs):
    return attr(kind | NLA_F_NESTED, b"".join(attrs))


class Genl:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.s.bind((0, 0))
        self.seq = 1
        self.family = self.resolve("nsrp")

    def request(self, msg_type, cmd, payload, flags=NLM_F_REQUEST | NLM_F_ACK):
        self.seq += 1
        genl = struct.pack("=BBH", cmd, 1, 0)
        body = genl + payload
        hdr = struct.pack("=IHHII", 16 + len(body), msg_type, flags, self.seq, 0)
        self.s.send(hdr + body)
        replies = []
        while True:
            data = self.s.recv(1 << 16)
            off = 0
            while off < len(data):
                length, typ, flags_, seq, _ = struct.unpack_from("=IHHII", data, off)
                msg = data[off:off + length]
                off += (length + 3) & ~3
                if typ == NLMSG_ERROR:
                    err = -struct.unpack_from("=i", msg, 16)[0]
                    text = ""
                    if flags_ & NLM_F_ACK_TLVS:
                        # The request's header follows the error code, and its
                        # payload too unless the kernel capped the echo.
                        orig_len = struct.unpack_from("=I", msg, 20)[0]
                        if flags_ & NLM_F_CAPPED:
                            orig_len = 16
                        toff = 16 + 4 + ((orig_len + 3) & ~3)
                        while toff + 4 <= len(msg):
                            alen, atype = struct.unpack_from("=HH", msg, toff)
                            if alen < 4:
                                break
                            if atype == NLMSGERR_ATTR_MSG:
                                text = msg[toff + 4:toff + alen].rstrip(b"\0").decode()
                            toff += (alen + 3) & ~3
                    return err, text, replies
                if typ == NLMSG_DONE:
                    return 0, "", replies
                replies.append(msg)

    def resolve(self, name):
        err, _, replies = self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                                       attr(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0"))
        if err or not replies:
            raise SystemExit("genl: family %s not found (%s)" % (name, os.strerror(err)))
        msg = replies[0]
        off = 20
        while off < len(msg):
            alen, atype = struct.unpack_from("=HH", msg, off)
            if atype == CTRL_ATTR_FAMILY_ID:
                return struct.unpack_from("=H", msg, off + 4)[0]
            off += (alen + 3) & ~3
        raise SystemExit("genl: no family id")

    def do(self, cmd, *attrs, flags=NLM_F_REQUEST | NLM_F_ACK):
        return self.request(self.family, CMD[cmd], b"".join(attrs), flags)


# (name, command, attributes, expected errno, a word the extack must contain)
CASES = [
    ("timeout 0 refused", "SET", [nest(A["TIMEOUTS"], u32(T["TCP"], 0))], errno.ERANGE, "range"),
    ("timeout 86401 refused", "SET", [nest(A["TIMEOUTS"], u32(T["UDP"], 86401))], errno.ERANGE, "range"),
    ("max-sessions 0 refused", "SET", [u32(A["MAX_SESSIONS"], 0)], errno.ERANGE, "range"),
    ("max-sessions above the limit refused", "SET", [u32(A["MAX_SESSIONS"], 16777217)], errno.ERANGE, "range"),
    ("enabled 2 refused", "SET", [u8(A["ENABLED"], 2)], errno.ERANGE, "range"),
    ("a u8 attribute of the wrong size refused", "SET", [u32(A["ENFORCE"], 1)], errno.EINVAL, "length"),
    ("an unknown attribute refused", "SET", [u8(40, 1)], errno.EINVAL, "Unknown"),
    ("an unknown timeout refused", "SET", [nest(A["TIMEOUTS"], u32(9, 5))], errno.EINVAL, "Unknown"),
    ("an attribute GET does not take refused", "GET", [u8(A["ENABLED"], 1)], errno.EINVAL, ""),
    ("session del without a filter refused", "SESSION_DEL", [], errno.EINVAL, "filter"),
    ("a filter address of 5 bytes refused", "SESSION_DEL",
     [nest(A["FILTER"], attr(F["ADDR"], b"\1\2\3\4\5"))], errno.EINVAL, "address"),
    ("a filter family of 7 refused", "SESSION_DEL",
     [nest(A["FILTER"], u8(F["FAMILY"], 7))], errno.EINVAL, "family"),
    ("an IPv4 address with family inet6 refused", "SESSION_DEL",
     [nest(A["FILTER"], u8(F["FAMILY"], 10), attr(F["ADDR"], b"\1\2\3\4"))], errno.EINVAL, "family"),
]


STAT_NAMES = ["unspec", "packets", "packets_nosession", "created", "closed", "expired",
              "deleted", "table_full", "alloc_failed", "enforce_drops", "invalid",
              "insert_race", "gc_runs", "gc_scanned"]


def attrs_of(buf, off=0):
    """Yield (type, payload) of the attributes in buf[off:]."""
    while off + 4 <= len(buf):
        alen, atype = struct.unpack_from("=HH", buf, off)
        if alen < 4:
            return
        yield atype & 0x3fff, buf[off + 4:off + alen]
        off += (alen + 3) & ~3


def list_states(g, port=None, proto=None):
    """The states of the sessions matching the filter."""
    filt = []
    if port is not None:
        filt.append(attr(F["PORT"], struct.pack("!H", port)))
    if proto is not None:
        filt.append(u8(F["PROTO"], proto))
    _, _, replies = g.do("SESSION_GET", nest(A["FILTER"], *filt),
                         flags=NLM_F_REQUEST | NLM_F_DUMP)
    states = []
    for msg in replies:
        for t, payload in attrs_of(msg, 20):
            if t == 9:  # NSRP_A_SESSIONS_LIST
                for _, sess in attrs_of(payload):
                    for st, v in attrs_of(sess):
                        if st == 7:  # NSRP_SESSION_A_STATE
                            states.append(v[0])
    return states


def count_sessions(g, port=None, proto=None):
    return len(list_states(g, port, proto))


def stats(g):
    _, _, replies = g.do("STATS_GET")
    out = {}
    for t, payload in attrs_of(replies[0], 20):
        if t == A["STATS"]:
            for st, v in attrs_of(payload):
                if st < len(STAT_NAMES):
                    out[STAT_NAMES[st]] = struct.unpack("=Q", v)[0]
    return out


def watch(g, kind, val, stat_name, timeout_ms, want_state=-1):
    """Watch one session's life: print "ready", then one line of epoch-ms
    times once it has been created, left the list (when kind is not
    "none") and been counted by counter stat_name:
      created-after created-before last-seen gone counter-unchanged
      counter-moved state-after state-before
    the last two bracketing when it reached want_state (-1 if not asked).
    Creation is seen in the "created" counter, which costs the same however
    big the table is; each pair brackets its event between the start of the
    last poll that did not see it and the end of the first that did."""
    import time
    now = lambda: time.time() * 1000
    base = stats(g)
    print("ready")
    end = now() + timeout_ms
    alo = ahi = seen = gone = sseen = sgone = slo = shi = -1
    prev = now()
    if kind != "none" and count_sessions(g, **{kind: val}):
        alo = ahi = prev     # it exists already: watch it from now on
    while now() < end and (sgone < 0 or (kind != "none" and gone < 0)):
        start = now()
        st = stats(g)
        if ahi < 0:
            if st["created"] > base["created"]:
                alo, ahi = prev, now()
        else:
            if kind != "none" and gone < 0:
                states = list_states(g, **{kind: val})
                if states:
                    seen = start
                    if want_state >= 0 and shi < 0 and want_state in states:
                        slo, shi = prev, now()
                else:
                    gone = now()
            if sgone < 0:
                if st[stat_name] > base[stat_name]:
                    sgone = now()
                else:
                    sseen = start
        prev = start
        time.sleep(0.01)
    print("%d %d %d %d %d %d %d %d" % (alo, ahi, seen, gone, sseen, sgone, slo, shi))
    return 0 if sgone >= 0 and (kind == "none" or gone >= 0) else 1


def tap(ok, desc):
    print("%s - netlink: %s" % ("ok" if ok else "not ok", desc))
    return ok


def main():
    g = Genl()
    good = True
    # watch port|proto N STAT TIMEOUT_MS: see watch()
    if len(sys.argv) > 1 and sys.argv[1] == "watch":
        state = int(sys.argv[6]) if len(sys.argv) > 6 else -1
        return watch(g, sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), state)
    # eperm: run without CAP_NET_ADMIN; every command must be refused
    if len(sys.argv) > 1 and sys.argv[1] == "eperm":
        for cmd in ("SET", "GET", "STATS_GET", "SESSION_FLUSH"):
            attrs = [u8(A["ENFORCE"], 1)] if cmd == "SET" else []
            err, _, _ = g.do(cmd, *attrs)
            good &= tap(err == errno.EPERM, "unprivileged %s gets EPERM (got %s)" %
                        (cmd, errno.errorcode.get(err, err)))
        err, _, _ = g.do("SESSION_GET", flags=NLM_F_REQUEST | NLM_F_DUMP)
        good &= tap(err == errno.EPERM, "unprivileged session dump gets EPERM (got %s)" %
                    errno.errorcode.get(err, err))
        return 0 if good else 1

    for name, cmd, attrs, want, word in CASES:
        err, text, _ = g.do(cmd, *attrs)
        ok = err == want and word.lower() in text.lower()
        good &= tap(ok, "%s (errno %s, extack '%s')" % (name, errno.errorcode.get(err, err), text))

    # A request with one bad value changes nothing, not even its good parts.
    # Compare the replies' attributes (past nlmsghdr and genlmsghdr), but
    # for the replication state, which holds clocks (ms since the last role
    # change) and is no setting.
    def settings(msgs):
        return [[a for a in attrs_of(m, 20) if a[0] != A["SYNC"]] for m in msgs]

    _, _, before = g.do("GET")
    before = settings(before)
    err, _, _ = g.do("SET", u8(A["ENFORCE"], 1), u32(A["MAX_SESSIONS"], 1000),
                     nest(A["TIMEOUTS"], u32(T["TCP"], 100), u32(T["UDP"], 0)))
    _, _, after_raw = g.do("GET")
    after = settings(after_raw)
    good &= tap(err == errno.ERANGE and before == after,
                "a request with one bad value changes nothing")

    # A good one does change what it names, and only that.
    def tcp_syn(msgs):
        for m in msgs:
            for t, p in attrs_of(m, 20):
                if t == A["TIMEOUTS"]:
                    for tt, pp in attrs_of(p):
                        if tt == T["TCP_SYN"]:
                            return struct.unpack("=I", pp[:4])[0]
        return None

    err, _, _ = g.do("SET", nest(A["TIMEOUTS"], u32(T["TCP_SYN"], 33)))
    _, _, after2 = g.do("GET")
    was, now = tcp_syn(after_raw), tcp_syn(after2)
    rest = lambda msgs: [[a for a in m if a[0] != A["TIMEOUTS"]] for m in msgs]
    good &= tap(err == 0 and was != 33 and now == 33 and rest(settings(after2)) == rest(after),
                "a valid request is applied (tcp-syn %s -> %s), nothing else changes" % (was, now))
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
