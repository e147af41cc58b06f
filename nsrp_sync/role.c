// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * The role decision; role.h has the rules.
 */

#include <linux/export.h>
#include <kunit/visibility.h>
#include <linux/nsrp.h>

#include "nsrp_sync/role.h"

static bool nsrp_role_we_win(const struct nsrp_role_view *v)
{
	return nsrp_role_preferred(v->priority, v->node_id, v->peer_priority, v->peer_node);
}

/* Two primaries: who stays. */
static u8 nsrp_role_two_primaries(const struct nsrp_role_view *v, u8 *reason)
{
	if (v->peer_claims && (!v->claiming || !nsrp_role_we_win(v))) {
		*reason = NSRP_REASON_PEER_CLAIM;
		return NSRP_ROLE_BACKUP;
	}
	if (!v->peer_claims && !v->claiming && !nsrp_role_we_win(v)) {
		*reason = NSRP_REASON_SPLIT_BRAIN;
		return NSRP_ROLE_BACKUP;
	}
	return NSRP_ROLE_PRIMARY;
}

static u8 nsrp_role_auto(const struct nsrp_role_view *v, u8 *reason)
{
	bool peer_primary = v->peer_role == NSRP_ROLE_PRIMARY;

	if (!v->peer_alive) {
		if (v->role == NSRP_ROLE_PRIMARY || (v->role == NSRP_ROLE_INIT && !v->started))
			return v->role;
		*reason = v->role == NSRP_ROLE_INIT ? NSRP_REASON_ALONE : NSRP_REASON_PEER_DEAD;
		return NSRP_ROLE_PRIMARY;
	}
	if (!v->peer_role)
		return v->role;		/* alive, but no hello yet: wait for one */

	switch (v->role) {
	case NSRP_ROLE_INIT:
		if (peer_primary || !nsrp_role_we_win(v)) {
			*reason = NSRP_REASON_ELECTION;
			return NSRP_ROLE_BACKUP;
		}
		if (v->synced) {
			*reason = NSRP_REASON_ELECTION;
			return NSRP_ROLE_PRIMARY;
		}
		return v->role;
	case NSRP_ROLE_BACKUP:
		if (!v->synced)
			return v->role;
		if (peer_primary && v->peer_yields) {
			*reason = NSRP_REASON_FAILOVER;
			return NSRP_ROLE_PRIMARY;
		}
		if (peer_primary && v->preempt && v->hold_done && nsrp_role_we_win(v)) {
			*reason = NSRP_REASON_PREEMPT;
			return NSRP_ROLE_PRIMARY;
		}
		/*
		 * Nobody primary (the peer starting or backup too): the
		 * preferred; a preferred peer still starting takes it once synced.
		 */
		if (!peer_primary && nsrp_role_we_win(v)) {
			*reason = NSRP_REASON_ELECTION;
			return NSRP_ROLE_PRIMARY;
		}
		return v->role;
	case NSRP_ROLE_PRIMARY:
		return peer_primary ? nsrp_role_two_primaries(v, reason) : v->role;
	}
	return v->role;
}

static u8 nsrp_role_manual(const struct nsrp_role_view *v, u8 *reason)
{
	if (!v->peer_alive || v->peer_role != NSRP_ROLE_PRIMARY)
		return v->role;
	if (v->role == NSRP_ROLE_PRIMARY)
		return nsrp_role_two_primaries(v, reason);
	if (v->peer_yields && v->synced) {
		*reason = NSRP_REASON_FAILOVER;
		return NSRP_ROLE_PRIMARY;
	}
	return v->role;
}

u8 nsrp_role_decide(const struct nsrp_role_view *v, u8 *reason)
{
	*reason = NSRP_REASON_NONE;
	if (v->mode == NSRP_MODE_MANUAL)
		return nsrp_role_manual(v, reason);
	return nsrp_role_auto(v, reason);
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_role_decide);
