#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Installs, from Debian 12's packages, everything nsrp's build, tests and
# demo need. Idempotent and quick when everything is present: it asks dpkg
# first and runs apt-get only for what is missing.
set -euo pipefail

packages=(
	# building the module and its debug kernel
	build-essential linux-headers-amd64 linux-source-6.1 bc bison flex
	libelf-dev libssl-dev dwarves kmod cpio xz-utils zstd rsync python3
	python3-yaml man-db git
	sparse dkms
	# the VM harness: the stock kernel to boot, QEMU, a static busybox
	linux-image-amd64 qemu-system-x86 busybox-static
	# nsrpctl
	libmnl-dev pkg-config
	# tests: traffic, captures, HA peers to compare with
	iproute2 iputils-ping procps util-linux socat iperf3 netcat-openbsd tcpdump tshark jq ethtool
	nftables conntrack conntrackd keepalived
	# fuzzing and benchmarks
	clang libclang-rt-14-dev gnuplot-nox
)

missing=()
for p in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[[ $status == installed ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
	echo "deps: all ${#packages[@]} packages present"
	exit 0
fi

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
