/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * From a packet to the flow it belongs to.
 */

#ifndef _NSRP_PARSE_H
#define _NSRP_PARSE_H

#include "nsrp_core/session.h"

enum nsrp_parse_result {
	NSRP_PKT_FLOW,		/* belongs to a flow: look it up */
	NSRP_PKT_IGNORE,	/* not tracked (ICMP errors, non-first fragments) */
	NSRP_PKT_INVALID,	/* truncated or malformed */
};

struct nsrp_pkt {
	struct nsrp_tuple t;
	u8 tcp_flags;		/* NSRP_TCP_* */
	bool opens;		/* may create a session if none exists */
};

enum nsrp_parse_result nsrp_parse_skb(const struct sk_buff *skb, u8 family,
				      struct nsrp_pkt *pkt);

#endif /* _NSRP_PARSE_H */
