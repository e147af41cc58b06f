/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Per network namespace state. Every namespace is an independent nsrp node:
 * its own table, configuration, counters and hooks. The hooks are registered
 * only while nsrp is enabled in the namespace.
 */

#ifndef _NSRP_NETNS_H
#define _NSRP_NETNS_H

#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/rhashtable-types.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <linux/nsrp.h>

#include "nsrp_core/session.h"
#include "nsrp_core/sync_api.h"

/* Index into nsrp_net.timeouts[]; matches NSRP_A_TIMEOUT_* minus one. */
enum nsrp_timeout_idx {
	NSRP_TO_TCP,
	NSRP_TO_UDP,
	NSRP_TO_ICMP,
	NSRP_TO_OTHER,
	NSRP_TO_TCP_SYN,
	NSRP_TO_TCP_CLOSING,
	NSRP_TO_NUM
};

/* ScreenOS defaults, in seconds. */
#define NSRP_DEFAULT_TIMEOUTS { 1800, 60, 60, 60, 20, 10 }
#define NSRP_DEFAULT_MAX_SESSIONS 262144U

struct nsrp_stats {
	u64 cnt[NSRP_STAT_MAX + 1];	/* indexed by enum nsrp_stat_attr */
};

struct nsrp_net {
	struct net *net;

	/* Configuration: written under conf_mutex, read locklessly with READ_ONCE. */
	struct mutex conf_mutex;
	bool enabled;
	bool enforce;
	u32 max_sessions;
	u32 timeout_secs[NSRP_TO_NUM];
	u32 timeouts[NSRP_TO_NUM];	/* the same in jiffies, for the packet path */

	/* The table; see session.h for a session's lifetime. */
	struct rhashtable table;
	atomic_t count;
	atomic_t count_peer;

	/* GC: budgeted, resumable passes, planned from expiries (see gc.c). */
	struct delayed_work gc_work;
	struct rhashtable_iter gc_iter;
	bool gc_iter_active;
	bool gc_exiting;
	u32 gc_earliest;	/* earliest expiry seen in this pass */
	u32 gc_planned;		/* the next pass, from what the last one saw */
	u32 gc_not_before;	/* and not before this: the duty limit */
	u64 gc_pass_ns;		/* time this pass has taken so far */
	u32 gc_hint;		/* earliest expiry reported since the pass began */

	/* The replication seam: set by nsrp_sync, NULL when it is not attached. */
	const struct nsrp_sync_ops __rcu *sync_ops;
	bool age_ack;		/* copies are not removed without asking their owner */

	struct nsrp_stats __percpu *stats;
};

extern unsigned int nsrp_net_id;

static inline struct nsrp_net *nsrp_pernet(const struct net *net)
{
	return net_generic(net, nsrp_net_id);
}

static inline void nsrp_stat_inc(struct nsrp_net *nn, enum nsrp_stat_attr idx)
{
	this_cpu_inc(nn->stats->cnt[idx]);
}

static inline void nsrp_stat_add(struct nsrp_net *nn, enum nsrp_stat_attr idx, u64 n)
{
	this_cpu_add(nn->stats->cnt[idx], n);
}

/* netns.c APIs: */
int nsrp_netns_init(void);
void nsrp_netns_uninit(void);
int nsrp_set_enabled(struct nsrp_net *nn, bool on);
u64 nsrp_stat_sum(struct nsrp_net *nn, enum nsrp_stat_attr idx);
unsigned int nsrp_flush(struct nsrp_net *nn, enum nsrp_remove_reason reason);

/* The lifetime, in jiffies, a refresh gives a session in @state. */
u32 nsrp_state_ttl(const struct nsrp_net *nn, u8 proto, u8 state);

#endif /* _NSRP_NETNS_H */
