// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Userspace round trip of nsrp_sync/codec.c, no fuzzer needed: every sample
 * frame, with and without MAC, is encoded, parsed, decoded to the records
 * it was made of and encoded back to the same octets; none of its
 * truncations is accepted; a padded short frame is. TAP output.
 */

#include <stdio.h>
#include <stdlib.h>

#include "tools/fuzz/samples.h"

static unsigned int tests, failures;

static void ok(int cond, const char *fmt, const char *name, int mac)
{
	tests++;
	if (!cond)
		failures++;
	printf("%sok %u - ", cond ? "" : "not ", tests);
	printf(fmt, name, mac ? " with MAC" : "");
	printf("\n");
}

static int round_trip(const struct sample_frame *sf, int mac)
{
	unsigned char buf[2048], out[2048];
	struct nsrp_builder b;
	struct nsrp_frame f;
	struct nsrp_iter it;
	struct nsrp_rec rec;
	unsigned int i;
	int len, cut;

	len = sample_build(sf, mac, 1000, buf, sizeof(buf));
	if (len <= 0)
		return 0;
	if (nsrp_frame_parse(buf, len, &f) != NSRP_RX_OK || f.hdr.count != sf->n ||
	    f.hdr.length != len || f.hdr.seq != 1000 || f.hdr.epoch != SAMPLE_EPOCH ||
	    f.hdr.node_id != SAMPLE_NODE || f.hdr.cluster_id != SAMPLE_CLUSTER ||
	    f.mac != (mac ? buf + len - NSRP_MAC_LEN : NULL))
		return 0;
	if (nsrp_build_init(&b, out, sizeof(out), &f.hdr))
		return 0;
	nsrp_iter_init(&it, &f);
	for (i = 0; nsrp_iter_next(&it, &rec); i++) {
		if (i >= sf->n || memcmp(&rec, &sample_recs[sf->recs[i]], sizeof(rec)))
			return 0;
		if (nsrp_build_add(&b, &rec) != (int)nsrp_rec_size(&rec))
			return 0;
	}
	if (it.err != NSRP_RX_OK || i != sf->n || nsrp_build_finish(&b) != len ||
	    memcmp(out, buf, len - (mac ? NSRP_MAC_LEN : 0)))
		return 0;
	for (cut = 0; cut < len; cut++)
		if (nsrp_frame_parse(buf, cut, &f) == NSRP_RX_OK)
			return 0;
	return 1;
}

int main(void)
{
	unsigned char buf[64];
	struct nsrp_frame f;
	unsigned int i;
	int mac, len;

	printf("TAP version 13\n1..%zu\n", 2 * SAMPLE_FRAMES + 3);
	for (i = 0; i < SAMPLE_FRAMES; i++)
		for (mac = 0; mac <= 1; mac++)
			ok(round_trip(&sample_frames[i], mac), "round trip of %s%s",
			   sample_frames[i].name, mac);

	len = sample_build(&sample_frames[4], 0, 1, buf, sizeof(buf));	/* hello */
	memset(buf + len, 0, sizeof(buf) - len);
	ok(nsrp_frame_parse(buf, NSRP_ETH_MIN_PAYLOAD, &f) == NSRP_RX_OK && f.hdr.length == len,
	   "%s padded to the Ethernet minimum is accepted%s", "hello", 0);
	ok(nsrp_frame_parse(buf, NSRP_ETH_MIN_PAYLOAD + 1, &f) == NSRP_RX_BAD_LENGTH,
	   "%s with more than padding is rejected%s", "hello", 0);
	buf[0] = 2;
	ok(nsrp_frame_parse(buf, len, &f) == NSRP_RX_BAD_VERSION &&
	   !strcmp(nsrp_rx_reason_name(NSRP_RX_BAD_VERSION), "bad_version"),
	   "%s of version 2 is rejected as bad_version%s", "hello", 0);

	printf("# %u of %u failed\n", failures, tests);
	return failures ? 1 : 0;
}
