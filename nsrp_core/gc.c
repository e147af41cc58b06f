// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Reaping expired sessions. There are no per-session timers: a session
 * carries its expiry and a refresh is one store (see timeout.h). A
 * delayed_work walks the table in passes, each run bounded by a count and a
 * time budget so that it never hogs a CPU, resuming where it stopped.
 *
 * When a pass ends, the next one is due at the earliest expiry the pass saw,
 * but no later than the shortest configured timeout from now (a session
 * created meanwhile cannot expire sooner), and no later than
 * NSRP_GC_MAX_INTERVAL. An idle table of long-lived sessions is therefore
 * walked rarely, while an expiry is seen within one run of its due time.
 * Lookups treat expired-but-unreaped sessions as gone, so nothing depends
 * on the GC's punctuality for correctness, only for counters and memory.
 *
 * With ageout-ack (nn->age_ack), a peer's copy is never removed here: it is
 * due nsrp_age_lead() before it expires, and then handed to nsrp_sync,
 * which asks the owner and holds the copy until the answer decides.
 */

#include <linux/rhashtable.h>
#include <linux/sched/clock.h>
#include <linux/workqueue.h>

#include <linux/export.h>
#include <kunit/visibility.h>

#include "nsrp_core/gc.h"
#include "nsrp_core/netns.h"
#include "nsrp_core/session.h"
#include "nsrp_core/timeout.h"

#define NSRP_GC_MAX_SCAN 16384		/* sessions per run */
#define NSRP_GC_BUDGET_NS (2 * NSEC_PER_MSEC)
#define NSRP_GC_MIN_INTERVAL (HZ / 10)	/* between two passes */
#define NSRP_GC_MAX_INTERVAL (10 * HZ)

unsigned long nsrp_gc_next_delay(s32 earliest_left, u32 min_ttl)
{
	unsigned long delay = min_t(u32, min_ttl, NSRP_GC_MAX_INTERVAL);

	if (earliest_left < (s32)delay)
		delay = earliest_left > 0 ? earliest_left : 0;
	return max_t(unsigned long, delay, NSRP_GC_MIN_INTERVAL);
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_gc_next_delay);

static u32 nsrp_gc_min_ttl(const struct nsrp_net *nn)
{
	u32 min = U32_MAX;
	int i;

	for (i = 0; i < NSRP_TO_NUM; i++)
		min = min_t(u32, min, READ_ONCE(nn->timeouts[i]));
	return min;
}

/* Under the walk's RCU section, as the callback requires. */
static void nsrp_gc_age_due(struct nsrp_net *nn, struct nsrp_session *s)
{
	const struct nsrp_sync_ops *ops = rcu_dereference(nn->sync_ops);

	if (ops && ops->age_due)
		ops->age_due(nn, s);
}

static void nsrp_gc_work(struct work_struct *work)
{
	struct nsrp_net *nn = container_of(to_delayed_work(work), struct nsrp_net, gc_work);
	u64 start = local_clock();
	unsigned int scanned = 0;
	unsigned long delay = 0;	/* a pass not finished goes on at once */
	bool age_ack = READ_ONCE(nn->age_ack);
	struct nsrp_session *s;
	u32 now = nsrp_now(), due, min_ttl;

	if (!nn->gc_iter_active) {
		rhashtable_walk_enter(&nn->table, &nn->gc_iter);
		nn->gc_iter_active = true;
		nn->gc_earliest = now + NSRP_LIFETIME_MAX;
	}

	rhashtable_walk_start(&nn->gc_iter);
	for (;;) {
		s = rhashtable_walk_next(&nn->gc_iter);
		if (!s) {
			/* The pass is over: schedule the next from what it saw. */
			rhashtable_walk_stop(&nn->gc_iter);
			rhashtable_walk_exit(&nn->gc_iter);
			nn->gc_iter_active = false;
			min_ttl = nsrp_gc_min_ttl(nn);
			/* A copy installed meanwhile is due its query that much sooner. */
			if (age_ack)
				min_ttl -= nsrp_age_lead(min_ttl);
			delay = nsrp_gc_next_delay(nsrp_time_left(nn->gc_earliest, now), min_ttl);
			nsrp_stat_inc(nn, NSRP_STAT_GC_RUNS);
			goto out;
		}
		if (IS_ERR(s))
			continue;	/* -EAGAIN: resized under us; carry on */
		scanned++;
		due = READ_ONCE(s->expires);
		if (age_ack && (READ_ONCE(s->flags) & NSRP_SF_OWNER_PEER)) {
			/* KB7701's ageout-ack: ask the owner, never just drop. */
			due -= nsrp_age_lead(READ_ONCE(s->ttl));
			if (nsrp_time_expired(due, now)) {
				nsrp_gc_age_due(nn, s);
				due = READ_ONCE(s->expires) - nsrp_age_lead(READ_ONCE(s->ttl));
			}
		} else if (nsrp_time_expired(due, now)) {
			nsrp_session_remove(nn, s, NSRP_RM_EXPIRED);
			goto next;
		}
		if (nsrp_time_left(due, nn->gc_earliest) < 0)
			nn->gc_earliest = due;
next:
		if (scanned >= NSRP_GC_MAX_SCAN ||
		    (!(scanned & 255) && local_clock() - start > NSRP_GC_BUDGET_NS))
			break;
	}
	rhashtable_walk_stop(&nn->gc_iter);
out:
	nsrp_stat_add(nn, NSRP_STAT_GC_SCANNED, scanned);
	if (!READ_ONCE(nn->gc_exiting))
		queue_delayed_work(system_power_efficient_wq, &nn->gc_work, delay);
}

void nsrp_gc_init(struct nsrp_net *nn)
{
	INIT_DELAYED_WORK(&nn->gc_work, nsrp_gc_work);
	nn->gc_iter_active = false;
	nn->gc_exiting = true;
}

void nsrp_gc_start(struct nsrp_net *nn)
{
	WRITE_ONCE(nn->gc_exiting, false);
	queue_delayed_work(system_power_efficient_wq, &nn->gc_work, NSRP_GC_MIN_INTERVAL);
}

/* Stops the GC for good; returns with the worker idle and its walk closed. */
void nsrp_gc_stop(struct nsrp_net *nn)
{
	WRITE_ONCE(nn->gc_exiting, true);
	cancel_delayed_work_sync(&nn->gc_work);
	if (nn->gc_iter_active) {
		rhashtable_walk_exit(&nn->gc_iter);
		nn->gc_iter_active = false;
	}
}

/* Something may now expire sooner than planned (a shorter timeout, a peer's lifetime). */
void nsrp_gc_kick(struct nsrp_net *nn)
{
	if (!READ_ONCE(nn->gc_exiting))
		mod_delayed_work(system_power_efficient_wq, &nn->gc_work, NSRP_GC_MIN_INTERVAL);
}
