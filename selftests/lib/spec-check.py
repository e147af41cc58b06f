#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# Checks that the YAML spec (nsrp_netlink/nsrp.yaml) and the uapi header
# (nsrp_netlink/uapi/linux/nsrp.h) describe the same family: every
# enum of the header that the spec covers has the same names with the same
# values, and the constants agree. Prints TAP lines.

import re
import sys

import yaml

top = sys.argv[1] if len(sys.argv) > 1 else "."
spec = yaml.safe_load(open(top + "/nsrp_netlink/nsrp.yaml"))
header = open(top + "/nsrp_netlink/uapi/linux/nsrp.h").read()
header = re.sub(r"/\*.*?\*/", "", header, flags=re.S)


def c_name(prefix, name):
    return (prefix + name).upper().replace("-", "_")


def header_enums():
    """Every enumerator of the header, with its value."""
    values = {}
    for body in re.findall(r"enum\s+\w+\s*{(.*?)}", header, flags=re.S):
        n = -1
        for item in body.split(","):
            item = item.strip()
            if not item:
                continue
            m = re.match(r"(\w+)(?:\s*=\s*(.+))?$", item)
            if m.group(2):
                n = int(m.group(2), 0) if m.group(2)[0].isdigit() else values[m.group(2)]
            else:
                n += 1
            values[m.group(1)] = n
    return values


failures = 0


def tap(ok, what):
    global failures
    print("%s - spec: %s" % ("ok" if ok else "not ok", what))
    failures += 0 if ok else 1


enums = header_enums()

for d in spec["definitions"]:
    if d["type"] == "const":
        name = c_name("nsrp-", d["name"])
        m = re.search(r"#define\s+%s\s+(0[xX][0-9a-fA-F]+|\d+)U?\b" % name, header)
        tap(m is not None and int(m.group(1), 0) == d["value"], "constant %s = %s" % (name, d["value"]))
    elif d["type"] == "enum":
        for i, e in enumerate(d["entries"]):
            name = c_name(d["name-prefix"], e)
            tap(enums.get(name) == i, "enum %s = %d" % (name, i))

for aset in spec["attribute-sets"]:
    for i, a in enumerate(aset["attributes"], start=1):
        name = c_name(aset["name-prefix"], a["name"])
        tap(enums.get(name) == i, "attribute %s = %d (%s)" % (name, i, a["type"]))

for i, op in enumerate(spec["operations"]["list"], start=1):
    name = c_name(spec["operations"]["name-prefix"], op["name"])
    tap(enums.get(name) == i, "command %s = %d" % (name, i))

# The header must not have attributes or enum values the spec lacks.
covered = set()
for aset in spec["attribute-sets"]:
    covered |= {c_name(aset["name-prefix"], a["name"]) for a in aset["attributes"]}
for d in spec["definitions"]:
    if d["type"] == "enum":
        covered |= {c_name(d["name-prefix"], e) for e in d["entries"]}
prefixes = ("NSRP_A_", "NSRP_SESSION_A_", "NSRP_FILTER_A_", "NSRP_STAT_", "NSRP_SYNC_",
            "NSRP_PEER_", "NSRP_STATE_", "NSRP_OWNER_")
extra = [n for n in enums if n.startswith(prefixes) and not re.search(r"_UNSPEC$|^__|_MAX$", n)
         and n not in covered]
tap(not extra, "every attribute and enum value of the header is in the spec%s" %
    (" (missing: %s)" % extra if extra else ""))
sys.exit(1 if failures else 0)
