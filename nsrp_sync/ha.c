// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Roles: hellos, the peer's death, the role decision (role.c) and what a
 * change of role does to the table.
 *
 *  - Hellos go out every hello interval, and at once when the role or what
 *    the peer must know changes. Any accepted frame of the peer proves it
 *    alive; it is dead after dead-count of its announced intervals without
 *    one. A timer armed on every frame makes that moment precise, not a
 *    multiple of some tick.
 *  - ha_work (process context, ha_lock) runs the decision whenever anything
 *    it depends on may have changed and acts on the answer:
 *     - becoming primary while the peer is dead, or being primary when it
 *       dies, takes its sessions over: every copy becomes ours in place
 *       (nsrp_peer_adopt_all()), the packet path sees the same entries;
 *     - stepping down from primary while the peer lives gives it every
 *       session we own: a paced walk queues HANDOVER records, and each
 *       session becomes the peer's copy as its record is built;
 *     - becoming primary in place of a live primary sets CLAIM in our
 *       hellos until the peer is seen to concede.
 *  - Every change is an event on the "events" multicast group.
 *
 * Lock order: conf_mutex, ha_lock, rx_lock, tx_lock. ha_work and ho_work
 * never take conf_mutex, so unbinding under it can cancel them.
 */

#include <linux/jiffies.h>
#include <linux/rhashtable.h>
#include <linux/timer.h>
#include <linux/nsrp.h>

#include "nsrp_core/netns.h"
#include "nsrp_core/sync_api.h"
#include "nsrp_core/timeout.h"
#include "nsrp_netlink/event.h"
#include "nsrp_sync/config.h"
#include "nsrp_sync/role.h"
#include "nsrp_sync/sync.h"

#define NSRP_HA_HELLO_MS	1000
#define NSRP_HA_DEAD_COUNT	3
#define NSRP_HA_PRIORITY	100
#define NSRP_HA_HOLD_DOWN_MS	3000

/* A planned failover the peer did not take within this is called off. */
#define NSRP_YIELD_TIME		(5 * HZ)

/* Sessions one run of the handover walk queues before it yields. */
#define NSRP_HO_BATCH		4096

static const char * const nsrp_role_names[] = {
	[NSRP_ROLE_INIT] = "init",
	[NSRP_ROLE_BACKUP] = "backup",
	[NSRP_ROLE_PRIMARY] = "primary",
};

static const char *nsrp_role_name(u8 role)
{
	return role < ARRAY_SIZE(nsrp_role_names) && nsrp_role_names[role] ?
	       nsrp_role_names[role] : "?";
}

/* How long the peer may be silent: dead-count of its own intervals. */
static unsigned long nsrp_ha_dead_time(const struct nsrp_sync *sync)
{
	u32 ival = READ_ONCE(sync->peer_interval_ms) ?: READ_ONCE(sync->hello_ms);

	return msecs_to_jiffies(ival * READ_ONCE(sync->dead_count));
}

/* Under rx_lock, or a racy read for display. */
bool nsrp_ha_peer_alive(const struct nsrp_sync *sync)
{
	return sync->peer_known &&
	       time_before(jiffies, sync->peer_seen + nsrp_ha_dead_time(sync));
}

void nsrp_ha_kick(struct nsrp_sync *sync)
{
	if (READ_ONCE(sync->active))
		mod_delayed_work(nsrp_sync_wq, &sync->ha_work, 0);
}

/* Under rx_lock: a frame of the peer was accepted. */
void nsrp_ha_peer_seen(struct nsrp_sync *sync)
{
	/* One jiffy late, so that the peer is past its dead time when it fires. */
	mod_timer(&sync->dead_timer, sync->peer_seen + nsrp_ha_dead_time(sync) + 1);
}

static void nsrp_ha_dead_timer(struct timer_list *t)
{
	struct nsrp_sync *sync = from_timer(sync, t, dead_timer);

	nsrp_ha_kick(sync);
}

/* Under rx_lock: the peer's hello. What changed is decided on in ha_work. */
void nsrp_ha_rx_hello(struct nsrp_sync *sync, const struct nsrp_rec_hello *h)
{
	bool changed = h->role != sync->peer_role || h->priority != sync->peer_priority ||
		       h->flags != sync->peer_flags;

	sync->peer_role = h->role == NSRP_WIRE_ROLE_INELIGIBLE ? NSRP_ROLE_BACKUP : h->role;
	sync->peer_priority = h->priority;
	sync->peer_flags = h->flags;
	sync->peer_interval_ms = h->interval_ms;
	if (changed)
		nsrp_ha_kick(sync);
}

static void nsrp_ha_send_hello(struct nsrp_sync *sync, bool synced)
{
	struct nsrp_rec rec = { .type = NSRP_REC_HELLO };

	rec.hello.role = sync->role;
	rec.hello.priority = sync->priority;
	rec.hello.interval_ms = sync->hello_ms;
	rec.hello.lost_threshold = sync->dead_count;
	rec.hello.flags = (sync->preempt ? NSRP_HELLO_F_PREEMPT : 0) |
			  (synced ? NSRP_HELLO_F_SYNCED : 0) |
			  (sync->claiming ? NSRP_HELLO_F_CLAIM : 0) |
			  (sync->yielding ? NSRP_HELLO_F_YIELD : 0);
	spin_lock_bh(&sync->rx_lock);
	rec.hello.peer_epoch = sync->peer_known ? sync->peer_epoch : 0;
	spin_unlock_bh(&sync->rx_lock);
	if (nsrp_sync_queue_control(sync, &rec))
		nsrp_sync_kick(sync, true);
	sync->last_hello = jiffies;
}

/* The handover walk: every session we own goes to the peer, paced. */
static void nsrp_ha_ho_work(struct work_struct *work)
{
	struct nsrp_sync *sync = container_of(to_delayed_work(work), struct nsrp_sync, ho_work);
	struct nsrp_entry e = { .kind = NSRP_ENT_HANDOVER };
	u32 room, now = nsrp_now();
	unsigned int batch = 0;
	struct nsrp_session *s;

	if (!READ_ONCE(sync->active) || !sync->ho_iter_active)
		return;
	room = nsrp_sync_room(sync);
	rhashtable_walk_start(&sync->ho_iter);
	for (;;) {
		if (!room || batch == NSRP_HO_BATCH) {
			rhashtable_walk_stop(&sync->ho_iter);
			queue_delayed_work(nsrp_sync_wq, &sync->ho_work, room ? 0 : 1);
			return;
		}
		s = rhashtable_walk_next(&sync->ho_iter);
		if (!s)
			break;
		if (IS_ERR(s))
			continue;	/* -EAGAIN: a resize; some may come twice */
		if ((READ_ONCE(s->flags) & (NSRP_SF_OWNER_PEER | NSRP_SF_DYING)) ||
		    nsrp_session_expired(s, now))
			continue;
		e.key = s->key;
		if (!nsrp_sync_queue(sync, &e))
			break;	/* stopped, or the peer resyncs from us anyway */
		batch++;
		room--;
	}
	rhashtable_walk_stop(&sync->ho_iter);
	rhashtable_walk_exit(&sync->ho_iter);
	sync->ho_iter_active = false;
}

static void nsrp_ha_ho_stop(struct nsrp_sync *sync)
{
	cancel_delayed_work_sync(&sync->ho_work);
	if (sync->ho_iter_active)
		rhashtable_walk_exit(&sync->ho_iter);
	sync->ho_iter_active = false;
}

/* Under ha_lock. */
static void nsrp_ha_ho_start(struct nsrp_sync *sync)
{
	nsrp_ha_ho_stop(sync);
	rhashtable_walk_enter(&sync->nn->table, &sync->ho_iter);
	sync->ho_iter_active = true;
	queue_delayed_work(nsrp_sync_wq, &sync->ho_work, 0);
}

static void nsrp_ha_event(struct nsrp_sync *sync, struct nsrp_event *ev)
{
	nsrp_nl_event(sync->nn->net, ev);
}

/*
 * Under ha_lock: take @role for @reason. @alive: the peer is alive, and
 * @peer_primary: it says it is primary.
 */
static void nsrp_ha_set_role(struct nsrp_sync *sync, u8 role, u8 reason, bool alive,
			     bool peer_primary)
{
	struct nsrp_net *nn = sync->nn;
	struct nsrp_event ev = {
		.type = NSRP_EVENT_ROLE,
		.has = NSRP_EVF_ROLE,
		.role = role,
		.old_role = sync->role,
		.reason = reason,
	};

	if (role == sync->role)
		return;
	WRITE_ONCE(sync->role, role);
	WRITE_ONCE(sync->role_reason, reason);
	sync->role_since = jiffies;
	if (sync->mode == NSRP_MODE_MANUAL && role != NSRP_ROLE_INIT)
		WRITE_ONCE(sync->manual_role, role);
	nsrp_stat_inc(nn, NSRP_STAT_HA_ROLE_CHANGES);

	if (role == NSRP_ROLE_PRIMARY) {
		sync->yielding = false;
		nsrp_ha_ho_stop(sync);
		if (!alive) {
			ev.sessions = nsrp_peer_adopt_all(nn);
			ev.has |= NSRP_EVF_SESSIONS;
			nsrp_stat_add(nn, NSRP_STAT_HA_TAKEN_OVER, ev.sessions);
		}
		sync->claiming = alive && peer_primary;
	} else {
		sync->claiming = false;
		sync->yielding = false;
		if (ev.old_role == NSRP_ROLE_PRIMARY && alive && sync->dev) {
			ev.sessions = atomic_read(&nn->count) - atomic_read(&nn->count_peer);
			ev.has |= NSRP_EVF_SESSIONS;
			nsrp_ha_ho_start(sync);
		}
	}
	if (sync->peer_known) {
		ev.peer_node = sync->peer_node;
		ev.has |= NSRP_EVF_PEER;
	}
	pr_info("role %s -> %s (reason %u)\n", nsrp_role_name(ev.old_role),
		nsrp_role_name(role), reason);
	nsrp_ha_event(sync, &ev);
}

/* Under ha_lock: one step of the machine. True if the peer must hear from us. */
static bool nsrp_ha_step(struct nsrp_sync *sync)
{
	struct nsrp_role_view v = {};
	struct nsrp_event ev = {};
	unsigned long now = jiffies, seen, base;
	bool died = false, up_ev, end_ev, peer_primary;
	u8 old_role = sync->role, role, reason;
	u32 bulk_n = 0, bulk_ms = 0;
	u16 peer_node;

	spin_lock_bh(&sync->rx_lock);
	v.peer_alive = nsrp_ha_peer_alive(sync);
	if (!v.peer_alive && sync->was_alive) {
		/* Dead: what it sends next starts over, bulk sync included. */
		died = true;
		sync->peer_lost = true;
		sync->bulk_state = NSRP_SYNC_NONE;
		sync->peer_role = 0;
		sync->peer_flags = 0;
	}
	v.peer_role = sync->peer_role;
	v.peer_priority = sync->peer_priority;
	v.peer_node = sync->peer_node;
	v.peer_claims = sync->peer_flags & NSRP_HELLO_F_CLAIM;
	v.peer_yields = sync->peer_flags & NSRP_HELLO_F_YIELD;
	v.synced = sync->bulk_state == NSRP_SYNC_DONE;
	seen = sync->peer_seen;
	peer_node = sync->peer_node;
	up_ev = sync->peer_up_event;
	sync->peer_up_event = false;
	end_ev = sync->bulk_end_event;
	sync->bulk_end_event = false;
	if (end_ev) {
		bulk_n = sync->bulk_sessions;
		bulk_ms = jiffies_to_msecs(now - sync->bulk_started);
	}
	spin_unlock_bh(&sync->rx_lock);
	sync->was_alive = v.peer_alive;
	peer_primary = v.peer_role == NSRP_ROLE_PRIMARY;

	if (up_ev) {
		ev = (struct nsrp_event){ .type = NSRP_EVENT_PEER_UP, .has = NSRP_EVF_PEER,
					  .peer_node = peer_node };
		nsrp_ha_event(sync, &ev);
	}
	if (died) {
		ev = (struct nsrp_event){ .type = NSRP_EVENT_PEER_DOWN,
					  .has = NSRP_EVF_PEER | NSRP_EVF_MS,
					  .peer_node = peer_node,
					  .ms = jiffies_to_msecs(now - seen) };
		nsrp_stat_inc(sync->nn, NSRP_STAT_HA_PEER_DEATHS);
		sync->claiming = false;
		sync->yielding = false;
		nsrp_ha_ho_stop(sync);
		/* A primary outliving its peer serves the peer's sessions too. */
		if (sync->role == NSRP_ROLE_PRIMARY) {
			ev.sessions = nsrp_peer_adopt_all(sync->nn);
			ev.has |= NSRP_EVF_SESSIONS;
			nsrp_stat_add(sync->nn, NSRP_STAT_HA_TAKEN_OVER, ev.sessions);
		}
		pr_info("peer %u down, silent for %u ms\n", peer_node, ev.ms);
		nsrp_ha_event(sync, &ev);
	}
	if (end_ev) {
		ev = (struct nsrp_event){ .type = NSRP_EVENT_BULK_END,
					  .has = NSRP_EVF_SESSIONS | NSRP_EVF_MS,
					  .sessions = bulk_n, .ms = bulk_ms };
		nsrp_ha_event(sync, &ev);
	}

	/* The peer conceded, or a failover was not taken up. */
	if (sync->claiming && v.peer_alive && v.peer_role && !peer_primary)
		sync->claiming = false;
	if (sync->yielding && time_after(now, sync->yield_until))
		sync->yielding = false;
	if (!v.synced)
		sync->synced_at = 0;
	else if (!sync->synced_at)
		sync->synced_at = now;

	v.mode = sync->mode;
	v.role = sync->role;
	v.priority = sync->priority;
	v.node_id = sync->node_id;
	v.preempt = sync->preempt;
	v.claiming = sync->claiming;
	v.started = time_after_eq(now, sync->bound_at +
				  msecs_to_jiffies(sync->hello_ms * sync->dead_count));
	base = time_after(sync->synced_at, sync->role_since) ? sync->synced_at : sync->role_since;
	v.hold_done = sync->synced_at &&
		      time_after_eq(now, base + msecs_to_jiffies(sync->hold_down_ms));

	/* Manual mode back from disabled: the role set. */
	if (sync->mode == NSRP_MODE_MANUAL && sync->role == NSRP_ROLE_INIT)
		nsrp_ha_set_role(sync, sync->manual_role, NSRP_REASON_CONFIG, v.peer_alive,
				 peer_primary);
	v.role = sync->role;
	v.claiming = sync->claiming;
	role = nsrp_role_decide(&v, &reason);
	if (role == NSRP_ROLE_BACKUP && reason == NSRP_REASON_PEER_CLAIM && sync->yielding)
		reason = NSRP_REASON_FAILOVER;	/* the peer took what we offered */
	if (role != sync->role)
		nsrp_ha_set_role(sync, role, reason, v.peer_alive, peer_primary);
	return sync->role != old_role || up_ev || end_ev;
}

/*
 * Under ha_lock. A disabled node has no table (disabling emptied it): it
 * serves nothing, so it holds no role and stays silent, and the peer takes
 * over as from a dead node. Enabled again, it starts over: listens, hears
 * the peer, syncs its table in bulk.
 */
static void nsrp_ha_disabled(struct nsrp_sync *sync)
{
	spin_lock_bh(&sync->rx_lock);
	sync->peer_lost = true;
	sync->bulk_state = NSRP_SYNC_NONE;
	spin_unlock_bh(&sync->rx_lock);
	nsrp_ha_set_role(sync, NSRP_ROLE_INIT, NSRP_REASON_CONFIG, false, false);
	sync->was_alive = false;
	sync->bound_at = jiffies;
}

static void nsrp_ha_work(struct work_struct *work)
{
	struct nsrp_sync *sync = container_of(to_delayed_work(work), struct nsrp_sync, ha_work);
	unsigned long next;
	bool now, synced;

	if (!READ_ONCE(sync->active))
		return;
	mutex_lock(&sync->ha_lock);
	if (!READ_ONCE(sync->nn->enabled)) {
		nsrp_ha_disabled(sync);
		mutex_unlock(&sync->ha_lock);
		queue_delayed_work(nsrp_sync_wq, &sync->ha_work,
				   msecs_to_jiffies(sync->hello_ms));
		return;
	}
	now = nsrp_ha_step(sync);
	if (now || time_after_eq(jiffies, sync->last_hello + msecs_to_jiffies(sync->hello_ms))) {
		spin_lock_bh(&sync->rx_lock);
		synced = sync->bulk_state == NSRP_SYNC_DONE;
		spin_unlock_bh(&sync->rx_lock);
		nsrp_ha_send_hello(sync, synced);
	}
	next = sync->last_hello + msecs_to_jiffies(sync->hello_ms);
	mutex_unlock(&sync->ha_lock);
	queue_delayed_work(nsrp_sync_wq, &sync->ha_work,
			   time_after(next, jiffies) ? next - jiffies : 0);
}

/* From the tick, every 100 ms: the ageout-ack answers of the last second. */
void nsrp_ha_tick(struct nsrp_sync *sync)
{
	struct nsrp_event ev = { .type = NSRP_EVENT_AGEOUT, .has = NSRP_EVF_AGEOUT };
	unsigned long now = jiffies;

	if (time_before(now, sync->age_event_at + HZ))
		return;
	if (!atomic_read(&sync->age_kept) && !atomic_read(&sync->age_shortened) &&
	    !atomic_read(&sync->age_removed))
		return;
	sync->age_event_at = now;
	ev.kept = atomic_xchg(&sync->age_kept, 0);
	ev.shortened = atomic_xchg(&sync->age_shortened, 0);
	ev.removed = atomic_xchg(&sync->age_removed, 0);
	nsrp_ha_event(sync, &ev);
}

/* Bound to the HA link (conf_mutex): listen before choosing a role. */
void nsrp_ha_start(struct nsrp_sync *sync)
{
	mutex_lock(&sync->ha_lock);
	sync->bound_at = jiffies;
	sync->role_since = jiffies;
	sync->synced_at = 0;
	sync->claiming = false;
	sync->yielding = false;
	sync->was_alive = false;
	sync->last_hello = jiffies - msecs_to_jiffies(sync->hello_ms);
	WRITE_ONCE(sync->role, sync->mode == NSRP_MODE_MANUAL ? sync->manual_role : NSRP_ROLE_INIT);
	WRITE_ONCE(sync->role_reason, NSRP_REASON_LINK);
	mutex_unlock(&sync->ha_lock);
	queue_delayed_work(nsrp_sync_wq, &sync->ha_work, 0);
}

/* After the receiver and the sender stopped (conf_mutex). */
void nsrp_ha_stop(struct nsrp_sync *sync)
{
	del_timer_sync(&sync->dead_timer);
	cancel_delayed_work_sync(&sync->ha_work);
	mutex_lock(&sync->ha_lock);
	nsrp_ha_ho_stop(sync);
	sync->claiming = false;
	sync->yielding = false;
	WRITE_ONCE(sync->role, sync->mode == NSRP_MODE_MANUAL ? sync->manual_role : NSRP_ROLE_INIT);
	WRITE_ONCE(sync->role_reason, NSRP_REASON_LINK);
	sync->role_since = jiffies;
	mutex_unlock(&sync->ha_lock);
}

void nsrp_ha_setup(struct nsrp_sync *sync)
{
	mutex_init(&sync->ha_lock);
	sync->mode = NSRP_MODE_AUTO;
	sync->manual_role = NSRP_ROLE_BACKUP;
	sync->role = NSRP_ROLE_INIT;
	sync->priority = NSRP_HA_PRIORITY;
	sync->dead_count = NSRP_HA_DEAD_COUNT;
	sync->hello_ms = NSRP_HA_HELLO_MS;
	sync->hold_down_ms = NSRP_HA_HOLD_DOWN_MS;
	sync->role_since = jiffies;
	INIT_DELAYED_WORK(&sync->ha_work, nsrp_ha_work);
	INIT_DELAYED_WORK(&sync->ho_work, nsrp_ha_ho_work);
	timer_setup(&sync->dead_timer, nsrp_ha_dead_timer, 0);
	atomic_set(&sync->age_kept, 0);
	atomic_set(&sync->age_shortened, 0);
	atomic_set(&sync->age_removed, 0);
}

/*
 * The role settings of a SET (conf_mutex held), after nsrp_sync_ha_check()
 * accepted them: they cannot fail.
 */
void nsrp_ha_configure(struct nsrp_sync *sync, const struct nsrp_sync_cfg *cfg)
{
	bool alive, peer_primary, kick = false;

	mutex_lock(&sync->ha_lock);
	if (cfg->priority >= 0)
		WRITE_ONCE(sync->priority, cfg->priority);
	if (cfg->preempt >= 0)
		WRITE_ONCE(sync->preempt, cfg->preempt);
	if (cfg->hello_ms >= 0)
		WRITE_ONCE(sync->hello_ms, cfg->hello_ms);
	if (cfg->dead_count >= 0)
		WRITE_ONCE(sync->dead_count, cfg->dead_count);
	if (cfg->hold_down_ms >= 0)
		WRITE_ONCE(sync->hold_down_ms, cfg->hold_down_ms);
	if (cfg->mode >= 0 && cfg->mode != sync->mode) {
		WRITE_ONCE(sync->mode, cfg->mode);
		/* Manual keeps the role the node has; auto decides afresh. */
		if (cfg->mode == NSRP_MODE_MANUAL && sync->role != NSRP_ROLE_INIT)
			WRITE_ONCE(sync->manual_role, sync->role);
		kick = true;
	}
	if (cfg->role >= 0)
		WRITE_ONCE(sync->manual_role, cfg->role);
	if (sync->mode == NSRP_MODE_MANUAL && sync->manual_role != sync->role) {
		if (sync->dev) {
			spin_lock_bh(&sync->rx_lock);
			alive = nsrp_ha_peer_alive(sync);
			peer_primary = sync->peer_role == NSRP_ROLE_PRIMARY;
			spin_unlock_bh(&sync->rx_lock);
			nsrp_ha_set_role(sync, sync->manual_role, NSRP_REASON_CONFIG, alive,
					 peer_primary);
		} else {
			WRITE_ONCE(sync->role, sync->manual_role);
			WRITE_ONCE(sync->role_reason, NSRP_REASON_CONFIG);
			sync->role_since = jiffies;
		}
		kick = true;
	} else if (sync->mode == NSRP_MODE_AUTO && !sync->dev) {
		WRITE_ONCE(sync->role, NSRP_ROLE_INIT);
	}
	kick |= cfg->priority >= 0 || cfg->preempt >= 0 || cfg->hello_ms >= 0 ||
		cfg->dead_count >= 0;
	mutex_unlock(&sync->ha_lock);
	if (kick && sync->dev)
		nsrp_ha_kick(sync);
}

int nsrp_sync_failover(struct nsrp_net *nn, struct netlink_ext_ack *extack)
{
	struct nsrp_sync *sync = nsrp_sync_of(nn);
	bool alive, synced;
	int ret = 0;

	lockdep_assert_held(&nn->conf_mutex);
	mutex_lock(&sync->ha_lock);
	spin_lock_bh(&sync->rx_lock);
	alive = sync->dev && nsrp_ha_peer_alive(sync);
	synced = sync->peer_flags & NSRP_HELLO_F_SYNCED;
	spin_unlock_bh(&sync->rx_lock);
	if (sync->role != NSRP_ROLE_PRIMARY) {
		NL_SET_ERR_MSG(extack, "this node is not primary");
		ret = -EOPNOTSUPP;
	} else if (!alive) {
		NL_SET_ERR_MSG(extack, "no live peer to fail over to");
		ret = -EHOSTUNREACH;
	} else if (!synced) {
		NL_SET_ERR_MSG(extack, "the peer does not hold this node's sessions yet");
		ret = -EAGAIN;
	} else {
		sync->yielding = true;
		sync->yield_until = jiffies + NSRP_YIELD_TIME;
		nsrp_stat_inc(nn, NSRP_STAT_HA_FAILOVERS);
	}
	mutex_unlock(&sync->ha_lock);
	if (!ret)
		nsrp_ha_kick(sync);
	return ret;
}
