#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nsrp bench, guest side: runs inside one run-vm guest (stock kernel), with
# selftests/net/lib.sh's two-node topology. Writes raw samples, one
# "KEY VALUE..." line each (a value per run), to $NSRP_VM_OUT/results.txt;
# tools/bench/report.py turns them into the table and the plot.
#
#   guest.sh MODULE_DIR GEN
#
# Sizes and repetitions come from the environment (bench.sh passes them):
#   BENCH_RUNS        runs per figure (median and spread)            3
#   BENCH_WIRE_N      flows per wire-cost phase                      5000
#   BENCH_RATE_N      flows per replication-rate run                 10000
#   BENCH_LAT_RATE    paced flows a second for the latency runs      1000
#   BENCH_LAT_SECONDS length of a latency run                        3
#   BENCH_SIZES       table sizes of the scaling curve   "1000 10000 100000 1000000"
#   BENCH_MEM_SIZES   sizes with memory, bulk sync, nf_conn      "100000 1000000"
#   BENCH_PKT_SECONDS length of one forwarding measurement           3
#   BENCH_GC_SECONDS  each window of the GC measurement              5
#   BENCH_PHASES      phases to run        "wire rate pkt mem ctmem"
#   BENCH_GEN_PROCS   generators at once in the full-speed rate runs  1
#   BENCH_CTD_BULK_SIZES  sizes of conntrackd's -n resync          "100000"
set -u
here=$(cd "$(dirname "$0")" && pwd)
TEST=bench
source "$here/../../selftests/net/lib.sh"
moddir=$(cd "$1" && pwd)
GEN=$2
OUT=${NSRP_VM_OUT:-/tmp}
RES=$OUT/results.txt
ANALYZE="python3 $here/analyze.py"
RUNS=${BENCH_RUNS:-3}
WIRE_N=${BENCH_WIRE_N:-5000}
RATE_N=${BENCH_RATE_N:-10000}
LAT_RATE=${BENCH_LAT_RATE:-1000}
LAT_SECONDS=${BENCH_LAT_SECONDS:-3}
SIZES=${BENCH_SIZES:-1000 10000 100000 1000000}
MEM_SIZES=${BENCH_MEM_SIZES:-100000 1000000}
PKT_SECONDS=${BENCH_PKT_SECONDS:-3}
GC_SECONDS=${BENCH_GC_SECONDS:-5}
PHASES=${BENCH_PHASES:-wire rate pkt mem ctmem}
GEN_PROCS=${BENCH_GEN_PROCS:-1}
CTD_BULK_SIZES=${BENCH_CTD_BULK_SIZES:-100000}
PAIR_FLUSH_MS=10	# nsrp's default flush timer
: >"$RES"
t_begin=$SECONDS

res() { echo "$*" >>"$RES"; echo "# result: $*"; }
log() { echo "# [$((SECONDS - t_begin)) s] $*"; }
want() { [[ " $PHASES " == *" $1 "* ]]; }
now_s() { date +%s.%N; }
fdiv() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "nan"; else printf "%.4f\n", a / b }'; }

gen() {	# gen NS ARGS...: the generator in NS; its summary line on stdout
	local ns=$1
	shift
	ip netns exec "$ns" "$GEN" "$@"
}

link_tx() { ip netns exec "$1" cat "/sys/class/net/$2/statistics/tx_bytes"; }
link_txp() { ip netns exec "$1" cat "/sys/class/net/$2/statistics/tx_packets"; }
# cpu_busy: CPU time used on all CPUs so far, in ns (USER_HZ ticks).
cpu_busy() {
	awk '/^cpu / { b = $2 + $3 + $4 + $7 + $8 + $9; printf "%.0f\n", b * 1e9 / 100 }' /proc/stat
}
meminfo() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }
ct_count() { ip netns exec "$1" cat /proc/sys/net/netfilter/nf_conntrack_count; }

# wait_count CMD TARGET TIMEOUT_S: poll CMD (prints a number) until it is
# >= TARGET; prints "SECONDS_SINCE_T0 LAST" with T0 the global $t0.
wait_count() {
	local cmd=$1 target=$2 limit=$3 v=0 t
	while :; do
		v=$(eval "$cmd" 2>/dev/null)
		[[ $v =~ ^[0-9]+$ ]] || v=0
		t=$(now_s)
		if ((v >= target)); then
			awk -v a="$t" -v b="$t0" -v v="$v" 'BEGIN { printf "%.3f %d\n", a - b, v }'
			return 0
		fi
		if awk -v a="$t" -v b="$t0" -v l="$limit" 'BEGIN { exit !(a - b > l) }'; then
			awk -v a="$t" -v b="$t0" -v v="$v" 'BEGIN { printf "%.3f %d\n", a - b, v }'
			return 1
		fi
		sleep 0.05
	done
}

# settle CMD TARGET: poll CMD until it prints >= TARGET or stops growing
# for 5 s.
settle() {
	local prev=-1 v
	while :; do
		v=$(eval "$1" 2>/dev/null)
		[[ $v =~ ^[0-9]+$ ]] || v=0
		((v >= $2 || v == prev)) && return 0
		prev=$v
		sleep 5
	done
}

# --------------------------------------------------------------------------
log "kernel $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo) MiB"
for m in nf_defrag_ipv4 nf_defrag_ipv6 nf_conntrack nf_conntrack_netlink nf_tables \
	nft_ct veth; do
	modprobe "$m" 2>/dev/null || true
done
insmod "$moddir/nsrp.ko" || { echo "insmod failed"; exit 1; }
sysctl -qw net.netfilter.nf_conntrack_max=2000000 2>/dev/null
sysctl -qw net.core.wmem_max=33554432 net.core.rmem_max=33554432
res machine_cpu "$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo | tr ' ' '_')"
res guest_cpus "$(nproc)"

setup_pair_topology
trap pair_cleanup EXIT
# The generator's destinations: 198.18.0.0/15 and 2001:db8:ff::/64, routed
# by A to the server, which drops them (it does not forward).
ip -n "$A" route add 198.18.0.0/15 via 198.51.100.2
ip -n "$A" -6 route add 2001:db8:ff::/64 via 2001:db8:2::2
for ns in "$C" "$A" "$S" "$B"; do
	ip netns exec "$ns" sysctl -qw net.ipv4.neigh.default.gc_thresh3=4096 2>/dev/null
done
# Resolve the neighbours once, so no first packet waits for ARP/ND.
ip netns exec "$C" ping -c1 -W2 198.51.100.2 >/dev/null
ip netns exec "$C" ping -6 -c1 -W2 2001:db8:2::2 >/dev/null
ip -n "$A" addr add 10.255.0.1/24 dev ha0
ip -n "$B" addr add 10.255.0.2/24 dev ha0

MAXS=$((${SIZES##* } + 200000))
((MAXS < 2 * RATE_N + 100000)) && MAXS=$((2 * RATE_N + 100000))
((MAXS > 1048576 * 2)) && MAXS=2097152
BIGT="timeout udp 7200 timeout tcp-syn 7200"
nsrp_on_pair() { pair_enable max-sessions "$MAXS" $BIGT "$@"; }
nsrp_off() { ctl "$A" set disable; ctl "$B" set disable; }
flow=0	# next unused flow index: every phase uses flows of its own

# --------------------------------------------------------------------------
# conntrackd: FTFW over UDP on ha0, injecting into the peer's kernel table
# at once (DisableExternalCache), the closest to what nsrp does.
ctd_conf() {	# ctd_conf NAME LOCAL PEER
	cat >"/tmp/ctd-$1.conf" <<EOF
Sync {
	Mode FTFW {
		DisableExternalCache On
	}
	UDP {
		IPv4_address $2
		IPv4_Destination_Address $3
		Port 3780
		Interface ha0
		SndSocketBuffer 24985600
		RcvSocketBuffer 24985600
		Checksum on
	}
}
General {
	HashSize 262144
	HashLimit 4194304
	LogFile /tmp/ctd-$1.log
	Syslog off
	LockFile /tmp/ctd-$1.lock
	UNIX {
		Path /tmp/ctd-$1.sock
	}
	NetlinkBufferSize 2097152
	NetlinkBufferSizeMaxGrowth 134217728
	NetlinkOverrunResync On
	NetlinkEventsReliable Off
}
EOF
}
ctd_start() {
	ctd_conf A 10.255.0.1 10.255.0.2
	ctd_conf B 10.255.0.2 10.255.0.1
	rm -f /tmp/ctd-*.lock /tmp/ctd-*.sock
	ip netns exec "$A" conntrackd -C /tmp/ctd-A.conf -d
	ip netns exec "$B" conntrackd -C /tmp/ctd-B.conf -d
	busywait 20000 test -S /tmp/ctd-A.sock && busywait 20000 test -S /tmp/ctd-B.sock
	sleep 1
}
ctd_stop() {
	ip netns exec "$A" conntrackd -C /tmp/ctd-A.conf -k 2>/dev/null
	ip netns exec "$B" conntrackd -C /tmp/ctd-B.conf -k 2>/dev/null
	busywait 10000 sh -c '! pgrep -x conntrackd >/dev/null'
}
# ct_on: nf_conntrack active in A (an nftables rule that uses it), the
# tables of A and B empty, UDP and unreplied TCP entries kept long.
ct_on() {
	ip netns exec "$A" nft delete table inet bench 2>/dev/null
	ip netns exec "$A" nft -f - <<'EOF'
table inet bench {
	chain bfwd {
		type filter hook forward priority 0; policy accept;
		ct state established,related accept
	}
}
EOF
	for ns in "$A" "$B"; do
		ip netns exec "$ns" sysctl -qw net.netfilter.nf_conntrack_udp_timeout=7200 \
			net.netfilter.nf_conntrack_tcp_timeout_syn_sent=7200 \
			net.netfilter.nf_conntrack_tcp_timeout_close=7200 2>/dev/null
		ip netns exec "$ns" conntrack -F 2>/dev/null
	done
}
ct_off() {
	ip netns exec "$A" nft delete table inet bench 2>/dev/null
	ip netns exec "$A" conntrack -F 2>/dev/null
	ip netns exec "$B" conntrack -F 2>/dev/null
}

# ==========================================================================
# 1. Wire cost: every nsrp frame on A's ha0 captured and split by record.
if want wire; then
	log "phase wire"
	nsrp_on_pair
	busywait 20000 pair_synced
	ip netns exec "$A" tcpdump -Z root -i ha0 -w /tmp/wire.pcap -U -s 2000 'ether proto 0x88b5' \
		>/tmp/tcpdump.log 2>&1 &
	cap=$!
	sleep 2
	for fam in 4 6; do
		# create (SYN) then close (RST), one phase after the other
		gen "$C" "syn$fam" --count "$WIRE_N" --start "$flow"
		busywait 120000 peer_has "$B" "$WIRE_N"
		sleep 0.5
		gen "$C" "rst$fam" --count "$WIRE_N" --start "$flow"
		busywait 120000 peer_has "$B" 0
		flow=$((flow + WIRE_N))
	done
	# ageout-ack: copies of SYN_SENT sessions live 1 x 3 s on B, which
	# asks A a second before their end; A answers (IDLE).
	pair_set timeout tcp-syn 3 multiplier 1
	for fam in 4 6; do
		gen "$C" "syn$fam" --count "$WIRE_N" --start "$flow"
		flow=$((flow + WIRE_N))
	done
	busywait 120000 peer_has "$B" 0
	sleep 1
	kill "$cap"
	wait "$cap" 2>/dev/null
	pair_set $BIGT multiplier 8
	$ANALYZE wire /tmp/wire.pcap | while read -r name fam n bytes frames maxrec; do
		res "wire_nsrp_${name}_v$fam" "$(fdiv "$bytes" "$n")"
		res "wire_nsrp_${name}_v${fam}_perframe_max" "$maxrec"
		res "wire_nsrp_${name}_v${fam}_records" "$n"
	done
	stats=$(stats_of "$A")
	res wire_nsrp_A_tx_frames "$(jq .sync_tx_frames <<<"$stats")"
	nsrp_off

	# conntrackd: the same SYNs and RSTs, conntrackd's UDP datagrams A -> B
	ct_on
	ctd_start
	for fam in 4 6; do
		ip netns exec "$A" tcpdump -Z root -i ha0 -w /tmp/ctd-new.pcap -U -s 2000 'udp port 3780' \
			>/dev/null 2>&1 &
		cap=$!
		sleep 2
		gen "$C" "syn$fam" --count "$WIRE_N" --start "$flow"
		t0=$(now_s)
		read -r _ nb <<<"$(wait_count "ct_count $B" "$WIRE_N" 60)"
		res "wire_ctd_new_v${fam}_on_peer" "$nb"
		sleep 1
		kill "$cap"; wait "$cap" 2>/dev/null
		read -r fr by <<<"$($ANALYZE udpwire /tmp/ctd-new.pcap 10.255.0.1)"
		res "wire_ctd_new_v$fam" "$(fdiv "$by" "$WIRE_N")"
		res "wire_ctd_new_v${fam}_perframe" "$(fdiv "$WIRE_N" "$fr")"
		ip netns exec "$A" tcpdump -Z root -i ha0 -w /tmp/ctd-del.pcap -U -s 2000 'udp port 3780' \
			>/dev/null 2>&1 &
		cap=$!
		sleep 2
		gen "$C" "rst$fam" --count "$WIRE_N" --start "$flow"
		t0=$(now_s)
		# RST moves the entry to CLOSE (10 s here); destroy comes when
		# it is reaped, so flush A's table: one DESTROY event each.
		sleep 1
		ip netns exec "$A" conntrack -F 2>/dev/null
		busywait 30000 sh -c "[ \$(ip netns exec $B cat /proc/sys/net/netfilter/nf_conntrack_count) -eq 0 ]"
		sleep 1
		res "wire_ctd_del_v${fam}_left_on_peer" "$(ct_count "$B")"
		kill "$cap"; wait "$cap" 2>/dev/null
		read -r fr by <<<"$($ANALYZE udpwire /tmp/ctd-del.pcap 10.255.0.1)"
		res "wire_ctd_del_v$fam" "$(fdiv "$by" "$WIRE_N")"
		flow=$((flow + WIRE_N))
	done
	ctd_stop
	ct_off
fi

# ==========================================================================
# 3. Replication rate and latency, nsrp and conntrackd.
if want rate; then
	log "phase rate"
	# Each run: RATE_N new UDP flows at the generator's full speed (its
	# send times in --ts), B's HA link captured (nsrp) or B's conntrack
	# events recorded (conntrackd). Owner rate: flows / send span (A
	# creates a session as it forwards the first datagram; its count is
	# checked). Peer rate: flows seen on B / (last seen - first sent).
	# Latency runs: the same at a paced LAT_RATE.
	# rate_run KIND N RATE: one run; sets RUN_LINE (analyze.py's line)
	rate_run() {
		local kind=$1 n=$2 rate=$3 cap ev
		if [[ $kind == nsrp ]]; then
			nsrp_on_pair
			busywait 20000 pair_synced
			ip netns exec "$B" tcpdump -Z root -i ha0 -w /tmp/rate.pcap -U -s 2000 \
				-B 65536 'ether proto 0x88b5' >/dev/null 2>&1 &
			cap=$!
		else
			ct_on
			ctd_start
			ip netns exec "$B" conntrack -E -e NEW -o timestamp -b 134217728 \
				>/tmp/ct-ev.txt 2>/dev/null &
			cap=$!
		fi
		sleep 2
		if ((rate)); then
			gen "$C" udp4 --count "$n" --start "$flow" --rate "$rate" --ts /tmp/rate.ts >/tmp/gen.out
		else
			# Full speed: one generator a vCPU, each on its own flows.
			local g h=$((n / GEN_PROCS)) pids=()
			for ((g = 0; g < GEN_PROCS; g++)); do
				gen "$C" udp4 --count $((g < GEN_PROCS - 1 ? h : n - g * h)) \
					--start $((flow + g * h)) --ts /tmp/rate.ts.$g >/tmp/gen.out.$g &
				pids+=($!)
			done
			wait "${pids[@]}"	# not the capture running meanwhile
			sort -n -k1,1 /tmp/rate.ts.* >/tmp/rate.ts
			cat /tmp/gen.out.* >/tmp/gen.out
			rm -f /tmp/rate.ts.* /tmp/gen.out.*
		fi
		t0=$(now_s)
		if [[ $kind == nsrp ]]; then
			read -r _ RUN_A <<<"$(wait_count "show_of $A .sessions_local" "$n" 20)"
			read -r _ RUN_B <<<"$(wait_count "show_of $B .sessions_peer" "$n" 120)"
		else
			read -r _ RUN_A <<<"$(wait_count "ct_count $A" "$n" 20)"
			read -r tb RUN_B <<<"$(wait_count "ct_count $B" "$n" 120)"
			# conntrack -E loses events at full speed: B's count,
			# polled every ~0.1 s, tells when the last one landed
			RUN_TB=$(awk -v t0="$t0" -v tb="$tb" -v f="$(head -n1 /tmp/rate.ts | cut -d' ' -f2)" \
				'BEGIN { printf "%.3f\n", t0 + tb - f / 1e9 }')
		fi
		sleep 1
		kill "$cap"; wait "$cap" 2>/dev/null
		if [[ $kind == nsrp ]]; then
			RUN_LINE=$($ANALYZE nsrp-lat /tmp/rate.ts /tmp/rate.pcap 4)
			nsrp_off
		else
			RUN_LINE=$($ANALYZE ct-lat /tmp/rate.ts /tmp/ct-ev.txt)
			ctd_stop
			ct_off
		fi
		log "$kind n=$n rate=$rate: A has $RUN_A, B has $RUN_B; $RUN_LINE; $(cat /tmp/gen.out)"
		flow=$((flow + n))
	}
	for kind in nsrp ctd; do
		ar=() br=() miss=() p50=() p99=() l50=() l99=()
		for ((r = 0; r < RUNS; r++)); do
			rate_run "$kind" "$RATE_N" 0
			read -r _ m _ _ _ x50 _ x99 _ _ _ ss _ sn <<<"$RUN_LINE"
			ar+=("$(fdiv "$RUN_A" "$ss")")
			if [[ $kind == nsrp ]]; then
				br+=("$(fdiv "$m" "$sn")")
			else
				br+=("$(fdiv "$RUN_B" "$(awk -v a="$sn" -v b="$RUN_TB" 'BEGIN { print (a > b ? a : b) }')")")
			fi
			miss+=("$((RATE_N - RUN_B))")
			p50+=("$x50"); p99+=("$x99")
			rate_run "$kind" $((LAT_RATE * LAT_SECONDS)) "$LAT_RATE"
			read -r _ m _ _ _ x50 _ x99 _ <<<"$RUN_LINE"
			l50+=("$x50"); l99+=("$x99")
		done
		res "rate_${kind}_owner" "${ar[@]}"
		res "rate_${kind}_peer" "${br[@]}"
		res "rate_${kind}_missing" "${miss[@]}"
		res "lat_${kind}_full_p50_ms" "${p50[@]}"
		res "lat_${kind}_full_p99_ms" "${p99[@]}"
		res "lat_${kind}_p50_ms" "${l50[@]}"
		res "lat_${kind}_p99_ms" "${l99[@]}"
	done
fi

# ==========================================================================
# 5. Packet path: 256 established UDP flows, small datagrams, through A.
PKT_FLOWS=256
PKT_BASE=3000000
# pkt_cost: one flood; prints "NS_PER_PACKET PPS" (CPU ns of the whole
# guest per packet forwarded by A, and forwarded packets a second).
pkt_cost() {
	local p0 p1 c0 c1 out
	p0=$(link_txp "$A" r1)
	c0=$(cpu_busy)
	out=$(gen "$C" flood4 --count "$PKT_FLOWS" --start "$PKT_BASE" --seconds "$PKT_SECONDS")
	c1=$(cpu_busy)
	p1=$(link_txp "$A" r1)
	awk -v c=$((c1 - c0)) -v p=$((p1 - p0)) -v s="$PKT_SECONDS" \
		'BEGIN { printf "%.0f %.0f\n", p ? c / p : 0, p / s }'
}
iperf_gbps() {
	ip netns exec "$C" iperf3 -c 198.51.100.2 -t "$PKT_SECONDS" -J 2>/dev/null |
		jq '.end.sum_received.bits_per_second / 1e9'
}
if want pkt; then
	log "phase pkt"
	ip netns exec "$S" iperf3 -s -D >/dev/null 2>&1
	sleep 1
	declare -A pc pp tp
	for ((r = 0; r < RUNS; r++)); do
		for mode in none nsrp ct; do
			case $mode in
			none) ;;
			nsrp) nsrp_on_pair; busywait 20000 pair_synced
			      gen "$C" flood4 --count "$PKT_FLOWS" --start "$PKT_BASE" --seconds 0.5 >/dev/null ;;
			ct) ct_on
			    gen "$C" flood4 --count "$PKT_FLOWS" --start "$PKT_BASE" --seconds 0.5 >/dev/null ;;
			esac
			read -r c p <<<"$(pkt_cost)"
			pc[$mode]+="$c "
			pp[$mode]+="$p "
			tp[$mode]+="$(iperf_gbps) "
			case $mode in
			nsrp) nsrp_off ;;
			ct) ct_off ;;
			esac
		done
	done
	for mode in none nsrp ct; do
		res "pkt_ns_$mode" ${pc[$mode]}
		res "pkt_pps_$mode" ${pp[$mode]}
		res "tcp_gbps_$mode" ${tp[$mode]}
	done
fi

# ==========================================================================
# 2, 4, 6. Growing nsrp's table on A: per-packet cost and GC cost at each
# size; memory and bulk sync (B re-enabled: a peer restart) at MEM_SIZES.
# B is disabled meanwhile, so that the memory is A's table alone.
gc_addr=
# gc_busy CMD...: runs CMD with the GC worker's executions traced
# (workqueue events), then prints "BUSY_MS EXECUTIONS" of the worker.
gc_busy() {
	local tr=/sys/kernel/debug/tracing
	[[ -d $tr ]] || tr=/sys/kernel/tracing
	[[ -n $gc_addr ]] || gc_addr=$(awk '$3 == "nsrp_gc_work" { print $1; exit }' /proc/kallsyms)
	echo 0 >"$tr/tracing_on"
	echo >"$tr/trace"
	echo "function == 0x$gc_addr" >"$tr/events/workqueue/workqueue_execute_start/filter"
	echo "function == 0x$gc_addr" >"$tr/events/workqueue/workqueue_execute_end/filter"
	echo 1 >"$tr/events/workqueue/workqueue_execute_start/enable"
	echo 1 >"$tr/events/workqueue/workqueue_execute_end/enable"
	echo 1 >"$tr/tracing_on"
	"$@"
	echo 0 >"$tr/tracing_on"
	echo 0 >"$tr/events/workqueue/workqueue_execute_start/enable"
	echo 0 >"$tr/events/workqueue/workqueue_execute_end/enable"
	awk '
		/workqueue_execute_start/ { match($0, /\[[0-9]+\]/); c = substr($0, RSTART, RLENGTH)
			for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) { t = $i; sub(":", "", t) }
			st[c] = t }
		/workqueue_execute_end/ { match($0, /\[[0-9]+\]/); c = substr($0, RSTART, RLENGTH)
			for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) { t = $i; sub(":", "", t) }
			if (c in st) { busy += t - st[c]; runs++; delete st[c] } }
		END { printf "%.3f %d\n", 1000 * busy, runs }' "$tr/trace"
}
# One session due among the idle ones: a 1 s ICMP echo session, reaped by
# a pass over the whole table. Until that pass has ended (it may wait for
# the GC's duty limit after the last one), and a little more.
gc_runs_above() { (($(stats_of "$A" | jq .gc_runs) > $1)); }
one_expiry() {
	local r0
	r0=$(stats_of "$A" | jq .gc_runs)
	ip netns exec "$C" ping -c 1 -W 1 198.51.100.2 >/dev/null
	busywait 120000 gc_runs_above "$r0" || log "no GC pass within 120 s of an expiry"
	sleep 0.5
}
# slab_caches: "NAME BYTES" of every slab cache (pages held, not objects)
slab_caches() { awk 'NR > 2 { print $1, $15 * $6 * 4096 }' /proc/slabinfo; }
# cache_per NAME N: the bytes of slab cache NAME / N
cache_per() { slab_caches | awk -v c="$1" -v n="$2" '$1 == c { printf "%.1f\n", $2 / n }'; }
# slab_growth BEFORE AFTER: the five caches that grew most, for the log
slab_growth() {
	awk 'NR == FNR { b[$1] = $2; next } { d = $2 - b[$1]; if (d > 0) print d, $1 }' "$1" "$2" |
		sort -rn | head -n 5 | awk '{ printf "%s %.1f MB; ", $2, $1 / 1048576 }'
}

if want mem; then
	log "phase mem (sizes: $SIZES; memory at $MEM_SIZES)"
	# Warm up what forwarding the generator's flows grows (skbs, socket
	# and neighbour caches) with nsrp disabled, so that the slab delta
	# below is the table's; then the baseline.
	ctl "$A" set disable
	ctl "$B" set disable
	gen "$C" udp4 --count 100000 --start 4000000 >/dev/null
	node_enable "$A" 1 max-sessions "$MAXS" $BIGT timeout icmp 1
	sync; echo 3 >/proc/sys/vm/drop_caches
	sleep 1
	m0=$(meminfo MemFree); sl0=$(meminfo Slab)
	slab_caches >/tmp/slab0
	have=0
	for size in $SIZES; do
		add=$((size - have))
		if ((add > 0)); then
			t0=$(now_s)
			gen "$C" udp4 --count "$add" --start "$have" >/tmp/gen.out
			# until the table holds them all, or stops growing (a
			# datagram lost on the way creates nothing)
			settle "show_of $A .sessions_local" "$size"
			log "table at $(show_of "$A" .sessions_local) ($(cat /tmp/gen.out))"
			have=$size
		fi
		held=$(show_of "$A" .sessions_local)
		res "scale_held_$size" "$held"
		# lookups: the flood hits sessions 0..255 of the table
		sc=() sp=()
		for ((r = 0; r < RUNS; r++)); do
			read -r c p <<<"$(pkt_cost)"
			sc+=("$c"); sp+=("$p")
		done
		res "scale_pkt_ns_$size" "${sc[@]}"
		res "scale_pkt_pps_$size" "${sp[@]}"
		# GC: a window with nothing due (the idle cost), then one with
		# one session due among them (the cost of a pass over all).
		gi=() ge=() gn=() gp=() gpe=() gpn=() gps=()
		for ((r = 0; r < RUNS; r++)); do
			s0=$(stats_of "$A")
			read -r g runs <<<"$(gc_busy sleep "$GC_SECONDS")"
			s1=$(stats_of "$A")
			read -r p pruns <<<"$(gc_busy one_expiry)"
			s2=$(stats_of "$A")
			gi+=("$g"); ge+=("$runs"); gn+=("$(delta_of "$s0" "$s1" gc_runs)")
			gp+=("$(awk -v a="$p" -v b="$g" 'BEGIN { printf "%.3f\n", (a > b ? a - b : 0) }')")
			gpe+=("$pruns"); gpn+=("$(delta_of "$s1" "$s2" gc_runs)")
			gps+=("$(delta_of "$s1" "$s2" gc_scanned)")
		done
		res "scale_gc_window_s" "$GC_SECONDS"
		res "scale_gc_idle_ms_$size" "${gi[@]}"
		res "scale_gc_idle_exec_$size" "${ge[@]}"
		res "scale_gc_idle_passes_$size" "${gn[@]}"
		res "scale_gc_pass_ms_$size" "${gp[@]}"
		res "scale_gc_pass_exec_$size" "${gpe[@]}"
		res "scale_gc_pass_passes_$size" "${gpn[@]}"
		res "scale_gc_pass_scanned_$size" "${gps[@]}"
		log "GC at $held: idle ${gi[*]} ms in ${GC_SECONDS} s; a pass ${gp[*]} ms"
		if [[ " $MEM_SIZES " == *" $size "* ]]; then
			sync; echo 3 >/proc/sys/vm/drop_caches
			sleep 1
			m1=$(meminfo MemFree); sl1=$(meminfo Slab)
			slab_caches >/tmp/slab1
			log "slab growth at $held: $(slab_growth /tmp/slab0 /tmp/slab1)"
			res "mem_nsrp_memfree_$size" "$(fdiv $(((m0 - m1) * 1024)) "$held")"
			res "mem_nsrp_slabdelta_$size" "$(fdiv $(((sl1 - sl0) * 1024)) "$held")"
			res "mem_nsrp_cache_$size" "$(cache_per nsrp_session "$held")"
			res "mem_nsrp_objsize" "$(awk '$1 == "nsrp_session" { print $4 }' /proc/slabinfo)"
			res "mem_nsrp_buckets_$size" "$(show_of "$A" .table_buckets)"
			# 4. bulk sync: B comes back (a restart: new epoch) and
			# asks A for its whole table.
			bt=() bb=()
			for ((r = 0; r < ${BENCH_BULK_RUNS:-$RUNS}; r++)); do
				x0=$(link_tx "$A" ha0); y0=$(link_tx "$B" ha0)
				t0=$(now_s)
				node_enable "$B" 2 max-sessions "$MAXS" $BIGT
				read -r tb nb <<<"$(wait_count "show_of $B .sessions_peer" "$held" 900)"
				busywait 60000 sync_done "$B"
				x1=$(link_tx "$A" ha0); y1=$(link_tx "$B" ha0)
				bt+=("$tb"); bb+=("$(fdiv $((x1 - x0 + y1 - y0)) "$nb")")
				log "bulk of $held: $tb s, B has $nb"
				ctl "$B" set disable
				sleep 1
			done
			res "bulk_nsrp_s_$size" "${bt[@]}"
			res "bulk_nsrp_bytes_per_session_$size" "${bb[@]}"
		fi
	done
	ctl "$A" set disable
	sleep 2
fi

# nf_conntrack at the same sizes, and conntrackd's -n resync of them
if want ctmem; then
	log "phase ctmem: nf_conntrack memory and conntrackd resync at $MEM_SIZES"
	ct_on
	sync; echo 3 >/proc/sys/vm/drop_caches
	sleep 1
	m0=$(meminfo MemFree); sl0=$(meminfo Slab)
	have=0
	for size in $MEM_SIZES; do
		add=$((size - have))
		t0=$(now_s)
		gen "$C" udp4 --count "$add" --start "$have" >/tmp/gen.out
		settle "ct_count $A" "$size"
		have=$size
		held=$(ct_count "$A")
		log "nf_conntrack at $(ct_count "$A")"
		sync; echo 3 >/proc/sys/vm/drop_caches
		sleep 1
		m1=$(meminfo MemFree); sl1=$(meminfo Slab)
		res "mem_ct_memfree_$size" "$(fdiv $(((m0 - m1) * 1024)) "$held")"
		res "mem_ct_slabdelta_$size" "$(fdiv $(((sl1 - sl0) * 1024)) "$held")"
		res "mem_ct_cache_$size" "$(cache_per nf_conntrack "$held")"
		res "mem_ct_objsize" "$(awk '$1 == "nf_conntrack" { print $4 }' /proc/slabinfo)"
		res "mem_ct_buckets_$size" "$(cat /proc/sys/net/netfilter/nf_conntrack_buckets)"
		# conntrackd -n on B: B asks A for the whole table. Only at
		# CTD_BULK_SIZES: at 1M it outlasts any cap and costs minutes.
		[[ " $CTD_BULK_SIZES " == *" $size "* ]] || continue
		ctd_start
		ip netns exec "$B" conntrack -F 2>/dev/null
		x0=$(link_tx "$A" ha0); y0=$(link_tx "$B" ha0)
		t0=$(now_s)
		ip netns exec "$B" conntrackd -C /tmp/ctd-B.conf -n
		read -r tb nb <<<"$(wait_count "ct_count $B" "$held" "${BENCH_CTD_BULK_LIMIT:-150}")"
		x1=$(link_tx "$A" ha0); y1=$(link_tx "$B" ha0)
		res "bulk_ctd_s_$size" "$tb"
		res "bulk_ctd_reached_$size" "$nb"
		res "bulk_ctd_bytes_per_session_$size" "$(fdiv $((x1 - x0 + y1 - y0)) "$nb")"
		ctd_stop
		ip netns exec "$B" conntrack -F 2>/dev/null
	done
	ct_off
fi

log "done in $((SECONDS - t_begin)) s"
res guest_seconds $((SECONDS - t_begin))
exit 0
