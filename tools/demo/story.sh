#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The guest half of `make demo` (tools/demo/demo.sh boots the VM): a client,
# two routers running nsrp and a server as network namespaces; one
# long-lived TCP connection through the primary router, a failover to the
# backup, and the same connection still carrying data. It tells what
# happens, with the commands and their real output, as it goes.
#
#   story.sh MODULE_DIR       (in a throw-away VM: it loads nsrp.ko there)
#
#   client C 192.0.2.2 --- [LAN bridge] ---+--- A .11 ---+--- [WAN bridge] --- server S
#                                          |     | ha0   |                     198.51.100.2
#                                          +--- B .12 ---+
#
# The bridges live in their own namespace (sw). The routers' addresses end
# in .11 (A) and .12 (B) on both networks; where VRRP would move a virtual
# address at failover, the demo moves the client's and server's default
# routes from A to B.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
moddir=$(cd "${1:?usage: story.sh MODULE_DIR}" && pwd)
PATH=$top/tools/nsrpctl:$PATH
work=/tmp/nsrp-demo
port=7000 sport=40000

# Starting a program costs ~0.15 s in the emulated VM (seconds on a busy
# host), so what runs often is done with bash's builtins: the clock, the
# pauses (a read that times out on a FIFO nobody writes), files read with
# mapfile.
now_ms() { echo $((${EPOCHREALTIME/./} / 1000)); }
pause() { read -r -t "$1" -u 9; }

# busywait TIMEOUT_MS COMMAND...: poll every 50 ms until COMMAND succeeds.
busywait() {
	local deadline=$(($(now_ms) + $1))
	shift
	until "$@"; do
		(($(now_ms) > deadline)) && return 1
		pause 0.05
	done
	return 0 # not the status of the last pause, which timed out
}

# The narration: numbered steps, commands after a "$" with their output.
# Each step's start goes to OUTDIR/steps (run-vm's NSRP_VM_OUT), for
# demo.sh's account of where the time went.
step_no=0
steps_log=${NSRP_VM_OUT:-/tmp}/steps
: >"$steps_log"
# trace WHAT: a time mark in OUTDIR/steps only (where step 5's time goes).
trace() { echo "# $(($(now_ms) - t_start)) $*" >>"$steps_log"; }
step() {
	step_no=$((step_no + 1))
	echo "$step_no $(($(now_ms) - t_start)) $*" >>"$steps_log"
	printf '\n%d. %s\n\n' "$step_no" "$*"
}
# say WORDS...: a paragraph, wrapped at 76 columns and indented.
say() {
	local w line='' words
	read -r -a words <<<"$*"
	for w in "${words[@]}"; do
		if ((${#line} + ${#w} >= 73)); then
			echo "   $line"
			line=$w
		else
			line=${line:+$line }$w
		fi
	done
	[[ -n $line ]] && echo "   $line"
}
# run COMMAND_LINE: show it, run it (a shell line: pipes allowed), show
# its output, indented; the output is left in $run_out.
run() {
	local rc
	echo "   \$ $1"
	run_out=$(eval "$1" 2>&1)
	rc=$?
	[[ -n $run_out ]] && while IFS= read -r l; do echo "     $l"; done <<<"$run_out"
	return $rc
}
die() {
	local ns
	echo "demo: FAILED: $*"
	echo "demo: the state at that point, for a bug report:"
	for ns in A B; do
		[[ -e /run/netns/$ns ]] || continue
		echo "--- $ns: nsrpctl show; session list; stats (non-zero)"
		nsrpctl -n $ns show
		nsrpctl -n $ns session list
		nsrpctl -n $ns -j stats | jq -c 'with_entries(select(.value != 0))'
	done
	for ns in C S; do
		[[ -e /run/netns/$ns ]] && echo "--- $ns: ss -tan" && ip netns exec $ns ss -tan
	done
	[[ -s $work/conn.err ]] && echo "--- the client's socat:" && cat "$work/conn.err"
	exit 1
}

# Predicates for busywait, each one nsrpctl and no jq (programs are slow
# to start in the VM): role_is NS ROLE; peer_is NS up|down; synced NS (NS
# holds its peer's table); owner_is NS local|peer (the demo's connection).
# show_field NS LABEL prints one value of nsrpctl's human show.
show_field() {
	local out
	out=$(nsrpctl -n "$1" show) || return 1
	[[ $out =~ (^|$'\n')$2\ \ +([^$'\n']*) ]] && echo "${BASH_REMATCH[2]}"
}
role_is() { [[ $(show_field "$1" role) == "$2" ]]; }
peer_is() { [[ $(show_field "$1" "sync peer") == "$2" ]]; }
synced() { [[ $(show_field "$1" "sync state") == "done" ]]; }
owner_is() { [[ $(nsrpctl -n "$1" session list port $sport) == *" $2 "* ]]; }
# lifetime LIST_LINE: the seconds at the end of a session list line.
lifetime() { [[ $1 =~ ([0-9]+)s$ ]] && echo "${BASH_REMATCH[1]}"; }

# The connection: socat in the client, its input a FIFO held open by a
# sleep, its output a file; `send` writes a line, and waits for its echo.
sent=0
send() {
	sent=$((sent + 1))
	local line="$sent: $*"
	echo "$line" >"$work/conn.in"
	echo "   client sends:    $line"
	if busywait 15000 has_line "$work/conn.out" "$line"; then
		echo "   client receives: $line   (the server's echo)"
	else
		die "no echo of \"$line\" within 15 s"
	fi
}

# has_line FILE LINE: FILE has LINE.
has_line() {
	local l lines
	mapfile -t lines <"$1"
	for l in "${lines[@]}"; do
		[[ $l == "$2" ]] && return 0
	done
	return 1
}

# monitor_news [skip]: the monitor's lines since the last call, indented
# (the middle left out when there are many), or with "skip" none: they are
# only put in $mon_new.
mon_seen=0
monitor_news() {
	local all l
	mapfile -t all <"$work/monitor.out"
	mon_new=("${all[@]:mon_seen}")
	mon_seen=${#all[@]}
	[[ ${1:-} == skip ]] && return
	if ((${#mon_new[@]} > 14)); then
		printf '     %s\n' "${mon_new[@]:0:5}"
		echo "     ... $((${#mon_new[@]} - 10)) more lines ..."
		printf '     %s\n' "${mon_new[@]: -5}"
	else
		for l in "${mon_new[@]}"; do
			echo "     $l"
		done
	fi
}
# mon_count TEXT: how many of $mon_new contain TEXT; mon_last TEXT: the
# last one that does.
mon_count() {
	local l n=0
	for l in "${mon_new[@]}"; do
		[[ $l == *"$1"* ]] && n=$((n + 1))
	done
	echo $n
}
mon_last() {
	local l last=
	for l in "${mon_new[@]}"; do
		[[ $l == *"$1"* ]] && last=$l
	done
	echo "$last"
}

# Epoch ms of a monitor line's time stamp (local time, ms).
line_ms() { date -d "${1%% *}" +%s%3N; }

cleanup() {
	local p
	for p in $(jobs -p); do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	for ns in C sw A B S; do
		ip netns del "$ns" 2>/dev/null
	done
}
trap cleanup EXIT

t_start=$(now_ms)
rm -rf "$work"
mkdir -p "$work"
mkfifo "$work/pause"
exec 9<>"$work/pause"

echo "nsrp demo: two routers mirror their sessions; one fails, a TCP connection survives"
echo "================================================================================="

step "The network: five namespaces in the VM"
modprobe nf_defrag_ipv4 2>/dev/null
modprobe nf_defrag_ipv6 2>/dev/null
insmod "$moddir/nsrp.ko" || die "insmod $moddir/nsrp.ko"
# Every program started costs ~0.15 s in the emulated VM: settings are
# written by the shell itself, and ip reads its commands in batches. New
# namespaces take the VM's settings: IPv4 only (no neighbour discovery or
# MLD in the session tables), forwarding on.
echo 1 >/proc/sys/net/core/devconf_inherit_init_net
echo 1 >/proc/sys/net/ipv6/conf/all/disable_ipv6
echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6
echo 1 >/proc/sys/net/ipv4/ip_forward
# A cable from a namespace's NIC to a port of the bridges' namespace sw is
# a veth pair; its sw end is named after the namespace and the NIC.
ip -batch - <<'EOF' || die "creating the namespaces"
netns add C
netns add sw
netns add A
netns add B
netns add S
link add eth0 netns C type veth peer name C-eth0 netns sw
link add lan netns A type veth peer name A-lan netns sw
link add wan netns A type veth peer name A-wan netns sw
link add lan netns B type veth peer name B-lan netns sw
link add wan netns B type veth peer name B-wan netns sw
link add eth0 netns S type veth peer name S-eth0 netns sw
link add ha0 netns A type veth peer name ha0 netns B
EOF
ip -n sw -batch - <<'EOF' || die "setting up the bridges"
link set lo up
link add lan type bridge
link add wan type bridge
link set lan up
link set wan up
link set C-eth0 master lan up
link set A-lan master lan up
link set B-lan master lan up
link set A-wan master wan up
link set B-wan master wan up
link set S-eth0 master wan up
EOF
# ns_setup NS: the batch of ip commands on stdin in namespace NS.
ns_setup() { ip -n "$1" -batch - || die "setting up namespace $1"; }
ns_setup C <<'EOF'
link set lo up
addr add 192.0.2.2/24 dev eth0
link set eth0 up
route add default via 192.0.2.11
EOF
ns_setup S <<'EOF'
link set lo up
addr add 198.51.100.2/24 dev eth0
link set eth0 up
route add default via 198.51.100.11
EOF
for r in A:11 B:12; do
	ns_setup "${r%:*}" <<-EOF
	link set lo up
	addr add 192.0.2.${r#*:}/24 dev lan
	addr add 198.51.100.${r#*:}/24 dev wan
	link set lan up
	link set wan up
	link set ha0 up
	EOF
done
cat <<'PICTURE'
     client C 192.0.2.2                                   server S 198.51.100.2
          |                                                       |
     ==== LAN 192.0.2.0/24 ====                 ==== WAN 198.51.100.0/24 ====
          |            |                                 |            |
          |            +--- router A  .11 / .11 ---------+            |
          |                  node 1   |                               |
          |                           | ha0: the HA link              |
          |                  node 2   |                               |
          +---------------- router B  .12 / .12 ----------------------+

   The client's and the server's default routes point at A (.11).
PICTURE

step "nsrp on both routers: A becomes primary, B its backup"
say "Each router mirrors the sessions it owns to its peer over ha0 and sends" \
	"hellos every 200 ms; enforce drops mid-stream TCP that matches no session," \
	"as a stateful firewall does. A starts first: hearing no peer within 3" \
	"hellos, it becomes primary. B joins and, finding a primary peer, becomes" \
	"its backup. (Started at once, they would elect A: node 1 wins a tie; but" \
	"in an emulated VM on a busy host \"at once\" is not guaranteed.)"
say "B's event stream, from now on:"
echo "   \$ nsrpctl -n B monitor &"
nsrpctl -n B monitor >"$work/monitor.out" 2>&1 &
pause 0.3
run "nsrpctl -n A set enable ha-link ha0 node-id 1 enforce on hello-interval 200" ||
	die "nsrpctl -n A set enable"
busywait 20000 role_is A primary || die "A is not primary after 20 s ($(show_field A role))"
run "nsrpctl -n B set enable ha-link ha0 node-id 2 enforce on hello-interval 200" ||
	die "nsrpctl -n B set enable"
busywait 20000 role_is B backup || die "B is not backup after 20 s ($(show_field B role))"
busywait 20000 synced B || die "B has not synced A's table after 20 s"
echo
monitor_news
echo
roles="grep -E '^(role|sync peer|sync peer role|sync peer synced|sync role reason)  '"
run "nsrpctl -n A show | $roles"
run "nsrpctl -n B show | $roles"

step "A long-lived TCP connection from the client to the server, through A"
ip netns exec S socat TCP4-LISTEN:$port,reuseaddr,fork PIPE >/dev/null 2>&1 &
busywait 10000 sh -c "ip netns exec S ss -tlnH 'sport = :$port' | grep -q ." ||
	die "the server's echo service did not start"
mkfifo "$work/conn.in"
echo "   \$ ip netns exec C socat STDIO TCP4:198.51.100.2:$port,sourceport=$sport &"
say "(an echo server on S sends every line back)"
ip netns exec C socat -T 3600 STDIO TCP4:198.51.100.2:$port,sourceport=$sport \
	<"$work/conn.in" >"$work/conn.out" 2>"$work/conn.err" &
sleep 100000 >"$work/conn.in" &
established() { [[ $(nsrpctl -n A session list port $sport) == *" established local "* ]]; }
busywait 60000 established || die "the connection through A is not established after 60 s"
send "hello through router A"
send "one more line through A"
busywait 5000 owner_is B peer || die "B has no copy of the connection"

step "Both routers' session tables"
say "A owns the session (tcp timeout 1800 s); B holds a copy that lives 8 x as" \
	"long (ageout-ack keeps it while A says the session is still in use)."
run "nsrpctl -n A session list"
run "nsrpctl -n B session list"
t_copy_s=$(lifetime "$run_out")

step "Failover: A drops off the HA link"
# B's events since step 2: with the link up there should be none. Under
# emulation on a busy host A's hellos can arrive more than 3 x 200 ms
# apart, and B then takes over until the next hello (and steps down again).
monitor_news skip
false_deaths=$(mon_count 'peer down')
t_fail=$(now_ms)
run "ip -n A link set ha0 down"
busywait 10000 role_is B primary || die "B did not become primary within 10 s"
trace "busywait 10000 role_is B primary"
busywait 10000 peer_is B down || die "B still sees A as up 10 s after the failover"
trace "busywait 10000 peer_is B down"
busywait 2000 owner_is B local || die "B did not take over the session"
trace "busywait 2000 owner_is B local"
took_over() {
	local all l
	mapfile -t all <"$work/monitor.out"
	for l in "${all[@]:mon_seen}"; do
		[[ $l == *'primary (peer-dead)'* ]] && return 0
	done
	return 1
}
busywait 2000 took_over
trace "busywait 2000 took_over"
say "B misses A's hellos for 3 x 200 ms and takes over. Its monitor says:"
echo
monitor_news
echo
took=$(mon_last 'primary (peer-dead)')
t_primary=$(line_ms "$took" 2>/dev/null || now_ms)
if ((false_deaths)); then
	say "(Before this, with the HA link up, B had already declared A dead" \
		"$false_deaths time(s): A's hellos came more than 300 ms apart, as" \
		"happens when the VM is starved of CPU. Each time B became primary and" \
		"stepped down again (split-brain) at A's next hello.)"
fi
say "What VRRP's virtual address would do: the client and the server now" \
	"route through B."
run "ip -n C route replace default via 192.0.2.12"
run "ip -n S route replace default via 198.51.100.12"
trace "run ip -n S route replace default via 198.51.100.12"
echo
run "nsrpctl -n B show | $roles"
run "nsrpctl -n B session list"
t_taken_s=$(lifetime "$run_out")
say "The session is B's own now, with the lifetime its copy had left."

step "The same connection, now through B"
send "still here, through router B"
send "and one more"
say "The first packet through B refreshed the session to the normal timeout:"
run "nsrpctl -n B session list"

step "What happened"
t_total=$(($(now_ms) - t_start))
say "Router A (node 1), the primary, routed a TCP connection from" \
	"192.0.2.2:$sport to 198.51.100.2:$port; B held a copy of its session" \
	"(${t_copy_s} s to live, 8 x A's). When A fell silent on the HA link, B" \
	"became primary $((t_primary - t_fail)) ms later and turned the copy into" \
	"its own session ($t_taken_s s left). With the routes moved to B, the same" \
	"connection carried on: $sent lines in all, every one echoed, although B" \
	"enforces state and drops mid-stream TCP it has no session for. The story" \
	"took $((t_total / 1000)) s in the VM."
echo "end $(($(now_ms) - t_start))" >>"$steps_log"
echo
echo "demo: OK"
