#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad input, from nsrpctl and straight to the kernel: every out-of-range or
# unknown value is refused with a message naming it, nothing changes
# partially, and a caller without CAP_NET_ADMIN gets EPERM.
source "$(dirname "$0")/lib.sh"
trap cleanup_namespaces EXIT

N=nsrp-nl-$$
new_ns "$N"

# the kernel's policies, bypassing nsrpctl's own checks
ip netns exec "$N" python3 -u "$top/selftests/net/genl.py" | sed "s/^\(not \)\?ok - /&$TEST: /"
[[ ${PIPESTATUS[0]} == 0 ]] || nsrp_failed=1
ip netns exec "$N" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	python3 -u "$top/selftests/net/genl.py" eperm | sed "s/^\(not \)\?ok - /&$TEST: /"
[[ ${PIPESTATUS[0]} == 0 ]] || nsrp_failed=1

# nsrpctl refuses before sending (exit 2) and names the option
usage_case() {
	local desc=$1 word=$2 out rc
	shift 2
	out=$(ctl "$N" "$@" 2>&1)
	rc=$?
	if [[ $rc == 2 && ${out,,} == *"${word,,}"* ]]; then
		ok "nsrpctl $desc: exit 2, names '$word'"
	else
		not_ok "nsrpctl $desc: exit $rc, said: $out"
	fi
}
usage_case "timeout tcp 0" timeout set timeout tcp 0
usage_case "timeout udp 86401" timeout set timeout udp 86401
usage_case "max-sessions 0" max-sessions set max-sessions 0
usage_case "enforce maybe" enforce set enforce maybe
usage_case "unknown keyword" frobnicate set frobnicate
usage_case "port 70000" port session list port 70000
usage_case "family ipx" family session list family ipx

# the kernel's extack text reaches the user, with exit 1
out=$(ip netns exec "$N" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	"$NSRPCTL" show 2>&1)
rc=$?
if [[ $rc == 1 && $out == *"not permitted"* ]]; then
	ok "nsrpctl as an unprivileged user: exit 1, 'not permitted'"
else
	not_ok "nsrpctl as an unprivileged user: exit $rc, said: $out"
fi
out=$(ctl "$N" session del 2>&1)
rc=$?
[[ $rc == 2 ]] && ok "nsrpctl session del without a selector is a usage error" ||
	not_ok "nsrpctl session del without a selector: exit $rc: $out"

expect_eq "state unchanged by all of the above" "false false 262144" \
	"$(ctl "$N" -j show | jq -r '"\(.enabled) \(.enforce) \(.max_sessions)"')"
exit $nsrp_failed
