// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * libFuzzer harness of nsrp_sync/codec.c, the very file nsrp.ko builds.
 *
 * An input is a received frame, and the properties checked beyond "no
 * crash, no sanitizer report" are:
 *  - a reason code is one the codec may return;
 *  - an accepted frame lies within the input, and its records, read one by
 *    one, are valid, keep the flag rules (flags_ok()), are as many as
 *    Count, and encode back, with the header, to the very octets received
 *    (the encoding is canonical: nothing a receiver accepts can mean two
 *    things);
 *  - no truncation of an accepted frame is accepted.
 * An input starting with 0xff (a version no frame has) is instead read as
 * host records to encode: whatever the builder accepts, the parser must
 * accept and decode to the same records. Those records carry HANDOVER in
 * every session record kind and TAKEOVER in UPSERT and AGE_ANSWER, so that
 * the builder's refusals (both together, either outside UPSERT) are
 * exercised too; HELLO flags are any octet.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "nsrp_sync/codec.h"

#define FUZZ_MAX	0x10000
#define FUZZ_RECS	64

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,	\
			__LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

static uint8_t out[FUZZ_MAX];
static struct nsrp_rec recs[FUZZ_RECS];

/*
 * The flag rules of docs/protocol.md, restated here rather than taken from
 * nsrp_rec_validate(), so that a codec change that loosens them is caught:
 * TAKEOVER and HANDOVER in UPSERT only and never together, ORIG_IS_A not in
 * the bare keys, no unknown HELLO flag.
 */
static int flags_ok(const struct nsrp_rec *rec)
{
	const struct nsrp_rec_sess *s = &rec->sess;

	switch (rec->type) {
	case NSRP_REC_UPSERT:
		return !(s->takeover && s->handover);
	case NSRP_REC_AGE_ANSWER:
		return !s->takeover && !s->handover;
	case NSRP_REC_CLOSE:
	case NSRP_REC_AGE_QUERY:
		return !s->orig_is_a && !s->takeover && !s->handover;
	case NSRP_REC_HELLO:
		return !(rec->hello.flags & ~NSRP_HELLO_F_KNOWN);
	}
	return 1;
}

static void fuzz_frame(const uint8_t *data, unsigned int size)
{
	struct nsrp_builder b;
	struct nsrp_frame f;
	struct nsrp_iter it;
	struct nsrp_rec rec;
	enum nsrp_rx_reason r;
	unsigned int n = 0;
	int len;

	r = nsrp_frame_parse(data, size, &f);
	CHECK(r <= NSRP_RX_BAD_BULK);
	CHECK(nsrp_rx_reason_name(r));
	if (r != NSRP_RX_OK)
		return;

	CHECK(f.hdr.length <= size && f.hdr.count >= 1);
	CHECK(f.records == data + NSRP_HDR_LEN);
	CHECK(f.auth_len == NSRP_HDR_LEN + f.records_len);
	CHECK(f.auth_len + (f.mac ? NSRP_MAC_LEN : 0) == f.hdr.length);
	CHECK(!f.mac || f.mac == data + f.auth_len);
	CHECK(f.hdr.node_id && f.hdr.epoch && f.hdr.seq);

	CHECK(nsrp_build_init(&b, out, sizeof(out), &f.hdr) == 0);
	nsrp_iter_init(&it, &f);
	while (nsrp_iter_next(&it, &rec)) {
		CHECK(nsrp_rec_validate(&rec) == NSRP_RX_OK);
		CHECK(flags_ok(&rec));
		CHECK(nsrp_rec_size(&rec) >= NSRP_REC_MIN_LEN);
		CHECK(nsrp_build_add(&b, &rec) == (int)nsrp_rec_size(&rec));
		n++;
	}
	CHECK(it.err == NSRP_RX_OK);
	CHECK(n == f.hdr.count);
	len = nsrp_build_finish(&b);
	CHECK(len == f.hdr.length);
	CHECK(memcmp(out, data, f.auth_len) == 0);

	/* Cut anywhere, it is no longer a frame. */
	CHECK(nsrp_frame_parse(data, f.hdr.length - 1, &f) != NSRP_RX_OK);
	CHECK(nsrp_frame_parse(data, size % f.hdr.length, &f) != NSRP_RX_OK);
}

/* Reads the input as the fields of host records, byte by byte. */
struct reader {
	const uint8_t *p;
	unsigned int left;
};

static uint32_t rd(struct reader *rd, unsigned int octets)
{
	uint32_t v = 0;

	while (octets--) {
		v <<= 8;
		if (rd->left) {
			v |= *rd->p++;
			rd->left--;
		}
	}
	return v;
}

/* Mostly valid values, so that the builder accepts something. */
static void read_rec(struct reader *r, struct nsrp_rec *rec)
{
	static const uint8_t types[] = {
		NSRP_REC_UPSERT, NSRP_REC_CLOSE, NSRP_REC_BULK_END, NSRP_REC_HELLO,
		NSRP_REC_ACK, NSRP_REC_NACK, NSRP_REC_BULK_REQ, NSRP_REC_AGE_QUERY,
		NSRP_REC_AGE_ANSWER,
	};
	uint8_t sel = rd(r, 1);
	struct nsrp_rec_sess *s = &rec->sess;

	memset(rec, 0, sizeof(*rec));
	rec->type = sel < 0xf0 ? types[sel % sizeof(types)] : sel;
	switch (rec->type) {
	case NSRP_REC_UPSERT:
	case NSRP_REC_CLOSE:
	case NSRP_REC_AGE_QUERY:
	case NSRP_REC_AGE_ANSWER: {
		uint8_t how = rd(r, 1);

		s->key.family = how & 1 ? NSRP_WIRE_IPV6 : NSRP_WIRE_IPV4;
		if (how & 2)
			s->key.family = rd(r, 1);
		s->key.proto = rd(r, 1);
		s->key.port_a = rd(r, 2);
		s->key.port_b = how & 4 ? s->key.port_a : rd(r, 2);
		for (unsigned int i = 0; i < (s->key.family == NSRP_WIRE_IPV4 ? 4 : 16); i++) {
			s->key.addr_a[i] = rd(r, 1);
			s->key.addr_b[i] = how & 8 ? s->key.addr_a[i] : rd(r, 1);
		}
		if (how & 16)
			s->key.addr_b[15] = rd(r, 1);
		if (rec->type == NSRP_REC_UPSERT || rec->type == NSRP_REC_AGE_ANSWER) {
			s->orig_is_a = how & 32;
			s->takeover = (how & 0x90) == 0x90;
			s->state = rd(r, 1);
			s->timeout_ms = rd(r, 4);
			s->remaining_ms = how & 64 ? s->timeout_ms : rd(r, 4);
		}
		if (rec->type == NSRP_REC_AGE_ANSWER || how & 128)
			s->verdict = rd(r, 1);
		/*
		 * HANDOVER from the selector's otherwise unused high part, so
		 * that the layout of the inputs (the seeds) stays as it was:
		 * alone in UPSERT it is valid; with TAKEOVER, or in any other
		 * record, the builder must refuse it.
		 */
		s->handover = sel / ARRAY_SIZE(types) & 1;
		break;
	}
	case NSRP_REC_HELLO:
		rec->hello.role = rd(r, 1);
		rec->hello.priority = rd(r, 1);
		rec->hello.flags = rd(r, 1);
		rec->hello.lost_threshold = rd(r, 1);
		rec->hello.interval_ms = rd(r, 2);
		rec->hello.peer_epoch = rd(r, 4);
		break;
	case NSRP_REC_ACK:
		rec->ack.epoch = rd(r, 4);
		rec->ack.cum_seq = rd(r, 4);
		rec->ack.nacks = rd(r, 1) % 4;
		break;
	case NSRP_REC_NACK:
		rec->nack.first_seq = rd(r, 4);
		rec->nack.count = rd(r, 2);
		break;
	case NSRP_REC_BULK_REQ:
	case NSRP_REC_BULK_END:
		rec->bulk.request_id = rd(r, 4);
		rec->bulk.sessions = rd(r, 4);
		rec->bulk.status = rd(r, 1);
		break;
	}
}

static void fuzz_build(const uint8_t *data, unsigned int size)
{
	struct reader r = { data + 1, size - 1 };
	struct nsrp_builder b;
	struct nsrp_frame f;
	struct nsrp_iter it;
	struct nsrp_rec rec;
	struct nsrp_hdr h;
	unsigned int n = 0, i, bufsize;
	int len, used;

	memset(&h, 0, sizeof(h));
	h.type = rd(&r, 1) & 1 ? NSRP_MSG_CONTROL : NSRP_MSG_DATA;
	h.flags = rd(&r, 1) & 0x81;
	h.cluster_id = rd(&r, 2);
	h.node_id = rd(&r, 2);
	h.epoch = rd(&r, 4);
	h.seq = rd(&r, 4);
	bufsize = 40 + rd(&r, 2) % 1500;
	if (nsrp_build_init(&b, out, bufsize, &h))
		return;
	while (r.left && n < FUZZ_RECS) {
		read_rec(&r, &rec);
		used = nsrp_build_add(&b, &rec);
		CHECK(used == -EINVAL || used >= 0);
		CHECK(used <= 0 || nsrp_rec_validate(&rec) == NSRP_RX_OK);
		CHECK(used <= 0 || flags_ok(&rec));
		CHECK(used <= 0 || used == (int)nsrp_rec_size(&rec));
		if (used > 0)
			memcpy(&recs[n++], &rec, sizeof(rec));	/* padding too */
	}
	len = nsrp_build_finish(&b);
	if (len < 0)
		return;
	CHECK((unsigned int)len <= bufsize);
	CHECK(nsrp_frame_parse(out, len, &f) == NSRP_RX_OK);
	nsrp_iter_init(&it, &f);
	for (i = 0; nsrp_iter_next(&it, &rec); i++) {
		CHECK(i < n);
		CHECK(memcmp(&rec, &recs[i], sizeof(rec)) == 0);
	}
	CHECK(it.err == NSRP_RX_OK && i == n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > FUZZ_MAX)
		return 0;
	if (size && data[0] == 0xff)
		fuzz_build(data, size);
	else
		fuzz_frame(data, size);
	return 0;
}
