#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nsrp-test: stock-only (deadlines too tight for the KASAN kernel under TCG)
#
# Authentication and the replay window.
#
#  1. Same key on both: replication works, every frame on the wire carries
#     the MAC flag and a MAC that verifies (HMAC-SHA256 truncated to 16
#     octets, checked here in Python against the kernel's frames).
#  2. B with another key: A's frames fail B's check (bad_mac) and B's fail
#     A's; A's new sessions do not reach B, whose table is unchanged.
#  3. B with no key while A has one: A drops B's unsigned frames (no_mac),
#     B drops A's signed ones (bad_mac); B's table is unchanged.
#  4. The same key again: B's copies converge to A's table.
#  5. Forged frames injected on the HA link, with A's identity and a fresh
#     sequence number: unsigned (no_mac), signed with another key
#     (bad_mac); neither installs its session.
#  6. Replay: A's frames captured on the HA link and sent again after B
#     accepted them, one carrying a session A has deleted since: every one
#     counted as a replay, the session not back.
#
#   client (C) ---- A (node 1) ---- server (S)
#                   | ha0
#                   B (node 2)
source "$(dirname "$0")/lib.sh"
trap pair_cleanup EXIT

K1=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
K2=ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100
PCAP=/tmp/nsrp-auth-$$.pcap

# b_unchanged DESCRIPTION KEYS: B gained no copy beyond KEYS (session_keys).
# Copies may only have gone meanwhile: A's older flows expire and close on a
# slow guest, but nothing the rejected frames carried may have arrived.
b_unchanged() {
	local added
	echo "$2" >/tmp/nsrp-auth.before
	session_keys "$B" peer >/tmp/nsrp-auth.now || { not_ok "$1 (nsrpctl failed)"; return; }
	added=$(comm -13 /tmp/nsrp-auth.before /tmp/nsrp-auth.now)
	if [[ -z $added ]]; then
		ok "$1"
	else
		not_ok "$1 (new on B: $(head -3 <<<"$added" | tr '\n' ';'))"
	fi
}

# a_sends_upserts N: new flows from C, N of them, and A has sent their
# upserts; then one more frame of A's reached B's check (a later one, by
# the drop counter COUNTER of B moving past its value then).
a_sends_upserts() {
	local sport=$1 counter=$2 up c
	up=$(stat_of "$A" sync_tx_upsert)
	udp_flows "$C" 198.51.100.2 5002 "$sport" 5
	busywait 5000 stat_above "$A" sync_tx_upsert $((up + 4)) || return 1
	c=$(stat_of "$B" "$counter")
	busywait 5000 stat_above "$B" "$counter" "$c"
}

setup_pair_topology
udp_sink "$S" 5002
check "enable replication with a shared key" pair_enable timeout udp 120 key $K1
check "A and B are in sync" busywait 20000 pair_synced
expect_eq "both show that a key is set" "true true" "$(show_of "$A" .key) $(show_of "$B" .key)"
key_hidden() { [[ "$(ctl "$A" show) $(ctl "$A" -j show)" != *"${K1:0:16}"* ]]; }
check "and not the key itself" key_hidden

# 1. signed frames on the wire
from_both() {
	local d
	d=$(python3 "$FRAMES" decode "$PCAP")
	grep -q ' node=1 ' <<<"$d" && grep -q ' node=2 ' <<<"$d"
}
capture_start "$A" ha0 "$PCAP"
udp_flows "$C" 198.51.100.2 5002 35000 5
check "with the same key, A's sessions reach B" busywait 5000 peer_has "$B" 5
busywait 5000 from_both
capture_stop
dec=$(python3 "$FRAMES" decode "$PCAP" --key $K1)
n=$(grep -c . <<<"$dec")
info "captured $n frames: $(grep -c ' node=1 ' <<<"$dec") from A, $(grep -c ' node=2 ' <<<"$dec") from B"
expect_above "frames captured on the HA link" 0 "$n"
expect_eq "every frame has the MAC flag" 0 "$(grep -vc ' f=1 ' <<<"$dec")"
expect_eq "every MAC verifies: HMAC-SHA256 with the key, first 16 octets" 0 \
	"$(grep -vc ' mac=ok$' <<<"$dec")"
expect_eq "the upserts of the 5 flows were among them" 5 \
	"$(grep -o 'upsert 4 17 192.0.2.2 3500[0-4] ' <<<"$dec" | sort -u | wc -l)"

# 2. another key on B
keys_b=$(session_keys "$B" peer)
bm_a=$(stat_of "$A" sync_drop_bad_mac)
bm_b=$(stat_of "$B" sync_drop_bad_mac)
check "B takes another key" ctl "$B" set key $K2
check "A's frames fail B's MAC check, counted" busywait 5000 stat_above "$B" sync_drop_bad_mac "$bm_b"
check "B's frames fail A's MAC check, counted" busywait 5000 stat_above "$A" sync_drop_bad_mac "$bm_a"
check "A sends the upserts of 5 new flows, B drops them (bad MAC)" \
	a_sends_upserts 35100 sync_drop_bad_mac
b_unchanged "with another key, B installs nothing" "$keys_b"

# 3. no key on B
nm_a=$(stat_of "$A" sync_drop_no_mac)
check "B drops its key" ctl "$B" set key none
expect_eq "B shows no key" false "$(show_of "$B" .key)"
check "A drops B's unsigned frames (no MAC)" busywait 5000 stat_above "$A" sync_drop_no_mac "$nm_a"
check "A sends the upserts of 5 new flows; B, without a key, drops them (bad MAC)" \
	a_sends_upserts 35200 sync_drop_bad_mac
b_unchanged "without a key, B installs nothing" "$keys_b"

# 4. the shared key again
check "B takes the shared key again" ctl "$B" set key $K1
t0=$(now_ms)
if busywait 30000 converged; then
	ok "B's copies converge to A's 15 sessions ($(($(now_ms) - t0)) ms)"
else
	not_ok "B's copies converge to A's 15 sessions ($(table_diff))"
fi
check "A and B are in sync again" busywait 20000 pair_synced

# 5. forged frames: A's node id, cluster and epoch, a sequence far ahead
bmac=$(dev_mac "$B" ha0)
# shellcheck disable=SC2054 # a record's fields are comma-separated
forge=(--dst "$bmac" --cluster "$(show_of "$A" .cluster_id)" --node 1
	--epoch "$(sync_of "$A" epoch)" upsert,udp,10.99.0.1,1111,10.99.0.2,2222,active,60000,60000)
nm=$(stat_of "$B" sync_drop_no_mac)
frames_in "$A" send ha0 --seq 4000000000 "${forge[@]}" >/dev/null
check "B drops a forged unsigned frame (no MAC)" busywait 3000 stat_above "$B" sync_drop_no_mac "$nm"
bm=$(stat_of "$B" sync_drop_bad_mac)
frames_in "$A" send ha0 --seq 4000000001 --key $K2 "${forge[@]}" >/dev/null
check "B drops a forged frame signed with another key (bad MAC)" \
	busywait 3000 stat_above "$B" sync_drop_bad_mac "$bm"
expect_eq "neither installed its session" 0 "$(ctl "$B" -j session list addr 10.99.0.1 | jq length)"

# 6. replay
capture_start "$A" ha0 "$PCAP" --direction out
udp_flows "$C" 198.51.100.2 5002 35300 1
check "B holds the copy of a new flow" busywait 5000 has_sess "$B" 35300
capture_stop
expect_eq "A deletes its session" 1 "$(ctl "$A" -j session del port 35300 | jq .deleted)"
check "and B's copy goes" busywait 3000 no_sess "$B" 35300
keys_b=$(session_keys "$B" peer)
rp=$(stat_of "$B" sync_drop_replay)
sent=$(frames_in "$A" replay ha0 "$PCAP" | awk '{ print $2 }')
expect_above "A's frames sent again on the HA link" 0 "${sent:-0}"
info "replayed $(python3 "$FRAMES" decode "$PCAP" | grep -c ' t=1 ') DATA and $(python3 "$FRAMES" decode "$PCAP" | grep -c ' t=2 ') CONTROL frames"
busywait 5000 stat_above "$B" sync_drop_replay $((rp + ${sent:-1} - 1))
expect_eq "B counts every replayed frame as a replay" "${sent:-0}" \
	$(($(stat_of "$B" sync_drop_replay) - rp))
b_unchanged "replays install nothing: the deleted flow is not back" "$keys_b"
if converged; then
	ok "B's copies are still A's sessions"
else
	not_ok "B's copies are still A's sessions ($(table_diff))"
fi
rm -f "$PCAP"
exit $nsrp_failed
