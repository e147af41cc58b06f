#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nsrp-test: stock-only (deadlines too tight for the KASAN kernel under TCG)
#
# The frames on the HA link, and a receive path that survives anything.
#
#  1. Frames captured on the HA link and decoded by tshark with
#     tools/wireshark/nsrp.lua: every one is nsrp, unflagged, read the same
#     by frames.py; their UPSERT and CLOSE records carry the sessions of A's
#     table (key, originator, state, timeout); every frame's Length is its
#     header and records at proto.h's sizes (IPv4 UPSERT 28 octets); A
#     sends from its HA link's address; HELLO every second.
#  2. With the HA link's MTU at 576, frames fit it.
#  3. Garbage injected from a raw socket on A's side of the HA link: frames
#     of A's mutated one field at a time, each dropped by B for its one
#     reason (counted exactly, per reason); then random and randomly
#     mutated frames, every one dropped and counted; B still replicates.
#  4. Frames from another cluster, or with B's own node id, dropped and
#     counted; replication resumes once the configuration agrees again.
#  5. Another EtherType (0x88B6) on both: replication moves to it.
#
#   client (C) ---- A (node 1) ---- server (S)
#                   | ha0  <- capture, injection
#                   B (node 2)
source "$(dirname "$0")/lib.sh"
require tshark
trap pair_cleanup EXIT

PCAP=/tmp/nsrp-wire-$$.pcap
T=600

converged_or_why() {
	if converged; then
		ok "$1"
	else
		not_ok "$1 ($(table_diff))"
	fi
}

# hellos_from NODE N: the capture holds N HELLOs of node NODE.
hellos_from() {
	(($(python3 "$FRAMES" decode "$PCAP" | grep -c " node=$1 .*| hello ") >= $2))
}

setup_pair_topology
tcp_echo_server "$S" TCP4-LISTEN:5001
udp_sink "$S" 5002
wait_listen "$S" tcp 5001
check "enable replication, tcp and udp timeouts $T s" pair_enable timeout udp $T timeout tcp $T
check "A and B are in sync" busywait 20000 pair_synced
amac=$(dev_mac "$A" ha0)
bmac=$(dev_mac "$B" ha0)
cluster=$(show_of "$A" .cluster_id)

# 1. capture and dissect
capture_start "$A" ha0 "$PCAP"
tcp_open w4 "$C" TCP4:198.51.100.2:5001,sourceport=46001
tcp_send w4 hello
check "a tcp connection through A" tcp_expect w4 hello
udp_flows "$C" 198.51.100.2 5002 46002 1
udp_flows "$C" 2001:db8:2::2 5002 46003 1
check "B holds copies of A's three sessions" busywait 5000 peer_has "$B" 3
check "the tcp copy is established" busywait 5000 sess_state_is "$B" 46001 peer established
ctl "$A" -j session list >/tmp/nsrp-wire-a.json
expect_eq "A deletes the udp4 session" 1 "$(ctl "$A" -j session del port 46002 | jq .deleted)"
check "and B's copy goes" busywait 3000 no_sess "$B" 46002
busywait 8000 hellos_from 1 3
capture_stop
python3 "$FRAMES" decode "$PCAP" >/tmp/nsrp-wire.dec
python3 "$FRAMES" decode "$PCAP" --json >/tmp/nsrp-wire.json
t0=$(now_ms)
python3 "$FRAMES" dissect "$PCAP" >/tmp/nsrp-wire.dis
info "$(grep -c . /tmp/nsrp-wire.dec) frames captured; tshark took $(($(now_ms) - t0)) ms"
expect_eq "tshark decodes every frame as nsrp_sync and flags none" "" \
	"$(grep -E '^[0-9]+ (expert|not nsrp|unparsed)' /tmp/nsrp-wire.dis | head -3)"
expect_eq "the dissector reads every frame as frames.py does" "" \
	"$(diff /tmp/nsrp-wire.dec /tmp/nsrp-wire.dis | grep -m 3 '^[<>]')"
while IFS=$'\t' read -r upsert close; do
	n=$(grep -cF "| $upsert rem=" /tmp/nsrp-wire.dis)
	expect_above "an UPSERT on the wire carries A's session: $upsert" 0 "$n"
	if [[ $upsert == *" 46002 "* ]]; then
		expect_above "a CLOSE carries its deletion" 0 "$(grep -cF "| $close" /tmp/nsrp-wire.dis)"
	fi
done < <(python3 "$FRAMES" records-of /tmp/nsrp-wire-a.json --owner local)

# Lengths, addresses and HELLOs, from the dissector's and frames.py's views
BAD_LEN='' UP4_FRAMES='' UP4_OK='' A_FRAMES='' A_FROM_AMAC='' A_DSTS='' HELLO_INTERVALS='' HELLO_GAP=''
eval "$(python3 - /tmp/nsrp-wire.dis /tmp/nsrp-wire.json "$amac" <<'EOF'
import json
import statistics
import sys

dis, dec, amac = sys.argv[1:]
size = {("upsert", "4"): 28, ("upsert", "6"): 52, ("close", "4"): 16, ("close", "6"): 40,
        ("query", "4"): 16, ("query", "6"): 40, ("answer", "4"): 28, ("answer", "6"): 52,
        "hello": 12, "ack": 12, "nack": 8, "bulk_req": 8, "bulk_end": 12}
bad_len = up4_frames = up4_ok = 0
for line in open(dis):
    parts = line.rstrip("\n").split(" | ")
    hdr = dict(kv.split("=") for kv in parts[0].split()[1:])
    want = 20 + (16 if hdr["f"] == "1" else 0)
    for rec in parts[1:]:
        w = rec.split()
        want += size[(w[0], w[1])] if (w[0], w[1]) in size else size[w[0]]
    bad_len += int(hdr["len"]) != want
    if hdr["f"] == "0" and all(r.startswith("upsert 4 ") for r in parts[1:]):
        up4_frames += 1
        up4_ok += int(hdr["len"]) == 20 + 28 * (len(parts) - 1)
frames = [json.loads(x) for x in open(dec)]
mine = [f for f in frames if f["hdr"].get("node") == 1]
hello = [f for f in mine if any(r.startswith("hello ") for r in f["recs"])]
gaps = [(b["ts"] - a["ts"]) * 1000 for a, b in zip(hello, hello[1:])]
intervals = sorted({r.split(" int=")[1].split()[0] for f in hello for r in f["recs"]
                    if r.startswith("hello ")})
print("BAD_LEN=%d UP4_FRAMES=%d UP4_OK=%d" % (bad_len, up4_frames, up4_ok))
print("A_FRAMES=%d A_FROM_AMAC=%d" % (len(mine), sum(f["eth_src"] == amac for f in mine)))
print("A_DSTS='%s'" % " ".join(sorted({f["eth_dst"] for f in mine})))
print("HELLO_INTERVALS='%s' HELLO_GAP=%d HELLOS=%d" % (
    " ".join(intervals), statistics.mean(gaps) if gaps else -1, len(hello)))
EOF
)"
expect_eq "every frame's Length is the header, its records at proto.h's sizes and any MAC" \
	0 "${BAD_LEN:-x}"
expect_above "frames of IPv4 UPSERTs only were seen" 0 "${UP4_FRAMES:-0}"
expect_eq "each is 20 octets and 28 per IPv4 UPSERT" "$UP4_FRAMES" "${UP4_OK:-x}"
expect_eq "A sends from its HA link's address" "$A_FRAMES" "${A_FROM_AMAC:-x}"
info "A's frames went to: $A_DSTS (B's ha0 is $bmac)"
expect_eq "A's HELLOs announce a 1000 ms interval" 1000 "$HELLO_INTERVALS"
expect_range "and come about every second (mean gap, ms)" 700 1500 "$HELLO_GAP"

# 2. frames fit the HA link's MTU
ip -n "$A" link set ha0 mtu 576
ip -n "$B" link set ha0 mtu 576
capture_start "$A" ha0 "$PCAP" --direction out
udp_flows "$C" 198.51.100.2 5002 47000 100
check "B holds copies of 100 new flows" busywait 10000 peer_has "$B" 102
busywait 5000 hellos_from 1 1
capture_stop
python3 "$FRAMES" decode "$PCAP" --json >/tmp/nsrp-wire.json
expect_range "with the HA link's MTU at 576, frames fit it (largest, octets)" 28 576 \
	"$(jq -s 'map(.octets) | max' /tmp/nsrp-wire.json)"
expect_range "the 100 upserts took several frames" 6 100 \
	"$(jq -s '[.[] | select(any(.recs[]; startswith("upsert 4 17 192.0.2.2 470")))] | length' /tmp/nsrp-wire.json)"
ip -n "$A" link set ha0 mtu 1500
ip -n "$B" link set ha0 mtu 1500

# 3. garbage, from A's frames B has accepted (the capture above). First
# each targeted mutation, counted per reason.
# inject DESCRIPTION FUZZ ARGS...: frames.py fuzz from A's side of the HA
# link to B; the manifest (one frame a line: number, kind, expected drop
# reason or "?") in /tmp/nsrp-fuzz.tsv, the number of frames sent in N.
inject() {
	local desc=$1 out
	shift
	rm -f /tmp/nsrp-fuzz.tsv
	N=0
	if out=$(frames_in "$A" fuzz ha0 --base "$PCAP" --node 1 --cluster "$cluster" --own-node 2 \
		--dst "$bmac" --manifest /tmp/nsrp-fuzz.tsv "$@" 2>&1); then
		N=$(grep -c . /tmp/nsrp-fuzz.tsv)
		ok "$desc: $out"
	else
		not_ok "$desc ($out)"
	fi
}
st0=$(stats_of "$B")
d0=$(drop_total "$B")
inject "targeted mutations of A's frames injected" --seed 11 --random 0 --mutated 0 --targeted 10
n=$N
busywait 10000 drops_at_least "$B" $((d0 + n))
st1=$(stats_of "$B")
for reason in $( ((n)) && cut -f3 /tmp/nsrp-fuzz.tsv | sort -u); do
	expect_eq "$(awk -F'\t' -v r="$reason" '$3 == r { print $2 }' /tmp/nsrp-fuzz.tsv | sort -u |
		xargs | tr ' ' '/') frames dropped as $reason" \
		"$(awk -F'\t' -v r="$reason" '$3 == r' /tmp/nsrp-fuzz.tsv | wc -l)" \
		"$(delta_of "$st0" "$st1" "sync_drop_$reason")"
done
expect_eq "and nothing else counted as a drop" "$n" $(($(drop_total "$B") - d0))
# Then random frames and random mutations of A's
d0=$(drop_total "$B")
inject "random frames and random mutations of A's injected" --seed 12 --random 300 \
	--mutated 500 --targeted 0
n=$N
busywait 10000 drops_at_least "$B" $((d0 + n))
st2=$(stats_of "$B")
expect_eq "every one of the $n random and mutated frames dropped and counted once" "$n" \
	$(($(drop_total "$B") - d0))
info "B's drops for them: $(jq -rn --argjson a "$st1" --argjson b "$st2" '[$b | to_entries[] |
	select(.key | startswith("sync_drop_")) | select(.value > $a[.key]) |
	"\(.key | ltrimstr("sync_drop_"))=\(.value - $a[.key])"] | join(" ")')"
check "B still hears A" peer_is "$B" up
n=$(show_of "$B" .sessions_peer)
udp_flows "$C" 198.51.100.2 5002 48100 5
check "B still replicates: copies of 5 new flows" busywait 5000 peer_has "$B" $((n + 5))
converged_or_why "B's copies are A's sessions"

# 4. another cluster, our own node id
oc=$(stat_of "$B" sync_drop_other_cluster)
check "B moves to another cluster" ctl "$B" set cluster-id $(((cluster + 1) % 65536))
check "B drops A's frames as another cluster's" busywait 5000 stat_above "$B" sync_drop_other_cluster "$oc"
udp_flows "$C" 198.51.100.2 5002 48200 3
busywait 3000 stat_above "$B" sync_drop_other_cluster "$(stat_of "$B" sync_drop_other_cluster)"
# Cut off, B may have taken A's sessions over meanwhile (auto mode): the
# new flows' ports are what must not be on B, owned either way.
reached=0
for p in 48200 48201 48202; do
	if has_sess "$B" $p peer || has_sess "$B" $p local; then
		reached=$((reached + 1))
	fi
done
expect_eq "none of A's 3 new flows reached B" 0 "$reached"
check "B back in A's cluster" ctl "$B" set cluster-id "$cluster"
on_a=$(stat_of "$A" sync_drop_own_node)
on_b=$(stat_of "$B" sync_drop_own_node)
check "B takes A's node id" ctl "$B" set node-id 1
check "B drops A's frames as its own" busywait 5000 stat_above "$B" sync_drop_own_node "$on_b"
check "A drops B's frames as its own" busywait 5000 stat_above "$A" sync_drop_own_node "$on_a"
check "B back to node id 2" ctl "$B" set node-id 2
t0=$(now_ms)
check "A and B in sync again" busywait 30000 pair_synced
if busywait 30000 converged; then
	ok "B's copies are A's sessions again, the 3 flows included ($(($(now_ms) - t0)) ms)"
else
	not_ok "B's copies are A's sessions again, the 3 flows included ($(table_diff))"
fi

# 5. another EtherType
check "both move to EtherType 0x88B6" pair_set ethertype 34998
expect_eq "show says so" "34998 34998" "$(show_of "$A" .ethertype) $(show_of "$B" .ethertype)"
capture_start "$A" ha0 "$PCAP" --ethertype 34998
udp_flows "$C" 198.51.100.2 5002 48300 1
check "B holds a copy of a new flow" busywait 10000 has_sess "$B" 48300
capture_stop
expect_above "its UPSERT went on EtherType 0x88B6" 0 \
	"$(python3 "$FRAMES" decode "$PCAP" --ethertype 34998 | grep -c '| upsert 4 17 192.0.2.2 48300 ')"
tcp_close w4
rm -f "$PCAP" /tmp/nsrp-wire-a.json /tmp/nsrp-wire.dec /tmp/nsrp-wire.dis /tmp/nsrp-wire.json \
	/tmp/nsrp-fuzz.tsv
exit $nsrp_failed
