#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nsrp-test: stock-only (deadlines too tight for the KASAN kernel under TCG)
#
# Juniper KB7701 with short timeouts: tcp 2 s, multiplier 8, so B's copy of
# an established connection lives 16 s unless renewed.
#
#  1. ageout-ack on: a connection kept busy on A for more than three times
#     the copy's lifetime stays on B the whole time; B asked A and was told
#     ACTIVE, and the copy was renewed.
#  2. ageout-ack off (the classic behaviour): a connection kept as busy
#     leaves B about 16 s after it was established, while A still has it.
#  3. ageout-ack on, an idle flow (udp 8 s, multiplier 2: copy 16 s): traffic
#     until 12 s, then none; B's query at about 15 s (3 s after the last
#     packet: idle, as more than timeout/4) is answered IDLE and the copy's
#     lifetime becomes A's remaining time, about 5 s (within 1 s).
#
#   client (C) ---- A (node 1) ---- server (S)
#                   | ha0
#                   B (node 2)
source "$(dirname "$0")/lib.sh"
trap pair_cleanup EXIT

TCP_T=2 MULT=8
COPY_MS=$((TCP_T * MULT * 1000))
ACTIVE_S=${NSRP_KB7701_ACTIVE_S:-50}

setup_pair_topology
tcp_echo_server "$S" TCP4-LISTEN:5001
udp_sink "$S" 5002
wait_listen "$S" tcp 5001
check "enable replication, tcp timeout $TCP_T s, multiplier $MULT, ageout-ack on" \
	pair_enable timeout tcp $TCP_T multiplier $MULT ageout-ack on
check "A and B are in sync" busywait 20000 pair_synced

# 1. ageout-ack on: present at every sample for ACTIVE_S seconds
st0=$(stats_of "$B")
check "a busy connection through A" chat_start k1 "$C" 198.51.100.2 5001 43001
check "B holds its established copy" busywait 5000 sess_state_is "$B" 43001 peer established
expect_eq "the copy lives $MULT x $TCP_T s" $((MULT * TCP_T)) "$(field_at "$B" 43001 peer timeout_s)"
t0=$(now_ms)
samples=0 absent=0 renewals=0 min_exp=$COPY_MS prev=$COPY_MS timeouts=
while (($(now_ms) < t0 + ACTIVE_S * 1000)); do
	c=$(sess_at "$B" 43001)
	samples=$((samples + 1))
	if [[ -z $c ]]; then
		absent=$((absent + 1))
		((absent <= 3)) && info "no copy on B at $(($(now_ms) - t0)) ms"
	else
		e=$(jq .expires_ms <<<"$c")
		timeouts+=" $(jq .timeout_s <<<"$c")"
		((e < min_exp)) && min_exp=$e
		((e > prev + 2000)) && renewals=$((renewals + 1))
		prev=$e
	fi
	sleep 0.5
done
expect_eq "with ageout-ack, the copy is on B at every sample over $ACTIVE_S s ($samples samples)" \
	0 "$absent"
info "the least lifetime left seen on B: $min_exp ms"
expect_range "the copy was renewed (lifetime went up) at least twice" 2 1000 "$renewals"
expect_eq "and kept its timeout of $((MULT * TCP_T)) s" "$((MULT * TCP_T))" \
	"$(tr ' ' '\n' <<<"$timeouts" | sort -u | xargs)"
st1=$(stats_of "$B")
expect_above "B's queries were answered ACTIVE" 0 "$(delta_of "$st0" "$st1" sync_age_active)"
info "B: queries $(delta_of "$st0" "$st1" sync_age_queries), active $(delta_of "$st0" "$st1" sync_age_active), idle $(delta_of "$st0" "$st1" sync_age_idle), no answer $(delta_of "$st0" "$st1" sync_age_no_answer)"
expect_eq "A's session is still established" established "$(field_at "$A" 43001 local state)"
check "the connection echoed every line" chat_stop k1
info "$CHAT_DONE"

# 2. ageout-ack off: gone from B at 8 x, although A keeps it
check "ageout-ack off on both" pair_set ageout-ack off
expect_eq "show says so" "false false" "$(show_of "$A" .ageout_ack) $(show_of "$B" .ageout_ack)"
check "another busy connection through A" chat_start k2 "$C" 198.51.100.2 5001 43002
t_up=$CHAT_UP_MS
check "B holds its established copy" busywait 5000 sess_state_is "$B" 43002 peer established
last=0 gone=0
while (($(now_ms) < t_up + COPY_MS + 8000)); do
	t=$(now_ms)
	if no_sess "$B" 43002; then
		gone=$(now_ms)
		break
	fi
	last=$t
	sleep 0.1
done
if ((last == 0)); then
	not_ok "without ageout-ack the copy leaves B at $MULT x $TCP_T s (never seen on B)"
elif ((gone)); then
	info "the copy left B between $((last - t_up)) and $((gone - t_up)) ms after the connection was established"
	expect_range "without ageout-ack the copy leaves B at $MULT x $TCP_T s (ms)" \
		$((COPY_MS - 1000)) $((COPY_MS + 2500)) $((gone - t_up))
else
	not_ok "without ageout-ack the copy leaves B at $MULT x $TCP_T s (still there after $((($(now_ms) - t_up) / 1000)) s)"
fi
expect_eq "while A still has the session, established" "local established" \
	"$(sess_at "$A" 43002 local | jq -r '"\(.owner) \(.state)"')"
check "the connection echoed every line" chat_stop k2

# 3. ageout-ack on, an idle flow: the copy lives as long as A's session
UDP_T=8 MULT=2
check "ageout-ack on, udp timeout $UDP_T s, multiplier $MULT" \
	pair_set ageout-ack on timeout udp $UDP_T multiplier $MULT
st0=$(stats_of "$B")
ip netns exec "$C" python3 -u "$TRAFFIC" udp-pace 198.51.100.2 5002 --sport 43003 \
	--interval 0.3 --seconds 12 >/tmp/nsrp-pace.out 2>&1 &
pace=$!
busywait 10000 grep -q '^first' /tmp/nsrp-pace.out
t0=$(awk '/^first/{ print $2 }' /tmp/nsrp-pace.out)
check "B holds a copy of the flow, for $MULT x $UDP_T s" \
	busywait 3000 field_is "$B" 43003 peer timeout_s $((MULT * UDP_T))
wait $pace
info "traffic from 0 to $(($(awk '/^last/{ print $2 }' /tmp/nsrp-pace.out) - t0)) ms"
if busywait $((MULT * UDP_T * 1000 + 4000)) stat_above "$B" sync_age_idle "$(jq .sync_age_idle <<<"$st0")"; then
	t_idle=$(now_ms)
	# A's and B's expiry times, each read between two clock readings
	ta0=$(now_ms)
	ea=$(field_at "$A" 43003 local expires_ms)
	ta1=$(now_ms)
	eb=$(field_at "$B" 43003 peer expires_ms)
	tb1=$(now_ms)
	ok "B's query was answered IDLE, $((t_idle - t0)) ms after the flow began"
	# Seen by polling, which takes a second or more on an emulated guest.
	expect_range "the answer came before the copy was due" 0 $((MULT * UDP_T * 1000 + 2500)) \
		$((t_idle - t0))
	if [[ -n $ea && -n $eb ]]; then
		due_a=$(((ta0 + ta1) / 2 + ea))
		due_b=$(((ta1 + tb1) / 2 + eb))
		info "A's session has $ea ms left, B's copy $eb ms (read $((ta1 - ta0)) and $((tb1 - ta1)) ms apart)"
		expect_range "B's copy is due when A's session is (ms apart)" -1000 1000 $((due_b - due_a))
	else
		not_ok "B's copy is due when A's session is (A: '${ea}', B: '${eb}')"
	fi
else
	not_ok "B's query was answered IDLE (no idle answer counted)"
fi
if busywait 8000 no_sess "$A" 43003 local; then
	t_a=$(now_ms)
	# A's GC reaps (and reports the close) within 1 s of due
	check "the copy leaves B with A's session (within 2.5 s)" busywait 2500 no_sess "$B" 43003
	info "A's session gone at $((t_a - t0)) ms, B's copy at $(($(now_ms) - t0)) ms"
else
	not_ok "A's idle session expires"
fi
rm -f /tmp/nsrp-pace.out
exit $nsrp_failed
