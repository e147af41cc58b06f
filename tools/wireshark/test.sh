#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests nsrp.lua against frames built by nsrp_sync/codec.c itself: pcapgen
# writes a pcap and the fields each frame must show; tshark, with the
# dissector, must show exactly those, flag nothing in the frames the codec
# accepts and flag every frame it rejects; and the EtherType preference
# must move the dissector to another EtherType. TAP output; exits non-zero
# on any failure. Needs a C compiler, python3 and tshark (Debian: tshark).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
lua=$here/nsrp.lua

if ! command -v tshark >/dev/null; then
	echo "1..0 # SKIP tshark is not installed (apt-get install tshark)"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"${CC:-cc}" -std=gnu11 -O2 -Wall -Wextra -Werror -I"$top" -I"$top/nsrp_netlink/uapi" \
	-o "$tmp/pcapgen" "$here/pcapgen.c" "$top/nsrp_sync/codec.c"
"$tmp/pcapgen" "$tmp/nsrp.pcap" >"$tmp/expected.tsv"
"$tmp/pcapgen" "$tmp/nsrp-88b6.pcap" 0x88b6 >/dev/null

# Every field pcapgen expects, plus the protocol and expert infos.
mapfile -t fields < <({ cut -f2 "$tmp/expected.tsv" | grep -v '^valid$'; echo nsrp_sync.mac; } |
	sort -u)
tshark_fields() {
	local pcap=$1
	shift
	local args=(-e frame.number -e _ws.col.Protocol -e _ws.expert.message)
	local fld
	for fld in "${fields[@]}"; do
		args+=(-e "$fld")
	done
	tshark -n -X "lua_script:$lua" "$@" -r "$pcap" -T fields -E separator=/t \
		-E occurrence=a -E aggregator=, "${args[@]}" 2>"$tmp/tshark.err"
}
tshark_fields "$tmp/nsrp.pcap" >"$tmp/got.tsv"
tshark_fields "$tmp/nsrp-88b6.pcap" -o nsrp_sync.ethertype:34998 >"$tmp/got-88b6.tsv"
tshark_fields "$tmp/nsrp-88b6.pcap" >"$tmp/got-88b6-off.tsv"
if grep -qiE 'lua|error' "$tmp/tshark.err"; then
	sed 's/^/# /' "$tmp/tshark.err"
fi

python3 - "$tmp" "${fields[@]}" <<'EOF'
import collections
import sys

tmp, fields = sys.argv[1], sys.argv[2:]
expected = collections.defaultdict(lambda: collections.defaultdict(list))
valid = {}
for line in open(f"{tmp}/expected.tsv"):
    frame, field, value = line.rstrip("\n").split("\t")
    if field == "valid":
        valid[int(frame)] = value == "1"
    else:
        expected[int(frame)][field].append(value)


def read(path):
    rows = {}
    for line in open(path):
        cols = line.rstrip("\n").split("\t")
        rows[int(cols[0])] = (cols[1], cols[2], dict(zip(fields, cols[3:])))
    return rows


def norm(v):
    """tshark's rendering of a value, reduced to pcapgen's."""
    if v in ("True", "False"):
        return "1" if v == "True" else "0"
    try:
        return str(int(v, 0))
    except ValueError:
        return v


n = 0
failed = 0


def ok(cond, what, detail=()):
    global n, failed
    n += 1
    if not cond:
        failed += 1
    print(f"{'' if cond else 'not '}ok {n} - {what}")
    for d in detail:
        print(f"#   {d}")


got = read(f"{tmp}/got.tsv")
frames = sorted(valid)
print(f"1..{len(frames) + 3}")
for frame in frames:
    proto, expert, values = got.get(frame, ("", "", {}))
    if valid[frame]:
        bad = []
        for field, want in expected[frame].items():
            have = [norm(v) for v in values.get(field, "").split(",") if v != ""]
            if have != [norm(v) for v in want]:
                bad.append(f"{field}: want {','.join(want)}, got {values.get(field, '')}")
        if expert:
            bad.append(f"expert info on a valid frame: {expert}")
        if proto != "NSRP-SYNC":
            bad.append(f"protocol column {proto!r}")
        ok(not bad, f"frame {frame}: {len(expected[frame])} fields as encoded", bad)
    else:
        ok(proto == "NSRP-SYNC" and expert != "", f"frame {frame}: rejected by the codec, flagged",
           [f"expert info: {expert!r}"])

other = read(f"{tmp}/got-88b6.tsv")
ok(all(other[f][0] == "NSRP-SYNC" and other[f][2] == got[f][2] for f in frames),
   "nsrp_sync.ethertype:34998 (0x88B6) dissects frames on EtherType 0x88B6 the same")
off = read(f"{tmp}/got-88b6-off.tsv")
ok(all(off[f][0] != "NSRP-SYNC" for f in frames), "without the preference, 0x88B6 is not nsrp")
mac = [f for f in frames if valid[f] and expected[f]["nsrp_sync.flags.mac"] == ["1"]]
ok(len(mac) > 0 and all(got[f][2].get("nsrp_sync.mac", "") != "" for f in mac),
   f"the MAC trailer is shown in the {len(mac)} frames that have one")
print(f"# {failed} of {n} failed")
sys.exit(1 if failed else 0)
EOF
