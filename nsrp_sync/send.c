// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Sending: the DATA ring and the control ring, the flush timer, building
 * frames from the sessions' current state, and resending on NACK.
 *
 * The DATA ring holds session keys (and bulk markers), not records: a
 * record is built when its frame is, from the session as it is then, so
 * that whatever happened to a session while it waited (one record per
 * session however many events: NSRP_SF_QUEUED) goes out once and current.
 * Positions are free-running u32 counters:
 *
 *	tail            sent                 head
 *	 |   history     |   waiting to go    |   free
 *
 * History is what sent frames carried, kept for NACKs until new entries
 * need the room. A NACK for a frame whose entries are gone cannot be
 * answered: the node starts a new epoch instead, on which the peer asks for
 * a bulk sync (receive.c), and so does a full ring of unsent entries. No
 * loss is silent: each such fallback is counted in NSRP_STAT_SYNC_RESYNCS.
 */

#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <linux/pkt_sched.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#include "nsrp_core/netns.h"
#include "nsrp_core/sync_api.h"
#include "nsrp_core/timeout.h"
#include "nsrp_sync/sync.h"

#define NSRP_RING_MASK (NSRP_RING_SIZE - 1)
#define NSRP_CTRL_MASK (NSRP_CTRL_SIZE - 1)
#define NSRP_META_MASK (NSRP_META_SIZE - 1)

/* Frames: at most a jumbo frame, at least room for the biggest record. */
#define NSRP_FRAME_MAX 9000U
#define NSRP_FRAME_MIN 128U
#define NSRP_SCRATCH_MAX ((NSRP_FRAME_MAX - NSRP_HDR_LEN) / NSRP_KEY4_LEN)

/* Frames tx_work sends before it yields the CPU. */
#define NSRP_TX_BUDGET 64

/* NACKed frames answered per NACK: a longer loss resyncs instead. */
#define NSRP_RESEND_MAX 256

/* Entries of an IPv4 upsert frame at the usual MTU: flush at once when full. */
#define NSRP_FLUSH_BATCH NSRP_RECS_PER_FRAME(ETH_DATA_LEN, NSRP_UPSERT4_LEN, true)

static const enum nsrp_stat_attr nsrp_tx_stat[] = {
	[NSRP_REC_UPSERT] = NSRP_STAT_SYNC_TX_UPSERT,
	[NSRP_REC_CLOSE] = NSRP_STAT_SYNC_TX_CLOSE,
	[NSRP_REC_BULK_END] = NSRP_STAT_SYNC_TX_BULK_END,
	[NSRP_REC_HELLO] = NSRP_STAT_SYNC_TX_HELLO,
	[NSRP_REC_ACK] = NSRP_STAT_SYNC_TX_ACK,
	[NSRP_REC_NACK] = NSRP_STAT_SYNC_TX_NACK,
	[NSRP_REC_BULK_REQ] = NSRP_STAT_SYNC_TX_BULK_REQ,
	[NSRP_REC_AGE_QUERY] = NSRP_STAT_SYNC_TX_AGE_QUERY,
	[NSRP_REC_AGE_ANSWER] = NSRP_STAT_SYNC_TX_AGE_ANSWER,
};

static void nsrp_tx_count(struct nsrp_sync *sync, u8 type)
{
	if (type < ARRAY_SIZE(nsrp_tx_stat) && nsrp_tx_stat[type])
		nsrp_stat_inc(sync->nn, nsrp_tx_stat[type]);
}

int nsrp_sync_tx_alloc(struct nsrp_sync *sync)
{
	if (sync->ring)
		return 0;
	sync->ring = kvcalloc(NSRP_RING_SIZE, sizeof(*sync->ring), GFP_KERNEL);
	sync->ctrl = kvcalloc(NSRP_CTRL_SIZE, sizeof(*sync->ctrl), GFP_KERNEL);
	sync->meta = kvcalloc(NSRP_META_SIZE, sizeof(*sync->meta), GFP_KERNEL);
	sync->scratch = kvcalloc(NSRP_SCRATCH_MAX, sizeof(*sync->scratch), GFP_KERNEL);
	sync->frame = kmalloc(NSRP_FRAME_MAX, GFP_KERNEL);
	if (!sync->ring || !sync->ctrl || !sync->meta || !sync->scratch || !sync->frame) {
		nsrp_sync_tx_free(sync);
		return -ENOMEM;
	}
	return 0;
}

void nsrp_sync_tx_free(struct nsrp_sync *sync)
{
	kvfree(sync->ring);
	kvfree(sync->ctrl);
	kvfree(sync->meta);
	kvfree(sync->scratch);
	kfree(sync->frame);
	sync->ring = NULL;
	sync->ctrl = NULL;
	sync->meta = NULL;
	sync->scratch = NULL;
	sync->frame = NULL;
}

/* Under tx_lock: run the sender now, or within the flush interval. */
static void nsrp_sync_kick_locked(struct nsrp_sync *sync, bool now)
{
	if (now) {
		queue_work(nsrp_sync_wq, &sync->tx_work);
	} else if (!sync->flush_armed) {
		sync->flush_armed = true;
		hrtimer_start(&sync->flush_timer, ms_to_ktime(READ_ONCE(sync->flush_ms)),
			      HRTIMER_MODE_REL_SOFT);
	}
}

void nsrp_sync_kick(struct nsrp_sync *sync, bool now)
{
	spin_lock_bh(&sync->tx_lock);
	if (sync->active)
		nsrp_sync_kick_locked(sync, now);
	spin_unlock_bh(&sync->tx_lock);
}

/* Under tx_lock. False if the ring is full of entries not sent yet. */
static bool nsrp_ring_push(struct nsrp_sync *sync, const struct nsrp_entry *e)
{
	if (nsrp_ring_used(sync) == NSRP_RING_SIZE) {
		if (sync->tail == sync->sent)
			return false;
		sync->tail++;	/* the oldest history goes */
	}
	sync->ring[sync->head & NSRP_RING_MASK] = *e;
	sync->head++;
	return true;
}

bool nsrp_sync_queue(struct nsrp_sync *sync, const struct nsrp_entry *e)
{
	bool queued = false;

	spin_lock_bh(&sync->tx_lock);
	if (!sync->active)
		goto out;
	queued = nsrp_ring_push(sync, e);
	if (!queued) {
		/* The peer's copy can no longer be kept exact: resync it. */
		nsrp_stat_inc(sync->nn, NSRP_STAT_SYNC_QUEUE_FULL);
		sync->resync = true;
		nsrp_sync_kick_locked(sync, true);
		goto out;
	}
	nsrp_sync_kick_locked(sync, sync->head - sync->sent >= NSRP_FLUSH_BATCH);
out:
	spin_unlock_bh(&sync->tx_lock);
	return queued;
}

bool nsrp_sync_queue_control(struct nsrp_sync *sync, const struct nsrp_rec *rec)
{
	bool queued = false;

	spin_lock_bh(&sync->tx_lock);
	if (sync->active && sync->ctrl_head - sync->ctrl_tail < NSRP_CTRL_SIZE) {
		sync->ctrl[sync->ctrl_head & NSRP_CTRL_MASK] = *rec;
		sync->ctrl_head++;
		nsrp_sync_kick_locked(sync, false);
		queued = true;
	}
	spin_unlock_bh(&sync->tx_lock);
	/* Lost like a lost frame: the asker retries (ageout-ack, bulk, hello). */
	if (!queued)
		nsrp_stat_inc(sync->nn, NSRP_STAT_SYNC_TX_ERRORS);
	return queued;
}

void nsrp_sync_epoch_floor(struct nsrp_sync *sync, u32 epoch)
{
	spin_lock_bh(&sync->tx_lock);
	if (sync->active && epoch > sync->epoch) {
		WRITE_ONCE(sync->epoch, epoch);	/* the new epoch is one above */
		sync->resync = true;
		nsrp_sync_kick_locked(sync, true);
	}
	spin_unlock_bh(&sync->tx_lock);
}

void nsrp_sync_request_resync(struct nsrp_sync *sync)
{
	spin_lock_bh(&sync->tx_lock);
	if (sync->active) {
		sync->resync = true;
		nsrp_sync_kick_locked(sync, true);
	}
	spin_unlock_bh(&sync->tx_lock);
}

/*
 * The peer lost frames first to first + count - 1 (rx path, under
 * rx_lock): queue what they carried again, as RESEND entries that go out
 * as the sessions' current state. Each frame is answered once; the peer
 * NACKs the new frames if they are lost too.
 */
void nsrp_sync_resend(struct nsrp_sync *sync, u32 first, u32 count)
{
	unsigned int frames = 0, records = 0;
	u32 seq, i;

	spin_lock_bh(&sync->tx_lock);
	if (!sync->active)
		goto out;
	for (seq = first; seq - first < count; seq++) {
		struct nsrp_frame_meta *m = &sync->meta[seq & NSRP_META_MASK];

		if (frames == NSRP_RESEND_MAX || m->seq != seq ||
		    (s32)(m->start - sync->tail) < 0) {
			sync->resync = true;	/* forgotten: resync instead */
			break;
		}
		if (!m->count || m->resent)
			continue;
		m->resent = 1;
		frames++;
		for (i = 0; i < m->count; i++) {
			struct nsrp_entry e;

			if ((s32)(m->start + i - sync->tail) < 0) {
				sync->resync = true;
				break;
			}
			e = sync->ring[(m->start + i) & NSRP_RING_MASK];
			if (e.kind != NSRP_ENT_BULK_END)
				e.kind = NSRP_ENT_RESEND;
			if (!nsrp_ring_push(sync, &e)) {
				sync->resync = true;
				break;
			}
			records++;
		}
	}
	if (frames || sync->resync)
		nsrp_sync_kick_locked(sync, true);
out:
	spin_unlock_bh(&sync->tx_lock);
	nsrp_stat_add(sync->nn, NSRP_STAT_SYNC_RETRANSMITS, frames);
	nsrp_stat_add(sync->nn, NSRP_STAT_SYNC_RETRANSMIT_RECORDS, records);
}

/* Table events: queue what the peer must learn. Any context, under RCU. */
void nsrp_sync_event(struct nsrp_net *nn, const struct nsrp_session *s,
		     enum nsrp_sync_event ev, int reason)
{
	struct nsrp_sync *sync = nsrp_sync_of(nn);
	struct nsrp_entry e = {};

	if (!READ_ONCE(sync->active))
		return;
	e.key = s->key;
	if (ev == NSRP_EV_REMOVED) {
		/*
		 * Copies are the owner's business, what the peer itself
		 * closed needs no word, and a node going down (teardown,
		 * disable) leaves its sessions to the peer to take over.
		 */
		if (reason == NSRP_RM_PEER || reason == NSRP_RM_TEARDOWN ||
		    (READ_ONCE(s->flags) & NSRP_SF_OWNER_PEER))
			return;
		e.kind = NSRP_ENT_CLOSE;
		nsrp_sync_queue(sync, &e);
		return;
	}
	/* Cast: the mark is the one field the seam lets nsrp_sync write. */
	if (nsrp_sync_mark_queued((struct nsrp_session *)s)) {
		e.kind = NSRP_ENT_UPSERT;
		nsrp_sync_queue(sync, &e);
	}
}

static int nsrp_sync_xmit(struct nsrp_sync *sync, struct net_device *dev,
			  const u8 *buf, unsigned int len)
{
	u16 ethertype = READ_ONCE(sync->ethertype);
	u8 dest[ETH_ALEN];
	struct sk_buff *skb;

	skb = alloc_skb(LL_RESERVED_SPACE(dev) + len + dev->needed_tailroom, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, LL_RESERVED_SPACE(dev));
	skb_reset_network_header(skb);
	skb_put_data(skb, buf, len);
	skb->dev = dev;
	skb->protocol = htons(ethertype);
	skb->priority = TC_PRIO_CONTROL;

	spin_lock_bh(&sync->tx_lock);
	ether_addr_copy(dest, sync->peer_mac);
	spin_unlock_bh(&sync->tx_lock);
	if (dev_hard_header(skb, dev, ethertype, dest, NULL, skb->len) < 0) {
		kfree_skb(skb);
		return -EINVAL;
	}
	if (dev_queue_xmit(skb))
		return -ENOBUFS;
	nsrp_stat_inc(sync->nn, NSRP_STAT_SYNC_TX_FRAMES);
	nsrp_stat_add(sync->nn, NSRP_STAT_SYNC_TX_BYTES, len);
	return 0;
}

static void nsrp_sync_hdr(struct nsrp_sync *sync, struct nsrp_hdr *hdr, u8 type, bool mac)
{
	memset(hdr, 0, sizeof(*hdr));
	hdr->type = type;
	hdr->flags = mac ? NSRP_HDR_F_MAC : 0;
	hdr->cluster_id = READ_ONCE(sync->cluster_id);
	hdr->node_id = READ_ONCE(sync->node_id);
	hdr->epoch = sync->epoch;
	hdr->seq = 1;		/* a placeholder the builder accepts; set at the end */
}

/*
 * Number, sign and send a built frame; @count entries of the ring from
 * @start went into it (0 for CONTROL). tx_work only.
 */
static int nsrp_sync_finish(struct nsrp_sync *sync, struct net_device *dev,
			    struct nsrp_builder *b, u32 start, u32 count)
{
	struct nsrp_sync_key *key;
	struct nsrp_frame_meta *m;
	int len, ret = 0;

	b->hdr.seq = ++sync->seq;
	len = nsrp_build_finish(b);
	if (len < 0)
		return len;
	if (b->hdr.flags & NSRP_HDR_F_MAC) {
		rcu_read_lock();
		key = rcu_dereference(sync->key);
		ret = key ? nsrp_sync_mac(key, b->buf, len - NSRP_MAC_LEN,
					  b->buf + len - NSRP_MAC_LEN) : -ENOKEY;
		rcu_read_unlock();
		if (ret)
			return ret;
	}
	spin_lock_bh(&sync->tx_lock);
	m = &sync->meta[sync->seq & NSRP_META_MASK];
	m->seq = sync->seq;
	m->start = start;
	m->count = count;
	m->resent = 0;
	spin_unlock_bh(&sync->tx_lock);
	/* A sequence about to wrap ends the epoch (proto.h). */
	if (sync->seq == U32_MAX - NSRP_TX_BUDGET)
		nsrp_sync_request_resync(sync);
	return nsrp_sync_xmit(sync, dev, b->buf, len);
}

static bool nsrp_sync_has_key(struct nsrp_sync *sync)
{
	return rcu_access_pointer(sync->key);
}

/* One CONTROL frame: the ACK owed to the peer, then queued records. */
static int nsrp_sync_send_control(struct nsrp_sync *sync, struct net_device *dev,
				  unsigned int size)
{
	struct nsrp_win_gap gaps[NSRP_NACK_MAX];
	unsigned int ngaps = 0, i, added = 0;
	struct nsrp_rec ack = {}, rec = {};
	struct nsrp_builder b;
	struct nsrp_hdr hdr;
	bool want_ack;
	u32 upto = 0;
	int ret;

	nsrp_sync_hdr(sync, &hdr, NSRP_MSG_CONTROL, nsrp_sync_has_key(sync));
	ret = nsrp_build_init(&b, sync->frame, size, &hdr);
	if (ret)
		return ret;

	spin_lock_bh(&sync->rx_lock);
	want_ack = sync->ack_due && sync->peer_known && sync->win.max;
	if (want_ack) {
		sync->ack_due = false;
		ngaps = nsrp_seqwin_gaps(&sync->win, gaps, NSRP_NACK_MAX, &upto);
		ack.type = NSRP_REC_ACK;
		ack.ack.epoch = sync->peer_epoch;
		ack.ack.cum_seq = sync->win.max;
		ack.ack.nacks = ngaps;
	}
	spin_unlock_bh(&sync->rx_lock);
	if (want_ack && nsrp_build_add(&b, &ack) > 0) {
		nsrp_tx_count(sync, NSRP_REC_ACK);
		added++;
		for (i = 0; i < ngaps; i++) {
			rec.type = NSRP_REC_NACK;
			rec.nack.first_seq = gaps[i].first;
			rec.nack.count = min_t(u32, gaps[i].count, U16_MAX);
			if (nsrp_build_add(&b, &rec) > 0)
				nsrp_tx_count(sync, NSRP_REC_NACK);
		}
	} else {
		ngaps = 0;
	}

	spin_lock_bh(&sync->tx_lock);
	while (sync->ctrl_tail != sync->ctrl_head) {
		ret = nsrp_build_add(&b, &sync->ctrl[sync->ctrl_tail & NSRP_CTRL_MASK]);
		if (!ret)
			break;		/* full: the next frame takes it */
		if (ret > 0) {
			nsrp_tx_count(sync, sync->ctrl[sync->ctrl_tail & NSRP_CTRL_MASK].type);
			added++;
		} else {
			nsrp_stat_inc(sync->nn, NSRP_STAT_SYNC_TX_ERRORS);
		}
		sync->ctrl_tail++;
	}
	spin_unlock_bh(&sync->tx_lock);
	if (!added)
		return 0;

	if (ngaps) {
		/* Before sending: the peer's answer may be quick. */
		spin_lock_bh(&sync->rx_lock);
		sync->ckpt[sync->ckpt_next % NSRP_CKPT_SIZE] =
			(struct nsrp_ckpt){ .seq = sync->seq + 1, .upto = upto };
		sync->ckpt_next++;
		spin_unlock_bh(&sync->rx_lock);
	}
	ret = nsrp_sync_finish(sync, dev, &b, 0, 0);
	if (ret)
		nsrp_stat_inc(sync->nn, NSRP_STAT_SYNC_TX_ERRORS);
	return 1;
}

/*
 * A session we sent is a copy here now: we gave it away (stepping down) and
 * this is that HANDOVER again, resent after a loss. Rebuilt from our copy,
 * its owner's timeout being the copy's lifetime over the multiplier. Never
 * a CLOSE: that would take the session from its new owner.
 */
static bool nsrp_sync_handover_again(struct nsrp_sync *sync, const struct nsrp_key *key,
				     struct nsrp_rec *rec)
{
	u32 mult = READ_ONCE(sync->multiplier) ?: 1;
	struct nsrp_session_info info;

	if (nsrp_peer_query(sync->nn, key, &info) || info.owner != NSRP_OWNER_PEER)
		return false;
	info.ttl = max(info.ttl / mult, 1U);
	rec->type = NSRP_REC_UPSERT;
	nsrp_rec_sess_from_info(&rec->sess, key, &info, nsrp_now());
	rec->sess.handover = true;
	return true;
}

/* The record an entry becomes now; false if none (a session gone meanwhile). */
static bool nsrp_sync_entry_rec(struct nsrp_sync *sync, const struct nsrp_entry *e,
				struct nsrp_rec *rec)
{
	struct nsrp_session_info info;

	memset(rec, 0, sizeof(*rec));
	switch (e->kind) {
	case NSRP_ENT_BULK_END:
		rec->type = NSRP_REC_BULK_END;
		rec->bulk.request_id = e->bulk.request_id;
		rec->bulk.sessions = e->bulk.sessions;
		rec->bulk.status = NSRP_BULK_COMPLETE;
		return true;
	case NSRP_ENT_CLOSE:
		rec->type = NSRP_REC_CLOSE;
		nsrp_rec_key_from_key(&rec->sess.key, &e->key);
		return true;
	case NSRP_ENT_HANDOVER:
		if (!nsrp_sync_give(sync->nn, &e->key, READ_ONCE(sync->multiplier), &info)) {
			rec->type = NSRP_REC_UPSERT;
			nsrp_rec_sess_from_info(&rec->sess, &e->key, &info, nsrp_now());
			rec->sess.handover = true;
			nsrp_stat_inc(sync->nn, NSRP_STAT_SYNC_HANDOVER_SENT);
			return true;
		}
		return nsrp_sync_handover_again(sync, &e->key, rec);
	default:
		if (!nsrp_sync_take(sync->nn, &e->key, &info)) {
			rec->type = NSRP_REC_UPSERT;
			nsrp_rec_sess_from_info(&rec->sess, &e->key, &info, nsrp_now());
			return true;
		}
		if (e->kind != NSRP_ENT_RESEND)
			return false;	/* its CLOSE is queued behind it */
		if (nsrp_sync_handover_again(sync, &e->key, rec))
			return true;
		rec->type = NSRP_REC_CLOSE;
		nsrp_rec_key_from_key(&rec->sess.key, &e->key);
		return true;
	}
}

/* One DATA frame from the ring. Returns 1 on progress, 0 when empty. */
static int nsrp_sync_send_data(struct nsrp_sync *sync, struct net_device *dev,
			       unsigned int size)
{
	unsigned int n, i, used = 0, records = 0;
	struct nsrp_builder b;
	struct nsrp_hdr hdr;
	struct nsrp_rec rec;
	u32 start;
	int ret;

	spin_lock_bh(&sync->tx_lock);
	start = sync->sent;
	n = min_t(u32, sync->head - sync->sent, NSRP_SCRATCH_MAX);
	for (i = 0; i < n; i++)
		sync->scratch[i] = sync->ring[(start + i) & NSRP_RING_MASK];
	spin_unlock_bh(&sync->tx_lock);
	if (!n)
		return 0;

	nsrp_sync_hdr(sync, &hdr, NSRP_MSG_DATA, nsrp_sync_has_key(sync));
	ret = nsrp_build_init(&b, sync->frame, size, &hdr);
	if (ret)
		return ret;
	for (i = 0; i < n; i++) {
		const struct nsrp_entry *e = &sync->scratch[i];

		if (nsrp_sync_entry_rec(sync, e, &rec)) {
			ret = nsrp_build_add(&b, &rec);
			if (!ret)
				break;		/* full */
			if (ret < 0) {
				nsrp_stat_inc(sync->nn, NSRP_STAT_SYNC_TX_ERRORS);
			} else {
				nsrp_tx_count(sync, rec.type);
				records++;
				if (e->bulk_sync && rec.type == NSRP_REC_UPSERT)
					nsrp_stat_inc(sync->nn, NSRP_STAT_SYNC_BULK_SESSIONS);
			}
		}
		used++;
	}

	spin_lock_bh(&sync->tx_lock);
	sync->sent += used;
	spin_unlock_bh(&sync->tx_lock);
	if (!records)
		return 1;
	ret = nsrp_sync_finish(sync, dev, &b, start, used);
	if (ret)
		nsrp_stat_inc(sync->nn, NSRP_STAT_SYNC_TX_ERRORS);
	return 1;
}

/* Start a new epoch: the peer sees it and asks for everything again. */
static void nsrp_sync_new_epoch(struct nsrp_sync *sync)
{
	WRITE_ONCE(sync->epoch, sync->epoch + 1);
	sync->seq = 0;
	memset(sync->meta, 0, NSRP_META_SIZE * sizeof(*sync->meta));
	sync->tail = sync->sent;	/* history of the old epoch is useless */
	nsrp_stat_inc(sync->nn, NSRP_STAT_SYNC_RESYNCS);
}

static void nsrp_sync_tx_work(struct work_struct *work)
{
	struct nsrp_sync *sync = container_of(work, struct nsrp_sync, tx_work);
	struct net_device *dev;
	unsigned int frames = 0, size;
	bool more = true;

	spin_lock_bh(&sync->tx_lock);
	if (!sync->active) {
		spin_unlock_bh(&sync->tx_lock);
		return;
	}
	sync->flush_armed = false;
	if (sync->resync) {
		sync->resync = false;
		nsrp_sync_new_epoch(sync);
	}
	spin_unlock_bh(&sync->tx_lock);

	/* Stable: unbinding stops this work before it lets the device go. */
	dev = sync->dev;
	size = min_t(unsigned int, READ_ONCE(dev->mtu), NSRP_FRAME_MAX);
	if (size < NSRP_FRAME_MIN) {
		nsrp_stat_inc(sync->nn, NSRP_STAT_SYNC_TX_ERRORS);
		return;
	}
	while (frames < NSRP_TX_BUDGET && nsrp_sync_send_control(sync, dev, size) > 0)
		frames++;
	while (frames < NSRP_TX_BUDGET && more) {
		more = nsrp_sync_send_data(sync, dev, size) > 0;
		frames += more;
	}
	if (frames >= NSRP_TX_BUDGET)
		nsrp_sync_kick(sync, true);
}

static enum hrtimer_restart nsrp_sync_flush_timer(struct hrtimer *timer)
{
	struct nsrp_sync *sync = container_of(timer, struct nsrp_sync, flush_timer);

	queue_work(nsrp_sync_wq, &sync->tx_work);
	return HRTIMER_NORESTART;
}

void nsrp_sync_tx_setup(struct nsrp_sync *sync)
{
	spin_lock_init(&sync->tx_lock);
	hrtimer_init(&sync->flush_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	sync->flush_timer.function = nsrp_sync_flush_timer;
	INIT_WORK(&sync->tx_work, nsrp_sync_tx_work);
}

/* Bound to a link: an empty ring, a new epoch. Caller holds conf_mutex. */
void nsrp_sync_tx_start(struct nsrp_sync *sync)
{
	u32 epoch = (u32)ktime_get_real_seconds();

	spin_lock_bh(&sync->tx_lock);
	/* Never an epoch the peer has seen: it would drop us as a replay. */
	WRITE_ONCE(sync->epoch, max(epoch, sync->epoch + 1));
	sync->seq = 0;
	sync->head = 0;
	sync->sent = 0;
	sync->tail = 0;
	sync->ctrl_head = 0;
	sync->ctrl_tail = 0;
	memset(sync->meta, 0, NSRP_META_SIZE * sizeof(*sync->meta));
	eth_broadcast_addr(sync->peer_mac);
	sync->resync = false;
	sync->flush_armed = false;
	sync->active = true;
	spin_unlock_bh(&sync->tx_lock);
}

/* Returns with nothing of the sender running or pending. */
void nsrp_sync_tx_stop(struct nsrp_sync *sync)
{
	spin_lock_bh(&sync->tx_lock);
	sync->active = false;
	spin_unlock_bh(&sync->tx_lock);
	hrtimer_cancel(&sync->flush_timer);
	cancel_work_sync(&sync->tx_work);
}
