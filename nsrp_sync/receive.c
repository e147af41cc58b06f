// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Receiving, in the order that lets nothing unchecked through:
 *
 *  1. the codec validates the header and every record (nsrp_frame_parse);
 *  2. the sender: our cluster, not our own node id;
 *  3. the MAC, when a key is set (and a MAC without one is refused);
 *  4. the peer's epoch and the replay window;
 *  5. only then, under rx_lock so that frames apply in order, the records.
 *
 * A DATA frame older than the newest one seen is not applied: applying it
 * late could bring back a session a newer frame closed. It stays a gap, is
 * NACKed and comes again rebuilt from the owner's current state. Work per
 * frame is bounded by its records, at most the MTU over 8 octets.
 */

#include <crypto/algapi.h>
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "nsrp_core/netns.h"
#include "nsrp_core/sync_api.h"
#include "nsrp_sync/ageout.h"
#include "nsrp_sync/sync.h"

static const enum nsrp_stat_attr nsrp_rx_stat[] = {
	[NSRP_REC_UPSERT] = NSRP_STAT_SYNC_RX_UPSERT,
	[NSRP_REC_CLOSE] = NSRP_STAT_SYNC_RX_CLOSE,
	[NSRP_REC_BULK_END] = NSRP_STAT_SYNC_RX_BULK_END,
	[NSRP_REC_HELLO] = NSRP_STAT_SYNC_RX_HELLO,
	[NSRP_REC_ACK] = NSRP_STAT_SYNC_RX_ACK,
	[NSRP_REC_NACK] = NSRP_STAT_SYNC_RX_NACK,
	[NSRP_REC_BULK_REQ] = NSRP_STAT_SYNC_RX_BULK_REQ,
	[NSRP_REC_AGE_QUERY] = NSRP_STAT_SYNC_RX_AGE_QUERY,
	[NSRP_REC_AGE_ANSWER] = NSRP_STAT_SYNC_RX_AGE_ANSWER,
};

/* An ACK and the NACKs that follow it, gathered before acting on them. */
struct nsrp_rx_ack {
	struct nsrp_rec_ack ack;
	unsigned int n;
	struct nsrp_rec_nack nacks[NSRP_NACK_MAX];
};

void nsrp_sync_install(struct nsrp_sync *sync, const struct nsrp_key *key,
		       const struct nsrp_rec_sess *rs, u32 lifetime)
{
	struct nsrp_net *nn = sync->nn;
	int ret;

	/* The sender, stepping down, gives us the session. */
	if (rs->handover) {
		ret = nsrp_peer_adopt(nn, key, rs->orig_is_a, rs->state,
				      msecs_to_jiffies(rs->timeout_ms),
				      msecs_to_jiffies(rs->remaining_ms));
		if (ret >= 0)
			nsrp_stat_inc(nn, NSRP_STAT_SYNC_HANDOVER_RECEIVED);
		else if (ret != -ENOENT)
			nsrp_stat_inc(nn, NSRP_STAT_SYNC_INSTALL_FAILED);
		return;
	}
	/* The sender took over a session this node owned. */
	if (rs->takeover)
		nsrp_peer_set_owner(nn, key, NSRP_OWNER_PEER);
	ret = nsrp_peer_install(nn, key, rs->orig_is_a, rs->state, lifetime);
	/*
	 * Both own it: a node that is not primary yields to a primary peer.
	 * It was primary across a split and did not step down since (its
	 * link or the module restarted meanwhile), or saw a stray packet of
	 * the flow: either way the primary's session is the one that serves.
	 */
	if (ret == -EEXIST && READ_ONCE(sync->role) != NSRP_ROLE_PRIMARY &&
	    sync->peer_role == NSRP_ROLE_PRIMARY) {
		nsrp_peer_set_owner(nn, key, NSRP_OWNER_PEER);
		ret = nsrp_peer_install(nn, key, rs->orig_is_a, rs->state, lifetime);
	}
	if (ret == 1)
		nsrp_stat_inc(nn, NSRP_STAT_SYNC_INSTALLED);
	else if (ret == -EEXIST)
		nsrp_stat_inc(nn, NSRP_STAT_SYNC_CONFLICTS);
	else if (ret < 0 && ret != -ENOENT)
		nsrp_stat_inc(nn, NSRP_STAT_SYNC_INSTALL_FAILED);
}

/* Forget the peer: the next frame heard starts over (bulk sync included). */
void nsrp_sync_peer_reset(struct nsrp_sync *sync)
{
	spin_lock_bh(&sync->rx_lock);
	sync->peer_known = false;
	sync->peer_lost = false;
	sync->peer_role = 0;
	sync->peer_flags = 0;
	sync->peer_interval_ms = 0;
	sync->ack_due = false;
	sync->bulk_state = NSRP_SYNC_NONE;
	sync->bulk_id = 0;
	nsrp_seqwin_reset(&sync->win);
	memset(sync->ckpt, 0, sizeof(sync->ckpt));
	spin_unlock_bh(&sync->rx_lock);
}

static bool nsrp_rx_nacked(const struct nsrp_rx_ack *a, u32 seq)
{
	unsigned int i;

	for (i = 0; i < a->n; i++)
		if (seq - a->nacks[i].first_seq < a->nacks[i].count)
			return true;
	return false;
}

/* The peer's ACK of our frames, with its NACKs. Under rx_lock. */
static void nsrp_rx_ack_done(struct nsrp_sync *sync, const struct nsrp_rx_ack *a)
{
	unsigned int i;

	if (a->ack.epoch != READ_ONCE(sync->epoch))
		return;		/* about an epoch of ours that is over */
	/*
	 * A frame of ours that NACKed gaps has arrived: the peer has resent
	 * what those gaps carried, in new frames we track as any other.
	 */
	for (i = 0; i < NSRP_CKPT_SIZE; i++) {
		struct nsrp_ckpt *c = &sync->ckpt[i];

		if (c->seq && c->seq <= a->ack.cum_seq && !nsrp_rx_nacked(a, c->seq)) {
			nsrp_seqwin_skip(&sync->win, c->upto);
			c->seq = 0;
		}
	}
	for (i = 0; i < a->n; i++)
		nsrp_sync_resend(sync, a->nacks[i].first_seq, a->nacks[i].count);
	/* It waits to hear that its NACKs arrived. */
	if (a->n)
		sync->ack_due = true;
}

static void nsrp_rx_apply(struct nsrp_sync *sync, const struct nsrp_frame *f)
{
	struct nsrp_net *nn = sync->nn;
	struct nsrp_rx_ack ack = {};
	unsigned int nacks_left = 0;
	struct nsrp_iter it;
	struct nsrp_rec rec;
	struct nsrp_key key;

	nsrp_iter_init(&it, f);
	while (nsrp_iter_next(&it, &rec)) {
		if (rec.type < ARRAY_SIZE(nsrp_rx_stat) && nsrp_rx_stat[rec.type])
			nsrp_stat_inc(nn, nsrp_rx_stat[rec.type]);
		switch (rec.type) {
		case NSRP_REC_UPSERT:
			nsrp_key_from_rec_key(&key, &rec.sess.key);
			nsrp_sync_install(sync, &key, &rec.sess,
					  nsrp_copy_lifetime(rec.sess.timeout_ms,
							     READ_ONCE(sync->multiplier)));
			sync->last_upsert = jiffies;
			if (sync->bulk_state == NSRP_SYNC_IN_PROGRESS)
				sync->bulk_sessions++;
			break;
		case NSRP_REC_CLOSE:
			nsrp_key_from_rec_key(&key, &rec.sess.key);
			nsrp_peer_remove(nn, &key);
			break;
		case NSRP_REC_BULK_END:
			nsrp_sync_bulk_end(sync, &rec.bulk);
			break;
		case NSRP_REC_HELLO:
			nsrp_ha_rx_hello(sync, &rec.hello);
			/*
			 * The peer knows us by a newer epoch than ours: our
			 * clock went back across a restart. Move past it.
			 */
			if (rec.hello.peer_epoch > READ_ONCE(sync->epoch))
				nsrp_sync_epoch_floor(sync, rec.hello.peer_epoch);
			break;
		case NSRP_REC_ACK:
			ack.ack = rec.ack;
			ack.n = 0;
			nacks_left = rec.ack.nacks;
			if (!nacks_left)
				nsrp_rx_ack_done(sync, &ack);
			break;
		case NSRP_REC_NACK:
			/* The codec guarantees it follows its ACK. */
			if (!nacks_left)
				break;
			ack.nacks[ack.n++] = rec.nack;
			if (!--nacks_left)
				nsrp_rx_ack_done(sync, &ack);
			break;
		case NSRP_REC_BULK_REQ:
			nsrp_sync_bulk_serve(sync, rec.bulk.request_id);
			break;
		case NSRP_REC_AGE_QUERY:
			nsrp_sync_age_answer(sync, &rec.sess);
			break;
		case NSRP_REC_AGE_ANSWER:
			nsrp_sync_age_apply(sync, &rec.sess);
			break;
		}
	}
}

/* Steps 4 and 5, under rx_lock. */
static enum nsrp_rx_reason nsrp_rx_frame(struct nsrp_sync *sync, const struct nsrp_frame *f,
					 const u8 *source)
{
	const struct nsrp_hdr *hdr = &f->hdr;

	if (!sync->peer_known || hdr->node_id != sync->peer_node ||
	    hdr->epoch > sync->peer_epoch || sync->peer_lost) {
		/*
		 * A new peer, the peer restarted, or it comes back after we
		 * declared it dead or our link bounced: all of its table again.
		 */
		if (!sync->peer_known || sync->peer_lost || hdr->node_id != sync->peer_node) {
			sync->peer_up_event = true;
			nsrp_ha_kick(sync);
		}
		sync->peer_lost = false;
		sync->peer_role = 0;
		sync->peer_flags = 0;
		sync->peer_known = true;
		sync->peer_node = hdr->node_id;
		sync->peer_epoch = hdr->epoch;
		sync->ack_due = false;
		nsrp_seqwin_reset(&sync->win);
		memset(sync->ckpt, 0, sizeof(sync->ckpt));
		nsrp_sync_bulk_ask(sync);
	} else if (hdr->epoch < sync->peer_epoch) {
		return NSRP_RX_STALE_EPOCH;
	}

	switch (nsrp_seqwin_check(&sync->win, hdr->seq)) {
	case NSRP_WIN_DUP:
		return NSRP_RX_REPLAY;
	case NSRP_WIN_FAR:
		/* Too much lost to tell what: start over in bulk. */
		nsrp_seqwin_jump(&sync->win, hdr->seq);
		nsrp_stat_inc(sync->nn, NSRP_STAT_SYNC_RESYNCS);
		nsrp_sync_bulk_ask(sync);
		break;
	case NSRP_WIN_NEW:
		break;
	}
	if (hdr->type == NSRP_MSG_DATA && hdr->seq < sync->win.max) {
		sync->ack_due = true;	/* NACK it soon */
		nsrp_sync_kick(sync, false);
		return NSRP_RX_LATE;
	}
	nsrp_seqwin_mark(&sync->win, hdr->seq);
	sync->peer_seen = jiffies;
	nsrp_ha_peer_seen(sync);

	if (!ether_addr_equal(source, sync->peer_mac) && is_valid_ether_addr(source)) {
		spin_lock(&sync->tx_lock);
		ether_addr_copy(sync->peer_mac, source);
		spin_unlock(&sync->tx_lock);
	}

	nsrp_rx_apply(sync, f);
	if (hdr->type == NSRP_MSG_DATA)
		sync->ack_due = true;
	if (sync->ack_due)
		nsrp_sync_kick(sync, false);
	return NSRP_RX_OK;
}

/* Step 3: the MAC, in constant time. */
static enum nsrp_rx_reason nsrp_rx_verify(struct nsrp_sync *sync, const struct nsrp_frame *f,
					  const u8 *frame)
{
	struct nsrp_sync_key *key = rcu_dereference(sync->key);
	u8 mac[NSRP_MAC_LEN];

	if (!key)
		return f->mac ? NSRP_RX_BAD_MAC : NSRP_RX_OK;
	if (!f->mac)
		return NSRP_RX_NO_MAC;
	if (nsrp_sync_mac(key, frame, f->auth_len, mac) ||
	    crypto_memneq(mac, f->mac, NSRP_MAC_LEN))
		return NSRP_RX_BAD_MAC;
	return NSRP_RX_OK;
}

int nsrp_sync_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt,
		  struct net_device *orig_dev)
{
	struct nsrp_sync *sync = container_of(pt, struct nsrp_sync, ptype);
	struct nsrp_net *nn = sync->nn;
	enum nsrp_rx_reason r;
	struct nsrp_frame f;
	unsigned int len;

	BUILD_BUG_ON(NSRP_STAT_SYNC_DROP_LATE - NSRP_STAT_SYNC_DROP_TRUNCATED !=
		     NSRP_RX_LATE - NSRP_RX_TRUNCATED);

	/*
	 * Another host's unicast seen in promiscuous mode is not for us, and
	 * a disabled node keeps no copies: nothing would age them out.
	 */
	if (skb->pkt_type == PACKET_OTHERHOST || !READ_ONCE(nn->enabled))
		goto drop;
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (!skb)
		return NET_RX_DROP;
	if (skb_linearize(skb))
		goto drop;
	len = skb->len;

	r = nsrp_frame_parse(skb->data, len, &f);
	if (!r)
		r = nsrp_frame_check_sender(&f.hdr, READ_ONCE(sync->cluster_id),
					    READ_ONCE(sync->node_id));
	if (!r)
		r = nsrp_rx_verify(sync, &f, skb->data);
	if (!r) {
		spin_lock(&sync->rx_lock);
		r = nsrp_rx_frame(sync, &f, eth_hdr(skb)->h_source);
		spin_unlock(&sync->rx_lock);
	}
	if (r) {
		nsrp_stat_inc(nn, NSRP_STAT_SYNC_DROP_TRUNCATED + (r - NSRP_RX_TRUNCATED));
		goto drop;
	}
	nsrp_stat_inc(nn, NSRP_STAT_SYNC_RX_FRAMES);
	nsrp_stat_add(nn, NSRP_STAT_SYNC_RX_BYTES, f.hdr.length);
	consume_skb(skb);
	return NET_RX_SUCCESS;
drop:
	kfree_skb(skb);
	return NET_RX_DROP;
}
