#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Real traffic through a router namespace running nsrp creates sessions with
# the right keys, states, owners and timeouts, for ping, TCP and UDP over
# IPv4 and IPv6; a namespace without nsrp enabled sees none of it.
#
#   client (C) ---- router (R, nsrp on) ---- server (S)
source "$(dirname "$0")/lib.sh"
require socat
trap cleanup_namespaces EXIT

setup_router_topology
check "router shows nsrp disabled before enable" \
	test "$(ctl "$R" -j show | jq .enabled)" = false
check "enable nsrp in the router" ctl "$R" set enable
check "router shows nsrp enabled" test "$(ctl "$R" -j show | jq .enabled)" = true
check "default tcp timeout is 1800 s" test "$(ctl "$R" -j show | jq .timeouts.tcp)" = 1800
expect_eq "default udp, icmp and other timeouts are 60 s" "60 60 60" \
	"$(ctl "$R" -j show | jq -r '"\(.timeouts.udp) \(.timeouts.icmp) \(.timeouts.other)"')"
# Longer than the test can take on a slow emulated debug kernel, so no
# session expires under the checks below (expiry has its own test).
ctl "$R" set timeout udp 900 timeout icmp 900

# one session for the ICMP echo, found from both directions
ip netns exec "$C" ping -c 2 -i 0.2 -W 2 198.51.100.2 >/dev/null
check "ping4 through the router" test $? = 0
s=$(sessions "$R" '[.[] | select(.proto=="icmp")]')
expect_eq "one icmp session for ping4 (request and reply share it)" 1 "$(jq length <<<"$s")"
expect_eq "icmp session key" "192.0.2.2 198.51.100.2 active local 900" \
	"$(jq -r '.[0] | "\(.src) \(.dst) \(.state) \(.owner) \(.timeout_s)"' <<<"$s")"

# Fragments: a 4000-byte ping crosses the 1500-byte links in three
# fragments each way; defragmentation before the hook makes it one session.
ip netns exec "$C" ping -c 2 -i 0.2 -W 2 -s 4000 198.51.100.2 >/dev/null
check "fragmented ping4 through the router" test $? = 0
expect_eq "fragmented ping is one more icmp session, not one per fragment" 2 \
	"$(sessions "$R" '[.[] | select(.proto=="icmp")] | length')"
expect_eq "no fragment was counted as invalid" 0 "$(stat_of "$R" invalid)"

ip netns exec "$C" ping -6 -c 2 -i 0.2 -W 2 2001:db8:2::2 >/dev/null
check "ping6 through the router" test $? = 0
s=$(sessions "$R" '[.[] | select(.family=="inet6" and (.proto=="icmpv6" or .proto=="ipv6-icmp"))]')
expect_eq "one icmpv6 session for ping6" 1 "$(jq length <<<"$s")"
expect_eq "icmpv6 session key" "2001:db8:1::2 2001:db8:2::2 active" \
	"$(jq -r '.[0] | "\(.src) \(.dst) \(.state)"' <<<"$s")"

# TCP over IPv4 and IPv6, with known source ports
tcp_echo_server "$S" TCP4-LISTEN:5001
tcp_echo_server "$S" TCP6-LISTEN:5001,ipv6only=1
wait_listen "$S" tcp 5001
tcp_open t4 "$C" TCP4:198.51.100.2:5001,sourceport=40001
tcp_send t4 hello4
check "tcp4 carries data" tcp_expect t4 hello4
tcp_open t6 "$C" TCP6:[2001:db8:2::2]:5001,sourceport=40002
tcp_send t6 hello6
check "tcp6 carries data" tcp_expect t6 hello6

s=$(sessions "$R" '[.[] | select(.proto=="tcp" and .family=="inet")]')
expect_eq "one tcp4 session" 1 "$(jq length <<<"$s")"
expect_eq "tcp4 session key, state, owner" \
	"192.0.2.2:40001 198.51.100.2:5001 established local 1800" \
	"$(jq -r '.[0] | "\(.src):\(.sport) \(.dst):\(.dport) \(.state) \(.owner) \(.timeout_s)"' <<<"$s")"
expect_range "tcp4 session has about 1800 s left" 1700000 1800000 "$(jq '.[0].expires_ms' <<<"$s")"
s=$(sessions "$R" '[.[] | select(.proto=="tcp" and .family=="inet6")]')
expect_eq "tcp6 session key, state" \
	"2001:db8:1::2:40002 2001:db8:2::2:5001 established 1800" \
	"$(jq -r '.[0] | "\(.src):\(.sport) \(.dst):\(.dport) \(.state) \(.timeout_s)"' <<<"$s")"

# UDP over IPv4 and IPv6
ip netns exec "$S" socat -u UDP4-RECV:5002 /dev/null &
ip netns exec "$S" socat -u UDP6-RECV:5002 /dev/null &
wait_listen "$S" udp 5002
echo u4 | ip netns exec "$C" socat -u - UDP4-SENDTO:198.51.100.2:5002,sourceport=40003
echo u6 | ip netns exec "$C" socat -u - UDP6-SENDTO:[2001:db8:2::2]:5002,sourceport=40004
check "udp4 session appears" busywait 10000 n_sessions "$R" '.proto=="udp" and .family=="inet"' 1
expect_eq "udp4 session key, state, timeout" "192.0.2.2:40003 198.51.100.2:5002 active 900" \
	"$(sessions "$R" '.[] | select(.proto=="udp" and .family=="inet")' | jq -r '"\(.src):\(.sport) \(.dst):\(.dport) \(.state) \(.timeout_s)"')"
expect_eq "udp6 session key" "2001:db8:1::2:40004 2001:db8:2::2:5002" \
	"$(sessions "$R" '.[] | select(.proto=="udp" and .family=="inet6")' | jq -r '"\(.src):\(.sport) \(.dst):\(.dport)"')"

# A 4000-byte datagram crosses the 1500-byte links as three fragments; the
# two without a UDP header must not become sessions of their own.
head -c 4000 /dev/zero | ip netns exec "$C" socat -u - UDP4-SENDTO:198.51.100.2:5002,sourceport=40005
check "fragmented udp4 datagram tracked" busywait 10000 n_sessions "$R" '.sport==40005' 1
expect_eq "its fragments made no other session" 2 \
	"$(sessions "$R" '[.[] | select(.proto=="udp" and .family=="inet")] | length')"

# selectors of session list
expect_eq "list filtered by family inet6 shows only IPv6" 3 \
	"$(ctl "$R" -j session list family inet6 | jq length)"
expect_eq "list filtered by port 5001 shows both tcp sessions" 2 \
	"$(ctl "$R" -j session list port 5001 | jq length)"
expect_eq "list filtered by addr 198.51.100.2 proto udp" 2 \
	"$(ctl "$R" -j session list proto udp addr 198.51.100.2 | jq length)"

# counters and per-namespace independence
check "created counter counts the sessions" test "$(stat_of "$R" created)" -ge 6
check "packets counter moves" test "$(stat_of "$R" packets)" -gt 10
expect_eq "the client namespace (nsrp off) has no sessions" 0 "$(session_count "$C")"
expect_eq "the client namespace's counters are its own" 0 "$(stat_of "$C" packets)"

# The router's own connection: LOCAL_OUT in process context, PRE_ROUTING
# for the replies in softirq, both taking the session's lock on state
# changes (lockdep watches this on the debug kernel).
tcp_open own "$R" TCP4:198.51.100.2:5001,sourceport=40010
tcp_send own mine
check "the router's own tcp connection carries data" tcp_expect own mine
expect_eq "and has an established session" established \
	"$(sessions "$R" '.[] | select(.sport==40010) | .state' | tr -d '"')"
tcp_close own
expect_eq "its close moves the session to closing" closing \
	"$(sessions "$R" '.[] | select(.sport==40010) | .state' | tr -d '"')"

# plain-text output is for people, but must show the session
check "plain session list shows the tcp4 session" \
	sh -c "'$NSRPCTL' -n '$R' session list | grep -q '192.0.2.2:40001'"

# session del and flush
expect_eq "session del removes the matching session" 1 \
	"$(ctl "$R" -j session del proto udp port 40003 | jq .deleted)"
expect_eq "the udp4 session is gone, the others stay" "0 1" \
	"$(sessions "$R" '[.[] | select(.sport==40003)] | length') $(sessions "$R" '[.[] | select(.sport==40005)] | length')"
tcp_send t4 after-del
check "tcp4 still carries data (enforcement is off)" tcp_expect t4 after-del
n=$(session_count "$R")
d=$(ctl "$R" -j session flush | jq .deleted)
expect_range "session flush reports what it removed" 1 "$n" "$d"
expect_eq "session flush leaves nothing" 0 "$(session_count "$R")"

tcp_close t4
tcp_close t6
check "disable nsrp" ctl "$R" set disable
expect_eq "disable flushes the table" 0 "$(session_count "$R")"
exit $nsrp_failed
