#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of run-vm2's smoke test: both guests run this script, told
# apart by NSRP_VM_NAME (a or b, set by run-vm2). Each gives its eth0 an
# address, pings the other over the link between the two qemus, then stays
# up a while so that the peer, which may have booted later, gets its
# answers too.
#
#   run-vm2 --kernel ... --out DIR -- selftests/vm/pair-ping.sh -- selftests/vm/pair-ping.sh
set -euo pipefail

case ${NSRP_VM_NAME:-} in
a) me=10.77.0.1 peer=10.77.0.2 ;;
b) me=10.77.0.2 peer=10.77.0.1 ;;
*) echo "pair-ping.sh: NSRP_VM_NAME must be a or b (run it through run-vm2)" >&2; exit 2 ;;
esac

ip addr add "$me/24" dev eth0
ip link set eth0 up
# The peer boots in parallel and may be seconds behind: wait up to 120 s.
for ((i = 0; i < 120; i++)); do
	ping -q -c1 -W1 "$peer" >/dev/null 2>&1 && break
	sleep 1
done
ping -c3 -W2 "$peer"
sleep 10
