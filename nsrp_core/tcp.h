/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * The TCP state machine, as a pure function of the current state and one
 * packet's flags and direction, so KUnit can walk it table by table.
 */

#ifndef _NSRP_TCP_H
#define _NSRP_TCP_H

#include <linux/types.h>

/* The TCP flags the state machine looks at. */
enum {
	NSRP_TCP_SYN = 1 << 0,
	NSRP_TCP_ACK = 1 << 1,
	NSRP_TCP_FIN = 1 << 2,
	NSRP_TCP_RST = 1 << 3,
};

/* fin_seen bits: which side has sent its FIN. */
enum {
	NSRP_FIN_ORIG = 1 << 0,
	NSRP_FIN_REPLY = 1 << 1,
};

struct nsrp_tcp_step {
	u8 state;	/* NSRP_STATE_NONE: the packet closes the session (RST) */
	u8 fin_seen;
};

struct nsrp_tcp_step nsrp_tcp_next(u8 state, u8 fin_seen, bool reply, u8 flags);

/* A packet that may open a TCP session: a bare SYN (no ACK, RST or FIN). */
static inline bool nsrp_tcp_opens(u8 flags)
{
	return (flags & (NSRP_TCP_SYN | NSRP_TCP_ACK | NSRP_TCP_RST | NSRP_TCP_FIN)) ==
	       NSRP_TCP_SYN;
}

#endif /* _NSRP_TCP_H */
