// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Suite nsrp_sync_window: the receive window's edges. In-order and
 * reordered arrival, duplicates and replays, the far edge of the window,
 * gaps listed for NACK (and cut at the limit), gaps given up, a jump.
 */

#include <kunit/test.h>
#include <linux/slab.h>

#include "nsrp_sync/window.h"

static struct nsrp_seqwin *test_win(struct kunit *test)
{
	struct nsrp_seqwin *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, w);
	nsrp_seqwin_reset(w);
	return w;
}

static void window_in_order(struct kunit *test)
{
	struct nsrp_seqwin *w = test_win(test);
	u32 seq;

	KUNIT_EXPECT_EQ(test, nsrp_seqwin_check(w, 0), NSRP_WIN_DUP);
	for (seq = 1; seq <= 3 * NSRP_WIN_BITS; seq++) {
		KUNIT_ASSERT_EQ(test, nsrp_seqwin_check(w, seq), NSRP_WIN_NEW);
		nsrp_seqwin_mark(w, seq);
		KUNIT_ASSERT_EQ(test, w->cum, seq);
	}
	KUNIT_EXPECT_FALSE(test, nsrp_seqwin_has_gaps(w));
	KUNIT_EXPECT_EQ(test, nsrp_seqwin_check(w, seq - 1), NSRP_WIN_DUP);
	KUNIT_EXPECT_EQ(test, nsrp_seqwin_check(w, 1), NSRP_WIN_DUP);
}

static void window_edges(struct kunit *test)
{
	struct nsrp_seqwin *w = test_win(test);

	/* The far edge: cum + NSRP_WIN_BITS is in, one more is not. */
	KUNIT_EXPECT_EQ(test, nsrp_seqwin_check(w, NSRP_WIN_BITS), NSRP_WIN_NEW);
	KUNIT_EXPECT_EQ(test, nsrp_seqwin_check(w, NSRP_WIN_BITS + 1), NSRP_WIN_FAR);
	nsrp_seqwin_mark(w, NSRP_WIN_BITS);
	KUNIT_EXPECT_EQ(test, w->max, NSRP_WIN_BITS);
	KUNIT_EXPECT_EQ(test, w->cum, 0U);
	/* Its bit is the one of sequence 0 modulo the size: no aliasing. */
	KUNIT_EXPECT_EQ(test, nsrp_seqwin_check(w, 1), NSRP_WIN_NEW);
	KUNIT_EXPECT_EQ(test, nsrp_seqwin_check(w, NSRP_WIN_BITS), NSRP_WIN_DUP);
	nsrp_seqwin_mark(w, 1);
	KUNIT_EXPECT_EQ(test, w->cum, 1U);
	/* A duplicate changes nothing. */
	nsrp_seqwin_mark(w, 1);
	KUNIT_EXPECT_EQ(test, w->cum, 1U);
	KUNIT_EXPECT_EQ(test, nsrp_seqwin_check(w, NSRP_WIN_BITS + 1), NSRP_WIN_NEW);
	KUNIT_EXPECT_EQ(test, nsrp_seqwin_check(w, NSRP_WIN_BITS + 2), NSRP_WIN_FAR);
}

static void window_gaps(struct kunit *test)
{
	struct nsrp_seqwin *w = test_win(test);
	struct nsrp_win_gap gaps[4];
	u32 upto, seq;

	/* Received 1, 2, 5, 9, 10, 12: gaps 3-4, 6-8, 11. */
	for (seq = 1; seq <= 12; seq++)
		if (seq <= 2 || seq == 5 || seq == 9 || seq == 10 || seq == 12)
			nsrp_seqwin_mark(w, seq);
	KUNIT_EXPECT_EQ(test, w->cum, 2U);
	KUNIT_EXPECT_EQ(test, w->max, 12U);
	KUNIT_ASSERT_EQ(test, nsrp_seqwin_gaps(w, gaps, 4, &upto), 3U);
	KUNIT_EXPECT_EQ(test, gaps[0].first, 3U);
	KUNIT_EXPECT_EQ(test, gaps[0].count, 2U);
	KUNIT_EXPECT_EQ(test, gaps[1].first, 6U);
	KUNIT_EXPECT_EQ(test, gaps[1].count, 3U);
	KUNIT_EXPECT_EQ(test, gaps[2].first, 11U);
	KUNIT_EXPECT_EQ(test, gaps[2].count, 1U);
	KUNIT_EXPECT_EQ(test, upto, 12U);

	/* Room for two: the list stops at 8, and accounts for up to 10. */
	KUNIT_ASSERT_EQ(test, nsrp_seqwin_gaps(w, gaps, 2, &upto), 2U);
	KUNIT_EXPECT_EQ(test, upto, 10U);

	/* A late arrival fills a gap; cum moves only over what is contiguous. */
	nsrp_seqwin_mark(w, 3);
	nsrp_seqwin_mark(w, 4);
	KUNIT_EXPECT_EQ(test, w->cum, 5U);

	/* Gaps to 8 given up: cum runs on over 9 and 10, stops at the gap 11. */
	nsrp_seqwin_skip(w, 8);
	KUNIT_EXPECT_EQ(test, w->cum, 10U);
	KUNIT_EXPECT_EQ(test, nsrp_seqwin_check(w, 7), NSRP_WIN_DUP);
	KUNIT_EXPECT_EQ(test, nsrp_seqwin_check(w, 11), NSRP_WIN_NEW);
	/* Skipping beyond max stops at max. */
	nsrp_seqwin_skip(w, 1000);
	KUNIT_EXPECT_EQ(test, w->cum, 12U);
	KUNIT_EXPECT_FALSE(test, nsrp_seqwin_has_gaps(w));
	KUNIT_EXPECT_EQ(test, nsrp_seqwin_gaps(w, gaps, 4, &upto), 0U);
	/* Bits freed by skipping do not alias later sequences. */
	KUNIT_EXPECT_EQ(test, nsrp_seqwin_check(w, 8 + NSRP_WIN_BITS), NSRP_WIN_NEW);
}

static void window_jump(struct kunit *test)
{
	struct nsrp_seqwin *w = test_win(test);
	struct nsrp_win_gap gaps[2];
	u32 upto;

	nsrp_seqwin_mark(w, 2);
	nsrp_seqwin_jump(w, 100000);
	KUNIT_EXPECT_EQ(test, nsrp_seqwin_check(w, 100000), NSRP_WIN_NEW);
	KUNIT_EXPECT_EQ(test, nsrp_seqwin_check(w, 99999), NSRP_WIN_DUP);
	nsrp_seqwin_mark(w, 100000);
	KUNIT_EXPECT_EQ(test, w->cum, 100000U);
	KUNIT_EXPECT_EQ(test, nsrp_seqwin_gaps(w, gaps, 2, &upto), 0U);
	/* Near the end of the sequence space (the sender changes epoch first). */
	nsrp_seqwin_jump(w, U32_MAX - 10);
	nsrp_seqwin_mark(w, U32_MAX - 8);
	KUNIT_EXPECT_EQ(test, nsrp_seqwin_gaps(w, gaps, 2, &upto), 1U);
	KUNIT_EXPECT_EQ(test, gaps[0].first, U32_MAX - 10);
	KUNIT_EXPECT_EQ(test, gaps[0].count, 2U);
}

static struct kunit_case nsrp_sync_window_test_cases[] = {
	KUNIT_CASE(window_in_order),
	KUNIT_CASE(window_edges),
	KUNIT_CASE(window_gaps),
	KUNIT_CASE(window_jump),
	{}
};

static struct kunit_suite nsrp_sync_window_test_suite = {
	.name = "nsrp_sync_window",
	.test_cases = nsrp_sync_window_test_cases,
};

kunit_test_suite(nsrp_sync_window_test_suite);
