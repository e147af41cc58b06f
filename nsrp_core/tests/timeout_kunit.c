// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Suite nsrp_timeout: expiry arithmetic, above all across a jiffies wrap,
 * and the GC's choice of when to look again.
 */

#include <kunit/test.h>

#include "nsrp_core/gc.h"
#include "nsrp_core/netns.h"
#include "nsrp_core/timeout.h"

struct nsrp_wrap_case {
	const char *name;
	u32 now;
	u32 lifetime;
	u32 later;	/* jiffies after now at which we look */
	bool expired;
};

static const struct nsrp_wrap_case nsrp_wrap_cases[] = {
	{ "plain_alive", 1000, 500, 499, false },
	{ "plain_due", 1000, 500, 500, true },
	{ "plain_past", 1000, 500, 9000, true },
	{ "wrap_alive", U32_MAX - 100, 1000, 999, false },
	{ "wrap_due", U32_MAX - 100, 1000, 1000, true },
	{ "wrap_past", U32_MAX - 100, 1000, 1001, true },
	{ "expiry_exactly_zero", U32_MAX - 9, 10, 5, false },
	{ "max_lifetime_alive", 0x7fffff00, NSRP_LIFETIME_MAX, NSRP_LIFETIME_MAX - 1, false },
	{ "max_lifetime_due", 0xfffffff0, NSRP_LIFETIME_MAX, NSRP_LIFETIME_MAX, true },
};

static void nsrp_wrap_case_to_desc(const struct nsrp_wrap_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(nsrp_wrap, nsrp_wrap_cases, nsrp_wrap_case_to_desc);

static void timeout_expiry_across_wrap(struct kunit *test)
{
	const struct nsrp_wrap_case *c = test->param_value;
	u32 expires = nsrp_time_expiry(c->now, c->lifetime);
	u32 then = c->now + c->later;

	KUNIT_EXPECT_EQ(test, nsrp_time_expired(expires, then), c->expired);
	KUNIT_EXPECT_EQ(test, nsrp_time_left(expires, then), (s32)(c->lifetime - c->later));
	if (c->expired)
		KUNIT_EXPECT_EQ(test, nsrp_time_left_ms(expires, then), 0U);
	else
		KUNIT_EXPECT_GT(test, nsrp_time_left_ms(expires, then), 0U);
}

static void timeout_lifetime_clamped(struct kunit *test)
{
	/* An absurd lifetime is clamped, never wrapped into the past. */
	KUNIT_EXPECT_EQ(test, nsrp_time_expiry(5, U32_MAX), 5 + NSRP_LIFETIME_MAX);
	KUNIT_EXPECT_FALSE(test, nsrp_time_expired(nsrp_time_expiry(5, U32_MAX), 6));
	KUNIT_EXPECT_EQ(test, nsrp_secs_to_lifetime(1), (u32)HZ);
	KUNIT_EXPECT_EQ(test, nsrp_secs_to_lifetime(1800), 1800U * HZ);
	KUNIT_EXPECT_EQ(test, nsrp_secs_to_lifetime(U64_MAX / HZ), NSRP_LIFETIME_MAX);
	KUNIT_EXPECT_EQ(test, nsrp_secs_to_lifetime(86400ULL * 255), NSRP_LIFETIME_MAX);
}

static void timeout_gc_plan(struct kunit *test)
{
	u32 now = 0xfffff000;	/* across a jiffies wrap */

	/* The next pass is due at the earliest expiry the last one saw... */
	KUNIT_EXPECT_EQ(test, nsrp_gc_plan(now + 3 * HZ, now), now + 3 * HZ);
	/* ...at once when that is past (the floor spaces passes, not this)... */
	KUNIT_EXPECT_EQ(test, nsrp_gc_plan(now - 5, now), now);
	/* ...and an idle table of long sessions is walked every five minutes. */
	KUNIT_EXPECT_EQ(test, nsrp_gc_plan(now + 3600 * HZ, now), now + 300 * HZ);
	KUNIT_EXPECT_EQ(test, nsrp_gc_plan(now + (u32)NSRP_LIFETIME_MAX, now), now + 300 * HZ);
}

static void timeout_gc_floor(struct kunit *test)
{
	/* A cheap pass is followed no sooner than a tenth of a second... */
	KUNIT_EXPECT_EQ(test, nsrp_gc_floor(0), (unsigned long)HZ / 10);
	KUNIT_EXPECT_EQ(test, nsrp_gc_floor(NSEC_PER_MSEC), (unsigned long)HZ / 10);
	/* ...a costly one 20 times its cost later: 1/20 of a CPU at most... */
	KUNIT_EXPECT_EQ(test, nsrp_gc_floor(NSEC_PER_SEC / 2), 10UL * HZ);
	/* ...and an absurd cost neither overflows nor stops the GC for long. */
	KUNIT_EXPECT_EQ(test, nsrp_gc_floor(U64_MAX), 300UL * HZ);
}

static void timeout_gc_wait(struct kunit *test)
{
	u32 now = 0xffffff00;	/* across a jiffies wrap */
	u32 far = now + (u32)NSRP_LIFETIME_MAX;

	/* Nothing due: look again in a tick, no longer. */
	KUNIT_EXPECT_EQ(test, nsrp_gc_wait(now, now + 300 * HZ, far, now), (unsigned long)HZ);
	/* Due within the tick: wake exactly then. */
	KUNIT_EXPECT_EQ(test, nsrp_gc_wait(now, now + 7, far, now), 7UL);
	/* A reported expiry earlier than the plan wins... */
	KUNIT_EXPECT_EQ(test, nsrp_gc_wait(now, now + 300 * HZ, now + 9, now), 9UL);
	/* ...and one already due starts the pass now... */
	KUNIT_EXPECT_EQ(test, nsrp_gc_wait(now, now + 300 * HZ, now - 1, now - 50), 0UL);
	KUNIT_EXPECT_EQ(test, nsrp_gc_wait(now, now, far, now), 0UL);
	/* ...unless the last pass's cost says to wait. */
	KUNIT_EXPECT_EQ(test, nsrp_gc_wait(now, now - 1, now - 1, now + 20), 20UL);
	KUNIT_EXPECT_EQ(test, nsrp_gc_wait(now, now - 1, far, now + 5 * HZ), (unsigned long)HZ);
}

static void timeout_gc_expect(struct kunit *test)
{
	struct nsrp_net *nn = kunit_kzalloc(test, sizeof(*nn), GFP_KERNEL);
	u32 now = 0xfffffff0;

	KUNIT_ASSERT_NOT_NULL(test, nn);
	nn->gc_hint = now + (u32)NSRP_LIFETIME_MAX;
	/* An expiry sooner than any known lowers the hint, across the wrap... */
	nsrp_gc_expect(nn, now + 100);
	KUNIT_EXPECT_EQ(test, nn->gc_hint, now + 100);
	/* ...a later one leaves it alone... */
	nsrp_gc_expect(nn, now + 200);
	KUNIT_EXPECT_EQ(test, nn->gc_hint, now + 100);
	/* ...and a sooner one still lowers it. */
	nsrp_gc_expect(nn, now + 20);
	KUNIT_EXPECT_EQ(test, nn->gc_hint, now + 20);
}

static struct kunit_case nsrp_timeout_test_cases[] = {
	KUNIT_CASE_PARAM(timeout_expiry_across_wrap, nsrp_wrap_gen_params),
	KUNIT_CASE(timeout_lifetime_clamped),
	KUNIT_CASE(timeout_gc_plan),
	KUNIT_CASE(timeout_gc_floor),
	KUNIT_CASE(timeout_gc_wait),
	KUNIT_CASE(timeout_gc_expect),
	{}
};

static struct kunit_suite nsrp_timeout_test_suite = {
	.name = "nsrp_timeout",
	.test_cases = nsrp_timeout_test_cases,
};

kunit_test_suite(nsrp_timeout_test_suite);
