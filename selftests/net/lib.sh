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

# The kernel selftests' exit status for "skipped": run.sh reports it so.
ksft_skip=4

# require COMMAND...: unless every COMMAND is installed, the whole test is
# skipped, saying which one is missing.
require() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null && continue
		info "skipped: $c is not installed (make deps installs it)"
		exit "$ksft_skip"
	done
}
# Every test reads nsrpctl's JSON with jq, and many drive traffic from Python.
require jq python3

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

# ==========================================================================
# Two nodes: replication over an HA link (test_sync_*.sh)
# ==========================================================================
#
#   client ($C) ------ router A ($A, node 1) ------ server ($S)
#                              | ha0
#                              |     veth, no IP: the HA link
#                              | ha0
#                       router B ($B, node 2)
#
# A is setup_router_topology's router itself ($A is $R: same namespace,
# interfaces r0 and r1, addresses and routes): it routes C<->S and owns
# every session the tests create. B, its peer, has only the HA link. IPv6
# is off on ha0, so that it carries nsrp frames and nothing else (no ND, no
# MLD). A failover topology, with B on both LANs too, is the failover
# issue's to add.

FRAMES=$top/selftests/net/frames.py
TRAFFIC=$top/selftests/net/traffic.py
PAIR_FLUSH_MS=${PAIR_FLUSH_MS:-5}

setup_pair_topology() {
	setup_router_topology
	A=$R
	B=nsrp-b-$$
	new_ns "$B"
	pair_link
}

# pair_link: (re)create the HA link between A and B, ha0 on both ends, up.
pair_link() {
	local ns
	ip link add ha0 netns "$A" type veth peer name ha0 netns "$B" || return 1
	for ns in "$A" "$B"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.ha0.disable_ipv6=1
		ip -n "$ns" link set ha0 up
	done
}

# pair_cleanup: the EXIT trap of the two-node tests: background jobs
# (traffic, captures, socat holders), then the namespaces.
pair_cleanup() {
	local p
	for p in $(jobs -p); do
		kill "$p" 2>/dev/null
	done
	cleanup_namespaces
}

# node_enable NS NODE_ID [SET ARGS...]: nsrp on in NS, replicating over
# ha0 as node NODE_ID with a short flush timer, plus SET ARGS in the same
# `set` (timeouts, multiplier, key...).
node_enable() {
	local ns=$1 id=$2
	shift 2
	ctl "$ns" set enable ha-link ha0 node-id "$id" flush-ms "$PAIR_FLUSH_MS" "$@"
}

# pair_enable [SET ARGS...]: A as node 1, B as node 2, SET ARGS to both.
pair_enable() { node_enable "$A" 1 "$@" && node_enable "$B" 2 "$@"; }

# pair_set SET ARGS...: the same `set` on both nodes.
pair_set() { ctl "$A" set "$@" && ctl "$B" set "$@"; }

# show_of NS JQ: one value of `nsrpctl -j show`, strings raw.
show_of() { ctl "$1" -j show | jq -r "$2"; }

# sync_of NS FIELD: one field of show's "sync" object.
sync_of() { show_of "$1" ".sync.$2"; }

# Predicates, for busywait:
#   sync_is NS FIELD VALUE   a field of show's "sync" object has VALUE
#   sync_done NS             NS holds its peer's whole table (bulk sync done)
#   peer_is NS STATE         NS's view of its peer: none, up or down
#   pair_synced              both hear each other, hold each other's table
sync_is() { [[ $(sync_of "$1" "$2") == "$3" ]]; }
sync_done() { sync_is "$1" state "done"; }
peer_is() { sync_is "$1" peer "$2"; }
pair_synced() { peer_is "$A" up && peer_is "$B" up && sync_done "$A" && sync_done "$B"; }

# show_at_least NS KEY N: show's counter KEY (e.g. sessions_peer) is >= N.
show_at_least() {
	local v
	v=$(show_of "$1" ".$2")
	[[ $v =~ ^[0-9]+$ ]] && ((v >= $3))
}

# peer_has NS N [JQ_SELECT] and local_has NS N [JQ_SELECT]: NS holds
# exactly N sessions owned by its peer (by itself), of those matching
# JQ_SELECT if given (e.g. '.proto=="tcp"'). Without a selector they read
# show's counters, which cost the same for any table size.
peer_has() {
	if (($# < 3)); then
		[[ $(show_of "$1" .sessions_peer) == "$2" ]]
	else
		n_sessions "$1" ".owner==\"peer\" and ($3)" "$2"
	fi
}
local_has() {
	if (($# < 3)); then
		[[ $(show_of "$1" .sessions_local) == "$2" ]]
	else
		n_sessions "$1" ".owner==\"local\" and ($3)" "$2"
	fi
}

# sess_at NS PORT [OWNER]: the session with PORT at either end owned by
# OWNER (local or peer; default peer), one JSON object, or nothing; fails
# if nsrpctl does.
sess_at() {
	local list
	list=$(ctl "$1" -j session list port "$2") || return 1
	jq -c --arg o "${3:-peer}" '[.[] | select(.owner == $o)][0] // empty' <<<"$list"
}

# field_at NS PORT OWNER FIELD: one field of that session, or nothing.
field_at() { sess_at "$1" "$2" "$3" | jq -r ".$4 // empty"; }

# has_sess NS PORT [OWNER], no_sess NS PORT [OWNER], field_is NS PORT OWNER
# FIELD VALUE, sess_state_is NS PORT OWNER STATE: predicates on that session.
has_sess() {
	local s
	s=$(sess_at "$1" "$2" "${3:-peer}") && [[ -n $s ]]
}
no_sess() {
	local s
	s=$(sess_at "$1" "$2" "${3:-peer}") && [[ -z $s ]]
}
field_is() { [[ $(field_at "$1" "$2" "$3" "$4") == "$5" ]]; }
sess_state_is() { field_is "$1" "$2" "$3" state "$4"; }

# session_keys NS OWNER: NS's sessions owned by OWNER, one sorted line each,
# "family proto src sport dst dport state"; fails if nsrpctl does.
session_keys() {
	local list
	list=$(ctl "$1" -j session list) || return 1
	jq -r --arg o "$2" '.[] | select(.owner == $o) |
		"\(.family) \(.proto) \(.src) \(.sport) \(.dst) \(.dport) \(.state)"' <<<"$list" | sort
}

# converged: B's copies are exactly A's own sessions, and A's copies B's.
converged() {
	local a_own b_copies b_own a_copies
	a_own=$(session_keys "$A" local) && b_copies=$(session_keys "$B" peer) &&
		b_own=$(session_keys "$B" local) && a_copies=$(session_keys "$A" peer) &&
		[[ $a_own == "$b_copies" && $b_own == "$a_copies" ]]
}

# table_diff: how B's copies differ from A's sessions, for messages:
# "N missing on B, N extra on B, e.g. ...".
table_diff() {
	local d
	# Files, not <(...): the guest has no /dev/fd.
	session_keys "$A" local >/tmp/nsrp-diff.a
	session_keys "$B" peer >/tmp/nsrp-diff.b
	d=$(diff /tmp/nsrp-diff.a /tmp/nsrp-diff.b)
	echo "$(grep -c '^<' <<<"$d") missing on B, $(grep -c '^>' <<<"$d") extra on B$(
		grep -m 3 '^[<>]' <<<"$d" | tr '\n' ';' | sed 's/^./, e.g. &/')"
}

# stats_of NS: every counter, one JSON object (a snapshot for delta_of).
stats_of() { ctl "$1" -j stats; }

# delta_of BEFORE AFTER NAME: how much counter NAME moved between two
# stats_of snapshots.
delta_of() { jq -n --argjson a "$1" --argjson b "$2" "(\$b.$3 // 0) - (\$a.$3 // 0)"; }

# drop_total NS: the sum of NS's sync_drop_* counters.
drop_total() {
	stats_of "$1" | jq '[to_entries[] | select(.key | startswith("sync_drop_")) | .value] | add // 0'
}

# drops_at_least NS N: the sum of NS's sync_drop_* counters is >= N.
drops_at_least() { (($(drop_total "$1") >= $2)); }

# drops_nonzero NS: "reason=N ..." for every sync_drop_* counter above 0.
drops_nonzero() {
	stats_of "$1" | jq -r '[to_entries[] | select((.key | startswith("sync_drop_")) and
		.value > 0) | "\(.key | ltrimstr("sync_drop_"))=\(.value)"] | join(" ")'
}

# expect_above DESCRIPTION MIN ACTUAL: ACTUAL is an integer above MIN.
expect_above() {
	if [[ "$3" =~ ^-?[0-9]+$ ]] && (($3 > $2)); then
		ok "$1 ($3 > $2)"
	else
		not_ok "$1 (expected above $2, got '$3')"
	fi
}

# dev_mac NS DEV: DEV's MAC address.
dev_mac() { ip -n "$1" -j link show "$2" | jq -r '.[0].address'; }

# frames_in NS ARGS...: frames.py in namespace NS.
frames_in() {
	local ns=$1
	shift
	ip netns exec "$ns" python3 "$FRAMES" "$@"
}

# capture_start NS DEV FILE [ARGS...]: frames.py capture of DEV's nsrp
# frames into FILE, in the background, until capture_stop; ARGS such as
# --direction out or --ethertype N.
capture_start() {
	local ns=$1 dev=$2 file=$3
	shift 3
	rm -f "$file" /tmp/nsrp-capture.out
	ip netns exec "$ns" python3 -u "$FRAMES" capture "$dev" "$file" "$@" \
		>/tmp/nsrp-capture.out 2>&1 &
	nsrp_capture_pid=$!
	busywait 20000 grep -q ready /tmp/nsrp-capture.out
}
capture_stop() {
	kill -TERM "$nsrp_capture_pid" 2>/dev/null
	wait "$nsrp_capture_pid"
}

# udp_sink NS PORT: a UDP4 and a UDP6 receiver on PORT, so that datagrams
# sent there draw no ICMP error.
udp_sink() {
	ip netns exec "$1" socat -u UDP4-RECV:"$2" /dev/null &
	ip netns exec "$1" socat -u UDP6-RECV:"$2",ipv6only=1 /dev/null &
	wait_listen "$1" udp "$2"
}

# udp_flows NS DST DPORT FIRST_SPORT COUNT: COUNT UDP flows, one datagram
# from each source port FIRST_SPORT, FIRST_SPORT + 1, ...
udp_flows() {
	ip netns exec "$1" python3 "$TRAFFIC" udp "$2" "$3" --sport "$4" --count "$5"
}

# A busy TCP connection (traffic.py chat), a numbered line every INTERVAL
# seconds (0.3) to an echo server and its echo awaited:
#   chat_start NAME NS DST PORT SPORT [INTERVAL]   returns once connected,
#                                                  CHAT_UP_MS set to when
#   chat_stop NAME    ends it with a FIN; CHAT_DONE is its summary line
#                     ("done sent=N echoed=N maxgap_ms=N"); fails if an
#                     echo was missing
declare -A nsrp_chat_pid
chat_start() {
	local name=$1 out=/tmp/nsrp-chat-$1.out
	rm -f "$out"
	ip netns exec "$2" python3 -u "$TRAFFIC" chat "$3" "$4" --sport "$5" \
		--interval "${6:-0.3}" >"$out" 2>&1 &
	nsrp_chat_pid[$name]=$!
	CHAT_UP_MS=
	busywait 20000 grep -q '^up ' "$out" || return 1
	CHAT_UP_MS=$(awk '/^up /{ print $2; exit }' "$out")
}
# chat_progress NAME N: N more lines echoed from now on, within 5 s.
chat_progress() {
	local out=/tmp/nsrp-chat-$1.out n0
	n0=$(grep -c '^echo ' "$out")
	busywait 5000 sh -c "[ \$(grep -c '^echo ' '$out') -ge $((n0 + $2)) ]"
}
chat_stop() {
	local rc
	kill -TERM "${nsrp_chat_pid[$1]}" 2>/dev/null
	wait "${nsrp_chat_pid[$1]}"
	rc=$?
	CHAT_DONE=$(grep -m 1 '^done' "/tmp/nsrp-chat-$1.out")
	return $rc
}

# ==========================================================================
# An HA pair on shared LANs: failover (test_ha_*.sh)
# ==========================================================================
#
#   client $C 10.0.1.100 --+                            +-- 10.0.2.100 server $S
#   client $D 10.0.1.101 --+-- LAN bridge ($L)          |
#                          |      WAN bridge ($W) ------+
#                          +-- l0 A 10.0.1.2  w0 10.0.2.2 --+
#                          +-- l0 B 10.0.1.3  w0 10.0.2.3 --+
#                                A ha0 ========== ha0 B       (the HA link)
#
# The clients and the server reach each other through A or B: ha_route
# points their routes at one of them, which is what VRRP's virtual address
# does when it moves (test_ha_keepalived.sh runs the real VRRP). Routes are
# per client, so that traffic can cross both routers at once (split brain).
HA_HELLO_MS=${HA_HELLO_MS:-100}

ha_port() {
	local ns=$1 ifname=$2 br=$3 peer=p$((${#nsrp_namespaces[@]}))-$RANDOM
	ip link add "$ifname" netns "$ns" type veth peer name "$peer" netns "$br" || return 1
	ip -n "$br" link set "$peer" master sw up
	ip -n "$ns" link set "$ifname" up
}

setup_ha_topology() {
	local ns
	A=nsrp-a-$$ B=nsrp-b-$$ C=nsrp-c-$$ D=nsrp-d-$$ S=nsrp-s-$$ L=nsrp-l-$$ W=nsrp-w-$$
	for ns in "$L" "$W" "$A" "$B" "$C" "$D" "$S"; do
		new_ns "$ns"
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
	done
	for ns in "$L" "$W"; do
		ip -n "$ns" link add name sw type bridge
		ip -n "$ns" link set sw up
	done
	ha_port "$C" c0 "$L" && ha_port "$D" c0 "$L" && ha_port "$S" s0 "$W" &&
		ha_port "$A" l0 "$L" && ha_port "$B" l0 "$L" &&
		ha_port "$A" w0 "$W" && ha_port "$B" w0 "$W" || return 1
	ip -n "$C" addr add 10.0.1.100/24 dev c0
	ip -n "$D" addr add 10.0.1.101/24 dev c0
	ip -n "$S" addr add 10.0.2.100/24 dev s0
	ip -n "$A" addr add 10.0.1.2/24 dev l0
	ip -n "$A" addr add 10.0.2.2/24 dev w0
	ip -n "$B" addr add 10.0.1.3/24 dev l0
	ip -n "$B" addr add 10.0.2.3/24 dev w0
	for ns in "$A" "$B"; do
		ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1 \
			net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.l0.send_redirects=0 \
			net.ipv4.conf.w0.send_redirects=0
	done
	pair_link || return 1
	ha_route "$A"
}

# ha_addr NODE SIDE: the node's address on the lan or wan side.
ha_addr() {
	local last=2
	[[ $1 == "$B" ]] && last=3
	if [[ $2 == lan ]]; then echo "10.0.1.$last"; else echo "10.0.2.$last"; fi
}

# ha_route NODE [CLIENT...]: the clients (default: both) and the server
# route through NODE.
ha_route() {
	local node=$1 ns
	shift
	(($#)) || set -- "$C" "$D"
	for ns in "$@"; do
		ip -n "$ns" route replace default via "$(ha_addr "$node" lan)" || return 1
	done
	ip -n "$S" route replace 10.0.1.0/24 via "$(ha_addr "$node" wan)"
}

# ha_route_client CLIENT NODE: one client's path through NODE, and the
# server's route back to that client alone.
ha_route_client() {
	local client=$1 node=$2 addr=10.0.1.100
	[[ $client == "$D" ]] && addr=10.0.1.101
	ip -n "$client" route replace default via "$(ha_addr "$node" lan)" &&
		ip -n "$S" route replace "$addr/32" via "$(ha_addr "$node" wan)"
}

# ha_enable [SET ARGS...]: nsrp on A (node 1) and B (node 2), enforcing,
# hellos every HA_HELLO_MS, plus SET ARGS on both.
ha_enable() {
	node_enable "$A" 1 enforce on hello-interval "$HA_HELLO_MS" "$@" &&
		node_enable "$B" 2 enforce on hello-interval "$HA_HELLO_MS" "$@"
}

# role_of NS, role_is NS ROLE, roles_are PRIMARY_NS BACKUP_NS
role_of() { show_of "$1" .role; }
role_is() { [[ $(role_of "$1") == "$2" ]]; }
roles_are() { role_is "$1" primary && role_is "$2" backup; }

# owner_is NS SPORT OWNER: the session of client port SPORT is there, owned so.
owner_is() { [[ $(ctl "$1" -j session list port "$2" | jq -r '.[0].owner // empty') == "$3" ]]; }

# Events of one node, as `nsrpctl -j monitor` prints them:
#   monitor_start NAME NS   returns once it listens
#   monitor_wait NAME JQ [MS]   until an event matches the jq condition;
#                           MON_EVENT is that event
declare -A nsrp_mon_pid
monitor_start() {
	local out=/tmp/nsrp-mon-$1.out
	rm -f "$out"
	ip netns exec "$2" "$NSRPCTL" -j monitor >"$out" 2>&1 &
	nsrp_mon_pid[$1]=$!
	# Subscribed: a generic netlink socket with a group in that namespace.
	busywait 10000 sh -c "ip netns exec '$2' awk '\$2 == 16 && \$4 != \"00000000\"' \
		/proc/net/netlink | grep -q ."
}
monitor_wait() {
	local out=/tmp/nsrp-mon-$1.out
	MON_EVENT=
	busywait "${3:-10000}" sh -c "jq -c 'select($2)' '$out' 2>/dev/null | grep -q ." ||
		return 1
	MON_EVENT=$(jq -c "select($2)" "$out" | head -n 1)
}
