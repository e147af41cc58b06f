#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nsrp-test: stock-only (deadlines too tight for the KASAN kernel under TCG)
#
# Juniper KB7701 end to end, with enforcement on at both routers and short
# timeouts: tcp 2 s, multiplier 8, so B's copy of an established connection
# lives 16 s unless renewed. A connection is kept busy through A for 20 s,
# longer than that, then A fails:
#
#  - ageout-ack on (nsrp's default): B asked A before its copy ran out, was
#    told ACTIVE and renewed it; B takes it over and the connection goes on.
#  - ageout-ack off (the classic behaviour): B's copy aged out at 16 s
#    while A still carried the connection; after the failover B has no
#    session for it and drops it, as KB7701 describes.
#
# Topology: lib.sh's setup_ha_topology, rebuilt for each case.
source "$(dirname "$0")/lib.sh"
trap pair_cleanup EXIT

TCP_T=2 MULT=8 BUSY_S=20
HA_HELLO_MS=1000

for ack in on off; do
	TEST=test_ha_kb7701[ageout-ack-$ack]
	cleanup_namespaces
	setup_ha_topology
	tcp_echo_server "$S" TCP4-LISTEN:5001
	wait_listen "$S" tcp 5001
	check "nsrp on A and B, tcp $TCP_T s, multiplier $MULT, ageout-ack $ack" \
		ha_enable timeout tcp $TCP_T multiplier $MULT ageout-ack $ack
	check "A primary, B backup" busywait 20000 roles_are "$A" "$B"
	check "A and B hold each other's tables" busywait 20000 pair_synced
	check "a busy connection through A" chat_start k "$C" 10.0.2.100 5001 43001
	check "B holds its established copy" busywait 5000 sess_state_is "$B" 43001 peer established
	expect_eq "the copy lives $MULT x $TCP_T s" $((MULT * TCP_T)) \
		"$(field_at "$B" 43001 peer timeout_s)"

	[[ $ack == on ]] && monitor_start "k-$ack" "$B"
	# Busy for BUSY_S seconds, sampling B's copy.
	t0=$(now_ms) present=0 absent=0
	while (($(now_ms) < t0 + BUSY_S * 1000)); do
		if has_sess "$B" 43001 peer; then present=$((present + 1)); else absent=$((absent + 1)); fi
		sleep 0.5
	done
	info "B's copy over $BUSY_S s: present at $present samples, absent at $absent"
	check "A still carries the connection" owner_is "$A" 43001 local

	ip -n "$A" link set ha0 down
	check "B takes over" busywait 10000 role_is "$B" primary
	ha_route "$B"
	if [[ $ack == on ]]; then
		expect_eq "the copy never left B" 0 "$absent"
		check "B's events told of ageout-ack answers: kept" \
			monitor_wait "k-$ack" '.event == "ageout" and .kept >= 1' 1000
		info "B's event: $MON_EVENT"
		check "B owns the connection" owner_is "$B" 43001 local
		check "the connection carries data through B" chat_progress k 5
		check "every line echoed, no reset" chat_stop k
		info "$CHAT_DONE"
		expect_eq "no enforcement drop on B" 0 "$(stat_of "$B" enforce_drops)"
	else
		check "the copy left B before the failover" test "$absent" -gt 0
		check "B has no session for it" no_sess "$B" 43001 local
		check "B drops the connection's packets (enforcement)" busywait 5000 \
			stat_above "$B" enforce_drops 0
		if chat_progress k 3; then
			not_ok "the connection is dead after the failover"
		else
			ok "the connection is dead after the failover"
		fi
		chat_stop k
		info "$CHAT_DONE"
	fi
done
exit "$nsrp_failed"
