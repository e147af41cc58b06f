// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * One nsrp node per network namespace: its table and configuration are
 * created with the namespace and freed with it. The hooks and the GC run
 * only while the node is enabled.
 */

#include <linux/module.h>
#include <linux/percpu.h>

#include <linux/export.h>
#include <kunit/visibility.h>

#include "nsrp_core/gc.h"
#include "nsrp_core/hooks.h"
#include "nsrp_core/netns.h"
#include "nsrp_core/timeout.h"

unsigned int nsrp_net_id __read_mostly;

u32 nsrp_state_ttl(const struct nsrp_net *nn, u8 proto, u8 state)
{
	enum nsrp_timeout_idx idx;

	switch (proto) {
	case IPPROTO_TCP:
		if (state == NSRP_STATE_SYN_SENT || state == NSRP_STATE_SYN_RECV)
			idx = NSRP_TO_TCP_SYN;
		else if (state == NSRP_STATE_CLOSING)
			idx = NSRP_TO_TCP_CLOSING;
		else
			idx = NSRP_TO_TCP;
		break;
	case IPPROTO_UDP:
		idx = NSRP_TO_UDP;
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		idx = NSRP_TO_ICMP;
		break;
	default:
		idx = NSRP_TO_OTHER;
		break;
	}
	return READ_ONCE(nn->timeouts[idx]);
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_state_ttl);

u64 nsrp_stat_sum(struct nsrp_net *nn, enum nsrp_stat_attr idx)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(per_cpu_ptr(nn->stats, cpu)->cnt[idx]);
	return sum;
}

static bool nsrp_flush_one(struct nsrp_net *nn, struct nsrp_session *s, void *arg)
{
	return nsrp_session_remove(nn, s, *(enum nsrp_remove_reason *)arg);
}

unsigned int nsrp_flush(struct nsrp_net *nn, enum nsrp_remove_reason reason)
{
	return nsrp_table_walk(nn, nsrp_flush_one, &reason);
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_flush);

/* Caller holds conf_mutex. */
int nsrp_set_enabled(struct nsrp_net *nn, bool on)
{
	int ret;

	lockdep_assert_held(&nn->conf_mutex);
	if (nn->enabled == on)
		return 0;
	if (on) {
		ret = nsrp_hooks_register(nn->net);
		if (ret)
			return ret;
		nsrp_gc_start(nn);
	} else {
		nsrp_hooks_unregister(nn->net);
		nsrp_gc_stop(nn);
		/* Not a close: the peer keeps its copies, to take them over. */
		nsrp_flush(nn, NSRP_RM_TEARDOWN);
	}
	WRITE_ONCE(nn->enabled, on);
	return 0;
}

static int __net_init nsrp_net_init(struct net *net)
{
	static const u32 defaults[NSRP_TO_NUM] = NSRP_DEFAULT_TIMEOUTS;
	struct nsrp_net *nn = nsrp_pernet(net);
	int i, ret;

	nn->net = net;
	mutex_init(&nn->conf_mutex);
	nn->max_sessions = NSRP_DEFAULT_MAX_SESSIONS;
	for (i = 0; i < NSRP_TO_NUM; i++) {
		nn->timeout_secs[i] = defaults[i];
		nn->timeouts[i] = nsrp_secs_to_lifetime(defaults[i]);
	}
	RCU_INIT_POINTER(nn->sync_ops, NULL);
	nsrp_gc_init(nn);

	nn->stats = alloc_percpu(struct nsrp_stats);
	if (!nn->stats)
		return -ENOMEM;
	ret = nsrp_table_init(nn);
	if (ret)
		goto err_table;
	return 0;

err_table:
	free_percpu(nn->stats);
	return ret;
}

static void __net_exit nsrp_net_exit(struct net *net)
{
	struct nsrp_net *nn = nsrp_pernet(net);

	mutex_lock(&nn->conf_mutex);
	if (nn->enabled) {
		nsrp_hooks_unregister(net);
		nn->enabled = false;
	}
	nsrp_gc_stop(nn);
	mutex_unlock(&nn->conf_mutex);
	/* No hook, GC or netlink caller is left: free without grace periods. */
	nsrp_table_destroy(nn);
	free_percpu(nn->stats);
	mutex_destroy(&nn->conf_mutex);
}

static struct pernet_operations nsrp_net_ops = {
	.init = nsrp_net_init,
	.exit = nsrp_net_exit,
	.id = &nsrp_net_id,
	.size = sizeof(struct nsrp_net),
};

int nsrp_netns_init(void)
{
	return register_pernet_subsys(&nsrp_net_ops);
}

void nsrp_netns_uninit(void)
{
	unregister_pernet_subsys(&nsrp_net_ops);
}
