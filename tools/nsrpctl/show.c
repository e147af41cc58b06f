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
 */

#include <errno.h>
#include <stdlib.h>

#include <linux/nsrp.h>

#include "json.h"
#include "netlink.h"

enum nsrpctl_show_fmt {
	NSRPCTL_SHOW_YESNO,	/* NLA_U8 0/1: yes/no, JSON bool */
	NSRPCTL_SHOW_ONOFF,	/* NLA_U8 0/1: on/off, JSON bool */
	NSRPCTL_SHOW_COUNT,	/* NLA_U32 */
	NSRPCTL_SHOW_SECONDS,	/* NLA_U32, "s" for humans */
	NSRPCTL_SHOW_BYTES,	/* NLA_U32, " bytes" for humans */
	NSRPCTL_SHOW_NEST,	/* NLA_NESTED, described by .nest */
};

struct nsrpctl_show_table;

struct nsrpctl_show_field {
	uint16_t attr;
	enum nsrpctl_show_fmt fmt;
	const char *label;	/* human; spelled like the set keyword */
	const char *key;	/* JSON */
	const struct nsrpctl_show_table *nest;
};

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

#define NSRPCTL_SHOW_LABEL_WIDTH 20

static const struct nsrpctl_show_field nsrpctl_timeout_fields[] = {
	{ NSRP_A_TIMEOUT_TCP, NSRPCTL_SHOW_SECONDS, "tcp", "tcp", NULL },
	{ NSRP_A_TIMEOUT_UDP, NSRPCTL_SHOW_SECONDS, "udp", "udp", NULL },
	{ NSRP_A_TIMEOUT_ICMP, NSRPCTL_SHOW_SECONDS, "icmp", "icmp", NULL },
	{ NSRP_A_TIMEOUT_OTHER, NSRPCTL_SHOW_SECONDS, "other", "other", NULL },
	{ NSRP_A_TIMEOUT_TCP_SYN, NSRPCTL_SHOW_SECONDS, "tcp-syn", "tcp_syn",
	  NULL },
	{ NSRP_A_TIMEOUT_TCP_CLOSING, NSRPCTL_SHOW_SECONDS, "tcp-closing",
	  "tcp_closing", NULL },
};

static const struct nsrpctl_show_table nsrpctl_timeouts = {
	.what = "NSRP_A_TIMEOUTS",
	.max = NSRP_A_TIMEOUT_MAX,
	.fields = nsrpctl_timeout_fields,
	.n = NSRPCTL_ARRAY_SIZE(nsrpctl_timeout_fields),
};

static const struct nsrpctl_show_field nsrpctl_show_fields[] = {
	{ NSRP_A_ENABLED, NSRPCTL_SHOW_YESNO, "enabled", "enabled", NULL },
	{ NSRP_A_ENFORCE, NSRPCTL_SHOW_ONOFF, "enforce", "enforce", NULL },
	{ NSRP_A_MAX_SESSIONS, NSRPCTL_SHOW_COUNT, "max-sessions",
	  "max_sessions", NULL },
	{ NSRP_A_TIMEOUTS, NSRPCTL_SHOW_NEST, "timeout", "timeouts",
	  &nsrpctl_timeouts },
	{ NSRP_A_SESSIONS, NSRPCTL_SHOW_COUNT, "sessions", "sessions", NULL },
	{ NSRP_A_SESSIONS_LOCAL, NSRPCTL_SHOW_COUNT, "sessions local",
	  "sessions_local", NULL },
	{ NSRP_A_SESSIONS_PEER, NSRPCTL_SHOW_COUNT, "sessions peer",
	  "sessions_peer", NULL },
	{ NSRP_A_SESSION_SIZE, NSRPCTL_SHOW_BYTES, "session size",
	  "session_size", NULL },
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
		struct nsrpctl_policy *p = &policy[t->fields[i].attr];

		switch (t->fields[i].fmt) {
		case NSRPCTL_SHOW_YESNO:
		case NSRPCTL_SHOW_ONOFF:
			p->type = MNL_TYPE_U8;
			break;
		case NSRPCTL_SHOW_COUNT:
		case NSRPCTL_SHOW_SECONDS:
		case NSRPCTL_SHOW_BYTES:
			p->type = MNL_TYPE_U32;
			break;
		case NSRPCTL_SHOW_NEST:
			p->type = MNL_TYPE_NESTED;
			break;
		}
	}
}

static void nsrpctl_show_human(const struct nsrpctl_show_field *f,
			       const char *prefix, const struct nlattr *attr)
{
	char label[64];

	snprintf(label, sizeof(label), "%s%s%s", prefix ? prefix : "",
		 prefix ? " " : "", f->label);
	printf("%-*s ", NSRPCTL_SHOW_LABEL_WIDTH, label);
	switch (f->fmt) {
	case NSRPCTL_SHOW_YESNO:
		puts(mnl_attr_get_u8(attr) ? "yes" : "no");
		break;
	case NSRPCTL_SHOW_ONOFF:
		puts(mnl_attr_get_u8(attr) ? "on" : "off");
		break;
	case NSRPCTL_SHOW_COUNT:
		printf("%u\n", mnl_attr_get_u32(attr));
		break;
	case NSRPCTL_SHOW_SECONDS:
		printf("%us\n", mnl_attr_get_u32(attr));
		break;
	case NSRPCTL_SHOW_BYTES:
		printf("%u bytes\n", mnl_attr_get_u32(attr));
		break;
	case NSRPCTL_SHOW_NEST:
		break;
	}
}

static void nsrpctl_show_json(struct nsrpctl_json *j,
			      const struct nsrpctl_show_field *f,
			      const struct nlattr *attr)
{
	switch (f->fmt) {
	case NSRPCTL_SHOW_YESNO:
	case NSRPCTL_SHOW_ONOFF:
		nsrpctl_json_bool(j, f->key, mnl_attr_get_u8(attr));
		break;
	case NSRPCTL_SHOW_COUNT:
	case NSRPCTL_SHOW_SECONDS:
	case NSRPCTL_SHOW_BYTES:
		nsrpctl_json_uint(j, f->key, mnl_attr_get_u32(attr));
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
		if (f->fmt != NSRPCTL_SHOW_NEST) {
			if (mode == NSRPCTL_SHOW_JSON)
				nsrpctl_show_json(j, f, tb[f->attr]);
			else if (mode == NSRPCTL_SHOW_HUMAN)
				nsrpctl_show_human(f, prefix, tb[f->attr]);
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
