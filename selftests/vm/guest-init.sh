#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Second-stage init of nsrp's test VMs: runs as PID 1 in the guest, with the
# host's root filesystem (read-only, over 9p) as its root. run-vm starts it
# through the initramfs; it is not meant to be run by hand.
#
# It makes the read-only host root usable for the tests (tmpfs wherever
# programs write), mounts run-vm's OUTDIR read-write at the same path as on
# the host, runs OUTDIR/job.sh, and stores what run-vm checks afterwards:
# exit-status, output.log, dmesg.log, kmemleak.log. Then it powers the VM off.
#
# Settings come from the kernel command line (environment of PID 1):
#   NSRP_OUT            OUTDIR, exported by run-vm as 9p tag "nsrpout"
#   NSRP_HOSTNAME       hostname of this guest
#   NSRP_TMPFS          ':'-separated directories to cover with empty tmpfs
#   NSRP_PANIC_ON_WARN  1: the first WARN panics the guest (stops the test
#                       at the first splat, with its full context)
#   NSRP_KMEMLEAK       0: skip the leak check (run-vm --no-kmemleak)
#   NSRP_KMEMLEAK_AGE   seconds to wait before the leak scans (kmemleak only
#                       reports objects older than 5 s)

# No `set -e`: PID 1 must never exit, or the kernel panics and the real
# reason is lost. Every failure path ends in poweroff() instead.
set -u

# The rest is one { } block: bash reads all of it before running any, so
# editing this file while a run is in progress cannot derail that run.
{
# --append NSRP_TRACE=1: trace this script with the kernel uptime per line,
# to see where boot time goes.
if [ "${NSRP_TRACE:-0}" = 1 ]; then
	PS4='+ $(read -r up _ </proc/uptime; echo "$up") '
	set -x
fi

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/tmp
export TERM=dumb
export LANG=C.UTF-8

# Every exec of a dynamically linked program costs ~0.15 s under TCG over
# 9p (ld.so opens and maps each library through 9p); the host's static
# busybox costs ~0.02 s. Boot uses busybox applets for that reason.
bb=/bin/busybox

poweroff() {
	$bb sync
	$bb umount "${NSRP_OUT:-/nonexistent}" 2>/dev/null
	# busybox's reboot -f calls reboot(2) directly; the host's systemd
	# reboot would try to talk to a systemd that is not running. The guest
	# has no ACPI power-off (the debug kernel), so it reboots, and qemu's
	# -no-reboot turns that into an exit.
	$bb reboot -f
	echo b >/proc/sysrq-trigger
	$bb sleep 10
}

die() {
	echo "nsrp-guest-init: $*" >&2
	poweroff
}

mnt() {
	$bb mount "$@" || echo "nsrp-guest-init: warning: mount $* failed" >&2
}

uptime_s() {
	local up _
	read -r up _ </proc/uptime
	echo "$up"
}

mnt -t proc proc /proc
mnt -t sysfs sysfs /sys
mnt -t devtmpfs devtmpfs /dev
$bb mkdir -p /dev/pts /dev/shm
mnt -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /dev/pts
mnt -t tmpfs -o mode=1777 tmpfs /dev/shm
# What udev would add: bash's <(...) and < <(...) need /dev/fd.
$bb ln -sf /proc/self/fd /dev/fd
$bb ln -sf /proc/self/fd/0 /dev/stdin
$bb ln -sf /proc/self/fd/1 /dev/stdout
$bb ln -sf /proc/self/fd/2 /dev/stderr
mnt -t debugfs debugfs /sys/kernel/debug
[ -d /sys/fs/cgroup ] && $bb mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null

# Everything a test or a daemon (ip netns, keepalived, socat, iperf3,
# tshark) may write to. The host's contents of these directories stay hidden
# underneath: the guest starts from empty ones, as on a fresh boot.
# The list comes from run-vm (NSRP_TMPFS, ':'-separated), which also checks
# that the test's working directory is not hidden under one of them.
IFS=: read -r -a tmpfs_dirs <<<"${NSRP_TMPFS:-/tmp:/run:/var/tmp:/var/lib:/var/log:/var/cache:/root:/home:/mnt}"
for d in "${tmpfs_dirs[@]}"; do
	[ -d "$d" ] || continue
	case $d in
	/tmp | /var/tmp) mnt -t tmpfs -o mode=1777 tmpfs "$d" ;;
	*) mnt -t tmpfs -o mode=755 tmpfs "$d" ;;
	esac
done
$bb mkdir -p /run/lock /run/netns /var/lib/misc
$bb chmod 1777 /run/lock
# /var/run is a symlink to /run on Debian; if it is a real directory in the
# read-only root, bind /run over it so both names see the same files.
if [ ! -L /var/run ] && [ -d /var/run ]; then
	mnt --bind /run /var/run
fi

# A working tree hidden by one of those tmpfs comes back on its own share.
if [ -n "${NSRP_WORK:-}" ]; then
	$bb mkdir -p "$NSRP_WORK" 2>/dev/null
	$bb mount -t 9p -o "trans=virtio,version=9p2000.L,ro,msize=${NSRP_P9_MSIZE:-512000},cache=${NSRP_P9_CACHE:-loose}" \
		nsrpwork "$NSRP_WORK" || die "mounting the working tree ($NSRP_WORK) over 9p failed"
fi

# OUTDIR last: it may lie under one of the tmpfs just mounted (e.g. /tmp),
# where the mount point then has to be created. cache=none so every write
# reaches the host at once, even if the guest dies right after.
[ -n "${NSRP_OUT:-}" ] || die "NSRP_OUT is not set"
$bb mkdir -p "$NSRP_OUT" 2>/dev/null
$bb mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,cache=none nsrpout "$NSRP_OUT" ||
	die "mounting OUTDIR ($NSRP_OUT) over 9p failed"
[ -f "$NSRP_OUT/job.sh" ] || die "$NSRP_OUT/job.sh missing"

$bb hostname "${NSRP_HOSTNAME:-nsrp-vm}"
$bb ip link set lo up
# run-vm's --net NIC (eth0) comes up without an address; the test adds one.
for nic in /sys/class/net/*; do
	[ "${nic##*/}" = lo ] || $bb ip link set "${nic##*/}" up 2>/dev/null
done

if [ "${NSRP_PANIC_ON_WARN:-0}" = 1 ]; then
	echo 1 >/proc/sys/kernel/panic_on_warn
fi

kmemleak=/sys/kernel/debug/kmemleak
# run-vm --no-kmemleak boots with kmemleak=off; the file exists even then.
[ "${NSRP_KMEMLEAK:-1}" = 1 ] || kmemleak=/nonexistent
# Prints the kernel's jiffies counter (empty if /proc/timer_list lacks it).
jiffies_now() {
	# shellcheck disable=SC2016 # awk's $2
	$bb awk '/^jiffies:/ { print $2; exit }' /proc/timer_list 2>/dev/null
}
start_jiffies=
if [ -e $kmemleak ]; then
	# Leaks from before the test are not the test's. `clear` forgets the
	# objects a scan has reported so far; but no scan has run yet (the
	# debug kernel has no automatic scans), and one costs ~20 s under TCG.
	# So instead remember when the test started: after the test, objects
	# allocated before then are filtered out of the report (kmemleak gives
	# each object's allocation time in jiffies). Without that clock, fall
	# back to scanning first.
	start_jiffies=$(jiffies_now)
	[ -n "$start_jiffies" ] || echo scan >$kmemleak 2>/dev/null
	echo clear >$kmemleak 2>/dev/null
fi

uptime_s >"$NSRP_OUT/uptime-start"
echo "nsrp-guest-init: running $NSRP_OUT/job.sh (uptime $(uptime_s) s)" >/dev/console

# stdin from /dev/null: a test must not wait for input on the console.
# Output goes straight to output.log, not through a pipe: a daemon the test
# left running would hold a pipe open and hang the VM until run-vm's timeout.
# tail copies the log to the console (console.log on the host) meanwhile.
bash "$NSRP_OUT/job.sh" </dev/null >"$NSRP_OUT/output.log" 2>&1 &
job=$!
tail -s 0.2 -n +1 -f --pid=$job "$NSRP_OUT/output.log" >/dev/console 2>&1 &
tailer=$!
wait $job
status=$?
wait $tailer

uptime_s >"$NSRP_OUT/uptime-end"
echo "nsrp-guest-init: command exited with status $status (uptime $(uptime_s) s)" >/dev/console

if [ -e $kmemleak ]; then
	# kmemleak reports only objects older than 5 s, and an object must be
	# seen unreferenced by two scans to be a credible leak (a pointer
	# briefly held in a register hides during one scan only).
	$bb sleep "${NSRP_KMEMLEAK_AGE:-5}"
	if echo scan >$kmemleak 2>/dev/null && $bb sleep 1 && echo scan >$kmemleak 2>/dev/null; then
		# Split the report: objects allocated since the test started
		# into kmemleak.log (which fails the run), older ones into
		# kmemleak-before-test.log (for information).
		: >"$NSRP_OUT/kmemleak.log"
		# shellcheck disable=SC2016 # awk's $NF
		$bb awk -v j0="${start_jiffies:-0}" \
			-v new="$NSRP_OUT/kmemleak.log" -v old="$NSRP_OUT/kmemleak-before-test.log" '
			function flush() {
				if (buf != "")
					printf "%s", buf >(keep ? new : old)
				buf = ""
			}
			/^unreferenced object/ { flush(); keep = 1 }
			/^  comm ".*jiffies [0-9]+/ { keep = ($NF + 0 >= j0 + 0) }
			{ buf = buf $0 "\n" }
			END { flush() }' $kmemleak
	else
		# kmemleak turns itself off on internal errors (e.g. its object
		# pool ran out): that is a failed check, not a clean one.
		echo "kmemleak unusable: 'echo scan > $kmemleak' failed; see dmesg.log" >"$NSRP_OUT/kmemleak.log"
	fi
fi

$bb dmesg >"$NSRP_OUT/dmesg.log" 2>&1
# exit-status last: run-vm takes its presence as "the guest got this far".
echo "$status" >"$NSRP_OUT/exit-status"
poweroff
}
