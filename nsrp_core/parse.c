// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Fragments: nsrp enables the kernel's defragmentation (nf_defrag_ipv4/6,
 * the same hooks nf_conntrack relies on, at priority -400) in every
 * namespace where it runs, so the hooks see whole datagrams. A non-first
 * fragment that still reaches us (defrag gave up on it) has no ports and is
 * passed untracked rather than misclassified.
 *
 * Everything read from the packet goes through skb_header_pointer(): the
 * headers may be non-linear, and a truncated packet must not be read past
 * its end.
 */

#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include <linux/export.h>
#include <kunit/visibility.h>

#include "nsrp_core/parse.h"
#include "nsrp_core/tcp.h"

static enum nsrp_parse_result nsrp_parse_l4(const struct sk_buff *skb, unsigned int thoff,
					    struct nsrp_pkt *pkt)
{
	struct nsrp_tuple *t = &pkt->t;

	switch (t->proto) {
	case IPPROTO_TCP: {
		struct tcphdr _th;
		const struct tcphdr *th = skb_header_pointer(skb, thoff, sizeof(_th), &_th);

		if (!th || th->doff < sizeof(*th) / 4)
			return NSRP_PKT_INVALID;
		t->sport = th->source;
		t->dport = th->dest;
		pkt->tcp_flags = (th->syn ? NSRP_TCP_SYN : 0) | (th->ack ? NSRP_TCP_ACK : 0) |
				 (th->fin ? NSRP_TCP_FIN : 0) | (th->rst ? NSRP_TCP_RST : 0);
		pkt->opens = nsrp_tcp_opens(pkt->tcp_flags);
		return NSRP_PKT_FLOW;
	}
	case IPPROTO_UDP: {
		struct udphdr _uh;
		const struct udphdr *uh = skb_header_pointer(skb, thoff, sizeof(_uh), &_uh);

		if (!uh)
			return NSRP_PKT_INVALID;
		t->sport = uh->source;
		t->dport = uh->dest;
		pkt->opens = true;
		return NSRP_PKT_FLOW;
	}
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6: {
		/* Type, code, checksum, identifier: the same layout for both. */
		struct icmphdr _ih;
		const struct icmphdr *ih = skb_header_pointer(skb, thoff, 8, &_ih);
		bool v6 = t->proto == IPPROTO_ICMPV6;
		u8 request = v6 ? ICMPV6_ECHO_REQUEST : ICMP_ECHO;
		u8 reply = v6 ? ICMPV6_ECHO_REPLY : ICMP_ECHOREPLY;

		if (!ih)
			return NSRP_PKT_INVALID;
		if (ih->type != request && ih->type != reply)
			return NSRP_PKT_IGNORE;
		/*
		 * The identifier stands on both ends, so that a reply, with
		 * addresses swapped, gives the request's key.
		 */
		t->sport = ih->un.echo.id;
		t->dport = ih->un.echo.id;
		pkt->opens = ih->type == request;
		return NSRP_PKT_FLOW;
	}
	default:
		pkt->opens = true;
		return NSRP_PKT_FLOW;
	}
}

static enum nsrp_parse_result nsrp_parse_ipv4(const struct sk_buff *skb, struct nsrp_pkt *pkt)
{
	unsigned int nhoff = skb_network_offset(skb);
	struct iphdr _iph;
	const struct iphdr *iph = skb_header_pointer(skb, nhoff, sizeof(_iph), &_iph);

	if (!iph || iph->ihl < 5 || iph->version != 4)
		return NSRP_PKT_INVALID;
	if (iph->frag_off & htons(IP_OFFSET))
		return NSRP_PKT_IGNORE;
	pkt->t.family = AF_INET;
	pkt->t.proto = iph->protocol;
	pkt->t.src.ip = iph->saddr;
	pkt->t.dst.ip = iph->daddr;
	return nsrp_parse_l4(skb, nhoff + iph->ihl * 4, pkt);
}

static enum nsrp_parse_result nsrp_parse_ipv6(const struct sk_buff *skb, struct nsrp_pkt *pkt)
{
	unsigned int nhoff = skb_network_offset(skb);
	struct ipv6hdr _ip6h;
	const struct ipv6hdr *ip6h = skb_header_pointer(skb, nhoff, sizeof(_ip6h), &_ip6h);
	__be16 frag_off = 0;
	u8 nexthdr;
	int thoff;

	if (!ip6h || ip6h->version != 6)
		return NSRP_PKT_INVALID;
	nexthdr = ip6h->nexthdr;
	thoff = ipv6_skip_exthdr(skb, nhoff + sizeof(*ip6h), &nexthdr, &frag_off);
	if (thoff < 0)
		return NSRP_PKT_INVALID;
	if (frag_off & htons(IP6_OFFSET))
		return NSRP_PKT_IGNORE;
	pkt->t.family = AF_INET6;
	pkt->t.proto = nexthdr;
	pkt->t.src.in6 = ip6h->saddr;
	pkt->t.dst.in6 = ip6h->daddr;
	return nsrp_parse_l4(skb, thoff, pkt);
}

enum nsrp_parse_result nsrp_parse_skb(const struct sk_buff *skb, u8 family,
				      struct nsrp_pkt *pkt)
{
	memset(pkt, 0, sizeof(*pkt));
	if (family == AF_INET)
		return nsrp_parse_ipv4(skb, pkt);
	return nsrp_parse_ipv6(skb, pkt);
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_parse_skb);
