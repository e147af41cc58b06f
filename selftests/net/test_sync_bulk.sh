#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nsrp-test: stock-only (deadlines too tight for the KASAN kernel under TCG)
#
# Bulk sync: a node that (re)joins gets the peer's whole table.
#
#  1. A owns 200 UDP flows and a TCP connection before B replicates at
#     all; B enables replication: all of them reach B, B's sync state
#     becomes "done" and it is safe to fail over to; both count the bulk
#     sync (requested and done on B, served on A).
#  2. B leaves the HA link (ha-link none) while A creates 50 more flows,
#     then comes back (ha-link ha0): bulk sync brings B A's whole table.
#  3. Peer restart: B's namespace is deleted and created again (a new
#     node, a new epoch; the HA link's veth end is parked meanwhile):
#     bulk sync restores every session on the new B.
#
#   client (C) ---- A (node 1) ---- server (S)
#                   | ha0
#                   B (node 2)
source "$(dirname "$0")/lib.sh"
trap pair_cleanup EXIT

N=200 T=120 MULT=8

# b_in_sync N: B holds A's N sessions, its bulk sync done and safe.
b_in_sync() {
	peer_has "$B" "$1" && sync_done "$B" && [[ $(sync_of "$B" failover_safe) == true ]]
}

# converged_or_why DESCRIPTION: one check that B's copies are A's sessions.
converged_or_why() {
	if converged; then
		ok "$1"
	else
		not_ok "$1 ($(table_diff))"
	fi
}

setup_pair_topology
tcp_echo_server "$S" TCP4-LISTEN:5001
udp_sink "$S" 5002
wait_listen "$S" tcp 5001

# 1. sessions first, then B
check "enable replication on A only" node_enable "$A" 1 timeout udp $T timeout tcp $T
expect_eq "A has heard no peer: sync state none, peer none, not safe" "none none false" \
	"$(show_of "$A" '.sync | "\(.state) \(.peer) \(.failover_safe)"')"
udp_flows "$C" 198.51.100.2 5002 30000 $N
tcp_open bt "$C" TCP4:198.51.100.2:5001,sourceport=45001
tcp_send bt hello
check "a tcp connection through A" tcp_expect bt hello
check "A owns $((N + 1)) sessions" busywait 10000 local_has "$A" $((N + 1))
st_a0=$(stats_of "$A")
check "enable replication on B" node_enable "$B" 2 timeout udp $T timeout tcp $T
t0=$(now_ms)
check "bulk sync brings B all $((N + 1)), sync state done, safe to fail over to" \
	busywait 30000 b_in_sync $((N + 1))
info "B in sync $(($(now_ms) - t0)) ms after it enabled replication"
converged_or_why "B's copies are A's sessions"
expect_eq "the tcp copy: established, $MULT x the tcp timeout" "established $((MULT * T))" \
	"$(sess_at "$B" 45001 | jq -r '"\(.state) \(.timeout_s)"')"
expect_eq "the udp copies: $MULT x the udp timeout" "[$((MULT * T))]" \
	"$(ctl "$B" -j session list port 5002 | jq -c '[.[].timeout_s] | unique')"
st_a1=$(stats_of "$A")
st_b1=$(stats_of "$B")
expect_above "B asked A for its table" 0 "$(jq .sync_bulk_requests <<<"$st_b1")"
expect_above "B counts a bulk sync done" 0 "$(jq .sync_bulk_done <<<"$st_b1")"
expect_above "A counts a bulk sync served" 0 "$(delta_of "$st_a0" "$st_a1" sync_bulk_served)"
expect_range "A sent every session it owned in it" $((N + 1)) $((4 * (N + 1))) \
	"$(delta_of "$st_a0" "$st_a1" sync_bulk_sessions)"
check "and A holds B's (empty) table: A in sync too" busywait 10000 sync_done "$A"

# 2. B off the HA link, then back
check "B leaves the HA link (ha-link none)" ctl "$B" set ha-link none
expect_eq "B without an HA link: sync state none, not safe to fail over to" "none false" \
	"$(show_of "$B" '.sync | "\(.state) \(.failover_safe)"')"
info "B keeps $(show_of "$B" .sessions_peer) copies without an HA link"
udp_flows "$C" 198.51.100.2 5002 31000 50
check "A owns $((N + 51)) sessions" busywait 10000 local_has "$A" $((N + 51))
bulk0=$(stat_of "$B" sync_bulk_done)
check "B back on the HA link (ha-link ha0)" ctl "$B" set ha-link ha0
t0=$(now_ms)
check "bulk sync brings B all $((N + 51)), sync state done, safe" \
	busywait 30000 b_in_sync $((N + 51))
info "B in sync $(($(now_ms) - t0)) ms after it came back"
converged_or_why "B's copies are A's sessions, the 50 created meanwhile included"
expect_above "B counted a second bulk sync" "$bulk0" "$(stat_of "$B" sync_bulk_done)"

# 3. B's namespace deleted and created again
epoch_old=$(sync_of "$B" epoch)
served0=$(stat_of "$A" sync_bulk_served)
H=nsrp-h-$$
new_ns "$H"
ip -n "$B" link set ha0 netns "$H"
ip netns del "$B"
check "B's namespace is gone" sh -c "! ip netns list | grep -qw '$B'"
check "A sees its peer down" busywait 10000 peer_is "$A" down
new_ns "$B"
ip -n "$H" link set ha0 netns "$B"
ip netns exec "$B" sysctl -qw net.ipv6.conf.ha0.disable_ipv6=1
ip -n "$B" link set ha0 up
expect_eq "the new B starts empty" 0 "$(show_of "$B" .sessions)"
check "the new B enables replication" node_enable "$B" 2 timeout udp $T timeout tcp $T
t0=$(now_ms)
check "bulk sync restores all $((N + 51)) on the new B, sync state done, safe" \
	busywait 30000 b_in_sync $((N + 51))
info "the new B in sync $(($(now_ms) - t0)) ms after it enabled replication"
converged_or_why "the new B's copies are A's sessions"
epoch_new=$(sync_of "$B" epoch)
expect_above "the new B has a new, larger epoch" "$epoch_old" "$epoch_new"
check "A knows the new epoch" busywait 5000 sync_is "$A" peer_epoch "$epoch_new"
expect_above "A served the new B a bulk sync" "$served0" "$(stat_of "$A" sync_bulk_served)"
tcp_send bt still
check "the tcp connection through A still works" tcp_expect bt still
tcp_close bt
exit $nsrp_failed
