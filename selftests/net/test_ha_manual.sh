#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nsrp-test: stock-only (deadlines too tight for the KASAN kernel under TCG)
#
# Manual mode, as under keepalived, and planned failover, enforcement on at
# both routers:
#
#  1. A set primary, B backup; a busy TCP connection (c1, from C) and an
#     iperf3 stream (from D) through A.
#  2. B set primary while A is: A steps down (peer-claim) and hands B its
#     sessions; traffic moves to B and goes on.
#  3. `nsrpctl failover` on B: A takes the role back, B steps down; traffic
#     moves to A and goes on.
#  4. What failover refuses: on a backup, and with no live peer; in manual
#     mode a dead peer does not make the backup primary.
#
# Topology: lib.sh's setup_ha_topology.
source "$(dirname "$0")/lib.sh"
require iperf3
trap pair_cleanup EXIT

setup_ha_topology
tcp_echo_server "$S" TCP4-LISTEN:5001
ip netns exec "$S" iperf3 -s -p 5201 -D -1 >/dev/null 2>&1
wait_listen "$S" tcp 5001
wait_listen "$S" tcp 5201

HA_HELLO_MS=1000
check "nsrp on A and B in manual mode" ha_enable mode manual
check "A set primary" ctl "$A" set role primary
check "B set backup" ctl "$B" set role backup
check "A primary, B backup" busywait 5000 roles_are "$A" "$B"
expect_eq "A's mode" manual "$(show_of "$A" .mode)"
expect_eq "A's role reason" config "$(sync_of "$A" role_reason)"
check "A and B hold each other's tables" busywait 20000 pair_synced

check "c1: a busy TCP connection from C through A" chat_start c1 "$C" 10.0.2.100 5001 41001
ip netns exec "$D" iperf3 -c 10.0.2.100 -p 5201 --cport 42001 -t 30 -b 5M -J \
	>/tmp/nsrp-iperf.json 2>&1 &
iperf_pid=$!
check "B holds c1's copy" busywait 5000 owner_is "$B" 41001 peer
check "B holds the iperf3 stream's copy" busywait 5000 owner_is "$B" 42001 peer

# 2. The manager makes B primary
monitor_start a "$A"
check "B set primary" ctl "$B" set role primary
check "A steps down: B primary, A backup" busywait 5000 roles_are "$B" "$A"
check "A's event says why" monitor_wait a '.event == "role" and .role == "backup"' 2000
expect_eq "A's reason" peer-claim "$(jq -r .reason <<<"$MON_EVENT")"
info "A's event: $MON_EVENT"
check "c1 is B's own" busywait 5000 owner_is "$B" 41001 local
check "A keeps a copy of c1" owner_is "$A" 41001 peer
check "the iperf3 stream is B's own" busywait 5000 owner_is "$B" 42001 local
ha_route "$B"
check "c1 carries data through B" chat_progress c1 5
check "the tables agree" busywait 10000 converged
expect_eq "A has no session of its own" 0 "$(show_of "$A" .sessions_local)"

# 3. Planned failover back to A
out=$(ctl "$B" failover 2>&1)
check "nsrpctl failover on B succeeds" test $? -eq 0
info "nsrpctl failover: $out"
check "A primary, B backup" busywait 5000 roles_are "$A" "$B"
expect_eq "A's reason" failover "$(sync_of "$A" role_reason)"
expect_eq "B's reason" failover "$(sync_of "$B" role_reason)"
check "c1 is A's own again" busywait 5000 owner_is "$A" 41001 local
check "B keeps a copy of c1" owner_is "$B" 41001 peer
ha_route "$A"
check "c1 carries data through A" chat_progress c1 5
check "the tables agree" busywait 10000 converged
expect_eq "a failover counted on B" 1 "$(stat_of "$B" ha_failovers)"

# 4. What failover refuses
out=$(ctl "$B" failover 2>&1)
check "failover on the backup fails" test $? -ne 0
check "... saying it is not primary ($out)" grep -q "not primary" <<<"$out"
ip -n "$B" link set ha0 down
check "A sees B down" busywait 10000 sync_is "$A" peer down
out=$(ctl "$A" failover 2>&1)
check "failover with no live peer fails" test $? -ne 0
check "... saying there is no live peer ($out)" grep -q "live peer" <<<"$out"
expect_eq "manual mode: B stays backup with its peer dead" backup "$(role_of "$B")"
ip -n "$B" link set ha0 up
check "the pair is back in sync" busywait 20000 pair_synced
check "A primary, B backup" roles_are "$A" "$B"

check "c1: every line echoed, no reset" chat_stop c1
info "c1: $CHAT_DONE"
wait "$iperf_pid"
expect_eq "the iperf3 stream ran its 30 s through both changes" 0 "$?"
expect_eq "iperf3 reported no error" "" "$(jq -r '.error // empty' /tmp/nsrp-iperf.json)"
expect_eq "no enforcement drop on A" 0 "$(stat_of "$A" enforce_drops)"
expect_eq "no enforcement drop on B" 0 "$(stat_of "$B" enforce_drops)"
exit "$nsrp_failed"
