// SPDX-License-Identifier: GPL-2.0
/*
 * nsrp bench traffic generator: many short flows, fast, from one socket.
 *
 *   gen MODE --count N [--start K] [--rate R] [--ts FILE] [--seconds S]
 *
 * MODE:
 *   udp4, udp6    one UDP datagram per flow, from source port 40000
 *   syn4, syn6    one bare TCP SYN per flow (raw socket), source port 40000
 *   rst4, rst6    one TCP RST per flow, the same keys as syn4/syn6
 *   flood4        small UDP datagrams round-robin over flows [K, K+N) for
 *                 --seconds S, as fast as possible (the packet-path test)
 *
 * Flow i goes to destination address BASE + i / 50000, port 1024 + i % 50000,
 * where BASE is 198.18.0.0 (IPv4, RFC 2544's benchmark range) or
 * 2001:db8:ff:: (IPv6). The routers send those ranges to the server, which
 * drops them (no forwarding, no such address): no reply, no ICMP error.
 *
 * --rate R paces to R flows a second (0: as fast as possible).
 * --ts FILE writes "INDEX NS" lines: the CLOCK_REALTIME time at which flow
 * INDEX (and the batch of up to 64 after it, in pace mode 1) was sent.
 * Prints "sent N in S s (R/s)" at the end.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PER_ADDR 50000u
#define SPORT 40000
#define BATCH 64

static uint64_t now_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void dst_of(uint32_t i, int v6, struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (!v6) {
		struct sockaddr_in *s = (struct sockaddr_in *)ss;

		s->sin_family = AF_INET;
		s->sin_addr.s_addr = htonl((198u << 24 | 18u << 16) + i / PER_ADDR + 1);
		s->sin_port = htons(1024 + i % PER_ADDR);
		*len = sizeof(*s);
	} else {
		struct sockaddr_in6 *s = (struct sockaddr_in6 *)ss;

		s->sin6_family = AF_INET6;
		inet_pton(AF_INET6, "2001:db8:ff::", &s->sin6_addr);
		s->sin6_addr.s6_addr[14] = (i / PER_ADDR + 1) >> 8;
		s->sin6_addr.s6_addr[15] = (i / PER_ADDR + 1) & 0xff;
		s->sin6_port = htons(1024 + i % PER_ADDR);
		*len = sizeof(*s);
	}
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static uint32_t csum_add(uint32_t sum, const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)b[i] << 8 | b[i + 1];
	if (n & 1)
		sum += (uint32_t)b[n - 1] << 8;
	return sum;
}

/* A TCP header (20 octets) with its checksum over the pseudo-header. */
static void tcp_build(uint8_t *t, const struct sockaddr_storage *src,
		      const struct sockaddr_storage *dst, int v6, int rst, uint32_t seq)
{
	struct tcphdr *th = (struct tcphdr *)t;
	uint32_t sum = 0;
	uint8_t len[4] = { 0, 0, 0, 20 };

	memset(t, 0, 20);
	th->source = htons(SPORT);
	th->dest = v6 ? ((const struct sockaddr_in6 *)dst)->sin6_port :
			((const struct sockaddr_in *)dst)->sin_port;
	th->seq = htonl(rst ? seq + 1 : seq);
	th->doff = 5;
	if (rst)
		th->rst = 1;
	else
		th->syn = 1;
	th->window = htons(65535);
	if (v6) {
		sum = csum_add(sum, &((const struct sockaddr_in6 *)src)->sin6_addr, 16);
		sum = csum_add(sum, &((const struct sockaddr_in6 *)dst)->sin6_addr, 16);
		sum = csum_add(sum, len, 4);
		sum += IPPROTO_TCP;
	} else {
		sum = csum_add(sum, &((const struct sockaddr_in *)src)->sin_addr, 4);
		sum = csum_add(sum, &((const struct sockaddr_in *)dst)->sin_addr, 4);
		sum += IPPROTO_TCP + 20;
	}
	sum = csum_add(sum, t, 20);
	th->check = htons(csum_fold(sum));
}

int main(int argc, char **argv)
{
	const char *mode, *tsfile = NULL;
	uint32_t count = 0, start = 0;
	double rate = 0, seconds = 0;
	int v6, tcp, rst, flood, fd;
	struct sockaddr_storage src;
	FILE *ts = NULL;

	if (argc < 2) {
		fprintf(stderr, "usage: gen udp4|udp6|syn4|syn6|rst4|rst6|flood4 --count N [--start K] [--rate R] [--ts FILE] [--seconds S]\n");
		return 2;
	}
	mode = argv[1];
	for (int i = 2; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--count"))
			count = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "--start"))
			start = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "--rate"))
			rate = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--seconds"))
			seconds = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--ts"))
			tsfile = argv[i + 1];
		else {
			fprintf(stderr, "gen: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	v6 = mode[strlen(mode) - 1] == '6';
	tcp = !strncmp(mode, "syn", 3) || !strncmp(mode, "rst", 3);
	rst = !strncmp(mode, "rst", 3);
	flood = !strncmp(mode, "flood", 5);
	if (tsfile && !(ts = fopen(tsfile, "w"))) {
		perror(tsfile);
		return 1;
	}

	memset(&src, 0, sizeof(src));
	if (tcp) {
		int one = 1;

		fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_RAW, IPPROTO_TCP);
		if (fd < 0) {
			perror("raw socket");
			return 1;
		}
		(void)one;
		/* The source address the kernel will pick: the client's. */
		if (v6) {
			struct sockaddr_in6 *s = (struct sockaddr_in6 *)&src;

			s->sin6_family = AF_INET6;
			inet_pton(AF_INET6, "2001:db8:1::2", &s->sin6_addr);
		} else {
			struct sockaddr_in *s = (struct sockaddr_in *)&src;

			s->sin_family = AF_INET;
			inet_pton(AF_INET, "192.0.2.2", &s->sin_addr);
		}
	} else {
		int one = 1;

		fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM, 0);
		if (fd < 0) {
			perror("socket");
			return 1;
		}
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (v6) {
			struct sockaddr_in6 b = { .sin6_family = AF_INET6, .sin6_port = htons(SPORT) };

			if (bind(fd, (struct sockaddr *)&b, sizeof(b)))
				perror("bind");
		} else {
			struct sockaddr_in b = { .sin_family = AF_INET, .sin_port = htons(SPORT) };

			if (bind(fd, (struct sockaddr *)&b, sizeof(b)))
				perror("bind");
		}
	}
	{
		int sz = 4 << 20;

		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	}

	static struct sockaddr_storage dsts[BATCH];
	static uint8_t bufs[BATCH][20];
	static struct iovec iov[BATCH];
	static struct mmsghdr msgs[BATCH];
	uint64_t t0 = now_ns(CLOCK_MONOTONIC), sent = 0, errs = 0;
	uint64_t end = seconds > 0 ? t0 + (uint64_t)(seconds * 1e9) : 0;
	uint32_t i = 0;
	/* Pacing: batches of 1 below 5000/s (per-flow timestamps), else 64. */
	uint32_t batch = rate > 0 && rate < 5000 ? 1 : BATCH;

	for (;;) {
		uint32_t n = 0;

		if (!flood && i >= count)
			break;
		if (flood && now_ns(CLOCK_MONOTONIC) >= end)
			break;
		if (rate > 0) {
			uint64_t due = t0 + (uint64_t)(i / rate * 1e9);

			while (now_ns(CLOCK_MONOTONIC) < due)
				;
		}
		for (; n < batch && (flood || i + n < count); n++) {
			uint32_t flow = flood ? start + (i + n) % count : start + i + n;
			socklen_t len;

			dst_of(flow, v6, &dsts[n], &len);
			if (tcp) {
				tcp_build(bufs[n], &src, &dsts[n], v6, rst, flow * 7919u);
				iov[n].iov_len = 20;
			} else {
				memcpy(bufs[n], "nsrp-bench", 10);
				iov[n].iov_len = 10;
			}
			if (tcp && !v6)
				((struct sockaddr_in *)&dsts[n])->sin_port = 0;
			if (tcp && v6)
				((struct sockaddr_in6 *)&dsts[n])->sin6_port = 0;
			iov[n].iov_base = bufs[n];
			memset(&msgs[n], 0, sizeof(msgs[n]));
			msgs[n].msg_hdr.msg_name = &dsts[n];
			msgs[n].msg_hdr.msg_namelen = len;
			msgs[n].msg_hdr.msg_iov = &iov[n];
			msgs[n].msg_hdr.msg_iovlen = 1;
		}
		if (ts)
			fprintf(ts, "%u %llu\n", start + i, (unsigned long long)now_ns(CLOCK_REALTIME));
		uint32_t done = 0;

		while (done < n) {
			int r = sendmmsg(fd, msgs + done, n - done, 0);

			if (r < 0) {
				if (errno == ENOBUFS || errno == EAGAIN || errno == EPERM ||
				    errno == ECONNREFUSED) {
					errs++;
					if (flood) {
						done = n;
						break;
					}
					usleep(100);
					continue;
				}
				perror("sendmmsg");
				return 1;
			}
			done += r;
		}
		sent += n;
		i += n;
	}
	double el = (now_ns(CLOCK_MONOTONIC) - t0) / 1e9;

	printf("sent %llu in %.3f s (%.0f/s) errors %llu\n", (unsigned long long)sent, el,
	       sent / el, (unsigned long long)errs);
	if (ts)
		fclose(ts);
	return 0;
}
