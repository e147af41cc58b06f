#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Enforcement, the stateful firewall's rule that makes KB7701's failure
# visible: with it on, a mid-stream TCP packet that matches no session is
# dropped and counted, while a new connection (a SYN) passes and creates
# its session. Off (the default), such packets pass.
source "$(dirname "$0")/lib.sh"
trap cleanup_namespaces EXIT

setup_router_topology
ctl "$R" set enable
expect_eq "enforcement is off by default" false "$(ctl "$R" -j show | jq .enforce)"
ctl "$R" set enforce on
expect_eq "enforcement on" true "$(ctl "$R" -j show | jq .enforce)"

tcp_echo_server "$S" TCP4-LISTEN:5001
wait_listen "$S" tcp 5001
tcp_open a "$C" TCP4:198.51.100.2:5001,sourceport=42001
tcp_send a one
check "a new connection passes with enforcement on" tcp_expect a one

# Lose the session, as a backup without the copy would after a failover.
drops0=$(stat_of "$R" enforce_drops)
ctl "$R" session del port 42001 >/dev/null
tcp_send a two
check "the mid-stream packet is dropped and counted" \
	busywait 10000 stat_above "$R" enforce_drops "$drops0"
check "and its data does not arrive" sh -c "! grep -qxF two /tmp/tcp-a.out"
expect_eq "no session was created by mid-stream packets" 0 \
	"$(sessions "$R" '[.[] | select(.sport==42001)] | length')"

tcp_open b "$C" TCP4:198.51.100.2:5001,sourceport=42002
tcp_send b three
check "a new connection still passes" tcp_expect b three
expect_eq "and has its session" established \
	"$(sessions "$R" '.[] | select(.sport==42002) | .state' | tr -d '"')"

# IPv6 too
tcp_echo_server "$S" TCP6-LISTEN:5001,ipv6only=1
wait_listen "$S" tcp 5001
tcp_open c "$C" TCP6:[2001:db8:2::2]:5001,sourceport=42003
tcp_send c four
check "a new IPv6 connection passes" tcp_expect c four
ctl "$R" session del port 42003 >/dev/null
drops0=$(stat_of "$R" enforce_drops)
tcp_send c five
check "IPv6 mid-stream data without a session is dropped" \
	busywait 10000 stat_above "$R" enforce_drops "$drops0"
check "and does not arrive" sh -c "! grep -qxF five /tmp/tcp-c.out"

# Off again: a mid-stream packet without a session passes untracked.
ctl "$R" set enforce off
tcp_open d "$C" TCP4:198.51.100.2:5001,sourceport=42004
tcp_send d six
check "a connection opened with enforcement off" tcp_expect d six
ctl "$R" session del port 42004 >/dev/null
tcp_send d seven
check "with enforcement off, mid-stream data without a session passes" tcp_expect d seven
expect_eq "and creates no session" 0 "$(sessions "$R" '[.[] | select(.sport==42004)] | length')"
exit $nsrp_failed
