// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * The session table: an rhashtable per namespace, sessions from a dedicated
 * kmem_cache, lockless RCU lookups, insertion and removal under the
 * rhashtable's bucket locks. See session.h for a session's lifetime.
 */

#include <linux/rhashtable.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <linux/export.h>
#include <kunit/visibility.h>

#include "nsrp_core/gc.h"
#include "nsrp_core/netns.h"
#include "nsrp_core/session.h"
#include "nsrp_core/sync_notify.h"
#include "nsrp_core/timeout.h"

static struct kmem_cache *nsrp_session_cache __read_mostly;

static const struct rhashtable_params nsrp_table_params = {
	.head_offset = offsetof(struct nsrp_session, node),
	.key_offset = offsetof(struct nsrp_session, key),
	.key_len = sizeof(struct nsrp_key),
	.min_size = 256,
	.automatic_shrinking = true,
};

/*
 * Not cache-line aligned: that would round the 80-octet session up to 128.
 * A lookup reads the first 64 octets (hash node, key, expiry) and a refresh
 * writes one word, so packing sessions costs at most a second line on some
 * lookups, and saves 48 octets a session: a million sessions fit in 80 MB.
 */
int nsrp_session_slab_init(void)
{
	nsrp_session_cache = KMEM_CACHE(nsrp_session, 0);
	return nsrp_session_cache ? 0 : -ENOMEM;
}

void nsrp_session_slab_uninit(void)
{
	/* Sessions freed with call_rcu() must be back in the cache first. */
	rcu_barrier();
	kmem_cache_destroy(nsrp_session_cache);
}

unsigned int nsrp_session_size(void)
{
	return kmem_cache_size(nsrp_session_cache);
}

/*
 * The buckets of the table now, 8 octets each, for reporting memory use.
 * A resize fills a second array linked from the first as its future_tbl,
 * switches ht->tbl to it once every session is rehashed, and frees the old
 * one after a grace period: a reader racing the switch may see either
 * table. Either size was true a moment ago, which is all a report needs.
 */
unsigned int nsrp_table_buckets(struct nsrp_net *nn)
{
	unsigned int size;

	rcu_read_lock();
	size = rcu_dereference(nn->table.tbl)->size;
	rcu_read_unlock();
	return size;
}

int nsrp_table_init(struct nsrp_net *nn)
{
	atomic_set(&nn->count, 0);
	atomic_set(&nn->count_peer, 0);
	return rhashtable_init(&nn->table, &nsrp_table_params);
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_table_init);

static void nsrp_session_free_now(void *ptr, void *arg)
{
	kmem_cache_free(nsrp_session_cache, ptr);
}

/*
 * Called at namespace exit, after the hooks are gone and the GC stopped:
 * nothing can find a session any more, so they are freed directly.
 */
void nsrp_table_destroy(struct nsrp_net *nn)
{
	rhashtable_free_and_destroy(&nn->table, nsrp_session_free_now, NULL);
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_table_destroy);

static int nsrp_endpoint_cmp(const union nsrp_addr *a1, __be16 p1,
			     const union nsrp_addr *a2, __be16 p2)
{
	int r = memcmp(a1, a2, sizeof(*a1));

	if (r)
		return r;
	return memcmp(&p1, &p2, sizeof(p1));
}

/*
 * Both directions of a flow must give the same key: order the endpoints.
 * @orig_is_a tells whether @t's source became endpoint a.
 */
void nsrp_key_from_tuple(struct nsrp_key *key, const struct nsrp_tuple *t, bool *orig_is_a)
{
	bool src_first = nsrp_endpoint_cmp(&t->src, t->sport, &t->dst, t->dport) <= 0;

	memset(key, 0, sizeof(*key));
	if (src_first) {
		key->a = t->src;
		key->pa = t->sport;
		key->b = t->dst;
		key->pb = t->dport;
	} else {
		key->a = t->dst;
		key->pa = t->dport;
		key->b = t->src;
		key->pb = t->sport;
	}
	key->family = t->family;
	key->proto = t->proto;
	*orig_is_a = src_first;
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_key_from_tuple);

void nsrp_tuple_from_key(struct nsrp_tuple *t, const struct nsrp_key *key, bool a_is_src)
{
	memset(t, 0, sizeof(*t));
	if (a_is_src) {
		t->src = key->a;
		t->sport = key->pa;
		t->dst = key->b;
		t->dport = key->pb;
	} else {
		t->src = key->b;
		t->sport = key->pb;
		t->dst = key->a;
		t->dport = key->pa;
	}
	t->family = key->family;
	t->proto = key->proto;
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_tuple_from_key);

bool nsrp_session_expired(const struct nsrp_session *s, u32 now)
{
	return nsrp_time_expired(READ_ONCE(s->expires), now);
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_session_expired);

bool nsrp_session_gone(const struct nsrp_net *nn, const struct nsrp_session *s, u32 now)
{
	/*
	 * With ageout-ack a copy outlives its lifetime until its owner says
	 * it may go: the GC may hold it a little late, but never a packet,
	 * a takeover or the operator may find it missing meanwhile.
	 */
	if (READ_ONCE(nn->age_ack) && (READ_ONCE(s->flags) & NSRP_SF_OWNER_PEER))
		return false;
	return nsrp_session_expired(s, now);
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_session_gone);

/* Caller holds rcu_read_lock(). Expired sessions are reported as absent. */
struct nsrp_session *nsrp_session_lookup(struct nsrp_net *nn, const struct nsrp_key *key)
{
	struct nsrp_session *s;

	s = rhashtable_lookup(&nn->table, key, nsrp_table_params);
	if (s && nsrp_session_gone(nn, s, nsrp_now()))
		return NULL;
	return s;
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_session_lookup);

static void nsrp_session_free_rcu(struct rcu_head *rcu)
{
	kmem_cache_free(nsrp_session_cache, container_of(rcu, struct nsrp_session, rcu));
}

static const enum nsrp_stat_attr nsrp_remove_stat[] = {
	[NSRP_RM_EXPIRED] = NSRP_STAT_EXPIRED,
	[NSRP_RM_CLOSED] = NSRP_STAT_CLOSED,
	[NSRP_RM_DELETED] = NSRP_STAT_DELETED,
	[NSRP_RM_PEER] = NSRP_STAT_CLOSED,
	[NSRP_RM_TEARDOWN] = NSRP_STAT_DELETED,
};

/*
 * Take @s out of the table. Only the caller whose rhashtable_remove_fast()
 * succeeds goes on, so a session is counted, reported and freed once however
 * many paths race to remove it. Caller holds rcu_read_lock().
 */
bool nsrp_session_remove(struct nsrp_net *nn, struct nsrp_session *s,
			 enum nsrp_remove_reason reason)
{
	u8 flags;

	if (rhashtable_remove_fast(&nn->table, &s->node, nsrp_table_params))
		return false;

	spin_lock_bh(&s->lock);
	s->flags |= NSRP_SF_DYING;
	flags = s->flags;
	spin_unlock_bh(&s->lock);

	atomic_dec(&nn->count);
	if (flags & NSRP_SF_OWNER_PEER)
		atomic_dec(&nn->count_peer);
	nsrp_stat_inc(nn, nsrp_remove_stat[reason]);
	nsrp_sync_notify(nn, s, NSRP_EV_REMOVED, reason);
	call_rcu(&s->rcu, nsrp_session_free_rcu);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_session_remove);

/*
 * Create a session and insert it; on a lost race the session already in the
 * table is returned instead and *@created is false. An expired session in
 * the way is removed and the insert tried again, once. Caller holds
 * rcu_read_lock(); may run in softirq.
 */
struct nsrp_session *nsrp_session_create(struct nsrp_net *nn, const struct nsrp_key *key,
					 bool orig_is_a, u8 state, u32 ttl, bool peer_owned,
					 bool *created)
{
	struct nsrp_session *s, *old;
	int tries = 2;
	u32 now;

	*created = false;
	if (atomic_inc_return(&nn->count) > READ_ONCE(nn->max_sessions)) {
		atomic_dec(&nn->count);
		nsrp_stat_inc(nn, NSRP_STAT_TABLE_FULL);
		return ERR_PTR(-ENOSPC);
	}

	s = kmem_cache_alloc(nsrp_session_cache, GFP_ATOMIC);
	if (unlikely(!s)) {
		atomic_dec(&nn->count);
		nsrp_stat_inc(nn, NSRP_STAT_ALLOC_FAILED);
		return ERR_PTR(-ENOMEM);
	}
	memset(s, 0, sizeof(*s));
	s->key = *key;
	spin_lock_init(&s->lock);
	s->state = state;
	s->flags = (orig_is_a ? NSRP_SF_ORIG_IS_A : 0) | (peer_owned ? NSRP_SF_OWNER_PEER : 0);
	s->ttl = ttl;
	now = nsrp_now();
	s->expires = nsrp_time_expiry(now, ttl);

	while (tries--) {
		old = rhashtable_lookup_get_insert_fast(&nn->table, &s->node, nsrp_table_params);
		if (!old) {
			if (peer_owned)
				atomic_inc(&nn->count_peer);
			nsrp_gc_expect_session(nn, s);
			*created = true;
			return s;
		}
		if (IS_ERR(old))
			break;
		if (!nsrp_session_gone(nn, old, now)) {
			nsrp_stat_inc(nn, NSRP_STAT_INSERT_RACE);
			break;
		}
		nsrp_session_remove(nn, old, NSRP_RM_EXPIRED);
	}
	atomic_dec(&nn->count);
	kmem_cache_free(nsrp_session_cache, s);
	if (IS_ERR(old)) {
		nsrp_stat_inc(nn, NSRP_STAT_ALLOC_FAILED);
		return old;
	}
	return tries < 0 ? ERR_PTR(-EEXIST) : old;
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_session_create);

void nsrp_session_snapshot(const struct nsrp_session *s, struct nsrp_session_info *info)
{
	u8 flags = READ_ONCE(s->flags);

	nsrp_tuple_from_key(&info->orig, &s->key, flags & NSRP_SF_ORIG_IS_A);
	info->orig_is_a = flags & NSRP_SF_ORIG_IS_A;
	info->state = READ_ONCE(s->state);
	info->owner = (flags & NSRP_SF_OWNER_PEER) ? NSRP_OWNER_PEER : NSRP_OWNER_LOCAL;
	info->expires = READ_ONCE(s->expires);
	info->ttl = READ_ONCE(s->ttl);
	/* A refresh sets expires to now + ttl, so the last one happened here. */
	info->last_active = info->expires - info->ttl;
}

/* How many sessions a walk visits between two chances to reschedule. */
#define NSRP_WALK_BATCH 1024

unsigned int nsrp_table_walk(struct nsrp_net *nn,
			     bool (*fn)(struct nsrp_net *nn, struct nsrp_session *s, void *arg),
			     void *arg)
{
	struct rhashtable_iter iter;
	struct nsrp_session *s;
	unsigned int n = 0, batch = 0;

	rhashtable_walk_enter(&nn->table, &iter);
	rhashtable_walk_start(&iter);
	while ((s = rhashtable_walk_next(&iter))) {
		if (IS_ERR(s)) {
			/* -EAGAIN: a resize; the walk goes on, maybe seeing some twice. */
			if (PTR_ERR(s) == -EAGAIN)
				continue;
			break;
		}
		if (fn(nn, s, arg))
			n++;
		if (++batch == NSRP_WALK_BATCH) {
			batch = 0;
			rhashtable_walk_stop(&iter);
			cond_resched();
			rhashtable_walk_start(&iter);
		}
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	return n;
}
