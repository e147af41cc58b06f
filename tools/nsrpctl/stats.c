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
	/* Replication: the enum's suffix, lowercased, as above. */
	[NSRP_STAT_SYNC_TX_FRAMES]		= "sync_tx_frames",
	[NSRP_STAT_SYNC_TX_BYTES]		= "sync_tx_bytes",
	[NSRP_STAT_SYNC_TX_ERRORS]		= "sync_tx_errors",
	[NSRP_STAT_SYNC_RX_FRAMES]		= "sync_rx_frames",
	[NSRP_STAT_SYNC_RX_BYTES]		= "sync_rx_bytes",
	[NSRP_STAT_SYNC_TX_UPSERT]		= "sync_tx_upsert",
	[NSRP_STAT_SYNC_TX_CLOSE]		= "sync_tx_close",
	[NSRP_STAT_SYNC_TX_BULK_END]		= "sync_tx_bulk_end",
	[NSRP_STAT_SYNC_TX_HELLO]		= "sync_tx_hello",
	[NSRP_STAT_SYNC_TX_ACK]			= "sync_tx_ack",
	[NSRP_STAT_SYNC_TX_NACK]		= "sync_tx_nack",
	[NSRP_STAT_SYNC_TX_BULK_REQ]		= "sync_tx_bulk_req",
	[NSRP_STAT_SYNC_TX_AGE_QUERY]		= "sync_tx_age_query",
	[NSRP_STAT_SYNC_TX_AGE_ANSWER]		= "sync_tx_age_answer",
	[NSRP_STAT_SYNC_RX_UPSERT]		= "sync_rx_upsert",
	[NSRP_STAT_SYNC_RX_CLOSE]		= "sync_rx_close",
	[NSRP_STAT_SYNC_RX_BULK_END]		= "sync_rx_bulk_end",
	[NSRP_STAT_SYNC_RX_HELLO]		= "sync_rx_hello",
	[NSRP_STAT_SYNC_RX_ACK]			= "sync_rx_ack",
	[NSRP_STAT_SYNC_RX_NACK]		= "sync_rx_nack",
	[NSRP_STAT_SYNC_RX_BULK_REQ]		= "sync_rx_bulk_req",
	[NSRP_STAT_SYNC_RX_AGE_QUERY]		= "sync_rx_age_query",
	[NSRP_STAT_SYNC_RX_AGE_ANSWER]		= "sync_rx_age_answer",
	[NSRP_STAT_SYNC_DROP_TRUNCATED]		= "sync_drop_truncated",
	[NSRP_STAT_SYNC_DROP_BAD_VERSION]	= "sync_drop_bad_version",
	[NSRP_STAT_SYNC_DROP_BAD_TYPE]		= "sync_drop_bad_type",
	[NSRP_STAT_SYNC_DROP_BAD_FLAGS]		= "sync_drop_bad_flags",
	[NSRP_STAT_SYNC_DROP_BAD_LENGTH]	= "sync_drop_bad_length",
	[NSRP_STAT_SYNC_DROP_RESERVED]		= "sync_drop_reserved",
	[NSRP_STAT_SYNC_DROP_BAD_NODE]		= "sync_drop_bad_node",
	[NSRP_STAT_SYNC_DROP_BAD_SEQ]		= "sync_drop_bad_seq",
	[NSRP_STAT_SYNC_DROP_BAD_COUNT]		= "sync_drop_bad_count",
	[NSRP_STAT_SYNC_DROP_BAD_RECORD]	= "sync_drop_bad_record",
	[NSRP_STAT_SYNC_DROP_MISPLACED]		= "sync_drop_misplaced",
	[NSRP_STAT_SYNC_DROP_BAD_FAMILY]	= "sync_drop_bad_family",
	[NSRP_STAT_SYNC_DROP_BAD_ADDR]		= "sync_drop_bad_addr",
	[NSRP_STAT_SYNC_DROP_BAD_PORTS]		= "sync_drop_bad_ports",
	[NSRP_STAT_SYNC_DROP_BAD_KEY_ORDER]	= "sync_drop_bad_key_order",
	[NSRP_STAT_SYNC_DROP_BAD_STATE]		= "sync_drop_bad_state",
	[NSRP_STAT_SYNC_DROP_BAD_TIMEOUT]	= "sync_drop_bad_timeout",
	[NSRP_STAT_SYNC_DROP_BAD_REMAINING]	= "sync_drop_bad_remaining",
	[NSRP_STAT_SYNC_DROP_BAD_VERDICT]	= "sync_drop_bad_verdict",
	[NSRP_STAT_SYNC_DROP_BAD_HELLO]		= "sync_drop_bad_hello",
	[NSRP_STAT_SYNC_DROP_BAD_ACK]		= "sync_drop_bad_ack",
	[NSRP_STAT_SYNC_DROP_BAD_NACK]		= "sync_drop_bad_nack",
	[NSRP_STAT_SYNC_DROP_BAD_BULK]		= "sync_drop_bad_bulk",
	[NSRP_STAT_SYNC_DROP_OTHER_CLUSTER]	= "sync_drop_other_cluster",
	[NSRP_STAT_SYNC_DROP_OWN_NODE]		= "sync_drop_own_node",
	[NSRP_STAT_SYNC_DROP_NO_MAC]		= "sync_drop_no_mac",
	[NSRP_STAT_SYNC_DROP_BAD_MAC]		= "sync_drop_bad_mac",
	[NSRP_STAT_SYNC_DROP_STALE_EPOCH]	= "sync_drop_stale_epoch",
	[NSRP_STAT_SYNC_DROP_REPLAY]		= "sync_drop_replay",
	[NSRP_STAT_SYNC_DROP_LATE]		= "sync_drop_late",
	[NSRP_STAT_SYNC_INSTALLED]		= "sync_installed",
	[NSRP_STAT_SYNC_INSTALL_FAILED]		= "sync_install_failed",
	[NSRP_STAT_SYNC_CONFLICTS]		= "sync_conflicts",
	[NSRP_STAT_SYNC_AGE_QUERIES]		= "sync_age_queries",
	[NSRP_STAT_SYNC_AGE_ACTIVE]		= "sync_age_active",
	[NSRP_STAT_SYNC_AGE_IDLE]		= "sync_age_idle",
	[NSRP_STAT_SYNC_AGE_GONE]		= "sync_age_gone",
	[NSRP_STAT_SYNC_AGE_NO_ANSWER]		= "sync_age_no_answer",
	[NSRP_STAT_SYNC_BULK_REQUESTS]		= "sync_bulk_requests",
	[NSRP_STAT_SYNC_BULK_DONE]		= "sync_bulk_done",
	[NSRP_STAT_SYNC_BULK_SERVED]		= "sync_bulk_served",
	[NSRP_STAT_SYNC_BULK_SESSIONS]		= "sync_bulk_sessions",
	[NSRP_STAT_SYNC_RETRANSMITS]		= "sync_retransmits",
	[NSRP_STAT_SYNC_RETRANSMIT_RECORDS]	= "sync_retransmit_records",
	[NSRP_STAT_SYNC_RESYNCS]		= "sync_resyncs",
	[NSRP_STAT_SYNC_QUEUE_FULL]		= "sync_queue_full",
	[NSRP_STAT_SYNC_HANDOVER_SENT]		= "sync_handover_sent",
	[NSRP_STAT_SYNC_HANDOVER_RECEIVED]	= "sync_handover_received",
	[NSRP_STAT_HA_ROLE_CHANGES]		= "ha_role_changes",
	[NSRP_STAT_HA_PEER_DEATHS]		= "ha_peer_deaths",
	[NSRP_STAT_HA_TAKEN_OVER]		= "ha_taken_over",
	[NSRP_STAT_HA_FAILOVERS]		= "ha_failovers",
};

_Static_assert(NSRPCTL_ARRAY_SIZE(nsrpctl_stat_names) == NSRP_STAT_MAX + 1,
	       "a counter of enum nsrp_stat_attr has no name");

/*
 * Wide enough for every known name (sync_drop_bad_key_order is the
 * longest) and one blank; "stat_N" of newer ones may push.
 */
#define NSRPCTL_STAT_NAME_WIDTH 24

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
