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
	lifetime = min_t(u32, lifetime, NSRP_LIFETIME_MAX);

	rcu_read_lock();
	s = nsrp_session_create(nn, key, orig_is_a, state, lifetime, true, &created);
	if (IS_ERR(s)) {
		ret = PTR_ERR(s);
	} else if (!created) {
		spin_lock_bh(&s->lock);
		if (s->flags & NSRP_SF_DYING) {
			ret = -ENOENT;
		} else if (!(s->flags & NSRP_SF_OWNER_PEER)) {
			ret = -EEXIST;
		} else {
			s->state = state;
			WRITE_ONCE(s->ttl, lifetime);
			WRITE_ONCE(s->expires, nsrp_time_expiry(nsrp_now(), lifetime));
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
	if (s && nsrp_session_remove(nn, s, NSRP_RM_PEER))
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
