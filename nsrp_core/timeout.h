/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Timeout arithmetic. A session keeps its absolute expiry as a 32-bit
 * jiffies stamp, as nf_conntrack does: 32 bits halve what a refresh dirties
 * and are enough, because every lifetime is bounded by NSRP_LIFETIME_MAX,
 * far below the 2^31 jiffies at which a signed difference stops being
 * meaningful. All comparisons go through the signed difference, so they
 * stay right across a jiffies wrap.
 *
 * Everything here is pure: KUnit tests it with made-up clocks.
 */

#ifndef _NSRP_TIMEOUT_H
#define _NSRP_TIMEOUT_H

#include <linux/bits.h>
#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/types.h>

/* The longest lifetime a session may be given: 2^30 jiffies (12 days at HZ=1000). */
#define NSRP_LIFETIME_MAX BIT(30)

static inline u32 nsrp_now(void)
{
	return (u32)jiffies;
}

/* Jiffies left until @expires at @now; zero or negative means expired. */
static inline s32 nsrp_time_left(u32 expires, u32 now)
{
	return (s32)(expires - now);
}

static inline bool nsrp_time_expired(u32 expires, u32 now)
{
	return nsrp_time_left(expires, now) <= 0;
}

/* The expiry of a lifetime starting at @now, the lifetime clamped to the maximum. */
static inline u32 nsrp_time_expiry(u32 now, u32 lifetime)
{
	return now + min_t(u32, lifetime, NSRP_LIFETIME_MAX);
}

/* Seconds to jiffies, clamped to the maximum lifetime instead of overflowing. */
static inline u32 nsrp_secs_to_lifetime(u64 secs)
{
	u64 j = secs * HZ;

	return j > NSRP_LIFETIME_MAX ? NSRP_LIFETIME_MAX : (u32)j;
}

/* Milliseconds left, zero once expired. */
static inline u32 nsrp_time_left_ms(u32 expires, u32 now)
{
	s32 left = nsrp_time_left(expires, now);

	return left > 0 ? jiffies_to_msecs(left) : 0;
}

/*
 * ageout-ack: how long before a copy is due its owner is asked about it.
 * One second leaves room for a lost query and its retry on any HA link;
 * short copies get a quarter of their lifetime, so that a copy that is
 * answered ACTIVE is not asked about again at once.
 */
#define NSRP_AGE_LEAD_MAX HZ

static inline u32 nsrp_age_lead(u32 ttl)
{
	return clamp_t(u32, ttl / 4, 1, NSRP_AGE_LEAD_MAX);
}

#endif /* _NSRP_TIMEOUT_H */
