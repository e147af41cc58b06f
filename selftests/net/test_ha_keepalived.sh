#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nsrp-test: stock-only (deadlines too tight for the KASAN kernel under TCG)
#
# keepalived drives nsrp's roles (tools/keepalived): Debian's keepalived
# runs VRRP in A and in B, one sync group of two instances (LAN and WAN,
# virtual addresses 10.0.1.1 and 10.0.2.1, the client's and the server's
# gateways), and its notify script sets nsrp's role, nsrp in manual mode.
#
#  1. A (VRRP priority 250) starts first and becomes VRRP master and nsrp
#     primary; B (priority 200, nopreempt) joins as backup on both.
#  2. A busy TCP connection from C to S goes through A, which owns its
#     session; B holds a copy.
#  3. A's keepalived is stopped (SIGTERM: it sends priority 0 and runs the
#     notify script with STOP): the addresses move to B, B becomes nsrp
#     primary, A backup; B owns the session and the same connection goes on
#     through B with no echo missing.
#
#   C 10.0.1.100 --- LAN bridge ($L) ---+--- l0 A 10.0.1.2   w0 10.0.2.2 ---+--- WAN bridge ($W) --- S 10.0.2.100
#   gw 10.0.1.1                          +--- l0 B 10.0.1.3   w0 10.0.2.3 ---+                        gw 10.0.2.1
#                                             A ha0 ============ ha0 B  (the HA link)
# shellcheck disable=SC2317 # most functions run through check and busywait
# shellcheck source=selftests/net/lib.sh
source "$(dirname "$0")/lib.sh"

KEEPALIVED=${KEEPALIVED:-keepalived}
NOTIFY=$top/tools/keepalived/nsrp-notify.sh
# VRRPv3 would allow fractions of a second, but a loaded TCG guest starves
# keepalived for over a second at times (its log: "A thread timer expired
# 1.4 seconds ago"): at 0.5 s, B took the master role while A was fine.
KA_ADVERT=${KA_ADVERT:-1}
HA_HELLO_MS=${HA_HELLO_MS:-1000}
LAN_VIP=10.0.1.1 WAN_VIP=10.0.2.1
declare -A ka_pid

# ka_cleanup: stop the keepalived still running first (its STOP notify
# needs the namespaces), then the rest as pair_cleanup does.
# Their logs, the role events and the address changes are kept in the
# VM's results directory.
ka_cleanup() {
	local n
	for n in "${!ka_pid[@]}"; do
		kill -TERM "${ka_pid[$n]}" 2>/dev/null
		busywait 5000 sh -c "! kill -0 ${ka_pid[$n]} 2>/dev/null"
	done
	pair_cleanup
	if [[ -n ${NSRP_VM_OUT:-} ]]; then
		for n in /tmp/nsrp-ka-*.log /tmp/nsrp-ka-*.conf /tmp/nsrp-mon-ka-*.out; do
			[[ -f $n ]] && cp "$n" "$NSRP_VM_OUT/"
		done
	fi
}
trap ka_cleanup EXIT

require "$KEEPALIVED"

# ka_port NS IFNAME BRIDGE_NS PORT: a veth from NS to BRIDGE_NS's bridge.
ka_port() {
	ip link add "$2" netns "$1" type veth peer name "$4" netns "$3" &&
		ip -n "$3" link set "$4" master br0 up && ip -n "$1" link set "$2" up
}

ka_setup() {
	local ns
	A=nsrp-a-$$ B=nsrp-b-$$ C=nsrp-c-$$ S=nsrp-s-$$ L=nsrp-l-$$ W=nsrp-w-$$
	for ns in "$L" "$W" "$A" "$B" "$C" "$S"; do
		new_ns "$ns"
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
	done
	for ns in "$L" "$W"; do
		# "name": a bare "br" would be taken for "broadcast".
		ip -n "$ns" link add name br0 type bridge &&
			ip -n "$ns" link set br0 up || return 1
	done
	ka_port "$C" c0 "$L" pc && ka_port "$A" l0 "$L" pa && ka_port "$B" l0 "$L" pb &&
		ka_port "$S" s0 "$W" ps && ka_port "$A" w0 "$W" pa && ka_port "$B" w0 "$W" pb ||
		return 1
	ip -n "$C" addr add 10.0.1.100/24 dev c0
	ip -n "$S" addr add 10.0.2.100/24 dev s0
	ip -n "$A" addr add 10.0.1.2/24 dev l0
	ip -n "$A" addr add 10.0.2.2/24 dev w0
	ip -n "$B" addr add 10.0.1.3/24 dev l0
	ip -n "$B" addr add 10.0.2.3/24 dev w0
	ip -n "$C" route add default via $LAN_VIP
	ip -n "$S" route add default via $WAN_VIP
	for ns in "$A" "$B"; do
		ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1 \
			net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.l0.send_redirects=0 \
			net.ipv4.conf.w0.send_redirects=0
	done
	pair_link
}

# ka_conf NS NAME PRIORITY: keepalived's configuration for node NAME (a
# or b) in namespace NS, written to /tmp/nsrp-ka-NAME.conf.
ka_conf() {
	local ns=$1 name=$2 prio=$3 side vip dev vrid=51
	{
		cat <<-EOF
			global_defs {
				router_id nsrp-$name
				script_user root
				vrrp_version 3
				vrrp_garp_master_delay 1
				vrrp_garp_master_repeat 3
			}
			vrrp_sync_group NSRP {
				group {
					LAN
					WAN
				}
				notify "$NOTIFY -c $NSRPCTL -n $ns"
			}
		EOF
		for side in LAN WAN; do
			vip=$LAN_VIP dev=l0
			[[ $side == WAN ]] && vip=$WAN_VIP dev=w0
			cat <<-EOF
				vrrp_instance $side {
					state BACKUP
					interface $dev
					virtual_router_id $vrid
					priority $prio
					advert_int $KA_ADVERT
					nopreempt
					virtual_ipaddress {
						$vip/24 dev $dev
					}
				}
			EOF
			vrid=$((vrid + 1))
		done
	} >"/tmp/nsrp-ka-$name.conf"
}

# ka_start NS NAME: NAME's keepalived, VRRP only, in the foreground of a
# background job, logging to /tmp/nsrp-ka-NAME.log.
ka_start() {
	local ns=$1 name=$2
	rm -f "/tmp/nsrp-ka-$name".*pid
	ip netns exec "$ns" "$KEEPALIVED" --vrrp --dont-fork --log-console --log-detail \
		-f "/tmp/nsrp-ka-$name.conf" -p "/tmp/nsrp-ka-$name.pid" \
		-r "/tmp/nsrp-ka-$name.vrrp.pid" >"/tmp/nsrp-ka-$name.log" 2>&1 &
	ka_pid[$name]=$!
}

# ka_stop NAME: SIGTERM to NAME's keepalived; returns once it exited.
ka_stop() {
	local pid=${ka_pid[$1]}
	kill -TERM "$pid" || return 1
	busywait 10000 sh -c "! kill -0 $pid 2>/dev/null" || return 1
	wait "$pid" 2>/dev/null
	unset "ka_pid[$1]"
}

# Predicates: has_vip NS DEV VIP, vips_on NS (both), vips_off NS (neither)
has_vip() { ip -n "$1" -4 -o addr show dev "$2" | grep -q " $3/"; }
vips_on() { has_vip "$1" l0 "$LAN_VIP" && has_vip "$1" w0 "$WAN_VIP"; }
vips_off() { ! has_vip "$1" l0 "$LAN_VIP" && ! has_vip "$1" w0 "$WAN_VIP"; }
# ka_in_state NAME STATE: NAME's keepalived logged both instances in STATE.
ka_in_state() {
	grep -q "(LAN) Entering $2 STATE" "/tmp/nsrp-ka-$1.log" &&
		grep -q "(WAN) Entering $2 STATE" "/tmp/nsrp-ka-$1.log"
}
ka_role_is() { [[ $(show_of "$1" .role) == "$2" ]]; }
# neigh_is NS IP MAC: NS's neighbour entry for IP has MAC.
neigh_is() { [[ $(ip -n "$1" -j neigh show "$2" | jq -r '.[0].lladdr // empty') == "$3" ]]; }
# fwd_of NS: IP datagrams NS forwarded (the Ip: ForwDatagrams counter).
fwd_of() {
	# shellcheck disable=SC2016 # awk's fields
	ip netns exec "$1" awk '$1 == "Ip:" {
		if (!n++) { for (i = 2; i <= NF; i++) if ($i == "ForwDatagrams") c = i }
		else { print $c; exit } }' /proc/net/snmp
}
# fwd_grew NS BASE N: NS forwarded at least N datagrams since BASE.
fwd_grew() { (($(fwd_of "$1") >= $2 + $3)); }
# role_events NAME: NAME's role events so far (monitor_start ka-NAME),
# one "TIME_MS OLD->NEW (REASON)" line each.
role_events() {
	jq -r 'select(.event == "role") |
		"\(.time * 1000 | floor) \(.old_role)->\(.role) (\(.reason))"' "/tmp/nsrp-mon-ka-$1.out"
}
# role_ms NAME ROLE: epoch ms of NAME's last change to ROLE, or nothing.
role_ms() { role_events "$1" | awk -v r="$2" '$2 ~ "->" r "$" { t = $1 } END { print t }'; }
# addr_ms NAME VIP: epoch ms when VIP was last added in NAME's namespace
# (ip -ts monitor address, started by addr_watch NAME NS), or nothing.
addr_watch() {
	ip -n "$2" -ts monitor address >"/tmp/nsrp-ka-addr-$1.log" 2>&1 &
}
addr_ms() {
	local ts
	ts=$(grep -v Deleted "/tmp/nsrp-ka-addr-$1.log" | grep " $2/" | tail -n 1 | sed -n 's/^\[\([^]]*\)\].*/\1/p')
	[[ -n $ts ]] && date -d "$ts" +%s%3N
}
# check_or_dump DESCRIPTION COMMAND...: check, and on failure ka_dump.
check_or_dump() {
	local desc=$1
	shift
	if "$@"; then
		ok "$desc"
	else
		not_ok "$desc"
		ka_dump
	fi
}
# ka_dump: what both nodes think, for a failure's message.
ka_dump() {
	local ns
	for ns in "$A" "$B"; do
		info "$ns: $(show_of "$ns" '"\(.role) (\(.sync.role_reason)), peer \(.peer.state) \(.peer.role)"'), sessions: $(ctl "$ns" -j session list port 41001 | jq -c '[.[] | {owner, state}]')"
	done
}

ka_setup || { not_ok "set up the topology"; exit 1; }
check "the notify script is executable" test -x "$NOTIFY"
check "nsrp on A and B: manual mode, enforce on, hello-interval $HA_HELLO_MS ms" \
	pair_enable enforce on hello-interval "$HA_HELLO_MS" mode manual
check "A and B hear each other and hold each other's table" busywait 20000 pair_synced
info "before keepalived: A $(show_of "$A" '"\(.mode) \(.role)"'), B $(show_of "$B" '"\(.mode) \(.role)"')"
monitor_start ka-a "$A"
monitor_start ka-b "$B"
addr_watch a "$A"
addr_watch b "$B"

# 1. A first, then B: with nopreempt, whoever is master stays master.
# B's priority sets its skew, (256 - priority) / 256 x advert_int: how
# long it waits after A's priority 0 before taking over. 200: 0.22 s.
ka_conf "$A" a 250
ka_conf "$B" b 200
t0=$(now_ms)
ka_start "$A" a
check "A's keepalived becomes VRRP master: $LAN_VIP and $WAN_VIP on A" busywait 20000 vips_on "$A"
info "A master $(($(now_ms) - t0)) ms after its keepalived started"
check "A is nsrp primary (notify MASTER)" busywait 5000 ka_role_is "$A" primary
expect_eq "A's mode and reason" "manual config" "$(show_of "$A" '"\(.mode) \(.sync.role_reason)"')"
ka_start "$B" b
check "B's keepalived is VRRP backup on both instances" busywait 20000 ka_in_state b BACKUP
check "B is nsrp backup (notify BACKUP)" busywait 5000 ka_role_is "$B" backup
check "B holds no virtual address" vips_off "$B"
a_leads() { vips_on "$A" && ka_role_is "$A" primary; }
check_or_dump "A is still VRRP master and nsrp primary" a_leads
expect_eq "each sees the other's role" "backup primary" \
	"$(show_of "$A" .peer.role) $(show_of "$B" .peer.role)"

# 2. A busy connection through A
tcp_echo_server "$S" TCP4-LISTEN:5001
wait_listen "$S" tcp 5001
fa=$(fwd_of "$A") fb=$(fwd_of "$B")
check "a TCP connection from C to S, a line every 0.2 s" \
	chat_start c1 "$C" 10.0.2.100 5001 41001 0.2
check "A owns its session, established" busywait 5000 sess_state_is "$A" 41001 local established
check_or_dump "B holds a copy, established" busywait 5000 sess_state_is "$B" 41001 peer established
check "the connection goes through A" busywait 5000 fwd_grew "$A" "$fa" 20
expect_eq "B forwards nothing" 0 $(($(fwd_of "$B") - fb))
expect_eq "C's gateway is A" "$(dev_mac "$A" l0)" \
	"$(ip -n "$C" -j neigh show $LAN_VIP | jq -r '.[0].lladdr')"
tcp_timeout=$(field_at "$A" 41001 local timeout_s)

expect_eq "A's role changed once (to primary), B's not at all" "1 0" \
	"$(role_events a | wc -l) $(role_events b | wc -l)"
check_or_dump "A still leads" a_leads

# 3. A's keepalived stops
fb=$(fwd_of "$B")
t0=$(now_ms)
check "A's keepalived stops on SIGTERM" ka_stop a
t_stop=$(now_ms)
check "the virtual addresses move to B" busywait 10000 vips_on "$B"
check "A holds them no more" vips_off "$A"
check "B becomes nsrp primary" busywait 10000 ka_role_is "$B" primary
check "A becomes nsrp backup" busywait 10000 ka_role_is "$A" backup
info "A's reason $(sync_of "$A" role_reason), B's $(sync_of "$B" role_reason)"
check "B owns the connection's session" busywait 5000 has_sess "$B" 41001 local
check_or_dump "A keeps a copy" busywait 5000 has_sess "$A" 41001 peer
check "C's gateway is B" busywait 5000 neigh_is "$C" $LAN_VIP "$(dev_mac "$B" l0)"
check "S's gateway is B" busywait 5000 neigh_is "$S" $WAN_VIP "$(dev_mac "$B" w0)"
check "the connection goes on through B" busywait 5000 fwd_grew "$B" "$fb" 20
fa=$(fwd_of "$A") fb=$(fwd_of "$B")
busywait 5000 fwd_grew "$B" "$fb" 20
expect_eq "A forwards none of it any more" 0 $(($(fwd_of "$A") - fa))
check "B's session is refreshed to the normal timeout" \
	busywait 3000 field_is "$B" 41001 local timeout_s "$tcp_timeout"
expect_range "B's session was refreshed within the last second (expires in ms)" \
	$((tcp_timeout * 1000 - 1000)) $((tcp_timeout * 1000)) \
	"$(field_at "$B" 41001 local expires_ms)"
expect_eq "no enforcement drop on A or B" "0 0" \
	"$(stat_of "$A" enforce_drops) $(stat_of "$B" enforce_drops)"
check "the connection: every line echoed, no reset" chat_stop c1
info "c1: $CHAT_DONE"
info "role events of A: $(role_events a | tr '\n' ';')"
info "role events of B: $(role_events b | tr '\n' ';')"
since() { if [[ $1 =~ ^[0-9]+$ ]]; then echo $(($1 - t0)); else echo "?"; fi; }
info "from SIGTERM (ms): keepalived exited by $((t_stop - t0)), A backup $(since "$(role_ms a backup)"), $LAN_VIP on B $(since "$(addr_ms b $LAN_VIP)"), $WAN_VIP on B $(since "$(addr_ms b $WAN_VIP)"), B primary $(since "$(role_ms b primary)")"
exit "$nsrp_failed"
