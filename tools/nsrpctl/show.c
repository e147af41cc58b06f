// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * nsrpctl show: NSRP_CMD_GET.
 *
 * One table says, per attribute, how to validate it, how to label it for
 * humans and which JSON key it gets, so a new attribute is one new line.
 * Only attributes the kernel sent are printed: an older kernel's reply
 * simply has fewer lines, a newer kernel's extra attributes are skipped.
 * A nest may be shown twice, by two tables: the JSON "peer" object is the
 * peer's attributes of NSRP_A_SYNC, which humans read as "sync peer" lines.
 */

#include <errno.h>
#include <stdlib.h>

#include <linux/nsrp.h>

#include "json.h"
#include "names.h"
#include "netlink.h"

enum nsrpctl_show_fmt {
	NSRPCTL_SHOW_BOOL,	/* NLA_U8 0/1: .words { false, true }, JSON bool */
	NSRPCTL_SHOW_ENUM,	/* NLA_U8: .words by value, JSON string */
	NSRPCTL_SHOW_U8,	/* numbers: .unit after them for humans, */
	NSRPCTL_SHOW_U16,	/* or .zero instead of 0; JSON numbers */
	NSRPCTL_SHOW_U32,
	NSRPCTL_SHOW_HEX16,	/* NLA_U16, 0x%04x for humans, JSON number */
	NSRPCTL_SHOW_LINK,	/* NLA_U32 ifindex, named by .name_attr */
	NSRPCTL_SHOW_NEST,	/* NLA_NESTED, described by .nest */
};

struct nsrpctl_show_table;

/* Where a field is shown: both outputs unless restricted. */
enum nsrpctl_show_only {
	NSRPCTL_SHOW_BOTH,
	NSRPCTL_SHOW_ONLY_HUMAN,
	NSRPCTL_SHOW_ONLY_JSON,
};

struct nsrpctl_show_field {
	uint16_t attr;
	enum nsrpctl_show_fmt fmt;
	const char *label;	/* human; spelled like the set keyword */
	const char *key;	/* JSON */
	const char *unit;	/* numbers: appended for humans */
	const char *zero;	/* numbers: said for 0 to humans, or NULL */
	const char *const *words;	/* BOOL and ENUM */
	size_t nwords;
	uint16_t name_attr;	/* LINK: the NLA_NUL_STRING with its name */
	const struct nsrpctl_show_table *nest;
	enum nsrpctl_show_only only;
};

/* One row of a table; the optional members follow, designated. */
#define NSRPCTL_FIELD(a, f, l, k, ...)					\
	{ .attr = (a), .fmt = (f), .label = (l), .key = (k), __VA_ARGS__ }
#define NSRPCTL_WORDS(w) .words = (w), .nwords = NSRPCTL_ARRAY_SIZE(w)

struct nsrpctl_show_table {
	const char *what;	/* names the attribute set in messages */
	uint16_t max;		/* highest attribute type of the set */
	const struct nsrpctl_show_field *fields;
	size_t n;
};

/* Bound for the on-stack attribute tables below. */
#define NSRPCTL_SHOW_TB 64
_Static_assert(NSRP_A_MAX < NSRPCTL_SHOW_TB, "raise NSRPCTL_SHOW_TB");
_Static_assert(NSRP_A_TIMEOUT_MAX < NSRPCTL_SHOW_TB, "raise NSRPCTL_SHOW_TB");
_Static_assert(NSRP_SYNC_A_MAX < NSRPCTL_SHOW_TB, "raise NSRPCTL_SHOW_TB");

#define NSRPCTL_HUMAN_ONLY .only = NSRPCTL_SHOW_ONLY_HUMAN
#define NSRPCTL_JSON_ONLY .only = NSRPCTL_SHOW_ONLY_JSON

#define NSRPCTL_SHOW_LABEL_WIDTH 20

static const char *const nsrpctl_yesno[] = { "no", "yes" };
static const char *const nsrpctl_onoff[] = { "off", "on" };
static const char *const nsrpctl_updown[] = { "down", "up" };
/* As "set key none" removes it. */
static const char *const nsrpctl_keyset[] = { "none", "set" };

static const char *const nsrpctl_sync_states[] = {
	[NSRP_SYNC_NONE]	= "none",
	[NSRP_SYNC_IN_PROGRESS]	= "in-progress",
	[NSRP_SYNC_DONE]	= "done",
};

static const char *const nsrpctl_peer_states[] = {
	[NSRP_PEER_NONE]	= "none",
	[NSRP_PEER_UP]		= "up",
	[NSRP_PEER_DOWN]	= "down",
};

static const struct nsrpctl_show_field nsrpctl_timeout_fields[] = {
	NSRPCTL_FIELD(NSRP_A_TIMEOUT_TCP, NSRPCTL_SHOW_U32, "tcp", "tcp",
		      .unit = "s"),
	NSRPCTL_FIELD(NSRP_A_TIMEOUT_UDP, NSRPCTL_SHOW_U32, "udp", "udp",
		      .unit = "s"),
	NSRPCTL_FIELD(NSRP_A_TIMEOUT_ICMP, NSRPCTL_SHOW_U32, "icmp", "icmp",
		      .unit = "s"),
	NSRPCTL_FIELD(NSRP_A_TIMEOUT_OTHER, NSRPCTL_SHOW_U32, "other", "other",
		      .unit = "s"),
	NSRPCTL_FIELD(NSRP_A_TIMEOUT_TCP_SYN, NSRPCTL_SHOW_U32, "tcp-syn",
		      "tcp_syn", .unit = "s"),
	NSRPCTL_FIELD(NSRP_A_TIMEOUT_TCP_CLOSING, NSRPCTL_SHOW_U32,
		      "tcp-closing", "tcp_closing", .unit = "s"),
};

static const struct nsrpctl_show_table nsrpctl_timeouts = {
	.what = "NSRP_A_TIMEOUTS",
	.max = NSRP_A_TIMEOUT_MAX,
	.fields = nsrpctl_timeout_fields,
	.n = NSRPCTL_ARRAY_SIZE(nsrpctl_timeout_fields),
};

/* The peer's fields come only once a peer was heard. */
static const struct nsrpctl_show_field nsrpctl_sync_fields[] = {
	NSRPCTL_FIELD(NSRP_SYNC_A_STATE, NSRPCTL_SHOW_ENUM, "state", "state",
		      NSRPCTL_WORDS(nsrpctl_sync_states)),
	NSRPCTL_FIELD(NSRP_SYNC_A_SAFE, NSRPCTL_SHOW_BOOL, "failover-safe",
		      "failover_safe", NSRPCTL_WORDS(nsrpctl_yesno)),
	/* 0 while there is no HA link to derive it from. */
	NSRPCTL_FIELD(NSRP_SYNC_A_NODE_ID, NSRPCTL_SHOW_U16, "node-id",
		      "node_id", .zero = "none"),
	NSRPCTL_FIELD(NSRP_SYNC_A_EPOCH, NSRPCTL_SHOW_U32, "epoch", "epoch"),
	NSRPCTL_FIELD(NSRP_SYNC_A_LINK_UP, NSRPCTL_SHOW_BOOL, "link",
		      "link_up", NSRPCTL_WORDS(nsrpctl_updown)),
	NSRPCTL_FIELD(NSRP_SYNC_A_PEER, NSRPCTL_SHOW_ENUM, "peer", "peer",
		      NSRPCTL_WORDS(nsrpctl_peer_states)),
	NSRPCTL_FIELD(NSRP_SYNC_A_PEER_NODE_ID, NSRPCTL_SHOW_U16,
		      "peer node-id", "peer_node_id"),
	NSRPCTL_FIELD(NSRP_SYNC_A_PEER_EPOCH, NSRPCTL_SHOW_U32, "peer epoch",
		      "peer_epoch"),
	NSRPCTL_FIELD(NSRP_SYNC_A_PEER_SEEN_MS, NSRPCTL_SHOW_U32, "peer seen",
		      "peer_seen_ms", .unit = "ms ago"),
	/* In JSON these are members of the "peer" object only. */
	NSRPCTL_FIELD(NSRP_SYNC_A_PEER_ROLE, NSRPCTL_SHOW_ENUM, "peer role",
		      "role", NSRPCTL_WORDS(nsrpctl_role_names),
		      NSRPCTL_HUMAN_ONLY),
	NSRPCTL_FIELD(NSRP_SYNC_A_PEER_PRIORITY, NSRPCTL_SHOW_U8,
		      "peer priority", "priority", NSRPCTL_HUMAN_ONLY),
	NSRPCTL_FIELD(NSRP_SYNC_A_PEER_SYNCED, NSRPCTL_SHOW_BOOL, "peer synced",
		      "synced", NSRPCTL_WORDS(nsrpctl_yesno),
		      NSRPCTL_HUMAN_ONLY),
	NSRPCTL_FIELD(NSRP_SYNC_A_QUEUED, NSRPCTL_SHOW_U32, "queued",
		      "queued"),
	NSRPCTL_FIELD(NSRP_SYNC_A_ROLE_SINCE_MS, NSRPCTL_SHOW_U32, "role since",
		      "role_since_ms", .unit = "ms ago"),
	NSRPCTL_FIELD(NSRP_SYNC_A_ROLE_REASON, NSRPCTL_SHOW_ENUM, "role reason",
		      "role_reason", NSRPCTL_WORDS(nsrpctl_reason_names)),
};

static const struct nsrpctl_show_table nsrpctl_sync = {
	.what = "NSRP_A_SYNC",
	.max = NSRP_SYNC_A_MAX,
	.fields = nsrpctl_sync_fields,
	.n = NSRPCTL_ARRAY_SIZE(nsrpctl_sync_fields),
};

/*
 * The JSON "peer" object: the peer's members of NSRP_A_SYNC, under names
 * of their own. Only "state" until a peer was heard.
 */
static const struct nsrpctl_show_field nsrpctl_peer_fields[] = {
	NSRPCTL_FIELD(NSRP_SYNC_A_PEER, NSRPCTL_SHOW_ENUM, "state", "state",
		      NSRPCTL_WORDS(nsrpctl_peer_states)),
	NSRPCTL_FIELD(NSRP_SYNC_A_PEER_NODE_ID, NSRPCTL_SHOW_U16, "node-id",
		      "node_id"),
	NSRPCTL_FIELD(NSRP_SYNC_A_PEER_ROLE, NSRPCTL_SHOW_ENUM, "role", "role",
		      NSRPCTL_WORDS(nsrpctl_role_names)),
	NSRPCTL_FIELD(NSRP_SYNC_A_PEER_PRIORITY, NSRPCTL_SHOW_U8, "priority",
		      "priority"),
	NSRPCTL_FIELD(NSRP_SYNC_A_PEER_SYNCED, NSRPCTL_SHOW_BOOL, "synced",
		      "synced", NSRPCTL_WORDS(nsrpctl_yesno)),
	NSRPCTL_FIELD(NSRP_SYNC_A_PEER_SEEN_MS, NSRPCTL_SHOW_U32, "seen",
		      "seen_ms", .unit = "ms ago"),
};

static const struct nsrpctl_show_table nsrpctl_peer = {
	.what = "NSRP_A_SYNC",
	.max = NSRP_SYNC_A_MAX,
	.fields = nsrpctl_peer_fields,
	.n = NSRPCTL_ARRAY_SIZE(nsrpctl_peer_fields),
};

static const struct nsrpctl_show_field nsrpctl_show_fields[] = {
	NSRPCTL_FIELD(NSRP_A_ENABLED, NSRPCTL_SHOW_BOOL, "enabled", "enabled",
		      NSRPCTL_WORDS(nsrpctl_yesno)),
	NSRPCTL_FIELD(NSRP_A_ENFORCE, NSRPCTL_SHOW_BOOL, "enforce", "enforce",
		      NSRPCTL_WORDS(nsrpctl_onoff)),
	NSRPCTL_FIELD(NSRP_A_MAX_SESSIONS, NSRPCTL_SHOW_U32, "max-sessions",
		      "max_sessions"),
	NSRPCTL_FIELD(NSRP_A_TIMEOUTS, NSRPCTL_SHOW_NEST, "timeout",
		      "timeouts", .nest = &nsrpctl_timeouts),
	NSRPCTL_FIELD(NSRP_A_SESSIONS, NSRPCTL_SHOW_U32, "sessions",
		      "sessions"),
	NSRPCTL_FIELD(NSRP_A_SESSIONS_LOCAL, NSRPCTL_SHOW_U32,
		      "sessions local", "sessions_local"),
	NSRPCTL_FIELD(NSRP_A_SESSIONS_PEER, NSRPCTL_SHOW_U32, "sessions peer",
		      "sessions_peer"),
	NSRPCTL_FIELD(NSRP_A_SESSION_SIZE, NSRPCTL_SHOW_U32, "session size",
		      "session_size", .unit = " bytes"),
	NSRPCTL_FIELD(NSRP_A_TABLE_BUCKETS, NSRPCTL_SHOW_U32, "hash buckets",
		      "table_buckets"),
	NSRPCTL_FIELD(NSRP_A_HA_LINK, NSRPCTL_SHOW_LINK, "ha-link", "ha_link",
		      .name_attr = NSRP_A_HA_LINK_NAME),
	NSRPCTL_FIELD(NSRP_A_ETHERTYPE, NSRPCTL_SHOW_HEX16, "ethertype",
		      "ethertype"),
	NSRPCTL_FIELD(NSRP_A_CLUSTER_ID, NSRPCTL_SHOW_U16, "cluster-id",
		      "cluster_id"),
	/* As configured: "set node-id auto" (0) derives it from the MAC. */
	NSRPCTL_FIELD(NSRP_A_NODE_ID, NSRPCTL_SHOW_U16, "node-id", "node_id",
		      .zero = "auto"),
	NSRPCTL_FIELD(NSRP_A_MULTIPLIER, NSRPCTL_SHOW_U8, "multiplier",
		      "multiplier"),
	NSRPCTL_FIELD(NSRP_A_AGEOUT_ACK, NSRPCTL_SHOW_BOOL, "ageout-ack",
		      "ageout_ack", NSRPCTL_WORDS(nsrpctl_onoff)),
	NSRPCTL_FIELD(NSRP_A_FLUSH_MS, NSRPCTL_SHOW_U32, "flush-ms",
		      "flush_ms"),
	NSRPCTL_FIELD(NSRP_A_KEY_SET, NSRPCTL_SHOW_BOOL, "key", "key",
		      NSRPCTL_WORDS(nsrpctl_keyset)),
	NSRPCTL_FIELD(NSRP_A_MODE, NSRPCTL_SHOW_ENUM, "mode", "mode",
		      NSRPCTL_WORDS(nsrpctl_mode_names)),
	NSRPCTL_FIELD(NSRP_A_ROLE, NSRPCTL_SHOW_ENUM, "role", "role",
		      NSRPCTL_WORDS(nsrpctl_role_names)),
	NSRPCTL_FIELD(NSRP_A_PRIORITY, NSRPCTL_SHOW_U8, "priority",
		      "priority"),
	NSRPCTL_FIELD(NSRP_A_PREEMPT, NSRPCTL_SHOW_BOOL, "preempt", "preempt",
		      NSRPCTL_WORDS(nsrpctl_onoff)),
	NSRPCTL_FIELD(NSRP_A_HELLO_MS, NSRPCTL_SHOW_U32, "hello-interval",
		      "hello_interval", .unit = "ms"),
	NSRPCTL_FIELD(NSRP_A_DEAD_COUNT, NSRPCTL_SHOW_U8, "dead-count",
		      "dead_count"),
	NSRPCTL_FIELD(NSRP_A_HOLD_DOWN_MS, NSRPCTL_SHOW_U32, "hold-down",
		      "hold_down", .unit = "ms"),
	NSRPCTL_FIELD(NSRP_A_SYNC, NSRPCTL_SHOW_NEST, "peer", "peer",
		      .nest = &nsrpctl_peer, NSRPCTL_JSON_ONLY),
	NSRPCTL_FIELD(NSRP_A_SYNC, NSRPCTL_SHOW_NEST, "sync", "sync",
		      .nest = &nsrpctl_sync),
};

static const struct nsrpctl_show_table nsrpctl_show_top = {
	.what = "NSRP_CMD_GET",
	.max = NSRP_A_MAX,
	.fields = nsrpctl_show_fields,
	.n = NSRPCTL_ARRAY_SIZE(nsrpctl_show_fields),
};

static void nsrpctl_show_policy(const struct nsrpctl_show_table *t,
				struct nsrpctl_policy *policy)
{
	size_t i;

	for (i = 0; i <= t->max; i++)
		policy[i] = (struct nsrpctl_policy){ MNL_TYPE_UNSPEC, 0 };
	for (i = 0; i < t->n; i++) {
		const struct nsrpctl_show_field *f = &t->fields[i];
		struct nsrpctl_policy *p = &policy[f->attr];

		switch (f->fmt) {
		case NSRPCTL_SHOW_BOOL:
		case NSRPCTL_SHOW_ENUM:
		case NSRPCTL_SHOW_U8:
			p->type = MNL_TYPE_U8;
			break;
		case NSRPCTL_SHOW_U16:
		case NSRPCTL_SHOW_HEX16:
			p->type = MNL_TYPE_U16;
			break;
		case NSRPCTL_SHOW_U32:
			p->type = MNL_TYPE_U32;
			break;
		case NSRPCTL_SHOW_LINK:
			p->type = MNL_TYPE_U32;
			policy[f->name_attr].type = MNL_TYPE_NUL_STRING;
			break;
		case NSRPCTL_SHOW_NEST:
			p->type = MNL_TYPE_NESTED;
			break;
		}
	}
}

/* The number of a U8, U16 or U32 field; the policy checked its size. */
static uint32_t nsrpctl_show_uint(const struct nsrpctl_show_field *f,
				  const struct nlattr *attr)
{
	switch (f->fmt) {
	case NSRPCTL_SHOW_BOOL:
	case NSRPCTL_SHOW_ENUM:
	case NSRPCTL_SHOW_U8:
		return mnl_attr_get_u8(attr);
	case NSRPCTL_SHOW_U16:
	case NSRPCTL_SHOW_HEX16:
		return mnl_attr_get_u16(attr);
	case NSRPCTL_SHOW_U32:
	case NSRPCTL_SHOW_LINK:
		return mnl_attr_get_u32(attr);
	case NSRPCTL_SHOW_NEST:
		break;
	}
	return 0;
}

/*
 * The word of an ENUM value, or "<key>_N" for one a newer kernel added,
 * as session list does: the output stays parseable, the tool working.
 */
static const char *nsrpctl_show_word(const struct nsrpctl_show_field *f,
				     uint32_t v, char *buf, size_t len)
{
	return nsrpctl_name_of(f->words, f->nwords, v, f->key, buf, len);
}

static void nsrpctl_show_human(const struct nsrpctl_show_field *f,
			       const char *prefix, const struct nlattr **tb)
{
	const struct nlattr *attr = tb[f->attr];
	uint32_t v = nsrpctl_show_uint(f, attr);
	char label[64], buf[32];

	snprintf(label, sizeof(label), "%s%s%s", prefix ? prefix : "",
		 prefix ? " " : "", f->label);
	printf("%-*s ", NSRPCTL_SHOW_LABEL_WIDTH, label);
	switch (f->fmt) {
	case NSRPCTL_SHOW_BOOL:
		puts(f->words[!!v]);
		break;
	case NSRPCTL_SHOW_ENUM:
		puts(nsrpctl_show_word(f, v, buf, sizeof(buf)));
		break;
	case NSRPCTL_SHOW_U8:
	case NSRPCTL_SHOW_U16:
	case NSRPCTL_SHOW_U32:
		if (!v && f->zero)
			puts(f->zero);
		else
			printf("%u%s\n", v, f->unit ? f->unit : "");
		break;
	case NSRPCTL_SHOW_HEX16:
		printf("0x%04x\n", v);
		break;
	case NSRPCTL_SHOW_LINK:
		/* Without a name, an ifindex is a device that just went. */
		if (tb[f->name_attr])
			puts(mnl_attr_get_str(tb[f->name_attr]));
		else if (!v)
			puts("none");
		else
			printf("ifindex %u\n", v);
		break;
	case NSRPCTL_SHOW_NEST:
		break;
	}
}

static void nsrpctl_show_json(struct nsrpctl_json *j,
			      const struct nsrpctl_show_field *f,
			      const struct nlattr **tb)
{
	uint32_t v = nsrpctl_show_uint(f, tb[f->attr]);
	char buf[32];

	switch (f->fmt) {
	case NSRPCTL_SHOW_BOOL:
		nsrpctl_json_bool(j, f->key, v);
		break;
	case NSRPCTL_SHOW_ENUM:
		nsrpctl_json_string(j, f->key,
				    nsrpctl_show_word(f, v, buf, sizeof(buf)));
		break;
	case NSRPCTL_SHOW_U8:
	case NSRPCTL_SHOW_U16:
	case NSRPCTL_SHOW_U32:
	case NSRPCTL_SHOW_HEX16:
		nsrpctl_json_uint(j, f->key, v);
		break;
	case NSRPCTL_SHOW_LINK:
		/* The name or nothing: scripts test for the key. */
		if (tb[f->name_attr])
			nsrpctl_json_string(j, f->key,
					    mnl_attr_get_str(tb[f->name_attr]));
		break;
	case NSRPCTL_SHOW_NEST:
		break;
	}
}

enum nsrpctl_show_mode {
	NSRPCTL_SHOW_CHECK,	/* validate only */
	NSRPCTL_SHOW_HUMAN,
	NSRPCTL_SHOW_JSON,
};

/*
 * Walk the attributes of @t found in @tb. Nests recurse: their members
 * are labelled "<nest label> <member label>" for humans and go into a JSON
 * object of their own. The reply is walked once with NSRPCTL_SHOW_CHECK
 * before it is printed, so a malformed nest cannot leave half a JSON
 * document behind.
 */
static int nsrpctl_show_walk(const struct nsrpctl_show_table *t,
			     const struct nlattr **tb, const char *prefix,
			     enum nsrpctl_show_mode mode,
			     struct nsrpctl_json *j)
{
	struct nsrpctl_policy policy[NSRPCTL_SHOW_TB];
	const struct nlattr *sub[NSRPCTL_SHOW_TB];
	size_t i;
	int err;

	for (i = 0; i < t->n; i++) {
		const struct nsrpctl_show_field *f = &t->fields[i];

		if (!tb[f->attr])
			continue;
		if ((mode == NSRPCTL_SHOW_HUMAN &&
		     f->only == NSRPCTL_SHOW_ONLY_JSON) ||
		    (mode == NSRPCTL_SHOW_JSON &&
		     f->only == NSRPCTL_SHOW_ONLY_HUMAN))
			continue;
		if (f->fmt != NSRPCTL_SHOW_NEST) {
			if (mode == NSRPCTL_SHOW_JSON)
				nsrpctl_show_json(j, f, tb);
			else if (mode == NSRPCTL_SHOW_HUMAN)
				nsrpctl_show_human(f, prefix, tb);
			continue;
		}
		nsrpctl_show_policy(f->nest, policy);
		err = nsrpctl_attr_parse_nested(tb[f->attr], policy,
						f->nest->max, sub,
						f->nest->what);
		if (err)
			return err;
		if (mode == NSRPCTL_SHOW_JSON)
			nsrpctl_json_begin_object(j, f->key);
		err = nsrpctl_show_walk(f->nest, sub, f->label, mode, j);
		if (mode == NSRPCTL_SHOW_JSON)
			nsrpctl_json_end_object(j);
		if (err)
			return err;
	}
	return 0;
}

static void nsrpctl_show_usage(FILE *f)
{
	fputs("usage: nsrpctl [-j [-p]] show\n", f);
}

static int nsrpctl_show(struct nsrpctl *ctx, int argc, char **argv)
{
	struct nsrpctl_policy policy[NSRPCTL_SHOW_TB];
	const struct nlattr *tb[NSRPCTL_SHOW_TB];
	const struct nsrpctl_show_table *t = &nsrpctl_show_top;
	struct nlmsghdr *nlh, *reply;
	struct nsrpctl_nl *nl;
	struct nsrpctl_json j;
	int err;

	nlh = nsrpctl_noarg_request(ctx, &nsrpctl_cmd_show, argc, argv, "show takes none",
				    NSRP_CMD_GET, &nl, &err);
	if (!nlh)
		return err;
	if (nsrpctl_nl_query(nl, nlh, &reply))
		return NSRPCTL_EXIT_ERROR;

	nsrpctl_show_policy(t, policy);
	err = nsrpctl_attr_parse(reply, policy, t->max, tb, t->what);
	if (!err)
		err = nsrpctl_show_walk(t, tb, NULL, NSRPCTL_SHOW_CHECK, NULL);
	if (!err && ctx->json) {
		nsrpctl_json_init(&j, stdout, ctx->pretty);
		nsrpctl_json_begin_object(&j, NULL);
		nsrpctl_show_walk(t, tb, NULL, NSRPCTL_SHOW_JSON, &j);
		nsrpctl_json_end_object(&j);
	} else if (!err) {
		nsrpctl_show_walk(t, tb, NULL, NSRPCTL_SHOW_HUMAN, NULL);
	}
	free(reply);
	return err ? NSRPCTL_EXIT_ERROR : NSRPCTL_EXIT_OK;
}

const struct nsrpctl_cmd nsrpctl_cmd_show = {
	.name = "show",
	.summary = "show the configuration and the session counts",
	.usage = nsrpctl_show_usage,
	.run = nsrpctl_show,
};
