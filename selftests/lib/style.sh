#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.pl --strict over every C source and header of the module, from
# Debian's linux-source-6.1 (extracted once into the cache, keyed by the
# package's version). Exits non-zero on any warning, error or check.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${NSRP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nsrp}
ver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
cp_dir=$cache/checkpatch-$ver

if [[ ! -x $cp_dir/scripts/checkpatch.pl ]]; then
	mkdir -p "$cp_dir.tmp"
	tar -C "$cp_dir.tmp" --strip-components=1 -xf /usr/src/linux-source-6.1.tar.xz \
		--wildcards 'linux-source-6.1/scripts/checkpatch.pl' \
		'linux-source-6.1/scripts/spelling.txt' \
		'linux-source-6.1/scripts/const_structs.checkpatch'
	rm -rf "$cp_dir"
	mv "$cp_dir.tmp" "$cp_dir"
fi

cd "$top"
mapfile -t files < <(git ls-files -co --exclude-standard -- 'nsrp_core/*.[ch]' 'nsrp_sync/*.[ch]' \
	'nsrp_netlink/*.[ch]' | grep -v '\.mod\.c$' | sort -u)
# checkpatch looks for its tree around it; --no-tree lets it run on its own.
# compat.h is the one file allowed to test LINUX_VERSION_CODE: that is its job.
run_checkpatch() {
	"$cp_dir/scripts/checkpatch.pl" --no-tree --strict --terse --show-types "$@"
}
{
	run_checkpatch -f $(printf '%s\n' "${files[@]}" | grep -v '/compat\.h$') || true
	run_checkpatch --ignore LINUX_VERSION_CODE -f nsrp_core/compat.h || true
} | tee /tmp/nsrp-checkpatch.$$
if grep -qE '(ERROR|WARNING|CHECK):' /tmp/nsrp-checkpatch.$$; then
	rm -f /tmp/nsrp-checkpatch.$$
	echo "style: checkpatch found problems" >&2
	exit 1
fi
rm -f /tmp/nsrp-checkpatch.$$
echo "style: checkpatch --strict clean (${#files[@]} files)"
