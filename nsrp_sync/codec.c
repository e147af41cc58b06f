// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * The codec of the replication wire format (proto.h, docs/protocol.md).
 *
 * One set of rules serves both directions: nsrp_rec_validate() checks a
 * record's fields and nsrp_rec_ctx_step() its place in the frame, for the
 * records the builder is given and for those the parser decodes. What the
 * builder accepts the parser accepts, and decoding what was encoded gives
 * back the same record.
 *
 * Work per frame is bounded by its length: every record is at least
 * NSRP_REC_MIN_LEN octets and is read once by nsrp_frame_parse() and once
 * more by the iterator. Every read is checked against the frame's end
 * first; the wire structs are packed, so they are read in place whatever
 * the alignment.
 */

#include "nsrp_sync/codec.h"

#ifdef __KERNEL__
#include <linux/export.h>
#include <kunit/visibility.h>
#include <linux/nsrp.h>
#else
#include <linux/nsrp.h>
#define EXPORT_SYMBOL_IF_KUNIT(sym)
#endif

static const char * const nsrp_rx_reason_names[] = {
	[NSRP_RX_OK] = "ok",
	[NSRP_RX_TRUNCATED] = "truncated",
	[NSRP_RX_BAD_VERSION] = "bad_version",
	[NSRP_RX_BAD_TYPE] = "bad_type",
	[NSRP_RX_BAD_FLAGS] = "bad_flags",
	[NSRP_RX_BAD_LENGTH] = "bad_length",
	[NSRP_RX_RESERVED] = "reserved",
	[NSRP_RX_BAD_NODE] = "bad_node",
	[NSRP_RX_BAD_SEQ] = "bad_seq",
	[NSRP_RX_BAD_COUNT] = "bad_count",
	[NSRP_RX_BAD_RECORD] = "bad_record",
	[NSRP_RX_MISPLACED] = "misplaced",
	[NSRP_RX_BAD_FAMILY] = "bad_family",
	[NSRP_RX_BAD_ADDR] = "bad_addr",
	[NSRP_RX_BAD_PORTS] = "bad_ports",
	[NSRP_RX_BAD_KEY_ORDER] = "bad_key_order",
	[NSRP_RX_BAD_STATE] = "bad_state",
	[NSRP_RX_BAD_TIMEOUT] = "bad_timeout",
	[NSRP_RX_BAD_REMAINING] = "bad_remaining",
	[NSRP_RX_BAD_VERDICT] = "bad_verdict",
	[NSRP_RX_BAD_HELLO] = "bad_hello",
	[NSRP_RX_BAD_ACK] = "bad_ack",
	[NSRP_RX_BAD_NACK] = "bad_nack",
	[NSRP_RX_BAD_BULK] = "bad_bulk",
	[NSRP_RX_OTHER_CLUSTER] = "other_cluster",
	[NSRP_RX_OWN_NODE] = "own_node",
	[NSRP_RX_NO_MAC] = "no_mac",
	[NSRP_RX_BAD_MAC] = "bad_mac",
	[NSRP_RX_STALE_EPOCH] = "stale_epoch",
	[NSRP_RX_REPLAY] = "replay",
	[NSRP_RX_LATE] = "late",
};

const char *nsrp_rx_reason_name(enum nsrp_rx_reason reason)
{
	BUILD_BUG_ON(ARRAY_SIZE(nsrp_rx_reason_names) != __NSRP_RX_MAX);

	if ((unsigned int)reason >= ARRAY_SIZE(nsrp_rx_reason_names))
		return "unknown";
	return nsrp_rx_reason_names[reason];
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_rx_reason_name);

/* The layout of proto.h, checked: no padding anywhere, sizes as documented. */
static void nsrp_wire_build_checks(void)
{
	BUILD_BUG_ON(sizeof(struct nsrp_wire_hdr) != NSRP_HDR_LEN);
	BUILD_BUG_ON(sizeof(struct nsrp_wire_key_head) != 8);
	BUILD_BUG_ON(sizeof(struct nsrp_wire_key4) != NSRP_KEY4_LEN);
	BUILD_BUG_ON(sizeof(struct nsrp_wire_key6) != NSRP_KEY6_LEN);
	BUILD_BUG_ON(sizeof(struct nsrp_wire_sess) != 12);
	BUILD_BUG_ON(sizeof(struct nsrp_wire_answer) != 12);
	BUILD_BUG_ON(sizeof(struct nsrp_wire_upsert4) != NSRP_UPSERT4_LEN);
	BUILD_BUG_ON(sizeof(struct nsrp_wire_upsert6) != NSRP_UPSERT6_LEN);
	BUILD_BUG_ON(sizeof(struct nsrp_wire_answer4) != NSRP_AGE_ANSWER4_LEN);
	BUILD_BUG_ON(sizeof(struct nsrp_wire_answer6) != NSRP_AGE_ANSWER6_LEN);
	BUILD_BUG_ON(sizeof(struct nsrp_wire_hello) != NSRP_HELLO_LEN);
	BUILD_BUG_ON(sizeof(struct nsrp_wire_ack) != NSRP_ACK_LEN);
	BUILD_BUG_ON(sizeof(struct nsrp_wire_nack) != NSRP_NACK_LEN);
	BUILD_BUG_ON(sizeof(struct nsrp_wire_bulk_req) != NSRP_BULK_REQ_LEN);
	BUILD_BUG_ON(sizeof(struct nsrp_wire_bulk_end) != NSRP_BULK_END_LEN);
	BUILD_BUG_ON(NSRP_REC_MIN_LEN != NSRP_NACK_LEN || NSRP_REC_MIN_LEN != NSRP_BULK_REQ_LEN);

	/* The goals of the format: an IPv4 session in 40 octets, 35 a frame. */
	BUILD_BUG_ON(NSRP_UPSERT4_LEN > 40);
	BUILD_BUG_ON(NSRP_RECS_PER_FRAME(1500, NSRP_UPSERT4_LEN, true) < 35);
	/* The ranges of one ACK fit a minimal 1280-octet link. */
	BUILD_BUG_ON(NSRP_HDR_LEN + NSRP_ACK_LEN + NSRP_NACK_MAX * NSRP_NACK_LEN + NSRP_MAC_LEN >
		     1280);

	/* The wire carries nsrp_core's states and timeouts as they are. */
	BUILD_BUG_ON(NSRP_WIRE_STATE_SYN_SENT != NSRP_STATE_SYN_SENT);
	BUILD_BUG_ON(NSRP_WIRE_STATE_SYN_RECV != NSRP_STATE_SYN_RECV);
	BUILD_BUG_ON(NSRP_WIRE_STATE_ESTABLISHED != NSRP_STATE_ESTABLISHED);
	BUILD_BUG_ON(NSRP_WIRE_STATE_FIN_WAIT != NSRP_STATE_FIN_WAIT);
	BUILD_BUG_ON(NSRP_WIRE_STATE_CLOSING != NSRP_STATE_CLOSING);
	BUILD_BUG_ON(NSRP_WIRE_STATE_ACTIVE != NSRP_STATE_ACTIVE);
	BUILD_BUG_ON(NSRP_STATE_MAX != NSRP_WIRE_STATE_ACTIVE);
	BUILD_BUG_ON((u64)NSRP_TIMEOUT_MAX * 1000 != NSRP_WIRE_TIMEOUT_MAX_MS);
}

/* The frame type a record belongs to; 0 for an unknown record type. */
static u8 nsrp_rec_msg_type(u8 type)
{
	switch (type) {
	case NSRP_REC_UPSERT:
	case NSRP_REC_CLOSE:
	case NSRP_REC_BULK_END:
		return NSRP_MSG_DATA;
	case NSRP_REC_HELLO:
	case NSRP_REC_ACK:
	case NSRP_REC_NACK:
	case NSRP_REC_BULK_REQ:
	case NSRP_REC_AGE_QUERY:
	case NSRP_REC_AGE_ANSWER:
		return NSRP_MSG_CONTROL;
	}
	return 0;
}

static bool nsrp_rec_keyed(u8 type)
{
	return type == NSRP_REC_UPSERT || type == NSRP_REC_CLOSE ||
	       type == NSRP_REC_AGE_QUERY || type == NSRP_REC_AGE_ANSWER;
}

/* Records allowed once per frame: one bit each; 0 for the others. */
static u8 nsrp_rec_single_bit(u8 type)
{
	switch (type) {
	case NSRP_REC_HELLO:
		return 0x01;
	case NSRP_REC_ACK:
		return 0x02;
	case NSRP_REC_BULK_REQ:
		return 0x04;
	case NSRP_REC_BULK_END:
		return 0x08;
	}
	return 0;
}

/* A record's size from its type and, for session records, its family. */
static unsigned int nsrp_rec_wire_len(u8 type, u8 family)
{
	bool v6 = family == NSRP_WIRE_IPV6;

	if (nsrp_rec_keyed(type) && family != NSRP_WIRE_IPV4 && !v6)
		return 0;
	switch (type) {
	case NSRP_REC_UPSERT:
		return v6 ? NSRP_UPSERT6_LEN : NSRP_UPSERT4_LEN;
	case NSRP_REC_CLOSE:
	case NSRP_REC_AGE_QUERY:
		return v6 ? NSRP_KEY6_LEN : NSRP_KEY4_LEN;
	case NSRP_REC_AGE_ANSWER:
		return v6 ? NSRP_AGE_ANSWER6_LEN : NSRP_AGE_ANSWER4_LEN;
	case NSRP_REC_BULK_END:
		return NSRP_BULK_END_LEN;
	case NSRP_REC_HELLO:
		return NSRP_HELLO_LEN;
	case NSRP_REC_ACK:
		return NSRP_ACK_LEN;
	case NSRP_REC_NACK:
		return NSRP_NACK_LEN;
	case NSRP_REC_BULK_REQ:
		return NSRP_BULK_REQ_LEN;
	}
	return 0;
}

unsigned int nsrp_rec_size(const struct nsrp_rec *rec)
{
	u8 family = nsrp_rec_keyed(rec->type) ? rec->sess.key.family : 0;

	return nsrp_rec_wire_len(rec->type, family);
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_rec_size);

static bool nsrp_is_zero(const u8 *p, unsigned int len)
{
	while (len--)
		if (*p++)
			return false;
	return true;
}

static enum nsrp_rx_reason nsrp_key_validate(const struct nsrp_rec_key *k)
{
	int cmp;

	if (k->family == NSRP_WIRE_IPV4) {
		if (!nsrp_is_zero(k->addr_a + 4, 12) || !nsrp_is_zero(k->addr_b + 4, 12))
			return NSRP_RX_BAD_ADDR;
	} else if (k->family != NSRP_WIRE_IPV6) {
		return NSRP_RX_BAD_FAMILY;
	}

	/* As nsrp_core's parser fills them. */
	switch (k->proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		if (k->port_a != k->port_b)	/* the echo identifier, twice */
			return NSRP_RX_BAD_PORTS;
		break;
	default:
		if (k->port_a || k->port_b)
			return NSRP_RX_BAD_PORTS;
	}

	/* Canonical: (address a, port a) <= (address b, port b). */
	cmp = memcmp(k->addr_a, k->addr_b, sizeof(k->addr_a));
	if (cmp > 0 || (!cmp && k->port_a > k->port_b))
		return NSRP_RX_BAD_KEY_ORDER;
	return NSRP_RX_OK;
}

/* State, timeout and remaining lifetime of a live session. */
static enum nsrp_rx_reason nsrp_sess_validate(const struct nsrp_rec_sess *s)
{
	if (s->key.proto == IPPROTO_TCP) {
		if (s->state < NSRP_WIRE_STATE_SYN_SENT || s->state > NSRP_WIRE_STATE_CLOSING)
			return NSRP_RX_BAD_STATE;
	} else if (s->state != NSRP_WIRE_STATE_ACTIVE) {
		return NSRP_RX_BAD_STATE;
	}
	if (!s->timeout_ms || s->timeout_ms > NSRP_WIRE_TIMEOUT_MAX_MS)
		return NSRP_RX_BAD_TIMEOUT;
	if (s->remaining_ms > s->timeout_ms)
		return NSRP_RX_BAD_REMAINING;
	return NSRP_RX_OK;
}

enum nsrp_rx_reason nsrp_rec_validate(const struct nsrp_rec *rec)
{
	const struct nsrp_rec_sess *s = &rec->sess;
	enum nsrp_rx_reason r;

	if (nsrp_rec_keyed(rec->type)) {
		r = nsrp_key_validate(&s->key);
		if (r)
			return r;
	}

	switch (rec->type) {
	case NSRP_REC_UPSERT:
		if (s->verdict || (s->takeover && s->handover))
			return NSRP_RX_RESERVED;
		return nsrp_sess_validate(s);
	case NSRP_REC_CLOSE:
	case NSRP_REC_AGE_QUERY:
		if (s->orig_is_a || s->takeover || s->handover || s->state || s->verdict ||
		    s->timeout_ms || s->remaining_ms)
			return NSRP_RX_RESERVED;
		return NSRP_RX_OK;
	case NSRP_REC_AGE_ANSWER:
		if (s->takeover || s->handover)
			return NSRP_RX_RESERVED;
		switch (s->verdict) {
		case NSRP_AGE_ACTIVE:
		case NSRP_AGE_IDLE:
			return nsrp_sess_validate(s);
		case NSRP_AGE_GONE:
			if (s->orig_is_a || s->state || s->timeout_ms || s->remaining_ms)
				return NSRP_RX_BAD_VERDICT;
			return NSRP_RX_OK;
		}
		return NSRP_RX_BAD_VERDICT;
	case NSRP_REC_HELLO:
		if (rec->hello.flags & ~NSRP_HELLO_F_KNOWN)
			return NSRP_RX_RESERVED;
		if (rec->hello.role < NSRP_WIRE_ROLE_INIT ||
		    rec->hello.role > NSRP_WIRE_ROLE_INELIGIBLE ||
		    !rec->hello.interval_ms || !rec->hello.lost_threshold)
			return NSRP_RX_BAD_HELLO;
		return NSRP_RX_OK;
	case NSRP_REC_ACK:
		if (!rec->ack.epoch || !rec->ack.cum_seq || rec->ack.nacks > NSRP_NACK_MAX)
			return NSRP_RX_BAD_ACK;
		return NSRP_RX_OK;
	case NSRP_REC_NACK:
		if (!rec->nack.first_seq || !rec->nack.count)
			return NSRP_RX_BAD_NACK;
		return NSRP_RX_OK;
	case NSRP_REC_BULK_REQ:
		if (rec->bulk.sessions || rec->bulk.status)
			return NSRP_RX_RESERVED;
		if (!rec->bulk.request_id)
			return NSRP_RX_BAD_BULK;
		return NSRP_RX_OK;
	case NSRP_REC_BULK_END:
		if (!rec->bulk.request_id)
			return NSRP_RX_BAD_BULK;
		if (rec->bulk.status != NSRP_BULK_COMPLETE && rec->bulk.status != NSRP_BULK_ABORTED)
			return NSRP_RX_BAD_BULK;
		return NSRP_RX_OK;
	}
	return NSRP_RX_BAD_RECORD;
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_rec_validate);

static void nsrp_rec_ctx_init(struct nsrp_rec_ctx *c, u8 msg_type)
{
	memset(c, 0, sizeof(*c));
	c->msg_type = msg_type;
}

/* A valid record's place in the frame, given those before it. */
static enum nsrp_rx_reason nsrp_rec_ctx_step(struct nsrp_rec_ctx *c, const struct nsrp_rec *rec)
{
	u8 bit = nsrp_rec_single_bit(rec->type);
	u64 last;

	if (nsrp_rec_msg_type(rec->type) != c->msg_type)
		return NSRP_RX_MISPLACED;

	if (c->nacks_left) {
		if (rec->type != NSRP_REC_NACK)
			return NSRP_RX_BAD_ACK;
		last = (u64)rec->nack.first_seq + rec->nack.count - 1;
		if (rec->nack.first_seq < c->nack_min || last >= c->cum_seq)
			return NSRP_RX_BAD_NACK;
		c->nack_min = last + 2;	/* a received frame between two ranges */
		c->nacks_left--;
		return NSRP_RX_OK;
	}
	if (rec->type == NSRP_REC_NACK)
		return NSRP_RX_MISPLACED;

	if (bit) {
		if (c->seen & bit)
			return NSRP_RX_MISPLACED;
		c->seen |= bit;
	}
	if (rec->type == NSRP_REC_ACK) {
		c->nacks_left = rec->ack.nacks;
		c->cum_seq = rec->ack.cum_seq;
		c->nack_min = rec->ack.cum_seq > NSRP_NACK_WINDOW ?
			      rec->ack.cum_seq - NSRP_NACK_WINDOW : 1;
	}
	return NSRP_RX_OK;
}

/* Addresses of a key: 4 or 16 octets each, at the end of the key. */
static unsigned int nsrp_key_addr_len(u8 family)
{
	return family == NSRP_WIRE_IPV6 ? 16 : 4;
}

static void nsrp_key_encode(u8 *p, const struct nsrp_rec *rec)
{
	const struct nsrp_rec_sess *s = &rec->sess;
	struct nsrp_wire_key_head *h = (struct nsrp_wire_key_head *)p;
	unsigned int alen = nsrp_key_addr_len(s->key.family);

	h->type = rec->type;
	h->family = s->key.family;
	h->proto = s->key.proto;
	h->flags = (s->orig_is_a ? NSRP_KEY_F_ORIG_IS_A : 0) |
		   (s->takeover ? NSRP_KEY_F_TAKEOVER : 0) |
		   (s->handover ? NSRP_KEY_F_HANDOVER : 0);
	h->port_a = cpu_to_be16(s->key.port_a);
	h->port_b = cpu_to_be16(s->key.port_b);
	memcpy(p + sizeof(*h), s->key.addr_a, alen);
	memcpy(p + sizeof(*h) + alen, s->key.addr_b, alen);
}

/* Write a valid record at @p, which has room for nsrp_rec_size(@rec). */
static void nsrp_rec_encode(u8 *p, const struct nsrp_rec *rec)
{
	const struct nsrp_rec_sess *s = &rec->sess;
	unsigned int klen;

	memset(p, 0, nsrp_rec_size(rec));
	switch (rec->type) {
	case NSRP_REC_UPSERT: {
		struct nsrp_wire_sess *w;

		klen = s->key.family == NSRP_WIRE_IPV6 ? NSRP_KEY6_LEN : NSRP_KEY4_LEN;
		nsrp_key_encode(p, rec);
		w = (struct nsrp_wire_sess *)(p + klen);
		w->state = s->state;
		w->timeout_ms = cpu_to_be32(s->timeout_ms);
		w->remaining_ms = cpu_to_be32(s->remaining_ms);
		break;
	}
	case NSRP_REC_CLOSE:
	case NSRP_REC_AGE_QUERY:
		nsrp_key_encode(p, rec);
		break;
	case NSRP_REC_AGE_ANSWER: {
		struct nsrp_wire_answer *w;

		klen = s->key.family == NSRP_WIRE_IPV6 ? NSRP_KEY6_LEN : NSRP_KEY4_LEN;
		nsrp_key_encode(p, rec);
		w = (struct nsrp_wire_answer *)(p + klen);
		w->verdict = s->verdict;
		w->state = s->state;
		w->timeout_ms = cpu_to_be32(s->timeout_ms);
		w->remaining_ms = cpu_to_be32(s->remaining_ms);
		break;
	}
	case NSRP_REC_HELLO: {
		struct nsrp_wire_hello *w = (struct nsrp_wire_hello *)p;

		w->type = rec->type;
		w->role = rec->hello.role;
		w->priority = rec->hello.priority;
		w->flags = rec->hello.flags;
		w->interval_ms = cpu_to_be16(rec->hello.interval_ms);
		w->lost_threshold = rec->hello.lost_threshold;
		w->peer_epoch = cpu_to_be32(rec->hello.peer_epoch);
		break;
	}
	case NSRP_REC_ACK: {
		struct nsrp_wire_ack *w = (struct nsrp_wire_ack *)p;

		w->type = rec->type;
		w->nacks = rec->ack.nacks;
		w->epoch = cpu_to_be32(rec->ack.epoch);
		w->cum_seq = cpu_to_be32(rec->ack.cum_seq);
		break;
	}
	case NSRP_REC_NACK: {
		struct nsrp_wire_nack *w = (struct nsrp_wire_nack *)p;

		w->type = rec->type;
		w->count = cpu_to_be16(rec->nack.count);
		w->first_seq = cpu_to_be32(rec->nack.first_seq);
		break;
	}
	case NSRP_REC_BULK_REQ: {
		struct nsrp_wire_bulk_req *w = (struct nsrp_wire_bulk_req *)p;

		w->type = rec->type;
		w->request_id = cpu_to_be32(rec->bulk.request_id);
		break;
	}
	case NSRP_REC_BULK_END: {
		struct nsrp_wire_bulk_end *w = (struct nsrp_wire_bulk_end *)p;

		w->type = rec->type;
		w->status = rec->bulk.status;
		w->request_id = cpu_to_be32(rec->bulk.request_id);
		w->sessions = cpu_to_be32(rec->bulk.sessions);
		break;
	}
	}
}

static void nsrp_key_decode(const u8 *p, struct nsrp_rec *rec)
{
	const struct nsrp_wire_key_head *h = (const struct nsrp_wire_key_head *)p;
	struct nsrp_rec_sess *s = &rec->sess;
	unsigned int alen = nsrp_key_addr_len(h->family);

	s->key.family = h->family;
	s->key.proto = h->proto;
	s->key.port_a = be16_to_cpu(h->port_a);
	s->key.port_b = be16_to_cpu(h->port_b);
	memcpy(s->key.addr_a, p + sizeof(*h), alen);
	memcpy(s->key.addr_b, p + sizeof(*h) + alen, alen);
	s->orig_is_a = h->flags & NSRP_KEY_F_ORIG_IS_A;
	s->takeover = h->flags & NSRP_KEY_F_TAKEOVER;
	s->handover = h->flags & NSRP_KEY_F_HANDOVER;
}

/*
 * Decode and validate the record at @p, with @room octets left in the frame:
 * its size in *@used.
 */
static enum nsrp_rx_reason nsrp_rec_decode(const u8 *p, unsigned int room,
					   struct nsrp_rec *rec, unsigned int *used)
{
	unsigned int len, klen = 0;
	u8 type;

	memset(rec, 0, sizeof(*rec));
	if (room < NSRP_REC_MIN_LEN)	/* fewer octets left than Count promised */
		return NSRP_RX_BAD_COUNT;
	type = p[0];
	if (!nsrp_rec_msg_type(type))
		return NSRP_RX_BAD_RECORD;
	if (nsrp_rec_keyed(type)) {
		const struct nsrp_wire_key_head *h = (const struct nsrp_wire_key_head *)p;

		len = nsrp_rec_wire_len(type, h->family);
		if (!len)
			return NSRP_RX_BAD_FAMILY;
		if (len > room)
			return NSRP_RX_BAD_COUNT;
		if (h->flags & ~NSRP_KEY_F_KNOWN)
			return NSRP_RX_RESERVED;
		klen = h->family == NSRP_WIRE_IPV6 ? NSRP_KEY6_LEN : NSRP_KEY4_LEN;
		nsrp_key_decode(p, rec);
	} else {
		len = nsrp_rec_wire_len(type, 0);
		if (len > room)
			return NSRP_RX_BAD_COUNT;
	}
	rec->type = type;

	switch (type) {
	case NSRP_REC_UPSERT: {
		const struct nsrp_wire_sess *w = (const struct nsrp_wire_sess *)(p + klen);

		if (!nsrp_is_zero(w->reserved, sizeof(w->reserved)))
			return NSRP_RX_RESERVED;
		rec->sess.state = w->state;
		rec->sess.timeout_ms = be32_to_cpu(w->timeout_ms);
		rec->sess.remaining_ms = be32_to_cpu(w->remaining_ms);
		break;
	}
	case NSRP_REC_AGE_ANSWER: {
		const struct nsrp_wire_answer *w = (const struct nsrp_wire_answer *)(p + klen);

		if (w->reserved)
			return NSRP_RX_RESERVED;
		rec->sess.verdict = w->verdict;
		rec->sess.state = w->state;
		rec->sess.timeout_ms = be32_to_cpu(w->timeout_ms);
		rec->sess.remaining_ms = be32_to_cpu(w->remaining_ms);
		break;
	}
	case NSRP_REC_HELLO: {
		const struct nsrp_wire_hello *w = (const struct nsrp_wire_hello *)p;

		if (w->reserved)
			return NSRP_RX_RESERVED;
		rec->hello.role = w->role;
		rec->hello.priority = w->priority;
		rec->hello.flags = w->flags;
		rec->hello.interval_ms = be16_to_cpu(w->interval_ms);
		rec->hello.lost_threshold = w->lost_threshold;
		rec->hello.peer_epoch = be32_to_cpu(w->peer_epoch);
		break;
	}
	case NSRP_REC_ACK: {
		const struct nsrp_wire_ack *w = (const struct nsrp_wire_ack *)p;

		if (w->reserved)
			return NSRP_RX_RESERVED;
		rec->ack.nacks = w->nacks;
		rec->ack.epoch = be32_to_cpu(w->epoch);
		rec->ack.cum_seq = be32_to_cpu(w->cum_seq);
		break;
	}
	case NSRP_REC_NACK: {
		const struct nsrp_wire_nack *w = (const struct nsrp_wire_nack *)p;

		if (w->reserved)
			return NSRP_RX_RESERVED;
		rec->nack.count = be16_to_cpu(w->count);
		rec->nack.first_seq = be32_to_cpu(w->first_seq);
		break;
	}
	case NSRP_REC_BULK_REQ: {
		const struct nsrp_wire_bulk_req *w = (const struct nsrp_wire_bulk_req *)p;

		if (!nsrp_is_zero(w->reserved, sizeof(w->reserved)))
			return NSRP_RX_RESERVED;
		rec->bulk.request_id = be32_to_cpu(w->request_id);
		break;
	}
	case NSRP_REC_BULK_END: {
		const struct nsrp_wire_bulk_end *w = (const struct nsrp_wire_bulk_end *)p;

		if (w->reserved)
			return NSRP_RX_RESERVED;
		rec->bulk.status = w->status;
		rec->bulk.request_id = be32_to_cpu(w->request_id);
		rec->bulk.sessions = be32_to_cpu(w->sessions);
		break;
	}
	}

	*used = len;
	return nsrp_rec_validate(rec);
}

static bool nsrp_msg_type_known(u8 type)
{
	return type == NSRP_MSG_DATA || type == NSRP_MSG_CONTROL;
}

void nsrp_iter_init(struct nsrp_iter *it, const struct nsrp_frame *f)
{
	it->pos = f->records;
	it->end = f->records + f->records_len;
	it->left = f->hdr.count;
	it->err = NSRP_RX_OK;
	nsrp_rec_ctx_init(&it->ctx, f->hdr.type);
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_iter_init);

static bool nsrp_iter_stop(struct nsrp_iter *it, enum nsrp_rx_reason err)
{
	it->err = err;
	it->left = 0;
	it->pos = it->end;
	return false;
}

bool nsrp_iter_next(struct nsrp_iter *it, struct nsrp_rec *rec)
{
	enum nsrp_rx_reason r;
	unsigned int used;

	if (!it->left) {
		if (it->err)
			return false;
		if (it->pos != it->end)		/* octets beyond Count records */
			return nsrp_iter_stop(it, NSRP_RX_BAD_COUNT);
		if (it->ctx.nacks_left)		/* the frame ends inside an ACK */
			return nsrp_iter_stop(it, NSRP_RX_BAD_ACK);
		return false;
	}
	r = nsrp_rec_decode(it->pos, it->end - it->pos, rec, &used);
	if (!r)
		r = nsrp_rec_ctx_step(&it->ctx, rec);
	if (r)
		return nsrp_iter_stop(it, r);
	it->pos += used;
	it->left--;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_iter_next);

enum nsrp_rx_reason nsrp_frame_parse(const void *buf, unsigned int len, struct nsrp_frame *f)
{
	const struct nsrp_wire_hdr *wh = buf;
	unsigned int length, count, maclen;
	struct nsrp_iter it;
	struct nsrp_rec rec;

	nsrp_wire_build_checks();

	if (len < NSRP_HDR_LEN)
		return NSRP_RX_TRUNCATED;
	if (wh->version != NSRP_PROTO_VERSION)
		return NSRP_RX_BAD_VERSION;
	if (!nsrp_msg_type_known(wh->type))
		return NSRP_RX_BAD_TYPE;
	if (wh->flags & ~NSRP_HDR_F_KNOWN)
		return NSRP_RX_BAD_FLAGS;
	if (wh->reserved)
		return NSRP_RX_RESERVED;

	length = be16_to_cpu(wh->length);
	count = be16_to_cpu(wh->count);
	maclen = wh->flags & NSRP_HDR_F_MAC ? NSRP_MAC_LEN : 0;
	if (length > len)
		return NSRP_RX_TRUNCATED;
	if (length < NSRP_HDR_LEN + NSRP_REC_MIN_LEN + maclen)
		return NSRP_RX_BAD_LENGTH;
	/* Octets past Length can only be the padding to Ethernet's minimum. */
	if (len > length && len > NSRP_ETH_MIN_PAYLOAD)
		return NSRP_RX_BAD_LENGTH;
	if (!wh->node_id)
		return NSRP_RX_BAD_NODE;
	if (!wh->epoch || !wh->seq)
		return NSRP_RX_BAD_SEQ;
	if (!count || count > (length - NSRP_HDR_LEN - maclen) / NSRP_REC_MIN_LEN)
		return NSRP_RX_BAD_COUNT;

	f->hdr.type = wh->type;
	f->hdr.flags = wh->flags;
	f->hdr.length = length;
	f->hdr.count = count;
	f->hdr.cluster_id = be16_to_cpu(wh->cluster_id);
	f->hdr.node_id = be16_to_cpu(wh->node_id);
	f->hdr.epoch = be32_to_cpu(wh->epoch);
	f->hdr.seq = be32_to_cpu(wh->seq);
	f->records = (const u8 *)buf + NSRP_HDR_LEN;
	f->records_len = length - NSRP_HDR_LEN - maclen;
	f->auth_len = length - maclen;
	f->mac = maclen ? (const u8 *)buf + f->auth_len : NULL;

	/* Every record, before the caller applies any. */
	nsrp_iter_init(&it, f);
	while (nsrp_iter_next(&it, &rec))
		;
	return it.err;
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_frame_parse);

enum nsrp_rx_reason nsrp_frame_check_sender(const struct nsrp_hdr *hdr, u16 cluster_id,
					    u16 own_node_id)
{
	if (hdr->cluster_id != cluster_id)
		return NSRP_RX_OTHER_CLUSTER;
	if (hdr->node_id == own_node_id)
		return NSRP_RX_OWN_NODE;
	return NSRP_RX_OK;
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_frame_check_sender);

static unsigned int nsrp_build_maclen(const struct nsrp_builder *b)
{
	return b->hdr.flags & NSRP_HDR_F_MAC ? NSRP_MAC_LEN : 0;
}

static bool nsrp_hdr_valid(const struct nsrp_hdr *hdr)
{
	return nsrp_msg_type_known(hdr->type) && !(hdr->flags & ~NSRP_HDR_F_KNOWN) &&
	       hdr->node_id && hdr->epoch && hdr->seq;
}

int nsrp_build_init(struct nsrp_builder *b, void *buf, unsigned int size,
		    const struct nsrp_hdr *hdr)
{
	memset(b, 0, sizeof(*b));
	b->hdr = *hdr;
	if (size > 0xffff)
		size = 0xffff;
	if (!buf || !nsrp_hdr_valid(hdr) ||
	    size < NSRP_HDR_LEN + NSRP_REC_MIN_LEN + nsrp_build_maclen(b))
		return -EINVAL;
	b->buf = buf;
	b->size = size;
	b->len = NSRP_HDR_LEN;
	nsrp_rec_ctx_init(&b->ctx, hdr->type);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_build_init);

int nsrp_build_add(struct nsrp_builder *b, const struct nsrp_rec *rec)
{
	struct nsrp_rec_ctx ctx = b->ctx;
	unsigned int need, room, owed = b->owed;

	if (!b->buf || nsrp_rec_validate(rec) || nsrp_rec_ctx_step(&ctx, rec))
		return -EINVAL;
	need = nsrp_rec_size(rec);
	room = b->size - b->len - nsrp_build_maclen(b);
	if (rec->type == NSRP_REC_NACK) {
		if (need > b->size - b->len || need > owed)
			return -EINVAL;	/* the header changed since its ACK */
		owed -= need;		/* kept for it by its ACK */
	} else {
		if (rec->type == NSRP_REC_ACK)
			owed = rec->ack.nacks * NSRP_NACK_LEN;
		if (need + owed > room)
			return 0;
	}
	nsrp_rec_encode(b->buf + b->len, rec);
	b->len += need;
	b->count++;
	b->owed = owed;
	b->ctx = ctx;
	return need;
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_build_add);

int nsrp_build_finish(struct nsrp_builder *b)
{
	struct nsrp_wire_hdr *wh = (struct nsrp_wire_hdr *)b->buf;
	unsigned int maclen = nsrp_build_maclen(b);

	if (!b->buf || !b->count || b->ctx.nacks_left || !nsrp_hdr_valid(&b->hdr) ||
	    b->hdr.type != b->ctx.msg_type || b->len + maclen > b->size)
		return -EINVAL;
	b->hdr.length = b->len + maclen;
	b->hdr.count = b->count;

	memset(wh, 0, sizeof(*wh));
	wh->version = NSRP_PROTO_VERSION;
	wh->type = b->hdr.type;
	wh->flags = b->hdr.flags;
	wh->length = cpu_to_be16(b->hdr.length);
	wh->count = cpu_to_be16(b->hdr.count);
	wh->cluster_id = cpu_to_be16(b->hdr.cluster_id);
	wh->node_id = cpu_to_be16(b->hdr.node_id);
	wh->epoch = cpu_to_be32(b->hdr.epoch);
	wh->seq = cpu_to_be32(b->hdr.seq);
	memset(b->buf + b->len, 0, maclen);
	return b->hdr.length;
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_build_finish);
