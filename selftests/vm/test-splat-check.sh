#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests of the VM test runner itself.
#
#   test-splat-check.sh
#       Unit checks of splat-check.sh on synthetic logs. No VM; a second.
#
#   test-splat-check.sh --vm --kernel BZIMAGE [--modules-dir DIR] --kbuild KDIR
#       Also boots guests with run-vm and checks that it passes a clean run
#       and fails each kind of broken one: a failing command, a real WARN
#       (from a three-line module built against KDIR, the kernel's build
#       tree or headers), a kernel panic, a timeout, and, when the kernel
#       has kmemleak, a real leak. A few minutes under TCG.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck disable=SC1091 # checked on its own
source "$here/splat-check.sh"

vm=0 kernel='' modules_dir='' kbuild=''
while (($#)); do
	case $1 in
	--vm) vm=1; shift ;;
	--kernel) kernel=$2; shift 2 ;;
	--modules-dir) modules_dir=$2; shift 2 ;;
	--kbuild) kbuild=$2; shift 2 ;;
	*) echo "usage: $0 [--vm --kernel BZIMAGE [--modules-dir DIR] --kbuild KDIR]" >&2; exit 2 ;;
	esac
done

passed=0 failed=0
ok() { echo "ok   $*"; passed=$((passed + 1)); }
not_ok() { echo "FAIL $*"; failed=$((failed + 1)); }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

###############################################################################
# Unit checks

# A log that must pass: lines from a real clean boot that come close to the
# patterns, and the test's own output on the console (no printk timestamp).
cat >"$tmp/clean.log" <<'EOF'
[    0.000000] Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org)
[    1.250961] PCI: Using host bridge windows from ACPI; if necessary, use "pci=nocrs" and report a bug
[    2.300450] AMD-Vi: AMD IOMMUv2 functionality not available on this system - This is not a bug.
[    2.400000] [Firmware Bug]: TSC doesn't count with P0 frequency!
[    3.000000] nsrp: loading out-of-tree module taints kernel.
[    3.100000] nsrp: module verification failed: signature and/or required key missing - tainting kernel
EOF
cat >"$tmp/console-clean.log" <<'EOF'
[    3.610568] Run /init as init process
nsrp-guest-init: running /tmp/x/job.sh (uptime 15.06 s)
WARNING: this line was printed by the test, not by the kernel
tshark: BUG: not a kernel line either
[    5.200778] ACPI: \_SB_.LNKC: Enabled at IRQ 11
EOF

if nsrp_splat_check "$tmp/clean.log" >/dev/null; then
	ok "a clean dmesg passes"
else
	not_ok "a clean dmesg passes: $(nsrp_splat_check "$tmp/clean.log")"
fi
if nsrp_splat_check --kernel-lines "$tmp/console-clean.log" >/dev/null; then
	ok "--kernel-lines ignores the test's own output"
else
	not_ok "--kernel-lines ignores the test's own output"
fi
if ! nsrp_splat_check "$tmp/console-clean.log" >/dev/null; then
	ok "without --kernel-lines every line counts"
else
	not_ok "without --kernel-lines every line counts"
fi

# One real first line of each kind of splat; each alone in a log must fail.
while IFS= read -r line; do
	[[ -z $line ]] && continue
	printf '[    1.000000] booting\n%s\n[    9.000000] after\n' "$line" >"$tmp/splat.log"
	if out=$(nsrp_splat_check "$tmp/splat.log") && [[ -z $out ]]; then
		not_ok "detects: $line"
	elif [[ $out != "$tmp/splat.log:2:"* ]]; then
		not_ok "reports file:line for: $line (got: $out)"
	elif nsrp_splat_check --kernel-lines "$tmp/splat.log" >/dev/null; then
		not_ok "detects with --kernel-lines: $line"
	else
		ok "detects: $line"
	fi
done <<'EOF'
[   12.345678] WARNING: CPU: 1 PID: 321 at net/nsrp/core.c:42 nsrp_foo+0x12/0x40 [nsrp]
[   12.345678] BUG: KASAN: slab-use-after-free in nsrp_peer_put+0x2a/0x80 [nsrp]
[   12.345678] BUG: kernel NULL pointer dereference, address: 0000000000000008
[   12.345678] Oops: 0000 [#1] PREEMPT SMP NOPTI
[   12.345678] WARNING: possible circular locking dependency detected
[   12.345678] WARNING: suspicious RCU usage
[   12.345678] WARNING: inconsistent lock state
[   12.345678] BUG: sleeping function called from invalid context at kernel/locking/mutex.c:580
[   12.345678] general protection fault, probably for non-canonical address 0xdffffc0000000001: 0000 [#1] PREEMPT SMP KASAN
[   12.345678] Kernel panic - not syncing: sysrq triggered crash
[   12.345678] UBSAN: shift-out-of-bounds in net/nsrp/core.c:99:12
[   12.345678] WARNING: possible recursive locking detected
[  242.000000] INFO: task nsrpd:123 blocked for more than 120 seconds.
[   12.345678] kernel BUG at net/nsrp/core.c:77!
[   12.345678] invalid opcode: 0000 [#1] PREEMPT SMP
[   60.000000] rcu: INFO: rcu_preempt self-detected stall on CPU
[   60.000000] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:
[   12.345678] watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [nsrpd:99]
test output without newline[   12.345678] WARNING: CPU: 0 PID: 1 at x.c:1 f+0x1/0x2
EOF
# The exit codes: 0 none, 1 found, 2 unreadable file.
rc=0
nsrp_splat_check "$tmp/no-such-file" 2>/dev/null || rc=$?
if ((rc == 2)); then ok "an unreadable file is an error (2)"; else not_ok "an unreadable file is an error (2), got $rc"; fi
rc=0
"$here/splat-check.sh" "$tmp/splat.log" >/dev/null || rc=$?
if ((rc == 1)); then ok "splat-check.sh as a command exits 1 on a splat"; else not_ok "splat-check.sh as a command exits 1, got $rc"; fi

###############################################################################
# VM checks: run-vm must pass a clean run and fail each kind of broken run.

# Runs run-vm, expects exit status $1 and, on stderr, text matching $2.
expect_run() {
	local want=$1 re=$2 name=$3 rc=0
	shift 3
	echo "---- $name"
	# The guest sees /root, /tmp... as empty tmpfs, but each run's OUTDIR
	# at its host path: the module travels there.
	mkdir -p "$vmout/$name"
	cp "$ko" "$vmout/$name/"
	"$here/run-vm" --kernel "$kernel" ${modules_dir:+--modules-dir "$modules_dir"} \
		--out "$vmout/$name" "$@" 2>"$vmout/$name.stderr" || rc=$?
	sed 's/^/     | /' "$vmout/$name.stderr"
	if ((rc != want)); then
		not_ok "$name: run-vm exited $rc, want $want"
	elif ! grep -qE -- "$re" "$vmout/$name.stderr"; then
		not_ok "$name: stderr lacks /$re/"
	else
		ok "$name: exit $rc"
	fi
}

if ((vm)); then
	[[ -n $kernel && -n $kbuild ]] || { echo "--vm needs --kernel and --kbuild" >&2; exit 2; }
	kernel=$(realpath "$kernel") kbuild=$(realpath "$kbuild")
	[[ -z $modules_dir ]] || modules_dir=$(realpath "$modules_dir")
	# The guests run in the working directory: use one they can see.
	cd "$here"
	vmout=${NSRP_VM_TEST_OUT:-${NSRP_CACHE:-$HOME/.cache/nsrp}/test-splat-check}
	rm -rf "$vmout"
	mkdir -p "$vmout/mod"

	# Test modules: one that WARNs, one that leaks, both on load.
	cat >"$vmout/mod/nsrp_splat_test.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0
/* Loaded by test-splat-check.sh: makes the kernel WARN, or leak. */
#include <linux/module.h>
#include <linux/slab.h>

static bool leak;
module_param(leak, bool, 0444);
static void *leaked;

static int __init nsrp_splat_test_init(void)
{
	if (leak) {
		leaked = kmalloc(1024, GFP_KERNEL);
		leaked = NULL; /* the only reference: gone */
		return 0;
	}
	WARN(1, "nsrp_splat_test: deliberate warning");
	return 0;
}
module_init(nsrp_splat_test_init);
MODULE_LICENSE("GPL");
EOF
	echo 'obj-m := nsrp_splat_test.o' >"$vmout/mod/Kbuild"
	make -s -C "$kbuild" M="$vmout/mod" modules >"$vmout/mod/build.log" 2>&1 ||
		{ cat "$vmout/mod/build.log"; echo "building the test module failed" >&2; exit 1; }
	ko=$vmout/mod/nsrp_splat_test.ko
	# shellcheck disable=SC2016 # $NSRP_VM_OUT expands in the guest
	insmod_ko='insmod "$NSRP_VM_OUT/nsrp_splat_test.ko"'

	expect_run 0 'PASS' clean -- sh -c 'echo "WARNING: printed by the test"; uname -r'
	expect_run 1 'command exited with status 3' failing-command -- sh -c 'exit 3'
	expect_run 1 'kernel splat: .*nsrp_splat_test' warn -- sh -c "$insmod_ko"
	expect_run 1 'guest died' panic -- sh -c 'echo c >/proc/sysrq-trigger; sleep 100'
	expect_run 124 'timeout' timeout --timeout 25 -- sleep 1000
	if grep -q '^CONFIG_DEBUG_KMEMLEAK=y' "$kbuild/.config"; then
		expect_run 1 'kmemleak reports' leak -- sh -c "$insmod_ko leak=1"
	else
		echo "---- leak: skipped (the kernel has no kmemleak)"
	fi
fi

echo "$passed passed, $failed failed"
((failed == 0))
