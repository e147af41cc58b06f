// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Suite nsrp_key: both directions of a flow find one session, different
 * flows never share one, and packets parse to the flows they belong to.
 */

#include <kunit/test.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/in.h>
#include <linux/inet.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ipv6.h>

#include "nsrp_core/parse.h"
#include "nsrp_core/session.h"
#include "nsrp_core/tcp.h"

struct nsrp_key_case {
	const char *name;
	u8 family;
	u8 proto;
	const char *src, *dst;
	u16 sport, dport;
};

static const struct nsrp_key_case nsrp_key_cases[] = {
	{ "tcp4", AF_INET, IPPROTO_TCP, "10.0.1.2", "10.0.2.2", 40000, 80 },
	{ "tcp4_low_to_high", AF_INET, IPPROTO_TCP, "10.0.2.2", "10.0.1.2", 80, 40000 },
	{ "udp4_same_addr", AF_INET, IPPROTO_UDP, "127.0.0.1", "127.0.0.1", 5353, 53 },
	{ "tcp6", AF_INET6, IPPROTO_TCP, "2001:db8:1::2", "2001:db8:2::2", 40000, 443 },
	{ "udp6", AF_INET6, IPPROTO_UDP, "fd00::1", "fd00::ffff", 1000, 1000 },
	{ "icmp4_echo", AF_INET, IPPROTO_ICMP, "10.0.1.2", "10.0.2.2", 77, 77 },
	{ "icmp6_echo", AF_INET6, IPPROTO_ICMPV6, "fd00::1", "fd00::2", 9, 9 },
	{ "gre4", AF_INET, IPPROTO_GRE, "192.0.2.1", "198.51.100.1", 0, 0 },
};

static void nsrp_key_case_to_desc(const struct nsrp_key_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(nsrp_key, nsrp_key_cases, nsrp_key_case_to_desc);

static void nsrp_tuple_fill(struct kunit *test, struct nsrp_tuple *t, const struct nsrp_key_case *c)
{
	memset(t, 0, sizeof(*t));
	t->family = c->family;
	t->proto = c->proto;
	if (c->family == AF_INET) {
		KUNIT_ASSERT_EQ(test, in4_pton(c->src, -1, (u8 *)&t->src.ip, -1, NULL), 1);
		KUNIT_ASSERT_EQ(test, in4_pton(c->dst, -1, (u8 *)&t->dst.ip, -1, NULL), 1);
	} else {
		KUNIT_ASSERT_EQ(test, in6_pton(c->src, -1, (u8 *)&t->src.in6, -1, NULL), 1);
		KUNIT_ASSERT_EQ(test, in6_pton(c->dst, -1, (u8 *)&t->dst.in6, -1, NULL), 1);
	}
	t->sport = htons(c->sport);
	t->dport = htons(c->dport);
}

static void nsrp_tuple_reverse(struct nsrp_tuple *r, const struct nsrp_tuple *t)
{
	*r = *t;
	r->src = t->dst;
	r->dst = t->src;
	r->sport = t->dport;
	r->dport = t->sport;
}

static void key_both_directions_match(struct kunit *test)
{
	const struct nsrp_key_case *c = test->param_value;
	struct nsrp_tuple t, r, back;
	struct nsrp_key k1, k2;
	bool a1, a2;

	nsrp_tuple_fill(test, &t, c);
	nsrp_tuple_reverse(&r, &t);
	nsrp_key_from_tuple(&k1, &t, &a1);
	nsrp_key_from_tuple(&k2, &r, &a2);

	KUNIT_EXPECT_EQ(test, memcmp(&k1, &k2, sizeof(k1)), 0);
	/* Unless both ends are the same endpoint, the directions differ. */
	if (memcmp(&t.src, &t.dst, sizeof(t.src)) || t.sport != t.dport)
		KUNIT_EXPECT_NE(test, a1, a2);

	/* The originator's view comes back out of the key. */
	nsrp_tuple_from_key(&back, &k1, a1);
	KUNIT_EXPECT_EQ(test, memcmp(&back, &t, sizeof(t)), 0);
}

static void key_flows_differ(struct kunit *test)
{
	const struct nsrp_key_case *c = test->param_value;
	struct nsrp_key k1, k2;
	struct nsrp_tuple t;
	bool a;

	nsrp_tuple_fill(test, &t, c);
	nsrp_key_from_tuple(&k1, &t, &a);

	t.sport = htons(c->sport + 1);
	nsrp_key_from_tuple(&k2, &t, &a);
	if (c->proto == IPPROTO_TCP || c->proto == IPPROTO_UDP)
		KUNIT_EXPECT_NE(test, memcmp(&k1, &k2, sizeof(k1)), 0);

	nsrp_tuple_fill(test, &t, c);
	t.proto = IPPROTO_SCTP;
	nsrp_key_from_tuple(&k2, &t, &a);
	KUNIT_EXPECT_NE(test, memcmp(&k1, &k2, sizeof(k1)), 0);

	nsrp_tuple_fill(test, &t, c);
	t.dst.all[3] ^= htonl(1);
	nsrp_key_from_tuple(&k2, &t, &a);
	KUNIT_EXPECT_NE(test, memcmp(&k1, &k2, sizeof(k1)), 0);
}

/* Packets built as they would arrive, parsed as the hooks parse them. */

static struct sk_buff *nsrp_test_skb4(struct kunit *test, const char *src, const char *dst,
				      u8 proto, const void *l4, unsigned int l4len, __be16 frag)
{
	struct sk_buff *skb = alloc_skb(sizeof(struct iphdr) + l4len, GFP_KERNEL);
	struct iphdr *iph;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, sizeof(*iph));
	iph->version = 4;
	iph->ihl = 5;
	iph->protocol = proto;
	iph->frag_off = frag;
	in4_pton(src, -1, (u8 *)&iph->saddr, -1, NULL);
	in4_pton(dst, -1, (u8 *)&iph->daddr, -1, NULL);
	skb_put_data(skb, l4, l4len);
	return skb;
}

static struct sk_buff *nsrp_test_skb6(struct kunit *test, const char *src, const char *dst,
				      u8 proto, const void *l4, unsigned int l4len)
{
	struct sk_buff *skb = alloc_skb(sizeof(struct ipv6hdr) + l4len, GFP_KERNEL);
	struct ipv6hdr *ip6h;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reset_network_header(skb);
	ip6h = skb_put_zero(skb, sizeof(*ip6h));
	ip6h->version = 6;
	ip6h->nexthdr = proto;
	in6_pton(src, -1, (u8 *)&ip6h->saddr, -1, NULL);
	in6_pton(dst, -1, (u8 *)&ip6h->daddr, -1, NULL);
	skb_put_data(skb, l4, l4len);
	return skb;
}

static void parse_tcp4_syn_and_synack_same_key(struct kunit *test)
{
	struct tcphdr syn = { .source = htons(40000), .dest = htons(80), .doff = 5, .syn = 1 };
	struct tcphdr synack = { .source = htons(80), .dest = htons(40000), .doff = 5,
				 .syn = 1, .ack = 1 };
	struct sk_buff *s1, *s2;
	struct nsrp_pkt p1, p2;
	struct nsrp_key k1, k2;
	bool a1, a2;

	s1 = nsrp_test_skb4(test, "10.0.1.2", "10.0.2.2", IPPROTO_TCP, &syn, sizeof(syn), 0);
	s2 = nsrp_test_skb4(test, "10.0.2.2", "10.0.1.2", IPPROTO_TCP, &synack, sizeof(synack), 0);
	KUNIT_EXPECT_EQ(test, nsrp_parse_skb(s1, AF_INET, &p1), NSRP_PKT_FLOW);
	KUNIT_EXPECT_EQ(test, nsrp_parse_skb(s2, AF_INET, &p2), NSRP_PKT_FLOW);
	KUNIT_EXPECT_TRUE(test, p1.opens);
	KUNIT_EXPECT_FALSE(test, p2.opens);
	KUNIT_EXPECT_EQ(test, p1.tcp_flags, NSRP_TCP_SYN);
	KUNIT_EXPECT_EQ(test, p2.tcp_flags, NSRP_TCP_SYN | NSRP_TCP_ACK);
	nsrp_key_from_tuple(&k1, &p1.t, &a1);
	nsrp_key_from_tuple(&k2, &p2.t, &a2);
	KUNIT_EXPECT_EQ(test, memcmp(&k1, &k2, sizeof(k1)), 0);
	KUNIT_EXPECT_NE(test, a1, a2);
	kfree_skb(s1);
	kfree_skb(s2);
}

static void parse_icmp6_echo_reply_same_key(struct kunit *test)
{
	struct icmp6hdr req = { .icmp6_type = ICMPV6_ECHO_REQUEST };
	struct icmp6hdr rep = { .icmp6_type = ICMPV6_ECHO_REPLY };
	struct sk_buff *s1, *s2;
	struct nsrp_pkt p1, p2;
	struct nsrp_key k1, k2;
	bool a1, a2;

	req.icmp6_identifier = htons(4242);
	rep.icmp6_identifier = htons(4242);
	s1 = nsrp_test_skb6(test, "fd00::1", "fd00::2", IPPROTO_ICMPV6, &req, sizeof(req));
	s2 = nsrp_test_skb6(test, "fd00::2", "fd00::1", IPPROTO_ICMPV6, &rep, sizeof(rep));
	KUNIT_EXPECT_EQ(test, nsrp_parse_skb(s1, AF_INET6, &p1), NSRP_PKT_FLOW);
	KUNIT_EXPECT_EQ(test, nsrp_parse_skb(s2, AF_INET6, &p2), NSRP_PKT_FLOW);
	KUNIT_EXPECT_TRUE(test, p1.opens);
	KUNIT_EXPECT_FALSE(test, p2.opens);
	nsrp_key_from_tuple(&k1, &p1.t, &a1);
	nsrp_key_from_tuple(&k2, &p2.t, &a2);
	KUNIT_EXPECT_EQ(test, memcmp(&k1, &k2, sizeof(k1)), 0);
	kfree_skb(s1);
	kfree_skb(s2);
}

static void parse_rejects_and_ignores(struct kunit *test)
{
	struct tcphdr th = { .source = htons(1), .dest = htons(2), .doff = 5, .syn = 1 };
	struct icmphdr unreach = { .type = ICMP_DEST_UNREACH };
	struct udphdr uh = { .source = htons(1), .dest = htons(2) };
	struct sk_buff *skb;
	struct nsrp_pkt p;

	/* A TCP header cut short: invalid, never read past the end. */
	skb = nsrp_test_skb4(test, "10.0.0.1", "10.0.0.2", IPPROTO_TCP, &th, 10, 0);
	KUNIT_EXPECT_EQ(test, nsrp_parse_skb(skb, AF_INET, &p), NSRP_PKT_INVALID);
	kfree_skb(skb);

	/* A data offset below the header's own size. */
	th.doff = 4;
	skb = nsrp_test_skb4(test, "10.0.0.1", "10.0.0.2", IPPROTO_TCP, &th, sizeof(th), 0);
	KUNIT_EXPECT_EQ(test, nsrp_parse_skb(skb, AF_INET, &p), NSRP_PKT_INVALID);
	kfree_skb(skb);

	/* A non-first fragment has no ports: not classified. */
	skb = nsrp_test_skb4(test, "10.0.0.1", "10.0.0.2", IPPROTO_UDP, &uh, sizeof(uh),
			     htons(185));
	KUNIT_EXPECT_EQ(test, nsrp_parse_skb(skb, AF_INET, &p), NSRP_PKT_IGNORE);
	kfree_skb(skb);

	/* ICMP errors belong to other flows and open nothing. */
	skb = nsrp_test_skb4(test, "10.0.0.1", "10.0.0.2", IPPROTO_ICMP, &unreach,
			     sizeof(unreach), 0);
	KUNIT_EXPECT_EQ(test, nsrp_parse_skb(skb, AF_INET, &p), NSRP_PKT_IGNORE);
	kfree_skb(skb);

	/* UDP over IPv6 parses with its ports. */
	skb = nsrp_test_skb6(test, "fd00::1", "fd00::2", IPPROTO_UDP, &uh, sizeof(uh));
	KUNIT_EXPECT_EQ(test, nsrp_parse_skb(skb, AF_INET6, &p), NSRP_PKT_FLOW);
	KUNIT_EXPECT_EQ(test, ntohs(p.t.sport), 1);
	KUNIT_EXPECT_EQ(test, ntohs(p.t.dport), 2);
	kfree_skb(skb);
}

static struct kunit_case nsrp_key_test_cases[] = {
	KUNIT_CASE_PARAM(key_both_directions_match, nsrp_key_gen_params),
	KUNIT_CASE_PARAM(key_flows_differ, nsrp_key_gen_params),
	KUNIT_CASE(parse_tcp4_syn_and_synack_same_key),
	KUNIT_CASE(parse_icmp6_echo_reply_same_key),
	KUNIT_CASE(parse_rejects_and_ignores),
	{}
};

static struct kunit_suite nsrp_key_test_suite = {
	.name = "nsrp_key",
	.test_cases = nsrp_key_test_cases,
};

kunit_test_suite(nsrp_key_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for nsrp");
NSRP_KUNIT_IMPORT_NS();
