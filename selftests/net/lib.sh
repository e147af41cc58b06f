#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers of nsrp's VM selftests, in the style of the kernel's
# netfilter and WireGuard selftests: namespaces as hosts, every check a TAP
# line, polling with deadlines instead of blind sleeps.
#
# A check prints "ok - TEST: what" or "not ok - TEST: what"; the harness
# counts those lines. A script exits non-zero if any of its checks failed.

set -u
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
NSRPCTL=${NSRPCTL:-$top/tools/nsrpctl/nsrpctl}
TEST=${TEST:-$(basename "$0" .sh)}
nsrp_failed=0
nsrp_namespaces=()

ok() { echo "ok - $TEST: $*"; }
not_ok() { echo "not ok - $TEST: $*"; nsrp_failed=1; }
skip() { echo "ok - $TEST: $1 # SKIP $2"; }
info() { echo "# $TEST: $*"; }

# check DESCRIPTION COMMAND...: one TAP line from a command's status.
check() {
	local desc=$1
	shift
	if "$@"; then
		ok "$desc"
	else
		not_ok "$desc"
	fi
}

# expect_eq DESCRIPTION EXPECTED ACTUAL
expect_eq() {
	if [[ "$2" == "$3" ]]; then
		ok "$1"
	else
		not_ok "$1 (expected '$2', got '$3')"
	fi
}

# expect_range DESCRIPTION MIN MAX ACTUAL (integers, inclusive)
expect_range() {
	if [[ "$4" =~ ^-?[0-9]+$ ]] && (($4 >= $2 && $4 <= $3)); then
		ok "$1 ($4 in [$2, $3])"
	else
		not_ok "$1 (expected [$2, $3], got '$4')"
	fi
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# busywait TIMEOUT_MS COMMAND...: poll COMMAND every 50 ms until it
# succeeds or the deadline passes; the status is COMMAND's last.
busywait() {
	local deadline=$(($(now_ms) + $1))
	shift
	while :; do
		"$@" && return 0
		(($(now_ms) > deadline)) && return 1
		sleep 0.05
	done
}

# ctl NS ARGS...: nsrpctl in namespace NS.
ctl() {
	local ns=$1
	shift
	"$NSRPCTL" -n "$ns" "$@"
}

# sessions NS [JQ_FILTER]: the session list as JSON, optionally filtered.
sessions() {
	ctl "$1" -j session list | jq -c "${2:-.}"
}

session_count() { ctl "$1" -j show | jq '.sessions'; }

stat_of() { ctl "$1" -j stats | jq ".$2"; }

new_ns() {
	local name=$1
	ip netns add "$name"
	nsrp_namespaces+=("$name")
	ip -n "$name" link set lo up
}

cleanup_namespaces() {
	local ns
	for ns in "${nsrp_namespaces[@]}"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	nsrp_namespaces=()
}

#
# The single-router topology:
#
#   client ($C)                 router ($R)                 server ($S)
#   c0 192.0.2.2/24  --------  r0 192.0.2.1  r1 198.51.100.1 --------  s0 198.51.100.2/24
#      2001:db8:1::2/64           2001:db8:1::1   2001:db8:2::1           2001:db8:2::2/64
#
setup_router_topology() {
	C=nsrp-c-$$ R=nsrp-r-$$ S=nsrp-s-$$
	new_ns "$C"
	new_ns "$R"
	new_ns "$S"
	ip link add c0 netns "$C" type veth peer name r0 netns "$R"
	ip link add s0 netns "$S" type veth peer name r1 netns "$R"
	ip -n "$C" addr add 192.0.2.2/24 dev c0
	ip -n "$C" addr add 2001:db8:1::2/64 dev c0 nodad
	ip -n "$R" addr add 192.0.2.1/24 dev r0
	ip -n "$R" addr add 2001:db8:1::1/64 dev r0 nodad
	ip -n "$R" addr add 198.51.100.1/24 dev r1
	ip -n "$R" addr add 2001:db8:2::1/64 dev r1 nodad
	ip -n "$S" addr add 198.51.100.2/24 dev s0
	ip -n "$S" addr add 2001:db8:2::2/64 dev s0 nodad
	for l in "$C c0" "$R r0" "$R r1" "$S s0"; do
		set -- $l
		ip -n "$1" link set "$2" up
	done
	ip -n "$C" route add default via 192.0.2.1
	ip -n "$C" -6 route add default via 2001:db8:1::1
	ip -n "$S" route add default via 198.51.100.1
	ip -n "$S" -6 route add default via 2001:db8:2::1
	ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
}

# wait_listen NS PROTO PORT: until something listens (tcp) or is bound (udp).
wait_listen() {
	local flag=-tlnH
	[[ $2 == udp ]] && flag=-ulnH
	busywait 5000 sh -c "ip netns exec '$1' ss $flag 'sport = :$3' | grep -q ."
}

# A long-lived TCP connection driven line by line, through socat:
#   tcp_open NAME NS SOCAT_ADDRESS   connect (stdin from a FIFO kept open)
#   tcp_send NAME LINE               send a line
#   tcp_expect NAME LINE [MS]        wait until the echo of LINE came back
#   tcp_close NAME                   close our side (FIN), wait for socat
# The server side is tcp_echo_server NS SOCAT_LISTEN_ADDRESS.
tcp_echo_server() {
	ip netns exec "$1" socat "$2",reuseaddr,fork EXEC:cat >/dev/null 2>&1 &
}

declare -A nsrp_tcp_fd nsrp_tcp_pid
tcp_open() {
	local name=$1 ns=$2 addr=$3 fd
	rm -f "/tmp/tcp-$name".*
	mkfifo "/tmp/tcp-$name.in"
	exec {fd}<>"/tmp/tcp-$name.in"
	nsrp_tcp_fd[$name]=$fd
	ip netns exec "$ns" socat -T 3600 STDIO "$addr" <"/tmp/tcp-$name.in" \
		>"/tmp/tcp-$name.out" 2>"/tmp/tcp-$name.err" &
	nsrp_tcp_pid[$name]=$!
}

tcp_send() { echo "$2" >&"${nsrp_tcp_fd[$1]}"; }

tcp_expect() { busywait "${3:-5000}" grep -qxF "$2" "/tmp/tcp-$1.out"; }

tcp_close() {
	local fd=${nsrp_tcp_fd[$1]}
	exec {fd}>&-
	busywait 5000 sh -c "! kill -0 ${nsrp_tcp_pid[$1]} 2>/dev/null"
}
