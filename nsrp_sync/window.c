// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * The receive window; see window.h.
 */

#include <linux/bitmap.h>
#include <linux/string.h>

#include <linux/export.h>
#include <kunit/visibility.h>

#include "nsrp_sync/window.h"

#define NSRP_WIN_BIT(seq) ((seq) % NSRP_WIN_BITS)

void nsrp_seqwin_reset(struct nsrp_seqwin *w)
{
	memset(w, 0, sizeof(*w));
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_seqwin_reset);

enum nsrp_win_verdict nsrp_seqwin_check(const struct nsrp_seqwin *w, u32 seq)
{
	if (seq <= w->cum)
		return NSRP_WIN_DUP;
	if (seq - w->cum > NSRP_WIN_BITS)
		return NSRP_WIN_FAR;
	if (seq <= w->max && test_bit(NSRP_WIN_BIT(seq), w->map))
		return NSRP_WIN_DUP;
	return NSRP_WIN_NEW;
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_seqwin_check);

/* Move cum over the received frames that follow it, freeing their bits. */
static void nsrp_seqwin_advance(struct nsrp_seqwin *w)
{
	while (w->cum < w->max && test_bit(NSRP_WIN_BIT(w->cum + 1), w->map)) {
		w->cum++;
		clear_bit(NSRP_WIN_BIT(w->cum), w->map);
	}
}

void nsrp_seqwin_mark(struct nsrp_seqwin *w, u32 seq)
{
	if (nsrp_seqwin_check(w, seq) != NSRP_WIN_NEW)
		return;
	set_bit(NSRP_WIN_BIT(seq), w->map);
	if (seq > w->max)
		w->max = seq;
	nsrp_seqwin_advance(w);
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_seqwin_mark);

void nsrp_seqwin_skip(struct nsrp_seqwin *w, u32 upto)
{
	if (upto > w->max)
		upto = w->max;
	while (w->cum < upto) {
		w->cum++;
		clear_bit(NSRP_WIN_BIT(w->cum), w->map);
	}
	nsrp_seqwin_advance(w);
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_seqwin_skip);

void nsrp_seqwin_jump(struct nsrp_seqwin *w, u32 seq)
{
	bitmap_zero(w->map, NSRP_WIN_BITS);
	w->cum = seq - 1;
	w->max = seq - 1;
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_seqwin_jump);

unsigned int nsrp_seqwin_gaps(const struct nsrp_seqwin *w, struct nsrp_win_gap *gaps,
			      unsigned int n, u32 *upto)
{
	unsigned int found = 0;
	u32 seq = w->cum + 1;

	*upto = w->max;
	while (seq < w->max) {
		u32 first;

		if (test_bit(NSRP_WIN_BIT(seq), w->map)) {
			seq++;
			continue;
		}
		if (found == n) {
			/* More gaps than room: the list covers up to here. */
			*upto = seq - 1;
			break;
		}
		first = seq;
		while (seq < w->max && !test_bit(NSRP_WIN_BIT(seq), w->map))
			seq++;
		gaps[found].first = first;
		gaps[found].count = seq - first;
		found++;
	}
	return found;
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_seqwin_gaps);
