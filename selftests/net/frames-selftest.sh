#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The userspace proof of selftests/net/frames.py, the frame builder,
# decoder and fuzzer of the two-node selftests: no kernel module needed.
#
#  - its own checks (HMAC-SHA256 against RFC 4231, key order, sizes, round
#    trips, reproducible fuzzing): frames.py selfcheck
#  - every frame it builds is accepted by nsrp_sync/codec.c (built here
#    with frames-check.c, under ASan and UBSan) and decoded by it exactly as
#    frames.py decodes it; every targeted mutation is rejected by the codec
#    for the reason the selftests expect; random ones crash nothing
#  - frames.py decodes the codec's own frames (tools/wireshark/pcapgen.c)
#    as the codec does
#  - tshark with tools/wireshark/nsrp.lua decodes frames.py's frames as
#    frames.py does, and flags none of the valid ones
#  - the key flag HANDOVER and the hello flags CLAIM and YIELD, one frame
#    each from frames.py's command line: accepted where version 1 allows
#    them, rejected as "reserved" elsewhere (HANDOVER with TAKEOVER or
#    outside UPSERT, a hello flag above YIELD), and the dissector agrees
#  - as root, over a veth pair between two scratch namespaces: what "send",
#    "replay" and "fuzz" put on the wire is what "capture" records, octet
#    for octet, and --direction tells sent frames from received ones
#
# TAP ("ok N - ..."), the plan last; exits non-zero on any failure. Needs
# python3 and a C compiler; tshark and root are optional (skipped).
set -uo pipefail
export PYTHONDONTWRITEBYTECODE=1

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
frames=$here/frames.py
py=${PYTHON:-python3}
tmp=$(mktemp -d)
ns_a=nsrp-fst-a-$$ ns_b=nsrp-fst-b-$$
cleanup() {
	ip netns del "$ns_a" 2>/dev/null
	ip netns del "$ns_b" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

n=0 failed=0
tap() {	# tap 0|1 DESCRIPTION [DETAIL...]: 0 is success
	local rc=$1 desc=$2
	shift 2
	n=$((n + 1))
	if ((rc == 0)); then
		echo "ok $n - $desc"
	else
		failed=$((failed + 1))
		echo "not ok $n - $desc"
		printf '#   %s\n' "$@"
	fi
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

# 1. frames.py's own checks, renumbered
while read -r line; do
	case $line in
	"ok "*) tap 0 "selfcheck: ${line#ok * - }" ;;
	"not ok "*) tap 1 "selfcheck: ${line#not ok * - }" ;;
	"#"*) echo "$line" ;;
	esac
done < <("$py" "$frames" selfcheck)

# 2. the codec on frames.py's frames
if ! "${CC:-cc}" -std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
	-fno-sanitize-recover=all -I"$top" -I"$top/nsrp_netlink/uapi" -o "$tmp/frames-check" \
	"$here/frames-check.c" "$top/nsrp_sync/codec.c" 2>"$tmp/cc.log"; then
	tap 1 "frames-check.c builds against nsrp_sync/codec.c" "$(head -5 "$tmp/cc.log")"
	echo "1..$n"
	exit 1
fi
"$py" "$frames" selftest-gen "$tmp/py.pcap" "$tmp/py.expect"
# The receiver frames-check plays: cluster 7, node 2 (SELFTEST_CLUSTER, _OWN_NODE).
"$tmp/frames-check" "$tmp/py.pcap" 7 2 >"$tmp/codec.out" 2>"$tmp/codec.err"
tap $? "the codec reads every frame without a sanitizer report" "$(head -5 "$tmp/codec.err")"

# compare KIND: python comparisons, one TAP line each as "rc<TAB>description<TAB>detail"
compare() {
	"$py" - "$tmp" "$1" <<'EOF'
import collections
import sys

tmp, what = sys.argv[1:]


def rows(path, sep="\t", n=None):
    out = {}
    for line in open(path):
        cols = line.rstrip("\n").split(sep) if n is None else line.rstrip("\n").split(sep, n)
        out[int(cols[0])] = cols[1:]
    return out


def say(good, desc, detail=""):
    print("%d\t%s\t%s" % (0 if good else 1, desc, detail))


if what == "codec":
    exp = rows(tmp + "/py.expect")
    got = rows(tmp + "/codec.out")
    valid = [i for i, (_, want, _) in exp.items() if want == "ok"]
    bad = [i for i in valid if got[i] != ["ok", exp[i][2]]]
    say(not bad, "the codec accepts all %d valid frames frames.py built and decodes them as "
        "frames.py does (every record kind, IPv4 and IPv6, MAC, padding, full frames)" % len(valid),
        "; ".join("%s: %s" % (exp[i][0], got[i]) for i in bad[:3]))
    kinds = collections.defaultdict(list)
    for i, (name, want, _) in exp.items():
        if want not in ("ok", "?"):
            kinds[name.split("/")[0]].append((i, want))
    for kind, cases in sorted(kinds.items()):
        wrong = [(exp[i][0], want, got[i][0]) for i, want in cases if got[i][0] != want]
        say(not wrong, "mutation %s: the codec rejects all %d as %s" % (
            kind, len(cases), "/".join(sorted({w for _, w in cases}))),
            "; ".join("%s: want %s, got %s" % w for w in wrong[:3]))
    verdicts = collections.Counter(got[i][0] for i, (_, want, _) in exp.items() if want == "?")
    print("#\trandom and mutated frames, the codec's verdicts: %s" %
          " ".join("%s=%d" % kv for kv in verdicts.most_common()))
elif what == "pcapgen":
    c = rows(tmp + "/gen.codec")
    p = rows(tmp + "/gen.py", sep=" ", n=1)
    ok = [i for i, (r, _) in c.items() if r == "ok"]
    bad = [i for i in ok if p[i][0] != c[i][1]]
    say(ok and not bad, "frames.py decodes the %d frames the codec built (pcapgen) as the codec "
        "does" % len(ok), "; ".join("%d: %s != %s" % (i, p[i][0], c[i][1]) for i in bad[:3]))
elif what == "tshark":
    exp = rows(tmp + "/py.expect")
    ts = rows(tmp + "/py.dis", sep=" ", n=1)
    valid = [i for i, (_, want, _) in exp.items() if want == "ok"]
    bad = [i for i in valid if ts.get(i, [""])[0] != exp[i][2]]
    say(not bad, "tshark with nsrp.lua decodes the %d valid frames as frames.py built them, "
        "flagging none" % len(valid),
        "; ".join("%s: %s" % (exp[i][0], ts.get(i, ["missing"])[0]) for i in bad[:3]))
    rejected = [i for i, (_, want, _) in exp.items()
                if want not in ("ok", "?", "other_cluster", "own_node")]
    flagged = sum(ts.get(i, [""])[0].startswith(("expert", "not nsrp")) for i in rejected)
    print("#\tthe dissector flags %d of the %d targeted mutations the codec rejects" %
          (flagged, len(rejected)))
EOF
}
report() {
	local rc desc detail
	while IFS=$'\t' read -r rc desc detail; do
		if [[ $rc == "#" ]]; then
			echo "# $desc"
		else
			tap "$rc" "$desc" "$detail"
		fi
	done
}
report < <(compare codec)

# 3. frames.py on the codec's frames
"${CC:-cc}" -std=gnu11 -O2 -Wall -Wextra -Werror -I"$top" -I"$top/nsrp_netlink/uapi" \
	-o "$tmp/pcapgen" "$top/tools/wireshark/pcapgen.c" "$top/nsrp_sync/codec.c"
"$tmp/pcapgen" "$tmp/gen.pcap" >/dev/null
"$tmp/frames-check" "$tmp/gen.pcap" >"$tmp/gen.codec"
"$py" "$frames" decode "$tmp/gen.pcap" >"$tmp/gen.py"
report < <(compare pcapgen)

# 4. the Lua dissector on frames.py's frames
if command -v tshark >/dev/null; then
	"$py" "$frames" dissect "$tmp/py.pcap" >"$tmp/py.dis" 2>"$tmp/tshark.err"
	tap $? "frames.py dissect runs tshark with nsrp.lua" "$(tail -3 "$tmp/tshark.err")"
	report < <(compare tshark)
else
	skip "tshark with nsrp.lua decodes frames.py's frames" "tshark is not installed"
fi

# 5. the flags of failover (HANDOVER, CLAIM, YIELD), one frame each from
# frames.py's command line: those the codec accepts, decoded alike by the
# codec, frames.py and the dissector; those it rejects, for the reason
# given, and flagged by the dissector.
# REASON|TEXT THE CODEC MUST SHOW (accepted only)|DESCRIPTION|RECORD
ha_cases=(
	"ok|kf=5|UPSERT with HANDOVER (IPv4, originator endpoint a)|upsert,tcp,192.0.2.2,40000,198.51.100.2,5001,established,2000,1500,handover"
	"ok|kf=4|UPSERT with HANDOVER (IPv6, originator endpoint b)|upsert,udp,2001:db8::9,5000,2001:db8::1,6000,active,60000,0,handover"
	"ok|kf=3|UPSERT with TAKEOVER|upsert,gre,192.0.2.1,0,192.0.2.9,0,active,30000,10,takeover"
	"ok|hf=6|HELLO with SYNCED and CLAIM|hello,primary,200,synced+claim,1000,3,1426063361"
	"ok|hf=11|HELLO with PREEMPT, SYNCED and YIELD|hello,primary,1,preempt+synced+yield,50,255,7"
	"reserved||UPSERT with TAKEOVER and HANDOVER|upsert,tcp,192.0.2.2,40000,198.51.100.2,5001,established,2000,1500,takeover,handover"
	"reserved||CLOSE with HANDOVER|close,tcp,10.9.8.7,443,10.9.8.8,50000,handover"
	"reserved||AGE_QUERY with HANDOVER|query,tcp,2001:db8::6,61000,2001:db8::5,22,handover"
	"reserved||AGE_ANSWER ACTIVE with HANDOVER|answer,active,udp,172.16.0.1,5000,172.16.0.1,6000,active,60000,59990,handover"
	"reserved||AGE_ANSWER GONE with HANDOVER|answer,gone,udp,10.0.0.1,1,10.0.0.2,2,handover"
	"reserved||HELLO with flag 0x10, the one after YIELD|hello,primary,100,0x10,1000,3,0"
	"reserved||HELLO with CLAIM and flag 0x80|hello,primary,100,0x84,1000,3,0"
)
for c in "${ha_cases[@]}"; do
	"$py" "$frames" build -a "$tmp/ha.pcap" --epoch 5 --seq 1 "${c##*|}"
done
"$tmp/frames-check" "$tmp/ha.pcap" >"$tmp/ha.codec" 2>"$tmp/ha.err" || cat "$tmp/ha.err" >&2
"$py" "$frames" decode "$tmp/ha.pcap" >"$tmp/ha.py"
have_tshark=0 by_tshark="" flagged=""
if command -v tshark >/dev/null; then
	have_tshark=1 by_tshark=" and tshark" flagged=", flagged by the dissector"
	"$py" "$frames" dissect "$tmp/ha.pcap" >"$tmp/ha.dis" 2>>"$tmp/ha.err"
fi
i=0
for c in "${ha_cases[@]}"; do
	i=$((i + 1))
	IFS='|' read -r want show desc _ <<<"$c"
	IFS=$'\t' read -r _ reason text < <(sed -n "${i}p" "$tmp/ha.codec")
	pytext=$(sed -n "${i}s/^$i //p" "$tmp/ha.py")
	distext=$(sed -n "${i}s/^$i //p" "$tmp/ha.dis" 2>/dev/null)
	if [[ $want == ok ]]; then
		good=0
		[[ $reason == ok && " $text " == *" $show "* && $pytext == "$text" ]] || good=1
		((have_tshark == 0)) || [[ $distext == "$text" ]] || good=1
		tap $good "failover flags: $desc: accepted, $show, decoded alike by the codec, frames.py$by_tshark" \
			"codec: $reason $text" "frames.py: $pytext" "tshark: $distext"
	else
		good=0
		[[ $reason == "$want" ]] || good=1
		((have_tshark == 0)) || [[ $distext == expert:* ]] || good=1
		tap $good "failover flags: $desc: rejected as $want$flagged" \
			"codec: $reason" "tshark: $distext"
	fi
done

# 6. sockets, over a veth pair
if [[ $(id -u) != 0 ]] || ! ip netns add "$ns_a" 2>/dev/null; then
	skip "send, replay, fuzz and capture over a veth pair" "needs root and network namespaces"
else
	ip netns add "$ns_b"
	ip link add ha0 netns "$ns_a" type veth peer name ha0 netns "$ns_b"
	for ns in "$ns_a" "$ns_b"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.ha0.disable_ipv6=1
		ip -n "$ns" link set ha0 up
	done
	bmac=$(ip -n "$ns_b" -j link show ha0 | "$py" -c 'import json,sys; print(json.load(sys.stdin)[0]["address"])')
	start_capture() {	# start_capture NS FILE ARGS...
		local ns=$1 file=$2
		shift 2
		ip netns exec "$ns" "$py" -u "$frames" capture ha0 "$file" --seconds 30 "$@" \
			>"$file.log" 2>&1 &
		for _ in $(seq 100); do
			grep -q ready "$file.log" 2>/dev/null && return
			sleep 0.05
		done
	}
	start_capture "$ns_b" "$tmp/rx.pcap"
	cap_b=$!
	start_capture "$ns_a" "$tmp/tx.pcap" --direction out
	cap_a=$!
	start_capture "$ns_a" "$tmp/a-in.pcap" --direction in
	cap_a_in=$!
	ip netns exec "$ns_a" "$py" "$frames" send ha0 --dst "$bmac" --epoch 9 --seq 3 \
		--key 00112233445566778899aabbccddeeff upsert,udp,192.0.2.2,1000,198.51.100.2,5002,active,3000,2000 >/dev/null
	ip netns exec "$ns_a" "$py" "$frames" replay ha0 "$tmp/gen.pcap" >"$tmp/replay.out"
	ip netns exec "$ns_a" "$py" "$frames" fuzz ha0 --base "$tmp/gen.pcap" --dst "$bmac" \
		--cluster 7 --own-node 1 --random 40 --mutated 40 --targeted 2 \
		--manifest "$tmp/fuzz.tsv" >/dev/null
	want=$((1 + $(awk '{ print $2 }' "$tmp/replay.out") + $(wc -l <"$tmp/fuzz.tsv")))
	sleep 0.5
	kill -TERM $cap_b $cap_a $cap_a_in
	wait $cap_b $cap_a $cap_a_in
	FRAMES_DIR=$here "$py" - "$tmp" "$want" >"$tmp/sockets.out" <<'EOF'
import os
import sys

sys.path.insert(0, os.environ["FRAMES_DIR"])
import frames as F  # noqa: E402

tmp, want = sys.argv[1], int(sys.argv[2])
rx = [f for _, f in F.pcap_read(tmp + "/rx.pcap")]
tx = [f for _, f in F.pcap_read(tmp + "/tx.pcap")]
a_in = F.pcap_read(tmp + "/a-in.pcap")
print("%d\t%s\t%s" % (0 if len(rx) == want and rx == tx else 1,
      "the %d frames sent, replayed and fuzzed are captured octet for octet on both ends" % want,
      "sent %d, captured %d on the receiver, %d on the sender" % (want, len(rx), len(tx))))
print("%d\t%s\t%s" % (0 if not a_in else 1,
      "--direction in leaves out the frames a node sends", "%d captured" % len(a_in)))
h, recs = F.decode_frame(F.eth_payload(rx[0]))
good = F.mac_of(bytes.fromhex("00112233445566778899aabbccddeeff"),
                F.eth_payload(rx[0])[:h["auth_len"]]) == h["mac"]
print("%d\t%s\t%s" % (0 if good and rx[0][:6].hex() != "ff" * 6 else 1,
      "a signed frame arrives with its MAC, to the address asked for", rx[0][:14].hex()))
EOF
	report <"$tmp/sockets.out"
fi

echo "1..$n"
echo "# $failed of $n failed"
((failed == 0))
