// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Suite nsrp_sync_codec: the replication wire format. Every record kind
 * survives a round trip, for IPv4 and IPv6, with and without the MAC
 * trailer; no truncation of a frame is accepted; no single-octet
 * corruption is accepted unless the frame it gives is valid and decodes to
 * exactly what its octets say; each malformation is rejected with its own
 * reason; and the size goals hold with the real constants.
 *
 * Which fields a corruption test expects what of (struct test_span):
 *  - strict: every other value is rejected. Version, Type, Flags, Length,
 *    Count and Reserved of the header; record types; Family; reserved
 *    fields; Key flags of CLOSE, AGE_QUERY and GONE answers; the NACKs count.
 *  - free: every value is accepted. Cluster ID, the MAC trailer (the glue
 *    checks it), HELLO priority and peer epoch, BULK_END sessions.
 *  - checked: the rest (addresses, ports, states, timeouts, sequence
 *    numbers, ...): a value is either rejected, or accepted with a frame
 *    that this file's own rules find valid and that encodes back to the
 *    corrupted octets, so nothing else was misread.
 */

#include <kunit/test.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/string.h>

#include "nsrp_sync/codec.h"

#define TEST_BUF_LEN	2048
#define TEST_EPOCH	0x66a1b2c3
#define TEST_SEQ	4242
#define TEST_CLUSTER	7
#define TEST_NODE	2

/* The records the tests are made of: one of each kind and family. */
enum {
	R_UP4_TCP, R_UP6_UDP, R_UP4_ICMP, R_UP6_ICMP6, R_UP4_GRE, R_UP4_SAME,
	R_CLOSE4, R_CLOSE6, R_BULK_END,
	R_HELLO, R_ACK2, R_NACK1, R_NACK2, R_ACK0, R_BULK_REQ,
	R_QUERY4, R_QUERY6, R_ANS4_ACTIVE, R_ANS6_IDLE, R_ANS4_GONE,
	R_COUNT
};

#define V4(a, b, c, d)	{ a, b, c, d }
#define V6(last)	{ 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, last }
#define IP4		NSRP_WIRE_IPV4
#define IP6		NSRP_WIRE_IPV6

static const struct nsrp_rec test_recs[R_COUNT] = {
	[R_UP4_TCP] = { .type = NSRP_REC_UPSERT, .sess = {
		.key = { IP4, IPPROTO_TCP, 40000, 80, V4(10, 0, 1, 2), V4(10, 0, 2, 2) },
		.orig_is_a = true, .state = NSRP_WIRE_STATE_ESTABLISHED,
		.timeout_ms = 1800000, .remaining_ms = 1799250 } },
	[R_UP6_UDP] = { .type = NSRP_REC_UPSERT, .sess = {
		.key = { IP6, IPPROTO_UDP, 53, 5353, V6(0x10), V6(0x20) },
		.orig_is_a = false, .state = NSRP_WIRE_STATE_ACTIVE,
		.timeout_ms = 60000, .remaining_ms = 60000 } },
	[R_UP4_ICMP] = { .type = NSRP_REC_UPSERT, .sess = {
		.key = { IP4, IPPROTO_ICMP, 77, 77, V4(192, 0, 2, 1), V4(198, 51, 100, 1) },
		.orig_is_a = true, .state = NSRP_WIRE_STATE_ACTIVE,
		.timeout_ms = 30000, .remaining_ms = 1 } },
	[R_UP6_ICMP6] = { .type = NSRP_REC_UPSERT, .sess = {
		.key = { IP6, IPPROTO_ICMPV6, 9, 9, V6(1), V6(2) },
		.orig_is_a = false, .state = NSRP_WIRE_STATE_ACTIVE,
		.timeout_ms = 30000, .remaining_ms = 0 } },
	[R_UP4_GRE] = { .type = NSRP_REC_UPSERT, .sess = {
		.key = { IP4, IPPROTO_GRE, 0, 0, V4(192, 0, 2, 1), V4(192, 0, 2, 9) },
		.orig_is_a = true, .takeover = true, .state = NSRP_WIRE_STATE_ACTIVE,
		.timeout_ms = NSRP_WIRE_TIMEOUT_MAX_MS, .remaining_ms = 5 } },
	[R_UP4_SAME] = { .type = NSRP_REC_UPSERT, .sess = {
		.key = { IP4, IPPROTO_TCP, 1000, 1000, V4(127, 0, 0, 1), V4(127, 0, 0, 1) },
		.orig_is_a = true, .state = NSRP_WIRE_STATE_SYN_SENT,
		.timeout_ms = 1, .remaining_ms = 1 } },
	[R_CLOSE4] = { .type = NSRP_REC_CLOSE, .sess = {
		.key = { IP4, IPPROTO_TCP, 443, 50000, V4(10, 9, 8, 7), V4(10, 9, 8, 8) } } },
	[R_CLOSE6] = { .type = NSRP_REC_CLOSE, .sess = {
		.key = { IP6, IPPROTO_SCTP, 0, 0, V6(0x33), V6(0x44) } } },
	[R_BULK_END] = { .type = NSRP_REC_BULK_END, .bulk = {
		.request_id = 0xabcdef01, .sessions = 123456, .status = NSRP_BULK_COMPLETE } },
	[R_HELLO] = { .type = NSRP_REC_HELLO, .hello = {
		.role = NSRP_WIRE_ROLE_PRIMARY, .priority = 100, .flags = NSRP_HELLO_F_PREEMPT,
		.lost_threshold = 3, .interval_ms = 1000, .peer_epoch = 0x55000001 } },
	[R_ACK2] = { .type = NSRP_REC_ACK, .ack = {
		.epoch = 0x55000001, .cum_seq = 100, .nacks = 2 } },
	[R_NACK1] = { .type = NSRP_REC_NACK, .nack = { .first_seq = 10, .count = 5 } },
	[R_NACK2] = { .type = NSRP_REC_NACK, .nack = { .first_seq = 40, .count = 3 } },
	[R_ACK0] = { .type = NSRP_REC_ACK, .ack = { .epoch = 1, .cum_seq = 0xffffffff } },
	[R_BULK_REQ] = { .type = NSRP_REC_BULK_REQ, .bulk = { .request_id = 0x1234 } },
	[R_QUERY4] = { .type = NSRP_REC_AGE_QUERY, .sess = {
		.key = { IP4, IPPROTO_UDP, 5000, 6000, V4(172, 16, 0, 1), V4(172, 16, 0, 1) } } },
	[R_QUERY6] = { .type = NSRP_REC_AGE_QUERY, .sess = {
		.key = { IP6, IPPROTO_TCP, 22, 61000, V6(5), V6(6) } } },
	[R_ANS4_ACTIVE] = { .type = NSRP_REC_AGE_ANSWER, .sess = {
		.key = { IP4, IPPROTO_UDP, 5000, 6000, V4(172, 16, 0, 1), V4(172, 16, 0, 1) },
		.orig_is_a = true, .state = NSRP_WIRE_STATE_ACTIVE, .verdict = NSRP_AGE_ACTIVE,
		.timeout_ms = 60000, .remaining_ms = 59990 } },
	[R_ANS6_IDLE] = { .type = NSRP_REC_AGE_ANSWER, .sess = {
		.key = { IP6, IPPROTO_TCP, 22, 61000, V6(5), V6(6) },
		.orig_is_a = false, .state = NSRP_WIRE_STATE_FIN_WAIT, .verdict = NSRP_AGE_IDLE,
		.timeout_ms = 1800000, .remaining_ms = 1000 } },
	[R_ANS4_GONE] = { .type = NSRP_REC_AGE_ANSWER, .sess = {
		.key = { IP4, IPPROTO_UDP, 1, 2, V4(10, 0, 0, 1), V4(10, 0, 0, 2) },
		.verdict = NSRP_AGE_GONE } },
};

/* The documented size of each. */
static const unsigned int test_rec_len[R_COUNT] = {
	[R_UP4_TCP] = NSRP_UPSERT4_LEN, [R_UP6_UDP] = NSRP_UPSERT6_LEN,
	[R_UP4_ICMP] = NSRP_UPSERT4_LEN, [R_UP6_ICMP6] = NSRP_UPSERT6_LEN,
	[R_UP4_GRE] = NSRP_UPSERT4_LEN, [R_UP4_SAME] = NSRP_UPSERT4_LEN,
	[R_CLOSE4] = NSRP_CLOSE4_LEN, [R_CLOSE6] = NSRP_CLOSE6_LEN,
	[R_BULK_END] = NSRP_BULK_END_LEN, [R_HELLO] = NSRP_HELLO_LEN,
	[R_ACK2] = NSRP_ACK_LEN, [R_NACK1] = NSRP_NACK_LEN, [R_NACK2] = NSRP_NACK_LEN,
	[R_ACK0] = NSRP_ACK_LEN, [R_BULK_REQ] = NSRP_BULK_REQ_LEN,
	[R_QUERY4] = NSRP_AGE_QUERY4_LEN, [R_QUERY6] = NSRP_AGE_QUERY6_LEN,
	[R_ANS4_ACTIVE] = NSRP_AGE_ANSWER4_LEN, [R_ANS6_IDLE] = NSRP_AGE_ANSWER6_LEN,
	[R_ANS4_GONE] = NSRP_AGE_ANSWER4_LEN,
};

#define TEST_MAX_RECS	12

struct test_frame {
	const char *name;
	u8 type;
	u8 n;
	u8 recs[TEST_MAX_RECS];
};

static const struct test_frame test_frames[] = {
	{ "upsert4_tcp", NSRP_MSG_DATA, 1, { R_UP4_TCP } },
	{ "upsert6_udp", NSRP_MSG_DATA, 1, { R_UP6_UDP } },
	{ "upsert4_icmp", NSRP_MSG_DATA, 1, { R_UP4_ICMP } },
	{ "upsert6_icmp6", NSRP_MSG_DATA, 1, { R_UP6_ICMP6 } },
	{ "upsert4_gre", NSRP_MSG_DATA, 1, { R_UP4_GRE } },
	{ "upsert4_same_endpoint", NSRP_MSG_DATA, 1, { R_UP4_SAME } },
	{ "close4", NSRP_MSG_DATA, 1, { R_CLOSE4 } },
	{ "close6", NSRP_MSG_DATA, 1, { R_CLOSE6 } },
	{ "bulk_end", NSRP_MSG_DATA, 1, { R_BULK_END } },
	{ "hello", NSRP_MSG_CONTROL, 1, { R_HELLO } },
	{ "ack_nacks", NSRP_MSG_CONTROL, 3, { R_ACK2, R_NACK1, R_NACK2 } },
	{ "ack", NSRP_MSG_CONTROL, 1, { R_ACK0 } },
	{ "bulk_req", NSRP_MSG_CONTROL, 1, { R_BULK_REQ } },
	{ "age_query4", NSRP_MSG_CONTROL, 1, { R_QUERY4 } },
	{ "age_query6", NSRP_MSG_CONTROL, 1, { R_QUERY6 } },
	{ "age_answer4_active", NSRP_MSG_CONTROL, 1, { R_ANS4_ACTIVE } },
	{ "age_answer6_idle", NSRP_MSG_CONTROL, 1, { R_ANS6_IDLE } },
	{ "age_answer4_gone", NSRP_MSG_CONTROL, 1, { R_ANS4_GONE } },
	{ "data_mixed", NSRP_MSG_DATA, 8, { R_UP4_TCP, R_UP6_UDP, R_CLOSE4, R_CLOSE6, R_UP4_ICMP,
					    R_UP6_ICMP6, R_UP4_GRE, R_BULK_END } },
	{ "control_mixed", NSRP_MSG_CONTROL, 10, { R_HELLO, R_ACK2, R_NACK1, R_NACK2, R_BULK_REQ,
						   R_QUERY4, R_QUERY6, R_ANS4_ACTIVE,
						   R_ANS6_IDLE, R_ANS4_GONE } },
};

static void test_frame_to_desc(const struct test_frame *f, char *desc)
{
	strscpy(desc, f->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(test_frame, test_frames, test_frame_to_desc);

/* The two frames with everything in them, for truncation and corruption. */
static const struct test_frame *const test_big_frames[] = {
	&test_frames[ARRAY_SIZE(test_frames) - 2],
	&test_frames[ARRAY_SIZE(test_frames) - 1],
};

static void test_big_frame_to_desc(const struct test_frame *const *f, char *desc)
{
	strscpy(desc, (*f)->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(test_big_frame, test_big_frames, test_big_frame_to_desc);

static void test_hdr(struct nsrp_hdr *h, u8 type, bool mac)
{
	memset(h, 0, sizeof(*h));
	h->type = type;
	h->flags = mac ? NSRP_HDR_F_MAC : 0;
	h->cluster_id = TEST_CLUSTER;
	h->node_id = TEST_NODE;
	h->epoch = TEST_EPOCH;
	h->seq = TEST_SEQ;
}

/* Encode @tf into @buf; returns its length. A fake MAC fills the trailer. */
static int test_build(struct kunit *test, const struct test_frame *tf, bool mac, u8 *buf,
		      unsigned int size)
{
	struct nsrp_builder b;
	struct nsrp_hdr h;
	unsigned int i;
	int len;

	test_hdr(&h, tf->type, mac);
	KUNIT_ASSERT_EQ(test, nsrp_build_init(&b, buf, size, &h), 0);
	for (i = 0; i < tf->n; i++)
		KUNIT_ASSERT_EQ(test, nsrp_build_add(&b, &test_recs[tf->recs[i]]),
				(int)test_rec_len[tf->recs[i]]);
	len = nsrp_build_finish(&b);
	KUNIT_ASSERT_GT(test, len, 0);
	if (mac)
		for (i = 0; i < NSRP_MAC_LEN; i++)
			buf[len - NSRP_MAC_LEN + i] = 0xa0 + i;
	return len;
}

/*
 * Parse @buf and encode what it decodes to into @out: the same octets
 * (MAC copied) if the decoding is faithful. Returns the parse result.
 */
static enum nsrp_rx_reason test_reencode(struct kunit *test, const u8 *buf, unsigned int len,
					 u8 *out, unsigned int *out_len)
{
	struct nsrp_builder b;
	struct nsrp_frame f;
	struct nsrp_iter it;
	struct nsrp_rec rec;
	enum nsrp_rx_reason r;
	int n;

	r = nsrp_frame_parse(buf, len, &f);
	if (r)
		return r;
	KUNIT_ASSERT_EQ(test, nsrp_build_init(&b, out, TEST_BUF_LEN, &f.hdr), 0);
	nsrp_iter_init(&it, &f);
	while (nsrp_iter_next(&it, &rec))
		KUNIT_ASSERT_GT(test, nsrp_build_add(&b, &rec), 0);
	KUNIT_ASSERT_EQ(test, it.err, NSRP_RX_OK);
	n = nsrp_build_finish(&b);
	KUNIT_ASSERT_EQ(test, n, (int)f.hdr.length);
	if (f.mac)
		memcpy(out + f.auth_len, f.mac, NSRP_MAC_LEN);
	*out_len = n;
	return NSRP_RX_OK;
}

static void codec_round_trip(struct kunit *test)
{
	const struct test_frame *tf = test->param_value;
	u8 *buf = kunit_kzalloc(test, TEST_BUF_LEN, GFP_KERNEL);
	u8 *out = kunit_kzalloc(test, TEST_BUF_LEN, GFP_KERNEL);
	unsigned int i, expect, out_len;
	struct nsrp_frame f;
	struct nsrp_iter it;
	struct nsrp_rec rec;
	int mac, len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, out);
	for (mac = 0; mac <= 1; mac++) {
		expect = NSRP_HDR_LEN + (mac ? NSRP_MAC_LEN : 0);
		for (i = 0; i < tf->n; i++) {
			KUNIT_EXPECT_EQ(test, nsrp_rec_size(&test_recs[tf->recs[i]]),
					test_rec_len[tf->recs[i]]);
			expect += test_rec_len[tf->recs[i]];
		}
		len = test_build(test, tf, mac, buf, TEST_BUF_LEN);
		KUNIT_EXPECT_EQ(test, len, (int)expect);

		KUNIT_ASSERT_EQ(test, nsrp_frame_parse(buf, len, &f), NSRP_RX_OK);
		KUNIT_EXPECT_EQ(test, f.hdr.type, tf->type);
		KUNIT_EXPECT_EQ(test, f.hdr.flags, mac ? NSRP_HDR_F_MAC : 0);
		KUNIT_EXPECT_EQ(test, f.hdr.length, (u16)len);
		KUNIT_EXPECT_EQ(test, f.hdr.count, (u16)tf->n);
		KUNIT_EXPECT_EQ(test, f.hdr.cluster_id, TEST_CLUSTER);
		KUNIT_EXPECT_EQ(test, f.hdr.node_id, TEST_NODE);
		KUNIT_EXPECT_EQ(test, f.hdr.epoch, TEST_EPOCH);
		KUNIT_EXPECT_EQ(test, f.hdr.seq, TEST_SEQ);
		KUNIT_EXPECT_EQ(test, f.records_len,
				expect - NSRP_HDR_LEN - (mac ? NSRP_MAC_LEN : 0));
		if (mac) {
			KUNIT_EXPECT_PTR_EQ(test, f.mac, (const u8 *)buf + len - NSRP_MAC_LEN);
			KUNIT_EXPECT_EQ(test, f.auth_len, (unsigned int)len - NSRP_MAC_LEN);
		} else {
			KUNIT_EXPECT_NULL(test, f.mac);
			KUNIT_EXPECT_EQ(test, f.auth_len, (unsigned int)len);
		}

		nsrp_iter_init(&it, &f);
		for (i = 0; nsrp_iter_next(&it, &rec); i++) {
			KUNIT_ASSERT_LT(test, i, (unsigned int)tf->n);
			const struct nsrp_rec *want = &test_recs[tf->recs[i]];

			KUNIT_EXPECT_EQ_MSG(test, memcmp(&rec, want, sizeof(rec)), 0,
					    "record %u differs", i);
		}
		KUNIT_EXPECT_EQ(test, i, (unsigned int)tf->n);
		KUNIT_EXPECT_EQ(test, it.err, NSRP_RX_OK);

		/* Decoding then encoding gives the same octets. */
		KUNIT_ASSERT_EQ(test, test_reencode(test, buf, len, out, &out_len), NSRP_RX_OK);
		KUNIT_EXPECT_EQ(test, out_len, (unsigned int)len);
		KUNIT_EXPECT_EQ(test, memcmp(out, buf, len), 0);
	}
}

static void codec_truncated(struct kunit *test)
{
	const struct test_frame *tf = *(const struct test_frame *const *)test->param_value;
	u8 *buf = kunit_kzalloc(test, TEST_BUF_LEN, GFP_KERNEL);
	struct nsrp_frame f;
	int mac, len, cut;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (mac = 0; mac <= 1; mac++) {
		len = test_build(test, tf, mac, buf, TEST_BUF_LEN);
		for (cut = 0; cut < len; cut++)
			KUNIT_EXPECT_NE_MSG(test, nsrp_frame_parse(buf, cut, &f), NSRP_RX_OK,
					    "accepted %d of %d octets", cut, len);
		/* Octets past Length are not padding in a frame this long. */
		KUNIT_EXPECT_EQ(test, nsrp_frame_parse(buf, len + 1, &f), NSRP_RX_BAD_LENGTH);
		KUNIT_EXPECT_EQ(test, nsrp_frame_parse(buf, len, &f), NSRP_RX_OK);
	}
}

/* Independent rules: what a valid record is, written out differently. */
static bool test_key_ok(const struct nsrp_rec_key *k)
{
	static const u8 zero[12];
	unsigned int alen;
	int cmp;

	if (k->family == NSRP_WIRE_IPV4)
		alen = 4;
	else if (k->family == NSRP_WIRE_IPV6)
		alen = 16;
	else
		return false;
	if (alen == 4 && (memcmp(k->addr_a + 4, zero, 12) || memcmp(k->addr_b + 4, zero, 12)))
		return false;
	if (k->proto != IPPROTO_TCP && k->proto != IPPROTO_UDP) {
		bool echo = k->proto == IPPROTO_ICMP || k->proto == IPPROTO_ICMPV6;

		if (k->port_a != k->port_b || (!echo && k->port_a))
			return false;
	}
	cmp = memcmp(k->addr_a, k->addr_b, alen);
	return cmp < 0 || (cmp == 0 && k->port_a <= k->port_b);
}

static bool test_live_ok(const struct nsrp_rec_sess *s)
{
	static const bool tcp_states[] = { 0, 1, 1, 1, 1, 1, 0 };
	static const bool other_states[] = { 0, 0, 0, 0, 0, 0, 1 };
	const bool *ok = s->key.proto == IPPROTO_TCP ? tcp_states : other_states;

	return s->state < ARRAY_SIZE(tcp_states) && ok[s->state] &&
	       s->timeout_ms >= 1 && s->timeout_ms <= 24U * 3600 * 1000 &&
	       s->remaining_ms <= s->timeout_ms;
}

static bool test_rec_ok(const struct nsrp_rec *r)
{
	const struct nsrp_rec_sess *s = &r->sess;

	switch (r->type) {
	case NSRP_REC_UPSERT:
		return test_key_ok(&s->key) && test_live_ok(s) && !s->verdict &&
		       !(s->takeover && s->handover);
	case NSRP_REC_CLOSE:
	case NSRP_REC_AGE_QUERY:
		return test_key_ok(&s->key) && !s->orig_is_a && !s->takeover && !s->handover &&
		       !s->state &&
		       !s->verdict && !s->timeout_ms && !s->remaining_ms;
	case NSRP_REC_AGE_ANSWER:
		if (!test_key_ok(&s->key) || s->takeover || s->handover)
			return false;
		if (s->verdict == NSRP_AGE_GONE)
			return !s->orig_is_a && !s->state && !s->timeout_ms && !s->remaining_ms;
		return (s->verdict == NSRP_AGE_ACTIVE || s->verdict == NSRP_AGE_IDLE) &&
		       test_live_ok(s);
	case NSRP_REC_HELLO:
		return r->hello.role >= 1 && r->hello.role <= 4 && r->hello.flags <= 15 &&
		       r->hello.interval_ms && r->hello.lost_threshold;
	case NSRP_REC_ACK:
		return r->ack.epoch && r->ack.cum_seq && r->ack.nacks <= 32;
	case NSRP_REC_NACK:
		return r->nack.first_seq && r->nack.count;
	case NSRP_REC_BULK_REQ:
		return r->bulk.request_id && !r->bulk.sessions && !r->bulk.status;
	case NSRP_REC_BULK_END:
		return r->bulk.request_id && (r->bulk.status == 1 || r->bulk.status == 2);
	}
	return false;
}

/* The NACKs of a frame, against their ACK: ordered, apart, in the window. */
static bool test_nacks_ok(const struct nsrp_rec *recs, unsigned int n)
{
	unsigned int i, left = 0;
	u64 min = 0, cum = 0;

	for (i = 0; i < n; i++) {
		const struct nsrp_rec *r = &recs[i];

		if (r->type == NSRP_REC_ACK) {
			left = r->ack.nacks;
			cum = r->ack.cum_seq;
			min = cum > 65536 ? cum - 65536 : 1;
		} else if (r->type == NSRP_REC_NACK) {
			u64 last = (u64)r->nack.first_seq + r->nack.count - 1;

			if (!left-- || r->nack.first_seq < min || last >= cum)
				return false;
			min = last + 2;
		}
	}
	return !left;
}

enum test_class { C_CHECKED, C_STRICT, C_FREE };

static void test_mark(u8 *cls, unsigned int off, unsigned int len, u8 c)
{
	memset(cls + off, c, len);
}

/* The class of every octet of a record at @off. */
static void test_classify_rec(u8 *cls, unsigned int off, const struct nsrp_rec *r)
{
	unsigned int klen = r->sess.key.family == NSRP_WIRE_IPV6 ? NSRP_KEY6_LEN : NSRP_KEY4_LEN;

	test_mark(cls, off, 1, C_STRICT);		/* record type */
	switch (r->type) {
	case NSRP_REC_UPSERT:
		test_mark(cls, off + 1, 1, C_STRICT);	/* family */
		test_mark(cls, off + klen + offsetof(struct nsrp_wire_sess, reserved), 3, C_STRICT);
		break;
	case NSRP_REC_CLOSE:
	case NSRP_REC_AGE_QUERY:
		test_mark(cls, off + 1, 1, C_STRICT);
		test_mark(cls, off + 3, 1, C_STRICT);	/* key flags */
		break;
	case NSRP_REC_AGE_ANSWER:
		test_mark(cls, off + 1, 1, C_STRICT);
		if (r->sess.verdict == NSRP_AGE_GONE)
			test_mark(cls, off + 3, 1, C_STRICT);
		test_mark(cls, off + klen + offsetof(struct nsrp_wire_answer, reserved), 2,
			  C_STRICT);
		break;
	case NSRP_REC_HELLO:
		test_mark(cls, off + offsetof(struct nsrp_wire_hello, priority), 1, C_FREE);
		test_mark(cls, off + offsetof(struct nsrp_wire_hello, reserved), 1, C_STRICT);
		test_mark(cls, off + offsetof(struct nsrp_wire_hello, peer_epoch), 4, C_FREE);
		break;
	case NSRP_REC_ACK:
		test_mark(cls, off + offsetof(struct nsrp_wire_ack, nacks), 3, C_STRICT);
		break;
	case NSRP_REC_NACK:
		test_mark(cls, off + offsetof(struct nsrp_wire_nack, reserved), 1, C_STRICT);
		break;
	case NSRP_REC_BULK_REQ:
		test_mark(cls, off + offsetof(struct nsrp_wire_bulk_req, reserved), 3, C_STRICT);
		break;
	case NSRP_REC_BULK_END:
		test_mark(cls, off + offsetof(struct nsrp_wire_bulk_end, reserved), 2, C_STRICT);
		test_mark(cls, off + offsetof(struct nsrp_wire_bulk_end, sessions), 4, C_FREE);
		break;
	}
}

struct test_corrupt_ctx {
	u8 *buf, *copy, *out, *cls;
	struct nsrp_rec *recs;
};

/* A corrupted frame that parsed: valid by our rules, and read faithfully? */
static bool test_faithful(struct kunit *test, struct test_corrupt_ctx *c, int len)
{
	unsigned int i, n = 0, out_len;
	struct nsrp_frame f;
	struct nsrp_iter it;

	if (nsrp_frame_parse(c->copy, len, &f) != NSRP_RX_OK)
		return false;
	if (!f.hdr.node_id || !f.hdr.epoch || !f.hdr.seq)
		return false;
	nsrp_iter_init(&it, &f);
	while (n < TEST_MAX_RECS && nsrp_iter_next(&it, &c->recs[n]))
		n++;
	if (it.err != NSRP_RX_OK || n != f.hdr.count || !test_nacks_ok(c->recs, n))
		return false;
	for (i = 0; i < n; i++)
		if (!test_rec_ok(&c->recs[i]))
			return false;
	if (test_reencode(test, c->copy, len, c->out, &out_len) != NSRP_RX_OK)
		return false;
	return out_len == len && !memcmp(c->out, c->copy, len);
}

static void codec_corrupted(struct kunit *test)
{
	const struct test_frame *tf = *(const struct test_frame *const *)test->param_value;
	unsigned int i, pos, v, off, accepted = 0, failures = 0;
	struct test_corrupt_ctx c;
	struct nsrp_frame f;
	int len;

	c.buf = kunit_kzalloc(test, TEST_BUF_LEN, GFP_KERNEL);
	c.copy = kunit_kzalloc(test, TEST_BUF_LEN, GFP_KERNEL);
	c.out = kunit_kzalloc(test, TEST_BUF_LEN, GFP_KERNEL);
	c.cls = kunit_kzalloc(test, TEST_BUF_LEN, GFP_KERNEL);
	c.recs = kunit_kcalloc(test, TEST_MAX_RECS, sizeof(*c.recs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c.buf);
	KUNIT_ASSERT_NOT_NULL(test, c.copy);
	KUNIT_ASSERT_NOT_NULL(test, c.out);
	KUNIT_ASSERT_NOT_NULL(test, c.cls);
	KUNIT_ASSERT_NOT_NULL(test, c.recs);

	len = test_build(test, tf, true, c.buf, TEST_BUF_LEN);

	/* The header: */
	test_mark(c.cls, 0, offsetof(struct nsrp_wire_hdr, cluster_id), C_STRICT);
	test_mark(c.cls, offsetof(struct nsrp_wire_hdr, cluster_id), 2, C_FREE);
	/* the records: */
	off = NSRP_HDR_LEN;
	for (i = 0; i < tf->n; i++) {
		test_classify_rec(c.cls, off, &test_recs[tf->recs[i]]);
		off += test_rec_len[tf->recs[i]];
	}
	/* the MAC, which the glue checks: */
	test_mark(c.cls, len - NSRP_MAC_LEN, NSRP_MAC_LEN, C_FREE);

	for (pos = 0; pos < len; pos++) {
		for (v = 0; v < 256; v++) {
			const char *fail = NULL;
			enum nsrp_rx_reason r;

			if (v == c.buf[pos])
				continue;
			memcpy(c.copy, c.buf, len);
			c.copy[pos] = v;
			r = nsrp_frame_parse(c.copy, len, &f);
			if (r == NSRP_RX_OK)
				accepted++;
			if (c.cls[pos] == C_STRICT && r == NSRP_RX_OK)
				fail = "strict octet accepted";
			else if (c.cls[pos] == C_FREE && r != NSRP_RX_OK)
				fail = "free octet rejected";
			else if (r == NSRP_RX_OK && !test_faithful(test, &c, len))
				fail = "accepted, but invalid or misread";
			if (!fail)
				continue;
			KUNIT_FAIL(test, "octet %u = %#x: %s (%s)", pos, v, fail,
				   nsrp_rx_reason_name(r));
			if (++failures == 10) {
				KUNIT_FAIL(test, "stopping after %u failures", failures);
				return;
			}
		}
		cond_resched();	/* ~40000 parses a frame: slow under emulation */
	}
	kunit_info(test, "%d octets, %u single-octet corruptions accepted as valid", len,
		   accepted);
}

/* Targeted malformations, each with the reason it must be rejected for. */
enum { B_UP4, B_CTL, B_END, B_ANS, B_GRE, B_ICMP, B_SAME, B_COUNT };

static const struct test_frame test_bases[B_COUNT] = {
	[B_UP4] = { "up4", NSRP_MSG_DATA, 1, { R_UP4_TCP } },
	[B_CTL] = { "ctl", NSRP_MSG_CONTROL, 5, { R_ACK2, R_NACK1, R_NACK2, R_HELLO, R_BULK_REQ } },
	[B_END] = { "end", NSRP_MSG_DATA, 1, { R_BULK_END } },
	[B_ANS] = { "ans", NSRP_MSG_CONTROL, 2, { R_ANS4_ACTIVE, R_ANS4_GONE } },
	[B_GRE] = { "gre", NSRP_MSG_DATA, 1, { R_UP4_GRE } },
	[B_ICMP] = { "icmp", NSRP_MSG_DATA, 1, { R_UP4_ICMP } },
	[B_SAME] = { "same", NSRP_MSG_DATA, 1, { R_UP4_SAME } },
};

#define HDR(f)		offsetof(struct nsrp_wire_hdr, f)
#define UP4(f)		(NSRP_HDR_LEN + offsetof(struct nsrp_wire_upsert4, f))
#define CTL_ACK(f)	(NSRP_HDR_LEN + offsetof(struct nsrp_wire_ack, f))
#define CTL_NACK1(f)	(NSRP_HDR_LEN + NSRP_ACK_LEN + offsetof(struct nsrp_wire_nack, f))
#define CTL_NACK2(f)	(CTL_NACK1(f) + NSRP_NACK_LEN)
#define CTL_HELLO(f)	(NSRP_HDR_LEN + NSRP_ACK_LEN + 2 * NSRP_NACK_LEN + \
			 offsetof(struct nsrp_wire_hello, f))
#define CTL_BREQ(f)	(CTL_HELLO(type) + NSRP_HELLO_LEN + offsetof(struct nsrp_wire_bulk_req, f))
#define END(f)		(NSRP_HDR_LEN + offsetof(struct nsrp_wire_bulk_end, f))
#define ANS1(f)		(NSRP_HDR_LEN + offsetof(struct nsrp_wire_answer4, f))
#define ANS2(f)		(ANS1(f) + NSRP_AGE_ANSWER4_LEN)

struct test_reject {
	const char *name;
	u8 base;
	u8 width;		/* octets written at off: 1, 2 or 4, big endian */
	u16 off;
	u32 val;
	enum nsrp_rx_reason want;
};

static const struct test_reject test_rejects[] = {
	{ "version_0", B_UP4, 1, HDR(version), 0, NSRP_RX_BAD_VERSION },
	{ "version_2", B_UP4, 1, HDR(version), 2, NSRP_RX_BAD_VERSION },
	{ "type_0", B_UP4, 1, HDR(type), 0, NSRP_RX_BAD_TYPE },
	{ "type_3", B_UP4, 1, HDR(type), 3, NSRP_RX_BAD_TYPE },
	{ "upsert_in_control", B_UP4, 1, HDR(type), NSRP_MSG_CONTROL, NSRP_RX_MISPLACED },
	{ "ack_in_data", B_CTL, 1, HDR(type), NSRP_MSG_DATA, NSRP_RX_MISPLACED },
	{ "flags_unknown", B_UP4, 1, HDR(flags), 0x02, NSRP_RX_BAD_FLAGS },
	{ "flags_mac_without_trailer", B_UP4, 1, HDR(flags), NSRP_HDR_F_MAC, NSRP_RX_BAD_COUNT },
	{ "hdr_reserved", B_UP4, 1, HDR(reserved), 0x80, NSRP_RX_RESERVED },
	{ "length_over", B_UP4, 2, HDR(length), NSRP_HDR_LEN + NSRP_UPSERT4_LEN + 1,
	  NSRP_RX_TRUNCATED },
	{ "length_under", B_UP4, 2, HDR(length), NSRP_HDR_LEN + NSRP_UPSERT4_LEN - 1,
	  NSRP_RX_BAD_LENGTH },
	{ "length_header_only", B_UP4, 2, HDR(length), NSRP_HDR_LEN, NSRP_RX_BAD_LENGTH },
	{ "length_zero", B_UP4, 2, HDR(length), 0, NSRP_RX_BAD_LENGTH },
	{ "count_0", B_UP4, 2, HDR(count), 0, NSRP_RX_BAD_COUNT },
	{ "count_2", B_UP4, 2, HDR(count), 2, NSRP_RX_BAD_COUNT },
	{ "count_huge", B_UP4, 2, HDR(count), 0xffff, NSRP_RX_BAD_COUNT },
	{ "count_short", B_CTL, 2, HDR(count), 4, NSRP_RX_BAD_COUNT },
	{ "node_0", B_UP4, 2, HDR(node_id), 0, NSRP_RX_BAD_NODE },
	{ "epoch_0", B_UP4, 4, HDR(epoch), 0, NSRP_RX_BAD_SEQ },
	{ "seq_0", B_UP4, 4, HDR(seq), 0, NSRP_RX_BAD_SEQ },
	{ "record_type_0", B_UP4, 1, UP4(key.head.type), 0, NSRP_RX_BAD_RECORD },
	{ "record_type_unknown", B_UP4, 1, UP4(key.head.type), 0x7f, NSRP_RX_BAD_RECORD },
	{ "family_0", B_UP4, 1, UP4(key.head.family), 0, NSRP_RX_BAD_FAMILY },
	{ "family_2", B_UP4, 1, UP4(key.head.family), 2, NSRP_RX_BAD_FAMILY },
	{ "family_10", B_UP4, 1, UP4(key.head.family), 10, NSRP_RX_BAD_FAMILY },
	{ "family_6_short", B_UP4, 1, UP4(key.head.family), NSRP_WIRE_IPV6, NSRP_RX_BAD_COUNT },
	{ "key_flags_unknown", B_UP4, 1, UP4(key.head.flags), 0x81, NSRP_RX_RESERVED },
	{ "upsert_reserved", B_UP4, 1, UP4(sess.reserved[2]), 1, NSRP_RX_RESERVED },
	{ "key_order", B_UP4, 4, UP4(key.addr_a), 0x0a000303, NSRP_RX_BAD_KEY_ORDER },
	{ "key_order_ports", B_SAME, 2, UP4(key.head.port_a), 1001, NSRP_RX_BAD_KEY_ORDER },
	{ "gre_ports", B_GRE, 2, UP4(key.head.port_b), 1, NSRP_RX_BAD_PORTS },
	{ "sctp_no_ports", B_GRE, 1, UP4(key.head.proto), IPPROTO_SCTP, NSRP_RX_OK },
	{ "icmp_ids_differ", B_ICMP, 2, UP4(key.head.port_b), 78, NSRP_RX_BAD_PORTS },
	{ "icmp_as_udp", B_ICMP, 1, UP4(key.head.proto), IPPROTO_UDP, NSRP_RX_OK },
	{ "icmp_as_tcp", B_ICMP, 1, UP4(key.head.proto), IPPROTO_TCP, NSRP_RX_BAD_STATE },
	{ "icmp_as_gre", B_ICMP, 1, UP4(key.head.proto), IPPROTO_GRE, NSRP_RX_BAD_PORTS },
	{ "state_0", B_UP4, 1, UP4(sess.state), 0, NSRP_RX_BAD_STATE },
	{ "state_tcp_active", B_UP4, 1, UP4(sess.state), NSRP_WIRE_STATE_ACTIVE,
	  NSRP_RX_BAD_STATE },
	{ "state_tcp_closing", B_UP4, 1, UP4(sess.state), NSRP_WIRE_STATE_CLOSING, NSRP_RX_OK },
	{ "state_udp_tcp", B_GRE, 1, UP4(sess.state), NSRP_WIRE_STATE_ESTABLISHED,
	  NSRP_RX_BAD_STATE },
	{ "state_7", B_UP4, 1, UP4(sess.state), 7, NSRP_RX_BAD_STATE },
	{ "timeout_0", B_UP4, 4, UP4(sess.timeout_ms), 0, NSRP_RX_BAD_TIMEOUT },
	{ "timeout_max", B_UP4, 4, UP4(sess.timeout_ms), NSRP_WIRE_TIMEOUT_MAX_MS, NSRP_RX_OK },
	{ "timeout_over", B_UP4, 4, UP4(sess.timeout_ms), NSRP_WIRE_TIMEOUT_MAX_MS + 1,
	  NSRP_RX_BAD_TIMEOUT },
	{ "remaining_over", B_UP4, 4, UP4(sess.remaining_ms), 1800001, NSRP_RX_BAD_REMAINING },
	{ "remaining_equal", B_UP4, 4, UP4(sess.remaining_ms), 1800000, NSRP_RX_OK },
	{ "verdict_0", B_ANS, 1, ANS1(ans.verdict), 0, NSRP_RX_BAD_VERDICT },
	{ "verdict_4", B_ANS, 1, ANS1(ans.verdict), 4, NSRP_RX_BAD_VERDICT },
	{ "verdict_idle", B_ANS, 1, ANS1(ans.verdict), NSRP_AGE_IDLE, NSRP_RX_OK },
	{ "verdict_gone_with_session", B_ANS, 1, ANS1(ans.verdict), NSRP_AGE_GONE,
	  NSRP_RX_BAD_VERDICT },
	{ "gone_with_state", B_ANS, 1, ANS2(ans.state), NSRP_WIRE_STATE_ACTIVE,
	  NSRP_RX_BAD_VERDICT },
	{ "gone_with_orig", B_ANS, 1, ANS2(key.head.flags), NSRP_KEY_F_ORIG_IS_A,
	  NSRP_RX_BAD_VERDICT },
	{ "gone_with_timeout", B_ANS, 4, ANS2(ans.timeout_ms), 1, NSRP_RX_BAD_VERDICT },
	{ "answer_reserved", B_ANS, 2, ANS1(ans.reserved), 0x100, NSRP_RX_RESERVED },
	{ "answer_takeover", B_ANS, 1, ANS1(key.head.flags), 0x03, NSRP_RX_RESERVED },
	{ "upsert_takeover", B_UP4, 1, UP4(key.head.flags), 0x03, NSRP_RX_OK },
	{ "upsert_handover", B_UP4, 1, UP4(key.head.flags), 0x05, NSRP_RX_OK },
	{ "upsert_takeover_and_handover", B_UP4, 1, UP4(key.head.flags), 0x07, NSRP_RX_RESERVED },
	{ "upsert_key_flag_8", B_UP4, 1, UP4(key.head.flags), 0x09, NSRP_RX_RESERVED },
	{ "answer_handover", B_ANS, 1, ANS1(key.head.flags), 0x05, NSRP_RX_RESERVED },
	{ "answer_as_query", B_ANS, 1, ANS1(key.head.type), NSRP_REC_AGE_QUERY, NSRP_RX_RESERVED },
	{ "hello_role_0", B_CTL, 1, CTL_HELLO(role), 0, NSRP_RX_BAD_HELLO },
	{ "hello_role_5", B_CTL, 1, CTL_HELLO(role), 5, NSRP_RX_BAD_HELLO },
	{ "hello_claim_yield", B_CTL, 1, CTL_HELLO(flags), 0x0f, NSRP_RX_OK },
	{ "hello_flags", B_CTL, 1, CTL_HELLO(flags), 0x10, NSRP_RX_RESERVED },
	{ "hello_interval_0", B_CTL, 2, CTL_HELLO(interval_ms), 0, NSRP_RX_BAD_HELLO },
	{ "hello_lost_0", B_CTL, 1, CTL_HELLO(lost_threshold), 0, NSRP_RX_BAD_HELLO },
	{ "hello_reserved", B_CTL, 1, CTL_HELLO(reserved), 1, NSRP_RX_RESERVED },
	{ "hello_twice", B_CTL, 1, CTL_BREQ(type), NSRP_REC_HELLO, NSRP_RX_BAD_COUNT },
	{ "ack_epoch_0", B_CTL, 4, CTL_ACK(epoch), 0, NSRP_RX_BAD_ACK },
	{ "ack_cum_0", B_CTL, 4, CTL_ACK(cum_seq), 0, NSRP_RX_BAD_ACK },
	{ "ack_nacks_over_max", B_CTL, 1, CTL_ACK(nacks), NSRP_NACK_MAX + 1, NSRP_RX_BAD_ACK },
	{ "ack_nacks_missing", B_CTL, 1, CTL_ACK(nacks), 3, NSRP_RX_BAD_ACK },
	{ "ack_nacks_fewer", B_CTL, 1, CTL_ACK(nacks), 1, NSRP_RX_MISPLACED },
	{ "ack_nacks_none", B_CTL, 1, CTL_ACK(nacks), 0, NSRP_RX_MISPLACED },
	{ "ack_reserved", B_CTL, 2, CTL_ACK(reserved), 1, NSRP_RX_RESERVED },
	{ "ack_cum_at_last_nack", B_CTL, 4, CTL_ACK(cum_seq), 42, NSRP_RX_BAD_NACK },
	{ "ack_cum_after_last_nack", B_CTL, 4, CTL_ACK(cum_seq), 43, NSRP_RX_OK },
	{ "ack_window_edge", B_CTL, 4, CTL_ACK(cum_seq), 10 + NSRP_NACK_WINDOW, NSRP_RX_OK },
	{ "ack_window_over", B_CTL, 4, CTL_ACK(cum_seq), 11 + NSRP_NACK_WINDOW, NSRP_RX_BAD_NACK },
	{ "nack_count_0", B_CTL, 2, CTL_NACK1(count), 0, NSRP_RX_BAD_NACK },
	{ "nack_first_0", B_CTL, 4, CTL_NACK1(first_seq), 0, NSRP_RX_BAD_NACK },
	{ "nack_reserved", B_CTL, 1, CTL_NACK1(reserved), 1, NSRP_RX_RESERVED },
	{ "nack_adjacent", B_CTL, 4, CTL_NACK2(first_seq), 15, NSRP_RX_BAD_NACK },
	{ "nack_apart_by_one", B_CTL, 4, CTL_NACK2(first_seq), 16, NSRP_RX_OK },
	{ "nack_overlap", B_CTL, 4, CTL_NACK2(first_seq), 12, NSRP_RX_BAD_NACK },
	{ "nack_descending", B_CTL, 4, CTL_NACK2(first_seq), 2, NSRP_RX_BAD_NACK },
	{ "nack_reaches_cum", B_CTL, 2, CTL_NACK2(count), 61, NSRP_RX_BAD_NACK },
	{ "nack_below_cum", B_CTL, 2, CTL_NACK2(count), 60, NSRP_RX_OK },
	{ "nack_huge", B_CTL, 2, CTL_NACK2(count), 0xffff, NSRP_RX_BAD_NACK },
	{ "bulk_req_0", B_CTL, 4, CTL_BREQ(request_id), 0, NSRP_RX_BAD_BULK },
	{ "bulk_req_reserved", B_CTL, 1, CTL_BREQ(reserved[1]), 1, NSRP_RX_RESERVED },
	{ "bulk_end_0", B_END, 4, END(request_id), 0, NSRP_RX_BAD_BULK },
	{ "bulk_end_status_0", B_END, 1, END(status), 0, NSRP_RX_BAD_BULK },
	{ "bulk_end_status_3", B_END, 1, END(status), 3, NSRP_RX_BAD_BULK },
	{ "bulk_end_aborted", B_END, 1, END(status), NSRP_BULK_ABORTED, NSRP_RX_OK },
	{ "bulk_end_reserved", B_END, 2, END(reserved), 1, NSRP_RX_RESERVED },
};

static void test_reject_to_desc(const struct test_reject *t, char *desc)
{
	strscpy(desc, t->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(test_reject, test_rejects, test_reject_to_desc);

static void codec_rejects(struct kunit *test)
{
	const struct test_reject *t = test->param_value;
	u8 *buf = kunit_kzalloc(test, TEST_BUF_LEN, GFP_KERNEL);
	struct nsrp_frame f;
	unsigned int i;
	int len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = test_build(test, &test_bases[t->base], false, buf, TEST_BUF_LEN);
	KUNIT_ASSERT_EQ(test, nsrp_frame_parse(buf, len, &f), NSRP_RX_OK);
	KUNIT_ASSERT_LE(test, t->off + t->width, (unsigned int)len);
	for (i = 0; i < t->width; i++)
		buf[t->off + i] = t->val >> (8 * (t->width - 1 - i));
	KUNIT_EXPECT_STREQ(test, nsrp_rx_reason_name(nsrp_frame_parse(buf, len, &f)),
			   nsrp_rx_reason_name(t->want));
}

/* Rules only the encoder can meet: host fields with no place on the wire. */
static void codec_validate_host(struct kunit *test)
{
	struct nsrp_rec r;

	r = test_recs[R_UP4_TCP];
	r.sess.key.addr_a[4] = 1;
	KUNIT_EXPECT_EQ(test, nsrp_rec_validate(&r), NSRP_RX_BAD_ADDR);
	r = test_recs[R_UP4_TCP];
	r.sess.key.addr_b[15] = 1;
	KUNIT_EXPECT_EQ(test, nsrp_rec_validate(&r), NSRP_RX_BAD_ADDR);
	r = test_recs[R_UP4_TCP];
	r.sess.verdict = NSRP_AGE_ACTIVE;
	KUNIT_EXPECT_EQ(test, nsrp_rec_validate(&r), NSRP_RX_RESERVED);
	r = test_recs[R_CLOSE4];
	r.sess.timeout_ms = 1;
	KUNIT_EXPECT_EQ(test, nsrp_rec_validate(&r), NSRP_RX_RESERVED);
	r = test_recs[R_QUERY6];
	r.sess.orig_is_a = true;
	KUNIT_EXPECT_EQ(test, nsrp_rec_validate(&r), NSRP_RX_RESERVED);
	r = test_recs[R_CLOSE6];
	r.sess.takeover = true;
	KUNIT_EXPECT_EQ(test, nsrp_rec_validate(&r), NSRP_RX_RESERVED);
	r = test_recs[R_ANS6_IDLE];
	r.sess.takeover = true;
	KUNIT_EXPECT_EQ(test, nsrp_rec_validate(&r), NSRP_RX_RESERVED);
	r = test_recs[R_QUERY6];
	r.sess.handover = true;
	KUNIT_EXPECT_EQ(test, nsrp_rec_validate(&r), NSRP_RX_RESERVED);
	r = test_recs[R_UP4_TCP];
	r.sess.takeover = true;
	r.sess.handover = true;
	KUNIT_EXPECT_EQ(test, nsrp_rec_validate(&r), NSRP_RX_RESERVED);
	r = test_recs[R_BULK_REQ];
	r.bulk.sessions = 1;
	KUNIT_EXPECT_EQ(test, nsrp_rec_validate(&r), NSRP_RX_RESERVED);
	r = test_recs[R_UP6_UDP];
	r.sess.key.family = 10;		/* AF_INET6 is not the wire's 6 */
	KUNIT_EXPECT_EQ(test, nsrp_rec_validate(&r), NSRP_RX_BAD_FAMILY);
	KUNIT_EXPECT_EQ(test, nsrp_rec_size(&r), 0U);
	r.type = 0x42;
	KUNIT_EXPECT_EQ(test, nsrp_rec_validate(&r), NSRP_RX_BAD_RECORD);
}

/* Records that a frame holds once, and NACKs outside an ACK, built by hand. */
static void codec_placement(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, TEST_BUF_LEN, GFP_KERNEL);
	struct nsrp_wire_hdr *wh = (struct nsrp_wire_hdr *)buf;
	static const u8 twice[] = { R_HELLO, R_ACK0, R_BULK_REQ, R_BULK_END };
	static const u8 nack[NSRP_NACK_LEN] = { NSRP_REC_NACK, 0, 0, 1, 0, 0, 0, 1 };
	struct nsrp_builder b;
	struct nsrp_frame f;
	struct nsrp_hdr h;
	unsigned int i, rlen;
	int len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < ARRAY_SIZE(twice); i++) {
		const struct nsrp_rec *r = &test_recs[twice[i]];
		u8 type = r->type == NSRP_REC_BULK_END ? NSRP_MSG_DATA : NSRP_MSG_CONTROL;

		test_hdr(&h, type, false);
		KUNIT_ASSERT_EQ(test, nsrp_build_init(&b, buf, TEST_BUF_LEN, &h), 0);
		rlen = nsrp_build_add(&b, r);
		KUNIT_ASSERT_GT(test, rlen, 0U);
		KUNIT_EXPECT_EQ(test, nsrp_build_add(&b, r), -EINVAL);
		len = nsrp_build_finish(&b);
		KUNIT_ASSERT_GT(test, len, 0);
		/* Copy the record once more and fix up the header. */
		memcpy(buf + len, buf + NSRP_HDR_LEN, rlen);
		wh->length = cpu_to_be16(len + rlen);
		wh->count = cpu_to_be16(2);
		KUNIT_EXPECT_EQ(test, nsrp_frame_parse(buf, len + rlen, &f), NSRP_RX_MISPLACED);
	}

	/* A NACK after the NACKs its ACK announced. */
	test_hdr(&h, NSRP_MSG_CONTROL, false);
	KUNIT_ASSERT_EQ(test, nsrp_build_init(&b, buf, TEST_BUF_LEN, &h), 0);
	KUNIT_ASSERT_GT(test, nsrp_build_add(&b, &test_recs[R_ACK2]), 0);
	KUNIT_ASSERT_GT(test, nsrp_build_add(&b, &test_recs[R_NACK1]), 0);
	KUNIT_ASSERT_GT(test, nsrp_build_add(&b, &test_recs[R_NACK2]), 0);
	KUNIT_EXPECT_EQ(test, nsrp_build_add(&b, &test_recs[R_NACK2]), -EINVAL);
	len = nsrp_build_finish(&b);
	KUNIT_ASSERT_GT(test, len, 0);
	memcpy(buf + len, buf + len - NSRP_NACK_LEN, NSRP_NACK_LEN);
	wh->length = cpu_to_be16(len + NSRP_NACK_LEN);
	wh->count = cpu_to_be16(4);
	KUNIT_EXPECT_EQ(test, nsrp_frame_parse(buf, len + NSRP_NACK_LEN, &f), NSRP_RX_MISPLACED);

	/* A NACK with no ACK at all. */
	KUNIT_ASSERT_EQ(test, nsrp_build_init(&b, buf, TEST_BUF_LEN, &h), 0);
	KUNIT_ASSERT_GT(test, nsrp_build_add(&b, &test_recs[R_HELLO]), 0);
	len = nsrp_build_finish(&b);
	KUNIT_ASSERT_GT(test, len, 0);
	memcpy(buf + len, nack, sizeof(nack));
	wh->length = cpu_to_be16(len + sizeof(nack));
	wh->count = cpu_to_be16(2);
	KUNIT_EXPECT_EQ(test, nsrp_frame_parse(buf, len + sizeof(nack), &f), NSRP_RX_MISPLACED);
}

/* Short frames come padded to Ethernet's minimum: padding, not records. */
static void codec_padding(struct kunit *test)
{
	static const struct test_frame hello = { "hello", NSRP_MSG_CONTROL, 1, { R_HELLO } };
	u8 *buf = kunit_kzalloc(test, TEST_BUF_LEN, GFP_KERNEL);
	struct nsrp_frame f;
	int len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = test_build(test, &hello, false, buf, TEST_BUF_LEN);
	KUNIT_ASSERT_EQ(test, len, NSRP_HDR_LEN + NSRP_HELLO_LEN);
	KUNIT_ASSERT_LT(test, len, NSRP_ETH_MIN_PAYLOAD);
	memset(buf + len, 0xee, NSRP_ETH_MIN_PAYLOAD - len);
	KUNIT_EXPECT_EQ(test, nsrp_frame_parse(buf, NSRP_ETH_MIN_PAYLOAD, &f), NSRP_RX_OK);
	KUNIT_EXPECT_EQ(test, f.hdr.length, (u16)len);
	KUNIT_EXPECT_EQ(test, f.records_len, (unsigned int)NSRP_HELLO_LEN);
	KUNIT_EXPECT_EQ(test, nsrp_frame_parse(buf, NSRP_ETH_MIN_PAYLOAD + 1, &f),
			NSRP_RX_BAD_LENGTH);
}

static void codec_builder(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, TEST_BUF_LEN, GFP_KERNEL);
	u8 *copy = kunit_kzalloc(test, TEST_BUF_LEN, GFP_KERNEL);
	struct nsrp_builder b;
	struct nsrp_rec bad;
	struct nsrp_hdr h;
	unsigned int size;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, copy);

	/* Bad headers and buffers. */
	test_hdr(&h, NSRP_MSG_DATA, true);
	KUNIT_EXPECT_EQ(test, nsrp_build_init(&b, buf, NSRP_HDR_LEN + NSRP_MAC_LEN + 7, &h),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, nsrp_build_init(&b, NULL, TEST_BUF_LEN, &h), -EINVAL);
	h.node_id = 0;
	KUNIT_EXPECT_EQ(test, nsrp_build_init(&b, buf, TEST_BUF_LEN, &h), -EINVAL);
	test_hdr(&h, 9, false);
	KUNIT_EXPECT_EQ(test, nsrp_build_init(&b, buf, TEST_BUF_LEN, &h), -EINVAL);
	test_hdr(&h, NSRP_MSG_DATA, false);
	h.flags = 0x40;
	KUNIT_EXPECT_EQ(test, nsrp_build_init(&b, buf, TEST_BUF_LEN, &h), -EINVAL);

	/* Nothing to finish, then wrong kinds and invalid records. */
	test_hdr(&h, NSRP_MSG_DATA, true);
	KUNIT_ASSERT_EQ(test, nsrp_build_init(&b, buf, TEST_BUF_LEN, &h), 0);
	KUNIT_EXPECT_EQ(test, nsrp_build_finish(&b), -EINVAL);
	KUNIT_EXPECT_EQ(test, nsrp_build_add(&b, &test_recs[R_HELLO]), -EINVAL);
	bad = test_recs[R_UP4_TCP];
	bad.sess.remaining_ms = bad.sess.timeout_ms + 1;
	KUNIT_EXPECT_EQ(test, nsrp_build_add(&b, &bad), -EINVAL);
	KUNIT_EXPECT_EQ(test, b.count, 0U);

	/* Full: 0, and the frame as it was. */
	size = NSRP_HDR_LEN + NSRP_UPSERT4_LEN + NSRP_CLOSE4_LEN + NSRP_MAC_LEN;
	KUNIT_ASSERT_EQ(test, nsrp_build_init(&b, buf, size, &h), 0);
	KUNIT_EXPECT_EQ(test, nsrp_build_add(&b, &test_recs[R_UP4_TCP]), NSRP_UPSERT4_LEN);
	KUNIT_EXPECT_EQ(test, nsrp_build_add(&b, &test_recs[R_UP6_UDP]), 0);
	KUNIT_EXPECT_EQ(test, nsrp_build_add(&b, &test_recs[R_CLOSE4]), NSRP_CLOSE4_LEN);
	KUNIT_EXPECT_EQ(test, nsrp_build_add(&b, &test_recs[R_BULK_END]), 0);
	KUNIT_EXPECT_EQ(test, nsrp_build_finish(&b), (int)size);

	/* An ACK goes in only with room for all its NACKs. */
	test_hdr(&h, NSRP_MSG_CONTROL, false);
	size = NSRP_HDR_LEN + NSRP_ACK_LEN + NSRP_NACK_LEN;
	KUNIT_ASSERT_EQ(test, nsrp_build_init(&b, buf, size, &h), 0);
	KUNIT_EXPECT_EQ(test, nsrp_build_add(&b, &test_recs[R_ACK2]), 0);
	KUNIT_ASSERT_EQ(test, nsrp_build_init(&b, buf, size + NSRP_NACK_LEN, &h), 0);
	KUNIT_EXPECT_EQ(test, nsrp_build_add(&b, &test_recs[R_ACK2]), NSRP_ACK_LEN);
	KUNIT_EXPECT_EQ(test, nsrp_build_add(&b, &test_recs[R_HELLO]), -EINVAL);
	KUNIT_EXPECT_EQ(test, nsrp_build_finish(&b), -EINVAL);
	KUNIT_EXPECT_EQ(test, nsrp_build_add(&b, &test_recs[R_NACK2]), NSRP_NACK_LEN);
	KUNIT_EXPECT_EQ(test, nsrp_build_add(&b, &test_recs[R_NACK1]), -EINVAL);
	KUNIT_EXPECT_EQ(test, nsrp_build_add(&b, &test_recs[R_NACK2]), -EINVAL);
	bad = test_recs[R_NACK2];
	bad.nack.first_seq = 50;
	KUNIT_EXPECT_EQ(test, nsrp_build_add(&b, &bad), NSRP_NACK_LEN);
	KUNIT_EXPECT_EQ(test, nsrp_build_finish(&b), (int)(size + NSRP_NACK_LEN));

	/* Sizes are capped at what Length can say. */
	test_hdr(&h, NSRP_MSG_DATA, false);
	KUNIT_ASSERT_EQ(test, nsrp_build_init(&b, buf, 1U << 20, &h), 0);
	KUNIT_EXPECT_EQ(test, b.size, 0xffffU);
}

/* The size goals of the issue, with the real constants and the builder. */
static void codec_size_goals(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, 1500, GFP_KERNEL);
	struct nsrp_builder b;
	struct nsrp_frame f;
	struct nsrp_hdr h;
	unsigned int n4 = 0, n6 = 0;
	int len, mac;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_LE(test, nsrp_rec_size(&test_recs[R_UP4_TCP]), 40U);
	KUNIT_EXPECT_EQ(test, nsrp_rec_size(&test_recs[R_UP4_TCP]), (unsigned int)NSRP_UPSERT4_LEN);

	for (mac = 1; mac >= 0; mac--) {
		test_hdr(&h, NSRP_MSG_DATA, mac);
		KUNIT_ASSERT_EQ(test, nsrp_build_init(&b, buf, 1500, &h), 0);
		for (n4 = 0; nsrp_build_add(&b, &test_recs[R_UP4_TCP]) > 0; n4++)
			;
		len = nsrp_build_finish(&b);
		KUNIT_EXPECT_LE(test, len, 1500);
		KUNIT_EXPECT_EQ(test, nsrp_frame_parse(buf, len, &f), NSRP_RX_OK);
		KUNIT_EXPECT_GE(test, n4, 35U);
		KUNIT_EXPECT_EQ(test, n4,
				(unsigned int)NSRP_RECS_PER_FRAME(1500, NSRP_UPSERT4_LEN, mac));

		KUNIT_ASSERT_EQ(test, nsrp_build_init(&b, buf, 1500, &h), 0);
		for (n6 = 0; nsrp_build_add(&b, &test_recs[R_UP6_UDP]) > 0; n6++)
			;
		len = nsrp_build_finish(&b);
		KUNIT_EXPECT_LE(test, len, 1500);
		KUNIT_EXPECT_EQ(test, n6,
				(unsigned int)NSRP_RECS_PER_FRAME(1500, NSRP_UPSERT6_LEN, mac));
		kunit_info(test, "1500-octet frame %s MAC: %u IPv4 or %u IPv6 upserts",
			   mac ? "with" : "without", n4, n6);
	}
}

static void codec_reason_names(struct kunit *test)
{
	unsigned int i, j;

	for (i = 0; i < __NSRP_RX_MAX; i++) {
		const char *a = nsrp_rx_reason_name(i);

		KUNIT_ASSERT_NOT_NULL(test, a);
		KUNIT_EXPECT_STRNEQ(test, a, "unknown");
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_STRNEQ(test, a, nsrp_rx_reason_name(j));
	}
	KUNIT_EXPECT_STREQ(test, nsrp_rx_reason_name(__NSRP_RX_MAX), "unknown");
}

static void codec_check_sender(struct kunit *test)
{
	struct nsrp_hdr h;

	test_hdr(&h, NSRP_MSG_DATA, false);
	KUNIT_EXPECT_EQ(test, nsrp_frame_check_sender(&h, TEST_CLUSTER, 1), NSRP_RX_OK);
	KUNIT_EXPECT_EQ(test, nsrp_frame_check_sender(&h, TEST_CLUSTER + 1, 1),
			NSRP_RX_OTHER_CLUSTER);
	KUNIT_EXPECT_EQ(test, nsrp_frame_check_sender(&h, TEST_CLUSTER, TEST_NODE),
			NSRP_RX_OWN_NODE);
}

static struct kunit_case nsrp_sync_codec_test_cases[] = {
	KUNIT_CASE_PARAM(codec_round_trip, test_frame_gen_params),
	KUNIT_CASE_PARAM(codec_truncated, test_big_frame_gen_params),
	KUNIT_CASE_PARAM(codec_corrupted, test_big_frame_gen_params),
	KUNIT_CASE_PARAM(codec_rejects, test_reject_gen_params),
	KUNIT_CASE(codec_validate_host),
	KUNIT_CASE(codec_placement),
	KUNIT_CASE(codec_padding),
	KUNIT_CASE(codec_builder),
	KUNIT_CASE(codec_size_goals),
	KUNIT_CASE(codec_reason_names),
	KUNIT_CASE(codec_check_sender),
	{}
};

static struct kunit_suite nsrp_sync_codec_test_suite = {
	.name = "nsrp_sync_codec",
	.test_cases = nsrp_sync_codec_test_cases,
};

kunit_test_suite(nsrp_sync_codec_test_suite);
