#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Looks for kernel splats (the patterns in splat-patterns beside this file)
# in kernel logs. Use it as a command:
#
#   splat-check.sh [--kernel-lines] FILE...
#
# or source it and call nsrp_splat_check with the same arguments. Either way
# it prints each offending line as FILE:LINE:TEXT on stdout and returns 1 if
# there was any, 0 if none; 2 on a usage error or an unreadable file.
#
# --kernel-lines: consider only lines that carry a printk timestamp
# ("[   12.345678] "). For a serial console log that also holds the test's
# own output, so a test that prints "WARNING:" itself is not a kernel splat.
# A dmesg dump holds kernel lines only and needs no such filter.

nsrp_splat_patterns_file=${NSRP_SPLAT_PATTERNS:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/splat-patterns}

# The patterns as one ERE, alternatives joined with '|'.
nsrp_splat_regex() {
	local line re=
	while IFS= read -r line; do
		[[ -z $line || $line == \#* ]] && continue
		re+=${re:+|}"($line)"
	done <"$nsrp_splat_patterns_file"
	printf '%s\n' "$re"
}

nsrp_splat_check() {
	local kernel_only=0 re f found=0
	if [[ ${1:-} == --kernel-lines ]]; then
		kernel_only=1
		shift
	fi
	(($# > 0)) || { echo "usage: nsrp_splat_check [--kernel-lines] FILE..." >&2; return 2; }
	re=$(nsrp_splat_regex) || return 2
	for f in "$@"; do
		[[ -r $f ]] || { echo "splat-check: cannot read $f" >&2; return 2; }
		if ((kernel_only)); then
			# The timestamp may be preceded by test output that lacked a
			# trailing newline, so it is not anchored to the line start.
			grep -a -H -n -E '\[ *[0-9]+\.[0-9]{6}\]' "$f" | grep -a -E -e "$re"
		else
			grep -a -H -n -E -e "$re" "$f"
		fi && found=1
	done
	return $((found))
}

# Run as a command, not sourced.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	set -uo pipefail
	nsrp_splat_check "$@"
fi
