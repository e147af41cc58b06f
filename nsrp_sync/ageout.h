/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * KB7701 in numbers: the lifetime of a copy, the owner's answer to an
 * ageout-ack query and what the answer does to the copy. Pure functions,
 * tested by KUnit (nsrp_sync/tests/ageout_kunit.c).
 *
 * ACTIVE, exactly: the owner's session was refreshed by a packet within the
 * last min(timeout / 4, NSRP_AGE_ACTIVE_WINDOW), so its timer stands at
 * (nearly) the service maximum. It is what ScreenOS calls "active"; the
 * window, rather than "refreshed this very jiffy", keeps a session that
 * sees a packet every few seconds ACTIVE. IDLE: the session lives but no
 * packet came within the window: its timer is counting down, R left. GONE:
 * no live session of this node's own under that key.
 */

#ifndef _NSRP_SYNC_AGEOUT_H
#define _NSRP_SYNC_AGEOUT_H

#include <linux/types.h>

#include "nsrp_sync/proto.h"

#define NSRP_AGE_ACTIVE_WINDOW (10 * HZ)

/*
 * The owner's verdict for a session with lifetime @ttl and @left jiffies
 * to go (@found: it exists and this node owns it).
 */
enum nsrp_age_verdict nsrp_age_verdict(bool found, u32 ttl, s32 left);

/* A copy's lifetime in jiffies: @mult x the owner's @timeout_ms, clamped. */
u32 nsrp_copy_lifetime(u32 timeout_ms, u32 mult);

/* The lifetime an answer gives the copy, in jiffies; 0 means remove it. */
u32 nsrp_age_answer_lifetime(enum nsrp_age_verdict verdict, u32 timeout_ms,
			     u32 remaining_ms, u32 mult);

#endif /* _NSRP_SYNC_AGEOUT_H */
