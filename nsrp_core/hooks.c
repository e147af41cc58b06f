// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * The netfilter hooks: PRE_ROUTING sees forwarded and incoming traffic,
 * LOCAL_OUT what the node itself sends, for IPv4 and IPv6. They only look up,
 * create, refresh and give a verdict: no allocation but a new session, no
 * lock on the common path, no work that grows with the table.
 */

#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>

#include "nsrp_core/gc.h"
#include "nsrp_core/hooks.h"
#include "nsrp_core/netns.h"
#include "nsrp_core/parse.h"
#include "nsrp_core/sync_notify.h"
#include "nsrp_core/tcp.h"
#include "nsrp_core/timeout.h"

/*
 * A packet of an existing session. Sessions the peer owns are not refreshed
 * by traffic here: their lifetime is the owner's business (see nsrp_sync).
 */
static unsigned int nsrp_session_packet(struct nsrp_net *nn, struct nsrp_session *s,
					const struct nsrp_pkt *pkt, bool src_is_a)
{
	u8 flags = READ_ONCE(s->flags);
	bool reply = src_is_a != !!(flags & NSRP_SF_ORIG_IS_A);
	u8 state = READ_ONCE(s->state);
	u32 ttl, expires;

	if (flags & NSRP_SF_OWNER_PEER)
		return NF_ACCEPT;

	if (pkt->t.proto == IPPROTO_TCP) {
		struct nsrp_tcp_step next;

		/*
		 * Decide locklessly first: most packets change nothing, and
		 * only a change needs the session's lock.
		 */
		next = nsrp_tcp_next(state, READ_ONCE(s->fin_seen), reply, pkt->tcp_flags);
		if (next.state != state || next.fin_seen != READ_ONCE(s->fin_seen)) {
			if (next.state == NSRP_STATE_NONE) {
				nsrp_session_remove(nn, s, NSRP_RM_CLOSED);
				return NF_ACCEPT;
			}
			/*
			 * _bh: LOCAL_OUT runs in process context with softirqs
			 * on, and PRE_ROUTING in softirq may want the same lock.
			 */
			spin_lock_bh(&s->lock);
			next = nsrp_tcp_next(s->state, s->fin_seen, reply, pkt->tcp_flags);
			WRITE_ONCE(s->fin_seen, next.fin_seen);
			WRITE_ONCE(s->state, next.state);
			spin_unlock_bh(&s->lock);
			if (next.state == NSRP_STATE_NONE) {
				nsrp_session_remove(nn, s, NSRP_RM_CLOSED);
				return NF_ACCEPT;
			}
			if (next.state != state)
				nsrp_sync_notify(nn, s, NSRP_EV_STATE, 0);
			state = next.state;
		}
	}

	/* The refresh: a store only when the value moves. */
	ttl = nsrp_state_ttl(nn, pkt->t.proto, state);
	expires = nsrp_time_expiry(nsrp_now(), ttl);
	if (READ_ONCE(s->expires) != expires)
		WRITE_ONCE(s->expires, expires);
	if (unlikely(READ_ONCE(s->ttl) != ttl)) {
		/* A new state's timeout may be shorter than anything planned. */
		WRITE_ONCE(s->ttl, ttl);
		nsrp_gc_expect_session(nn, s);
	}
	return NF_ACCEPT;
}

static unsigned int nsrp_hook(void *priv, struct sk_buff *skb,
			      const struct nf_hook_state *hs)
{
	struct nsrp_net *nn = nsrp_pernet(hs->net);
	struct nsrp_session *s;
	struct nsrp_pkt pkt;
	struct nsrp_key key;
	bool src_is_a, created;
	u8 state;

	nsrp_stat_inc(nn, NSRP_STAT_PACKETS);
	switch (nsrp_parse_skb(skb, hs->pf == NFPROTO_IPV4 ? AF_INET : AF_INET6, &pkt)) {
	case NSRP_PKT_FLOW:
		break;
	case NSRP_PKT_INVALID:
		nsrp_stat_inc(nn, NSRP_STAT_INVALID);
		return NF_ACCEPT;
	default:
		return NF_ACCEPT;
	}

	/* nf_hook_slow() holds rcu_read_lock() around us. */
	nsrp_key_from_tuple(&key, &pkt.t, &src_is_a);
	s = nsrp_session_lookup(nn, &key);
	if (likely(s))
		return nsrp_session_packet(nn, s, &pkt, src_is_a);

	nsrp_stat_inc(nn, NSRP_STAT_PACKETS_NOSESSION);
	if (!pkt.opens) {
		/*
		 * The stateful firewall's rule, and what makes a session
		 * missing after a failover visible (KB7701): mid-stream TCP
		 * without a session does not pass.
		 */
		if (pkt.t.proto == IPPROTO_TCP && READ_ONCE(nn->enforce)) {
			nsrp_stat_inc(nn, NSRP_STAT_ENFORCE_DROPS);
			return NF_DROP;
		}
		return NF_ACCEPT;
	}

	state = pkt.t.proto == IPPROTO_TCP ? NSRP_STATE_SYN_SENT : NSRP_STATE_ACTIVE;
	s = nsrp_session_create(nn, &key, src_is_a, state,
				nsrp_state_ttl(nn, pkt.t.proto, state), false, &created);
	if (IS_ERR(s))
		return READ_ONCE(nn->enforce) ? NF_DROP : NF_ACCEPT;
	if (!created)
		return nsrp_session_packet(nn, s, &pkt, src_is_a);
	nsrp_stat_inc(nn, NSRP_STAT_CREATED);
	nsrp_sync_notify(nn, s, NSRP_EV_CREATED, 0);
	return NF_ACCEPT;
}

static const struct nf_hook_ops nsrp_hook_ops[] = {
	{
		.hook = nsrp_hook,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NSRP_HOOK_PRIORITY,
	},
	{
		.hook = nsrp_hook,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_LOCAL_OUT,
		.priority = NSRP_HOOK_PRIORITY,
	},
	{
		.hook = nsrp_hook,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NSRP_HOOK_PRIORITY,
	},
	{
		.hook = nsrp_hook,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_LOCAL_OUT,
		.priority = NSRP_HOOK_PRIORITY,
	},
};

int nsrp_hooks_register(struct net *net)
{
	int ret;

	ret = nf_defrag_ipv4_enable(net);
	if (ret)
		return ret;
	ret = nf_defrag_ipv6_enable(net);
	if (ret)
		goto err_defrag6;
	ret = nf_register_net_hooks(net, nsrp_hook_ops, ARRAY_SIZE(nsrp_hook_ops));
	if (ret)
		goto err_hooks;
	return 0;

err_hooks:
	nf_defrag_ipv6_disable(net);
err_defrag6:
	nf_defrag_ipv4_disable(net);
	return ret;
}

/* Returns once no hook runs any more (nf_unregister_net_hooks() syncs). */
void nsrp_hooks_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, nsrp_hook_ops, ARRAY_SIZE(nsrp_hook_ops));
	nf_defrag_ipv6_disable(net);
	nf_defrag_ipv4_disable(net);
}
