// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * ageout-ack: the decisions (see ageout.h), asking about copies that are
 * due, answering the peer's questions and applying its answers.
 */

#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/minmax.h>

#include <linux/export.h>
#include <kunit/visibility.h>

#include "nsrp_core/netns.h"
#include "nsrp_core/sync_api.h"
#include "nsrp_core/timeout.h"
#include "nsrp_sync/ageout.h"
#include "nsrp_sync/sync.h"

enum nsrp_age_verdict nsrp_age_verdict(bool found, u32 ttl, s32 left)
{
	u32 window = min_t(u32, ttl / 4, NSRP_AGE_ACTIVE_WINDOW);

	if (!found || left <= 0)
		return NSRP_AGE_GONE;
	if ((u32)left >= ttl || ttl - (u32)left <= window)
		return NSRP_AGE_ACTIVE;
	return NSRP_AGE_IDLE;
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_age_verdict);

u32 nsrp_copy_lifetime(u32 timeout_ms, u32 mult)
{
	u64 j = div_u64((u64)timeout_ms * mult * HZ + MSEC_PER_SEC - 1, MSEC_PER_SEC);

	return clamp_t(u64, j, 1, NSRP_LIFETIME_MAX);
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_copy_lifetime);

u32 nsrp_age_answer_lifetime(enum nsrp_age_verdict verdict, u32 timeout_ms,
			     u32 remaining_ms, u32 mult)
{
	switch (verdict) {
	case NSRP_AGE_ACTIVE:
		return nsrp_copy_lifetime(timeout_ms, mult);
	case NSRP_AGE_IDLE:
		/* The owner's own remaining time: both end together. */
		return remaining_ms ? nsrp_copy_lifetime(remaining_ms, 1) : 0;
	default:
		return 0;
	}
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_age_answer_lifetime);

/*
 * The GC's callback: a copy is due. Hold it until the next retry, backing
 * off while the owner stays silent, and queue the query.
 */
void nsrp_sync_age_due(struct nsrp_net *nn, struct nsrp_session *s)
{
	struct nsrp_sync *sync = nsrp_sync_of(nn);
	struct nsrp_rec rec = { .type = NSRP_REC_AGE_QUERY };
	unsigned int tries;

	tries = nsrp_peer_hold(nn, s, NSRP_AGE_LEAD_MAX << min(READ_ONCE(s->age_tries), 5));
	if (tries)
		nsrp_stat_inc(nn, NSRP_STAT_SYNC_AGE_NO_ANSWER);
	nsrp_rec_key_from_key(&rec.sess.key, &s->key);
	if (nsrp_sync_queue_control(sync, &rec))
		nsrp_stat_inc(nn, NSRP_STAT_SYNC_AGE_QUERIES);
}

/* The owner's side: answer from this node's own session, if any. */
void nsrp_sync_age_answer(struct nsrp_sync *sync, const struct nsrp_rec_sess *q)
{
	struct nsrp_rec rec = { .type = NSRP_REC_AGE_ANSWER };
	struct nsrp_net *nn = sync->nn;
	struct nsrp_session_info info;
	struct nsrp_key key;
	bool found;
	u32 now = nsrp_now();
	s32 left = 0;

	nsrp_key_from_rec_key(&key, &q->key);
	found = !nsrp_peer_query(nn, &key, &info) && info.owner == NSRP_OWNER_LOCAL;
	if (found)
		left = nsrp_time_left(info.expires, now);
	rec.sess.key = q->key;
	rec.sess.verdict = nsrp_age_verdict(found, info.ttl, left);
	if (rec.sess.verdict != NSRP_AGE_GONE)
		nsrp_rec_sess_from_info(&rec.sess, &key, &info, now);
	nsrp_sync_queue_control(sync, &rec);
}

/* The asking side: the owner's answer decides the copy's fate. */
void nsrp_sync_age_apply(struct nsrp_sync *sync, const struct nsrp_rec_sess *a)
{
	struct nsrp_net *nn = sync->nn;
	struct nsrp_key key;
	u32 lifetime;

	nsrp_key_from_rec_key(&key, &a->key);
	lifetime = nsrp_age_answer_lifetime(a->verdict, a->timeout_ms, a->remaining_ms,
					    READ_ONCE(sync->multiplier));
	switch (a->verdict) {
	case NSRP_AGE_ACTIVE:
		nsrp_stat_inc(nn, NSRP_STAT_SYNC_AGE_ACTIVE);
		atomic_inc(&sync->age_kept);
		break;
	case NSRP_AGE_IDLE:
		nsrp_stat_inc(nn, NSRP_STAT_SYNC_AGE_IDLE);
		atomic_inc(&sync->age_shortened);
		break;
	default:
		nsrp_stat_inc(nn, NSRP_STAT_SYNC_AGE_GONE);
		atomic_inc(&sync->age_removed);
		break;
	}
	if (!lifetime) {
		nsrp_peer_remove(nn, &key);
		return;
	}
	/* Installing reports a short remaining life to the GC's plan. */
	nsrp_sync_install(sync, &key, a, lifetime);
}
