// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * What nsrp_sync/codec.c (the kernel's own decoder, built in userspace)
 * says of every frame of a pcap, one line each:
 *
 *	N<TAB>REASON<TAB>CANONICAL
 *
 * REASON is nsrp_rx_reason_name() of nsrp_frame_parse(), then, for a frame
 * it accepts and when CLUSTER and OWN_NODE are given, of
 * nsrp_frame_check_sender(); "not_nsrp" for another EtherType. CANONICAL
 * is the decoded frame in the text of selftests/net/frames.py, for frames
 * the parser accepts. frames-selftest.sh compares it with what frames.py
 * built and decodes.
 *
 *	frames-check PCAP [CLUSTER OWN_NODE [ETHERTYPE]]
 */

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "nsrp_sync/codec.h"

static uint32_t get32(const unsigned char *p, int swap)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return swap ? __builtin_bswap32(v) : v;
}

static void print_addr(int family, const u8 *a)
{
	char s[INET6_ADDRSTRLEN];

	inet_ntop(family == NSRP_WIRE_IPV6 ? AF_INET6 : AF_INET, a, s, sizeof(s));
	fputs(s, stdout);
}

static const char *rec_name(u8 type)
{
	switch (type) {
	case NSRP_REC_UPSERT: return "upsert";
	case NSRP_REC_CLOSE: return "close";
	case NSRP_REC_AGE_QUERY: return "query";
	case NSRP_REC_AGE_ANSWER: return "answer";
	case NSRP_REC_HELLO: return "hello";
	case NSRP_REC_ACK: return "ack";
	case NSRP_REC_NACK: return "nack";
	case NSRP_REC_BULK_REQ: return "bulk_req";
	case NSRP_REC_BULK_END: return "bulk_end";
	}
	return "?";
}

static void print_rec(const struct nsrp_rec *r)
{
	const struct nsrp_rec_sess *s = &r->sess;

	printf(" | %s", rec_name(r->type));
	switch (r->type) {
	case NSRP_REC_UPSERT:
	case NSRP_REC_CLOSE:
	case NSRP_REC_AGE_QUERY:
	case NSRP_REC_AGE_ANSWER:
		printf(" %u %u ", s->key.family, s->key.proto);
		print_addr(s->key.family, s->key.addr_a);
		printf(" %u ", s->key.port_a);
		print_addr(s->key.family, s->key.addr_b);
		printf(" %u kf=%u", s->key.port_b,
		       (s->orig_is_a ? NSRP_KEY_F_ORIG_IS_A : 0) |
		       (s->takeover ? NSRP_KEY_F_TAKEOVER : 0) |
		       (s->handover ? NSRP_KEY_F_HANDOVER : 0));
		if (r->type == NSRP_REC_UPSERT)
			printf(" st=%u to=%u rem=%u", s->state, s->timeout_ms, s->remaining_ms);
		else if (r->type == NSRP_REC_AGE_ANSWER)
			printf(" v=%u st=%u to=%u rem=%u", s->verdict, s->state, s->timeout_ms,
			       s->remaining_ms);
		break;
	case NSRP_REC_HELLO:
		printf(" role=%u prio=%u hf=%u int=%u lost=%u pe=%u", r->hello.role,
		       r->hello.priority, r->hello.flags, r->hello.interval_ms,
		       r->hello.lost_threshold, r->hello.peer_epoch);
		break;
	case NSRP_REC_ACK:
		printf(" ep=%u cum=%u nacks=%u", r->ack.epoch, r->ack.cum_seq, r->ack.nacks);
		break;
	case NSRP_REC_NACK:
		printf(" first=%u count=%u", r->nack.first_seq, r->nack.count);
		break;
	case NSRP_REC_BULK_REQ:
		printf(" id=%u", r->bulk.request_id);
		break;
	case NSRP_REC_BULK_END:
		printf(" id=%u st=%u n=%u", r->bulk.request_id, r->bulk.status, r->bulk.sessions);
		break;
	}
}

int main(int argc, char **argv)
{
	unsigned int ethertype = NSRP_ETH_P_DEFAULT, n = 0;
	long cluster = -1, own_node = -1;
	unsigned char hdr[24], rec[16];
	static unsigned char buf[65536];
	int swap;
	FILE *f;

	if (argc != 2 && argc != 4 && argc != 5) {
		fprintf(stderr, "usage: %s PCAP [CLUSTER OWN_NODE [ETHERTYPE]]\n", argv[0]);
		return 2;
	}
	if (argc >= 4) {
		cluster = strtol(argv[2], NULL, 0);
		own_node = strtol(argv[3], NULL, 0);
	}
	if (argc == 5)
		ethertype = strtoul(argv[4], NULL, 0);
	f = fopen(argv[1], "rb");
	if (!f || fread(hdr, 1, sizeof(hdr), f) != sizeof(hdr)) {
		perror(argv[1]);
		return 2;
	}
	if (get32(hdr, 0) == 0xa1b2c3d4 || get32(hdr, 0) == 0xa1b23c4d) {
		swap = 0;
	} else if (get32(hdr, 1) == 0xa1b2c3d4 || get32(hdr, 1) == 0xa1b23c4d) {
		swap = 1;
	} else {
		fprintf(stderr, "%s: not a pcap file\n", argv[1]);
		return 2;
	}

	while (fread(rec, 1, sizeof(rec), f) == sizeof(rec)) {
		uint32_t len = get32(rec + 8, swap);
		enum nsrp_rx_reason r;
		struct nsrp_frame fr;
		struct nsrp_iter it;
		struct nsrp_rec one;

		if (len > sizeof(buf) || fread(buf, 1, len, f) != len) {
			fprintf(stderr, "%s: truncated record\n", argv[1]);
			return 2;
		}
		n++;
		if (len < 14 || (unsigned int)(buf[12] << 8 | buf[13]) != ethertype) {
			printf("%u\tnot_nsrp\t\n", n);
			continue;
		}
		r = nsrp_frame_parse(buf + 14, len - 14, &fr);
		if (r == NSRP_RX_OK && cluster >= 0)
			r = nsrp_frame_check_sender(&fr.hdr, cluster, own_node);
		printf("%u\t%s\t", n, nsrp_rx_reason_name(r));
		if (r != NSRP_RX_OK && r != NSRP_RX_OTHER_CLUSTER && r != NSRP_RX_OWN_NODE) {
			putchar('\n');
			continue;
		}
		printf("t=%u f=%u len=%u n=%u cl=%u node=%u ep=%u seq=%u", fr.hdr.type,
		       fr.hdr.flags, fr.hdr.length, fr.hdr.count, fr.hdr.cluster_id,
		       fr.hdr.node_id, fr.hdr.epoch, fr.hdr.seq);
		nsrp_iter_init(&it, &fr);
		while (nsrp_iter_next(&it, &one))
			print_rec(&one);
		if (it.err)
			printf(" | iterator stopped: %s", nsrp_rx_reason_name(it.err));
		putchar('\n');
	}
	return 0;
}
