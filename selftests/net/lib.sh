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

declare -A nsrp_tcp_fd nsrp_tcp_pid
tcp_open() {
	local name=$1 ns=$2 addr=$3 fd
	rm -f "/tmp/tcp-$name".*
	mkfifo "/tmp/tcp-$name.in"
	exec {fd}<>"/tmp/tcp-$name.in"
	nsrp_tcp_fd[$name]=$fd
	# The client must not inherit any FIFO's write end, its own included,
	# or closing ours would never reach it as EOF.
	(
		for f in "${nsrp_tcp_fd[@]}"; do
			exec {f}>&-
		done
		exec ip netns exec "$ns" socat -T 3600 STDIO "$addr" <"/tmp/tcp-$name.in" \
			>"/tmp/tcp-$name.out" 2>"/tmp/tcp-$name.err"
	) &
	nsrp_tcp_pid[$name]=$!
}

tcp_send() { echo "$2" >&"${nsrp_tcp_fd[$1]}"; }

tcp_expect() { busywait "${3:-10000}" grep -qxF "$2" "/tmp/tcp-$1.out"; }

tcp_close() {
	local fd=${nsrp_tcp_fd[$1]}
	exec {fd}>&-
	busywait 10000 sh -c "! kill -0 ${nsrp_tcp_pid[$1]} 2>/dev/null"
}

# Timing under emulation: every poll is a few processes, each of which may
# take a second under a loaded TCG guest, so a poll's own duration is part
# of what it measures. wait_until_gone and wait_until_count record both ends
# of the interval in which the change happened:
#   SEEN_MS  start of the last poll that still saw the old state
#   GONE_MS  end of the first poll that saw the new state
# both in ms since T0 (the caller's now_ms at the event). A check on the
# time of the change then allows for the poll that observed it.
poll_change() {	# poll_change T0 TIMEOUT_MS COMMAND...: until COMMAND succeeds
	local t0=$1 deadline=$(($(now_ms) + $2)) start
	shift 2
	SEEN_MS=0 GONE_MS=
	while :; do
		start=$(now_ms)
		if "$@"; then
			GONE_MS=$(($(now_ms) - t0))
			return 0
		fi
		SEEN_MS=$((start - t0))
		(($(now_ms) > deadline)) && return 1
		sleep 0.05
	done
}

# The same, polled by one long-lived process over netlink every 10 ms, for
# the checks where timing matters:
#   poll_gone NS T0 port|proto N     until no session has that port/proto
#   poll_stat NS T0 NAME ABOVE       until counter NAME exceeds ABOVE
poll_gone() {
	local out
	out=$(ip netns exec "$1" python3 -u "$top/selftests/net/genl.py" wait-gone "$3" "$4" "$2" 30000)
	read -r SEEN_MS GONE_MS <<<"$out"
	[[ $GONE_MS == -1 ]] && GONE_MS=
	[[ -n $GONE_MS ]]
}
poll_stat() {
	local out
	out=$(ip netns exec "$1" python3 -u "$top/selftests/net/genl.py" wait-stat "$3" "$4" "$2" 30000)
	read -r SEEN_MS GONE_MS <<<"$out"
	[[ $GONE_MS == -1 ]] && GONE_MS=
	[[ -n $GONE_MS ]]
}

# Watching one session's whole life from one process, started before the
# traffic so that its start-up cost does not blur the figures:
#   watch_start NS port|proto N COUNTER    returns once the watcher is ready
#   ... create the session ...
#   watch_end                              sets APPEAR_MS, SEEN_MS, GONE_MS,
#                                          CSEEN_MS, CGONE_MS (epoch ms)
watch_start() {
	rm -f /tmp/nsrp-watch.out
	ip netns exec "$1" python3 -u "$top/selftests/net/genl.py" watch "$2" "$3" "$4" 60000 \
		>/tmp/nsrp-watch.out &
	nsrp_watch_pid=$!
	busywait 30000 grep -q ready /tmp/nsrp-watch.out
}
watch_end() {
	wait "$nsrp_watch_pid"
	read -r APPEAR_MS SEEN_MS GONE_MS CSEEN_MS CGONE_MS <<<"$(tail -n 1 /tmp/nsrp-watch.out)"
}

# expect_on_time DESCRIPTION TIMEOUT_MS LATE_MS SEEN GONE: a change watched
# from a session's appearance happened no earlier than TIMEOUT_MS after it
# (10 ms for the watcher's own poll) and no later than LATE_MS after that.
expect_on_time() {
	local desc=$1 due=$(($2 + APPEAR_MS)) late=$3 seen=$4 gone=$5 rel
	rel="appeared at 0, due at $2, last seen at $((seen - APPEAR_MS)), gone by $((gone - APPEAR_MS)) ms"
	if ((APPEAR_MS < 0 || gone < 0)); then
		not_ok "$desc (never happened: $APPEAR_MS $seen $gone)"
	elif ((gone >= due - 20 && seen <= due + late)); then
		ok "$desc ($rel)"
	else
		not_ok "$desc ($rel; allowed up to $(($2 + late)))"
	fi
}

# no_session NS JQ_SELECT: no session matches (e.g. '.sport==41000').
no_session() { [[ $(sessions "$1" "[.[] | select($2)] | length") == 0 ]]; }

# stat_above NS NAME VALUE
stat_above() { (($(stat_of "$1" "$2") > $3)); }

# expect_due DESCRIPTION DUE_MS LATE_MS: the change observed by the last
# poll_change happened no earlier than DUE_MS and within LATE_MS after it.
expect_due() {
	local desc=$1 due=$2 late=$3
	# The poller must also have watched the old state until shortly before
	# the due time, or the interval says nothing about punctuality.
	if [[ -z $GONE_MS ]]; then
		not_ok "$desc (never happened)"
	elif ((GONE_MS >= due && SEEN_MS <= due + late && SEEN_MS >= due - 1500)); then
		ok "$desc (due at $due ms, happened in [$SEEN_MS, $GONE_MS] ms)"
	else
		not_ok "$desc (due at $due ms, happened in [$SEEN_MS, $GONE_MS] ms, allowed [$due, $((due + late))])"
	fi
}

# n_sessions NS JQ_SELECT N: exactly N sessions match (for busywait).
n_sessions() { [[ $(sessions "$1" "[.[] | select($2)] | length") == "$3" ]]; }
