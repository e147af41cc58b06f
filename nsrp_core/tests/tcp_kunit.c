// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Suite nsrp_tcp: the TCP state machine, one row per transition.
 */

#include <kunit/test.h>
#include <linux/nsrp.h>

#include "nsrp_core/tcp.h"

#define O false	/* from the originator */
#define R true	/* from the responder */
#define SYN NSRP_TCP_SYN
#define ACK NSRP_TCP_ACK
#define FIN NSRP_TCP_FIN
#define RST NSRP_TCP_RST

struct nsrp_tcp_case {
	const char *name;
	u8 state, fin_seen;
	bool reply;
	u8 flags;
	u8 next_state, next_fin;
};

static const struct nsrp_tcp_case nsrp_tcp_cases[] = {
	{ "synack_moves_to_syn_recv", NSRP_STATE_SYN_SENT, 0, R, SYN | ACK,
	  NSRP_STATE_SYN_RECV, 0 },
	{ "syn_retransmit_stays", NSRP_STATE_SYN_SENT, 0, O, SYN, NSRP_STATE_SYN_SENT, 0 },
	{ "synack_from_originator_ignored", NSRP_STATE_SYN_SENT, 0, O, SYN | ACK,
	  NSRP_STATE_SYN_SENT, 0 },
	{ "ack_establishes", NSRP_STATE_SYN_RECV, 0, O, ACK, NSRP_STATE_ESTABLISHED, 0 },
	{ "synack_retransmit_stays", NSRP_STATE_SYN_RECV, 0, R, SYN | ACK,
	  NSRP_STATE_SYN_RECV, 0 },
	{ "reply_ack_does_not_establish", NSRP_STATE_SYN_RECV, 0, R, ACK,
	  NSRP_STATE_SYN_RECV, 0 },
	{ "data_keeps_established", NSRP_STATE_ESTABLISHED, 0, R, ACK,
	  NSRP_STATE_ESTABLISHED, 0 },
	{ "first_fin_half_closes", NSRP_STATE_ESTABLISHED, 0, O, FIN | ACK,
	  NSRP_STATE_FIN_WAIT, NSRP_FIN_ORIG },
	{ "reply_fin_first", NSRP_STATE_ESTABLISHED, 0, R, FIN | ACK,
	  NSRP_STATE_FIN_WAIT, NSRP_FIN_REPLY },
	{ "same_side_fin_again", NSRP_STATE_FIN_WAIT, NSRP_FIN_ORIG, O, FIN | ACK,
	  NSRP_STATE_FIN_WAIT, NSRP_FIN_ORIG },
	{ "second_fin_closes", NSRP_STATE_FIN_WAIT, NSRP_FIN_ORIG, R, FIN | ACK,
	  NSRP_STATE_CLOSING, NSRP_FIN_ORIG | NSRP_FIN_REPLY },
	{ "last_ack_stays_closing", NSRP_STATE_CLOSING, NSRP_FIN_ORIG | NSRP_FIN_REPLY, O, ACK,
	  NSRP_STATE_CLOSING, NSRP_FIN_ORIG | NSRP_FIN_REPLY },
	{ "rst_closes_established", NSRP_STATE_ESTABLISHED, 0, R, RST, NSRP_STATE_NONE, 0 },
	{ "rst_ack_closes_syn_sent", NSRP_STATE_SYN_SENT, 0, R, RST | ACK, NSRP_STATE_NONE, 0 },
	{ "rst_closes_closing", NSRP_STATE_CLOSING, NSRP_FIN_ORIG | NSRP_FIN_REPLY, O, RST,
	  NSRP_STATE_NONE, NSRP_FIN_ORIG | NSRP_FIN_REPLY },
	{ "syn_reuses_closing_ports", NSRP_STATE_CLOSING, NSRP_FIN_ORIG | NSRP_FIN_REPLY, O, SYN,
	  NSRP_STATE_SYN_SENT, 0 },
	{ "reply_syn_does_not_reuse", NSRP_STATE_CLOSING, NSRP_FIN_ORIG | NSRP_FIN_REPLY, R, SYN,
	  NSRP_STATE_CLOSING, NSRP_FIN_ORIG | NSRP_FIN_REPLY },
	{ "fin_during_handshake", NSRP_STATE_SYN_RECV, 0, O, FIN | ACK,
	  NSRP_STATE_FIN_WAIT, NSRP_FIN_ORIG },
};

static void nsrp_tcp_case_to_desc(const struct nsrp_tcp_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(nsrp_tcp, nsrp_tcp_cases, nsrp_tcp_case_to_desc);

static void tcp_transition(struct kunit *test)
{
	const struct nsrp_tcp_case *c = test->param_value;
	struct nsrp_tcp_step next = nsrp_tcp_next(c->state, c->fin_seen, c->reply, c->flags);

	KUNIT_EXPECT_EQ(test, next.state, c->next_state);
	if (next.state != NSRP_STATE_NONE)
		KUNIT_EXPECT_EQ(test, next.fin_seen, c->next_fin);
}

static void tcp_only_bare_syn_opens(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, nsrp_tcp_opens(SYN));
	KUNIT_EXPECT_FALSE(test, nsrp_tcp_opens(SYN | ACK));
	KUNIT_EXPECT_FALSE(test, nsrp_tcp_opens(ACK));
	KUNIT_EXPECT_FALSE(test, nsrp_tcp_opens(SYN | RST));
	KUNIT_EXPECT_FALSE(test, nsrp_tcp_opens(SYN | FIN));
	KUNIT_EXPECT_FALSE(test, nsrp_tcp_opens(0));
}

/* A whole connection, handshake to close, through the function. */
static void tcp_full_connection(struct kunit *test)
{
	static const struct { bool reply; u8 flags; u8 state; } walk[] = {
		{ O, SYN, NSRP_STATE_SYN_SENT },
		{ R, SYN | ACK, NSRP_STATE_SYN_RECV },
		{ O, ACK, NSRP_STATE_ESTABLISHED },
		{ O, ACK, NSRP_STATE_ESTABLISHED },
		{ R, ACK, NSRP_STATE_ESTABLISHED },
		{ R, FIN | ACK, NSRP_STATE_FIN_WAIT },
		{ O, ACK, NSRP_STATE_FIN_WAIT },
		{ O, FIN | ACK, NSRP_STATE_CLOSING },
		{ R, ACK, NSRP_STATE_CLOSING },
	};
	struct nsrp_tcp_step st = { .state = NSRP_STATE_SYN_SENT };
	int i;

	for (i = 1; i < ARRAY_SIZE(walk); i++) {
		st = nsrp_tcp_next(st.state, st.fin_seen, walk[i].reply, walk[i].flags);
		KUNIT_EXPECT_EQ_MSG(test, st.state, walk[i].state, "step %d", i);
	}
}

static struct kunit_case nsrp_tcp_test_cases[] = {
	KUNIT_CASE_PARAM(tcp_transition, nsrp_tcp_gen_params),
	KUNIT_CASE(tcp_only_bare_syn_opens),
	KUNIT_CASE(tcp_full_connection),
	{}
};

static struct kunit_suite nsrp_tcp_test_suite = {
	.name = "nsrp_tcp",
	.test_cases = nsrp_tcp_test_cases,
};

kunit_test_suite(nsrp_tcp_test_suite);
