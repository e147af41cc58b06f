#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nsrp-test: stock-only (deadlines too tight for the KASAN kernel under TCG)
#
# Replication on a clean HA link: sessions created by traffic through A
# appear on B as the peer's, with multiplier x A's timeout (1000 of them
# within 1 s), IPv4 and IPv6; TCP state changes follow; every way a session
# ends on A (expiry, FINs then expiry, RST, operator deletion and flush)
# removes its copy; refreshes are not replicated; counters add up and no
# frame is dropped.
#
#   client (C) ---- A (node 1) ---- server (S)
#                   | ha0
#                   B (node 2)
source "$(dirname "$0")/lib.sh"
trap pair_cleanup EXIT

N=1000
UDP_T=10 TCP_T=30 CLOSING_T=2 MULT=8

setup_pair_topology
check "enable replication on A (node 1) and B (node 2)" \
	pair_enable timeout udp $UDP_T timeout tcp $TCP_T timeout tcp-closing $CLOSING_T
check "A and B hear each other and hold each other's table" busywait 20000 pair_synced

# What show says
expect_eq "A's settings: ha-link, node id, multiplier, ageout-ack, flush, key" \
	"ha0 1 $MULT true $PAIR_FLUSH_MS false" \
	"$(show_of "$A" '"\(.ha_link) \(.node_id) \(.multiplier) \(.ageout_ack) \(.flush_ms) \(.key)"')"
expect_eq "default EtherType 0x88B5" 34997 "$(show_of "$A" .ethertype)"
expect_eq "both in the same cluster" "$(show_of "$A" .cluster_id)" "$(show_of "$B" .cluster_id)"
expect_eq "A: node 1, peer node 2 up, link up, bulk sync done, safe to fail over to" \
	"1 2 up true done true" \
	"$(show_of "$A" '.sync | "\(.node_id) \(.peer_node_id) \(.peer) \(.link_up) \(.state) \(.failover_safe)"')"
expect_eq "B: node 2, peer node 1 up, link up, bulk sync done, safe to fail over to" \
	"2 1 up true done true" \
	"$(show_of "$B" '.sync | "\(.node_id) \(.peer_node_id) \(.peer) \(.link_up) \(.state) \(.failover_safe)"')"
expect_eq "each knows the other's epoch" "$(sync_of "$A" epoch) $(sync_of "$B" epoch)" \
	"$(sync_of "$B" peer_epoch) $(sync_of "$A" peer_epoch)"
names=(sync_tx_frames sync_rx_frames sync_tx_upsert sync_tx_close sync_rx_upsert sync_rx_close
	sync_tx_age_query sync_rx_age_answer sync_installed sync_install_failed sync_conflicts
	sync_age_queries sync_age_active sync_age_idle sync_age_gone sync_age_no_answer
	sync_bulk_requests sync_bulk_done sync_bulk_served sync_bulk_sessions sync_retransmits
	sync_retransmit_records sync_resyncs sync_queue_full)
for r in $(python3 "$FRAMES" reasons); do
	names+=("sync_drop_$r")
done
expect_eq "stats shows every replication counter" "" \
	"$(stats_of "$A" | jq -r --arg n "${names[*]}" '($n | split(" ")) - keys | join(" ")')"

# 1000 UDP flows through A: all on B within 1 s of A holding them all
udp_sink "$S" 5002
st_a0=$(stats_of "$A")
st_b0=$(stats_of "$B")
udp_flows "$C" 198.51.100.2 5002 20000 $N &
gen=$!
if busywait 60000 show_at_least "$A" sessions_local $N; then
	t_a=$(now_ms)
	if busywait 1000 show_at_least "$B" sessions_peer $N; then
		ok "all $N copies on B within 1 s of A holding all $N ($(($(now_ms) - t_a)) ms)"
	else
		not_ok "all $N copies on B within 1 s of A holding all $N (B has $(show_of "$B" .sessions_peer) after $(($(now_ms) - t_a)) ms)"
		busywait 20000 show_at_least "$B" sessions_peer $N
		info "B holds $(show_of "$B" .sessions_peer) copies $(($(now_ms) - t_a)) ms after A held $N"
	fi
else
	not_ok "A holds the $N udp flows (has $(show_of "$A" .sessions_local))"
fi
wait $gen
check "the flows were sent" test $? = 0
s=$(ctl "$B" -j session list port 5002)
expect_eq "B's copies: udp, owned by the peer, timeout $MULT x $UDP_T s" \
	"[{\"owner\":\"peer\",\"proto\":\"udp\",\"timeout_s\":$((MULT * UDP_T))}]" \
	"$(jq -c '[.[] | {owner, proto, timeout_s}] | unique' <<<"$s")"
expect_range "B's copies count down from $((MULT * UDP_T)) s" \
	$((MULT * UDP_T * 1000 - 30000)) $((MULT * UDP_T * 1000)) \
	"$(jq '[.[].expires_ms] | min' <<<"$s")"
expect_eq "A's own sessions: owned locally, timeout $UDP_T s" \
	"[{\"owner\":\"local\",\"timeout_s\":$UDP_T}]" \
	"$(ctl "$A" -j session list port 5002 | jq -c '[.[] | {owner, timeout_s}] | unique')"
if converged; then
	ok "B's copies are A's sessions, key for key"
else
	not_ok "B's copies are A's sessions, key for key ($(table_diff))"
fi

# TCP: the copy follows the states, counts down on its own, and goes when
# A's session closes (FINs, then tcp-closing) or is reset.
tcp_echo_server "$S" TCP4-LISTEN:5001
wait_listen "$S" tcp 5001
tcp_open t4 "$C" TCP4:198.51.100.2:5001,sourceport=40001
tcp_send t4 hello
check "tcp4 carries data through A" tcp_expect t4 hello
check "B's copy of the connection is established" \
	busywait 5000 sess_state_is "$B" 40001 peer established
expect_eq "B's copy lives $MULT x the tcp timeout" $((MULT * TCP_T)) \
	"$(field_at "$B" 40001 peer timeout_s)"
expect_eq "B's copy has A's key" \
	"$(sess_at "$A" 40001 local | jq -c '{family, proto, src, sport, dst, dport}')" \
	"$(sess_at "$B" 40001 peer | jq -c '{family, proto, src, sport, dst, dport}')"
t1=$(now_ms)
e1=$(field_at "$B" 40001 peer expires_ms)
u1=$(stat_of "$A" sync_tx_upsert)
for i in 1 2 3 4 5; do
	tcp_send t4 "data$i"
	sleep 0.2
done
tcp_expect t4 data5
e2=$(field_at "$B" 40001 peer expires_ms)
t2=$(now_ms)
u2=$(stat_of "$A" sync_tx_upsert)
expect_eq "traffic refreshing A's session sends no upsert" "$u1" "$u2"
# At least the 1 s of sending, at most the time between the two readings.
expect_range "B's copy counts down meanwhile (ms)" 800 $((t2 - t1 + 100)) $((${e1:-0} - ${e2:-0}))
tcp_close t4
t_close=$(now_ms)
check "FINs both ways on A move B's copy to closing" \
	busywait 3000 sess_state_is "$B" 40001 peer closing
expect_eq "the closing copy lives $MULT x tcp-closing" $((MULT * CLOSING_T)) \
	"$(field_at "$B" 40001 peer timeout_s)"
check "A's closed session expires after tcp-closing" \
	busywait $((CLOSING_T * 1000 + 5000)) no_sess "$A" 40001 local
t_a_gone=$(now_ms)
# A's GC reaps it, and reports the close, within 1 s of due
check "B's copy goes with it (within 2.5 s)" busywait 2500 no_sess "$B" 40001
info "after the close: A's session gone at $((t_a_gone - t_close)) ms, B's copy at $(($(now_ms) - t_close)) ms"

rm -f /tmp/nsrp-rst-go
ip netns exec "$C" python3 -u "$TRAFFIC" rst 198.51.100.2 5001 --sport 40002 \
	--go /tmp/nsrp-rst-go >/tmp/nsrp-rst.out 2>&1 &
rst=$!
busywait 10000 grep -q '^up' /tmp/nsrp-rst.out
check "B holds the established copy of a second connection" \
	busywait 5000 sess_state_is "$B" 40002 peer established
touch /tmp/nsrp-rst-go
wait $rst
check "a RST removes A's session at once" busywait 1000 no_sess "$A" 40002 local
check "and B's copy within 2 s" busywait 2000 no_sess "$B" 40002
rm -f /tmp/nsrp-rst-go /tmp/nsrp-rst.out

# IPv6, and operator deletion on the owner
udp_flows "$C" 2001:db8:2::2 5002 40004 1
check "B holds a copy of a udp6 flow" busywait 2000 has_sess "$B" 40004
expect_eq "udp6 copy: key, owner, timeout" \
	"inet6 udp 2001:db8:1::2 40004 2001:db8:2::2 5002 peer $((MULT * UDP_T))" \
	"$(sess_at "$B" 40004 | jq -r '"\(.family) \(.proto) \(.src) \(.sport) \(.dst) \(.dport) \(.owner) \(.timeout_s)"')"
expect_eq "session del on A removes the udp6 session" 1 \
	"$(ctl "$A" -j session del port 40004 | jq .deleted)"
check "operator deletion on the owner removes the copy" busywait 2000 no_sess "$B" 40004

# The 1000 expire on A (10 s after creation); their copies, good for 80 s,
# can only go by A's closes.
if busywait $((UDP_T * 1000 + 20000)) local_has "$A" 0; then
	t_a=$(now_ms)
	check "A's $N expired udp sessions leave B within 3 s" busywait 3000 peer_has "$B" 0
	info "B emptied $(($(now_ms) - t_a)) ms after A"
else
	not_ok "A's udp sessions expire (A still owns $(show_of "$A" .sessions_local))"
fi

# session flush on the owner
udp_flows "$C" 198.51.100.2 5002 21000 20
check "B holds copies of 20 new flows" busywait 5000 peer_has "$B" 20
expect_eq "session flush on A removes the 20" 20 "$(ctl "$A" -j session flush | jq .deleted)"
check "and B's copies" busywait 3000 peer_has "$B" 0
expect_eq "A holds no copy: B owns nothing" 0 "$(show_of "$A" .sessions_peer)"

# Counters
st_a=$(stats_of "$A")
st_b=$(stats_of "$B")
up=$(delta_of "$st_a0" "$st_a" sync_tx_upsert)
cl=$(delta_of "$st_a0" "$st_a" sync_tx_close)
# 1021 udp flows; the first connection at least established and closing, the
# second established (states that change within a flush may coalesce)
expect_range "A sent an upsert for every session and state" $((N + 21 + 3)) $((N * 3)) "$up"
expect_range "A sent a close for every session" $((N + 21 + 2)) $((N * 2)) "$cl"
rx=$(delta_of "$st_b0" "$st_b" sync_rx_upsert)
expect_range "B received the upserts A sent" $((up - up / 100)) $((up + up / 100)) "$rx"
rx=$(delta_of "$st_b0" "$st_b" sync_rx_close)
expect_range "B received the closes A sent" $((cl - cl / 100)) $((cl + cl / 100)) "$rx"
expect_range "B installed every copy" $((N + 21 + 2)) $((N * 2)) \
	"$(delta_of "$st_b0" "$st_b" sync_installed)"
expect_eq "no conflicts, no failed installs" "0 0 0 0" \
	"$(jq -r '"\(.sync_conflicts) \(.sync_install_failed)"' <<<"$st_a") $(jq -r '"\(.sync_conflicts) \(.sync_install_failed)"' <<<"$st_b")"
info "A: $(jq -r '"frames sent \(.sync_tx_frames), received \(.sync_rx_frames), retransmits \(.sync_retransmits)"' <<<"$st_a")"
expect_eq "A dropped no frame" "" "$(drops_nonzero "$A")"
expect_eq "B dropped no frame" "" "$(drops_nonzero "$B")"

# Both directions at once, no roles: B's own sessions (its LOCAL_OUT, to a
# blackhole) go to A while A's forwarded ones go to B.
ip -n "$B" link add bh0 type dummy
ip -n "$B" addr add 203.0.113.1/24 dev bh0
ip -n "$B" link set bh0 up
udp_flows "$B" 203.0.113.9 5003 22000 50 &
udp_flows "$C" 198.51.100.2 5002 23000 50
wait $!
check "B owns the 50 flows it sent" busywait 10000 local_has "$B" 50
check "A and B each hold the other's sessions, exactly" busywait 10000 converged
expect_eq "A holds B's 50 as copies, B A's 50" "50 50" \
	"$(show_of "$A" .sessions_peer) $(show_of "$B" .sessions_peer)"
exit $nsrp_failed
