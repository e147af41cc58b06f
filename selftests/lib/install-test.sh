#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make install into a scratch DESTDIR: the module lands in extra/ with its
# dependencies recorded for modprobe, nsrpctl in sbin, its man page and
# bash completion where man and bash look.
set -euxo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
# From a copy of the tree, so the checkout gets no in-place objects.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=$work/src dest=$work/root
mkdir -p "$src"
git -C "$top" ls-files -co --exclude-standard -z | rsync -a --from0 --files-from=- "$top/" "$src/"

make -C "$src" install DESTDIR="$dest" PREFIX=/usr NSRP_VERSION=install-test
ko=$(ls "$dest"/lib/modules/*/extra/nsrp.ko)
modinfo -F depends "$ko" | grep -q nf_defrag_ipv4
modinfo -F depends "$ko" | grep -q nf_defrag_ipv6
modinfo -F alias "$ko" | grep -qx 'net-pf-16-proto-16-family-nsrp'
grep -q '^extra/nsrp.ko:' "$dest"/lib/modules/*/modules.dep
"$dest/usr/sbin/nsrpctl" --version
man -l "$dest/usr/share/man/man8/nsrpctl.8" >/dev/null
bash -n "$dest/usr/share/bash-completion/completions/nsrpctl"
