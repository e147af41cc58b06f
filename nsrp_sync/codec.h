/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Encoder and validating decoder of the wire format of proto.h. Pure
 * functions over caller-provided buffers: no allocation, no locking, no
 * kernel-only API, so the same codec.c builds into nsrp.ko and into the
 * userspace fuzzer, unit test and pcap generator (tools/).
 *
 * Receiving, in this order:
 *
 *	nsrp_frame_parse()	header and every record validated; nothing
 *				applied yet. Any failure: drop, count the reason.
 *	nsrp_frame_check_sender(), replay check, MAC (over f.auth_len octets),
 *	then mark (epoch, seq) received
 *	nsrp_iter_init(), nsrp_iter_next() ...	apply, record by record
 *
 * Sending: nsrp_build_init(), nsrp_build_add() until it returns 0 (full),
 * nsrp_build_finish(), then the MAC into the trailer if flagged.
 *
 * Decoded records are host structs in host byte order (addresses stay in
 * network order, as octets), independent of nsrp_core: the glue converts.
 */

#ifndef _NSRP_SYNC_CODEC_H
#define _NSRP_SYNC_CODEC_H

#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/byteorder.h>
#else
/* The userspace shim: the few kernel names the codec uses. */
#include <assert.h>
#include <endian.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <linux/types.h>

#define NSRP_USERSPACE_SHIM
typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
#ifndef __force
#define __force
#endif
#define NSRP_ATTRIBUTE(a) __attribute__((a))
#define __packed NSRP_ATTRIBUTE(__packed__)
#define cpu_to_be16(x) ((__force __be16)htobe16(x))
#define cpu_to_be32(x) ((__force __be32)htobe32(x))
#define be16_to_cpu(x) be16toh((__force __u16)(x))
#define be32_to_cpu(x) be32toh((__force __u32)(x))
#define BUILD_BUG_ON(cond) static_assert(!(cond), "BUILD_BUG_ON: " #cond)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#include "nsrp_sync/proto.h"

/*
 * Why a frame was dropped; one counter each. The codec returns those up to
 * NSRP_RX_BAD_BULK; the glue those after it. NSRP_RX_OK is not a drop.
 */
enum nsrp_rx_reason {
	NSRP_RX_OK,
	NSRP_RX_TRUNCATED,	/* shorter than the header, or than its Length */
	NSRP_RX_BAD_VERSION,	/* Version is not NSRP_PROTO_VERSION */
	NSRP_RX_BAD_TYPE,	/* unknown frame type */
	NSRP_RX_BAD_FLAGS,	/* unknown header flag */
	NSRP_RX_BAD_LENGTH,	/* Length too small, or not the frame's end */
	NSRP_RX_RESERVED,	/* a reserved field or flag bit is set */
	NSRP_RX_BAD_NODE,	/* Node ID 0 */
	NSRP_RX_BAD_SEQ,	/* Epoch or Sequence 0 */
	NSRP_RX_BAD_COUNT,	/* Count 0, or the records do not fill Length */
	NSRP_RX_BAD_RECORD,	/* unknown record type */
	NSRP_RX_MISPLACED,	/* record in the wrong frame type, or repeated */
	NSRP_RX_BAD_FAMILY,	/* Family neither 4 nor 6 */
	NSRP_RX_BAD_ADDR,	/* IPv4 address with non-zero unused octets */
	NSRP_RX_BAD_PORTS,	/* ports not as the protocol has them */
	NSRP_RX_BAD_KEY_ORDER,	/* endpoint a after endpoint b */
	NSRP_RX_BAD_STATE,	/* state unknown or not the protocol's */
	NSRP_RX_BAD_TIMEOUT,	/* Timeout 0 or above the maximum */
	NSRP_RX_BAD_REMAINING,	/* Remaining above Timeout */
	NSRP_RX_BAD_VERDICT,	/* verdict unknown, or GONE with a session */
	NSRP_RX_BAD_HELLO,	/* role unknown, interval or threshold 0 */
	NSRP_RX_BAD_ACK,	/* Epoch or Cumulative 0, NACKs too many or missing */
	NSRP_RX_BAD_NACK,	/* range empty, unordered or outside the window */
	NSRP_RX_BAD_BULK,	/* request ID 0 or status unknown */
	/* Set by the glue, not by the codec: */
	NSRP_RX_OTHER_CLUSTER,	/* another cluster's frame */
	NSRP_RX_OWN_NODE,	/* our own Node ID: a loop or a twin */
	NSRP_RX_NO_MAC,		/* unsigned, and a MAC is required */
	NSRP_RX_BAD_MAC,	/* MAC does not verify */
	NSRP_RX_STALE_EPOCH,	/* Epoch older than the sender's current one */
	NSRP_RX_REPLAY,		/* (Epoch, Sequence) seen, or older than the window */
	NSRP_RX_LATE,		/* DATA older than the newest frame: NACKed, not applied */
	__NSRP_RX_MAX
};

/* Header fields, host order. Version is implicit, Length and Count derived. */
struct nsrp_hdr {
	u8 type;		/* enum nsrp_msg_type */
	u8 flags;		/* NSRP_HDR_F_* */
	u16 length;
	u16 count;
	u16 cluster_id;
	u16 node_id;
	u32 epoch;
	u32 seq;
};

/* A session key, as on the wire but in host order. */
struct nsrp_rec_key {
	u8 family;		/* NSRP_WIRE_IPV4 or NSRP_WIRE_IPV6 */
	u8 proto;		/* IPPROTO_* */
	u16 port_a;
	u16 port_b;
	u8 addr_a[16];		/* network order; IPv4 in the first 4, rest zero */
	u8 addr_b[16];
};

/*
 * UPSERT, CLOSE, AGE_QUERY, AGE_ANSWER. Fields a record kind does not
 * carry are zero (the encoder rejects them otherwise).
 */
struct nsrp_rec_sess {
	struct nsrp_rec_key key;
	bool orig_is_a;		/* UPSERT; AGE_ANSWER ACTIVE and IDLE */
	bool takeover;		/* UPSERT: the sender took it over from us */
	bool handover;		/* UPSERT: the sender gives it to us */
	u8 state;		/* NSRP_WIRE_STATE_*; as orig_is_a */
	u8 verdict;		/* AGE_ANSWER: enum nsrp_age_verdict */
	u32 timeout_ms;		/* as orig_is_a */
	u32 remaining_ms;	/* as orig_is_a */
};

struct nsrp_rec_hello {
	u8 role;		/* enum nsrp_wire_role */
	u8 priority;
	u8 flags;		/* NSRP_HELLO_F_* */
	u8 lost_threshold;
	u16 interval_ms;
	u32 peer_epoch;
};

struct nsrp_rec_ack {
	u32 epoch;
	u32 cum_seq;
	u8 nacks;		/* NACK records that follow */
};

struct nsrp_rec_nack {
	u32 first_seq;
	u16 count;
};

/* BULK_REQ carries request_id only; BULK_END all three. */
struct nsrp_rec_bulk {
	u32 request_id;
	u32 sessions;
	u8 status;		/* enum nsrp_bulk_status */
};

struct nsrp_rec {
	u8 type;		/* enum nsrp_rec_type */
	union {
		struct nsrp_rec_sess sess;
		struct nsrp_rec_hello hello;
		struct nsrp_rec_ack ack;
		struct nsrp_rec_nack nack;
		struct nsrp_rec_bulk bulk;
	};
};

/* Where records sit in a frame: which kinds, NACKs after their ACK. */
struct nsrp_rec_ctx {
	u8 msg_type;		/* the frame's type */
	u8 seen;		/* single-instance records seen */
	u8 nacks_left;		/* NACKs still owed to the last ACK */
	u32 cum_seq;		/* that ACK's Cumulative */
	u64 nack_min;		/* lowest sequence the next NACK may name */
};

/* A frame nsrp_frame_parse() accepted. */
struct nsrp_frame {
	struct nsrp_hdr hdr;
	const u8 *records;	/* the first record */
	unsigned int records_len;
	const u8 *mac;		/* the trailer, NULL without NSRP_HDR_F_MAC */
	unsigned int auth_len;	/* octets the MAC covers, from the header on */
};

struct nsrp_iter {
	const u8 *pos;
	const u8 *end;
	unsigned int left;	/* records still to read */
	struct nsrp_rec_ctx ctx;
	enum nsrp_rx_reason err;	/* why iteration stopped early */
};

struct nsrp_builder {
	u8 *buf;
	unsigned int size;	/* capacity, at most 65535 */
	unsigned int len;	/* header and records written so far */
	unsigned int count;
	unsigned int owed;	/* octets kept for the NACKs an ACK announced */
	struct nsrp_hdr hdr;	/* written by nsrp_build_finish(): may change until then */
	struct nsrp_rec_ctx ctx;
};

const char *nsrp_rx_reason_name(enum nsrp_rx_reason reason);

/* Octets @rec takes on the wire; 0 for an unknown type or family. */
unsigned int nsrp_rec_size(const struct nsrp_rec *rec);

/* Every rule on a record's own fields; NSRP_RX_OK if it may be sent. */
enum nsrp_rx_reason nsrp_rec_validate(const struct nsrp_rec *rec);

/*
 * Validate a received frame of @len octets (the Ethernet payload: Ethernet
 * padding after Length is allowed): the header, then every record, all
 * before anything is applied. On NSRP_RX_OK @f describes the frame.
 */
enum nsrp_rx_reason nsrp_frame_parse(const void *buf, unsigned int len, struct nsrp_frame *f);

/* Cluster and node checks: NSRP_RX_OTHER_CLUSTER, NSRP_RX_OWN_NODE or OK. */
enum nsrp_rx_reason nsrp_frame_check_sender(const struct nsrp_hdr *hdr, u16 cluster_id,
					    u16 own_node_id);

/*
 * Walk the records of a frame nsrp_frame_parse() accepted: true and @rec
 * filled for each, then false. it->err stays NSRP_RX_OK for such a frame.
 */
void nsrp_iter_init(struct nsrp_iter *it, const struct nsrp_frame *f);
bool nsrp_iter_next(struct nsrp_iter *it, struct nsrp_rec *rec);

/*
 * Build a frame in @buf of @size octets (the link MTU): @hdr gives type,
 * flags, cluster, node, epoch and sequence. -EINVAL on a bad header or a
 * buffer too small for one record.
 */
int nsrp_build_init(struct nsrp_builder *b, void *buf, unsigned int size,
		    const struct nsrp_hdr *hdr);

/*
 * Append @rec: returns the octets it took, 0 if it does not fit (the frame
 * is unchanged: finish it and start another), -EINVAL if @rec is invalid
 * or not allowed here. An ACK is taken only with room for its NACKs.
 */
int nsrp_build_add(struct nsrp_builder *b, const struct nsrp_rec *rec);

/*
 * Write the header and zero the MAC trailer: returns the frame's length, or
 * -EINVAL if it has no record, lacks announced NACKs or has a bad header.
 * With NSRP_HDR_F_MAC the caller then writes the MAC over the first
 * length - NSRP_MAC_LEN octets into the last NSRP_MAC_LEN.
 */
int nsrp_build_finish(struct nsrp_builder *b);

#endif /* _NSRP_SYNC_CODEC_H */
