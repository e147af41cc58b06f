#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nsrpctl against tests/fakenl.so, an LD_PRELOAD stand-in for the kernel
# side of the nsrp genl family (see the top of fakenl.c): requests sent,
# replies parsed, output formats, extack, dump restarts, -batch. It tests
# the tool against our reading of linux/nsrp.h, not the module; the
# selftests do that. Output is TAP.

set -u

here=$(cd "$(dirname "$0")" && pwd)
nsrpctl=${NSRPCTL:-$here/../nsrpctl}
fake=$here/fakenl.so

for f in "$nsrpctl" "$fake"; do
	if [ ! -e "$f" ]; then
		echo "Bail out! $f not built (make -C tools/nsrpctl check)"
		exit 1
	fi
done
if ! command -v jq >/dev/null; then
	echo "1..0 # SKIP jq is not installed"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nsrpctl-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
log=$tmp/log

n=0
failed=0

result() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		failed=$((failed + 1))
		echo "not ok $n - $2"
		sed 's/^/#   stdout: /' "$tmp/out"
		sed 's/^/#   stderr: /' "$tmp/err"
		sed 's/^/#   kernel: /' "$log"
	fi
}

# run ARGS...: nsrpctl on the fake kernel, with a fresh request log;
# sets $rc.
run() {
	: >"$log"
	LD_PRELOAD=$fake FAKE_NSRP_LOG=$log "$nsrpctl" "$@" \
		>"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
}

# run_monitor ARGS...: as run, for a monitor, which the fake stops with
# SIGTERM once it read every event; the shell's "Terminated" is not ours.
run_monitor() {
	: >"$log"
	{
		LD_PRELOAD=$fake FAKE_NSRP_LOG=$log TZ=UTC \
			FAKE_NSRP_REALTIME=1764134400.123456 "$nsrpctl" "$@" \
			>"$tmp/out" 2>"$tmp/err" </dev/null
		rc=$?
	} 2>/dev/null
}

# jqt EXPR: EXPR is true of the output.
jqt() {
	[ "$(jq -s "$1" "$tmp/out" 2>&1)" = "true" ]
}

# same FILE-CONTENT: the output is exactly that.
same() {
	printf '%s\n' "$1" | diff -u - "$tmp/out" >"$tmp/diff"
}

run show
same "enabled              yes
enforce              off
max-sessions         262144
timeout tcp          1800s
timeout udp          60s
timeout icmp         30s
timeout other        60s
timeout tcp-syn      20s
timeout tcp-closing  120s
sessions             7
sessions local       5
sessions peer        2
session size         256 bytes
hash buckets         512
ha-link              eth1
ethertype            0x88b5
cluster-id           7
node-id              auto
multiplier           8
ageout-ack           on
flush-ms             10
key                  set
mode                 auto
role                 primary
priority             90
preempt              off
hello-interval       1000ms
dead-count           3
hold-down            3000ms
sync state           done
sync failover-safe   yes
sync node-id         2
sync epoch           123456
sync link            up
sync peer            up
sync peer node-id    9
sync peer epoch      4000000000
sync peer seen       150ms ago
sync peer role       backup
sync peer priority   110
sync peer synced     yes
sync queued          4
sync role since      1234ms ago
sync role reason     alone"
result $? "show: human output"
grep -qx GET "$log"
result $? "show: sends NSRP_CMD_GET"

run -j show
jqt 'length == 1 and (.[0] | keys_unsorted) == ["enabled", "enforce",
	"max_sessions", "timeouts", "sessions", "sessions_local",
	"sessions_peer", "session_size", "table_buckets", "ha_link",
	"ethertype", "cluster_id", "node_id", "multiplier", "ageout_ack",
	"flush_ms", "key", "mode", "role", "priority", "preempt",
	"hello_interval", "dead_count", "hold_down", "peer", "sync"]'
result $? "show -j: the documented keys, unknown attributes left out"
jqt '.[0].mode == "auto" and .[0].role == "primary" and
	.[0].priority == 90 and .[0].preempt == false and
	.[0].hello_interval == 1000 and .[0].dead_count == 3 and
	.[0].hold_down == 3000'
result $? "show -j: the HA role configuration"
jqt '.[0].peer == {"state": "up", "node_id": 9, "role": "backup",
	"priority": 110, "synced": true, "seen_ms": 150}' &&
	jqt '(.[0].peer | keys_unsorted) == ["state", "node_id", "role",
		"priority", "synced", "seen_ms"]'
result $? "show -j: the peer object, in order"
jqt '.[0].ha_link == "eth1" and .[0].ethertype == 34997 and
	.[0].cluster_id == 7 and .[0].node_id == 0 and
	.[0].multiplier == 8 and .[0].ageout_ack == true and
	.[0].flush_ms == 10 and .[0].key == true'
result $? "show -j: replication configuration"
jqt '.[0].sync == {"state": "done", "failover_safe": true, "node_id": 2,
	"epoch": 123456, "link_up": true, "peer": "up", "peer_node_id": 9,
	"peer_epoch": 4000000000, "peer_seen_ms": 150, "queued": 4,
	"role_since_ms": 1234, "role_reason": "alone"}'
result $? "show -j: the sync object, unknown member left out, peer's role not repeated"
jqt '(.[0].sync | keys_unsorted) == ["state", "failover_safe",
	"node_id", "epoch", "link_up", "peer", "peer_node_id",
	"peer_epoch", "peer_seen_ms", "queued", "role_since_ms",
	"role_reason"]'
result $? "show -j: sync keys in the kernel's order"
jqt '.[0].enabled == true and .[0].enforce == false and
	.[0].max_sessions == 262144 and .[0].sessions == 7 and
	.[0].sessions_local == 5 and .[0].sessions_peer == 2 and
	.[0].session_size == 256 and .[0].table_buckets == 512'
result $? "show -j: values"
jqt '.[0].timeouts == {"tcp": 1800, "udp": 60, "icmp": 30, "other": 60,
	"tcp_syn": 20, "tcp_closing": 120}'
result $? "show -j: timeouts"
[ "$(wc -l <"$tmp/out")" -eq 1 ]
result $? "show -j: one line"

run -j -p show
jqt '.[0].timeouts.tcp_closing == 120 and .[0].sync.peer == "up"' &&
	[ "$(wc -l <"$tmp/out")" -gt 10 ] &&
	grep -q '^        "peer_seen_ms": 150,$' "$tmp/out"
result $? "show -j -p: indented, nests deeper, still JSON"

# Without an HA link the kernel sends ifindex 0 and no name.
FAKE_NSRP_NOLINK=1 run show
sed -n '/^ha-link/,$p' "$tmp/out" >"$tmp/tail" && mv "$tmp/tail" "$tmp/out"
same "ha-link              none
ethertype            0x88b5
cluster-id           7
node-id              513
multiplier           8
ageout-ack           on
flush-ms             10
key                  none
mode                 auto
role                 primary
priority             90
preempt              off
hello-interval       1000ms
dead-count           3
hold-down            3000ms
sync state           none
sync failover-safe   no
sync node-id         none
sync epoch           0
sync link            down
sync peer            none
sync queued          0
sync role since      1234ms ago
sync role reason     alone"
result $? "show without an HA link: none, no peer lines"

FAKE_NSRP_NOLINK=1 run -j show
jqt '(.[0] | has("ha_link") | not) and .[0].key == false and
	.[0].node_id == 513 and .[0].sync == {"state": "none",
	"failover_safe": false, "node_id": 0, "epoch": 0, "link_up": false,
	"peer": "none", "queued": 0, "role_since_ms": 1234,
	"role_reason": "alone"} and .[0].peer == {"state": "none"}'
result $? "show -j without an HA link: no ha_link key, no peer keys, peer state only"

# Every role and mode by name, then values of a newer kernel.
fails=0
for role in 1:init 2:backup 3:primary 9:role_9; do
	for mode in 1:auto 2:manual 5:mode_5; do
		export FAKE_NSRP_ROLE=${role%%:*} FAKE_NSRP_MODE=${mode%%:*}
		run -j show
		jqt '.[0].role == "'"${role#*:}"'" and
			.[0].mode == "'"${mode#*:}"'"' || fails=1
		run show
		grep -qx "role                 ${role#*:}" "$tmp/out" &&
			grep -qx "mode                 ${mode#*:}" "$tmp/out" || fails=1
	done
done
unset FAKE_NSRP_ROLE FAKE_NSRP_MODE
result $fails "show: every role and mode, newer ones as role_N, mode_N"

# Every sync and peer state by name, then values of a newer kernel.
fails=0
for st in 0:none 1:in-progress 2:done 7:state_7; do
	for pr in 0:none 1:up 2:down 9:peer_9; do
		export FAKE_NSRP_SYNC_STATE=${st%%:*} FAKE_NSRP_PEER_STATE=${pr%%:*}
		run -j show
		jqt '.[0].sync.state == "'"${st#*:}"'" and
			.[0].sync.peer == "'"${pr#*:}"'"' || fails=1
		run show
		grep -qx "sync state           ${st#*:}" "$tmp/out" &&
			grep -qx "sync peer            ${pr#*:}" "$tmp/out" || fails=1
	done
done
unset FAKE_NSRP_SYNC_STATE FAKE_NSRP_PEER_STATE
result $fails "show: every sync and peer state, newer ones as state_N, peer_N"

run -p show
grep -q '^enabled  *yes$' "$tmp/out"
result $? "-p without -j is harmless"

run session list
same "tcp 10.0.1.2:40000 10.0.2.2:5201 established local 1799s
udp 10.0.1.2:53000 10.0.2.53:53 active peer 59s
icmp 10.0.1.2 10.0.2.2 id 77 active local 29s
tcp [2001:db8::1]:40001 [2001:db8::2]:443 syn_sent local 59s
icmpv6 2001:db8::1 2001:db8::2 id 5 active peer 12s
47 10.0.1.2 10.0.2.2 active local 60s
tcp 10.0.1.3:1 10.0.2.3:2 state_9 owner_2 0s"
result $? "session list: human output, across several messages"
grep -qx "DUMP family=-1 proto=-1 addr=- port=-1" "$log"
result $? "session list: a dump without a filter"

run session
same "$(LD_PRELOAD=$fake "$nsrpctl" session list)"
result $? "session alone lists"

run -j session list
jqt '.[0] | length == 7'
result $? "session list -j: an array of every session"
jqt '.[0][0] == {"family": "inet", "proto": "tcp", "src": "10.0.1.2",
	"dst": "10.0.2.2", "sport": 40000, "dport": 5201,
	"state": "established", "owner": "local", "expires_ms": 1799500,
	"timeout_s": 1800}'
result $? "session list -j: keys and values of a session"
jqt '[.[0][] | .proto] == ["tcp", "udp", "icmp", "tcp", "icmpv6", "47", "tcp"]'
result $? "session list -j: protocol names, unknown ones as number strings"
jqt '.[0][3].family == "inet6" and .[0][3].src == "2001:db8::1" and
	.[0][3].state == "syn_sent"'
result $? "session list -j: IPv6"
jqt '.[0][6].state == "state_9" and .[0][6].owner == "owner_2"'
result $? "session list -j: values from a newer kernel"

run session list proto icmp
same "icmp 10.0.1.2 10.0.2.2 id 77 active local 29s
icmpv6 2001:db8::1 2001:db8::2 id 5 active peer 12s"
result $? "proto icmp without family: both ICMPs, filtered here"
grep -qx "DUMP family=-1 proto=-1 addr=- port=-1" "$log"
result $? "proto icmp without family: no proto sent"

run session list family inet6 proto icmp
grep -qx "DUMP family=10 proto=58 addr=- port=-1" "$log"
result $? "proto icmp with family inet6 is ICMPv6"

run session list proto icmp addr 10.0.1.2
grep -qx "DUMP family=2 proto=1 addr=10.0.1.2 port=-1" "$log"
result $? "proto icmp with an IPv4 addr is ICMP, family implied"

run session list addr 2001:db8::2 port 443 proto 6
grep -qx "DUMP family=10 proto=6 addr=2001:db8::2 port=443" "$log" &&
	[ "$(wc -l <"$tmp/out")" -eq 1 ]
result $? "session list: every selector in NSRP_A_FILTER"

run session del port 443
same "deleted 1" && grep -qx "DEL family=-1 proto=-1 addr=- port=443" "$log"
result $? "session del: filter sent, count printed"

run session del proto icmp
same "deleted 2" && [ "$(grep -c '^DEL' "$log")" -eq 2 ] &&
	grep -qx "DEL family=-1 proto=1 addr=- port=-1" "$log" &&
	grep -qx "DEL family=-1 proto=58 addr=- port=-1" "$log"
result $? "session del proto icmp without family: one request per ICMP"

run -j session del family inet
jqt '. == [{"deleted": 5}]'
result $? "session del -j"

run session flush
same "deleted 7" && grep -qx FLUSH "$log"
result $? "session flush"

run -j session flush
jqt '. == [{"deleted": 7}]'
result $? "session flush -j"

run set enable timeout tcp 30 enforce on max-sessions 1000 timeout tcp-closing 9
[ $rc -eq 0 ] && [ ! -s "$tmp/out" ] &&
	grep -qx "SET enabled=1 enforce=1 max_sessions=1000 timeouts{ 1=30 6=9 }" "$log"
result $? "set: the attributes given, timeouts in one nest"

run set disable
grep -qx "SET enabled=0" "$log"
result $? "set disable: NSRP_A_ENABLED alone"

key=00112233445566778899aabbccddeeff
lo=$(cat /sys/class/net/lo/ifindex)
run set ha-link lo ethertype 0x88b5 cluster-id 7 node-id auto multiplier 3 \
	ageout-ack off flush-ms 20 key "$key"
[ $rc -eq 0 ] && [ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ] &&
	grep -qx "SET ethertype=0x88b5 cluster_id=7 node_id=0 multiplier=3 ageout_ack=0 flush_ms=20 ha_link=$lo key=$key" "$log"
result $? "set: every replication attribute, of its width, key bytes as given"

run set ethertype 34997 cluster-id 0 node-id 65535 multiplier 255 \
	ageout-ack on flush-ms 1000
grep -qx "SET ethertype=0x88b5 cluster_id=0 node_id=65535 multiplier=255 ageout_ack=1 flush_ms=1000" "$log"
result $? "set: decimal ethertype, the ends of the ranges"

run set ethertype 0X0600 node-id 0 multiplier 1 flush-ms 1
grep -qx "SET ethertype=0x0600 node_id=0 multiplier=1 flush_ms=1" "$log"
result $? "set: 0X prefix, the lower ends of the ranges"

long=$(printf '%s' 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF \
	0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef)
run set key "$long"
grep -qx "SET key=$(printf '%s' "$long" | tr A-F a-f)" "$log"
result $? "set key: 64 octets, upper and lower case hex"

run set key none
grep -qx "SET key=" "$log"
result $? "set key none: an empty NSRP_A_KEY"

run set ha-link none enable
grep -qx "SET enabled=1 ha_link=0" "$log"
result $? "set ha-link none: ifindex 0"

run set mode manual role primary priority 1 preempt on hello-interval 50 \
	dead-count 2 hold-down 0
[ $rc -eq 0 ] && [ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ] &&
	grep -qx "SET mode=2 role=3 priority=1 preempt=1 hello_ms=50 dead_count=2 hold_down_ms=0" "$log"
result $? "set: every HA role attribute, of its width, the lower ends"

run set hold-down 3600000 dead-count 255 hello-interval 10000 preempt off \
	priority 254 mode auto
grep -qx "SET mode=1 priority=254 preempt=0 hello_ms=10000 dead_count=255 hold_down_ms=3600000" "$log"
result $? "set: the HA role attributes' upper ends, mode auto"

FAKE_NSRP_MODE=2 run set role backup
[ $rc -eq 0 ] && grep -qx "SET role=2" "$log"
result $? "set role backup alone, in manual mode"

run set role primary priority 7
[ $rc -eq 1 ] && grep -qx "SET role=3 priority=7" "$log" &&
	grep -qx "nsrpctl: set: NSRP_A_ROLE: only in manual mode (Invalid argument)" "$tmp/err"
result $? "set role in auto mode: the kernel's extack, exit 1"

run set key "$key" max-sessions 4242
[ $rc -eq 1 ] && ! grep -qi "$key" "$tmp/out" "$tmp/err"
result $? "set key: never printed, not even with a kernel error"

run -j set key "$key"
[ $rc -eq 0 ] && [ ! -s "$tmp/out" ]
result $? "set -j key: prints nothing"

run set enable ha-link nsrpctl-nodev0
[ $rc -eq 1 ] && [ ! -s "$log" ] &&
	grep -qx "nsrpctl: set: ha-link: no device 'nsrpctl-nodev0'" "$tmp/err"
result $? "set ha-link of a missing device: exit 1, nothing sent"

printf 'show\nset enforce on\nset ha-link nsrpctl-nodev0\n' >"$tmp/dev.batch"
run -batch "$tmp/dev.batch"
[ $rc -eq 1 ] && [ ! -s "$log" ] &&
	grep -q "dev.batch:3: set: ha-link: no device 'nsrpctl-nodev0'" "$tmp/err"
result $? "-batch: a missing ha-link device on line 3 and nothing is sent"

run set max-sessions 4242
[ $rc -eq 1 ] &&
	grep -qx "nsrpctl: set: NSRP_A_MAX_SESSIONS: below the sessions in use (Invalid argument)" "$tmp/err"
result $? "kernel error: exit 1 with the extack message"

export FAKE_NSRP_NOCAP=1
run set enforce off max-sessions 4242 timeout udp 5
unset FAKE_NSRP_NOCAP
[ $rc -eq 1 ] &&
	grep -qx "nsrpctl: set: NSRP_A_MAX_SESSIONS: below the sessions in use (Invalid argument)" "$tmp/err"
result $? "kernel error: extack found after an uncapped ack"

# failover: the request, then NSRP_CMD_GET every 50 ms until this node is
# backup (the fake's third GET says so).
run failover
[ $rc -eq 0 ] && same "failover: peer 9 is primary" &&
	[ "$(tr '\n' ' ' <"$log")" = "GETFAMILY FAILOVER GET GET GET " ]
result $? "failover: sent, polled until backup, the new primary named"

FAKE_NSRP_FAILOVER_GETS=1 run -j failover
[ $rc -eq 0 ] && jqt '. == [{"role": "backup", "peer_node_id": 9}]' &&
	[ "$(grep -c '^GET$' "$log")" -eq 1 ]
result $? "failover -j: an object, one GET when the first says backup"

start=$SECONDS
FAKE_NSRP_FAILOVER_GETS=never run failover
gets=$(grep -c '^GET$' "$log")
[ $rc -eq 1 ] && [ ! -s "$tmp/out" ] &&
	grep -qx "nsrpctl: failover: requested, but this node is still primary after 5 s" "$tmp/err" &&
	[ "$gets" -ge 50 ] && [ "$gets" -le 101 ] &&
	[ $((SECONDS - start)) -ge 4 ] && [ $((SECONDS - start)) -le 8 ]
result $? "failover: gives up after 5 s of polling every 50 ms ($gets GETs)"

# failover_err ENV=VALUE MESSAGE ERRNO-TEXT DESC: the kernel's refusal,
# its extack printed, nothing polled; and without an extack the same words.
failover_err() {
	local fails=0 extack

	for extack in "" 1; do
		export "${1%%=*}=${1#*=}"
		if [ -n "$extack" ]; then
			export FAKE_NSRP_NOEXTACK=1
		fi
		run failover
		unset "${1%%=*}" FAKE_NSRP_NOEXTACK
		[ $rc -eq 1 ] && [ ! -s "$tmp/out" ] &&
			[ "$(tr '\n' ' ' <"$log")" = "GETFAMILY FAILOVER " ] &&
			grep -qx "nsrpctl: failover: $2 ($3)" "$tmp/err" || fails=1
	done
	result $fails "failover: $4"
}
failover_err FAKE_NSRP_ROLE=2 "this node is not primary" \
	"Operation not supported" "EOPNOTSUPP on a backup, with or without extack"
failover_err FAKE_NSRP_PEER_STATE=2 "no live peer" "No route to host" \
	"EHOSTUNREACH with the peer down"
failover_err FAKE_NSRP_NOLINK=1 "no live peer" "No route to host" \
	"EHOSTUNREACH without an HA link"
failover_err FAKE_NSRP_PEER_SYNCED=0 "the peer is not synced yet" \
	"Resource temporarily unavailable" "EAGAIN while the peer is not synced"

# monitor: the fake queues one event of each type when the events group
# is joined, then stops us with SIGTERM; what a kill would lose unflushed
# is lost here too, so complete output shows each line was flushed.
events="2025-11-26T05:20:00.123 role backup -> primary (peer-dead), 12 sessions taken over
2025-11-26T05:20:00.123 peer up node 2
2025-11-26T05:20:00.123 peer down node 2 (silent 312 ms)
2025-11-26T05:20:00.123 bulk sync start
2025-11-26T05:20:00.123 bulk sync done: 100 sessions in 40 ms
2025-11-26T05:20:00.123 ageout-ack: 3 kept, 1 shortened, 0 removed
2025-11-26T05:20:00.123 role primary -> backup (failover), 1 session handed over
2025-11-26T05:20:00.123 role init -> primary (alone)
2025-11-26T05:20:00.123 event_99
2025-11-26T05:20:00.123 role primary -> role_7 (reason_42)
2025-11-26T05:20:00.123 peer down node 2"
run_monitor monitor
[ $rc -eq 143 ] && same "$events"
result $? "monitor: a line per event, every type, flushed each"
[ "$(tr '\n' ' ' <"$log")" = "GETFAMILY JOIN 11 " ]
result $? "monitor: joins the events group by the id the controller gave"
[ "$(cat "$tmp/err")" = "nsrpctl: malformed attribute 7 of NSRP_A_EVENT from the kernel (2 byte payload)" ]
result $? "monitor: a malformed event reported and skipped, the rest printed"

run_monitor -j monitor
[ $rc -eq 143 ] && [ "$(wc -l <"$tmp/out")" -eq 11 ] &&
	jqt '.[0] == {"time": 1764134400.123456, "event": "role",
		"role": "primary", "old_role": "backup", "reason": "peer-dead",
		"peer_node_id": 2, "sessions": 12} and
	.[1] == {"time": 1764134400.123456, "event": "peer-up",
		"peer_node_id": 2} and
	.[2] == {"time": 1764134400.123456, "event": "peer-down",
		"peer_node_id": 2, "ms": 312} and
	.[3] == {"time": 1764134400.123456, "event": "bulk-start"} and
	.[4] == {"time": 1764134400.123456, "event": "bulk-end",
		"sessions": 100, "ms": 40} and
	.[5] == {"time": 1764134400.123456, "event": "ageout", "kept": 3,
		"shortened": 1, "removed": 0}'
result $? "monitor -j: an object per line, every type"
jqt '.[6] == {"time": 1764134400.123456, "event": "role",
		"role": "backup", "old_role": "primary", "reason": "failover",
		"peer_node_id": 2, "sessions": 1} and
	.[7] == {"time": 1764134400.123456, "event": "role",
		"role": "primary", "old_role": "init", "reason": "alone"} and
	.[8] == {"time": 1764134400.123456, "event": "event_99"} and
	.[9] == {"time": 1764134400.123456, "event": "role", "role": "role_7",
		"old_role": "primary", "reason": "reason_42"} and
	.[10] == {"time": 1764134400.123456, "event": "peer-down",
		"peer_node_id": 2}' &&
	jqt '[.[] | keys_unsorted[0:2]] | all(. == ["time", "event"])' &&
	grep -q '^{"time":1764134400.123456,"event":"role","role":"primary","old_role":"backup",' "$tmp/out"
result $? "monitor -j: absent attributes absent, newer values as event_N, role_N, reason_N"
cp "$tmp/out" "$tmp/monitor.json"

run_monitor -j -p monitor -j
[ $rc -eq 143 ] && diff -u "$tmp/monitor.json" "$tmp/out" >/dev/null
result $? "monitor -j: as well after monitor, one line each even with -p"

FAKE_NSRP_OVERRUN=1 run_monitor monitor
[ $rc -eq 143 ] && same "$events" &&
	grep -qx "nsrpctl: warning: events were lost: the receive buffer overflowed" "$tmp/err"
result $? "monitor: lost events (ENOBUFS) are reported, the monitor goes on"

FAKE_NSRP_NOMCGRP=1 run_monitor monitor
[ $rc -eq 1 ] && [ ! -s "$tmp/out" ] && [ "$(cat "$log")" = GETFAMILY ] &&
	grep -qx "nsrpctl: the nsrp module has no \"events\" multicast group (older than nsrpctl?)" "$tmp/err"
result $? "monitor: a module without the events group is an error"

printf 'monitor -j\nmonitor x\n' >"$tmp/mon.batch"
run -batch "$tmp/mon.batch"
[ $rc -eq 2 ] && [ ! -s "$log" ] &&
	grep -q "mon.batch:2: monitor: unexpected argument 'x'" "$tmp/err"
result $? "-batch: monitor's arguments checked before anything runs"

# Every counter is named after its enum nsrp_stat_attr entry, lowercased
# without NSRP_STAT_; the fake sends counter N as N * 1000.
uapi=$here/../../../nsrp_netlink/uapi/linux/nsrp.h
sed -n '/^enum nsrp_stat_attr {/,/^};/s/^[[:space:]]*NSRP_STAT_\([A-Z0-9_]*\),.*/\1/p' \
	"$uapi" | grep -vx UNSPEC | tr '[:upper:]' '[:lower:]' >"$tmp/stat-names"
nstats=$(wc -l <"$tmp/stat-names")
newer=stat_$((nstats + 1))

run stats
[ "$nstats" -gt 80 ] && [ "$(wc -l <"$tmp/out")" -eq $((nstats + 1)) ] &&
	grep -q '^packets  *1000$' "$tmp/out" &&
	grep -q '^gc_scanned  *13000$' "$tmp/out" &&
	grep -qx 'sync_tx_frames           14000' "$tmp/out" &&
	grep -qx 'sync_drop_bad_key_order  51000' "$tmp/out" &&
	grep -qx "sync_drop_bad_mac        $((1000 * $(grep -nx sync_drop_bad_mac "$tmp/stat-names" | cut -d: -f1)))" "$tmp/out" &&
	grep -qx 'sync_queue_full          82000' "$tmp/out" &&
	grep -qx 'ha_failovers             88000' "$tmp/out" &&
	grep -q "^$(tail -n 1 "$tmp/stat-names")  *$((nstats * 1000))\$" "$tmp/out" &&
	grep -q "^$newer  *5\$" "$tmp/out" &&
	! grep -q "stat_0\|stat_$((nstats + 2))" "$tmp/out"
result $? "stats: named counters, aligned, newer u64 as stat_N, pad and odd skipped"

run -j stats
jqt '.[0].enforce_drops == 9000 and .[0].sync_tx_frames == 14000 and
	.[0].sync_age_no_answer == 74000 and .[0].sync_resyncs == 81000 and
	.[0].'"$newer"' == 5'
result $? "stats -j: values"
jq -r 'keys_unsorted[]' <"$tmp/out" >"$tmp/keys" 2>&1 &&
	{ cat "$tmp/stat-names"; echo "$newer"; } | diff -u - "$tmp/keys" >"$tmp/out"
result $? "stats -j: a key per counter, named after the uapi enum, in order"

FAKE_NSRP_INTR=2 run session list
[ $rc -eq 0 ] && [ "$(grep -c '^DUMP' "$log")" -eq 3 ] &&
	[ "$(wc -l <"$tmp/out")" -eq 7 ]
result $? "interrupted dumps are restarted, output once"
export FAKE_NSRP_INTR=99
run -j session list
unset FAKE_NSRP_INTR
[ $rc -eq 1 ] && [ "$(grep -c '^DUMP' "$log")" -eq 6 ] &&
	[ ! -s "$tmp/out" ] && grep -q "gave up after 6 attempts" "$tmp/err"
result $? "a dump interrupted 6 times fails with nothing printed"

export FAKE_NSRP_MALFORMED=1
run -j show
unset FAKE_NSRP_MALFORMED
[ $rc -eq 1 ] && [ ! -s "$tmp/out" ] &&
	grep -q "malformed attribute 3 of NSRP_CMD_GET" "$tmp/err"
result $? "a malformed attribute is an error, nothing printed"

export FAKE_NSRP_ABSENT=1
run stats
unset FAKE_NSRP_ABSENT
[ $rc -eq 1 ] &&
	grep -qx "nsrpctl: the nsrp module is not loaded (modprobe nsrp)" "$tmp/err"
result $? "family missing: the module is not loaded"

printf 'show\n# comment\nset enforce on\n\nstats\n' >"$tmp/ok.batch"
run -batch "$tmp/ok.batch"
[ $rc -eq 0 ] && [ "$(tr '\n' ' ' <"$log")" = "GETFAMILY GET SET enforce=1 STATS " ] &&
	grep -q '^enforce ' "$tmp/out" && grep -q '^gc_runs ' "$tmp/out"
result $? "-batch: lines in order, one socket"

run -j -batch "$tmp/ok.batch"
jqt 'length == 2 and .[0].enabled == true and .[1].packets == 1000'
result $? "-batch -j: a stream of JSON documents"

printf 'show\nset max-sessions 4242\nstats\n' >"$tmp/fail.batch"
run -batch "$tmp/fail.batch"
[ $rc -eq 1 ] && ! grep -q STATS "$log" &&
	grep -q "fail.batch:2: set: NSRP_A_MAX_SESSIONS" "$tmp/err"
result $? "-batch: stops at the first failing line, names it"

printf 'show\nset enforce on\nset timeout udp 0\n' >"$tmp/bad.batch"
run -batch "$tmp/bad.batch"
[ $rc -eq 2 ] && [ ! -s "$log" ] && grep -q "bad.batch:3:" "$tmp/err"
result $? "-batch: a bad line anywhere and nothing is sent"

fails=0
for args in "set timeout tcp 0" "session list port 70000" "set" "frob" \
	"session del" "set max-sessions 0" "-x show" "set ethertype 0x5ff" \
	"set key 0011" "set ha-link a/b" "set enable node-id 65536" \
	"set ha-link lo multiplier 0" "set key none ageout-ack 1" \
	"set priority 0" "set priority 255" "set hello-interval 49" \
	"set hello-interval 10001" "set dead-count 1" "set dead-count 256" \
	"set hold-down 3600001" "set mode bogus" "set role init" \
	"set role" "set preempt yes" "set mode auto role primary" \
	"set priority 5 priority 6" "failover now" "monitor x" \
	"monitor -j -j"; do
	# shellcheck disable=SC2086 # split on purpose
	run $args
	if [ $rc -ne 2 ] || [ -s "$log" ]; then
		fails=1
	fi
done
result $fails "bad usage never reaches the kernel"

run -n nsrpctl-no-such-netns show
[ $rc -eq 1 ] && [ ! -s "$log" ] &&
	grep -q 'cannot open network namespace "nsrpctl-no-such-netns"' "$tmp/err"
result $? "-n: a missing namespace is an error before any request"

# -n for real, where we may create a namespace: the socket must be
# opened inside it, and ha-link devices looked up there.
ns=nsrpctl-test-$$
if [ "$(id -u)" -eq 0 ] && ip netns add "$ns" 2>/dev/null; then
	FAKE_NSRP_NETNS=$tmp/netns run -n "$ns" show
	want=$(ip netns exec "$ns" readlink /proc/self/ns/net)
	[ $rc -eq 0 ] && [ "$(cat "$tmp/netns")" = "$want" ] &&
		[ "$want" != "$(readlink /proc/self/ns/net)" ]
	result $? "-n: the socket is opened in the named namespace"

	FAKE_NSRP_NETNS=$tmp/netns run_monitor -n "$ns" monitor
	[ $rc -eq 143 ] && [ "$(cat "$tmp/netns")" = "$want" ] &&
		[ "$(wc -l <"$tmp/out")" -eq 11 ]
	result $? "-n: monitor listens in the named namespace"

	# A device only the namespace has, with an ifindex of our choosing.
	if ip -n "$ns" link add nsrpctl-ha0 index 4242 type ifb 2>/dev/null ||
		ip -n "$ns" link add nsrpctl-ha0 index 4242 type dummy 2>/dev/null; then
		run -n "$ns" set ha-link nsrpctl-ha0 enable
		[ $rc -eq 0 ] && grep -qx "SET enabled=1 ha_link=4242" "$log"
		result $? "-n: set ha-link looks the device up in the namespace"
		printf 'show\nset ha-link nsrpctl-ha0\n' >"$tmp/ns.batch"
		run -n "$ns" -batch "$tmp/ns.batch"
		[ $rc -eq 0 ] &&
			[ "$(tr '\n' ' ' <"$log")" = "GETFAMILY GET SET ha_link=4242 " ]
		result $? "-n -batch: the device checked and sent, in the namespace"
		run set ha-link nsrpctl-ha0
		[ $rc -eq 1 ] && [ ! -s "$log" ] &&
			grep -q "no device 'nsrpctl-ha0'" "$tmp/err"
		result $? "without -n the namespace's device is not found"
	else
		for _ in 1 2 3; do
			n=$((n + 1))
			echo "ok $n # SKIP -n ha-link: cannot create a device in a namespace"
		done
	fi
	ip netns del "$ns"
else
	for _ in 1 2 3 4 5; do
		n=$((n + 1))
		echo "ok $n # SKIP -n: cannot create a network namespace here"
	done
fi

echo "1..$n"
[ "$failed" -eq 0 ]
