#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The two-VM HA test: replication and failover across two real kernels.
# Two guests (run-vm2) joined by a qemu link that is their HA link; guest A
# routes traffic and is primary, guest B holds the copies; then A's nsrp
# goes (rmmod) and B must take over every session. The guests' side is
# ha-pair.sh; this host side runs them and prints TAP lines
# ("ok - ha-vm2: ...") with the figures: the copies B saw and how long B
# took to declare A dead.
#
#   test-ha-vm2.sh [--out DIR] [--timeout SECS] [--smp N] [MODULE_DIR [KERNEL [MODULES_DIR]]]
#
# Defaults, as selftests/check.sh's vm-stock stage: the kernel headers of
# selftests/lib/find-kdir.sh, MODULE_DIR build/VER (nsrp.ko built there if
# missing), KERNEL /boot/vmlinuz-VER, MODULES_DIR /lib/modules/VER (for a
# kernel with built-in virtio/9p drivers, give "" or none). OUTDIR
# build/vm-ha-vm2 (a/ and b/ are the guests' results, run-vm2.log the
# console). --smp: CPUs per guest, 1 by default: two guests under TCG share
# the host's CPUs. --timeout: each guest's (run-vm's), 300 s by default.
# Exits non-zero if any check failed.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/vm-ha-vm2 timeout=300 smp=1
while (($#)); do
	case $1 in
	--out) out=$(realpath -m "$2"); shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	-h | --help) sed -n '3,/^set -uo/{/^set/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
	--) shift; break ;;
	-*) echo "test-ha-vm2.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done

# Paths given relative to the current directory, before leaving it.
args=()
for a in "$@"; do
	if [[ -n $a && -e $a ]]; then
		args+=("$(realpath "$a")")
	else
		args+=("$a")
	fi
done
set -- "${args[@]}"
cd "$top" || exit 2

failed=0
ok() { echo "ok - ha-vm2: $*"; }
not_ok() { echo "not ok - ha-vm2: $*"; failed=1; }

kdir=$(selftests/lib/find-kdir.sh 2>/dev/null)
kver=$(basename "$(dirname "$kdir")")
moddir=${1:-build/$kver}
kernel=${2:-/boot/vmlinuz-$kver}
if (($# >= 3)); then
	modules=$3
elif [[ $kernel == /boot/vmlinuz-* && -d /lib/modules/${kernel#/boot/vmlinuz-} ]]; then
	modules=/lib/modules/${kernel#/boot/vmlinuz-}
else
	modules=
fi

if [[ ! -f $moddir/nsrp.ko ]]; then
	if (($# >= 1)); then
		not_ok "no nsrp.ko in $moddir"
		exit 1
	fi
	# As check.sh's build_module: a private copy of the sources.
	mkdir -p "$out"
	rm -rf "$moddir"
	mkdir -p "$moddir"
	if ! { git ls-files -co --exclude-standard -z | rsync -a --from0 --files-from=- ./ "$moddir/" &&
		make -C "$kdir" M="$(realpath "$moddir")" modules; } >"$out/build.log" 2>&1; then
		not_ok "nsrp.ko builds against $kver (log: $out/build.log)"
		exit 1
	fi
fi
[[ -f tools/nsrpctl/nsrpctl ]] || make -s -C tools/nsrpctl >/dev/null ||
	{ not_ok "nsrpctl builds"; exit 1; }

opts=(--kernel "$kernel" --timeout "$timeout" --smp "$smp")
[[ -n $modules ]] && opts+=(--modules-dir "$modules")
mkdir -p "$out"
t0=$SECONDS
selftests/vm/run-vm2 "${opts[@]}" --out "$out" \
	-- selftests/vm/ha-pair.sh "$moddir" -- selftests/vm/ha-pair.sh "$moddir" \
	>"$out/run-vm2.log" 2>&1
rc=$?
secs=$((SECONDS - t0))

# The guests' own checks, as they printed them.
for g in a b; do
	if grep -qE '^(not )?ok - ' "$out/$g/output.log" 2>/dev/null; then
		grep -E '^(not )?ok - ' "$out/$g/output.log"
		grep -q '^not ok - ' "$out/$g/output.log" && failed=1
	else
		not_ok "guest ${g^^} reported no result ($out/$g/output.log)"
	fi
done

# The figures, from B's results (KEY=VALUE lines).
fig() { sed -n "s/^$1=//p" "$out/b/ha-result" 2>/dev/null | tail -1; }
copies=$(fig copies) copies_ms=$(fig copies_ms) detect_ms=$(fig detect_ms)
takeover_ms=$(fig takeover_ms) taken=$(fig takeover_sessions) false_downs=$(fig false_downs)
if [[ -n $copies && -n $detect_ms && -n $taken ]]; then
	ok "figures: B held $copies copies ${copies_ms} ms after A's list; A silent ${detect_ms} ms when declared dead, B primary ${takeover_ms:-?} ms later with $taken sessions; ${false_downs:-?} false alarm(s) before"
else
	not_ok "figures: B recorded copies '$copies', detection '$detect_ms' ms, takeover '$taken' sessions"
fi

if ((rc == 0)); then
	ok "both guests exited cleanly, kernel logs clean ($secs s; $(cat "$out/a/timing" 2>/dev/null))"
else
	not_ok "run-vm2 exited $rc after $secs s: $(grep -m1 'run-vm2: FAIL\|run-vm: FAIL\|timeout' "$out/run-vm2.log")"
	grep -A12 -E '^\[[ab]\] run-vm: (FAIL|timeout)' "$out/run-vm2.log" | head -30 | sed 's/^/    /'
fi
exit $failed
