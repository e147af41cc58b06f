#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the two-VM HA test (test-ha-vm2.sh): replication and
# failover across two real kernels. Both guests of run-vm2 run this script,
# told apart by NSRP_VM_NAME:
#
#   run-vm2 ... -- selftests/vm/ha-pair.sh MODULE_DIR -- selftests/vm/ha-pair.sh MODULE_DIR
#
#   guest A (node 1, primary)                     guest B (node 2, backup)
#   client ns -- root ns (router) -- server ns
#                   eth0 ========= HA link (qemu) ========= eth0
#                   sig0 (macvlan, ns "sig") .......... sig0 (macvlan, ns "sig")
#
# nsrp runs in each guest's root namespace with eth0 as its HA link; eth0
# carries nsrp frames only (no IP, IPv6 off). The two scripts coordinate
# through a macvlan on eth0 in a namespace of its own, so that their
# messages cross neither guest's nsrp (that would add sessions): a message
# is a TCP connection to the peer's port 7001 carrying a name line and a
# body, which the peer's listener stores as /tmp/ha-msg/NAME.
#
#   A: nsrp on, primary          -> "a-primary"
#   B: nsrp on, backup, synced   -> "b-backup"
#   A: UDP flows and a TCP connection through it, then its session keys
#                                -> "keys"
#   B: holds every one as a copy, 8x lifetimes -> "copies-ok"
#   A: rmmod nsrp                -> "dead"
#   B: primary (peer-dead), every session now its own -> "done"
#
# A failing guest sends "abort", so that its peer stops waiting. Every line
# is TAP ("ok - ha-vm2: A: ..."); the figures also go to OUTDIR/ha-result
# (KEY=VALUE lines) and B's event stream to OUTDIR/monitor.json.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=selftests/net/lib.sh
source "$here/../net/lib.sh"

case ${NSRP_VM_NAME:-} in
a) me=A node=1 addr=10.77.0.1 peer=10.77.0.2 ;;
b) me=B node=2 addr=10.77.0.2 peer=10.77.0.1 ;;
*) echo "ha-pair.sh: NSRP_VM_NAME must be a or b (run it through run-vm2)" >&2; exit 2 ;;
esac
(($# == 1)) || { echo "usage: ha-pair.sh MODULE_DIR" >&2; exit 2; }
moddir=$(cd "$1" && pwd)
TEST="ha-vm2: $me"
out=${NSRP_VM_OUT:-/tmp}
result=$out/ha-result
inbox=/tmp/ha-msg
: >"$result"

N_UDP=50 UDP_T=120 TCP_T=1800 MULT=8
HELLO_MS=200 DEAD_COUNT=3
# The peer boots in parallel and may be far behind: the first message waits
# this long; later ones ANSWER_MS.
FIRST_MS=150000 ANSWER_MS=60000

# nsrpctl in the root namespace, where nsrp runs here.
nctl() { "$NSRPCTL" "$@"; }
show() { nctl -j show | jq -r "$1"; }
# shellcheck disable=SC2317 # called through busywait
role_is() { [[ $(show .role) == "$1" ]]; }
# shellcheck disable=SC2317 # called through busywait
count_is() { [[ $(show ".$1") == "$2" ]]; }
figure() { echo "$1=$2" >>"$result"; }

# eventually DESCRIPTION EXPECTED COMMAND...: COMMAND prints EXPECTED within
# 10 s. For states that a false alarm (see B's takeover below) upsets for a
# moment.
eventually() {
	local desc=$1 want=$2 got deadline=$(($(now_ms) + 10000))
	shift 2
	while got=$("$@"); [[ $got != "$want" ]]; do
		if (($(now_ms) > deadline)); then
			not_ok "$desc (expected '$want', got '$got')"
			return 1
		fi
		sleep 0.2
	done
	ok "$desc"
}

# keys OWNER: this node's sessions owned by OWNER, one sorted line each.
keys() {
	local list
	list=$(nctl -j session list) || return 1
	jq -r --arg o "$1" '.[] | select(.owner == $o) |
		"\(.family) \(.proto) \(.src) \(.sport) \(.dst) \(.dport) \(.state)"' <<<"$list" | sort
}

# lifetimes: "OWNER PROTO TIMEOUT_S" of the sessions, each once.
# shellcheck disable=SC2317 # called through eventually
lifetimes() {
	nctl -j session list | jq -r '[.[] | "\(.owner) \(.proto) \(.timeout_s)"] | unique | join(" ")'
}

# keys_are OWNER FILE: exactly the sessions listed in FILE are OWNER's.
keys_are() { [[ $(keys "$1") == "$(cat "$2")" ]]; }

# send_msg NAME [FILE [TIMEOUT_MS]]: deliver FILE's contents to the peer as
# NAME, retrying (the peer may not listen yet) until the deadline or the
# peer's "abort".
send_msg() {
	local name=$1 file=${2:-/dev/null} deadline=$(($(now_ms) + ${3:-$ANSWER_MS}))
	until { echo "$name"; cat "$file"; } |
		ip netns exec sig socat -d -d -u STDIN "TCP4:$peer:7001,connect-timeout=2" 2>>"$out/send.log"; do
		(($(now_ms) > deadline)) && return 1
		[[ -e $inbox/abort ]] && return 1
		sleep 0.5
	done
}

# wait_msg NAME [TIMEOUT_MS]: until the peer sent NAME; fails at once if it
# sent "abort" instead.
wait_msg() {
	busywait "${2:-$ANSWER_MS}" test -e "$inbox/$1" -o -e "$inbox/abort"
	[[ -e $inbox/$1 ]]
}

finish() {
	local p
	for p in $(jobs -p); do
		kill "$p" 2>/dev/null
	done
	cleanup_namespaces
	echo "# $TEST: exit $nsrp_failed"
	exit "$nsrp_failed"
}

# fatal DESCRIPTION: a failed step the rest depends on: tell the peer
# (unless it gave up first), end.
fatal() {
	if [[ -e $inbox/abort ]]; then
		not_ok "$1 (the peer gave up: see its output)"
	else
		not_ok "$1"
		send_msg abort /dev/null 20000
	fi
	finish
}

# step DESCRIPTION COMMAND...: a check the rest depends on.
step() {
	local desc=$1
	shift
	if "$@"; then
		ok "$desc"
	else
		fatal "$desc"
	fi
}

# The peer's message NAME, or the end.
expect_msg() {
	local t0
	t0=$(now_ms)
	if wait_msg "$1" "${2:-$ANSWER_MS}"; then
		info "message '$1' from the peer after $(($(now_ms) - t0)) ms"
	elif [[ -e $inbox/abort ]]; then
		not_ok "the peer gave up before sending '$1' (see its output)"
		finish
	else
		fatal "the peer's message '$1' within $((${2:-$ANSWER_MS} / 1000)) s"
	fi
}

# --------------------------------------------------------------------------
# Both: the signalling namespace first (a failure after it reaches the
# peer), then the module
# nsrp.ko needs the kernel's defragmentation; a modular kernel has it as
# modules (see selftests/net/run.sh).
for m in nf_defrag_ipv4 nf_defrag_ipv6 macvlan; do
	modprobe "$m" 2>/dev/null || true
done

# No IPv6 in the root namespace: eth0 and the router's veths send no ND or
# MLD, which nsrp would track as sessions of the router's own.
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1
new_ns sig
ip netns exec sig sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip link add sig0 link eth0 type macvlan mode bridge
ip link set sig0 netns sig
ip -n sig addr add "$addr/24" dev sig0
ip -n sig link set sig0 up
mkdir -p "$inbox"
# One connection, one message: the name line, then the body; renamed into
# place once complete, so that a waiter never reads half of it. A script of
# its own: socat's address syntax mangles anything but simple commands.
# nofork: the script takes over the connection's socat process; run as
# socat's child it would be killed a second after the sender's EOF, too
# soon for its cat and mv under TCG.
cat >/tmp/ha-recv.sh <<EOF
#!/bin/sh
read -r n
case \$n in *[!a-z0-9-]* | '') exit 1 ;; esac
cat >$inbox/.\$n && mv $inbox/.\$n $inbox/\$n
echo "\$(date +%T.%N) received \$n" >>$out/listener.log
EOF
chmod +x /tmp/ha-recv.sh
# Appending, as the script does: both write to listener.log.
: >"$out/listener.log"
ip netns exec sig socat -d -d -u TCP4-LISTEN:7001,reuseaddr,fork EXEC:/tmp/ha-recv.sh,nofork \
	2>>"$out/listener.log" &
step "a listener for the peer's messages" busywait 10000 sh -c "ip netns exec sig ss -tlnH 'sport = :7001' | grep -q ."
step "insmod nsrp.ko ($(uname -r))" insmod "$moddir/nsrp.ko"

# shellcheck disable=SC2317 # called through step
enable() {
	nctl set enable ha-link eth0 node-id "$node" hello-interval "$HELLO_MS" \
		dead-count "$DEAD_COUNT" flush-ms 5 timeout udp "$UDP_T" timeout tcp "$TCP_T"
}

# last_role_is ROLE: B's show and its last role event say ROLE.
# shellcheck disable=SC2317 # called through busywait
last_role_is() {
	role_is "$1" &&
		grep '"event":"role"' "$out/monitor.json" | tail -n 1 | grep -q "\"role\":\"$1\""
}

# B's state once it joined A: "backup up 1 primary done".
# shellcheck disable=SC2317 # called through busywait
b_ready() {
	[[ $(show '"\(.role) \(.peer.state) \(.peer.node_id) \(.peer.role) \(.sync.state)"') == \
		"backup up 1 primary done" ]]
}

if [[ $me == B ]]; then
	# ==================================================================
	# B: the backup, then the survivor
	# Every HA event, from before nsrp is on to the end.
	nctl monitor -j >"$out/monitor.json" 2>"$out/monitor.err" &
	monitor=$!
	# B starts after A is primary: with no peer heard within its first
	# dead-count hellos a node makes itself primary ("alone"), and A,
	# with preemption off, would then stay backup.
	expect_msg a-primary "$FIRST_MS"
	step "nsrp on, HA link eth0, node 2, hello every $HELLO_MS ms" enable
	step "peer node 1 up and primary, B backup, A's table synced" busywait 20000 b_ready
	info "show: $(nctl -j show | jq -c '{role, peer, sync: (.sync | {state, role_reason})}')"
	check "the monitor reported the role backup" \
		busywait 5000 grep -q '"event":"role".*"role":"backup"' "$out/monitor.json"
	expect_eq "B owns nothing" 0 "$(show .sessions_local)"
	step "told A it is backup" send_msg b-backup

	expect_msg keys 120000
	n=$(wc -l <"$inbox/keys")
	t_keys=$(now_ms)
	if busywait 30000 keys_are peer "$inbox/keys"; then
		copies_ms=$(($(now_ms) - t_keys))
		ok "B holds a copy of each of A's $n sessions, key and state ($copies_ms ms after A's list came)"
	else
		keys peer >/tmp/ha-b-keys
		fatal "B holds a copy of each of A's $n sessions (B has $(wc -l </tmp/ha-b-keys); $(diff "$inbox/keys" /tmp/ha-b-keys | grep -c '^<') missing, $(diff "$inbox/keys" /tmp/ha-b-keys | grep -c '^>') extra)"
	fi
	figure copies "$(show .sessions_peer)"
	figure copies_ms "$copies_ms"
	eventually "show counts them: sessions_peer $n, sessions_local 0" "$n 0" \
		show '"\(.sessions_peer) \(.sessions_local)"'
	eventually "copies live $MULT x A's timeouts (udp $UDP_T s, tcp $TCP_T s)" \
		"peer tcp $((MULT * TCP_T)) peer udp $((MULT * UDP_T))" lifetimes
	step "told A the copies are all here" send_msg copies-ok

	# A removes nsrp: silence on the HA link, B takes over. Under TCG a
	# stalled vCPU can silence A for dead-count hellos while it is alive:
	# B then takes over too early and steps down again (split brain) when
	# A is heard again. Such false alarms are counted, not failed; the
	# figures are those of the last takeover, after A's "dead".
	expect_msg dead
	if busywait 30000 last_role_is primary; then
		ok "B became primary"
	else
		fatal "B becomes primary within 30 s of A's rmmod (role $(show .role), peer $(show .peer.state))"
	fi
	down=$(grep '"event":"peer-down"' "$out/monitor.json" | tail -n 1)
	role=$(grep '"event":"role"' "$out/monitor.json" | tail -n 1)
	false_downs=$(($(grep -c '"event":"peer-down"' "$out/monitor.json") - 1))
	figure false_downs "$false_downs"
	if ((false_downs)); then
		info "$false_downs false alarm(s) while A was alive: B declared it dead, took over, stepped down"
	fi
	detect_ms=$(jq -r '.ms // empty' <<<"$down")
	figure detect_ms "$detect_ms"
	expect_range "B declared A dead after ~$DEAD_COUNT hellos of silence (ms)" \
		$(((DEAD_COUNT - 1) * HELLO_MS)) 3000 "$detect_ms"
	if [[ -n $down ]]; then
		figure takeover_ms "$(jq -n --argjson d "$down" --argjson r "$role" \
			'(($r.time - $d.time) * 1000 | round)')"
	fi
	expect_eq "role event: backup -> primary, reason peer-dead, peer 1, $n sessions taken over" \
		"backup primary peer-dead 1 $n" \
		"$(jq -r '"\(.old_role) \(.role) \(.reason) \(.peer_node_id) \(.sessions)"' <<<"$role")"
	expect_eq "show: primary (peer-dead), peer down" "primary peer-dead down" \
		"$(show '"\(.role) \(.sync.role_reason) \(.peer.state)"')"
	expect_eq "B now owns all $n, holds no copy" "$n 0" \
		"$(show '"\(.sessions_local) \(.sessions_peer)"')"
	if keys_are local "$inbox/keys"; then
		ok "each of A's sessions is B's own now, key and state"
	else
		not_ok "each of A's sessions is B's own now (B owns $(keys local | wc -l))"
	fi
	# In place: the copy's remaining lifetime, not a fresh udp timeout.
	expect_range "the taken-over udp sessions keep the copies' remaining lifetime (ms)" \
		$((MULT * UDP_T * 1000 - 300000)) $((MULT * UDP_T * 1000)) \
		"$(nctl -j session list | jq '[.[] | select(.proto == "udp") | .expires_ms] | min')"
	figure takeover_sessions "$(jq -r '.sessions' <<<"$role")"
	figure role_reason "$(show .sync.role_reason)"
	kill "$monitor" 2>/dev/null
	wait "$monitor" 2>/dev/null
	info "events: $(jq -r '[.event, .role // empty, .reason // empty] | join(":")' \
		"$out/monitor.json" | tr '\n' ' ')"
	# A waits for this before it ends; its last message, so no retry.
	send_msg "done" "$result" 10000 || not_ok "telling A the test is over"
	finish
fi

# ==========================================================================
# A: the router and first primary
#
#   client (ha-c) c0 192.0.2.2 ---- r0 192.0.2.1  A  r1 198.51.100.1 ---- s0 198.51.100.2 server (ha-s)
C=ha-c S=ha-s
new_ns "$C"
new_ns "$S"
ip link add c0 netns "$C" type veth peer name r0
ip link add s0 netns "$S" type veth peer name r1
ip -n "$C" addr add 192.0.2.2/24 dev c0
ip addr add 192.0.2.1/24 dev r0
ip addr add 198.51.100.1/24 dev r1
ip -n "$S" addr add 198.51.100.2/24 dev s0
ip -n "$C" link set c0 up
ip -n "$S" link set s0 up
ip link set r0 up
ip link set r1 up
ip -n "$C" route add default via 192.0.2.1
ip -n "$S" route add default via 198.51.100.1
sysctl -qw net.ipv4.ip_forward=1

step "nsrp on, HA link eth0, node 1, hello every $HELLO_MS ms" enable
step "A becomes primary" busywait 10000 role_is primary
info "A primary, reason $(show .sync.role_reason)"
step "told B A is primary" send_msg a-primary /dev/null "$FIRST_MS"
expect_msg b-backup
eventually "A primary, peer node 2 up and backup, bulk sync done" "primary up 2 backup done" \
	show '"\(.role) \(.peer.state) \(.peer.node_id) \(.peer.role) \(.sync.state)"'

# Sessions the real way: traffic through A.
udp_sink "$S" 5002
tcp_echo_server "$S" TCP4-LISTEN:5001
wait_listen "$S" tcp 5001
step "a long-lived TCP connection through A" chat_start t "$C" 198.51.100.2 5001 40001 0.5
step "$N_UDP UDP flows through A" udp_flows "$C" 198.51.100.2 5002 20000 "$N_UDP"
n=$((N_UDP + 1))
step "A owns the $n sessions" busywait 20000 count_is sessions_local "$n"
keys local >/tmp/ha-keys
expect_eq "A's sessions: $N_UDP udp, 1 tcp established" "$N_UDP 1" \
	"$(grep -c ' udp ' /tmp/ha-keys) $(grep -c ' tcp .* established$' /tmp/ha-keys)"
step "sent B the keys of A's sessions" send_msg keys /tmp/ha-keys
expect_msg copies-ok 120000

# A's HA presence dies for real: no module, no hellos.
t_dead=$(now_ms)
check "rmmod nsrp with $n sessions and a live peer" rmmod nsrp
info "rmmod took $(($(now_ms) - t_dead)) ms"
check "the module is gone" sh -c "! grep -qw '^nsrp' /proc/modules"
figure rmmod_epoch_ms "$t_dead"
send_msg dead || not_ok "telling B nsrp is gone"
expect_msg "done" 120000
# The connection lives on: routing does not need nsrp.
tcp_ok=0
chat_stop t && tcp_ok=1
info "the TCP connection: $CHAT_DONE"
expect_eq "the TCP connection through A saw every echo" 1 "$tcp_ok"
finish
