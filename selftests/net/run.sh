#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the test VM: loads nsrp.ko (and the KUnit suites, when built),
# runs the selftests, and finally unloads the module with sessions alive.
#
#   run.sh MODULE_DIR [TEST...]      (default: every test_*.sh, in order)
#
# Prints TAP-style lines ("ok - ...", "not ok - ..."); the host counts them.
# Exits non-zero if anything failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
TEST=run
moddir=$(cd "$1" && pwd)
shift

# nsrp.ko needs the kernel's defragmentation; a modular kernel has it as
# modules (depmod would find them for an installed nsrp.ko; insmod does not).
for m in nf_defrag_ipv4 nf_defrag_ipv6; do
	modprobe "$m" 2>/dev/null || true
done
if insmod "$moddir/nsrp.ko"; then
	ok "insmod nsrp.ko ($(uname -r))"
else
	not_ok "insmod nsrp.ko ($(uname -r))"
	exit 1
fi
check "the nsrp genetlink family is registered" "$NSRPCTL" show

if [[ -f $moddir/nsrp_kunit.ko ]]; then
	# The suites run when the module loads; their KTAP goes to the kernel
	# log, which the host parses. Loading must work and unloading too.
	check "insmod nsrp_kunit.ko (KUnit suites run)" insmod "$moddir/nsrp_kunit.ko"
	check "rmmod nsrp_kunit" rmmod nsrp_kunit
fi

if (($# == 0)); then
	set -- "$here"/test_*.sh
fi
# A test file says in its header what it needs:
#   # nsrp-test: stock-only   bound to wall-clock timing, which the KASAN
#                             kernel under TCG is several times too slow for;
#                             the debug run says it was left out
# and a test whose prerequisite is missing exits with $ksft_skip after
# saying why, which counts as skipped, not passed.
kernel=${NSRP_KERNEL:-stock}
for t in "$@"; do
	name=$(basename "$t" .sh)
	if [[ $kernel != stock ]] && grep -q '^# nsrp-test:.*\bstock-only\b' "$t"; then
		echo "# === $name: not run on the $kernel kernel (stock-only: timing-bound)"
		continue
	fi
	start=$(now_ms)
	echo "# === $name"
	TEST=$name timeout -k 10 "${NSRP_TEST_TIMEOUT:-600}" bash "$t"
	rc=$?
	echo "# === $name: exit $rc, $(($(now_ms) - start)) ms"
	if ((rc == ksft_skip)); then
		echo "ok - $name # SKIP a prerequisite is missing (see above)"
	elif ((rc != 0)); then
		nsrp_failed=1
	fi
done

TEST=unload
# A namespace with nsrp enabled and a live session when the module goes.
new_ns nsrp-unload
ip -n nsrp-unload link add d0 type dummy
ip -n nsrp-unload addr add 192.0.2.1/24 dev d0
ip -n nsrp-unload link set d0 up
"$NSRPCTL" -n nsrp-unload set enable
ip netns exec nsrp-unload ping -c 1 -W 1 192.0.2.9 >/dev/null 2>&1
expect_eq "a live session before unload" 1 "$("$NSRPCTL" -n nsrp-unload -j show | jq .sessions)"
check "rmmod nsrp with a live namespace and session" rmmod nsrp
check "the module is gone" sh -c "! grep -qw '^nsrp' /proc/modules"
cleanup_namespaces
exit $nsrp_failed
