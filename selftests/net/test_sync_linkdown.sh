#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nsrp-test: stock-only (deadlines too tight for the KASAN kernel under TCG)
#
# Owner unreachable: with ageout-ack on, a copy is never removed only
# because the owner does not answer. Timeouts tcp 2 s and udp 2 s,
# multiplier 3: copies live 6 s. With the HA link down, B keeps the copy of
# a busy connection and that of a flow A has meanwhile expired, well past
# their lifetime, and keeps asking. With the link back, B's questions are
# answered: the busy connection's copy stays (ACTIVE), the expired flow's
# goes.
#
# The roles are manual (A primary, B backup), so that B stays backup with
# its peer silent: in auto mode it would take the sessions over instead
# (test_ha_failover.sh).
#
#   client (C) ---- A (node 1) ---- server (S)
#                   | ha0  <- down, then up again
#                   B (node 2)
source "$(dirname "$0")/lib.sh"
trap pair_cleanup EXIT

TCP_T=2 UDP_T=2 MULT=3
COPY_MS=$((MULT * TCP_T * 1000))

setup_pair_topology
tcp_echo_server "$S" TCP4-LISTEN:5001
udp_sink "$S" 5002
wait_listen "$S" tcp 5001
check "enable replication, tcp and udp timeouts 2 s, multiplier $MULT, ageout-ack on, manual roles" \
	pair_enable timeout tcp $TCP_T timeout udp $UDP_T multiplier $MULT ageout-ack on mode manual
check "A set primary" ctl "$A" set role primary
check "A and B are in sync" busywait 20000 pair_synced

check "a busy connection through A" chat_start ld "$C" 198.51.100.2 5001 44001
check "B holds its established copy" busywait 5000 sess_state_is "$B" 44001 peer established
# From here to the link going down must stay under A's udp timeout (2 s):
# A's close of the flow must not reach B first.
st0=$(stats_of "$B")
udp_flows "$C" 198.51.100.2 5002 44002 1
t_udp=$(now_ms)
check "B holds a copy of a udp flow" busywait 3000 has_sess "$B" 44002

# samples NS PORT UNTIL_MS: sample NS every 0.5 s until UNTIL_MS (epoch ms);
# ABSENT is how many samples did not show the copy of PORT, SAMPLES how many.
samples() {
	SAMPLES=0 ABSENT=0
	while (($(now_ms) < $3)); do
		SAMPLES=$((SAMPLES + 1))
		if no_sess "$1" "$2"; then
			ABSENT=$((ABSENT + 1))
			((ABSENT <= 3)) && info "no copy of port $2 on B at $(($(now_ms) - t_down)) ms"
		fi
		sleep 0.5
	done
}

ip -n "$A" link set ha0 down
t_down=$(now_ms)
info "the link went down $((t_down - t_udp)) ms after the udp flow"
check "B sees its peer down" busywait 10000 peer_is "$B" down
info "B saw the peer down $(($(now_ms) - t_down)) ms after the link went down"
# Copies due by t_down + 6 s at the latest: sample to 5 s past that.
samples "$B" 44001 $((t_down + COPY_MS + 5000))
expect_eq "the busy connection's copy stays on B past its lifetime ($SAMPLES samples over $(((COPY_MS + 5000) / 1000)) s)" \
	0 "$ABSENT"
check "A's udp session expired meanwhile" no_sess "$A" 44002 local
check "the udp flow's copy stays on B past its lifetime too" has_sess "$B" 44002
st1=$(stats_of "$B")
q=$(delta_of "$st0" "$st1" sync_age_queries)
na=$(delta_of "$st0" "$st1" sync_age_no_answer)
expect_above "B kept asking (queries and unanswered queries)" 0 $((q + na))
info "while the link was down, B counted $q queries, $na unanswered"

ip -n "$A" link set ha0 up
t_up=$(now_ms)
check "B hears A again" busywait 10000 peer_is "$B" up
# Unanswered queries back off (to 16 s and more), so the next one may be
# a while coming; a bulk sync on the link's return may come first.
check "B's queries are answered ACTIVE for the busy connection" \
	busywait 40000 stat_above "$B" sync_age_active "$(jq .sync_age_active <<<"$st1")"
info "first ACTIVE answer $(($(now_ms) - t_up)) ms after the link came back"
check "the expired flow's copy leaves B" busywait 40000 no_sess "$B" 44002
info "the expired flow's copy left B $(($(now_ms) - t_up)) ms after the link came back"
check "B's table is A's again (bulk sync done)" busywait 10000 sync_done "$B"
samples "$B" 44001 $(($(now_ms) + COPY_MS + 2000))
expect_eq "the busy connection's copy stays on B after the link came back ($SAMPLES samples)" \
	0 "$ABSENT"
if converged; then
	ok "B's copies are A's sessions"
else
	not_ok "B's copies are A's sessions ($(table_diff))"
fi
check "the connection through A was never disturbed (every line echoed)" chat_stop ld
info "$CHAT_DONE"
exit $nsrp_failed
