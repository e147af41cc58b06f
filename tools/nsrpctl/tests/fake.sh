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
session size         256 bytes"
result $? "show: human output"
grep -qx GET "$log"
result $? "show: sends NSRP_CMD_GET"

run -j show
jqt 'length == 1 and (.[0] | keys_unsorted) == ["enabled", "enforce",
	"max_sessions", "timeouts", "sessions", "sessions_local",
	"sessions_peer", "session_size"]'
result $? "show -j: the documented keys, unknown attributes left out"
jqt '.[0].enabled == true and .[0].enforce == false and
	.[0].max_sessions == 262144 and .[0].sessions == 7 and
	.[0].sessions_local == 5 and .[0].sessions_peer == 2 and
	.[0].session_size == 256'
result $? "show -j: values"
jqt '.[0].timeouts == {"tcp": 1800, "udp": 60, "icmp": 30, "other": 60,
	"tcp_syn": 20, "tcp_closing": 120}'
result $? "show -j: timeouts"
[ "$(wc -l <"$tmp/out")" -eq 1 ]
result $? "show -j: one line"

run -j -p show
jqt '.[0].timeouts.tcp_closing == 120' && [ "$(wc -l <"$tmp/out")" -gt 10 ]
result $? "show -j -p: indented, still JSON"

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

run stats
[ "$(wc -l <"$tmp/out")" -eq 14 ] &&
	grep -q '^packets  *1000$' "$tmp/out" &&
	grep -q '^gc_scanned  *13000$' "$tmp/out" &&
	grep -q '^stat_14  *5$' "$tmp/out" && ! grep -q 'stat_0\|stat_15' "$tmp/out"
result $? "stats: named counters, newer u64 as stat_N, pad and odd skipped"

run -j stats
jqt '.[0] | keys_unsorted == ["packets", "packets_nosession", "created",
	"closed", "expired", "deleted", "table_full", "alloc_failed",
	"enforce_drops", "invalid", "insert_race", "gc_runs", "gc_scanned",
	"stat_14"]'
result $? "stats -j: keys"
jqt '.[0].enforce_drops == 9000 and .[0].stat_14 == 5'
result $? "stats -j: values"

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
	"session del" "set max-sessions 0" "-x show"; do
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
# opened inside it.
ns=nsrpctl-test-$$
if [ "$(id -u)" -eq 0 ] && ip netns add "$ns" 2>/dev/null; then
	FAKE_NSRP_NETNS=$tmp/netns run -n "$ns" show
	want=$(ip netns exec "$ns" readlink /proc/self/ns/net)
	ip netns del "$ns"
	[ $rc -eq 0 ] && [ "$(cat "$tmp/netns")" = "$want" ] &&
		[ "$want" != "$(readlink /proc/self/ns/net)" ]
	result $? "-n: the socket is opened in the named namespace"
else
	n=$((n + 1))
	echo "ok $n # SKIP -n: cannot create a network namespace here"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
