/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Who is primary: the decision, as a pure function of what this node knows
 * of itself and of its peer's last hello, so that KUnit can walk every case
 * (nsrp_sync/tests/role_kunit.c). ha.c gathers the view, acts on the answer
 * (takeover, step-down, events) and sends the hellos.
 *
 * The rules, in docs/protocol.md's words:
 *
 *  - Preference: the lower priority, then the lower node id.
 *  - A node whose bulk sync of the peer's table is not done never becomes
 *    primary while the peer is alive: it could not carry the peer's sessions.
 *  - Auto mode. Starting (INIT): with no peer heard within the dead interval,
 *    primary ("alone"); a primary peer makes it backup; otherwise the
 *    preferred of the two becomes primary once synced. A backup becomes
 *    primary when the peer dies, when nobody is primary and it is preferred
 *    (a preferred peer still starting takes the role itself once synced),
 *    when the primary yields (planned failover) or, with preempt, when it is
 *    preferred, synced and its hold-down has passed.
 *  - Manual mode: the role is the operator's; only the peer changes it, by
 *    claiming the role (it was set primary, took a failover) or yielding it.
 *  - Either mode, two primaries: one that claims the role wins (both
 *    claiming: the preferred wins); neither claiming, the link came back
 *    after a split: the preferred stays primary, the other steps down.
 */

#ifndef _NSRP_SYNC_ROLE_H
#define _NSRP_SYNC_ROLE_H

#include <linux/types.h>

struct nsrp_role_view {
	u8 mode;		/* enum nsrp_mode */
	u8 role;		/* enum nsrp_role, now */
	u8 priority;
	u16 node_id;
	bool preempt;
	bool synced;		/* holds a complete copy of the peer's table */
	bool started;		/* the listening time after binding has passed */
	bool hold_done;		/* preempt: hold-down passed since sync and last change */
	bool claiming;		/* took the role from a live primary; not yet conceded */

	bool peer_alive;	/* a frame within the dead interval */
	u8 peer_role;		/* from its last hello; 0 if none heard */
	u8 peer_priority;
	u16 peer_node;
	bool peer_claims;	/* NSRP_HELLO_F_CLAIM */
	bool peer_yields;	/* NSRP_HELLO_F_YIELD */
};

/* True if (@prio_a, @node_a) is preferred to (@prio_b, @node_b). */
static inline bool nsrp_role_preferred(u8 prio_a, u16 node_a, u8 prio_b, u16 node_b)
{
	return prio_a != prio_b ? prio_a < prio_b : node_a < node_b;
}

/*
 * The role this node should have now: @v->role if nothing changes, else the
 * new one with its enum nsrp_role_reason in *@reason.
 */
u8 nsrp_role_decide(const struct nsrp_role_view *v, u8 *reason);

#endif /* _NSRP_SYNC_ROLE_H */
