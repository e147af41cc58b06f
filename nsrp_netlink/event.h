/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Events to the "events" multicast group (NSRP_CMD_EVENT): role changes,
 * the peer coming and going, bulk syncs, ageout-ack outcomes. Sent from
 * process context; nothing is built when nobody listens.
 */

#ifndef _NSRP_NETLINK_EVENT_H
#define _NSRP_NETLINK_EVENT_H

#include <linux/types.h>

struct net;

/* Which optional attributes an event carries. */
enum {
	NSRP_EVF_ROLE = BIT(0),		/* role, old_role, reason */
	NSRP_EVF_PEER = BIT(1),		/* peer_node */
	NSRP_EVF_SESSIONS = BIT(2),
	NSRP_EVF_MS = BIT(3),
	NSRP_EVF_AGEOUT = BIT(4),	/* kept, shortened, removed */
};

struct nsrp_event {
	u8 type;		/* enum nsrp_event_type */
	u8 has;			/* NSRP_EVF_* */
	u8 role, old_role, reason;
	u16 peer_node;
	u32 sessions;
	u32 ms;
	u32 kept, shortened, removed;
};

void nsrp_nl_event(struct net *net, const struct nsrp_event *ev);

#endif /* _NSRP_NETLINK_EVENT_H */
