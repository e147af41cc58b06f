/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * How nsrp_core tells nsrp_sync what happened to a session: one RCU
 * dereference of the namespace's ops and an indirect call, nothing when
 * replication is not attached. Callers are in an RCU read-side section.
 */

#ifndef _NSRP_SYNC_NOTIFY_H
#define _NSRP_SYNC_NOTIFY_H

#include <linux/rcupdate.h>

#include "nsrp_core/netns.h"

static inline void nsrp_sync_notify(struct nsrp_net *nn, const struct nsrp_session *s,
				    enum nsrp_sync_event ev, int reason)
{
	const struct nsrp_sync_ops *ops = rcu_dereference(nn->sync_ops);

	if (ops)
		ops->event(nn, s, ev, reason);
}

#endif /* _NSRP_SYNC_NOTIFY_H */
