// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Reaping expired sessions. There are no per-session timers: a session
 * carries its expiry and a refresh is one store (see timeout.h). A
 * delayed_work walks the table in passes, each run bounded by a count and a
 * time budget so that it never hogs a CPU, resuming where it stopped.
 *
 * Passes are planned, not periodic, so that a big idle table costs next
 * to nothing (nf_conntrack, by contrast, walks its table at least once a
 * minute):
 *
 *  - A pass ends knowing the earliest expiry among the sessions it saw;
 *    the next pass is due then, or NSRP_GC_SAFETY from now if that is
 *    sooner.
 *  - Whatever sets an expiry that no pass has seen (a new session, a state
 *    with a shorter timeout, a copy's lifetime from the peer) reports it
 *    with nsrp_gc_expect(), which lowers nn->gc_hint. That costs one read
 *    of a shared word, and a write only when it moves the hint earlier.
 *  - Between passes the worker wakes once a second (NSRP_GC_TICK) to
 *    compare the plan with the hint: a few instructions. A due time is
 *    therefore met exactly when it is reported at least a tick ahead, which
 *    every lifetime of a second or more is.
 *  - A pass that took T may not be followed by another sooner than
 *    NSRP_GC_DUTY * T later: under churn on a huge table the GC takes at
 *    most 1/NSRP_GC_DUTY of a CPU, and reaps late instead.
 *  - NSRP_GC_SAFETY is a safety net, not the schedule: nothing relies on it.
 *
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
#define NSRP_GC_TICK HZ			/* between two looks at the hint */
#define NSRP_GC_SAFETY (300 * HZ)	/* the longest time without a pass */
#define NSRP_GC_DUTY 20			/* passes take at most 1/20 of a CPU */

/* The earliest a pass that took @pass_ns may be followed by another, from its end. */
unsigned long nsrp_gc_floor(u64 pass_ns)
{
	u64 j = nsecs_to_jiffies64(min_t(u64, pass_ns, 3600 * NSEC_PER_SEC) * NSRP_GC_DUTY);

	return clamp_t(u64, j, NSRP_GC_MIN_INTERVAL, NSRP_GC_SAFETY);
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_gc_floor);

/* When the pass after one that ended at @now is due, from the earliest expiry it saw. */
u32 nsrp_gc_plan(u32 earliest, u32 now)
{
	s32 left = nsrp_time_left(earliest, now);

	if (left > (s32)NSRP_GC_SAFETY)
		left = NSRP_GC_SAFETY;
	return now + max(left, 0);
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_gc_plan);

/*
 * Jiffies to sleep before the next look, zero to start a pass now: the
 * planned pass or the earliest reported expiry, whichever is first, but not
 * before @not_before; and never more than a tick, so that a hint lowered
 * meanwhile is seen.
 */
unsigned long nsrp_gc_wait(u32 now, u32 planned, u32 hint, u32 not_before)
{
	u32 due = nsrp_time_left(hint, planned) < 0 ? hint : planned;
	s32 left;

	if (nsrp_time_left(not_before, due) > 0)
		due = not_before;
	left = nsrp_time_left(due, now);
	if (left <= 0)
		return 0;
	return min_t(unsigned long, left, NSRP_GC_TICK);
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_gc_wait);

void nsrp_gc_expect(struct nsrp_net *nn, u32 due)
{
	u32 old = READ_ONCE(nn->gc_hint), cur;

	/* Almost always the hint is earlier already: a read, no write. */
	while (nsrp_time_left(due, old) < 0) {
		cur = cmpxchg(&nn->gc_hint, old, due);
		if (cur == old)
			break;
		old = cur;
	}
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_gc_expect);

/* After @s's expiry or lifetime was set: its due time, as the pass computes it. */
void nsrp_gc_expect_session(struct nsrp_net *nn, const struct nsrp_session *s)
{
	u32 due = READ_ONCE(s->expires);

	if (READ_ONCE(nn->age_ack) && (READ_ONCE(s->flags) & NSRP_SF_OWNER_PEER))
		due -= nsrp_age_lead(READ_ONCE(s->ttl));
	nsrp_gc_expect(nn, due);
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
	u32 now = nsrp_now(), due;

	if (!nn->gc_iter_active) {
		delay = nsrp_gc_wait(now, nn->gc_planned, READ_ONCE(nn->gc_hint),
				     nn->gc_not_before);
		if (delay)
			goto requeue;
		/*
		 * A session inserted from here on reports its expiry to the
		 * new hint; one inserted before is in the table the walk sees.
		 */
		xchg(&nn->gc_hint, now + NSRP_LIFETIME_MAX);
		rhashtable_walk_enter(&nn->table, &nn->gc_iter);
		nn->gc_iter_active = true;
		nn->gc_earliest = now + NSRP_LIFETIME_MAX;
		nn->gc_pass_ns = 0;
	}

	rhashtable_walk_start(&nn->gc_iter);
	for (;;) {
		s = rhashtable_walk_next(&nn->gc_iter);
		if (!s) {
			/* The pass is over: plan the next from what it saw. */
			rhashtable_walk_stop(&nn->gc_iter);
			rhashtable_walk_exit(&nn->gc_iter);
			nn->gc_iter_active = false;
			nn->gc_pass_ns += local_clock() - start;
			nn->gc_planned = nsrp_gc_plan(nn->gc_earliest, now);
			nn->gc_not_before = now + nsrp_gc_floor(nn->gc_pass_ns);
			delay = nsrp_gc_wait(now, nn->gc_planned, READ_ONCE(nn->gc_hint),
					     nn->gc_not_before);
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
	nn->gc_pass_ns += local_clock() - start;
out:
	nsrp_stat_add(nn, NSRP_STAT_GC_SCANNED, scanned);
requeue:
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
	u32 now = nsrp_now();

	/* The first pass is due at once: the table may hold sessions already. */
	nn->gc_planned = now;
	nn->gc_not_before = now;
	WRITE_ONCE(nn->gc_hint, now + NSRP_LIFETIME_MAX);
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

/*
 * Something may be due now, before any plan (sessions made due in bulk):
 * a pass as soon as its cost allows, without waiting for the tick.
 */
void nsrp_gc_kick(struct nsrp_net *nn)
{
	nsrp_gc_expect(nn, nsrp_now());
	if (!READ_ONCE(nn->gc_exiting))
		mod_delayed_work(system_power_efficient_wq, &nn->gc_work, NSRP_GC_MIN_INTERVAL);
}
