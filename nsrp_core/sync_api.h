/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * The seam between the session table (nsrp_core) and replication
 * (nsrp_sync). nsrp_core owns the table; nsrp_sync is told of what happens
 * to locally owned sessions and acts on the table only through the calls
 * below.
 *
 * Core to sync: struct nsrp_sync_ops, attached per namespace with
 * nsrp_sync_attach(). Its callbacks are called from the packet path (softirq,
 * under rcu_read_lock()) and from process context, with no lock of nsrp_core
 * held. They must not sleep or block and should only queue work: the session
 * they are given is valid until the caller leaves its RCU section, so
 * anything needed later is copied out (nsrp_session_snapshot()).
 *
 * Sync to core: the nsrp_peer_*() calls. They run in any context, take the
 * table's own locks and do not sleep.
 */

#ifndef _NSRP_SYNC_API_H
#define _NSRP_SYNC_API_H

#include <linux/types.h>

struct nsrp_net;
struct nsrp_session;
struct nsrp_key;
struct nsrp_session_info;

enum nsrp_sync_event {
	NSRP_EV_CREATED,	/* a locally owned session was created */
	NSRP_EV_STATE,		/* its state changed (TCP established, closing, ...) */
	NSRP_EV_OWNER,		/* its owner changed */
	NSRP_EV_REMOVED,	/* it left the table; see enum nsrp_remove_reason */
};

struct nsrp_sync_ops {
	void (*event)(struct nsrp_net *nn, const struct nsrp_session *s,
		      enum nsrp_sync_event ev, int reason);
	/*
	 * ageout-ack: the GC found a peer-owned copy within its query lead
	 * (nsrp_age_lead()) of expiring while nn->age_ack is set. The copy
	 * is not removed: the callee asks the owner and holds the copy
	 * (nsrp_peer_hold()) until the answer. Called under RCU, must not
	 * sleep.
	 */
	void (*age_due)(struct nsrp_net *nn, struct nsrp_session *s);
};

/* Attach or detach (@ops NULL) replication for a namespace; waits for callers to drain. */
void nsrp_sync_attach(struct nsrp_net *nn, const struct nsrp_sync_ops *ops);

/*
 * Install or update the peer-owned copy of a session: created if missing
 * (returns 1), else its state and expiry are replaced (returns 0); either
 * way it is no longer stale and its ageout-ack retries start again. A
 * locally owned session with the same key is left alone and -EEXIST
 * returned: the owner is whoever saw the traffic, and a change of owner
 * goes through nsrp_peer_set_owner().
 */
int nsrp_peer_install(struct nsrp_net *nn, const struct nsrp_key *key, bool orig_is_a,
		      u8 state, u32 lifetime);

/*
 * Remove the peer-owned copy of a session (the owner closed it). -ENOENT
 * if absent, -EEXIST if this node owns the session: only its owner's
 * traffic or operator ends that one.
 */
int nsrp_peer_remove(struct nsrp_net *nn, const struct nsrp_key *key);

/* Give a session to @owner (enum nsrp_owner), keeping its remaining lifetime. */
int nsrp_peer_set_owner(struct nsrp_net *nn, const struct nsrp_key *key, u8 owner);

/* Snapshot a session: remaining lifetime, last activity, state, owner. */
int nsrp_peer_query(struct nsrp_net *nn, const struct nsrp_key *key,
		    struct nsrp_session_info *info);

/*
 * Mark a locally owned session as queued for the peer: true if it was not
 * already, so that the caller queues it once however many events come
 * before the queue is sent.
 */
bool nsrp_sync_mark_queued(struct nsrp_session *s);

/*
 * Snapshot a live, locally owned session by key for sending, clearing its
 * queued mark: 0, or -ENOENT if there is none (gone, expired or a copy).
 */
int nsrp_sync_take(struct nsrp_net *nn, const struct nsrp_key *key,
		   struct nsrp_session_info *info);

/*
 * Hold a copy whose ageout-ack query is going out: it may not expire
 * before the retry is due, @retry jiffies from now plus its query lead.
 * Returns the queries made before this one without an answer.
 */
unsigned int nsrp_peer_hold(struct nsrp_net *nn, struct nsrp_session *s, u32 retry);

/*
 * Bulk sync bookkeeping over every copy: mark them all stale (a bulk sync
 * starts), or deal with those still stale when it ended: expire them
 * within their query lead, so that ageout-ack asks the owner about each
 * (@age_ack), or remove them. Process context. Returns the copies touched.
 */
unsigned int nsrp_peer_mark_stale(struct nsrp_net *nn);
unsigned int nsrp_peer_sweep_stale(struct nsrp_net *nn, bool age_ack);

/*
 * Failover. The peer is gone and this node is primary: every copy becomes a
 * local session in place, keeping the lifetime it has left (a copy held
 * past it by ageout-ack gets its protocol's timeout). Process context.
 * Returns the sessions taken over.
 */
unsigned int nsrp_peer_adopt_all(struct nsrp_net *nn);

/*
 * The peer, stepping down, gives this node a session (HANDOVER): a copy
 * becomes local with the giver's state, @ttl and @remaining (jiffies); a
 * missing one is created so; a local one (both owned it across a split)
 * keeps the later expiry. 1 if created, 0 if taken, -errno.
 */
int nsrp_peer_adopt(struct nsrp_net *nn, const struct nsrp_key *key, bool orig_is_a,
		    u8 state, u32 ttl, u32 remaining);

/*
 * Stepping down: snapshot a live local session for its HANDOVER record and
 * make it the peer's copy, living @multiplier times its timeout, in one
 * step under its lock. Clears the queued mark. 0, or -ENOENT if there is
 * no such local session.
 */
int nsrp_sync_give(struct nsrp_net *nn, const struct nsrp_key *key, u8 multiplier,
		   struct nsrp_session_info *info);

#endif /* _NSRP_SYNC_API_H */
