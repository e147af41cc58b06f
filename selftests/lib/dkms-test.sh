#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make dkms-install against the installed headers of KVER, then checks that
# DKMS built and installed nsrp.ko where modprobe finds it, and removes it
# again so the machine is left as it was.
set -euxo pipefail
kver=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")

trap 'dkms remove nsrp/$version --all >/dev/null 2>&1 || true; rm -rf /usr/src/nsrp-$version' EXIT
make -C "$top" dkms-install KVER="$kver"
dkms status nsrp | grep -E "nsrp/$version, $kver, .*installed"
ko=$(modinfo -k "$kver" -n nsrp)
[[ $ko == */updates/dkms/* ]]
modinfo -k "$kver" nsrp | grep -E "^version: +$version"
