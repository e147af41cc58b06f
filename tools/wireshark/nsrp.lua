-- SPDX-License-Identifier: GPL-2.0
-- Copyright (C) 2026 The nsrp developers.
--
-- Wireshark dissector for nsrp's replication frames (nsrp_sync/proto.h,
-- docs/protocol.md), on EtherType 0x88B5 by default.
--
--   wireshark -X lua_script:tools/wireshark/nsrp.lua capture.pcap
--   tshark -X lua_script:tools/wireshark/nsrp.lua -o nsrp_sync.ethertype:34998 ...
--
-- or copy it to ~/.local/lib/wireshark/plugins/. Display filter "nsrp_sync"
-- ("nsrp" is Wireshark's own dissector of Juniper's NSRP), fields under
-- "nsrp_sync." (nsrp_sync.seq, nsrp_sync.rec, nsrp_sync.addr_a, ...).
-- The dissector shows what is malformed (expert info) the way the codec
-- would reject it, but keeps going where it can.

local nsrp = Proto("nsrp_sync", "nsrp session replication")

local ETH_P_DEFAULT = 0x88B5
local HDR_LEN = 20
local MAC_LEN = 16
local ETH_MIN_PAYLOAD = 46

local msg_types = { [1] = "DATA", [2] = "CONTROL" }
local rec_types = {
	[0x01] = "UPSERT", [0x02] = "CLOSE", [0x03] = "BULK_END",
	[0x10] = "HELLO", [0x11] = "ACK", [0x12] = "NACK", [0x13] = "BULK_REQ",
	[0x14] = "AGE_QUERY", [0x15] = "AGE_ANSWER",
}
local rec_msg = {
	[0x01] = 1, [0x02] = 1, [0x03] = 1,
	[0x10] = 2, [0x11] = 2, [0x12] = 2, [0x13] = 2, [0x14] = 2, [0x15] = 2,
}
local families = { [4] = "IPv4", [6] = "IPv6" }
local states = {
	[1] = "SYN_SENT", [2] = "SYN_RECV", [3] = "ESTABLISHED", [4] = "FIN_WAIT",
	[5] = "CLOSING", [6] = "ACTIVE",
}
local verdicts = { [1] = "ACTIVE", [2] = "IDLE", [3] = "GONE" }
local roles = { [1] = "INIT", [2] = "BACKUP", [3] = "PRIMARY", [4] = "INELIGIBLE" }
local hello_flag_names = { { 0x01, "PREEMPT" }, { 0x02, "SYNCED" }, { 0x04, "CLAIM" },
			   { 0x08, "YIELD" } }
local bulk_status = { [1] = "COMPLETE", [2] = "ABORTED" }
local protos = { [1] = "ICMP", [6] = "TCP", [17] = "UDP", [47] = "GRE", [58] = "ICMPv6",
		 [132] = "SCTP" }

local f = nsrp.fields
-- Header
f.version = ProtoField.uint8("nsrp_sync.version", "Version", base.DEC)
f.type = ProtoField.uint8("nsrp_sync.type", "Type", base.DEC, msg_types)
f.flags = ProtoField.uint8("nsrp_sync.flags", "Flags", base.HEX)
f.flags_mac = ProtoField.bool("nsrp_sync.flags.mac", "MAC trailer", 8, nil, 0x01)
f.reserved = ProtoField.uint8("nsrp_sync.reserved", "Reserved", base.HEX)
f.length = ProtoField.uint16("nsrp_sync.length", "Length", base.DEC)
f.count = ProtoField.uint16("nsrp_sync.count", "Count", base.DEC)
f.cluster = ProtoField.uint16("nsrp_sync.cluster", "Cluster ID", base.DEC)
f.node = ProtoField.uint16("nsrp_sync.node", "Node ID", base.DEC)
f.epoch = ProtoField.uint32("nsrp_sync.epoch", "Epoch", base.DEC)
f.seq = ProtoField.uint32("nsrp_sync.seq", "Sequence", base.DEC)
f.mac = ProtoField.bytes("nsrp_sync.mac", "MAC")
f.padding = ProtoField.bytes("nsrp_sync.padding", "Ethernet padding")
-- Every record
f.rec = ProtoField.uint8("nsrp_sync.rec", "Record type", base.HEX, rec_types)
f.rec_reserved = ProtoField.bytes("nsrp_sync.rec_reserved", "Reserved")
-- Session key
f.family = ProtoField.uint8("nsrp_sync.family", "Family", base.DEC, families)
f.proto = ProtoField.uint8("nsrp_sync.proto", "Protocol", base.DEC, protos)
f.key_flags = ProtoField.uint8("nsrp_sync.key_flags", "Key flags", base.HEX)
f.orig_is_a = ProtoField.bool("nsrp_sync.key_flags.orig_is_a", "Originator is endpoint a", 8, nil,
			      0x01)
f.takeover = ProtoField.bool("nsrp_sync.key_flags.takeover", "Taken over by the sender", 8, nil,
			     0x02)
f.handover = ProtoField.bool("nsrp_sync.key_flags.handover", "Handed over to the receiver", 8, nil,
			     0x04)
f.port_a = ProtoField.uint16("nsrp_sync.port_a", "Port A", base.DEC)
f.port_b = ProtoField.uint16("nsrp_sync.port_b", "Port B", base.DEC)
f.addr_a = ProtoField.ipv4("nsrp_sync.addr_a", "Address A")
f.addr_b = ProtoField.ipv4("nsrp_sync.addr_b", "Address B")
f.addr6_a = ProtoField.ipv6("nsrp_sync.addr6_a", "Address A")
f.addr6_b = ProtoField.ipv6("nsrp_sync.addr6_b", "Address B")
-- UPSERT, AGE_ANSWER
f.state = ProtoField.uint8("nsrp_sync.state", "State", base.DEC, states)
f.timeout = ProtoField.uint32("nsrp_sync.timeout_ms", "Timeout (ms)", base.DEC)
f.remaining = ProtoField.uint32("nsrp_sync.remaining_ms", "Remaining (ms)", base.DEC)
f.verdict = ProtoField.uint8("nsrp_sync.verdict", "Verdict", base.DEC, verdicts)
-- HELLO
f.role = ProtoField.uint8("nsrp_sync.hello.role", "Role", base.DEC, roles)
f.priority = ProtoField.uint8("nsrp_sync.hello.priority", "Priority (lower is preferred)", base.DEC)
f.hello_flags = ProtoField.uint8("nsrp_sync.hello.flags", "Hello flags", base.HEX)
f.preempt = ProtoField.bool("nsrp_sync.hello.flags.preempt", "Preempt", 8, nil, 0x01)
f.synced = ProtoField.bool("nsrp_sync.hello.flags.synced", "Synced", 8, nil, 0x02)
f.claim = ProtoField.bool("nsrp_sync.hello.flags.claim", "Claim: primary in place of the receiver",
			  8, nil, 0x04)
f.yield = ProtoField.bool("nsrp_sync.hello.flags.yield", "Yield: asks the receiver to be primary",
			  8, nil, 0x08)
f.interval = ProtoField.uint16("nsrp_sync.hello.interval_ms", "Hello interval (ms)", base.DEC)
f.lost = ProtoField.uint8("nsrp_sync.hello.lost_threshold", "Lost threshold", base.DEC)
f.peer_epoch = ProtoField.uint32("nsrp_sync.hello.peer_epoch", "Peer epoch", base.DEC)
-- ACK, NACK
f.nacks = ProtoField.uint8("nsrp_sync.ack.nacks", "NACKs", base.DEC)
f.ack_epoch = ProtoField.uint32("nsrp_sync.ack.epoch", "Acked epoch", base.DEC)
f.cum = ProtoField.uint32("nsrp_sync.ack.cum", "Cumulative", base.DEC)
f.nack_count = ProtoField.uint16("nsrp_sync.nack.count", "Missing frames", base.DEC)
f.nack_first = ProtoField.uint32("nsrp_sync.nack.first", "First missing", base.DEC)
f.nack_last = ProtoField.uint32("nsrp_sync.nack.last", "Last missing", base.DEC)
-- BULK_REQ, BULK_END
f.request = ProtoField.uint32("nsrp_sync.bulk.request_id", "Request ID", base.HEX)
f.status = ProtoField.uint8("nsrp_sync.bulk.status", "Status", base.DEC, bulk_status)
f.sessions = ProtoField.uint32("nsrp_sync.bulk.sessions", "Sessions", base.DEC)

local ef_malformed = ProtoExpert.new("nsrp_sync.malformed", "Malformed frame",
				     expert.group.MALFORMED, expert.severity.ERROR)
local ef_reserved = ProtoExpert.new("nsrp_sync.reserved_set", "Reserved field not zero",
				    expert.group.PROTOCOL, expert.severity.ERROR)
local ef_invalid = ProtoExpert.new("nsrp_sync.invalid", "Invalid value",
				   expert.group.PROTOCOL, expert.severity.ERROR)
nsrp.experts = { ef_malformed, ef_reserved, ef_invalid }

nsrp.prefs.ethertype = Pref.uint("EtherType", ETH_P_DEFAULT,
				 "EtherType of nsrp frames, in decimal (default 34997 = 0x88B5)")

-- Size of a record from its type and, for session records, family; nil if unknown.
local function rec_len(rtype, family)
	local keyed = { [0x01] = { 28, 52 }, [0x02] = { 16, 40 }, [0x14] = { 16, 40 },
			[0x15] = { 28, 52 } }
	local fixed = { [0x03] = 12, [0x10] = 12, [0x11] = 12, [0x12] = 8, [0x13] = 8 }

	if keyed[rtype] then
		if family == 4 then return keyed[rtype][1] end
		if family == 6 then return keyed[rtype][2] end
		return nil
	end
	return fixed[rtype]
end

local function check_zero(tree, tvbr)
	local item = tree:add(f.rec_reserved, tvbr)
	for i = 0, tvbr:len() - 1 do
		if tvbr:range(i, 1):uint() ~= 0 then
			item:add_proto_expert_info(ef_reserved)
			return
		end
	end
end

local function invalid_if(item, cond, what)
	if cond then item:add_proto_expert_info(ef_invalid, what) end
end

local function dissect_key(rtv, tree, rtype)
	local family = rtv(1, 1):uint()
	local alen = family == 6 and 16 or 4
	local proto = rtv(2, 1):uint()
	local pa, pb = rtv(4, 2):uint(), rtv(6, 2):uint()

	tree:add(f.family, rtv(1, 1))
	tree:add(f.proto, rtv(2, 1))
	local kf = tree:add(f.key_flags, rtv(3, 1))
	kf:add(f.orig_is_a, rtv(3, 1))
	kf:add(f.takeover, rtv(3, 1))
	kf:add(f.handover, rtv(3, 1))
	local flags = rtv(3, 1):uint()
	local allowed = ({ [0x01] = 0x07, [0x15] = 0x01 })[rtype] or 0
	invalid_if(kf, bit.band(flags, bit.bnot(allowed)) ~= 0, "key flag not allowed here")
	invalid_if(kf, bit.band(flags, 0x06) == 0x06, "TAKEOVER and HANDOVER together")
	local pitem = tree:add(f.port_a, rtv(4, 2))
	tree:add(f.port_b, rtv(6, 2))
	if proto == 1 or proto == 58 then
		invalid_if(pitem, pa ~= pb, "ICMP echo identifiers differ")
	elseif proto ~= 6 and proto ~= 17 then
		invalid_if(pitem, pa ~= 0 or pb ~= 0, "ports on a protocol without ports")
	end
	if family == 6 then
		tree:add(f.addr6_a, rtv(8, 16))
		tree:add(f.addr6_b, rtv(24, 16))
	else
		tree:add(f.addr_a, rtv(8, 4))
		tree:add(f.addr_b, rtv(12, 4))
	end
	local a = rtv(8, alen):bytes():tohex()
	local b = rtv(8 + alen, alen):bytes():tohex()
	local summary = string.format("%s %s", families[family] or "?",
				      protos[proto] or tostring(proto))
	if family == 6 then
		summary = summary .. string.format(" [%s]:%d [%s]:%d",
			tostring(rtv(8, 16):ipv6()), pa, tostring(rtv(24, 16):ipv6()), pb)
	else
		summary = summary .. string.format(" %s:%d %s:%d",
			tostring(rtv(8, 4):ipv4()), pa, tostring(rtv(12, 4):ipv4()), pb)
	end
	if a > b or (a == b and pa > pb) then
		tree:add_proto_expert_info(ef_invalid, "endpoints not in canonical order")
	end
	if rtype == 0x01 and bit.band(flags, 0x02) ~= 0 then
		summary = summary .. " TAKEOVER"
	elseif rtype == 0x01 and bit.band(flags, 0x04) ~= 0 then
		summary = summary .. " HANDOVER"
	end
	return 8 + 2 * alen, summary
end

-- State at @soff, then Timeout and Remaining at @toff and @toff + 4.
local function dissect_session(rtv, tree, soff, toff, proto_tcp)
	local s = rtv(soff, 1):uint()
	local to = rtv(toff, 4):uint()
	local rem = rtv(toff + 4, 4):uint()
	local st = tree:add(f.state, rtv(soff, 1))

	if proto_tcp then
		invalid_if(st, s < 1 or s > 5, "not a TCP state")
	else
		invalid_if(st, s ~= 6, "not ACTIVE")
	end
	local ti = tree:add(f.timeout, rtv(toff, 4))
	invalid_if(ti, to == 0 or to > 86400000, "timeout out of range")
	local ri = tree:add(f.remaining, rtv(toff + 4, 4))
	invalid_if(ri, rem > to, "remaining above timeout")
	return string.format(" %s %u/%u ms", states[s] or tostring(s), rem, to)
end

local function dissect_record(rtv, tree, rtype)
	local name = rec_types[rtype]
	local summary = ""

	tree:add(f.rec, rtv(0, 1))
	if rtype == 0x01 or rtype == 0x02 or rtype == 0x14 or rtype == 0x15 then
		local klen, ks = dissect_key(rtv, tree, rtype)
		local tcp = rtv(2, 1):uint() == 6
		summary = " " .. ks
		if rtype == 0x01 then
			summary = summary .. dissect_session(rtv, tree, klen, klen + 4, tcp)
			check_zero(tree, rtv(klen + 1, 3))
		elseif rtype == 0x15 then
			local v = rtv(klen, 1):uint()
			local vi = tree:add(f.verdict, rtv(klen, 1))

			invalid_if(vi, not verdicts[v], "unknown verdict")
			summary = summary .. " " .. (verdicts[v] or tostring(v))
			if v == 3 then
				tree:add(f.state, rtv(klen + 1, 1))
				tree:add(f.timeout, rtv(klen + 4, 4))
				tree:add(f.remaining, rtv(klen + 8, 4))
				invalid_if(vi, rtv(3, 1):uint() ~= 0 or rtv(klen + 1, 1):uint() ~= 0 or
					   rtv(klen + 4, 8):bytes():tohex() ~= string.rep("0", 16),
					   "GONE with a session")
			else
				summary = summary .. dissect_session(rtv, tree, klen + 1, klen + 4, tcp)
			end
			check_zero(tree, rtv(klen + 2, 2))
		end
	elseif rtype == 0x03 then
		local si = tree:add(f.status, rtv(1, 1))
		invalid_if(si, not bulk_status[rtv(1, 1):uint()], "unknown status")
		check_zero(tree, rtv(2, 2))
		tree:add(f.request, rtv(4, 4))
		tree:add(f.sessions, rtv(8, 4))
		summary = string.format(" request 0x%08x, %u sessions, %s", rtv(4, 4):uint(),
					rtv(8, 4):uint(), bulk_status[rtv(1, 1):uint()] or "?")
	elseif rtype == 0x10 then
		local ri = tree:add(f.role, rtv(1, 1))
		invalid_if(ri, not roles[rtv(1, 1):uint()], "unknown role")
		tree:add(f.priority, rtv(2, 1))
		local hflags = rtv(3, 1):uint()
		local hf = tree:add(f.hello_flags, rtv(3, 1))
		hf:add(f.preempt, rtv(3, 1))
		hf:add(f.synced, rtv(3, 1))
		hf:add(f.claim, rtv(3, 1))
		hf:add(f.yield, rtv(3, 1))
		invalid_if(hf, bit.band(hflags, 0xf0) ~= 0, "unknown hello flag")
		tree:add(f.interval, rtv(4, 2))
		tree:add(f.lost, rtv(6, 1))
		check_zero(tree, rtv(7, 1))
		tree:add(f.peer_epoch, rtv(8, 4))
		summary = string.format(" %s priority %u every %u ms",
					roles[rtv(1, 1):uint()] or "?", rtv(2, 1):uint(),
					rtv(4, 2):uint())
		local names = {}
		for _, fl in ipairs(hello_flag_names) do
			if bit.band(hflags, fl[1]) ~= 0 then names[#names + 1] = fl[2] end
		end
		if #names > 0 then
			summary = summary .. " [" .. table.concat(names, ",") .. "]"
		end
	elseif rtype == 0x11 then
		tree:add(f.nacks, rtv(1, 1))
		check_zero(tree, rtv(2, 2))
		tree:add(f.ack_epoch, rtv(4, 4))
		tree:add(f.cum, rtv(8, 4))
		summary = string.format(" %u:%u, %u NACKs", rtv(4, 4):uint(), rtv(8, 4):uint(),
					rtv(1, 1):uint())
	elseif rtype == 0x12 then
		check_zero(tree, rtv(1, 1))
		local count = rtv(2, 2):uint()
		local first = rtv(4, 4):uint()
		tree:add(f.nack_count, rtv(2, 2))
		tree:add(f.nack_first, rtv(4, 4))
		local li = tree:add(f.nack_last, first + count - 1)
		li:set_generated()
		summary = string.format(" %u-%u", first, first + count - 1)
	elseif rtype == 0x13 then
		check_zero(tree, rtv(1, 3))
		tree:add(f.request, rtv(4, 4))
		summary = string.format(" request 0x%08x", rtv(4, 4):uint())
	end
	tree:append_text(": " .. name .. summary)
end

function nsrp.dissector(tvb, pinfo, root)
	local plen = tvb:len()
	if plen < 1 then return 0 end
	pinfo.cols.protocol = "NSRP-SYNC"

	local tree = root:add(nsrp, tvb())
	if plen < HDR_LEN then
		tree:add_proto_expert_info(ef_malformed, "shorter than the header")
		return plen
	end
	local version = tvb(0, 1):uint()
	local mtype = tvb(1, 1):uint()
	local flags = tvb(2, 1):uint()
	local length = tvb(4, 2):uint()
	local count = tvb(6, 2):uint()
	local maclen = bit.band(flags, 1) ~= 0 and MAC_LEN or 0

	local vi = tree:add(f.version, tvb(0, 1))
	invalid_if(vi, version ~= 1, "unknown version")
	local ti = tree:add(f.type, tvb(1, 1))
	invalid_if(ti, not msg_types[mtype], "unknown frame type")
	local fi = tree:add(f.flags, tvb(2, 1))
	fi:add(f.flags_mac, tvb(2, 1))
	invalid_if(fi, bit.band(flags, 0xfe) ~= 0, "unknown flag")
	local ri = tree:add(f.reserved, tvb(3, 1))
	invalid_if(ri, tvb(3, 1):uint() ~= 0, "reserved not zero")
	local li = tree:add(f.length, tvb(4, 2))
	tree:add(f.count, tvb(6, 2))
	tree:add(f.cluster, tvb(8, 2))
	tree:add(f.node, tvb(10, 2))
	tree:add(f.epoch, tvb(12, 4))
	tree:add(f.seq, tvb(16, 4))

	pinfo.cols.info = string.format("%s node %u seq %u:%u",
		msg_types[mtype] or "?", tvb(10, 2):uint(), tvb(12, 4):uint(), tvb(16, 4):uint())
	if version ~= 1 then return plen end

	if length > plen or length < HDR_LEN + 8 + maclen then
		li:add_proto_expert_info(ef_malformed, "Length does not fit the frame")
		return plen
	end
	if plen > length then
		local pi = tree:add(f.padding, tvb(length, plen - length))
		if plen > ETH_MIN_PAYLOAD then
			pi:add_proto_expert_info(ef_malformed, "more than Ethernet padding after Length")
		end
	end

	local off = HDR_LEN
	local body_end = length - maclen
	local kinds = {}
	local order = {}
	for i = 1, count do
		if off >= body_end then
			tree:add_proto_expert_info(ef_malformed, "fewer records than Count")
			break
		end
		local rtype = tvb(off, 1):uint()
		local family = body_end - off >= 2 and tvb(off + 1, 1):uint() or 0
		local rlen = rec_len(rtype, family)
		if not rlen then
			local bad = tree:add(f.rec, tvb(off, 1))
			bad:add_proto_expert_info(ef_malformed, "unknown record type or family")
			off = body_end
			break
		end
		if off + rlen > body_end then
			tree:add_proto_expert_info(ef_malformed, "record runs past Length")
			off = body_end
			break
		end
		local rtree = tree:add(nsrp, tvb(off, rlen), string.format("Record %u", i))
		dissect_record(tvb(off, rlen):tvb(), rtree, rtype)
		if rec_msg[rtype] ~= mtype then
			rtree:add_proto_expert_info(ef_invalid, "record not allowed in this frame type")
		end
		local name = rec_types[rtype]
		if not kinds[name] then
			kinds[name] = 0
			order[#order + 1] = name
		end
		kinds[name] = kinds[name] + 1
		off = off + rlen
	end
	if off ~= body_end then
		tree:add_proto_expert_info(ef_malformed, "records do not fill Length")
	end
	if maclen > 0 then
		tree:add(f.mac, tvb(length - maclen, maclen))
	end

	local parts = {}
	for _, name in ipairs(order) do
		parts[#parts + 1] = string.format("%u %s", kinds[name], name)
	end
	pinfo.cols.info:append(": " .. table.concat(parts, ", "))
	tree:append_text(string.format(", %s, seq %u, %u records%s",
		msg_types[mtype] or "?", tvb(16, 4):uint(), count, maclen > 0 and ", MAC" or ""))
	return plen
end

local ethertype_table = DissectorTable.get("ethertype")
local registered = nsrp.prefs.ethertype
ethertype_table:add(registered, nsrp)

function nsrp.prefs_changed()
	if registered ~= nsrp.prefs.ethertype then
		ethertype_table:remove(registered, nsrp)
		registered = nsrp.prefs.ethertype
		ethertype_table:add(registered, nsrp)
	end
end
