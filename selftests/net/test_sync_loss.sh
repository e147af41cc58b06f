#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Loss recovery: with netem dropping 30% of the HA link's frames both ways,
# reordering and duplicating others, A creates 500 UDP flows and 20 TCP
# connections, closes the connections and deletes half the flows; B's copies
# converge to exactly A's table, under netem and after it, and the recovery
# shows in the counters (A retransmitted; B dropped duplicates and late
# frames).
#
#   client (C) ---- A (node 1) ---- server (S)
#                   | ha0  netem both ways
#                   B (node 2)
source "$(dirname "$0")/lib.sh"
trap pair_cleanup EXIT

NETEM="loss 30% reorder 25% 50% duplicate 10% delay 5ms"
HALF=250

setup_pair_topology
tcp_echo_server "$S" TCP4-LISTEN:5001
udp_sink "$S" 5002
udp_sink "$S" 5003
wait_listen "$S" tcp 5001
check "enable replication, udp timeout 120 s, tcp-closing 2 s" \
	pair_enable timeout udp 120 timeout tcp-closing 2
check "A and B are in sync" busywait 20000 pair_synced

modprobe sch_netem 2>/dev/null
for ns in "$A" "$B"; do
	# shellcheck disable=SC2086 # NETEM is several arguments
	if ! tc -n "$ns" qdisc add dev ha0 root netem $NETEM; then
		not_ok "netem on ha0 of $ns: $NETEM (is sch_netem available?)"
		exit 1
	fi
done
ok "netem on ha0 of A and B: $NETEM"
st_a0=$(stats_of "$A")
st_b0=$(stats_of "$B")

udp_flows "$C" 198.51.100.2 5002 32000 $HALF
udp_flows "$C" 198.51.100.2 5003 33000 $HALF
check "20 tcp connections through A, opened and closed" \
	ip netns exec "$C" python3 "$TRAFFIC" tcp-many 198.51.100.2 5001 --sport 34000 --count 20
expect_eq "session del on A removes the $HALF flows to port 5003" $HALF \
	"$(ctl "$A" -j session del port 5003 | jq .deleted)"
check "A is left with its $HALF flows to port 5002 (the connections expired)" \
	busywait 15000 local_has "$A" $HALF
t0=$(now_ms)
if busywait 40000 converged; then
	ok "under netem, B's copies converge to A's $HALF sessions ($(($(now_ms) - t0)) ms)"
else
	not_ok "under netem, B's copies converge to A's $HALF sessions ($(table_diff))"
fi

for ns in "$A" "$B"; do
	tc -n "$ns" qdisc del dev ha0 root
done
t0=$(now_ms)
if busywait 10000 converged; then
	ok "without netem, B's copies are A's sessions ($(($(now_ms) - t0)) ms)"
else
	not_ok "without netem, B's copies are A's sessions ($(table_diff))"
fi
check "B's sync state is done" busywait 15000 sync_done "$B"

st_a=$(stats_of "$A")
st_b=$(stats_of "$B")
expect_above "A retransmitted what was lost" 0 "$(delta_of "$st_a0" "$st_a" sync_retransmits)"
dup=$(($(delta_of "$st_b0" "$st_b" sync_drop_replay) + $(delta_of "$st_b0" "$st_b" sync_drop_late)))
expect_above "B dropped duplicated and late frames (replay + late)" 0 "$dup"
for v in sync_retransmits sync_retransmit_records sync_resyncs sync_queue_full sync_tx_frames; do
	info "A: $v $(delta_of "$st_a0" "$st_a" $v)"
done
for v in sync_drop_replay sync_drop_late sync_drop_stale_epoch sync_rx_frames sync_bulk_requests; do
	info "B: $v $(delta_of "$st_b0" "$st_b" $v)"
done
info "B's drops: $(drops_nonzero "$B"); A's: $(drops_nonzero "$A")"
exit $nsrp_failed
