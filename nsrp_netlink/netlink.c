// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * The "nsrp" generic netlink family; the uapi header documents every command
 * and attribute. Everything a policy can express is checked by the policy;
 * the rest is checked here, before anything changes, with an extack message
 * naming the attribute.
 */

#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <linux/nsrp.h>

#include "nsrp_core/netns.h"
#include "nsrp_core/session.h"
#include "nsrp_core/timeout.h"
#include "nsrp_netlink/event.h"
#include "nsrp_netlink/netlink.h"
#include "nsrp_sync/config.h"

static struct genl_family nsrp_genl_family;

/* Ranges past 16 bits need a range struct on 6.1, where it is not const. */
static struct netlink_range_validation nsrp_timeout_range = {
	.min = 1,
	.max = NSRP_TIMEOUT_MAX,
};

static struct netlink_range_validation nsrp_max_sessions_range = {
	.min = 1,
	.max = NSRP_MAX_SESSIONS_LIMIT,
};

static struct netlink_range_validation nsrp_flush_range = {
	.min = 1,
	.max = NSRP_FLUSH_MS_MAX,
};

static struct netlink_range_validation nsrp_hello_range = {
	.min = NSRP_HELLO_MS_MIN,
	.max = NSRP_HELLO_MS_MAX,
};

static struct netlink_range_validation nsrp_hold_down_range = {
	.min = 0,
	.max = NSRP_HOLD_DOWN_MS_MAX,
};

static struct netlink_range_validation nsrp_ifindex_range = {
	.min = 0,
	.max = S32_MAX,
};

static const struct nla_policy nsrp_timeouts_policy[NSRP_A_TIMEOUT_MAX + 1] = {
	[NSRP_A_TIMEOUT_TCP] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsrp_timeout_range),
	[NSRP_A_TIMEOUT_UDP] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsrp_timeout_range),
	[NSRP_A_TIMEOUT_ICMP] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsrp_timeout_range),
	[NSRP_A_TIMEOUT_OTHER] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsrp_timeout_range),
	[NSRP_A_TIMEOUT_TCP_SYN] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsrp_timeout_range),
	[NSRP_A_TIMEOUT_TCP_CLOSING] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsrp_timeout_range),
};

static const struct nla_policy nsrp_filter_policy[NSRP_FILTER_A_MAX + 1] = {
	[NSRP_FILTER_A_FAMILY] = { .type = NLA_U8 },
	[NSRP_FILTER_A_PROTO] = { .type = NLA_U8 },
	[NSRP_FILTER_A_ADDR] = NLA_POLICY_RANGE(NLA_BINARY, sizeof(struct in_addr),
						sizeof(struct in6_addr)),
	[NSRP_FILTER_A_PORT] = { .type = NLA_BE16 },
};

static const struct nla_policy nsrp_none_policy[NSRP_A_MAX + 1] = {
};

static const struct nla_policy nsrp_set_policy[NSRP_A_MAX + 1] = {
	[NSRP_A_ENABLED] = NLA_POLICY_MAX(NLA_U8, 1),
	[NSRP_A_ENFORCE] = NLA_POLICY_MAX(NLA_U8, 1),
	[NSRP_A_MAX_SESSIONS] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsrp_max_sessions_range),
	[NSRP_A_TIMEOUTS] = NLA_POLICY_NESTED(nsrp_timeouts_policy),
	[NSRP_A_HA_LINK] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsrp_ifindex_range),
	[NSRP_A_ETHERTYPE] = NLA_POLICY_MIN(NLA_U16, NSRP_ETHERTYPE_MIN),
	[NSRP_A_CLUSTER_ID] = { .type = NLA_U16 },
	[NSRP_A_NODE_ID] = { .type = NLA_U16 },
	[NSRP_A_MULTIPLIER] = NLA_POLICY_MIN(NLA_U8, 1),
	[NSRP_A_AGEOUT_ACK] = NLA_POLICY_MAX(NLA_U8, 1),
	[NSRP_A_FLUSH_MS] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsrp_flush_range),
	[NSRP_A_KEY] = { .type = NLA_BINARY, .len = NSRP_KEY_MAX_LEN },
	[NSRP_A_MODE] = NLA_POLICY_RANGE(NLA_U8, NSRP_MODE_AUTO, NSRP_MODE_MANUAL),
	[NSRP_A_ROLE] = NLA_POLICY_RANGE(NLA_U8, NSRP_ROLE_BACKUP, NSRP_ROLE_PRIMARY),
	[NSRP_A_PRIORITY] = NLA_POLICY_RANGE(NLA_U8, 1, 254),
	[NSRP_A_PREEMPT] = NLA_POLICY_MAX(NLA_U8, 1),
	[NSRP_A_HELLO_MS] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsrp_hello_range),
	[NSRP_A_DEAD_COUNT] = NLA_POLICY_MIN(NLA_U8, 2),
	[NSRP_A_HOLD_DOWN_MS] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsrp_hold_down_range),
};

static const struct nla_policy nsrp_filter_only_policy[NSRP_A_MAX + 1] = {
	[NSRP_A_FILTER] = NLA_POLICY_NESTED(nsrp_filter_policy),
};

struct nsrp_filter {
	u8 family;		/* 0: any */
	u8 proto;
	bool has_proto, has_port;
	u8 addr_len;		/* 0: any */
	__be16 port;
	union nsrp_addr addr;
};

static int nsrp_filter_parse(struct nsrp_filter *f, const struct nlattr *nest,
			     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NSRP_FILTER_A_MAX + 1];
	int ret;

	memset(f, 0, sizeof(*f));
	if (!nest)
		return 0;
	ret = nla_parse_nested(tb, NSRP_FILTER_A_MAX, nest, nsrp_filter_policy, extack);
	if (ret)
		return ret;

	if (tb[NSRP_FILTER_A_FAMILY]) {
		f->family = nla_get_u8(tb[NSRP_FILTER_A_FAMILY]);
		if (f->family != AF_INET && f->family != AF_INET6) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NSRP_FILTER_A_FAMILY],
					    "family must be AF_INET or AF_INET6");
			return -EINVAL;
		}
	}
	if (tb[NSRP_FILTER_A_PROTO]) {
		f->proto = nla_get_u8(tb[NSRP_FILTER_A_PROTO]);
		f->has_proto = true;
	}
	if (tb[NSRP_FILTER_A_ADDR]) {
		u8 len = nla_len(tb[NSRP_FILTER_A_ADDR]);
		u8 family = len == sizeof(struct in_addr) ? AF_INET : AF_INET6;

		if (len != sizeof(struct in_addr) && len != sizeof(struct in6_addr)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NSRP_FILTER_A_ADDR],
					    "address must be 4 (IPv4) or 16 (IPv6) bytes");
			return -EINVAL;
		}
		if (f->family && f->family != family) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NSRP_FILTER_A_ADDR],
					    "address does not match the family");
			return -EINVAL;
		}
		f->family = family;
		f->addr_len = len;
		nla_memcpy(&f->addr, tb[NSRP_FILTER_A_ADDR], len);
	}
	if (tb[NSRP_FILTER_A_PORT]) {
		f->port = nla_get_be16(tb[NSRP_FILTER_A_PORT]);
		f->has_port = true;
	}
	return 0;
}

static bool nsrp_filter_match(const struct nsrp_filter *f, const struct nsrp_session *s)
{
	const struct nsrp_key *k = &s->key;
	bool ports = k->proto == IPPROTO_TCP || k->proto == IPPROTO_UDP;

	if (f->family && k->family != f->family)
		return false;
	if (f->has_proto && k->proto != f->proto)
		return false;
	if (f->addr_len && memcmp(&k->a, &f->addr, f->addr_len) &&
	    memcmp(&k->b, &f->addr, f->addr_len))
		return false;
	if (f->has_port && (!ports || (k->pa != f->port && k->pb != f->port)))
		return false;
	return true;
}

static int nsrp_put_config(struct sk_buff *skb, struct nsrp_net *nn)
{
	struct nlattr *nest;
	int i;

	if (nla_put_u8(skb, NSRP_A_ENABLED, nn->enabled) ||
	    nla_put_u8(skb, NSRP_A_ENFORCE, nn->enforce) ||
	    nla_put_u32(skb, NSRP_A_MAX_SESSIONS, nn->max_sessions))
		return -EMSGSIZE;
	nest = nla_nest_start(skb, NSRP_A_TIMEOUTS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < NSRP_TO_NUM; i++)
		if (nla_put_u32(skb, NSRP_A_TIMEOUT_TCP + i, nn->timeout_secs[i]))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	if (nla_put_u32(skb, NSRP_A_SESSIONS, atomic_read(&nn->count)) ||
	    nla_put_u32(skb, NSRP_A_SESSIONS_LOCAL,
			atomic_read(&nn->count) - atomic_read(&nn->count_peer)) ||
	    nla_put_u32(skb, NSRP_A_SESSIONS_PEER, atomic_read(&nn->count_peer)) ||
	    nla_put_u32(skb, NSRP_A_SESSION_SIZE, nsrp_session_size()) ||
	    nla_put_u32(skb, NSRP_A_TABLE_BUCKETS, nsrp_table_buckets(nn)))
		return -EMSGSIZE;
	return nsrp_sync_fill(skb, nn);
}

/* A reply of one message, filled by @fill under the namespace's conf_mutex. */
static int nsrp_reply(struct genl_info *info,
		      int (*fill)(struct sk_buff *skb, struct nsrp_net *nn, void *arg), void *arg)
{
	struct nsrp_net *nn = nsrp_pernet(genl_info_net(info));
	struct sk_buff *skb;
	void *hdr;
	int ret;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	hdr = genlmsg_put_reply(skb, info, &nsrp_genl_family, 0, info->genlhdr->cmd);
	if (!hdr) {
		ret = -EMSGSIZE;
		goto err;
	}
	mutex_lock(&nn->conf_mutex);
	ret = fill(skb, nn, arg);
	mutex_unlock(&nn->conf_mutex);
	if (ret)
		goto err;
	genlmsg_end(skb, hdr);
	return genlmsg_reply(skb, info);
err:
	nlmsg_free(skb);
	return ret;
}

static int nsrp_fill_config(struct sk_buff *skb, struct nsrp_net *nn, void *arg)
{
	return nsrp_put_config(skb, nn);
}

static int nsrp_nl_get(struct sk_buff *skb, struct genl_info *info)
{
	return nsrp_reply(info, nsrp_fill_config, NULL);
}

/* The replication attributes of a SET, with the checks a policy cannot make. */
static int nsrp_sync_cfg_parse(struct nsrp_sync_cfg *cfg, struct nlattr **attrs,
			       struct netlink_ext_ack *extack)
{
	const struct nlattr *key = attrs[NSRP_A_KEY];

	if (attrs[NSRP_A_HA_LINK]) {
		cfg->ifindex = nla_get_u32(attrs[NSRP_A_HA_LINK]);
		cfg->ifindex_attr = attrs[NSRP_A_HA_LINK];
	}
	if (attrs[NSRP_A_ETHERTYPE])
		cfg->ethertype = nla_get_u16(attrs[NSRP_A_ETHERTYPE]);
	if (attrs[NSRP_A_CLUSTER_ID])
		cfg->cluster_id = nla_get_u16(attrs[NSRP_A_CLUSTER_ID]);
	if (attrs[NSRP_A_NODE_ID])
		cfg->node_id = nla_get_u16(attrs[NSRP_A_NODE_ID]);
	if (attrs[NSRP_A_MULTIPLIER])
		cfg->multiplier = nla_get_u8(attrs[NSRP_A_MULTIPLIER]);
	if (attrs[NSRP_A_AGEOUT_ACK])
		cfg->age_ack = nla_get_u8(attrs[NSRP_A_AGEOUT_ACK]);
	if (attrs[NSRP_A_FLUSH_MS])
		cfg->flush_ms = nla_get_u32(attrs[NSRP_A_FLUSH_MS]);
	if (attrs[NSRP_A_MODE])
		cfg->mode = nla_get_u8(attrs[NSRP_A_MODE]);
	if (attrs[NSRP_A_ROLE]) {
		cfg->role = nla_get_u8(attrs[NSRP_A_ROLE]);
		cfg->role_attr = attrs[NSRP_A_ROLE];
	}
	if (attrs[NSRP_A_PRIORITY])
		cfg->priority = nla_get_u8(attrs[NSRP_A_PRIORITY]);
	if (attrs[NSRP_A_PREEMPT])
		cfg->preempt = nla_get_u8(attrs[NSRP_A_PREEMPT]);
	if (attrs[NSRP_A_HELLO_MS])
		cfg->hello_ms = nla_get_u32(attrs[NSRP_A_HELLO_MS]);
	if (attrs[NSRP_A_DEAD_COUNT])
		cfg->dead_count = nla_get_u8(attrs[NSRP_A_DEAD_COUNT]);
	if (attrs[NSRP_A_HOLD_DOWN_MS])
		cfg->hold_down_ms = nla_get_u32(attrs[NSRP_A_HOLD_DOWN_MS]);
	if (key) {
		if (nla_len(key) && nla_len(key) < NSRP_KEY_MIN_LEN) {
			NL_SET_ERR_MSG_ATTR(extack, key, "the key needs 16 octets at least");
			return -EINVAL;
		}
		cfg->key = key;
	}
	return 0;
}

static int nsrp_nl_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nsrp_net *nn = nsrp_pernet(genl_info_net(info));
	struct nlattr *to[NSRP_A_TIMEOUT_MAX + 1] = {};
	struct nsrp_sync_cfg cfg = NSRP_SYNC_CFG_INIT;
	struct nlattr **attrs = info->attrs;
	bool enabled = false;
	int ret, i;

	if (attrs[NSRP_A_TIMEOUTS]) {
		ret = nla_parse_nested(to, NSRP_A_TIMEOUT_MAX, attrs[NSRP_A_TIMEOUTS],
				       nsrp_timeouts_policy, info->extack);
		if (ret)
			return ret;
	}
	ret = nsrp_sync_cfg_parse(&cfg, attrs, info->extack);
	if (ret)
		return ret;

	/*
	 * Everything is validated by now. Replication's setup and enabling
	 * are the steps that can fail: replication goes first and undoes
	 * itself on failure; enabling is undone if replication then fails.
	 */
	mutex_lock(&nn->conf_mutex);
	if (attrs[NSRP_A_ENABLED] && nla_get_u8(attrs[NSRP_A_ENABLED]) && !nn->enabled) {
		ret = nsrp_set_enabled(nn, true);
		if (ret) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[NSRP_A_ENABLED],
					    "cannot register the netfilter hooks");
			goto out;
		}
		enabled = true;
	}
	ret = nsrp_sync_configure(nn, &cfg, info->extack);
	if (ret) {
		if (enabled)
			nsrp_set_enabled(nn, false);
		goto out;
	}
	if (attrs[NSRP_A_ENFORCE])
		WRITE_ONCE(nn->enforce, nla_get_u8(attrs[NSRP_A_ENFORCE]));
	if (attrs[NSRP_A_MAX_SESSIONS])
		WRITE_ONCE(nn->max_sessions, nla_get_u32(attrs[NSRP_A_MAX_SESSIONS]));
	for (i = 0; i < NSRP_TO_NUM; i++) {
		struct nlattr *a = to[NSRP_A_TIMEOUT_TCP + i];
		u32 secs;

		if (!a)
			continue;
		secs = nla_get_u32(a);
		nn->timeout_secs[i] = secs;
		WRITE_ONCE(nn->timeouts[i], nsrp_secs_to_lifetime(secs));
	}
	if (attrs[NSRP_A_ENABLED] && !nla_get_u8(attrs[NSRP_A_ENABLED]))
		nsrp_set_enabled(nn, false);
	ret = 0;
out:
	mutex_unlock(&nn->conf_mutex);
	return ret;
}

static int nsrp_nl_failover(struct sk_buff *skb, struct genl_info *info)
{
	struct nsrp_net *nn = nsrp_pernet(genl_info_net(info));
	int ret;

	mutex_lock(&nn->conf_mutex);
	ret = nsrp_sync_failover(nn, info->extack);
	mutex_unlock(&nn->conf_mutex);
	return ret;
}

static bool nsrp_del_one(struct nsrp_net *nn, struct nsrp_session *s, void *arg)
{
	const struct nsrp_filter *f = arg;

	return nsrp_filter_match(f, s) && nsrp_session_remove(nn, s, NSRP_RM_DELETED);
}

static int nsrp_fill_count(struct sk_buff *skb, struct nsrp_net *nn, void *arg)
{
	return nla_put_u32(skb, NSRP_A_SESSIONS, *(unsigned int *)arg) ? -EMSGSIZE : 0;
}

static int nsrp_nl_session_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nsrp_net *nn = nsrp_pernet(genl_info_net(info));
	struct nsrp_filter filter;
	unsigned int n;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, NSRP_A_FILTER)) {
		NL_SET_ERR_MSG(info->extack, "a filter is required (flush removes all)");
		return -EINVAL;
	}
	ret = nsrp_filter_parse(&filter, info->attrs[NSRP_A_FILTER], info->extack);
	if (ret)
		return ret;
	n = nsrp_table_walk(nn, nsrp_del_one, &filter);
	return nsrp_reply(info, nsrp_fill_count, &n);
}

static int nsrp_nl_session_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct nsrp_net *nn = nsrp_pernet(genl_info_net(info));
	unsigned int n = nsrp_flush(nn, NSRP_RM_DELETED);

	return nsrp_reply(info, nsrp_fill_count, &n);
}

static int nsrp_fill_stats(struct sk_buff *skb, struct nsrp_net *nn, void *arg)
{
	struct nlattr *nest = nla_nest_start(skb, NSRP_A_STATS);
	int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = NSRP_STAT_UNSPEC + 1; i <= NSRP_STAT_MAX; i++)
		if (nla_put_u64_64bit(skb, i, nsrp_stat_sum(nn, i), NSRP_STAT_UNSPEC))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int nsrp_nl_stats_get(struct sk_buff *skb, struct genl_info *info)
{
	return nsrp_reply(info, nsrp_fill_stats, NULL);
}

/*
 * The session dump walks the table with an rhashtable iterator kept across
 * calls. A resize during the walk may show a session twice or not at all;
 * the iterator says so with -EAGAIN, which bumps the sequence the
 * consistency check compares, so userspace sees NLM_F_DUMP_INTR and retries.
 */
struct nsrp_dump_ctx {
	struct rhashtable_iter iter;
	struct nsrp_filter filter;
	u32 resizes;
};

#define NSRP_DUMP_CTX(cb) (*(struct nsrp_dump_ctx **)&(cb)->args[0])

static int nsrp_dump_start(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct nsrp_net *nn = nsrp_pernet(sock_net(cb->skb->sk));
	struct nsrp_dump_ctx *ctx;
	int ret;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	ret = nsrp_filter_parse(&ctx->filter, info->attrs[NSRP_A_FILTER], cb->extack);
	if (ret) {
		kfree(ctx);
		return ret;
	}
	rhashtable_walk_enter(&nn->table, &ctx->iter);
	NSRP_DUMP_CTX(cb) = ctx;
	return 0;
}

static int nsrp_dump_done(struct netlink_callback *cb)
{
	struct nsrp_dump_ctx *ctx = NSRP_DUMP_CTX(cb);

	if (ctx) {
		rhashtable_walk_exit(&ctx->iter);
		kfree(ctx);
	}
	return 0;
}

static int nsrp_put_session(struct sk_buff *skb, const struct nsrp_session *s, u32 now)
{
	struct nsrp_session_info info;
	struct nlattr *nest;
	int alen;

	nsrp_session_snapshot(s, &info);
	alen = info.orig.family == AF_INET ? sizeof(struct in_addr) : sizeof(struct in6_addr);
	/* ICMP keeps its identifier on both ends of the key; show it once. */
	if (info.orig.proto == IPPROTO_ICMP || info.orig.proto == IPPROTO_ICMPV6)
		info.orig.dport = 0;

	nest = nla_nest_start(skb, NSRP_A_SESSION);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u8(skb, NSRP_SESSION_A_FAMILY, info.orig.family) ||
	    nla_put_u8(skb, NSRP_SESSION_A_PROTO, info.orig.proto) ||
	    nla_put(skb, NSRP_SESSION_A_SRC, alen, &info.orig.src) ||
	    nla_put(skb, NSRP_SESSION_A_DST, alen, &info.orig.dst) ||
	    nla_put_be16(skb, NSRP_SESSION_A_SPORT, info.orig.sport) ||
	    nla_put_be16(skb, NSRP_SESSION_A_DPORT, info.orig.dport) ||
	    nla_put_u8(skb, NSRP_SESSION_A_STATE, info.state) ||
	    nla_put_u8(skb, NSRP_SESSION_A_OWNER, info.owner) ||
	    nla_put_u32(skb, NSRP_SESSION_A_EXPIRES_MS, nsrp_time_left_ms(info.expires, now)) ||
	    nla_put_u32(skb, NSRP_SESSION_A_TIMEOUT_S, jiffies_to_msecs(info.ttl) / MSEC_PER_SEC)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int nsrp_dump_sessions(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nsrp_net *nn = nsrp_pernet(sock_net(cb->skb->sk));
	struct nsrp_dump_ctx *ctx = NSRP_DUMP_CTX(cb);
	struct nsrp_session *s;
	struct nlattr *list;
	unsigned int n = 0;
	u32 now = nsrp_now();
	void *hdr;
	int ret = 0;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &nsrp_genl_family, NLM_F_MULTI, NSRP_CMD_SESSION_GET);
	if (!hdr)
		return -EMSGSIZE;
	list = nla_nest_start(skb, NSRP_A_SESSIONS_LIST);
	if (!list) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}

	/*
	 * Peek first: the session that did not fit last time is still the
	 * iterator's current one.
	 */
	rhashtable_walk_start(&ctx->iter);
	for (s = rhashtable_walk_peek(&ctx->iter); s; s = rhashtable_walk_next(&ctx->iter)) {
		if (IS_ERR(s)) {
			if (PTR_ERR(s) == -EAGAIN) {
				ctx->resizes++;
				continue;
			}
			ret = PTR_ERR(s);
			break;
		}
		if (nsrp_session_gone(nn, s, now) || !nsrp_filter_match(&ctx->filter, s))
			continue;
		if (nsrp_put_session(skb, s, now))
			break;
		n++;
	}
	rhashtable_walk_stop(&ctx->iter);

	cb->seq = ctx->resizes + 1;
	genl_dump_check_consistent(cb, hdr);
	nla_nest_end(skb, list);
	genlmsg_end(skb, hdr);
	if (ret)
		return ret;
	/* Nothing added: the walk is over (an empty message ends the dump too). */
	if (!n && !s) {
		genlmsg_cancel(skb, hdr);
		return 0;
	}
	return skb->len;
}

static const struct genl_ops nsrp_genl_ops[] = {
	{
		.cmd = NSRP_CMD_GET,
		.doit = nsrp_nl_get,
		.policy = nsrp_none_policy,
		.maxattr = NSRP_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = NSRP_CMD_SET,
		.doit = nsrp_nl_set,
		.policy = nsrp_set_policy,
		.maxattr = NSRP_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = NSRP_CMD_SESSION_GET,
		.start = nsrp_dump_start,
		.dumpit = nsrp_dump_sessions,
		.done = nsrp_dump_done,
		.policy = nsrp_filter_only_policy,
		.maxattr = NSRP_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = NSRP_CMD_SESSION_DEL,
		.doit = nsrp_nl_session_del,
		.policy = nsrp_filter_only_policy,
		.maxattr = NSRP_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = NSRP_CMD_SESSION_FLUSH,
		.doit = nsrp_nl_session_flush,
		.policy = nsrp_none_policy,
		.maxattr = NSRP_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = NSRP_CMD_STATS_GET,
		.doit = nsrp_nl_stats_get,
		.policy = nsrp_none_policy,
		.maxattr = NSRP_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = NSRP_CMD_FAILOVER,
		.doit = nsrp_nl_failover,
		.policy = nsrp_none_policy,
		.maxattr = NSRP_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

enum {
	NSRP_MCGRP_EVENTS_IDX,
};

/*
 * Listening takes CAP_NET_ADMIN in the namespace's user namespace, like
 * every command: the events say which node serves the sessions.
 */
static const struct genl_multicast_group nsrp_genl_mcgrps[] = {
	[NSRP_MCGRP_EVENTS_IDX] = { .name = NSRP_MCGRP_EVENTS, .flags = GENL_UNS_ADMIN_PERM },
};

void nsrp_nl_event(struct net *net, const struct nsrp_event *ev)
{
	struct sk_buff *skb;
	struct nlattr *nest;
	void *hdr;

	if (!genl_has_listeners(&nsrp_genl_family, net, NSRP_MCGRP_EVENTS_IDX))
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &nsrp_genl_family, 0, NSRP_CMD_EVENT);
	if (!hdr)
		goto err;
	nest = nla_nest_start(skb, NSRP_A_EVENT);
	if (!nest || nla_put_u8(skb, NSRP_EVENT_A_TYPE, ev->type))
		goto err;
	if ((ev->has & NSRP_EVF_ROLE) &&
	    (nla_put_u8(skb, NSRP_EVENT_A_ROLE, ev->role) ||
	     nla_put_u8(skb, NSRP_EVENT_A_OLD_ROLE, ev->old_role) ||
	     nla_put_u8(skb, NSRP_EVENT_A_REASON, ev->reason)))
		goto err;
	if ((ev->has & NSRP_EVF_PEER) &&
	    nla_put_u16(skb, NSRP_EVENT_A_PEER_NODE_ID, ev->peer_node))
		goto err;
	if ((ev->has & NSRP_EVF_SESSIONS) && nla_put_u32(skb, NSRP_EVENT_A_SESSIONS, ev->sessions))
		goto err;
	if ((ev->has & NSRP_EVF_MS) && nla_put_u32(skb, NSRP_EVENT_A_MS, ev->ms))
		goto err;
	if ((ev->has & NSRP_EVF_AGEOUT) &&
	    (nla_put_u32(skb, NSRP_EVENT_A_KEPT, ev->kept) ||
	     nla_put_u32(skb, NSRP_EVENT_A_SHORTENED, ev->shortened) ||
	     nla_put_u32(skb, NSRP_EVENT_A_REMOVED, ev->removed)))
		goto err;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	genlmsg_multicast_netns(&nsrp_genl_family, net, skb, 0, NSRP_MCGRP_EVENTS_IDX,
				GFP_KERNEL);
	return;
err:
	nlmsg_free(skb);
}

static struct genl_family nsrp_genl_family __ro_after_init = {
	.ops = nsrp_genl_ops,
	.n_ops = ARRAY_SIZE(nsrp_genl_ops),
	.mcgrps = nsrp_genl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(nsrp_genl_mcgrps),
	.name = NSRP_GENL_NAME,
	.version = NSRP_GENL_VERSION,
	.maxattr = NSRP_A_MAX,
	.module = THIS_MODULE,
	.netnsok = true,
};

int __init nsrp_genl_init(void)
{
	return genl_register_family(&nsrp_genl_family);
}

void nsrp_genl_uninit(void)
{
	genl_unregister_family(&nsrp_genl_family);
}
