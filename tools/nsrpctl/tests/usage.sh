#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Command line checks of nsrpctl that need no kernel module: bad usage
# exits 2 with a message naming the culprit, help and version exit 0,
# -batch names the bad line. Usage is checked before any netlink I/O, so
# none of these reach the kernel. Output is TAP.
#
# NSRPCTL=path/to/nsrpctl overrides the binary under test.

set -u

here=$(cd "$(dirname "$0")" && pwd)
nsrpctl=${NSRPCTL:-$here/../nsrpctl}
# Never test against a fake kernel by accident.
unset LD_PRELOAD

if [ ! -x "$nsrpctl" ]; then
	echo "Bail out! $nsrpctl not built (make -C tools/nsrpctl)"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nsrpctl-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

n=0
failed=0

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	for line in "$@"; do
		echo "#   $line"
	done
	sed 's/^/#   stderr: /' "$tmp/err"
}

# expect RC REGEX DESCRIPTION -- ARGS...: exit status RC and REGEX
# (grep -E) found in stderr, or in stdout when RC is 0.
expect() {
	local rc=$1 re=$2 desc=$3 got out
	shift 4

	"$nsrpctl" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	got=$?
	out=$tmp/err
	[ "$rc" -eq 0 ] && out=$tmp/out
	if [ "$got" -ne "$rc" ]; then
		not_ok "$desc" "nsrpctl $*" "exit status $got, expected $rc"
	elif ! grep -Eq -- "$re" "$out"; then
		not_ok "$desc" "nsrpctl $*" "output lacks /$re/"
	else
		ok "$desc"
	fi
}

usage() {
	expect 2 "$@"
}

# set
usage 'timeout tcp.*0.*1\.\.86400' "set timeout 0 is bad usage" -- \
	set timeout tcp 0
usage 'timeout tcp.*86401.*1\.\.86400' "set timeout 86401 is bad usage" -- \
	set timeout tcp 86401
usage "timeout udp: '10x' is not a decimal" "set timeout with junk" -- \
	set timeout udp 10x
usage "timeout icmp: '\+5'" "set timeout with a sign" -- \
	set timeout icmp +5
usage "timeout other: '-5'" "set timeout negative" -- \
	set timeout other -5
usage "timeout tcp-syn: '0x10'" "set timeout in hex" -- \
	set timeout tcp-syn 0x10
usage "timeout tcp-closing: ' 5'" "set timeout with a blank" -- \
	set timeout tcp-closing ' 5'
usage "timeout tcp: ''" "set timeout empty" -- \
	set timeout tcp ''
usage "timeout tcp: missing value" "set timeout without seconds" -- \
	set timeout tcp
usage "unknown type 'bogus'.*tcp-closing" "set timeout of an unknown type" -- \
	set timeout bogus 5
usage "'timeout' needs a type" "set timeout alone" -- \
	set timeout
usage "unknown keyword 'frobnicate'" "set with an unknown keyword" -- \
	set frobnicate
usage "unknown keyword 'frobnicate'" "unknown keyword after good ones" -- \
	set enable timeout tcp 30 frobnicate
usage "enforce: invalid value 'maybe'.*on or off" "set enforce maybe" -- \
	set enforce maybe
usage 'max-sessions: 0 is out of range.*1\.\.16777216' \
	"set max-sessions 0 is bad usage" -- set max-sessions 0
usage 'max-sessions: 16777217 is out of range' \
	"set max-sessions above the limit" -- set max-sessions 16777217
usage 'max-sessions: 99999999999999999999999 is out of range' \
	"set max-sessions overflowing 64 bits" -- \
	set max-sessions 99999999999999999999999
usage 'set: nothing to set' "set alone is bad usage" -- set
usage "'timeout tcp' given twice" "set timeout twice" -- \
	set timeout tcp 5 timeout tcp 6
usage "enable or disable was already given" "set enable disable" -- \
	set enable disable

# set: replication keywords, every bad value.
usage 'ethertype: 0x05ff is out of range \(expected 0x0600\.\.0xffff\)' \
	"set ethertype below 0x0600" -- set ethertype 0x05ff
usage 'ethertype: 1535 is out of range \(expected 0x0600\.\.0xffff\)' \
	"set ethertype below, decimal" -- set ethertype 1535
usage 'ethertype: 0x10000 is out of range' "set ethertype above 0xffff" -- \
	set ethertype 0x10000
usage 'ethertype: 65536 is out of range' "set ethertype above, decimal" -- \
	set ethertype 65536
usage 'ethertype: 0x1000000000000000000 is out of range' \
	"set ethertype overflowing 64 bits" -- set ethertype 0x1000000000000000000
usage "ethertype: '0x' is not a hex \(0x\.\.\.\) or decimal number" \
	"set ethertype 0x alone" -- set ethertype 0x
usage "ethertype: '0x88g5' is not a hex" "set ethertype bad hex" -- \
	set ethertype 0x88g5
usage "ethertype: '88b5' is not a hex" "set ethertype hex without 0x" -- \
	set ethertype 88b5
usage "ethertype: '-1' is not a hex" "set ethertype negative" -- \
	set ethertype -1
usage "ethertype: ' 0x88b5' is not a hex" "set ethertype with a blank" -- \
	set ethertype ' 0x88b5'
usage "ethertype: missing value \(expected 0x0600\.\.0xffff\)" \
	"set ethertype without a value" -- set ethertype
usage 'cluster-id: 65536 is out of range \(expected 0\.\.65535\)' \
	"set cluster-id 65536" -- set cluster-id 65536
usage "cluster-id: '0x10' is not a decimal number" \
	"set cluster-id in hex" -- set cluster-id 0x10
usage "cluster-id: '-1' is not a decimal number" "set cluster-id negative" -- \
	set cluster-id -1
usage "cluster-id: missing value" "set cluster-id without a value" -- \
	set cluster-id
usage 'node-id: 65536 is out of range \(expected 0\.\.65535 or auto\)' \
	"set node-id 65536" -- set node-id 65536
usage "node-id: 'automatic' is not a decimal number \(expected 0\.\.65535 or auto\)" \
	"set node-id automatic" -- set node-id automatic
usage 'multiplier: 0 is out of range \(expected 1\.\.255\)' \
	"set multiplier 0" -- set multiplier 0
usage 'multiplier: 256 is out of range \(expected 1\.\.255\)' \
	"set multiplier 256" -- set multiplier 256
usage "multiplier: '8x' is not a decimal number" "set multiplier 8x" -- \
	set multiplier 8x
usage "ageout-ack: invalid value '1' \(expected on or off\)" \
	"set ageout-ack 1" -- set ageout-ack 1
usage "ageout-ack: missing value \(expected on or off\)" \
	"set ageout-ack without a value" -- set ageout-ack
usage 'flush-ms: 0 is out of range \(expected 1\.\.1000\)' \
	"set flush-ms 0" -- set flush-ms 0
usage 'flush-ms: 1001 is out of range \(expected 1\.\.1000\)' \
	"set flush-ms 1001" -- set flush-ms 1001
usage "ha-link: missing value \(expected a device or none\)" \
	"set ha-link without a device" -- set ha-link
usage "ha-link: 'a/b' is not a device name \(1 to 15 characters" \
	"set ha-link with a slash" -- set ha-link a/b
usage "ha-link: 'eth0:1' is not a device name" "set ha-link with a colon" -- \
	set ha-link eth0:1
usage "ha-link: '0123456789abcdef' is not a device name" \
	"set ha-link of 16 characters" -- set ha-link 0123456789abcdef
usage "ha-link: '' is not a device name" "set ha-link empty" -- \
	set ha-link ''
usage "ha-link: '\.\.' is not a device name" "set ha-link .." -- \
	set ha-link ..
# set: the HA role keywords, every bad value.
usage "mode: invalid value 'manuel' \(expected auto or manual\)" \
	"set mode manuel" -- set mode manuel
usage "mode: missing value \(expected auto or manual\)" \
	"set mode without a value" -- set mode
usage "role: invalid value 'init' \(expected backup or primary\)" \
	"set role init: not a role to set" -- set role init
usage "role: invalid value 'master' \(expected backup or primary\)" \
	"set role master" -- set role master
usage "role: missing value \(expected backup or primary\)" \
	"set role without a value" -- set role
usage "role: only in manual mode, not with 'mode auto'" \
	"set mode auto role primary" -- set mode auto role primary
usage "role: only in manual mode, not with 'mode auto'" \
	"set role backup mode auto" -- set role backup mode auto
usage 'priority: 0 is out of range \(expected 1\.\.254\)' \
	"set priority 0" -- set priority 0
usage 'priority: 255 is out of range \(expected 1\.\.254\)' \
	"set priority 255" -- set priority 255
usage "priority: '-1' is not a decimal number" "set priority negative" -- \
	set priority -1
usage "priority: missing value \(expected 1\.\.254\)" \
	"set priority without a value" -- set priority
usage "preempt: invalid value 'yes' \(expected on or off\)" \
	"set preempt yes" -- set preempt yes
usage "preempt: missing value \(expected on or off\)" \
	"set preempt without a value" -- set preempt
usage 'hello-interval: 49 is out of range \(expected 50\.\.10000\)' \
	"set hello-interval 49" -- set hello-interval 49
usage 'hello-interval: 10001 is out of range \(expected 50\.\.10000\)' \
	"set hello-interval 10001" -- set hello-interval 10001
usage "hello-interval: '1s' is not a decimal number" \
	"set hello-interval with a unit" -- set hello-interval 1s
usage 'dead-count: 1 is out of range \(expected 2\.\.255\)' \
	"set dead-count 1" -- set dead-count 1
usage 'dead-count: 256 is out of range \(expected 2\.\.255\)' \
	"set dead-count 256" -- set dead-count 256
usage 'hold-down: 3600001 is out of range \(expected 0\.\.3600000\)' \
	"set hold-down 3600001" -- set hold-down 3600001
usage "hold-down: '0x10' is not a decimal number" "set hold-down in hex" -- \
	set hold-down 0x10
usage "hold-down: missing value \(expected 0\.\.3600000\)" \
	"set hold-down without a value" -- set hold-down
usage "unknown keyword 'hello'.*hello-interval, dead-count, hold-down" \
	"set: the HA role keywords listed" -- set hello 100

for kw in "ethertype 0x88b5" "cluster-id 1" "node-id 1" "multiplier 8" \
	"ageout-ack on" "flush-ms 10" "ha-link lo" "key none" "mode auto" \
	"role primary" "priority 1" "preempt on" "hello-interval 50" \
	"dead-count 2" "hold-down 0"; do
	# shellcheck disable=SC2086 # split on purpose
	usage "'${kw%% *}' given twice" "set ${kw%% *} twice" -- set $kw $kw
done

# A device is looked up, in the target namespace, before any request:
# the module is not needed to find that it is missing.
expect 1 "^nsrpctl: set: ha-link: no device 'nsrpctl-nodev0'$" \
	"set ha-link of a missing device: exit 1, named" -- \
	set enable ha-link nsrpctl-nodev0
if ! grep -q "module" "$tmp/err"; then
	ok "set ha-link of a missing device: found before the kernel is asked"
else
	not_ok "set ha-link of a missing device: found before the kernel is asked"
fi

# key: the message says what is wrong, never the key or a piece of it.
# secret RE DESC KEY: set key KEY is bad usage matching RE, KEY unsaid.
secret() {
	usage "$1" "$2" -- set key "$3" enable
	if [ -n "$3" ] && grep -qiF -- "$3" "$tmp/err"; then
		not_ok "$2: the key is not printed"
	else
		ok "$2: the key is not printed"
	fi
}
k32=00112233445566778899aabbccddeeff
secret "key: an odd number of hex digits \(33\)" "set key of 33 digits" \
	"${k32}0"
secret "key: an odd number of hex digits \(1\)" "set key of 1 digit" 7
secret "key: character 17 is not a hex digit \(expected 32\.\.128 hex digits, or none\)" \
	"set key with a non-hex character" "0011223344556677g899aabbccddeeff"
secret "key: character 2 is not a hex digit" "set key with 0x" "0x$k32"
secret "key: character 33 is not a hex digit" "set key with a blank" \
	"$k32 "
secret "key: 15 octets is too short \(expected 16\.\.64 octets: 32\.\.128 hex digits\)" \
	"set key of 15 octets" "${k32:2}"
secret "key: 65 octets is too long \(expected 16\.\.64 octets" \
	"set key of 65 octets" "$k32$k32$k32${k32}ff"
secret "key: empty value \(expected 32\.\.128 hex digits, or none\)" \
	"set key empty" ""
usage "key: missing value \(expected 32\.\.128 hex digits, or none\)" \
	"set key without a value" -- set key

# The good values: -batch checks every line before running any, so a
# bad last line shows that all the lines above it parsed (the kernel is
# never asked: nothing here needs the module).
cat >"$tmp/good.batch" <<EOF
set ethertype 0x88b5
set ethertype 0X88B5
set ethertype 34997
set ethertype 0x0600
set ethertype 1536
set ethertype 0xffff
set ethertype 65535
set cluster-id 0
set cluster-id 65535
set node-id 0
set node-id auto
set node-id 65535
set multiplier 1
set multiplier 255
set ageout-ack on
set ageout-ack off
set flush-ms 1
set flush-ms 1000
set key $k32
set key $(printf '%s' "$k32$k32$k32$k32" | tr a-f A-F)
set key none
set ha-link none
set ha-link lo
set ha-link lo ethertype 0x88b5 cluster-id 1 node-id auto multiplier 8 ageout-ack on flush-ms 10 key $k32 enable
set max-sessions 1 timeout tcp 5 enforce off key none ha-link none
set mode auto
set mode manual
set role primary
set role backup
set mode manual role primary
set role backup mode manual
set priority 1
set priority 254
set preempt on
set preempt off
set hello-interval 50
set hello-interval 10000
set dead-count 2
set dead-count 255
set hold-down 0
set hold-down 3600000
set mode auto priority 100 preempt off hello-interval 1000 dead-count 3 hold-down 3000
failover
monitor
monitor -j
monitor --json
set multiplier 0
EOF
usage "good\.batch:47: set: multiplier: 0 is out of range" \
	"-batch: every good value of the replication and HA role keywords parses" -- \
	-batch "$tmp/good.batch"
if [ "$(grep -c '^nsrpctl' "$tmp/err")" -eq 1 ] && ! grep -qiF "$k32" "$tmp/err"; then
	ok "-batch: only the bad line is reported, no key printed"
else
	not_ok "-batch: only the bad line is reported, no key printed"
fi

# session
usage "family: invalid value 'inet7'.*inet, inet6" \
	"session list family inet7 is bad usage" -- \
	session list family inet7
usage 'port: 70000 is out of range.*1\.\.65535' \
	"session list port 70000 is bad usage" -- session list port 70000
usage 'port: 0 is out of range' "session list port 0" -- \
	session list port 0
usage "proto: invalid value '256'" "session list proto 256" -- \
	session list proto 256
usage "proto: invalid value 'sctpx'" "session list proto unknown" -- \
	session list proto sctpx
usage "addr: invalid address '10.0.0.300'" "session list bad addr" -- \
	session list addr 10.0.0.300
usage "prefixes are not supported" "session list addr prefix" -- \
	session list addr 10.0.0.0/8
usage "addr ::1 is an inet6 address but family inet" \
	"addr conflicting with family" -- \
	session del family inet addr ::1
usage "unknown selector 'bogus'" "session list unknown selector" -- \
	session list bogus 1
usage "port: missing value" "session list selector without value" -- \
	session list port
usage "'proto' given twice" "session del selector twice" -- \
	session del proto tcp proto udp
usage "session del: give at least one selector" "session del alone" -- \
	session del
usage "unexpected argument 'now'" "session flush with an argument" -- \
	session flush now
usage "unknown subcommand 'frob'.*list, del, flush" \
	"session unknown subcommand" -- session frob

# global
usage "unknown command 'frob'" "unknown command is bad usage" -- frob
usage "unknown option '-x'" "unknown option" -- -x show
usage "option '-n' needs an argument" "-n without a name" -- -n
usage "option '-n': invalid namespace name '../evil'" "-n with a path" -- \
	-n ../evil show
usage "show: unexpected argument '-j'" "option after the command" -- \
	show -j
usage "stats: unexpected argument 'x'" "stats with an argument" -- \
	stats x
usage "unknown command 'nope'" "help for an unknown command" -- help nope
usage "failover: unexpected argument 'now' \(failover takes none\)" \
	"failover with an argument" -- failover now
usage "monitor: unexpected argument 'role' \(monitor takes none but -j\)" \
	"monitor with an argument" -- monitor role
usage "monitor: unexpected argument '-j'" "monitor -j twice" -- \
	monitor -j -j
usage "monitor: unexpected argument '-p'" "monitor -p: options go first" -- \
	monitor -p

expect 0 '^usage: nsrpctl' "--help exits 0" -- --help
expect 0 '^usage: nsrpctl' "-h exits 0" -- -h
expect 0 '^usage: nsrpctl' "help exits 0" -- help
expect 0 '^nsrpctl [0-9]' "-V exits 0" -- -V
expect 0 'SECONDS := 1\.\.86400' "help set" -- help set
expect 0 'ETHERTYPE := 0x0600\.\.0xffff' "help set: the ethertype range" -- \
	help set
expect 0 'HEX := 32\.\.128 hex digits' "help set: the key length" -- help set
expect 0 'ha-link DEV\|none' "help set: ha-link" -- help set
expect 0 'hello-interval 50\.\.10000' "help set: hello-interval" -- help set
expect 0 'hold-down 0\.\.3600000' "help set: hold-down" -- help set
expect 0 'role primary\|backup' "help set: role" -- help set
expect 0 'usage: nsrpctl \[-j\] failover' "help failover" -- help failover
expect 0 'usage: nsrpctl \[-j\] monitor \[-j\]' "help monitor" -- help monitor
expect 0 'failover +hand the primary role' "--help lists failover" -- --help
expect 0 'monitor +print the HA' "--help lists monitor" -- --help
expect 0 'SELECTOR' "session help" -- session help
expect 0 'usage: nsrpctl set' "set help" -- set help

# -batch: every line is checked before any runs, so the bad line 6
# is reported although line 3 would need the kernel.
printf '# nsrpctl batch\n\nshow\n   # indented comment\nset enforce on # trailing\nset timeout tcp 0\nstats\n' \
	>"$tmp/bad.batch"
usage "$tmp/bad.batch:6: set: timeout tcp: 0 is out of range" \
	"-batch reports the line number of a bad line" -- \
	-batch "$tmp/bad.batch"
if grep -q "bad.batch:6:" "$tmp/err" && ! grep -q "module" "$tmp/err"; then
	ok "-batch checks all lines before talking to the kernel"
else
	not_ok "-batch checks all lines before talking to the kernel"
fi

printf 'show\nfrob\n' >"$tmp/cmd.batch"
usage "$tmp/cmd.batch:2: unknown command 'frob'" \
	"-batch with an unknown command" -- -batch "$tmp/cmd.batch"

printf 'session list\n\nsession list port 99999\n' | \
	"$nsrpctl" -batch - >/dev/null 2>"$tmp/err"
if [ $? -eq 2 ] && grep -q '<stdin>:3: session list: port' "$tmp/err"; then
	ok "-batch - reads stdin and reports the line"
else
	not_ok "-batch - reads stdin and reports the line"
fi

printf 'show\n' >"$tmp/ok.batch"
usage "with -batch the commands come from the file" \
	"-batch with a command" -- -batch "$tmp/ok.batch" show
expect 1 "cannot open batch file" "-batch of a missing file exits 1" -- \
	-batch "$tmp/missing.batch"

# Without the module, a command that needs it says so and exits 1.
if [ -d /sys/module/nsrp ]; then
	ok "# SKIP the nsrp module is loaded here"
else
	expect 1 '^nsrpctl: the nsrp module is not loaded \(modprobe nsrp\)$' \
		"without the module: a clear message and exit 1" -- show
fi

echo "1..$n"
[ "$failed" -eq 0 ]
