/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Sample records and frames, built with the codec's own encoder: the seed
 * corpus of the fuzzer, the cases of the userspace round-trip test and the
 * frames of the Wireshark dissector's test (tools/wireshark).
 */

#ifndef NSRP_TOOLS_SAMPLES_H
#define NSRP_TOOLS_SAMPLES_H

#include "nsrp_sync/codec.h"

#define V4(a, b, c, d)	{ a, b, c, d }
#define V6(last)	{ 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, last }

enum {
	S_UP4_TCP, S_UP6_UDP, S_UP4_ICMP, S_UP6_ICMP6, S_UP4_GRE,
	S_CLOSE4, S_CLOSE6, S_BULK_END,
	S_HELLO, S_ACK2, S_NACK1, S_NACK2, S_BULK_REQ,
	S_QUERY4, S_QUERY6, S_ANS4_ACTIVE, S_ANS6_IDLE, S_ANS4_GONE,
	S_UP4_HANDOVER, S_UP6_HANDOVER, S_HELLO_CLAIM, S_HELLO_YIELD,
	S_COUNT
};

static const struct nsrp_rec sample_recs[S_COUNT] = {
	[S_UP4_TCP] = { .type = NSRP_REC_UPSERT, .sess = {
		.key = { 4, IPPROTO_TCP, 40000, 80, V4(10, 0, 1, 2), V4(10, 0, 2, 2) },
		.orig_is_a = true, .state = NSRP_WIRE_STATE_ESTABLISHED,
		.timeout_ms = 1800000, .remaining_ms = 1799250 } },
	[S_UP6_UDP] = { .type = NSRP_REC_UPSERT, .sess = {
		.key = { 6, IPPROTO_UDP, 53, 5353, V6(0x10), V6(0x20) },
		.state = NSRP_WIRE_STATE_ACTIVE, .timeout_ms = 60000, .remaining_ms = 60000 } },
	[S_UP4_ICMP] = { .type = NSRP_REC_UPSERT, .sess = {
		.key = { 4, IPPROTO_ICMP, 77, 77, V4(192, 0, 2, 1), V4(198, 51, 100, 1) },
		.orig_is_a = true, .state = NSRP_WIRE_STATE_ACTIVE,
		.timeout_ms = 30000, .remaining_ms = 1 } },
	[S_UP6_ICMP6] = { .type = NSRP_REC_UPSERT, .sess = {
		.key = { 6, IPPROTO_ICMPV6, 9, 9, V6(1), V6(2) },
		.state = NSRP_WIRE_STATE_ACTIVE, .timeout_ms = 30000 } },
	[S_UP4_GRE] = { .type = NSRP_REC_UPSERT, .sess = {
		.key = { 4, IPPROTO_GRE, 0, 0, V4(192, 0, 2, 1), V4(192, 0, 2, 9) },
		.orig_is_a = true, .takeover = true, .state = NSRP_WIRE_STATE_ACTIVE,
		.timeout_ms = NSRP_WIRE_TIMEOUT_MAX_MS, .remaining_ms = 5 } },
	[S_CLOSE4] = { .type = NSRP_REC_CLOSE, .sess = {
		.key = { 4, IPPROTO_TCP, 443, 50000, V4(10, 9, 8, 7), V4(10, 9, 8, 8) } } },
	[S_CLOSE6] = { .type = NSRP_REC_CLOSE, .sess = {
		.key = { 6, IPPROTO_SCTP, 0, 0, V6(0x33), V6(0x44) } } },
	[S_BULK_END] = { .type = NSRP_REC_BULK_END, .bulk = {
		.request_id = 0xabcdef01, .sessions = 123456, .status = NSRP_BULK_COMPLETE } },
	[S_HELLO] = { .type = NSRP_REC_HELLO, .hello = {
		.role = NSRP_WIRE_ROLE_PRIMARY, .priority = 100, .flags = NSRP_HELLO_F_PREEMPT,
		.lost_threshold = 3, .interval_ms = 1000, .peer_epoch = 0x55000001 } },
	[S_ACK2] = { .type = NSRP_REC_ACK, .ack = {
		.epoch = 0x55000001, .cum_seq = 100, .nacks = 2 } },
	[S_NACK1] = { .type = NSRP_REC_NACK, .nack = { .first_seq = 10, .count = 5 } },
	[S_NACK2] = { .type = NSRP_REC_NACK, .nack = { .first_seq = 40, .count = 3 } },
	[S_BULK_REQ] = { .type = NSRP_REC_BULK_REQ, .bulk = { .request_id = 0x1234 } },
	[S_QUERY4] = { .type = NSRP_REC_AGE_QUERY, .sess = {
		.key = { 4, IPPROTO_UDP, 5000, 6000, V4(172, 16, 0, 1), V4(172, 16, 0, 1) } } },
	[S_QUERY6] = { .type = NSRP_REC_AGE_QUERY, .sess = {
		.key = { 6, IPPROTO_TCP, 22, 61000, V6(5), V6(6) } } },
	[S_ANS4_ACTIVE] = { .type = NSRP_REC_AGE_ANSWER, .sess = {
		.key = { 4, IPPROTO_UDP, 5000, 6000, V4(172, 16, 0, 1), V4(172, 16, 0, 1) },
		.orig_is_a = true, .state = NSRP_WIRE_STATE_ACTIVE, .verdict = NSRP_AGE_ACTIVE,
		.timeout_ms = 60000, .remaining_ms = 59990 } },
	[S_ANS6_IDLE] = { .type = NSRP_REC_AGE_ANSWER, .sess = {
		.key = { 6, IPPROTO_TCP, 22, 61000, V6(5), V6(6) },
		.state = NSRP_WIRE_STATE_FIN_WAIT, .verdict = NSRP_AGE_IDLE,
		.timeout_ms = 1800000, .remaining_ms = 1000 } },
	[S_ANS4_GONE] = { .type = NSRP_REC_AGE_ANSWER, .sess = {
		.key = { 4, IPPROTO_UDP, 1, 2, V4(10, 0, 0, 1), V4(10, 0, 0, 2) },
		.verdict = NSRP_AGE_GONE } },
	/* A primary stepping down gives its sessions to the peer (HANDOVER). */
	[S_UP4_HANDOVER] = { .type = NSRP_REC_UPSERT, .sess = {
		.key = { 4, IPPROTO_TCP, 50000, 443, V4(10, 0, 3, 1), V4(10, 0, 4, 1) },
		.orig_is_a = true, .handover = true, .state = NSRP_WIRE_STATE_ESTABLISHED,
		.timeout_ms = 1800000, .remaining_ms = 1200000 } },
	[S_UP6_HANDOVER] = { .type = NSRP_REC_UPSERT, .sess = {
		.key = { 6, IPPROTO_UDP, 53, 40053, V6(0x53), V6(0x54) },
		.handover = true, .state = NSRP_WIRE_STATE_ACTIVE,
		.timeout_ms = 30000, .remaining_ms = 0 } },
	/* Planned failover: the old primary YIELDs, the new one CLAIMs. */
	[S_HELLO_CLAIM] = { .type = NSRP_REC_HELLO, .hello = {
		.role = NSRP_WIRE_ROLE_PRIMARY, .priority = 200,
		.flags = NSRP_HELLO_F_SYNCED | NSRP_HELLO_F_CLAIM,
		.lost_threshold = 3, .interval_ms = 1000, .peer_epoch = 0x55000002 } },
	[S_HELLO_YIELD] = { .type = NSRP_REC_HELLO, .hello = {
		.role = NSRP_WIRE_ROLE_PRIMARY, .priority = 1,
		.flags = NSRP_HELLO_F_PREEMPT | NSRP_HELLO_F_SYNCED | NSRP_HELLO_F_YIELD,
		.lost_threshold = 255, .interval_ms = 50, .peer_epoch = 0x55000003 } },
};

#define SAMPLE_MAX_RECS	12

struct sample_frame {
	const char *name;
	unsigned char type;	/* enum nsrp_msg_type */
	unsigned char n;
	unsigned char recs[SAMPLE_MAX_RECS];
};

static const struct sample_frame sample_frames[] = {
	{ "upsert4", NSRP_MSG_DATA, 1, { S_UP4_TCP } },
	{ "upsert6", NSRP_MSG_DATA, 1, { S_UP6_UDP } },
	{ "close", NSRP_MSG_DATA, 2, { S_CLOSE4, S_CLOSE6 } },
	{ "bulk_end", NSRP_MSG_DATA, 1, { S_BULK_END } },
	{ "hello", NSRP_MSG_CONTROL, 1, { S_HELLO } },
	{ "ack", NSRP_MSG_CONTROL, 3, { S_ACK2, S_NACK1, S_NACK2 } },
	{ "bulk_req", NSRP_MSG_CONTROL, 1, { S_BULK_REQ } },
	{ "age_query", NSRP_MSG_CONTROL, 2, { S_QUERY4, S_QUERY6 } },
	{ "age_answer", NSRP_MSG_CONTROL, 3, { S_ANS4_ACTIVE, S_ANS6_IDLE, S_ANS4_GONE } },
	{ "data_mixed", NSRP_MSG_DATA, 8, { S_UP4_TCP, S_UP6_UDP, S_CLOSE4, S_CLOSE6, S_UP4_ICMP,
					    S_UP6_ICMP6, S_UP4_GRE, S_BULK_END } },
	{ "control_mixed", NSRP_MSG_CONTROL, 10, { S_HELLO, S_ACK2, S_NACK1, S_NACK2, S_BULK_REQ,
						   S_QUERY4, S_QUERY6, S_ANS4_ACTIVE,
						   S_ANS6_IDLE, S_ANS4_GONE } },
	{ "upsert_handover", NSRP_MSG_DATA, 2, { S_UP4_HANDOVER, S_UP6_HANDOVER } },
	{ "hello_claim", NSRP_MSG_CONTROL, 1, { S_HELLO_CLAIM } },
	{ "hello_yield", NSRP_MSG_CONTROL, 1, { S_HELLO_YIELD } },
};

#define SAMPLE_FRAMES	ARRAY_SIZE(sample_frames)
#define SAMPLE_CLUSTER	7
#define SAMPLE_NODE	2
#define SAMPLE_EPOCH	0x66a1b2c3u

static inline void sample_hdr(struct nsrp_hdr *h, unsigned char type, int mac, unsigned int seq)
{
	memset(h, 0, sizeof(*h));
	h->type = type;
	h->flags = mac ? NSRP_HDR_F_MAC : 0;
	h->cluster_id = SAMPLE_CLUSTER;
	h->node_id = SAMPLE_NODE;
	h->epoch = SAMPLE_EPOCH;
	h->seq = seq;
}

/*
 * Encode @sf into @buf (a fake MAC in the trailer when @mac): the frame's
 * length, or -1 if the encoder refused a record.
 */
static inline int sample_build(const struct sample_frame *sf, int mac, unsigned int seq,
			       unsigned char *buf, unsigned int size)
{
	struct nsrp_builder b;
	struct nsrp_hdr h;
	unsigned int i;
	int len;

	sample_hdr(&h, sf->type, mac, seq);
	if (nsrp_build_init(&b, buf, size, &h))
		return -1;
	for (i = 0; i < sf->n; i++)
		if (nsrp_build_add(&b, &sample_recs[sf->recs[i]]) <= 0)
			return -1;
	len = nsrp_build_finish(&b);
	if (len > 0 && mac)
		for (i = 0; i < NSRP_MAC_LEN; i++)
			buf[len - NSRP_MAC_LEN + i] = 0xa0 + i;
	return len;
}

#endif /* NSRP_TOOLS_SAMPLES_H */
