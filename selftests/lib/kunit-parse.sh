#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kunit-parse.sh DEBUG_TREE KERNEL_LOG: the KUnit results of nsrp_kunit.ko,
# through the kernel's own kunit.py parser.
#
# On 6.1 the suites of a module print their KTAP indented, without the
# top-level "KTAP version 1" and plan that kunit.py expects (and the boot
# prints an empty "1..0" plan of its own), so the top level is rebuilt here
# from the suites' result lines. Fails unless every suite defined in the
# tree reported.
set -euo pipefail
tree=$1 log=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

tr -d '\r' <"$log" | sed -E 's/^\[ *[0-9.]+\] //' >"$tmp"
n=$(grep -cE '^(not )?ok [0-9]+ nsrp_[a-z_]+$' "$tmp" || true)
want=$(git -C "$top" grep -hE '^kunit_test_suite\(' -- '*_kunit.c' | wc -l)
{
	echo "KTAP version 1"
	echo "1..$want"
	sed -n '/^    KTAP version 1$/,$p' "$tmp"
} | python3 "$tree/tools/testing/kunit/kunit.py" parse
if ((n != want)); then
	echo "kunit-parse: $n of the $want suites reported" >&2
	exit 1
fi
