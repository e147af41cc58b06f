#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Prints the kernel build directory to build against: the running kernel's
# when it has headers, else the newest kernel under /lib/modules that has a
# build directory (on build machines whose own kernel has no module support).
# Says on stderr which one it chose when it had to fall back.
running=/lib/modules/$(uname -r)/build
if [ -d "$running" ]; then
	echo "$running"
	exit 0
fi
newest=$(ls -d /lib/modules/*/build 2>/dev/null | sort -V | tail -n 1)
if [ -z "$newest" ]; then
	echo "nsrp: no kernel headers under /lib/modules (make deps, or make KDIR=...)" >&2
	exit 1
fi
echo "nsrp: no headers for the running kernel $(uname -r); building against $(readlink -f "$newest")" >&2
echo "$newest"
