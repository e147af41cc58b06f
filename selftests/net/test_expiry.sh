#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Timeouts and closes, with shortened timeouts: a session is reaped within
# one second of its due time, TCP FINs move it to the short closing timeout,
# a RST removes it at once, and the timeout a session is refreshed to follows
# its state.
source "$(dirname "$0")/lib.sh"
require socat
trap cleanup_namespaces EXIT

setup_router_topology
ctl "$R" set enable timeout udp 3 timeout tcp-closing 5 timeout icmp 2
check "shortened timeouts are shown" \
	test "$(ctl "$R" -j show | jq -c '[.timeouts.udp, .timeouts.tcp_closing, .timeouts.icmp]')" = "[3,5,2]"

ip netns exec "$S" socat -u UDP4-RECV:5002 /dev/null &
wait_listen "$S" udp 5002

# UDP: one packet, then nothing; gone from the list exactly at its 3 s
# timeout, and reaped (counted) by the GC within a second of it.
watch_start "$R" port 41000 expired
echo x | ip netns exec "$C" socat -u - UDP4-SENDTO:198.51.100.2:5002,sourceport=41000
watch_end
expect_on_time "udp session leaves the list at its 3 s timeout" 3000 100 "$SEEN_MS" "$GONE_MS"
expect_on_time "udp session reaped by the GC within 1 s of due" 3000 1000 "$CSEEN_MS" "$CGONE_MS"

# Traffic refreshes: a packet every second keeps it past its timeout, and
# each refresh restores the full 3 s.
for i in 1 2 3 4 5; do
	echo r | ip netns exec "$C" socat -u - UDP4-SENDTO:198.51.100.2:5002,sourceport=41001
	sleep 1
done
t_send=$(now_ms)
echo r | ip netns exec "$C" socat -u - UDP4-SENDTO:198.51.100.2:5002,sourceport=41001
left=$(sessions "$R" '.[] | select(.sport==41001) | .expires_ms')
since=$(($(now_ms) - t_send))
expect_eq "refreshed udp session outlives its timeout" 1 "$([[ -n $left ]] && echo 1)"
expect_range "a refresh restores the full timeout (ms left, $since ms after sending)" \
	"$((3000 - since))" 3000 "${left:-none}"

# TCP: handshake, data, FIN both ways -> closing (5 s) -> gone
tcp_echo_server "$S" TCP4-LISTEN:5001
wait_listen "$S" tcp 5001
tcp_open t "$C" TCP4:198.51.100.2:5001,sourceport=41002
tcp_send t ping
check "tcp connection carries data" tcp_expect t ping 10000
expect_eq "tcp session established, refreshed to 1800 s" "established 1800" \
	"$(sessions "$R" '.[] | select(.sport==41002)' | jq -r '"\(.state) \(.timeout_s)"')"
# NSRP_STATE_CLOSING is 5 in enum nsrp_session_state.
closed0=$(stat_of "$R" closed)
watch_start "$R" port 41002 expired 5
tcp_close t
watch_end
if ((SHI_MS < 0)); then
	not_ok "FINs from both sides move the session to closing (never seen closing)"
else
	ok "FINs from both sides move the session to closing"
	# Due tcp-closing (5 s) after it became closing; bounds as in expect_on_time.
	if ((GONE_MS >= SLO_MS + 5000 && SEEN_MS <= SHI_MS + 5000 + 1000)); then
		ok "closed tcp session leaves at its 5 s closing timeout (closing in [0, $((SHI_MS - SLO_MS))], gone in [$((SEEN_MS - SLO_MS)), $((GONE_MS - SLO_MS))] ms)"
	else
		not_ok "closed tcp session leaves at its 5 s closing timeout (closing in [0, $((SHI_MS - SLO_MS))], gone in [$((SEEN_MS - SLO_MS)), $((GONE_MS - SLO_MS))] ms)"
	fi
fi
expect_eq "and expired, not closed by a RST" "$closed0" "$(stat_of "$R" closed)"
# RST: a connection refused removes its session at once
closed0=$(stat_of "$R" closed)
ip netns exec "$C" socat -u - TCP4:198.51.100.2:5009,sourceport=41003 </dev/null 2>/dev/null
check "connection to a closed port is refused" test $? != 0
expect_eq "the RST removed the session" 0 "$(sessions "$R" '[.[] | select(.sport==41003)] | length')"
check "closed counter counts the RST" test "$(stat_of "$R" closed)" -gt "$closed0"

# ICMP with its own timeout
watch_start "$R" proto 1 expired
ip netns exec "$C" ping -c 1 -W 2 198.51.100.2 >/dev/null
watch_end
expect_on_time "icmp session leaves the list at its 2 s timeout" 2000 100 "$SEEN_MS" "$GONE_MS"
expect_on_time "icmp session reaped within 1 s of due" 2000 1000 "$CSEEN_MS" "$CGONE_MS"

# a shorter timeout applies to existing sessions from their next refresh
# (30 s, not 2: a slow debug guest must still find the session to read)
ctl "$R" set timeout udp 600
echo y | ip netns exec "$C" socat -u - UDP4-SENDTO:198.51.100.2:5002,sourceport=41004
busywait 10000 n_sessions "$R" '.sport==41004' 1
ctl "$R" set timeout udp 30
echo y | ip netns exec "$C" socat -u - UDP4-SENDTO:198.51.100.2:5002,sourceport=41004
expect_eq "a refresh after the change uses the new timeout" 30 \
	"$(sessions "$R" '.[] | select(.sport==41004) | .timeout_s')"
exit $nsrp_failed
