/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * The nsrp replication wire format, version 1. docs/protocol.md is the
 * prose version of this file; the two must agree.
 *
 * Transport: raw Ethernet frames with EtherType NSRP_ETH_P_DEFAULT (0x88B5,
 * "local experimental", configurable) on the HA link. No IP, no
 * fragmentation: a frame is at most the link's MTU, so a sender packs
 * records until the next one does not fit and starts a new frame.
 *
 * A frame is a header, one or more fixed-size records and, when the header's
 * NSRP_HDR_F_MAC flag is set, a 16-octet MAC trailer:
 *
 *	+--------+----------+----------+-----+----------+-------+
 *	| header | record 1 | record 2 | ... | record N | [MAC] |
 *	+--------+----------+----------+-----+----------+-------+
 *	|<-------------------- Length -------------------------->|
 *
 * Every multi-octet field is in network byte order (big endian). Every
 * structure is packed, has no implicit padding and a size checked at build
 * time (codec.c). Every field named "reserved" is sent as zero and a frame
 * with a non-zero reserved field is rejected, so that a later version can
 * give the bits a meaning without being misread by this one.
 *
 * Why mixed records rather than one record kind per frame: a sender works
 * from one queue of sessions to tell the peer about, and a session closed
 * and reopened with the same key must reach the peer as CLOSE then UPSERT,
 * in that order. Records of different kinds in one frame keep the queue's
 * order and fill frames at low rates as well as at high ones. Each record
 * starts with its type, and its size follows from the type and, for
 * session records, the address family: there is no per-record length to
 * get wrong.
 *
 * Two frame types split the records by how they are handled: DATA frames
 * carry state (UPSERT, CLOSE, BULK_END), applied in order and recovered by
 * NACK when lost; CONTROL frames carry requests and answers (HELLO, ACK,
 * NACK, BULK_REQ, AGE_QUERY, AGE_ANSWER), which a receiver may handle at
 * once, ahead of queued DATA, and which are never resent (their senders
 * retry on timers). A record in a frame of the wrong type is rejected.
 */

#ifndef _NSRP_SYNC_PROTO_H
#define _NSRP_SYNC_PROTO_H

#ifdef __KERNEL__
#include <linux/types.h>
#elif !defined(NSRP_USERSPACE_SHIM)
#error "in userspace, include nsrp_sync/codec.h: it provides the kernel types"
#endif

#define NSRP_ETH_P_DEFAULT	0x88B5	/* EtherType; IEEE "local experimental 1" */
#define NSRP_PROTO_VERSION	1

/*
 * Header, 20 octets:
 *
 *	 0                   1                   2                   3
 *	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|    Version    |     Type      |     Flags     |   Reserved    |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|            Length             |             Count             |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|          Cluster ID           |            Node ID            |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|                             Epoch                             |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|                           Sequence                            |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Version: NSRP_PROTO_VERSION; any other value is rejected.
 * Type: enum nsrp_msg_type.
 * Flags: NSRP_HDR_F_*; unknown bits are rejected.
 * Length: octets from the first of the header to the last of the MAC
 *	trailer. What follows it in the Ethernet payload is padding, allowed
 *	only up to NSRP_ETH_MIN_PAYLOAD.
 * Count: number of records, at least 1.
 * Cluster ID: the HA cluster; frames of another cluster are ignored.
 * Node ID: the sender, not 0.
 * Epoch: the sender's incarnation, not 0. It grows whenever the sender
 *	restarts and whenever Sequence would wrap.
 * Sequence: numbers the sender's frames within its epoch, from 1, one per
 *	frame of either type. (Epoch, Sequence) is what the replay window
 *	checks and what ACK and NACK refer to.
 */
struct nsrp_wire_hdr {
	u8 version;
	u8 type;		/* enum nsrp_msg_type */
	u8 flags;		/* NSRP_HDR_F_* */
	u8 reserved;
	__be16 length;		/* octets, header to end of MAC trailer */
	__be16 count;		/* records */
	__be16 cluster_id;
	__be16 node_id;
	__be32 epoch;
	__be32 seq;
} __packed;

#define NSRP_HDR_LEN		20

enum nsrp_msg_type {
	NSRP_MSG_DATA = 1,	/* UPSERT, CLOSE, BULK_END */
	NSRP_MSG_CONTROL = 2,	/* HELLO, ACK, NACK, BULK_REQ, AGE_QUERY, AGE_ANSWER */
};

/*
 * The frame ends with a MAC trailer: HMAC-SHA256, keyed with the cluster's
 * shared secret, over the first Length - NSRP_MAC_LEN octets of the frame
 * (header and records), truncated to its first NSRP_MAC_LEN octets.
 */
#define NSRP_HDR_F_MAC		0x01
#define NSRP_HDR_F_KNOWN	NSRP_HDR_F_MAC

#define NSRP_MAC_LEN		16

/* An Ethernet payload shorter than this is padded by the sender's NIC. */
#define NSRP_ETH_MIN_PAYLOAD	46

enum nsrp_rec_type {
	/* DATA */
	NSRP_REC_UPSERT = 0x01,		/* create or update a session's copy */
	NSRP_REC_CLOSE = 0x02,		/* remove a session's copy */
	NSRP_REC_BULK_END = 0x03,	/* end of a bulk sync */
	/* CONTROL */
	NSRP_REC_HELLO = 0x10,		/* heartbeat */
	NSRP_REC_ACK = 0x11,		/* cumulative ack, then its NACKs */
	NSRP_REC_NACK = 0x12,		/* one range of lost frames */
	NSRP_REC_BULK_REQ = 0x13,	/* ask for every session the peer owns */
	NSRP_REC_AGE_QUERY = 0x14,	/* may this copy go? */
	NSRP_REC_AGE_ANSWER = 0x15,	/* the owner's answer */
};

/*
 * Session key, the start of UPSERT, CLOSE, AGE_QUERY and AGE_ANSWER: the
 * canonical key of the session table, endpoint a before endpoint b
 * (comparing address octets, then port), 16 octets for IPv4:
 *
 *	 0                   1                   2                   3
 *	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|  Record type  |    Family     |   Protocol    |   Key flags   |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|            Port A             |            Port B             |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|                           Address A                           |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|                           Address B                           |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * and 40 octets for IPv6, where each address is 16 octets:
 *
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|  Record type  |    Family     |   Protocol    |   Key flags   |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|            Port A             |            Port B             |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|                                                               |
 *	+                                                               +
 *	|                      Address A (16 octets)                    |
 *	+                                                               +
 *	|                                                               |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|                                                               |
 *	+                                                               +
 *	|                      Address B (16 octets)                    |
 *	+                                                               +
 *	|                                                               |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Family: NSRP_WIRE_IPV4 or NSRP_WIRE_IPV6.
 * Protocol: the IP protocol number. Ports: TCP and UDP ports; for ICMP and
 *	ICMPv6 echo both carry the echo identifier; 0 for other protocols.
 * Key flags: NSRP_KEY_F_*: ORIG_IS_A in UPSERT and in AGE_ANSWER with a
 *	verdict other than GONE, TAKEOVER or HANDOVER (not both) in UPSERT;
 *	reserved (zero) elsewhere.
 */
struct nsrp_wire_key_head {
	u8 type;		/* enum nsrp_rec_type */
	u8 family;		/* NSRP_WIRE_IPV4 or NSRP_WIRE_IPV6 */
	u8 proto;		/* IPPROTO_* */
	u8 flags;		/* NSRP_KEY_F_* */
	__be16 port_a;
	__be16 port_b;
} __packed;

struct nsrp_wire_key4 {
	struct nsrp_wire_key_head head;
	__be32 addr_a;
	__be32 addr_b;
} __packed;

struct nsrp_wire_key6 {
	struct nsrp_wire_key_head head;
	u8 addr_a[16];
	u8 addr_b[16];
} __packed;

#define NSRP_WIRE_IPV4		4
#define NSRP_WIRE_IPV6		6

#define NSRP_KEY_F_ORIG_IS_A	0x01	/* the session's originator is endpoint a */
#define NSRP_KEY_F_TAKEOVER	0x02	/* UPSERT: the sender took the session over */
#define NSRP_KEY_F_HANDOVER	0x04	/* UPSERT: the sender gives the receiver the session */
#define NSRP_KEY_F_KNOWN	(NSRP_KEY_F_ORIG_IS_A | NSRP_KEY_F_TAKEOVER | NSRP_KEY_F_HANDOVER)

/*
 * UPSERT, DATA: create the session's copy or update its state, lifetime and
 * originator; sent by the owner on creation, state change and change of
 * owner, and for every session in a bulk sync. Key, then 12 octets:
 *
 *	 0                   1                   2                   3
 *	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|              Key (16 octets IPv4, 40 octets IPv6)             |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|     State     |                   Reserved                    |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|                          Timeout (ms)                         |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|                         Remaining (ms)                        |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * State: NSRP_WIRE_STATE_*; SYN_SENT to CLOSING for TCP, ACTIVE otherwise.
 * Timeout: the owner's full lifetime for this state, the one a refresh
 *	restores (the peer keeps its copy a multiple of it), 1 ms to
 *	NSRP_WIRE_TIMEOUT_MAX_MS.
 * Remaining: the owner's lifetime left, at most Timeout.
 * With NSRP_KEY_F_TAKEOVER the sender has taken the session over from the
 * receiver (failover): the receiver's own session becomes the peer's copy.
 * With NSRP_KEY_F_HANDOVER the sender, stepping down from primary, gives
 * the session to the receiver: it becomes the receiver's own, created if
 * missing, and the sender keeps a copy. Without either, an UPSERT for a
 * session the receiver owns is a conflict, which a receiver that is not
 * primary resolves in favour of a primary sender: its session becomes the
 * sender's copy.
 */
struct nsrp_wire_sess {
	u8 state;		/* NSRP_WIRE_STATE_* */
	u8 reserved[3];
	__be32 timeout_ms;
	__be32 remaining_ms;
} __packed;

struct nsrp_wire_upsert4 {
	struct nsrp_wire_key4 key;
	struct nsrp_wire_sess sess;
} __packed;

struct nsrp_wire_upsert6 {
	struct nsrp_wire_key6 key;
	struct nsrp_wire_sess sess;
} __packed;

/* The values of enum nsrp_session_state (uapi linux/nsrp.h); codec.c checks. */
#define NSRP_WIRE_STATE_SYN_SENT	1
#define NSRP_WIRE_STATE_SYN_RECV	2
#define NSRP_WIRE_STATE_ESTABLISHED	3
#define NSRP_WIRE_STATE_FIN_WAIT	4
#define NSRP_WIRE_STATE_CLOSING		5
#define NSRP_WIRE_STATE_ACTIVE		6

/* 24 hours: NSRP_TIMEOUT_MAX seconds, the longest timeout nsrp allows. */
#define NSRP_WIRE_TIMEOUT_MAX_MS	86400000U

/*
 * CLOSE, DATA: the owner removed the session; the peer removes its copy.
 * AGE_QUERY, CONTROL: the peer's copy is about to expire; the peer asks the
 * owner whether it may go instead of removing it. Both are the bare key,
 * with Key flags zero: 16 octets for IPv4, 40 for IPv6.
 *
 * AGE_ANSWER, CONTROL: the owner's answer to AGE_QUERY. Key, then 12 octets:
 *
 *	 0                   1                   2                   3
 *	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|              Key (16 octets IPv4, 40 octets IPv6)             |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|    Verdict    |     State     |           Reserved            |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|                          Timeout (ms)                         |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|                         Remaining (ms)                        |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Verdict: enum nsrp_age_verdict. ACTIVE and IDLE carry the session as
 *	UPSERT does (key flags, state, timeout, remaining); GONE carries
 *	zeros there.
 */
struct nsrp_wire_answer {
	u8 verdict;		/* enum nsrp_age_verdict */
	u8 state;		/* NSRP_WIRE_STATE_*, 0 for GONE */
	__be16 reserved;
	__be32 timeout_ms;	/* 0 for GONE */
	__be32 remaining_ms;	/* 0 for GONE */
} __packed;

struct nsrp_wire_answer4 {
	struct nsrp_wire_key4 key;
	struct nsrp_wire_answer ans;
} __packed;

struct nsrp_wire_answer6 {
	struct nsrp_wire_key6 key;
	struct nsrp_wire_answer ans;
} __packed;

enum nsrp_age_verdict {
	NSRP_AGE_ACTIVE = 1,	/* refreshed lately: keep the copy, multiplier x Timeout */
	NSRP_AGE_IDLE = 2,	/* counting down: keep the copy for Remaining */
	NSRP_AGE_GONE = 3,	/* no such session: remove the copy */
};

/*
 * HELLO, CONTROL: the sender's view of itself, for heartbeat and election,
 * 12 octets:
 *
 *	 0                   1                   2                   3
 *	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|  Record type  |     Role      |   Priority    |  Hello flags  |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|       Hello interval (ms)     | Lost threshold|   Reserved    |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|                          Peer epoch                           |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Role: enum nsrp_wire_role. Priority: lower is preferred, 1 to 254 in
 *	use, any value accepted; equal priorities: the lower node id wins.
 * Hello interval: the sender's interval between HELLOs, not 0.
 * Lost threshold: HELLOs missed before the sender declares a peer dead,
 *	not 0.
 * Peer epoch: the receiver's epoch as the sender last heard it, 0 if it
 *	has heard nothing: proves the link works both ways.
 */
struct nsrp_wire_hello {
	u8 type;
	u8 role;		/* enum nsrp_wire_role */
	u8 priority;
	u8 flags;		/* NSRP_HELLO_F_* */
	__be16 interval_ms;
	u8 lost_threshold;
	u8 reserved;
	__be32 peer_epoch;
} __packed;

/* The values of enum nsrp_role (uapi linux/nsrp.h), and one more. */
enum nsrp_wire_role {
	NSRP_WIRE_ROLE_INIT = 1,	/* starting: no role yet */
	NSRP_WIRE_ROLE_BACKUP = 2,
	NSRP_WIRE_ROLE_PRIMARY = 3,
	NSRP_WIRE_ROLE_INELIGIBLE = 4,	/* must not become primary */
};

/*
 * CLAIM: the sender has just become primary in place of the receiver
 * (manual setting, preemption, planned failover): a primary receiver steps
 * down. Two primaries without CLAIM (the link came back after a split) keep
 * the one with the lower (priority, node id). YIELD: the sender, primary,
 * asks the receiver to take the role (planned failover).
 */
#define NSRP_HELLO_F_PREEMPT	0x01	/* takes over from a less preferred primary */
#define NSRP_HELLO_F_SYNCED	0x02	/* holds a complete copy of the peer's sessions */
#define NSRP_HELLO_F_CLAIM	0x04	/* primary in place of the receiver: step down */
#define NSRP_HELLO_F_YIELD	0x08	/* take the primary role from the sender */
#define NSRP_HELLO_F_KNOWN	(NSRP_HELLO_F_PREEMPT | NSRP_HELLO_F_SYNCED | \
				 NSRP_HELLO_F_CLAIM | NSRP_HELLO_F_YIELD)

/*
 * ACK, CONTROL: what the sender has received of the peer's frames in the
 * peer's epoch Epoch: frame Cumulative and every earlier frame, except the
 * ranges of the NACK records that follow, 12 octets:
 *
 *	 0                   1                   2                   3
 *	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|  Record type  |    NACKs      |           Reserved            |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|                             Epoch                             |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|                          Cumulative                           |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * NACKs: number of NACK records that immediately follow, at most
 *	NSRP_NACK_MAX. Epoch and Cumulative: not 0. One ACK per frame.
 *
 * NACK, CONTROL: frames First to First + Count - 1 of the peer are missing,
 * 8 octets:
 *
 *	 0                   1                   2                   3
 *	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|  Record type  |   Reserved    |             Count             |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|                             First                             |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Count: at least 1. The ranges of one ACK are in ascending order, apart
 * (at least one received frame between two ranges), end below Cumulative
 * and start no more than NSRP_NACK_WINDOW before it. Sequence numbers do
 * not wrap within an epoch, so plain comparisons apply.
 */
struct nsrp_wire_ack {
	u8 type;
	u8 nacks;
	__be16 reserved;
	__be32 epoch;
	__be32 cum_seq;
} __packed;

struct nsrp_wire_nack {
	u8 type;
	u8 reserved;
	__be16 count;
	__be32 first_seq;
} __packed;

#define NSRP_NACK_MAX		32
#define NSRP_NACK_WINDOW	65536U

/*
 * BULK_REQ, CONTROL: send me every session you own (on start, or when a
 * copy is known to be incomplete), 8 octets:
 *
 *	 0                   1                   2                   3
 *	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|  Record type  |                   Reserved                    |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|                          Request ID                           |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * BULK_END, DATA: the owner has sent an UPSERT for every session it owned
 * when it began to answer the BULK_REQ with this Request ID, 12 octets:
 *
 *	 0                   1                   2                   3
 *	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|  Record type  |    Status     |           Reserved            |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|                          Request ID                           |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|                           Sessions                            |
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Request ID: chosen by the requester, not 0, new for every request; an
 *	END whose ID is not the one outstanding is ignored.
 * Status: enum nsrp_bulk_status. Sessions: the UPSERTs sent, any value.
 * At most one BULK_REQ or BULK_END per frame.
 */
struct nsrp_wire_bulk_req {
	u8 type;
	u8 reserved[3];
	__be32 request_id;
} __packed;

struct nsrp_wire_bulk_end {
	u8 type;
	u8 status;		/* enum nsrp_bulk_status */
	__be16 reserved;
	__be32 request_id;
	__be32 sessions;
} __packed;

enum nsrp_bulk_status {
	NSRP_BULK_COMPLETE = 1,
	NSRP_BULK_ABORTED = 2,	/* the owner gave up: ask again */
};

/* Record sizes in octets. */
#define NSRP_KEY4_LEN		16
#define NSRP_KEY6_LEN		40
#define NSRP_UPSERT4_LEN	28
#define NSRP_UPSERT6_LEN	52
#define NSRP_CLOSE4_LEN		NSRP_KEY4_LEN
#define NSRP_CLOSE6_LEN		NSRP_KEY6_LEN
#define NSRP_AGE_QUERY4_LEN	NSRP_KEY4_LEN
#define NSRP_AGE_QUERY6_LEN	NSRP_KEY6_LEN
#define NSRP_AGE_ANSWER4_LEN	28
#define NSRP_AGE_ANSWER6_LEN	52
#define NSRP_HELLO_LEN		12
#define NSRP_ACK_LEN		12
#define NSRP_NACK_LEN		8
#define NSRP_BULK_REQ_LEN	8
#define NSRP_BULK_END_LEN	12
#define NSRP_REC_MIN_LEN	8

/* How many records of @rec_len octets a frame of @mtu octets holds. */
#define NSRP_RECS_PER_FRAME(mtu, rec_len, mac) \
	(((mtu) - NSRP_HDR_LEN - ((mac) ? NSRP_MAC_LEN : 0)) / (rec_len))

#endif /* _NSRP_SYNC_PROTO_H */
