// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Writes a pcap of nsrp frames built by nsrp_sync/codec.c, and on stdout
 * what the dissector must show for them, one line per field occurrence:
 *
 *	FRAME<TAB>FIELD<TAB>VALUE
 *
 * in the order the fields appear in the frame; and "FRAME<TAB>valid<TAB>0|1"
 * (1: the codec accepts the frame, so the dissector must flag nothing).
 *
 *	pcapgen OUT.pcap [ETHERTYPE]
 */

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>

#include "tools/fuzz/samples.h"

static FILE *pcap;
static unsigned int frame_no;

/* Flag bits set in the first record of a sample frame, where reserved. */
struct reserved_flag {
	const char *what;
	unsigned int frame;	/* in sample_frames */
	unsigned int offset;	/* of the flags octet in the record */
	unsigned char bits;
};

static const struct reserved_flag reserved_flags[] = {
	{ "UPSERT with TAKEOVER and HANDOVER", 11, 3, NSRP_KEY_F_TAKEOVER },
	{ "CLOSE with HANDOVER", 2, 3, NSRP_KEY_F_HANDOVER },
	{ "AGE_QUERY with HANDOVER", 7, 3, NSRP_KEY_F_HANDOVER },
	{ "AGE_ANSWER with HANDOVER", 8, 3, NSRP_KEY_F_HANDOVER },
	{ "HELLO with flag 0x10", 12, 3, 0x10 },
	{ "HELLO with flag 0x80", 13, 3, 0x80 },
};

/* pcap headers are in the writer's byte order, which the magic tells. */
static void put16(unsigned char *p, unsigned short v)
{
	memcpy(p, &v, 2);
}

static void put32(unsigned char *p, unsigned int v)
{
	memcpy(p, &v, 4);
}

static void pcap_open(const char *path)
{
	unsigned char h[24] = { 0 };

	pcap = fopen(path, "wb");
	if (!pcap) {
		perror(path);
		exit(1);
	}
	put32(h, 0xa1b2c3d4);
	put16(h + 4, 2);	/* version 2.4 */
	put16(h + 6, 4);
	put32(h + 16, 65535);	/* snaplen */
	put32(h + 20, 1);	/* LINKTYPE_ETHERNET */
	fwrite(h, 1, sizeof(h), pcap);
}

/* One Ethernet frame carrying @len octets of nsrp payload. */
static void pcap_frame(const unsigned char *payload, unsigned int len, unsigned int ethertype)
{
	unsigned char rec[16], eth[14] = {
		0x02, 0, 0, 0, 0, 0x02,		/* to node 2's peer */
		0x02, 0, 0, 0, 0, 0x01,
	};

	frame_no++;
	eth[12] = ethertype >> 8;
	eth[13] = ethertype & 0xff;
	put32(rec, 1767225600 + frame_no);
	put32(rec + 4, 0);
	put32(rec + 8, len + sizeof(eth));
	put32(rec + 12, len + sizeof(eth));
	fwrite(rec, 1, sizeof(rec), pcap);
	fwrite(eth, 1, sizeof(eth), pcap);
	fwrite(payload, 1, len, pcap);
}

static void field(const char *name, unsigned long v)
{
	printf("%u\t%s\t%lu\n", frame_no, name, v);
}

static void field_addr(const char *name, int family, const unsigned char *a)
{
	char s[INET6_ADDRSTRLEN];

	inet_ntop(family == NSRP_WIRE_IPV6 ? AF_INET6 : AF_INET, a, s, sizeof(s));
	printf("%u\t%s\t%s\n", frame_no, name, s);
}

static void expect_session(const struct nsrp_rec_sess *s)
{
	field("nsrp_sync.state", s->state);
	field("nsrp_sync.timeout_ms", s->timeout_ms);
	field("nsrp_sync.remaining_ms", s->remaining_ms);
}

/* What the dissector shows of @rec. */
static void expect_rec(const struct nsrp_rec *rec)
{
	const struct nsrp_rec_sess *s = &rec->sess;
	int v6 = s->key.family == NSRP_WIRE_IPV6;

	field("nsrp_sync.rec", rec->type);
	switch (rec->type) {
	case NSRP_REC_UPSERT:
	case NSRP_REC_CLOSE:
	case NSRP_REC_AGE_QUERY:
	case NSRP_REC_AGE_ANSWER:
		field("nsrp_sync.family", s->key.family);
		field("nsrp_sync.proto", s->key.proto);
		field("nsrp_sync.key_flags.orig_is_a", s->orig_is_a);
		field("nsrp_sync.key_flags.takeover", s->takeover);
		field("nsrp_sync.key_flags.handover", s->handover);
		field("nsrp_sync.port_a", s->key.port_a);
		field("nsrp_sync.port_b", s->key.port_b);
		field_addr(v6 ? "nsrp_sync.addr6_a" : "nsrp_sync.addr_a", s->key.family,
			   s->key.addr_a);
		field_addr(v6 ? "nsrp_sync.addr6_b" : "nsrp_sync.addr_b", s->key.family,
			   s->key.addr_b);
		if (rec->type == NSRP_REC_UPSERT) {
			expect_session(s);
		} else if (rec->type == NSRP_REC_AGE_ANSWER) {
			field("nsrp_sync.verdict", s->verdict);
			expect_session(s);
		}
		break;
	case NSRP_REC_BULK_END:
		field("nsrp_sync.bulk.status", rec->bulk.status);
		field("nsrp_sync.bulk.request_id", rec->bulk.request_id);
		field("nsrp_sync.bulk.sessions", rec->bulk.sessions);
		break;
	case NSRP_REC_HELLO:
		field("nsrp_sync.hello.role", rec->hello.role);
		field("nsrp_sync.hello.priority", rec->hello.priority);
		field("nsrp_sync.hello.flags.preempt", !!(rec->hello.flags & NSRP_HELLO_F_PREEMPT));
		field("nsrp_sync.hello.flags.synced", !!(rec->hello.flags & NSRP_HELLO_F_SYNCED));
		field("nsrp_sync.hello.flags.claim", !!(rec->hello.flags & NSRP_HELLO_F_CLAIM));
		field("nsrp_sync.hello.flags.yield", !!(rec->hello.flags & NSRP_HELLO_F_YIELD));
		field("nsrp_sync.hello.interval_ms", rec->hello.interval_ms);
		field("nsrp_sync.hello.lost_threshold", rec->hello.lost_threshold);
		field("nsrp_sync.hello.peer_epoch", rec->hello.peer_epoch);
		break;
	case NSRP_REC_ACK:
		field("nsrp_sync.ack.nacks", rec->ack.nacks);
		field("nsrp_sync.ack.epoch", rec->ack.epoch);
		field("nsrp_sync.ack.cum", rec->ack.cum_seq);
		break;
	case NSRP_REC_NACK:
		field("nsrp_sync.nack.count", rec->nack.count);
		field("nsrp_sync.nack.first", rec->nack.first_seq);
		field("nsrp_sync.nack.last", rec->nack.first_seq + rec->nack.count - 1);
		break;
	case NSRP_REC_BULK_REQ:
		field("nsrp_sync.bulk.request_id", rec->bulk.request_id);
		break;
	}
}

static void expect_frame(const struct sample_frame *sf, int mac, unsigned int seq, int len)
{
	unsigned int i;

	printf("%u\tvalid\t1\n", frame_no);
	field("nsrp_sync.version", NSRP_PROTO_VERSION);
	field("nsrp_sync.type", sf->type);
	field("nsrp_sync.flags.mac", !!mac);
	field("nsrp_sync.length", len);
	field("nsrp_sync.count", sf->n);
	field("nsrp_sync.cluster", SAMPLE_CLUSTER);
	field("nsrp_sync.node", SAMPLE_NODE);
	field("nsrp_sync.epoch", SAMPLE_EPOCH);
	field("nsrp_sync.seq", seq);
	for (i = 0; i < sf->n; i++)
		expect_rec(&sample_recs[sf->recs[i]]);
}

int main(int argc, char **argv)
{
	unsigned char buf[2048];
	unsigned int i, seq = 0, ethertype = NSRP_ETH_P_DEFAULT;
	struct nsrp_frame f;
	int mac, len;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s OUT.pcap [ETHERTYPE]\n", argv[0]);
		return 2;
	}
	if (argc == 3)
		ethertype = strtoul(argv[2], NULL, 0);
	pcap_open(argv[1]);

	for (i = 0; i < SAMPLE_FRAMES; i++) {
		for (mac = 0; mac <= 1; mac++) {
			len = sample_build(&sample_frames[i], mac, ++seq, buf, sizeof(buf));
			if (len <= 0 || nsrp_frame_parse(buf, len, &f) != NSRP_RX_OK) {
				fprintf(stderr, "pcapgen: cannot encode %s\n",
					sample_frames[i].name);
				return 1;
			}
			pcap_frame(buf, len, ethertype);
			expect_frame(&sample_frames[i], mac, seq, len);
		}
	}

	/* A HELLO padded to Ethernet's minimum payload: still valid. */
	len = sample_build(&sample_frames[4], 0, ++seq, buf, sizeof(buf));
	memset(buf + len, 0, NSRP_ETH_MIN_PAYLOAD - len);
	pcap_frame(buf, NSRP_ETH_MIN_PAYLOAD, ethertype);
	expect_frame(&sample_frames[4], 0, seq, len);

	/* Invalid frames, which the codec rejects and the dissector must flag. */
	len = sample_build(&sample_frames[0], 0, ++seq, buf, sizeof(buf));
	buf[NSRP_HDR_LEN + NSRP_KEY4_LEN + 1] = 1;		/* UPSERT reserved */
	if (nsrp_frame_parse(buf, len, &f) != NSRP_RX_RESERVED)
		return 1;
	pcap_frame(buf, len, ethertype);
	printf("%u\tvalid\t0\n", frame_no);

	len = sample_build(&sample_frames[5], 0, ++seq, buf, sizeof(buf));
	buf[1] = NSRP_MSG_DATA;					/* ACK in DATA */
	if (nsrp_frame_parse(buf, len, &f) != NSRP_RX_MISPLACED)
		return 1;
	pcap_frame(buf, len, ethertype);
	printf("%u\tvalid\t0\n", frame_no);

	len = sample_build(&sample_frames[1], 0, ++seq, buf, sizeof(buf));
	buf[5]--;						/* Length short */
	if (nsrp_frame_parse(buf, len, &f) != NSRP_RX_BAD_LENGTH)
		return 1;
	pcap_frame(buf, len, ethertype);
	printf("%u\tvalid\t0\n", frame_no);

	/*
	 * The flags of failover where they are reserved: TAKEOVER with
	 * HANDOVER, HANDOVER outside UPSERT, a HELLO flag above YIELD.
	 */
	for (i = 0; i < ARRAY_SIZE(reserved_flags); i++) {
		const struct reserved_flag *rf = &reserved_flags[i];

		len = sample_build(&sample_frames[rf->frame], 0, ++seq, buf, sizeof(buf));
		if (len <= 0)
			return 1;
		buf[NSRP_HDR_LEN + rf->offset] |= rf->bits;
		if (nsrp_frame_parse(buf, len, &f) != NSRP_RX_RESERVED) {
			fprintf(stderr, "pcapgen: %s not rejected as reserved\n", rf->what);
			return 1;
		}
		pcap_frame(buf, len, ethertype);
		printf("%u\tvalid\t0\n", frame_no);
	}

	if (fclose(pcap))
		return 1;
	return 0;
}
