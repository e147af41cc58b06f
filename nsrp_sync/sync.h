/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Replication, per network namespace. Each node sends the peer the sessions
 * it owns and keeps copies of the peer's; see docs/protocol.md for the
 * protocol and proto.h for the wire format.
 *
 * Where things run:
 *
 *  - Events from the table (a session created, changed, removed) arrive in
 *    any context and only queue the session's key in the DATA ring, once
 *    per session while queued (NSRP_SF_QUEUED). Control records (ageout-ack
 *    queries and answers, bulk requests, hellos) go to the control ring.
 *  - A short flush timer, or a full frame's worth queued, runs the sender
 *    (tx_work, process context): it reads each queued session's current
 *    state, packs records into frames of the HA link's MTU, signs and
 *    transmits them. Sent DATA entries stay in the ring as history, so that
 *    a NACKed frame is rebuilt from the sessions' state now.
 *  - Frames arrive in the packet handler (softirq): checked by the codec,
 *    the sender, the MAC and the replay window, then applied in order under
 *    rx_lock, with bounded work per frame.
 *  - A 100 ms tick (process context) sends hellos, re-sends ACKs while gaps
 *    remain and retries a bulk request; bulk syncs are walked by work items.
 *
 * Locks, outermost first: conf_mutex (nsrp_net, configuration), rx_lock,
 * tx_lock, a session's lock. tx_lock and rx_lock are taken with BHs off
 * outside the packet handler.
 */

#ifndef _NSRP_SYNC_SYNC_H
#define _NSRP_SYNC_SYNC_H

#include <linux/hrtimer.h>
#include <linux/if_ether.h>
#include <linux/netdevice.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "nsrp_core/session.h"
#include "nsrp_core/sync_api.h"
#include "nsrp_sync/codec.h"
#include "nsrp_sync/window.h"

struct nsrp_net;
struct nsrp_sync_cfg;
struct crypto_shash;

#define NSRP_SYNC_DEFAULT_MULTIPLIER 8
#define NSRP_SYNC_DEFAULT_FLUSH_MS 10
#define NSRP_SYNC_DEFAULT_CLUSTER 1

/* A queued DATA record. */
enum nsrp_entry_kind {
	NSRP_ENT_UPSERT,	/* the session's state now, whatever it is */
	NSRP_ENT_CLOSE,		/* the session was closed here */
	NSRP_ENT_RESEND,	/* NACKed: its state now, UPSERT, HANDOVER or CLOSE */
	NSRP_ENT_BULK_END,
	NSRP_ENT_HANDOVER,	/* stepping down: give the session to the peer */
};

struct nsrp_entry {
	union {
		struct nsrp_key key;
		struct {
			u32 request_id;
			u32 sessions;
		} bulk;
	};
	u8 kind;		/* enum nsrp_entry_kind */
	u8 bulk_sync;		/* part of a bulk sync (for counting) */
};

/* A frame sent: which ring entries it carried, to rebuild it on NACK. */
struct nsrp_frame_meta {
	u32 seq;
	u32 start;		/* ring position of its first entry */
	u16 count;		/* entries; 0 for CONTROL */
	u8 resent;
};

#define NSRP_RING_SIZE		32768U	/* DATA entries, sent and history */
#define NSRP_CTRL_SIZE		1024U	/* control records waiting */
#define NSRP_META_SIZE		NSRP_WIN_BITS
#define NSRP_CKPT_SIZE		8

/*
 * A sent ACK that NACKed gaps: once the peer acknowledges the frame that
 * carried it, it has resent what those gaps held, and they are done.
 */
struct nsrp_ckpt {
	u32 seq;		/* our frame that carried the NACKs */
	u32 upto;		/* the peer's sequence numbers it accounted for */
};

struct nsrp_sync_key {
	struct crypto_shash *tfm;	/* hmac(sha256), keyed */
	struct rcu_head rcu;
};

struct nsrp_sync {
	struct nsrp_net *nn;

	/* Configuration, under nn->conf_mutex; read with READ_ONCE. */
	struct net_device *dev;		/* the HA link, held; NULL: none */
	netdevice_tracker dev_tracker;
	u16 ethertype;
	u16 cluster_id;
	u16 node_id_cfg;		/* 0: from the link's MAC */
	u16 node_id;			/* in use */
	u8 multiplier;
	bool age_ack_cfg;
	u32 flush_ms;
	struct nsrp_sync_key __rcu *key;
	bool active;			/* bound and running; under tx_lock too */
	struct packet_type ptype;

	/* Sending: tx_lock, except what only tx_work touches. */
	spinlock_t tx_lock;
	struct nsrp_entry *ring;	/* NSRP_RING_SIZE */
	u32 head;			/* next free position */
	u32 sent;			/* first position not sent yet */
	u32 tail;			/* oldest history kept */
	struct nsrp_rec *ctrl;		/* NSRP_CTRL_SIZE */
	u32 ctrl_head, ctrl_tail;
	struct nsrp_frame_meta *meta;	/* NSRP_META_SIZE, by sequence */
	bool flush_armed;
	bool resync;			/* start a new epoch: the peer resyncs */
	u32 epoch;			/* ours */
	u32 seq;			/* our last frame's; tx_work only */
	u8 peer_mac[ETH_ALEN];		/* unicast once heard; broadcast before */
	struct hrtimer flush_timer;
	struct work_struct tx_work;
	u8 *frame;			/* tx_work's buffer, frame_size octets */
	unsigned int frame_size;
	struct nsrp_entry *scratch;	/* tx_work's copy of a frame's entries */
	unsigned int scratch_n;

	/* Receiving: rx_lock. */
	spinlock_t rx_lock;
	struct nsrp_seqwin win;		/* over the peer's current epoch */
	bool peer_known;
	u16 peer_node;
	u32 peer_epoch;
	unsigned long peer_seen;	/* jiffies of its last accepted frame */
	bool ack_due;			/* the peer awaits an ACK */
	struct nsrp_ckpt ckpt[NSRP_CKPT_SIZE];
	unsigned int ckpt_next;
	bool link_up;

	/* Bulk sync into this node (rx_lock). */
	u8 bulk_state;			/* enum nsrp_sync_state */
	u32 bulk_id;			/* the request outstanding */
	unsigned long bulk_asked;	/* jiffies */
	unsigned long last_upsert;	/* jiffies of the peer's last UPSERT */
	struct work_struct bulk_req_work;
	struct work_struct sweep_work;

	/* Bulk sync to the peer (serve_work only, but serve_id under rx_lock). */
	u32 serve_id;			/* request to answer, 0: none */
	u32 serving_id;
	u32 serve_count;
	bool serve_iter_active;
	struct rhashtable_iter serve_iter;
	struct delayed_work serve_work;

	struct delayed_work tick;

	/*
	 * Roles (ha.c). Settings and role under ha_lock (a mutex taken inside
	 * conf_mutex, by ha_work and by netlink), read locklessly with
	 * READ_ONCE; the peer's hello under rx_lock.
	 */
	struct mutex ha_lock;
	u8 mode;			/* enum nsrp_mode */
	u8 manual_role;			/* manual mode: the role set */
	u8 role;			/* enum nsrp_role, now */
	u8 role_reason;			/* enum nsrp_role_reason of the last change */
	u8 priority;
	u8 dead_count;
	bool preempt;
	bool claiming;			/* took the role from a live primary */
	bool yielding;			/* planned failover: asked the peer to take over */
	bool was_alive;			/* the peer was alive at the last step */
	bool handing_over;		/* the walk giving our sessions is running */
	u32 hello_ms;
	u32 hold_down_ms;
	unsigned long role_since;	/* jiffies */
	unsigned long bound_at;		/* jiffies */
	unsigned long synced_at;	/* jiffies the bulk sync was done, 0: not */
	unsigned long yield_until;	/* jiffies */
	unsigned long last_hello;	/* jiffies */
	struct delayed_work ha_work;
	struct timer_list dead_timer;
	struct rhashtable_iter ho_iter;
	bool ho_iter_active;
	struct delayed_work ho_work;

	/* The peer's last hello and what came of it (rx_lock). */
	u8 peer_role;			/* 0: no hello heard */
	u8 peer_priority;
	u8 peer_flags;			/* NSRP_HELLO_F_* */
	u16 peer_interval_ms;
	bool peer_lost;			/* declared dead or link bounced: resync on return */
	bool peer_up_event;		/* PEER_UP to report */
	bool bulk_end_event;		/* BULK_END to report */
	u32 bulk_sessions;		/* UPSERTs of the bulk sync in progress */
	unsigned long bulk_started;	/* jiffies */

	/* ageout-ack answers since the last AGEOUT event */
	atomic_t age_kept, age_shortened, age_removed;
	unsigned long age_event_at;	/* jiffies of the last one */
};

static inline u32 nsrp_ring_used(const struct nsrp_sync *sync)
{
	return sync->head - sync->tail;
}

/* netns.c */
extern struct workqueue_struct *nsrp_sync_wq;
struct nsrp_sync *nsrp_sync_of(struct nsrp_net *nn);

/* send.c */
int nsrp_sync_tx_alloc(struct nsrp_sync *sync);
void nsrp_sync_tx_free(struct nsrp_sync *sync);
void nsrp_sync_tx_setup(struct nsrp_sync *sync);
void nsrp_sync_tx_start(struct nsrp_sync *sync);
void nsrp_sync_tx_stop(struct nsrp_sync *sync);
bool nsrp_sync_queue(struct nsrp_sync *sync, const struct nsrp_entry *e);
bool nsrp_sync_queue_control(struct nsrp_sync *sync, const struct nsrp_rec *rec);
void nsrp_sync_kick(struct nsrp_sync *sync, bool now);
void nsrp_sync_resend(struct nsrp_sync *sync, u32 first, u32 count);
void nsrp_sync_request_resync(struct nsrp_sync *sync);
void nsrp_sync_epoch_floor(struct nsrp_sync *sync, u32 epoch);
void nsrp_sync_event(struct nsrp_net *nn, const struct nsrp_session *s,
		     enum nsrp_sync_event ev, int reason);

/* receive.c */
int nsrp_sync_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt,
		  struct net_device *orig_dev);
void nsrp_sync_install(struct nsrp_sync *sync, const struct nsrp_key *key,
		       const struct nsrp_rec_sess *rs, u32 lifetime);
void nsrp_sync_peer_reset(struct nsrp_sync *sync);

/* ha.c */
void nsrp_ha_setup(struct nsrp_sync *sync);
void nsrp_ha_start(struct nsrp_sync *sync);
void nsrp_ha_stop(struct nsrp_sync *sync);
void nsrp_ha_rx_hello(struct nsrp_sync *sync, const struct nsrp_rec_hello *h);
void nsrp_ha_peer_seen(struct nsrp_sync *sync);
void nsrp_ha_kick(struct nsrp_sync *sync);
bool nsrp_ha_peer_alive(const struct nsrp_sync *sync);
void nsrp_ha_tick(struct nsrp_sync *sync);
void nsrp_ha_configure(struct nsrp_sync *sync, const struct nsrp_sync_cfg *cfg);

/* bulk.c */
u32 nsrp_sync_room(struct nsrp_sync *sync);
void nsrp_sync_bulk_setup(struct nsrp_sync *sync);
void nsrp_sync_bulk_stop(struct nsrp_sync *sync);
void nsrp_sync_bulk_ask(struct nsrp_sync *sync);
void nsrp_sync_bulk_serve(struct nsrp_sync *sync, u32 request_id);
void nsrp_sync_bulk_end(struct nsrp_sync *sync, const struct nsrp_rec_bulk *end);
void nsrp_sync_bulk_tick(struct nsrp_sync *sync);

/* ageout.c */
void nsrp_sync_age_due(struct nsrp_net *nn, struct nsrp_session *s);
void nsrp_sync_age_answer(struct nsrp_sync *sync, const struct nsrp_rec_sess *q);
void nsrp_sync_age_apply(struct nsrp_sync *sync, const struct nsrp_rec_sess *a);

/* auth.c */
int nsrp_sync_key_new(const u8 *secret, unsigned int len, struct nsrp_sync_key **out);
void nsrp_sync_key_free(struct nsrp_sync_key *key);
int nsrp_sync_mac(const struct nsrp_sync_key *key, const u8 *data, unsigned int len,
		  u8 *mac);

/* record.c */
void nsrp_rec_key_from_key(struct nsrp_rec_key *rk, const struct nsrp_key *key);
void nsrp_key_from_rec_key(struct nsrp_key *key, const struct nsrp_rec_key *rk);
void nsrp_rec_sess_from_info(struct nsrp_rec_sess *rs, const struct nsrp_key *key,
			     const struct nsrp_session_info *info, u32 now);

#endif /* _NSRP_SYNC_SYNC_H */
