#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# make bench's report: the guest's raw samples (results.txt, "KEY V1 V2 ...",
# one value per run) into one markdown table (bench.md, also bench.txt) and
# the scaling plot's data and gnuplot script (bench.dat, bench.gp ->
# bench.png). Each figure is the median of its runs, with the spread
# (min-max) when there was more than one.
#
#   report.py RESULTS OUTDIR --machine TEXT --seconds N
import argparse
import math
import os
import statistics


def load(path):
    r = {}
    with open(path) as f:
        for line in f:
            p = line.split()
            if not p:
                continue
            vals = []
            for v in p[1:]:
                try:
                    x = float(v)
                    if not math.isnan(x):
                        vals.append(x)
                except ValueError:
                    vals.append(v)
            r[p[0]] = vals
    return r


def nums(r, k):
    return [v for v in r.get(k, []) if isinstance(v, float)]


def med(r, k):
    v = nums(r, k)
    return statistics.median(v) if v else None


def fmt(x, nd=1):
    if x is None:
        return "not measured"
    if abs(x) >= 100 or nd == 0:
        return "{:,.0f}".format(x)
    return ("{:.%df}" % nd).format(x)


def fig(r, k, nd=1, unit=""):
    v = nums(r, k)
    if not v:
        return "not measured"
    m = statistics.median(v)
    s = fmt(m, nd) + unit
    if len(v) > 1:
        s += " (%s-%s, n=%d)" % (fmt(min(v), nd), fmt(max(v), nd), len(v))
    return s


def ratio(a, b, nd=2):
    if a is None or b is None or b == 0:
        return "n/a"
    return ("{:.%df}x" % nd).format(a / b)


def add(a, b):
    return None if a is None or b is None else a + b


def verdict(ok, what):
    if ok is None:
        return "not measured"
    return "met" if ok else "NOT MET: " + what


def overlap(r, k1, k2):
    a, b = nums(r, k1), nums(r, k2)
    return a and b and min(a) <= max(b) and min(b) <= max(a)


def pkt_verdict(r, b_, c_):
    """(b) against (c). A run measures a, b and c one after the other, so
    each run's b/c is taken under one host load: judged run by run when
    every run has both, else on the medians and the ranges."""
    if b_ is None or c_ is None:
        return "not measured"
    b, c = nums(r, "pkt_ns_nsrp"), nums(r, "pkt_ns_ct")
    if len(b) == len(c) and len(b) > 1 and all(c):
        q = [x / y for x, y in zip(b, c)]
        span = "b/c %.2f-%.2f" % (min(q), max(q))
        better = sum(1 for x in q if x <= 1)
        if better == len(q):
            return "met in each of the %d interleaved runs (%s)" % (len(q), span)
        if not better:
            return "NOT MET: nsrp costs more than nf_conntrack in each of the %d interleaved runs (%s)" % (len(q), span)
        return "inconclusive: nsrp cost less in %d of %d interleaved runs (%s; TCG on a shared host)" % (
            better, len(q), span)
    v = verdict(b_ <= c_, "nsrp costs more than nf_conntrack")
    if overlap(r, "pkt_ns_nsrp", "pkt_ns_ct"):
        v += " on the medians; inconclusive: the runs' ranges overlap (TCG on a shared host)"
    return v


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("outdir")
    ap.add_argument("--machine", default="")
    ap.add_argument("--seconds", type=int, default=0)
    a = ap.parse_args()
    r = load(a.results)
    rows = []

    def row(area, what, nsrp, peer, rat, goal):
        rows.append((area, what, nsrp, peer, rat, goal))

    # 1. wire
    for fam, ctdfam in ((4, "v4"), (6, "v6")):
        up = med(r, "wire_nsrp_upsert_v%d" % fam)
        ct = med(r, "wire_ctd_new_%s" % ctdfam)
        per = med(r, "wire_nsrp_upsert_v%d_perframe_max" % fam)
        goal = ""
        if fam == 4:
            goal = verdict(None if up is None else (up <= 40 and (per or 0) >= 35),
                           "above 40 octets or under 35 a frame")
        row("1 wire", "IPv%d TCP create, octets/session (Ethernet hdr incl.)" % fam,
            fig(r, "wire_nsrp_upsert_v%d" % fam), fig(r, "wire_ctd_new_%s" % ctdfam) + " conntrackd",
            ratio(up, ct), goal)
        row("1 wire", "IPv%d UPSERT records in one full frame (most seen)" % fam,
            fig(r, "wire_nsrp_upsert_v%d_perframe_max" % fam, 0),
            fig(r, "wire_ctd_new_%s_perframe" % ctdfam, 1) + " conntrackd (mean/datagram)", "", "")
        row("1 wire", "IPv%d TCP close, octets/session" % fam,
            fig(r, "wire_nsrp_close_v%d" % fam), fig(r, "wire_ctd_del_%s" % ctdfam) + " conntrackd",
            ratio(med(r, "wire_nsrp_close_v%d" % fam), med(r, "wire_ctd_del_%s" % ctdfam)), "")
        row("1 wire", "IPv%d ageout-ack query / answer, octets each" % fam,
            fig(r, "wire_nsrp_age_query_v%d" % fam) + " / " + fig(r, "wire_nsrp_age_answer_v%d" % fam),
            "no equivalent (conntrackd, pfsync)", "", "")
    row("1 wire", "pfsync (OpenBSD/FreeBSD) per IPv4 TCP state", "",
        "242-264 (cited from the anchors, not measured: no BSD in the VM)",
        ratio(med(r, "wire_nsrp_upsert_v4"), 242) + " of 242", "")

    # 2. memory
    objsz = med(r, "mem_nsrp_objsize")
    ctobj = med(r, "mem_ct_objsize")
    for k in sorted({k.rsplit("_", 1)[1] for k in r
                     if k.startswith(("mem_nsrp_memfree_", "mem_ct_memfree_"))}, key=int):
        n = int(k)
        # The bucket array as nsrpctl show reported it; else computed:
        # rhashtable keeps a power of two of 8-octet heads at most 75% full.
        nb = med(r, "mem_nsrp_buckets_%s" % k)
        how = ""
        if nb is None:
            nb = 1
            while nb * 3 // 4 < n:
                nb *= 2
            how = ", computed"
        nsb = nb * 8 / n
        cache = med(r, "mem_nsrp_cache_%s" % k)
        nc = add(cache, nsb)
        ctb = med(r, "mem_ct_buckets_%s" % k)
        ctb = None if ctb is None else ctb * 8 / n
        ctc = med(r, "mem_ct_cache_%s" % k)
        num = "{:,}".format(n)
        row("2 memory", "kernel memory per session at %s: its slab cache (slabinfo) + hash buckets" % num,
            "%s B (%s + %s for %s buckets%s; object %s B)" % (
                fmt(nc), fmt(cache), fmt(nsb), fmt(nb, 0), how, fmt(objsz, 0)),
            ("%s B nf_conntrack (%s + %s buckets; object %s B, extensions kmalloc'd elsewhere)" % (
                fmt(add(ctc, ctb)), fmt(ctc), fmt(ctb), fmt(ctobj, 0))) if ctc is not None else "not measured",
            ratio(nc, add(ctc, ctb)), verdict(None if nc is None else nc <= 128, "above 128 B: %s B" % fmt(nc)))
        # All slab growth, for a check: it holds the bucket array when that
        # is kmalloc'd (4 MiB and less), not when it is vmalloc'd.
        row("2 memory", "  all slab growth at %s (meminfo Slab delta / n)" % num,
            fig(r, "mem_nsrp_slabdelta_%s" % k) + " B",
            fig(r, "mem_ct_slabdelta_%s" % k) + " B nf_conntrack, extensions included",
            ratio(med(r, "mem_nsrp_slabdelta_%s" % k), med(r, "mem_ct_slabdelta_%s" % k)), "")
        row("2 memory", "  cross-check at %s: MemFree delta / n (every allocation, noisy)" % num,
            fig(r, "mem_nsrp_memfree_%s" % k) + " B", fig(r, "mem_ct_memfree_%s" % k) + " B nf_conntrack", "", "")

    # 3. rate and latency
    nr = med(r, "rate_nsrp_peer")
    cr = med(r, "rate_ctd_peer")
    row("3 replication", "sessions created/s on the owner (generator-bound)", fig(r, "rate_nsrp_owner", 0),
        fig(r, "rate_ctd_owner", 0) + " nf_conntrack", ratio(med(r, "rate_nsrp_owner"), med(r, "rate_ctd_owner")), "")
    row("3 replication", "sessions installed/s on the peer", fig(r, "rate_nsrp_peer", 0),
        fig(r, "rate_ctd_peer", 0) + " conntrackd", ratio(nr, cr),
        verdict(None if nr is None or cr is None else nr >= 10 * cr, "under 10x conntrackd"))
    for k in ("rate_nsrp_missing", "rate_ctd_missing"):
        r[k] = [max(0.0, v) for v in nums(r, k)]
    row("3 replication", "sessions missing on the peer 120 s after the run", fig(r, "rate_nsrp_missing", 0),
        fig(r, "rate_ctd_missing", 0), "", "")
    p50 = med(r, "lat_nsrp_p50_ms")
    p99 = med(r, "lat_nsrp_p99_ms")
    row("3 replication", "creation to peer at a paced rate, p50 (ms)", fig(r, "lat_nsrp_p50_ms", 2),
        fig(r, "lat_ctd_p50_ms", 2) + " conntrackd", ratio(p50, med(r, "lat_ctd_p50_ms")), "")
    row("3 replication", "creation to peer at a paced rate, p99 (ms), flush timer 10 ms", fig(r, "lat_nsrp_p99_ms", 2),
        fig(r, "lat_ctd_p99_ms", 2) + " conntrackd", ratio(p99, med(r, "lat_ctd_p99_ms")),
        verdict(None if p99 is None else p99 < 20, "p99 20 ms or more"))

    row("3 replication", "creation to peer at full generator speed, p50 / p99 (ms)",
        fig(r, "lat_nsrp_full_p50_ms", 2) + " / " + fig(r, "lat_nsrp_full_p99_ms", 2),
        fig(r, "lat_ctd_full_p50_ms", 2) + " / " + fig(r, "lat_ctd_full_p99_ms", 2) + " conntrackd",
        ratio(med(r, "lat_nsrp_full_p99_ms"), med(r, "lat_ctd_full_p99_ms")) + " (p99)", "")

    # 4. bulk
    for k in sorted({k.rsplit("_", 1)[1] for k in r if k.startswith(("bulk_nsrp_s_", "bulk_ctd_s_"))}, key=int):
        n = int(k)
        reached = med(r, "bulk_ctd_reached_%s" % k)
        done = reached is not None and reached >= n
        rat = ratio(med(r, "bulk_ctd_s_%s" % k), med(r, "bulk_nsrp_s_%s" % k)) + " faster"
        if reached is not None and not done:
            rat = "more than " + rat + " (conntrackd stopped at the time cap with %s of %s)" % (fmt(reached, 0), "{:,}".format(n))
        ran = med(r, "bulk_ctd_s_%s" % k) is not None
        row("4 bulk sync", "resync of %s sessions after a peer restart, s" % "{:,}".format(n),
            fig(r, "bulk_nsrp_s_%s" % k, 2),
            (fig(r, "bulk_ctd_s_%s" % k, 2) + " conntrackd -n (reached %s)" % fmt(reached, 0)) if ran
            else "conntrackd -n not run at this size (BENCH_CTD_BULK_SIZES)",
            rat if ran else "", "")
        row("4 bulk sync", "HA link octets per session (both directions)", fig(r, "bulk_nsrp_bytes_per_session_%s" % k),
            (fig(r, "bulk_ctd_bytes_per_session_%s" % k) + " conntrackd") if ran else "",
            ratio(med(r, "bulk_nsrp_bytes_per_session_%s" % k), med(r, "bulk_ctd_bytes_per_session_%s" % k)), "")

    # 5. packet path
    a_ = med(r, "pkt_ns_none")
    b_ = med(r, "pkt_ns_nsrp")
    c_ = med(r, "pkt_ns_ct")
    row("5 packet path", "guest CPU ns per forwarded 10-octet UDP packet, (a) no hooks", fig(r, "pkt_ns_none", 0), "", "", "")
    row("5 packet path", "(b) nsrp, sessions established / (c) nf_conntrack + nft ct rule",
        fig(r, "pkt_ns_nsrp", 0), fig(r, "pkt_ns_ct", 0) + " (c)",
        "b/a " + ratio(b_, a_) + ", b/c " + ratio(b_, c_),
        pkt_verdict(r, b_, c_))
    row("5 packet path", "forwarded packets/s (a) / (b) / (c)",
        fig(r, "pkt_pps_none", 0) + " / " + fig(r, "pkt_pps_nsrp", 0), fig(r, "pkt_pps_ct", 0) + " (c)", "", "")
    row("5 packet path", "iperf3 TCP, Gbit/s (a) / (b)", fig(r, "tcp_gbps_none", 2) + " / " + fig(r, "tcp_gbps_nsrp", 2),
        fig(r, "tcp_gbps_ct", 2) + " (c)",
        "b/a " + ratio(med(r, "tcp_gbps_nsrp"), med(r, "tcp_gbps_none")) + ", b/c " + ratio(med(r, "tcp_gbps_nsrp"), med(r, "tcp_gbps_ct")), "")

    # 6. scaling
    sizes = sorted({int(k.rsplit("_", 1)[1]) for k in r if k.startswith("scale_pkt_ns_")})
    win = med(r, "scale_gc_window_s") or 10
    dat = []
    for n in sizes:
        ns = med(r, "scale_pkt_ns_%d" % n)
        idle = med(r, "scale_gc_idle_ms_%d" % n)
        idle_pct = None if idle is None else 100 * idle / (win * 1000)
        pass_ms = med(r, "scale_gc_pass_ms_%d" % n)
        runs = nums(r, "scale_pkt_ns_%d" % n)
        dat.append((n, ns, pass_ms, min(runs) if runs else None, max(runs) if runs else None, idle_pct))
        row("6 scaling", "table of %s: ns/packet; GC idle, %% of one CPU; one pass over all, ms (sessions walked)" % "{:,}".format(n),
            "%s; %s%% (%s passes in %s s); %s ms (%s)" % (
                fig(r, "scale_pkt_ns_%d" % n, 0), fmt(idle_pct, 4), fmt(med(r, "scale_gc_idle_passes_%d" % n), 0),
                fmt(win, 0), fmt(pass_ms, 1), fmt(med(r, "scale_gc_pass_scanned_%d" % n), 0)), "", "", "")
    if dat:
        first = dat[0][1]
        last = dat[-1]
        flat = None if not first or last[1] is None else last[1] <= first * 1.25
        v = verdict(flat, "grows more than 25%")
        spread = max([hi / lo for _n, _m, _g, lo, hi, _i in dat if lo], default=None)
        if spread is None:
            v = "not measured"
        elif spread > 1.25:
            v = "inconclusive: runs at one size differ by up to %.1fx (host load), more than any trend" % spread
        row("6 scaling", "per-packet cost, largest / smallest table", "", "", ratio(last[1], first), v)
        big = dat[-1]
        # Idle: the ticks measured, plus the safety pass every 300 s
        # (gc.c's NSRP_GC_SAFETY), costed at the pass measured.
        share = None if big[5] is None or big[2] is None else big[5] + 100 * big[2] / 300000
        what = "GC with %s idle sessions, %% of one CPU: the idle window + one pass every 300 s" % "{:,}".format(big[0])
        row("6 scaling", what, fmt(share, 3) + "%", "", "",
            verdict(None if share is None else share < 1.0, "1% or more") if big[0] >= 1000000
            else "not measured at 1M (largest: %s)" % "{:,}".format(big[0]))

    lines = ["| area | figure | nsrp | peer / reference | ratio | goal |", "|---|---|---|---|---|---|"]
    for row_ in rows:
        lines.append("| " + " | ".join(row_) + " |")
    lines.append("")
    lines.append("Median of the runs, (min-max, n=runs) when more than one. Machine: %s. make bench took %d s%s." % (
        a.machine, a.seconds, "" if med(r, "guest_seconds") is None else "; the guest %s s" % fmt(med(r, "guest_seconds"), 0)))
    text = "\n".join(lines) + "\n"
    with open(os.path.join(a.outdir, "bench.md"), "w") as f:
        f.write(text)
    with open(os.path.join(a.outdir, "bench.txt"), "w") as f:
        f.write(text)
    with open(os.path.join(a.outdir, "bench.dat"), "w") as f:
        f.write("# sessions ns_per_packet gc_pass_ms ns_min ns_max gc_idle_pct\n")
        for n, ns, gc, lo, hi, idle in dat:
            f.write("%d %s\n" % (n, " ".join("NaN" if x is None else str(x) for x in (ns, gc, lo, hi, idle))))
    with open(os.path.join(a.outdir, "bench.gp"), "w") as f:
        f.write("""set terminal png size 900,540
set output '%(o)s/bench.png'
set title 'nsrp: per-packet cost and GC cost as the table grows'
set logscale x
set xlabel 'sessions in the table'
set ylabel 'guest CPU ns per forwarded packet'
set y2label 'GC: one pass over the table, ms of CPU'
set ytics nomirror
set y2tics
set yrange [0:*]
set y2range [0:*]
set key left top
set grid
plot '%(o)s/bench.dat' using 1:2:4:5 with yerrorlines title 'ns/packet (median, min-max)' axes x1y1, \\
     '%(o)s/bench.dat' using 1:3 with linespoints title 'GC pass, ms' axes x1y2
""" % {"o": a.outdir})


if __name__ == "__main__":
    main()
