#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds the debug kernel (KASAN, lockdep, kmemleak, KUnit) from Debian's
# linux-source-6.1 and caches it outside the repository. The cache key covers
# the source package's version, the config fragment and this script, so a
# stale kernel is never used: change any of them and the next run rebuilds.
# Prints the path of the built tree on stdout; progress goes to stderr.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${NSRP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nsrp}
tarball=/usr/src/linux-source-6.1.tar.xz
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
key=$( { echo "$srcver"; cat "$here/debug.config" "$0"; } | sha256sum | cut -c1-16)
tree=$cache/linux-debug-$key

if [[ -f $tree/.nsrp-built ]]; then
	echo "$tree"
	exit 0
fi

[[ -f $tarball ]] || { echo "build-debug-kernel: $tarball missing (make deps)" >&2; exit 1; }
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
if [[ -f $tree/.nsrp-built ]]; then
	echo "$tree"
	exit 0
fi

start=$SECONDS
work=$tree.tmp
rm -rf "$work"
mkdir -p "$work"
echo "build-debug-kernel: extracting linux-source $srcver" >&2
tar -C "$work" --strip-components=1 -xf "$tarball"
cd "$work"
make -s ARCH=x86_64 tinyconfig >&2
scripts/kconfig/merge_config.sh -m .config "$here/debug.config" >/dev/null
make -s ARCH=x86_64 olddefconfig >&2
# Every line of the fragment must have survived olddefconfig, or the kernel
# silently lacks something a test relies on.
missing=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=*)
		grep -qxF "$line" .config || { echo "build-debug-kernel: not set: $line" >&2; missing=1; }
		;;
	esac
done <"$here/debug.config"
((missing == 0)) || exit 1
echo "build-debug-kernel: building (a few minutes on 2 cores)" >&2
make -s ARCH=x86_64 -j"$(nproc)" bzImage modules >&2
touch .nsrp-built
cd /
rm -rf "$tree"
mv "$work" "$tree"
# Trees of other keys are stale by definition: free their gigabytes.
for old in "$cache"/linux-debug-*; do
	[[ $old == "$tree" ]] || rm -rf "$old"
done
echo "build-debug-kernel: built in $((SECONDS - start)) s" >&2
echo "$tree"
