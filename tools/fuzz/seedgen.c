// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Writes the fuzzer's seed corpus into DIR: every sample frame, with and
 * without MAC trailer, one padded to Ethernet's minimum, and two inputs of
 * the harness's build mode (first octet 0xff). Generated, not committed.
 *
 *	seedgen DIR
 */

#include <stdio.h>
#include <stdlib.h>

#include "tools/fuzz/samples.h"

static int write_seed(const char *dir, const char *name, const void *buf, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		perror(path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	/* Build mode: a header, then records chosen by their first octet. */
	static const unsigned char build1[] = {
		0xff, 0x00, 0x00, 0x00, 0x07, 0x00, 0x02, 0x66, 0x00, 0x00, 0x01,
		0x00, 0x00, 0x00, 0x09, 0x05, 0xdb,
		/* UPSERT 10.0.1.2:40000 10.0.2.2:80 TCP ESTABLISHED */
		0x00, 0x20, 0x06, 0x9c, 0x40, 0x00, 0x50,
		0x0a, 0x0a, 0x00, 0x00, 0x01, 0x02, 0x02, 0x02,
		0x03, 0x00, 0x1b, 0x77, 0x40, 0x00, 0x1b, 0x77, 0x40,
		/* CLOSE 10.0.0.1:53 10.0.0.2:54 UDP */
		0x01, 0x00, 0x11, 0x00, 0x35, 0x00, 0x36,
		0x0a, 0x0a, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02,
		/* BULK_END */
		0x02, 0x00, 0x00, 0x00, 0x42, 0x00, 0x00, 0x00, 0x01, 0x01,
	};
	static const unsigned char build2[] = {
		0xff, 0x01, 0x01, 0x00, 0x07, 0x00, 0x02, 0x66, 0x00, 0x00, 0x01,
		0x00, 0x00, 0x00, 0x09, 0x05, 0xdb,
		/* HELLO, ACK and two NACKs */
		0x03, 0x03, 0x64, 0x01, 0x03, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x00,
		0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x64, 0x02,
		0x05, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x05,
		0x05, 0x00, 0x00, 0x00, 0x28, 0x00, 0x03,
		/* AGE_ANSWER ACTIVE 172.16.0.1:5000 172.16.0.1:6000 UDP */
		0x08, 0x60, 0x11, 0x13, 0x88, 0x17, 0x70,
		0xac, 0xac, 0x10, 0x10, 0x00, 0x00, 0x01, 0x01,
		0x06, 0x00, 0x00, 0xea, 0x60, 0x01,
	};
	unsigned char buf[2048];
	char name[64];
	unsigned int i, n = 0;
	int mac, len;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	for (i = 0; i < SAMPLE_FRAMES; i++) {
		for (mac = 0; mac <= 1; mac++) {
			len = sample_build(&sample_frames[i], mac, 1 + i, buf, sizeof(buf));
			if (len <= 0) {
				fprintf(stderr, "seedgen: cannot encode %s\n",
					sample_frames[i].name);
				return 1;
			}
			snprintf(name, sizeof(name), "%s%s", sample_frames[i].name,
				 mac ? "-mac" : "");
			if (write_seed(argv[1], name, buf, len))
				return 1;
			n++;
		}
	}
	/* A HELLO as it arrives: padded to 46 octets. */
	len = sample_build(&sample_frames[4], 0, 99, buf, sizeof(buf));
	memset(buf + len, 0, NSRP_ETH_MIN_PAYLOAD - len);
	if (write_seed(argv[1], "hello-padded", buf, NSRP_ETH_MIN_PAYLOAD) ||
	    write_seed(argv[1], "build1", build1, sizeof(build1)) ||
	    write_seed(argv[1], "build2", build2, sizeof(build2)))
		return 1;
	n += 3;
	printf("seedgen: %u seeds in %s\n", n, argv[1]);
	return 0;
}
