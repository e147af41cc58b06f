// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Bulk sync, both ways.
 *
 * Into this node: when it hears a peer for the first time, or the peer's
 * epoch changes, or its window overflows, it marks every copy it holds
 * stale, then sends BULK_REQ with a new request id, and retries until the
 * BULK_END of that id arrives. Every UPSERT clears a copy's stale mark, so
 * when the end arrives, the copies still stale are ones the peer no longer
 * has (their closes were lost, or it restarted). They are not dropped on
 * that evidence alone: with ageout-ack their owner is asked about each (the
 * answer may be in a frame still being resent), without it they go.
 *
 * To the peer: BULK_REQ starts a walk of the table that queues every
 * session this node owns, paced so that the ring never holds more than
 * half its size of unsent entries: live replication keeps the rest. The
 * walk ends with BULK_END in the same ring, after the sessions it covers.
 */

#include <linux/random.h>
#include <linux/rhashtable.h>

#include "nsrp_core/netns.h"
#include "nsrp_core/sync_api.h"
#include "nsrp_core/timeout.h"
#include "nsrp_netlink/event.h"
#include "nsrp_sync/sync.h"

/* A bulk request not answered within this, while the peer is quiet, is asked again. */
#define NSRP_BULK_RETRY (3 * HZ)

/* Sessions one run of the walk queues before it yields. */
#define NSRP_BULK_BATCH 4096

/* Under rx_lock: ask for the peer's table (again). */
void nsrp_sync_bulk_ask(struct nsrp_sync *sync)
{
	if (sync->bulk_state != NSRP_SYNC_IN_PROGRESS) {
		sync->bulk_started = jiffies;
		sync->bulk_sessions = 0;
	}
	sync->bulk_state = NSRP_SYNC_IN_PROGRESS;
	sync->bulk_asked = jiffies;
	queue_work(nsrp_sync_wq, &sync->bulk_req_work);
}

static void nsrp_sync_bulk_req_work(struct work_struct *work)
{
	struct nsrp_sync *sync = container_of(work, struct nsrp_sync, bulk_req_work);
	struct nsrp_rec rec = { .type = NSRP_REC_BULK_REQ };
	struct nsrp_event ev = { .type = NSRP_EVENT_BULK_START };
	u32 id;

	if (!READ_ONCE(sync->active))
		return;
	nsrp_nl_event(sync->nn->net, &ev);
	nsrp_peer_mark_stale(sync->nn);
	do {
		id = get_random_u32();
	} while (!id);
	spin_lock_bh(&sync->rx_lock);
	sync->bulk_id = id;
	sync->bulk_sessions = 0;	/* the UPSERTs answering this request */
	sync->bulk_asked = jiffies;
	sync->bulk_state = NSRP_SYNC_IN_PROGRESS;
	spin_unlock_bh(&sync->rx_lock);
	rec.bulk.request_id = id;
	if (nsrp_sync_queue_control(sync, &rec))
		nsrp_stat_inc(sync->nn, NSRP_STAT_SYNC_BULK_REQUESTS);
}

static void nsrp_sync_sweep_work(struct work_struct *work)
{
	struct nsrp_sync *sync = container_of(work, struct nsrp_sync, sweep_work);

	if (READ_ONCE(sync->active))
		nsrp_peer_sweep_stale(sync->nn, READ_ONCE(sync->nn->age_ack));
}

/* Under rx_lock. */
void nsrp_sync_bulk_end(struct nsrp_sync *sync, const struct nsrp_rec_bulk *end)
{
	if (sync->bulk_state != NSRP_SYNC_IN_PROGRESS || end->request_id != sync->bulk_id)
		return;		/* an answer to an older request */
	if (end->status != NSRP_BULK_COMPLETE) {
		nsrp_sync_bulk_ask(sync);
		return;
	}
	sync->bulk_state = NSRP_SYNC_DONE;
	sync->bulk_end_event = true;
	nsrp_ha_kick(sync);	/* synced: the role may change, the peer must know */
	nsrp_stat_inc(sync->nn, NSRP_STAT_SYNC_BULK_DONE);
	queue_work(nsrp_sync_wq, &sync->sweep_work);
}

/* From the tick: a request lost, or its answer cut short, is made again. */
void nsrp_sync_bulk_tick(struct nsrp_sync *sync)
{
	unsigned long now = jiffies;

	spin_lock_bh(&sync->rx_lock);
	if (sync->peer_known && sync->bulk_state == NSRP_SYNC_IN_PROGRESS &&
	    time_after(now, sync->bulk_asked + NSRP_BULK_RETRY) &&
	    time_after(now, sync->last_upsert + HZ))
		nsrp_sync_bulk_ask(sync);
	spin_unlock_bh(&sync->rx_lock);
}

/* Under rx_lock: the peer asks for our table; a newer request restarts it. */
void nsrp_sync_bulk_serve(struct nsrp_sync *sync, u32 request_id)
{
	sync->serve_id = request_id;
	mod_delayed_work(nsrp_sync_wq, &sync->serve_work, 0);
}

/* Entries a walk may queue now: the ring is kept at most half full of unsent ones. */
u32 nsrp_sync_room(struct nsrp_sync *sync)
{
	u32 backlog;

	spin_lock_bh(&sync->tx_lock);
	backlog = sync->head - sync->sent;
	spin_unlock_bh(&sync->tx_lock);
	return backlog < NSRP_RING_SIZE / 2 ? NSRP_RING_SIZE / 2 - backlog : 0;
}

static void nsrp_sync_serve_work(struct work_struct *work)
{
	struct nsrp_sync *sync = container_of(to_delayed_work(work), struct nsrp_sync,
					      serve_work);
	struct nsrp_entry e = { .kind = NSRP_ENT_UPSERT, .bulk_sync = 1 };
	unsigned int batch = 0;
	struct nsrp_session *s;
	u32 id, room, now = nsrp_now();

	if (!READ_ONCE(sync->active))
		return;
	spin_lock_bh(&sync->rx_lock);
	id = sync->serve_id;
	spin_unlock_bh(&sync->rx_lock);
	if (id != sync->serving_id) {
		if (sync->serve_iter_active)
			rhashtable_walk_exit(&sync->serve_iter);
		sync->serve_iter_active = false;
		sync->serving_id = id;
		sync->serve_count = 0;
		if (!id)
			return;
		rhashtable_walk_enter(&sync->nn->table, &sync->serve_iter);
		sync->serve_iter_active = true;
	}
	if (!sync->serving_id)
		return;

	room = nsrp_sync_room(sync);
	rhashtable_walk_start(&sync->serve_iter);
	for (;;) {
		if (!room || batch == NSRP_BULK_BATCH) {
			rhashtable_walk_stop(&sync->serve_iter);
			/* Paced: let the sender drain the ring first. */
			queue_delayed_work(nsrp_sync_wq, &sync->serve_work, room ? 0 : 1);
			return;
		}
		s = rhashtable_walk_next(&sync->serve_iter);
		if (!s)
			break;
		if (IS_ERR(s))
			continue;	/* -EAGAIN: a resize; copies may repeat */
		if ((READ_ONCE(s->flags) & (NSRP_SF_OWNER_PEER | NSRP_SF_DYING)) ||
		    nsrp_session_expired(s, now))
			continue;
		e.key = s->key;
		if (!nsrp_sync_queue(sync, &e))
			break;	/* stopped, or resyncing anyway */
		sync->serve_count++;
		batch++;
		room--;
	}
	rhashtable_walk_stop(&sync->serve_iter);
	rhashtable_walk_exit(&sync->serve_iter);
	sync->serve_iter_active = false;

	memset(&e, 0, sizeof(e));
	e.kind = NSRP_ENT_BULK_END;
	e.bulk.request_id = id;
	e.bulk.sessions = sync->serve_count;
	if (nsrp_sync_queue(sync, &e))
		nsrp_stat_inc(sync->nn, NSRP_STAT_SYNC_BULK_SERVED);
	sync->serving_id = 0;
	spin_lock_bh(&sync->rx_lock);
	if (sync->serve_id == id)
		sync->serve_id = 0;
	spin_unlock_bh(&sync->rx_lock);
}

void nsrp_sync_bulk_setup(struct nsrp_sync *sync)
{
	INIT_WORK(&sync->bulk_req_work, nsrp_sync_bulk_req_work);
	INIT_WORK(&sync->sweep_work, nsrp_sync_sweep_work);
	INIT_DELAYED_WORK(&sync->serve_work, nsrp_sync_serve_work);
}

/* After the sender and receiver stopped: nothing of bulk sync runs on. */
void nsrp_sync_bulk_stop(struct nsrp_sync *sync)
{
	cancel_work_sync(&sync->bulk_req_work);
	cancel_work_sync(&sync->sweep_work);
	cancel_delayed_work_sync(&sync->serve_work);
	if (sync->serve_iter_active)
		rhashtable_walk_exit(&sync->serve_iter);
	sync->serve_iter_active = false;
	sync->serving_id = 0;
	sync->serve_id = 0;
}
