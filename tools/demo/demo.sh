#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: nsrp's main job shown on one machine, without an HA pair.
# Builds nsrp.ko for the installed kernel headers (as make check does) and
# nsrpctl, boots Debian's stock kernel in a throw-away QEMU guest
# (selftests/vm/run-vm) and runs tools/demo/story.sh there: a client, two
# routers running nsrp and a server as namespaces, a TCP connection through
# the primary, a failover, and the connection carrying on through the new
# primary. The guest's story is printed as it happens.
#
# make deps (the demo target's prerequisite) installs what this needs.
# Build products and the VM's logs go to build/demo/.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
out=$top/build/demo
vmout=$out/vm
mkdir -p "$out"
t0=$SECONDS

fail() {
	echo "demo: $*" >&2
	exit 1
}

# quietly LOG COMMAND...: run COMMAND into LOG; on failure show its end.
quietly() {
	local log=$1
	shift
	"$@" >"$log" 2>&1 && return 0
	tail -n 30 "$log" | sed 's/^/    /' >&2
	fail "failed: $* (log: ${log#"$top"/})"
}

kdir=$(selftests/lib/find-kdir.sh) || fail "no kernel headers to build against (make deps)"
kver=$(basename "$(dirname "$kdir")")
kernel=/boot/vmlinuz-$kver
[[ -r $kernel ]] || fail "$kernel is missing or unreadable: the demo boots the kernel the module is built for (make deps)"

echo "demo: building nsrpctl and nsrp.ko for $kver ..."
quietly "$out/nsrpctl-build.log" make -C tools/nsrpctl
# A private copy of the sources, as make check's build_module keeps one per
# kernel; rsync keeps the files' times, so a second run rebuilds only what
# changed.
moddir=$out/$kver
mkdir -p "$moddir"
git ls-files -co --exclude-standard -z | rsync -a --from0 --files-from=- ./ "$moddir/" ||
	fail "copying the sources to $moddir failed"
quietly "$out/module-build.log" make -C "$kdir" M="$moddir" modules
t_build=$((SECONDS - t0))

echo "demo: booting $kver in a QEMU guest (TCG: a few seconds) ..."
echo
# run-vm's output.log grows as the guest writes it (its 9p share is
# uncached): follow it, so the story shows while it happens. The old one
# goes first, so that tail never shows a previous run.
rm -f "$vmout/output.log"
selftests/vm/run-vm --kernel "$kernel" --modules-dir "/lib/modules/$kver" --out "$vmout" \
	--timeout 300 -- tools/demo/story.sh "${moddir#"$top"/}" >"$out/run-vm.log" 2>&1 &
vm=$!
tail -s 0.2 -n +1 -F --pid=$vm "$vmout/output.log" 2>/dev/null &
tailer=$!
wait $vm
rc=$?
wait $tailer
t_total=$((SECONDS - t0))

echo
if ((rc != 0)); then
	sed 's/^/    /' "$out/run-vm.log" >&2
	fail "the demo failed (run-vm exit $rc; logs in ${vmout#"$top"/}/)"
fi
echo "demo: done in ${t_total} s: build ${t_build} s, VM $((t_total - t_build)) s ($(cat "$vmout/timing" 2>/dev/null))"
# Where the story's time went, from the step marks story.sh leaves
# ("N MS TITLE", then "end MS").
if [[ -s $vmout/steps ]]; then
	awk '!/^#/ { n[++k] = $1; t[k] = $2 }
		END {
			printf "demo: time per step:"
			for (i = 1; i < k; i++)
				printf " %s) %.1f s", n[i], (t[i + 1] - t[i]) / 1000
			print ""
		}' "$vmout/steps"
fi
