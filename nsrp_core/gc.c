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
 */

#include <linux/rhashtable.h>
#include <linux/sched/clock.h>
#include <linux/workqueue.h>

#include <linux/export.h>
#include <kunit/visibility.h>

#include "nsrp_core/gc.h"
#include "nsrp_core/netns.h"
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

static void nsrp_gc_work(struct work_struct *work)
{
	struct nsrp_net *nn = container_of(to_delayed_work(work), struct nsrp_net, gc_work);
	u64 start = local_clock();
	unsigned int scanned = 0;
	unsigned long delay = 0;	/* a pass not finished goes on at once */
	struct nsrp_session *s;
	u32 now = nsrp_now();

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
			delay = nsrp_gc_next_delay(nsrp_time_left(nn->gc_earliest, now),
						   nsrp_gc_min_ttl(nn));
			nsrp_stat_inc(nn, NSRP_STAT_GC_RUNS);
			goto out;
		}
		if (IS_ERR(s))
			continue;	/* -EAGAIN: resized under us; carry on */
		scanned++;
		if (nsrp_session_expired(s, now))
			nsrp_session_remove(nn, s, NSRP_RM_EXPIRED);
		else if (nsrp_time_left(READ_ONCE(s->expires), nn->gc_earliest) < 0)
			nn->gc_earliest = READ_ONCE(s->expires);
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
