/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * The receive window over the peer's sequence numbers, one per peer epoch.
 * It is at once the replay window (a frame seen, or older than the window,
 * is refused), the loss detector (a sequence number not received below the
 * newest one is a gap, NACKed until resolved) and what ACK reports.
 *
 *	       cum                                  max
 *	--------+------------------------------------+---------> sequence
 *	 all done | received (bit set) or gap (clear) | not yet
 *
 * Every sequence number at or below cum is done: received, or a gap the
 * peer has been told about and answered (nsrp_seqwin_skip()). Between cum
 * and max a bit of the map, indexed by sequence modulo NSRP_WIN_BITS, says
 * whether the frame came. max - cum never exceeds NSRP_WIN_BITS: a frame
 * further ahead is NSRP_WIN_FAR, and the caller gives the gaps up
 * (nsrp_seqwin_jump()) and resynchronises in bulk.
 *
 * Pure and lock-free: the caller serialises. Sequence numbers do not wrap
 * within an epoch (the sender starts a new one), so plain comparisons do.
 */

#ifndef _NSRP_SYNC_WINDOW_H
#define _NSRP_SYNC_WINDOW_H

#include <linux/bitops.h>
#include <linux/types.h>

#define NSRP_WIN_BITS 4096U

struct nsrp_seqwin {
	u32 cum;
	u32 max;
	unsigned long map[NSRP_WIN_BITS / BITS_PER_LONG];
};

enum nsrp_win_verdict {
	NSRP_WIN_NEW,		/* not seen: accept */
	NSRP_WIN_DUP,		/* seen, or at or below cum: a replay or duplicate */
	NSRP_WIN_FAR,		/* beyond the window: the gaps cannot be tracked */
};

/* One gap, for NACK: sequences first to first + count - 1. */
struct nsrp_win_gap {
	u32 first;
	u32 count;
};

void nsrp_seqwin_reset(struct nsrp_seqwin *w);
enum nsrp_win_verdict nsrp_seqwin_check(const struct nsrp_seqwin *w, u32 seq);

/* Record @seq as received (after NSRP_WIN_NEW). */
void nsrp_seqwin_mark(struct nsrp_seqwin *w, u32 seq);

/* Give up every gap at or below @upto: the peer resent what they held. */
void nsrp_seqwin_skip(struct nsrp_seqwin *w, u32 upto);

/* Forget everything: @seq - 1 becomes cum and max (for NSRP_WIN_FAR). */
void nsrp_seqwin_jump(struct nsrp_seqwin *w, u32 seq);

/*
 * The oldest gaps, at most @n of them, in ascending order. Returns their
 * number and sets *@upto to the last sequence the list accounts for: max
 * if every gap is listed, else the end of the last one listed.
 */
unsigned int nsrp_seqwin_gaps(const struct nsrp_seqwin *w, struct nsrp_win_gap *gaps,
			      unsigned int n, u32 *upto);

static inline bool nsrp_seqwin_has_gaps(const struct nsrp_seqwin *w)
{
	return w->cum != w->max;
}

#endif /* _NSRP_SYNC_WINDOW_H */
