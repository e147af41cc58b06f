// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * TCP tracking is deliberately coarse, as a session synchroniser needs it:
 * no window tracking, only which phase a connection is in, because the phase
 * decides the timeout and what the peer must be told.
 *
 *   SYN_SENT    originator's SYN seen           timeout tcp-syn (20 s)
 *   SYN_RECV    responder's SYN+ACK seen        timeout tcp-syn
 *   ESTABLISHED originator's ACK after SYN+ACK  timeout tcp (1800 s)
 *   FIN_WAIT    one side's FIN seen             timeout tcp
 *   CLOSING     both sides' FIN seen            timeout tcp-closing (10 s)
 *
 * A RST in any state closes the session. A bare SYN from the originator in
 * FIN_WAIT or CLOSING reuses the ports for a new connection and starts over.
 */

#include <linux/nsrp.h>

#include <linux/export.h>
#include <kunit/visibility.h>

#include "nsrp_core/tcp.h"

struct nsrp_tcp_step nsrp_tcp_next(u8 state, u8 fin_seen, bool reply, u8 flags)
{
	struct nsrp_tcp_step next = { .state = state, .fin_seen = fin_seen };

	if (flags & NSRP_TCP_RST) {
		next.state = NSRP_STATE_NONE;
		return next;
	}

	if (!reply && nsrp_tcp_opens(flags) &&
	    (state == NSRP_STATE_FIN_WAIT || state == NSRP_STATE_CLOSING)) {
		next.state = NSRP_STATE_SYN_SENT;
		next.fin_seen = 0;
		return next;
	}

	if (flags & NSRP_TCP_FIN) {
		next.fin_seen |= reply ? NSRP_FIN_REPLY : NSRP_FIN_ORIG;
		next.state = next.fin_seen == (NSRP_FIN_ORIG | NSRP_FIN_REPLY) ?
			     NSRP_STATE_CLOSING : NSRP_STATE_FIN_WAIT;
		return next;
	}

	switch (state) {
	case NSRP_STATE_SYN_SENT:
		if (reply && (flags & NSRP_TCP_SYN) && (flags & NSRP_TCP_ACK))
			next.state = NSRP_STATE_SYN_RECV;
		break;
	case NSRP_STATE_SYN_RECV:
		if (!reply && (flags & NSRP_TCP_ACK) && !(flags & NSRP_TCP_SYN))
			next.state = NSRP_STATE_ESTABLISHED;
		break;
	default:
		break;
	}
	return next;
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_tcp_next);
