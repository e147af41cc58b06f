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
	busywait 10000 sh -c "ip netns exec '$1' ss $flag 'sport = :$3' | grep -q ."
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

declare -A nsrp_tcp_holder nsrp_tcp_pid
tcp_open() {
	local name=$1 ns=$2 addr=$3
	rm -f "/tmp/tcp-$name".*
	mkfifo "/tmp/tcp-$name.in"
	ip netns exec "$ns" socat -T 3600 STDIO "$addr" <"/tmp/tcp-$name.in" \
		>"/tmp/tcp-$name.out" 2>"/tmp/tcp-$name.err" &
	nsrp_tcp_pid[$name]=$!
	# The FIFO's one long-lived writer is this sleep, not the shell: no
	# other child inherits a write end, so killing it is socat's EOF.
	sleep 100000 >"/tmp/tcp-$name.in" &
	nsrp_tcp_holder[$name]=$!
}

tcp_send() { echo "$2" >"/tmp/tcp-$1.in"; }

tcp_expect() { busywait "${3:-10000}" grep -qxF "$2" "/tmp/tcp-$1.out"; }

tcp_close() {
	kill "${nsrp_tcp_holder[$1]}"
	busywait 10000 sh -c "! kill -0 ${nsrp_tcp_pid[$1]} 2>/dev/null"
}

# Watching one session's whole life from one process, started before the
# traffic so that its start-up cost does not blur the figures:
#   watch_start NS port|proto|none N COUNTER [STATE]   returns once ready
#   ... create the session ...
#   watch_end      sets, in epoch ms: ALO_MS/AHI_MS (created between),
#                  SEEN_MS/GONE_MS (left the list between), CSEEN_MS/CGONE_MS
#                  (COUNTER moved between), SLO_MS/SHI_MS (reached the
#                  numeric STATE of enum nsrp_session_state between)
watch_start() {
	rm -f /tmp/nsrp-watch.out
	ip netns exec "$1" python3 -u "$top/selftests/net/genl.py" watch "$2" "$3" "$4" 60000 \
		"${5:--1}" >/tmp/nsrp-watch.out &
	nsrp_watch_pid=$!
	busywait 30000 grep -q ready /tmp/nsrp-watch.out
}
watch_end() {
	wait "$nsrp_watch_pid"
	read -r ALO_MS AHI_MS SEEN_MS GONE_MS CSEEN_MS CGONE_MS SLO_MS SHI_MS \
		<<<"$(tail -n 1 /tmp/nsrp-watch.out)"
}

# expect_on_time DESCRIPTION TIMEOUT_MS LATE_MS SEEN GONE: a change watched
# since a session's creation happened no earlier than TIMEOUT_MS after it
# and no later than LATE_MS after that. Each bound uses the end of the
# creation interval that makes it hardest to meet.
expect_on_time() {
	local desc=$1 t=$2 late=$3 seen=$4 gone=$5 rel
	rel="created in [0, $((AHI_MS - ALO_MS))], due at $t, changed in [$((seen - ALO_MS)), $((gone - ALO_MS))] ms"
	if ((ALO_MS < 0 || gone < 0)); then
		not_ok "$desc (never happened: $ALO_MS $AHI_MS $seen $gone)"
	elif ((gone >= ALO_MS + t && seen <= AHI_MS + t + late)); then
		ok "$desc ($rel)"
	else
		not_ok "$desc ($rel; allowed from $t to $((AHI_MS - ALO_MS + t + late)))"
	fi
}

# stat_above NS NAME VALUE
stat_above() { (($(stat_of "$1" "$2") > $3)); }


# n_sessions NS JQ_SELECT N: exactly N sessions match (for busywait).
n_sessions() { [[ $(sessions "$1" "[.[] | select($2)] | length") == "$3" ]]; }
