// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * The calls nsrp_sync makes into the table (see sync_api.h for the contract).
 */

#include <linux/err.h>
#include <linux/rcupdate.h>

#include <linux/export.h>
#include <kunit/visibility.h>

#include "nsrp_core/gc.h"
#include "nsrp_core/netns.h"
#include "nsrp_core/session.h"
#include "nsrp_core/sync_api.h"
#include "nsrp_core/sync_notify.h"
#include "nsrp_core/timeout.h"

void nsrp_sync_attach(struct nsrp_net *nn, const struct nsrp_sync_ops *ops)
{
	rcu_assign_pointer(nn->sync_ops, ops);
	/* After a detach no callback may still be running when we return. */
	if (!ops)
		synchronize_rcu();
}

int nsrp_peer_install(struct nsrp_net *nn, const struct nsrp_key *key, bool orig_is_a,
		      u8 state, u32 lifetime)
{
	struct nsrp_session *s;
	bool created;
	int ret = 0;

	if (state > NSRP_STATE_MAX)
		return -EINVAL;
	lifetime = clamp_t(u32, lifetime, 1, NSRP_LIFETIME_MAX);

	rcu_read_lock();
	s = nsrp_session_create(nn, key, orig_is_a, state, lifetime, true, &created);
	if (IS_ERR(s)) {
		ret = PTR_ERR(s);
	} else if (created) {
		ret = 1;
	} else {
		spin_lock_bh(&s->lock);
		if (s->flags & NSRP_SF_DYING) {
			ret = -ENOENT;
		} else if (!(s->flags & NSRP_SF_OWNER_PEER)) {
			ret = -EEXIST;
		} else {
			s->state = state;
			s->flags &= ~NSRP_SF_STALE;
			if (orig_is_a)
				s->flags |= NSRP_SF_ORIG_IS_A;
			else
				s->flags &= ~NSRP_SF_ORIG_IS_A;
			s->age_tries = 0;
			WRITE_ONCE(s->ttl, lifetime);
			WRITE_ONCE(s->expires, nsrp_time_expiry(nsrp_now(), lifetime));
			nsrp_gc_expect_session(nn, s);
		}
		spin_unlock_bh(&s->lock);
	}
	rcu_read_unlock();
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_peer_install);

int nsrp_peer_remove(struct nsrp_net *nn, const struct nsrp_key *key)
{
	struct nsrp_session *s;
	int ret = -ENOENT;

	rcu_read_lock();
	s = nsrp_session_lookup(nn, key);
	if (s && !(READ_ONCE(s->flags) & NSRP_SF_OWNER_PEER))
		ret = -EEXIST;
	else if (s && nsrp_session_remove(nn, s, NSRP_RM_PEER))
		ret = 0;
	rcu_read_unlock();
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_peer_remove);

int nsrp_peer_set_owner(struct nsrp_net *nn, const struct nsrp_key *key, u8 owner)
{
	struct nsrp_session *s;
	bool changed = false;
	int ret = -ENOENT;

	if (owner != NSRP_OWNER_LOCAL && owner != NSRP_OWNER_PEER)
		return -EINVAL;

	rcu_read_lock();
	s = nsrp_session_lookup(nn, key);
	if (s) {
		spin_lock_bh(&s->lock);
		if (!(s->flags & NSRP_SF_DYING)) {
			bool peer = s->flags & NSRP_SF_OWNER_PEER;
			bool to_peer = owner == NSRP_OWNER_PEER;

			ret = 0;
			if (peer != to_peer) {
				s->flags ^= NSRP_SF_OWNER_PEER;
				if (peer)
					atomic_dec(&nn->count_peer);
				else
					atomic_inc(&nn->count_peer);
				changed = true;
			}
		}
		spin_unlock_bh(&s->lock);
		if (changed)
			nsrp_sync_notify(nn, s, NSRP_EV_OWNER, 0);
	}
	rcu_read_unlock();
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_peer_set_owner);

int nsrp_peer_query(struct nsrp_net *nn, const struct nsrp_key *key,
		    struct nsrp_session_info *info)
{
	struct nsrp_session *s;
	int ret = -ENOENT;

	rcu_read_lock();
	s = nsrp_session_lookup(nn, key);
	if (s) {
		nsrp_session_snapshot(s, info);
		ret = 0;
	}
	rcu_read_unlock();
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_peer_query);

bool nsrp_sync_mark_queued(struct nsrp_session *s)
{
	bool mark;

	spin_lock_bh(&s->lock);
	mark = !(s->flags & (NSRP_SF_QUEUED | NSRP_SF_DYING | NSRP_SF_OWNER_PEER));
	if (mark)
		s->flags |= NSRP_SF_QUEUED;
	spin_unlock_bh(&s->lock);
	return mark;
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_sync_mark_queued);

/*
 * Snapshot a live local session for sending, clearing its queued mark; with
 * @give_mult (stepping down) also make it the peer's copy, living that many
 * times its timeout. One lookup and one lock for both.
 */
static int nsrp_sync_snapshot_local(struct nsrp_net *nn, const struct nsrp_key *key,
				    u8 give_mult, struct nsrp_session_info *info)
{
	struct nsrp_session *s;
	int ret = -ENOENT;
	u64 lifetime;

	rcu_read_lock();
	s = nsrp_session_lookup(nn, key);
	if (s) {
		spin_lock_bh(&s->lock);
		s->flags &= ~NSRP_SF_QUEUED;
		if (!(s->flags & (NSRP_SF_DYING | NSRP_SF_OWNER_PEER))) {
			nsrp_session_snapshot(s, info);
			ret = 0;
		}
		if (!ret && give_mult) {
			s->flags |= NSRP_SF_OWNER_PEER;
			s->age_tries = 0;
			atomic_inc(&nn->count_peer);
			lifetime = min_t(u64, (u64)s->ttl * give_mult, NSRP_LIFETIME_MAX);
			WRITE_ONCE(s->ttl, lifetime);
			WRITE_ONCE(s->expires, nsrp_time_expiry(nsrp_now(), lifetime));
			nsrp_gc_expect_session(nn, s);
		}
		spin_unlock_bh(&s->lock);
	}
	rcu_read_unlock();
	return ret;
}

int nsrp_sync_take(struct nsrp_net *nn, const struct nsrp_key *key,
		   struct nsrp_session_info *info)
{
	return nsrp_sync_snapshot_local(nn, key, 0, info);
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_sync_take);

/* Retries back off up to this: 2^5 leads, half a minute at most. */
#define NSRP_AGE_TRIES_MAX 5

unsigned int nsrp_peer_hold(struct nsrp_net *nn, struct nsrp_session *s, u32 retry)
{
	unsigned int tries;
	u32 now = nsrp_now(), hold;

	spin_lock_bh(&s->lock);
	tries = s->age_tries;
	if (s->age_tries < U8_MAX)
		s->age_tries++;
	hold = nsrp_time_expiry(now, retry + nsrp_age_lead(s->ttl));
	if (nsrp_time_left(hold, READ_ONCE(s->expires)) > 0)
		WRITE_ONCE(s->expires, hold);	/* later: no plan moves */
	spin_unlock_bh(&s->lock);
	return tries;
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_peer_hold);

static bool nsrp_stale_mark_one(struct nsrp_net *nn, struct nsrp_session *s, void *arg)
{
	bool peer;

	spin_lock_bh(&s->lock);
	peer = s->flags & NSRP_SF_OWNER_PEER;
	if (peer)
		s->flags |= NSRP_SF_STALE;
	spin_unlock_bh(&s->lock);
	return peer;
}

unsigned int nsrp_peer_mark_stale(struct nsrp_net *nn)
{
	return nsrp_table_walk(nn, nsrp_stale_mark_one, NULL);
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_peer_mark_stale);

static bool nsrp_stale_sweep_one(struct nsrp_net *nn, struct nsrp_session *s, void *arg)
{
	bool age_ack = *(bool *)arg, stale;

	spin_lock_bh(&s->lock);
	stale = (s->flags & (NSRP_SF_OWNER_PEER | NSRP_SF_STALE)) ==
		(NSRP_SF_OWNER_PEER | NSRP_SF_STALE);
	if (stale) {
		s->flags &= ~NSRP_SF_STALE;
		/* Due now: the GC asks the owner before anything goes. */
		if (age_ack) {
			WRITE_ONCE(s->expires, nsrp_time_expiry(nsrp_now(),
								nsrp_age_lead(s->ttl)));
			nsrp_gc_expect_session(nn, s);
		}
	}
	spin_unlock_bh(&s->lock);
	if (stale && !age_ack)
		nsrp_session_remove(nn, s, NSRP_RM_PEER);
	return stale;
}

unsigned int nsrp_peer_sweep_stale(struct nsrp_net *nn, bool age_ack)
{
	unsigned int n = nsrp_table_walk(nn, nsrp_stale_sweep_one, &age_ack);

	if (n && age_ack)
		nsrp_gc_kick(nn);
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_peer_sweep_stale);

/*
 * The peer is gone and this node is primary: its copies become ours where
 * they are, with the lifetime they have left. What a refresh restores (ttl)
 * becomes the normal timeout of the session's state, not the copy's
 * multiple of it. A copy ageout-ack held past its lifetime, waiting for an
 * answer that cannot come now, gets that timeout: the owner never said it
 * was over.
 */
static bool nsrp_adopt_one(struct nsrp_net *nn, struct nsrp_session *s, void *arg)
{
	u32 now = nsrp_now();
	bool adopt;

	spin_lock_bh(&s->lock);
	adopt = (s->flags & (NSRP_SF_OWNER_PEER | NSRP_SF_DYING)) == NSRP_SF_OWNER_PEER;
	if (adopt) {
		u32 ttl = nsrp_state_ttl(nn, s->key.proto, s->state);

		s->flags &= ~(NSRP_SF_OWNER_PEER | NSRP_SF_STALE);
		s->age_tries = 0;
		atomic_dec(&nn->count_peer);
		WRITE_ONCE(s->ttl, ttl);
		if (nsrp_session_expired(s, now)) {
			WRITE_ONCE(s->expires, nsrp_time_expiry(now, ttl));
			nsrp_gc_expect_session(nn, s);
		}
	}
	spin_unlock_bh(&s->lock);
	return adopt;
}

unsigned int nsrp_peer_adopt_all(struct nsrp_net *nn)
{
	return nsrp_table_walk(nn, nsrp_adopt_one, NULL);
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_peer_adopt_all);

int nsrp_peer_adopt(struct nsrp_net *nn, const struct nsrp_key *key, bool orig_is_a,
		    u8 state, u32 ttl, u32 remaining)
{
	struct nsrp_session *s;
	bool created;
	u32 expires;
	int ret = 0;

	if (state > NSRP_STATE_MAX)
		return -EINVAL;
	ttl = clamp_t(u32, ttl, 1, NSRP_LIFETIME_MAX);
	remaining = min(remaining, ttl);

	rcu_read_lock();
	s = nsrp_session_create(nn, key, orig_is_a, state, ttl, false, &created);
	if (IS_ERR(s)) {
		ret = PTR_ERR(s);
		goto out;
	}
	expires = nsrp_time_expiry(nsrp_now(), remaining);
	if (created) {
		WRITE_ONCE(s->expires, expires);
		nsrp_gc_expect_session(nn, s);
		ret = 1;
		goto out;
	}
	spin_lock_bh(&s->lock);
	if (s->flags & NSRP_SF_DYING) {
		ret = -ENOENT;
	} else if (s->flags & NSRP_SF_OWNER_PEER) {
		/* Our copy: the giver's view of the session is the true one. */
		s->flags &= ~(NSRP_SF_OWNER_PEER | NSRP_SF_STALE | NSRP_SF_ORIG_IS_A);
		if (orig_is_a)
			s->flags |= NSRP_SF_ORIG_IS_A;
		s->state = state;
		s->age_tries = 0;
		atomic_dec(&nn->count_peer);
		WRITE_ONCE(s->ttl, ttl);
		WRITE_ONCE(s->expires, expires);
		nsrp_gc_expect_session(nn, s);
	} else if (nsrp_time_left(expires, READ_ONCE(s->expires)) > 0) {
		/* Both owned it (a split): whichever saw traffic last wins. */
		WRITE_ONCE(s->expires, expires);
	}
	spin_unlock_bh(&s->lock);
out:
	rcu_read_unlock();
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_peer_adopt);

int nsrp_sync_give(struct nsrp_net *nn, const struct nsrp_key *key, u8 multiplier,
		   struct nsrp_session_info *info)
{
	return nsrp_sync_snapshot_local(nn, key, max_t(u8, multiplier, 1), info);
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_sync_give);
