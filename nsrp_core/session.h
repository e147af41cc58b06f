/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * The session table: one entry per session, found from both directions.
 *
 * Lifetime of a session, as in nf_conntrack but with one hash entry:
 *
 *  - It is created by the packet path (owner local) or installed by nsrp_sync
 *    (owner peer), inserted into the per-netns rhashtable and counted.
 *  - Lookups run under rcu_read_lock() and take no reference: a session found
 *    is valid until the reader leaves its RCU section.
 *  - It leaves the table exactly once: rhashtable_remove_fast() succeeds for
 *    one caller only (GC, a RST, the operator, the peer, netns teardown), and
 *    that caller drops the count, reports the removal and frees the session
 *    with call_rcu(), so readers that found it before finish safely.
 *  - An expired session not yet reaped is treated by lookups as gone.
 */

#ifndef _NSRP_SESSION_H
#define _NSRP_SESSION_H

#include <linux/bits.h>
#include <linux/in6.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct nsrp_net;
struct sk_buff;

union nsrp_addr {
	__be32 ip;
	struct in6_addr in6;
	__be32 all[4];
};

/*
 * A packet's view of a flow: source and destination as seen on the wire.
 * For ICMP echo the identifier is carried as sport and dport is zero.
 */
struct nsrp_tuple {
	union nsrp_addr src, dst;
	__be16 sport, dport;
	u8 family;
	u8 proto;
};

/*
 * The hash key: the tuple with its two endpoints put in a canonical order
 * (a <= b, comparing address then port), so that both directions of a flow
 * map to the same key. Padding is zeroed because the key is hashed and
 * compared as bytes.
 */
struct nsrp_key {
	union nsrp_addr a, b;
	__be16 pa, pb;
	u8 family;
	u8 proto;
	u8 pad[2];
};

/*
 * Session flags, changed under the session's lock. ORIG_IS_A is stable;
 * OWNER_PEER moves with nsrp_peer_set_owner(); the last two belong to
 * nsrp_sync, which reaches them only through sync_api.h.
 */
enum {
	NSRP_SF_ORIG_IS_A = BIT(0),	/* the originator is endpoint a of the key */
	NSRP_SF_OWNER_PEER = BIT(1),	/* installed by the peer, not by our traffic */
	NSRP_SF_DYING = BIT(2),		/* out of the table, waiting for RCU */
	NSRP_SF_QUEUED = BIT(3),	/* an update to the peer is queued: coalesce */
	NSRP_SF_STALE = BIT(4),		/* a copy not confirmed by the running bulk sync */
};

struct nsrp_session {
	struct rhash_head node;
	struct nsrp_key key;
	u32 expires;		/* absolute jiffies; written locklessly by refreshes */
	u32 ttl;		/* jiffies a refresh restores */
	spinlock_t lock;	/* serialises state and owner changes */
	u8 state;		/* enum nsrp_session_state */
	u8 flags;
	u8 fin_seen;		/* TCP: bit 0 originator's FIN, bit 1 responder's */
	u8 age_tries;		/* a copy: ageout-ack queries left unanswered */
	struct rcu_head rcu;
};

/* Why a session left the table: reported to the operator and to nsrp_sync. */
enum nsrp_remove_reason {
	NSRP_RM_EXPIRED,
	NSRP_RM_CLOSED,		/* TCP RST */
	NSRP_RM_DELETED,	/* operator, flush or disable */
	NSRP_RM_PEER,		/* the owner closed it */
	NSRP_RM_TEARDOWN,	/* namespace or module going away */
};

/* A consistent snapshot of a session, for netlink and nsrp_sync. */
struct nsrp_session_info {
	struct nsrp_tuple orig;	/* as seen from the originator */
	bool orig_is_a;		/* the originator is endpoint a of the key */
	u8 state;
	u8 owner;		/* enum nsrp_owner */
	u32 expires;		/* absolute jiffies */
	u32 ttl;		/* jiffies */
	u32 last_active;	/* absolute jiffies of the last refresh */
};

/* session.c APIs: */
int nsrp_session_slab_init(void);
void nsrp_session_slab_uninit(void);
unsigned int nsrp_session_size(void);
unsigned int nsrp_table_buckets(struct nsrp_net *nn);
int nsrp_table_init(struct nsrp_net *nn);
void nsrp_table_destroy(struct nsrp_net *nn);
void nsrp_key_from_tuple(struct nsrp_key *key, const struct nsrp_tuple *t, bool *orig_is_a);
void nsrp_tuple_from_key(struct nsrp_tuple *t, const struct nsrp_key *key, bool a_is_src);
struct nsrp_session *nsrp_session_lookup(struct nsrp_net *nn, const struct nsrp_key *key);
struct nsrp_session *nsrp_session_create(struct nsrp_net *nn, const struct nsrp_key *key,
					 bool orig_is_a, u8 state, u32 ttl, bool peer_owned,
					 bool *created);
bool nsrp_session_remove(struct nsrp_net *nn, struct nsrp_session *s,
			 enum nsrp_remove_reason reason);
void nsrp_session_snapshot(const struct nsrp_session *s, struct nsrp_session_info *info);
bool nsrp_session_expired(const struct nsrp_session *s, u32 now);
/* Expired, and not a copy ageout-ack keeps: what lookups treat as absent. */
bool nsrp_session_gone(const struct nsrp_net *nn, const struct nsrp_session *s, u32 now);

/*
 * Walk every session in process context, calling @fn under RCU; @fn may
 * remove the session it is given. Returns the number of sessions @fn
 * returned true for.
 */
unsigned int nsrp_table_walk(struct nsrp_net *nn,
			     bool (*fn)(struct nsrp_net *nn, struct nsrp_session *s, void *arg),
			     void *arg);

#endif /* _NSRP_SESSION_H */
