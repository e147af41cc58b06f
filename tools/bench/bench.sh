#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: nsrp against nf_conntrack and conntrackd, side by side in one
# QEMU guest (Debian's stock kernel), in one run. Not part of make check.
#
#   tools/bench/bench.sh
#
# Builds nsrp.ko as make check does (a private copy of the sources under
# build/bench/module), builds the generator and nsrpctl, boots one guest with
# run-vm and runs tools/bench/guest.sh in it. Results go to build/bench/:
# results.txt (raw samples), bench.md (the table), bench.png (the plot),
# bench.log, vm/ (run-vm's logs).
#
# Sizes (environment; the defaults are the issue's):
#   BENCH_SIZES="1000 10000 100000 1000000"  scaling curve
#   BENCH_MEM_SIZES="100000 1000000"         memory and bulk sync
#   BENCH_RUNS=3 BENCH_WIRE_N=5000 BENCH_RATE_N=10000 BENCH_LAT_RATE=1000
#   BENCH_LAT_SECONDS=3 BENCH_PKT_SECONDS=3 BENCH_GC_SECONDS=5
#   BENCH_BULK_RUNS=$BENCH_RUNS BENCH_CTD_BULK_LIMIT=150 BENCH_GEN_PROCS=1
#   BENCH_CTD_BULK_SIZES=100000 (conntrackd's resync; 1M outlasts the cap)
#   BENCH_PHASES="wire rate pkt mem ctmem"
#   BENCH_MEM=6G BENCH_TIMEOUT=2400 (guest memory, guest time limit)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
out=${BENCH_OUT:-$top/build/bench}
mkdir -p "$out"
start=$SECONDS
kdir=$(selftests/lib/find-kdir.sh)
kver=$(basename "$(dirname "$kdir")")
log=$out/bench.log
: >"$log"

echo "bench: building nsrp.ko against $kver, nsrpctl and the generator"
moddir=$out/module
rm -rf "$moddir"
mkdir -p "$moddir"
git ls-files -co --exclude-standard -z | rsync -a --from0 --files-from=- ./ "$moddir/"
make -C "$kdir" M="$moddir" modules >>"$log" 2>&1 || { echo "bench: module build failed ($log)"; exit 1; }
make -C tools/nsrpctl >>"$log" 2>&1 || { echo "bench: nsrpctl build failed ($log)"; exit 1; }
gcc -O2 -Wall -Wextra -o "$out/gen" tools/bench/gen.c >>"$log" 2>&1

envs=()
for v in BENCH_SIZES BENCH_MEM_SIZES BENCH_RUNS BENCH_WIRE_N BENCH_RATE_N BENCH_LAT_RATE \
	BENCH_LAT_SECONDS BENCH_PKT_SECONDS BENCH_GC_SECONDS BENCH_BULK_RUNS BENCH_CTD_BULK_LIMIT BENCH_PHASES BENCH_GEN_PROCS \
	BENCH_CTD_BULK_SIZES; do
	[[ -n ${!v:-} ]] && envs+=(--env "$v=${!v}")
done

echo "bench: running the guest (this takes a while; build/bench/vm/output.log)"
rc=0
# slab_nomerge: nsrp_session keeps a slab cache of its own in slabinfo.
selftests/vm/run-vm --kernel "/boot/vmlinuz-$kver" --modules-dir "/lib/modules/$kver" \
	--out "$out/vm" --mem "${BENCH_MEM:-6G}" --smp 2 --timeout "${BENCH_TIMEOUT:-2400}" \
	--append slab_nomerge ${envs[@]+"${envs[@]}"} \
	-- tools/bench/guest.sh "$moddir" "$out/gen" >>"$log" 2>&1 || rc=$?
cp "$out/vm/results.txt" "$out/results.txt" 2>/dev/null || true
if [[ ! -s $out/results.txt ]]; then
	echo "bench: the guest produced no results (run-vm status $rc; $log, $out/vm/output.log)"
	tail -n 20 "$out/vm/output.log" 2>/dev/null
	exit 1
fi
((rc == 0)) || echo "bench: warning: run-vm exited $rc; the table has what was measured ($log)"

host_cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
python3 tools/bench/report.py "$out/results.txt" "$out" \
	--machine "$host_cpu, $(nproc) CPUs, $(awk '/MemTotal/ { printf "%d GiB", $2 / 1048576 + 0.5 }' /proc/meminfo); guest: QEMU TCG, 2 vCPUs, ${BENCH_MEM:-6G}, Debian kernel $kver" \
	--seconds $((SECONDS - start))
cat "$out/bench.md"
if command -v gnuplot >/dev/null && grep -q '^[0-9]' "$out/bench.dat"; then
	gnuplot "$out/bench.gp" && echo "bench: plot in ${out#"$top"/}/bench.png"
fi
echo "bench: $((SECONDS - start)) s in all"
