// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * nsrpctl stats: NSRP_CMD_STATS_GET.
 *
 * Counters are printed in the order the kernel sent them, named from
 * enum nsrp_stat_attr. A counter this tool does not know yet is printed
 * as "stat_N": a newer kernel's counters still show, under a stable name.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include <linux/nsrp.h>

#include "json.h"
#include "netlink.h"

static const char *const nsrpctl_stat_names[] = {
	[NSRP_STAT_PACKETS]		= "packets",
	[NSRP_STAT_PACKETS_NOSESSION]	= "packets_nosession",
	[NSRP_STAT_CREATED]		= "created",
	[NSRP_STAT_CLOSED]		= "closed",
	[NSRP_STAT_EXPIRED]		= "expired",
	[NSRP_STAT_DELETED]		= "deleted",
	[NSRP_STAT_TABLE_FULL]		= "table_full",
	[NSRP_STAT_ALLOC_FAILED]	= "alloc_failed",
	[NSRP_STAT_ENFORCE_DROPS]	= "enforce_drops",
	[NSRP_STAT_INVALID]		= "invalid",
	[NSRP_STAT_INSERT_RACE]		= "insert_race",
	[NSRP_STAT_GC_RUNS]		= "gc_runs",
	[NSRP_STAT_GC_SCANNED]		= "gc_scanned",
};

_Static_assert(NSRPCTL_ARRAY_SIZE(nsrpctl_stat_names) == NSRP_STAT_MAX + 1,
	       "a counter of enum nsrp_stat_attr has no name");

/* Wide enough for every known name; "stat_N" of newer ones may push. */
#define NSRPCTL_STAT_NAME_WIDTH 18

enum nsrpctl_stats_mode {
	NSRPCTL_STATS_CHECK,
	NSRPCTL_STATS_HUMAN,
	NSRPCTL_STATS_JSON,
};

/*
 * Walk the NSRP_A_STATS nest. As with show, a first pass only validates,
 * so that output is never cut short by a malformed counter.
 */
static int nsrpctl_stats_walk(const struct nlattr *nest,
			      enum nsrpctl_stats_mode mode,
			      struct nsrpctl_json *j)
{
	const struct nlattr *attr;

	mnl_attr_for_each_nested(attr, nest) {
		uint16_t type = mnl_attr_get_type(attr);
		const char *name;
		char buf[16];
		uint64_t v;

		/*
		 * Type 0 is never a counter; a kernel aligning its u64s
		 * with nla_put_u64_64bit() would pad with it.
		 */
		if (type == NSRP_STAT_UNSPEC)
			continue;
		if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0) {
			/* Unknown counters of another width: skip them. */
			if (type > NSRP_STAT_MAX)
				continue;
			nsrpctl_err("malformed counter %u of NSRP_A_STATS from the kernel (%u byte payload)",
				    type, mnl_attr_get_payload_len(attr));
			return -EBADMSG;
		}
		if (type <= NSRP_STAT_MAX && nsrpctl_stat_names[type]) {
			name = nsrpctl_stat_names[type];
		} else {
			snprintf(buf, sizeof(buf), "stat_%u", type);
			name = buf;
		}
		v = mnl_attr_get_u64(attr);
		if (mode == NSRPCTL_STATS_HUMAN)
			printf("%-*s %" PRIu64 "\n", NSRPCTL_STAT_NAME_WIDTH,
			       name, v);
		else if (mode == NSRPCTL_STATS_JSON)
			nsrpctl_json_uint(j, name, v);
	}
	return 0;
}

static void nsrpctl_stats_usage(FILE *f)
{
	fputs("usage: nsrpctl [-j [-p]] stats\n", f);
}

static int nsrpctl_stats(struct nsrpctl *ctx, int argc, char **argv)
{
	static const struct nsrpctl_policy policy[NSRP_A_STATS + 1] = {
		[NSRP_A_STATS] = { MNL_TYPE_NESTED, 0 },
	};
	const struct nlattr *tb[NSRP_A_STATS + 1];
	struct nlmsghdr *nlh, *reply;
	struct nsrpctl_nl *nl;
	struct nsrpctl_json j;
	int err;

	nlh = nsrpctl_noarg_request(ctx, &nsrpctl_cmd_stats, argc, argv, "stats takes none",
				    NSRP_CMD_STATS_GET, &nl, &err);
	if (!nlh)
		return err;
	if (nsrpctl_nl_query(nl, nlh, &reply))
		return NSRPCTL_EXIT_ERROR;

	err = nsrpctl_attr_parse(reply, policy, NSRP_A_STATS, tb,
				 "NSRP_CMD_STATS_GET");
	if (!err && !tb[NSRP_A_STATS]) {
		nsrpctl_err("stats: the kernel sent no NSRP_A_STATS");
		err = -EPROTO;
	}
	if (!err)
		err = nsrpctl_stats_walk(tb[NSRP_A_STATS], NSRPCTL_STATS_CHECK,
					 NULL);
	if (!err && ctx->json) {
		nsrpctl_json_init(&j, stdout, ctx->pretty);
		nsrpctl_json_begin_object(&j, NULL);
		nsrpctl_stats_walk(tb[NSRP_A_STATS], NSRPCTL_STATS_JSON, &j);
		nsrpctl_json_end_object(&j);
	} else if (!err) {
		nsrpctl_stats_walk(tb[NSRP_A_STATS], NSRPCTL_STATS_HUMAN, NULL);
	}
	free(reply);
	return err ? NSRPCTL_EXIT_ERROR : NSRPCTL_EXIT_OK;
}

const struct nsrpctl_cmd nsrpctl_cmd_stats = {
	.name = "stats",
	.summary = "show the counters",
	.usage = nsrpctl_stats_usage,
	.run = nsrpctl_stats,
};
