#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nsrp-test: stock-only (deadlines too tight for the KASAN kernel under TCG)
#
# The old primary returns. A (priority 50, preferred) and B (100), both
# with preempt and a 2 s hold-down, enforcement on:
#
#  1. A primary; a busy TCP connection (c1) through A.
#  2. A goes down (disabled: its table is gone, it falls silent, as in a
#     crash): B takes over and c1 moves through B.
#  3. A comes back empty: it becomes backup, gets B's table by bulk sync,
#     and only then, after the hold-down, takes the primary role back
#     (preempt); B hands it every session. c1 moves back to A and never
#     lost a line.
#
# Topology: lib.sh's setup_ha_topology.
source "$(dirname "$0")/lib.sh"
trap pair_cleanup EXIT

setup_ha_topology
tcp_echo_server "$S" TCP4-LISTEN:5001
wait_listen "$S" tcp 5001

check "A: node 1, priority 50, preempt, hold-down 2 s" \
	node_enable "$A" 1 enforce on priority 50 preempt on hold-down 2000
check "B: node 2, priority 100, preempt, hold-down 2 s" \
	node_enable "$B" 2 enforce on priority 100 preempt on hold-down 2000
check "A primary, B backup" busywait 20000 roles_are "$A" "$B"
check "A and B hold each other's tables" busywait 20000 pair_synced
check "c1: a busy TCP connection from C through A" chat_start c1 "$C" 10.0.2.100 5001 41001
check "B holds c1's copy" busywait 5000 owner_is "$B" 41001 peer

# 2. A goes down
check "A disabled" ctl "$A" set disable
check "B takes over" busywait 10000 role_is "$B" primary
expect_eq "B's reason" peer-dead "$(sync_of "$B" role_reason)"
expect_eq "A holds no role while disabled" init "$(role_of "$A")"
check "c1 is B's own" owner_is "$B" 41001 local
ha_route "$B"
check "c1 carries data through B" chat_progress c1 5

# 3. A comes back
monitor_start a "$A"
check "A enabled again" ctl "$A" set enable
check "A becomes backup first" monitor_wait a '.event == "role" and .role == "backup"' 10000
backup_t=$(jq -r .time <<<"$MON_EVENT")
check "A's bulk sync ends" monitor_wait a '.event == "bulk-end"' 20000
bulk=$MON_EVENT
info "A's bulk sync: $bulk"
expect_range "B's sessions came in bulk" 1 1000 "$(jq -r .sessions <<<"$bulk")"
check "A takes the primary role back" monitor_wait a '.event == "role" and .role == "primary"' 20000
primary=$MON_EVENT
info "A's role event: $primary"
expect_eq "A's reason" preempt "$(jq -r .reason <<<"$primary")"
check "A preempted only after its bulk sync and the hold-down" jq -e -n \
	--argjson b "$bulk" --argjson p "$primary" '$p.time >= $b.time + 1.9'
check "... and after it became backup" jq -e -n --argjson p "$primary" \
	"\$p.time > $backup_t"
check "B backup again" busywait 5000 role_is "$B" backup
check "c1 is A's own again" busywait 5000 owner_is "$A" 41001 local
check "B keeps a copy of c1" owner_is "$B" 41001 peer
ha_route "$A"
check "c1 carries data through A" chat_progress c1 5
check "the tables agree" busywait 10000 converged
check "c1: every line echoed, no reset" chat_stop c1
info "c1: $CHAT_DONE"
expect_eq "no enforcement drop on A" 0 "$(stat_of "$A" enforce_drops)"
expect_eq "no enforcement drop on B" 0 "$(stat_of "$B" enforce_drops)"
exit "$nsrp_failed"
