// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Suite nsrp_timeout: expiry arithmetic, above all across a jiffies wrap,
 * and the GC's choice of when to look again.
 */

#include <kunit/test.h>

#include "nsrp_core/gc.h"
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

static void timeout_gc_delay(struct kunit *test)
{
	/* The earliest expiry decides when it is near... */
	KUNIT_EXPECT_EQ(test, nsrp_gc_next_delay(3 * HZ, 10 * HZ), 3UL * HZ);
	/* ...the shortest timeout when sessions could be created meanwhile... */
	KUNIT_EXPECT_EQ(test, nsrp_gc_next_delay(60 * HZ, 2 * HZ), 2UL * HZ);
	/* ...never more than ten seconds... */
	KUNIT_EXPECT_EQ(test, nsrp_gc_next_delay(3600 * HZ, 1800 * HZ), 10UL * HZ);
	/* ...and never a busy loop, even when something is already due. */
	KUNIT_EXPECT_EQ(test, nsrp_gc_next_delay(-5, 10 * HZ), (unsigned long)HZ / 10);
	KUNIT_EXPECT_EQ(test, nsrp_gc_next_delay(1, 10 * HZ), (unsigned long)HZ / 10);
}

static struct kunit_case nsrp_timeout_test_cases[] = {
	KUNIT_CASE_PARAM(timeout_expiry_across_wrap, nsrp_wrap_gen_params),
	KUNIT_CASE(timeout_lifetime_clamped),
	KUNIT_CASE(timeout_gc_delay),
	{}
};

static struct kunit_suite nsrp_timeout_test_suite = {
	.name = "nsrp_timeout",
	.test_cases = nsrp_timeout_test_cases,
};

kunit_test_suite(nsrp_timeout_test_suite);
