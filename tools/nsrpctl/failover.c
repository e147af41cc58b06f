// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * nsrpctl failover: NSRP_CMD_FAILOVER, then NSRP_CMD_GET until this node
 * is backup.
 *
 * The kernel answers the request once the primary role is offered to the
 * peer (hellos with the YIELD flag); the change itself takes a few hello
 * intervals: the peer claims the role, this node steps down and hands
 * its sessions over. Waiting for it here means that "failover; then stop
 * this node" in a script never stops a node that is still primary.
 */

#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include <linux/nsrp.h>

#include "json.h"
#include "netlink.h"

#define NSRPCTL_FAILOVER_WAIT_MS	5000U
#define NSRPCTL_FAILOVER_POLL_MS	50U

struct nsrpctl_failover_state {
	uint8_t role;
	bool has_peer;
	uint16_t peer_node_id;
};

static int nsrpctl_failover_parse(const struct nlmsghdr *reply,
				  struct nsrpctl_failover_state *st)
{
	static const struct nsrpctl_policy policy[NSRP_A_MAX + 1] = {
		[NSRP_A_ROLE] = { MNL_TYPE_U8, 0 },
		[NSRP_A_SYNC] = { MNL_TYPE_NESTED, 0 },
	};
	static const struct nsrpctl_policy sync_policy[NSRP_SYNC_A_MAX + 1] = {
		[NSRP_SYNC_A_PEER_NODE_ID] = { MNL_TYPE_U16, 0 },
	};
	const struct nlattr *tb[NSRP_A_MAX + 1];
	const struct nlattr *sync[NSRP_SYNC_A_MAX + 1];
	int err;

	memset(st, 0, sizeof(*st));
	err = nsrpctl_attr_parse(reply, policy, NSRP_A_MAX, tb,
				 "NSRP_CMD_GET");
	if (err)
		return err;
	if (!tb[NSRP_A_ROLE]) {
		nsrpctl_err("failover: the kernel did not report this node's role");
		return -EPROTO;
	}
	st->role = mnl_attr_get_u8(tb[NSRP_A_ROLE]);
	if (!tb[NSRP_A_SYNC])
		return 0;
	err = nsrpctl_attr_parse_nested(tb[NSRP_A_SYNC], sync_policy,
					NSRP_SYNC_A_MAX, sync, "NSRP_A_SYNC");
	if (err)
		return err;
	if (sync[NSRP_SYNC_A_PEER_NODE_ID]) {
		st->has_peer = true;
		st->peer_node_id = mnl_attr_get_u16(sync[NSRP_SYNC_A_PEER_NODE_ID]);
	}
	return 0;
}

static int nsrpctl_failover_get(struct nsrpctl_nl *nl,
				struct nsrpctl_failover_state *st)
{
	struct nlmsghdr *nlh, *reply;
	int err;

	nlh = nsrpctl_nl_request(nl, NSRP_CMD_GET, NLM_F_ACK);
	err = nsrpctl_nl_query(nl, nlh, &reply);
	if (err)
		return err;
	err = nsrpctl_failover_parse(reply, st);
	free(reply);
	return err;
}

static uint64_t nsrpctl_failover_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void nsrpctl_failover_sleep(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void nsrpctl_failover_print(struct nsrpctl *ctx,
				   const struct nsrpctl_failover_state *st)
{
	struct nsrpctl_json j;

	if (ctx->json) {
		nsrpctl_json_init(&j, stdout, ctx->pretty);
		nsrpctl_json_begin_object(&j, NULL);
		nsrpctl_json_string(&j, "role", "backup");
		if (st->has_peer)
			nsrpctl_json_uint(&j, "peer_node_id", st->peer_node_id);
		nsrpctl_json_end_object(&j);
	} else if (st->has_peer) {
		printf("failover: peer %u is primary\n", st->peer_node_id);
	} else {
		puts("failover: this node is backup");
	}
}

static void nsrpctl_failover_usage(FILE *f)
{
	fprintf(f, "usage: nsrpctl [-j] failover\n"
		"Hands the primary role of this node to its live, synced peer\n"
		"and waits up to %u s for this node to become backup.\n",
		NSRPCTL_FAILOVER_WAIT_MS / 1000);
}

static int nsrpctl_failover(struct nsrpctl *ctx, int argc, char **argv)
{
	struct nsrpctl_failover_state st;
	struct nlmsghdr *nlh;
	struct nsrpctl_nl *nl;
	uint64_t deadline;
	int err;

	nlh = nsrpctl_noarg_request(ctx, &nsrpctl_cmd_failover, argc, argv,
				    "failover takes none", NSRP_CMD_FAILOVER,
				    &nl, &err);
	if (!nlh)
		return err;
	/* Its errors (not primary, no live peer, peer not synced) say why. */
	if (nsrpctl_nl_talk(nl, nlh, NULL, NULL))
		return NSRPCTL_EXIT_ERROR;

	deadline = nsrpctl_failover_now_ms() + NSRPCTL_FAILOVER_WAIT_MS;
	for (;;) {
		if (nsrpctl_failover_get(nl, &st))
			return NSRPCTL_EXIT_ERROR;
		if (st.role == NSRP_ROLE_BACKUP) {
			nsrpctl_failover_print(ctx, &st);
			return NSRPCTL_EXIT_OK;
		}
		if (nsrpctl_failover_now_ms() >= deadline)
			break;
		nsrpctl_failover_sleep(NSRPCTL_FAILOVER_POLL_MS);
	}
	nsrpctl_err("failover: requested, but this node is still %s after %u s",
		    st.role == NSRP_ROLE_PRIMARY ? "primary" : "not backup",
		    NSRPCTL_FAILOVER_WAIT_MS / 1000);
	return NSRPCTL_EXIT_ERROR;
}

const struct nsrpctl_cmd nsrpctl_cmd_failover = {
	.name = "failover",
	.summary = "hand the primary role to the peer and wait for it",
	.usage = nsrpctl_failover_usage,
	.run = nsrpctl_failover,
};
