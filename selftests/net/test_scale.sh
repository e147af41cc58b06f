#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 100k sessions from a packet generator (the kernel's pktgen, as the
# netfilter selftests use it): the table holds them all, the dump returns
# them all, an expiry among them still lands within a second of its due
# time, max-sessions stops creation and counts it, and deleting the
# namespace with the sessions alive frees everything (kmemleak, checked by
# the VM runner after all tests, stays clean).
source "$(dirname "$0")/lib.sh"
trap cleanup_namespaces EXIT

FLOWS=${NSRP_SCALE_FLOWS:-100000}

setup_router_topology
modprobe pktgen 2>/dev/null
if [[ ! -d /proc/net/pktgen ]] && ! ip netns exec "$C" test -e /proc/net/pktgen/pgctrl; then
	not_ok "pktgen is not available"
	exit 1
fi
sysctl -qw net.core.netdev_max_backlog=100000
ctl "$R" set enable timeout udp 3600 timeout icmp 2

# pktgen_flows NS DEV COUNT: COUNT UDP packets, each a new flow, sent to a
# blackhole route of the router (the hook sees them at PRE_ROUTING; routing
# then drops them, sparing the emulated CPU the forwarding). The source
# port walks a range of PORTS values and the destination port 9..10 in
# step; with PORTS odd the pairs repeat only after 2*PORTS packets.
# (pktgen's udp_*_max is exclusive.)
pktgen_flows() {
	local ns=$1 dev=$2 count=$3 ports mac
	ports=$((count / 2 | 1))
	mac=$(ip -n "$R" -j link show r0 | jq -r '.[0].address')
	ip netns exec "$ns" sh -e -c "
		pg() { echo \"\$2\" > /proc/net/pktgen/\$1; }
		pg kpktgend_0 rem_device_all
		pg kpktgend_0 'add_device $dev'
		for cmd in 'count $count' 'clone_skb 0' 'pkt_size 64' 'delay 0' \
			'dst 203.0.113.1' 'dst_mac $mac' 'src_min 192.0.2.2' 'src_max 192.0.2.2' \
			'udp_src_min 1' 'udp_src_max $((ports + 1))' 'udp_dst_min 9' 'udp_dst_max 11'; do
			pg $dev \"\$cmd\"
		done
		pg pgctrl start
	"
}
ip -n "$R" route add blackhole 203.0.113.0/24

# max-sessions stops creation, and says so in a counter
ctl "$R" set max-sessions 1000
pktgen_flows "$C" c0 2000
expect_eq "max-sessions 1000 caps the table" 1000 "$(session_count "$R")"
expect_eq "refused creations are counted" 1000 "$(stat_of "$R" table_full)"
ctl "$R" session flush >/dev/null
ctl "$R" set max-sessions 262144

t0=$(now_ms)
pktgen_flows "$C" c0 "$FLOWS"
check "pktgen sent $FLOWS packets" test $? = 0
info "generated $FLOWS flows in $(($(now_ms) - t0)) ms"
n=$(session_count "$R")
expect_range "the table holds every flow" "$FLOWS" "$FLOWS" "$n"
expect_eq "every one was counted as created" "$((FLOWS + 1000))" "$(stat_of "$R" created)"
expect_eq "the dump returns every session" "$FLOWS" "$(ctl "$R" -j session list | jq length)"
info "session size: $(ctl "$R" -j show | jq .session_size) bytes"

# The rhashtable grows in a worker, doubling past 75% load: once it has
# caught up, its buckets are a power of two and at least 4/3 of the
# sessions, 8 bytes each on top of the sessions' cache.
# buckets_hold N B: B buckets, a power of two, hold N sessions at 75% load
# or less.
buckets_hold() {
	local n=$1 b=$2
	[[ $b =~ ^[0-9]+$ ]] && ((b > 0 && (b & (b - 1)) == 0 && b * 3 >= n * 4))
}
table_grown() { buckets_hold "$FLOWS" "$(show_of "$R" .table_buckets)"; }
busywait 10000 table_grown
buckets=$(show_of "$R" .table_buckets)
check "the table's $buckets buckets are a power of two, at least 4/3 of $FLOWS sessions" \
	buckets_hold "$FLOWS" "$buckets"
info "hash buckets: $buckets, $((buckets * 8)) bytes"

# an expiry among 100k sessions is reaped on time
watch_start "$R" none 0 expired
ip netns exec "$C" ping -c 1 -W 2 198.51.100.2 >/dev/null
watch_end
expect_on_time "with $FLOWS sessions, a 2 s session is reaped within 1 s of due" 2000 1000 \
	"$CSEEN_MS" "$CGONE_MS"
gc_scanned=$(stat_of "$R" gc_scanned)
check "the GC walked the table" test "$gc_scanned" -ge "$FLOWS"

# delete the namespace with its sessions alive
ip netns del "$R"
check "namespace with $FLOWS live sessions deleted" test $? = 0
check "its netns is gone" sh -c "! ip netns list | grep -qw '$R'"
exit $nsrp_failed
