#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Timeouts and closes, with shortened timeouts: a session is reaped within
# one second of its due time, TCP FINs move it to the short closing timeout,
# a RST removes it at once, and the timeout a session is refreshed to follows
# its state.
source "$(dirname "$0")/lib.sh"
trap cleanup_namespaces EXIT

setup_router_topology
ctl "$R" set enable timeout udp 3 timeout tcp-closing 2 timeout icmp 2
check "shortened timeouts are shown" \
	test "$(ctl "$R" -j show | jq -c '[.timeouts.udp, .timeouts.tcp_closing, .timeouts.icmp]')" = "[3,2,2]"

ip netns exec "$S" socat -u UDP4-RECV:5002 /dev/null &
wait_listen "$S" udp 5002

# UDP: one packet, then nothing; reaped 3 s later (counted by the GC)
expired0=$(stat_of "$R" expired)
t0=$(now_ms)
echo x | ip netns exec "$C" socat -u - UDP4-SENDTO:198.51.100.2:5002,sourceport=41000
busywait 2000 test "$(sessions "$R" '[.[] | select(.sport==41000)] | length')" = 1
check "udp session created" test $? = 0
busywait 6000 test "$(sessions "$R" '[.[] | select(.sport==41000)] | length')" = 0
t_gone=$(($(now_ms) - t0))
busywait 6000 test "$(stat_of "$R" expired)" -gt "$expired0"
t_reaped=$(($(now_ms) - t0))
expect_range "udp session leaves the list at its 3 s timeout (ms)" 2900 4000 "$t_gone"
expect_range "udp session reaped by the GC within 1 s of due (ms)" 2900 4000 "$t_reaped"

# traffic refreshes: a packet every second keeps it past its timeout
for i in 1 2 3 4 5; do
	echo r | ip netns exec "$C" socat -u - UDP4-SENDTO:198.51.100.2:5002,sourceport=41001
	sleep 1
done
expect_eq "refreshed udp session outlives its timeout" 1 \
	"$(sessions "$R" '[.[] | select(.sport==41001)] | length')"
expect_range "a refresh restores the full timeout (ms left)" 1500 3000 \
	"$(sessions "$R" '.[] | select(.sport==41001) | .expires_ms')"

# TCP: handshake, data, FIN both ways -> closing (2 s) -> gone
tcp_echo_server "$S" TCP4-LISTEN:5001
wait_listen "$S" tcp 5001
tcp_open t "$C" TCP4:198.51.100.2:5001,sourceport=41002
tcp_send t ping
check "tcp connection carries data" tcp_expect t ping
expect_eq "tcp session established, refreshed to 1800 s" "established 1800" \
	"$(sessions "$R" '.[] | select(.sport==41002)' | jq -r '"\(.state) \(.timeout_s)"')"
tcp_close t
t0=$(now_ms)
busywait 2000 test "$(sessions "$R" '.[] | select(.sport==41002) | .state' | tr -d '"')" = closing
check "FINs from both sides move the session to closing" test $? = 0
expect_eq "closing session has the tcp-closing timeout" 2 \
	"$(sessions "$R" '.[] | select(.sport==41002) | .timeout_s')"
busywait 5000 test "$(sessions "$R" '[.[] | select(.sport==41002)] | length')" = 0
expect_range "closed tcp session gone within 1 s of its 2 s closing timeout (ms)" 1500 3000 \
	"$(($(now_ms) - t0))"

# RST: a connection refused removes its session at once
closed0=$(stat_of "$R" closed)
ip netns exec "$C" socat -u - TCP4:198.51.100.2:5009,sourceport=41003 </dev/null 2>/dev/null
check "connection to a closed port is refused" test $? != 0
expect_eq "the RST removed the session" 0 "$(sessions "$R" '[.[] | select(.sport==41003)] | length')"
check "closed counter counts the RST" test "$(stat_of "$R" closed)" -gt "$closed0"

# ICMP with its own timeout
ip netns exec "$C" ping -c 1 -W 2 198.51.100.2 >/dev/null
t0=$(now_ms)
busywait 5000 test "$(sessions "$R" '[.[] | select(.proto=="icmp")] | length')" = 0
expect_range "icmp session gone at its 2 s timeout (ms)" 1500 3000 "$(($(now_ms) - t0))"

# a shorter timeout applies to existing sessions from their next refresh
ctl "$R" set timeout udp 60
echo y | ip netns exec "$C" socat -u - UDP4-SENDTO:198.51.100.2:5002,sourceport=41004
busywait 2000 test "$(sessions "$R" '[.[] | select(.sport==41004)] | length')" = 1
ctl "$R" set timeout udp 2
echo y | ip netns exec "$C" socat -u - UDP4-SENDTO:198.51.100.2:5002,sourceport=41004
expect_eq "a refresh after the change uses the new timeout" 2 \
	"$(sessions "$R" '.[] | select(.sport==41004) | .timeout_s')"
exit $nsrp_failed
