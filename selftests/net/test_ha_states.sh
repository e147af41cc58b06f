#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every change of role and what it does to the table, with no deadline
# tighter than tens of seconds: this one runs on the debug kernel too, so
# that KASAN, lockdep and kmemleak see hellos, takeover, hand-over, claims
# and split brains. 20 UDP sessions through A (node 1):
#
#  1. auto: A primary, B backup, B holds 20 copies;
#  2. planned failover: B primary, owning the 20, A holding copies;
#  3. B's link down: A takes the 20 over (peer-dead);
#  4. link up: split brain, A (node 1) wins, B hands its sessions over;
#  5. manual: B set primary claims the role, A steps down, B owns the 20;
#  6. B disabled: A stays backup (manual), then set primary takes them over.
#
#   client (C) ---- A (node 1) ---- server (S)
#                   | ha0
#                   B (node 2)
source "$(dirname "$0")/lib.sh"
trap pair_cleanup EXIT

N=20 T=60000
setup_pair_topology
udp_sink "$S" 5002
check "replication on A and B, auto mode" pair_enable timeout udp 600
check "1. A primary, B backup" busywait $T roles_are "$A" "$B"
check "A and B hold each other's tables" busywait $T pair_synced
check "$N udp flows through A" udp_flows "$C" 198.51.100.2 5002 30000 $N
check "B holds $N copies" busywait $T peer_has "$B" $N

out=$(ctl "$A" failover 2>&1)
check "2. nsrpctl failover on A ($out)" test $? -eq 0
check "B primary, A backup" busywait $T roles_are "$B" "$A"
check "B owns the $N sessions" busywait $T local_has "$B" $N
check "A holds $N copies" busywait $T peer_has "$A" $N
expect_eq "A's reason" failover "$(sync_of "$A" role_reason)"

ip -n "$B" link set ha0 down
check "3. B's link down: A takes over" busywait $T role_is "$A" primary
expect_eq "A's reason" peer-dead "$(sync_of "$A" role_reason)"
check "A owns the $N sessions" busywait $T local_has "$A" $N
expect_eq "no copies left on A" 0 "$(show_of "$A" .sessions_peer)"

ip -n "$B" link set ha0 up
check "4. link up: A primary, B backup" busywait $T roles_are "$A" "$B"
expect_eq "B's reason" split-brain "$(sync_of "$B" role_reason)"
check "B hands its sessions over and holds copies" busywait $T peer_has "$B" $N
check "A owns the $N sessions" busywait $T local_has "$A" $N
check "the tables agree" busywait $T converged

check "5. manual mode on both" pair_set mode manual
expect_eq "the roles stay" "primary backup" "$(role_of "$A") $(role_of "$B")"
check "B set primary" ctl "$B" set role primary
check "A steps down" busywait $T roles_are "$B" "$A"
expect_eq "A's reason" peer-claim "$(sync_of "$A" role_reason)"
check "B owns the $N sessions" busywait $T local_has "$B" $N
check "A holds $N copies" busywait $T peer_has "$A" $N

check "6. B disabled" ctl "$B" set disable
check "A sees B down" busywait $T sync_is "$A" peer down
expect_eq "manual: A stays backup" backup "$(role_of "$A")"
expect_eq "A still holds $N copies" "$N" "$(show_of "$A" .sessions_peer)"
check "A set primary" ctl "$A" set role primary
check "A owns the $N sessions" busywait $T local_has "$A" $N
expect_eq "A's reason" config "$(sync_of "$A" role_reason)"
expect_eq "taken over, counted" 1 "$(($(stat_of "$A" ha_taken_over) >= N))"
exit "$nsrp_failed"
