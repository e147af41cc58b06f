// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * nsrpctl monitor: the NSRP_CMD_EVENT notifications of the "events"
 * multicast group, one line each, until killed.
 *
 * Every line is flushed at once: a monitor usually writes into a pipe or
 * a log that someone (or a test) reads while it runs. Lines start with the
 * time the event was read, since the kernel does not stamp them. Only the
 * attributes an event carries are printed; an event type or a value of a
 * newer kernel is printed as "event_N", "role_N", ..., as show does.
 */

#include <errno.h>
#include <stdarg.h>
#include <time.h>

#include <linux/genetlink.h>
#include <linux/nsrp.h>

#include "json.h"
#include "names.h"
#include "netlink.h"

static const char *const nsrpctl_event_names[NSRP_EVENT_AGEOUT + 1] = {
	[NSRP_EVENT_ROLE]	= "role",
	[NSRP_EVENT_PEER_UP]	= "peer-up",
	[NSRP_EVENT_PEER_DOWN]	= "peer-down",
	[NSRP_EVENT_BULK_START]	= "bulk-start",
	[NSRP_EVENT_BULK_END]	= "bulk-end",
	[NSRP_EVENT_AGEOUT]	= "ageout",
};

/* The JSON members, in attribute order; words for the enums. */
static const struct nsrpctl_event_field {
	uint16_t attr;
	enum mnl_attr_data_type type;
	const char *key;
	const char *const *words;	/* NULL: a number */
	size_t nwords;
	const char *what;		/* "<what>_N" for an unknown value */
} nsrpctl_event_fields[] = {
#define NSRPCTL_EV_NUM(a, t, k) { .attr = (a), .type = (t), .key = (k) }
#define NSRPCTL_EV_ENUM(a, k, w, pfx)					\
	{ .attr = (a), .type = MNL_TYPE_U8, .key = (k), .words = (w),	\
	  .nwords = NSRPCTL_ARRAY_SIZE(w), .what = (pfx) }
	NSRPCTL_EV_ENUM(NSRP_EVENT_A_ROLE, "role", nsrpctl_role_names, "role"),
	NSRPCTL_EV_ENUM(NSRP_EVENT_A_OLD_ROLE, "old_role", nsrpctl_role_names,
			"role"),
	NSRPCTL_EV_ENUM(NSRP_EVENT_A_REASON, "reason", nsrpctl_reason_names,
			"reason"),
	NSRPCTL_EV_NUM(NSRP_EVENT_A_PEER_NODE_ID, MNL_TYPE_U16, "peer_node_id"),
	NSRPCTL_EV_NUM(NSRP_EVENT_A_SESSIONS, MNL_TYPE_U32, "sessions"),
	NSRPCTL_EV_NUM(NSRP_EVENT_A_MS, MNL_TYPE_U32, "ms"),
	NSRPCTL_EV_NUM(NSRP_EVENT_A_KEPT, MNL_TYPE_U32, "kept"),
	NSRPCTL_EV_NUM(NSRP_EVENT_A_SHORTENED, MNL_TYPE_U32, "shortened"),
	NSRPCTL_EV_NUM(NSRP_EVENT_A_REMOVED, MNL_TYPE_U32, "removed"),
#undef NSRPCTL_EV_NUM
#undef NSRPCTL_EV_ENUM
};

struct nsrpctl_monitor {
	bool json;
	struct nsrpctl_policy policy[NSRP_EVENT_A_MAX + 1];
};

/* A line being built; what does not fit is cut, never overflows. */
struct nsrpctl_line {
	char buf[256];
	size_t len;
};

static void nsrpctl_line_add(struct nsrpctl_line *l, const char *fmt, ...)
	NSRPCTL_PRINTF(2, 3);

static void nsrpctl_line_add(struct nsrpctl_line *l, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (l->len >= sizeof(l->buf))
		return;
	va_start(ap, fmt);
	r = vsnprintf(l->buf + l->len, sizeof(l->buf) - l->len, fmt, ap);
	va_end(ap);
	if (r > 0)
		l->len += (size_t)r;
}

static uint32_t nsrpctl_event_uint(const struct nlattr *attr)
{
	switch (mnl_attr_get_payload_len(attr)) {
	case 1:
		return mnl_attr_get_u8(attr);
	case 2:
		return mnl_attr_get_u16(attr);
	default:
		return mnl_attr_get_u32(attr);
	}
}

static const char *nsrpctl_event_word(const struct nlattr **ev, uint16_t attr,
				      char *buf, size_t len)
{
	const char *const *names = nsrpctl_role_names;
	size_t n = NSRPCTL_ARRAY_SIZE(nsrpctl_role_names);
	const char *what = "role";

	if (attr == NSRP_EVENT_A_REASON) {
		names = nsrpctl_reason_names;
		n = NSRPCTL_ARRAY_SIZE(nsrpctl_reason_names);
		what = "reason";
	}
	return nsrpctl_name_of(names, n, mnl_attr_get_u8(ev[attr]), what, buf,
			       len);
}

/* "role backup -> primary (peer-dead), 12 sessions taken over" */
static void nsrpctl_event_role(struct nsrpctl_line *l,
			       const struct nlattr **ev)
{
	uint32_t role = ev[NSRP_EVENT_A_ROLE] ?
		mnl_attr_get_u8(ev[NSRP_EVENT_A_ROLE]) : 0;
	char buf[32];

	nsrpctl_line_add(l, "role");
	if (ev[NSRP_EVENT_A_OLD_ROLE])
		nsrpctl_line_add(l, " %s ->",
				 nsrpctl_event_word(ev, NSRP_EVENT_A_OLD_ROLE,
						    buf, sizeof(buf)));
	if (ev[NSRP_EVENT_A_ROLE])
		nsrpctl_line_add(l, " %s",
				 nsrpctl_event_word(ev, NSRP_EVENT_A_ROLE, buf,
						    sizeof(buf)));
	if (ev[NSRP_EVENT_A_REASON])
		nsrpctl_line_add(l, " (%s)",
				 nsrpctl_event_word(ev, NSRP_EVENT_A_REASON,
						    buf, sizeof(buf)));
	if (ev[NSRP_EVENT_A_SESSIONS]) {
		uint32_t n = mnl_attr_get_u32(ev[NSRP_EVENT_A_SESSIONS]);

		/* A new primary took the peer's over; a backup gave its own. */
		nsrpctl_line_add(l, ", %u session%s %s", n, n == 1 ? "" : "s",
				 role == NSRP_ROLE_PRIMARY ? "taken over" :
				 "handed over");
	}
}

static void nsrpctl_event_human(const struct timespec *ts, uint32_t type,
				const struct nlattr **ev)
{
	const struct nlattr *peer = ev[NSRP_EVENT_A_PEER_NODE_ID];
	const struct nlattr *ms = ev[NSRP_EVENT_A_MS];
	const struct nlattr *sessions = ev[NSRP_EVENT_A_SESSIONS];
	struct nsrpctl_line l = { .len = 0 };
	char stamp[32];
	struct tm tm;

	localtime_r(&ts->tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	nsrpctl_line_add(&l, "%s.%03ld ", stamp, ts->tv_nsec / 1000000);

	switch (type) {
	case NSRP_EVENT_ROLE:
		nsrpctl_event_role(&l, ev);
		break;
	case NSRP_EVENT_PEER_UP:
	case NSRP_EVENT_PEER_DOWN:
		nsrpctl_line_add(&l, "peer %s",
				 type == NSRP_EVENT_PEER_UP ? "up" : "down");
		if (peer)
			nsrpctl_line_add(&l, " node %u", mnl_attr_get_u16(peer));
		if (ms)
			nsrpctl_line_add(&l, " (silent %u ms)",
					 mnl_attr_get_u32(ms));
		break;
	case NSRP_EVENT_BULK_START:
		nsrpctl_line_add(&l, "bulk sync start");
		break;
	case NSRP_EVENT_BULK_END:
		nsrpctl_line_add(&l, "bulk sync done");
		if (sessions)
			nsrpctl_line_add(&l, ": %u sessions",
					 mnl_attr_get_u32(sessions));
		if (ms)
			nsrpctl_line_add(&l, "%s %u ms", sessions ? " in" : ": in",
					 mnl_attr_get_u32(ms));
		break;
	case NSRP_EVENT_AGEOUT:
		nsrpctl_line_add(&l, "ageout-ack:");
		if (ev[NSRP_EVENT_A_KEPT])
			nsrpctl_line_add(&l, " %u kept,",
					 mnl_attr_get_u32(ev[NSRP_EVENT_A_KEPT]));
		if (ev[NSRP_EVENT_A_SHORTENED])
			nsrpctl_line_add(&l, " %u shortened,",
					 mnl_attr_get_u32(ev[NSRP_EVENT_A_SHORTENED]));
		if (ev[NSRP_EVENT_A_REMOVED])
			nsrpctl_line_add(&l, " %u removed,",
					 mnl_attr_get_u32(ev[NSRP_EVENT_A_REMOVED]));
		/* No comma after the last count. */
		if (l.len < sizeof(l.buf) && l.buf[l.len - 1] == ',')
			l.buf[--l.len] = '\0';
		break;
	default:
		nsrpctl_line_add(&l, "event_%u", type);
	}
	puts(l.buf);
}

static void nsrpctl_event_json(const struct timespec *ts, uint32_t type,
			       const struct nlattr **ev)
{
	struct nsrpctl_json j;
	char buf[32];
	size_t i;

	/* One object per line: -p would spread it over several. */
	nsrpctl_json_init(&j, stdout, false);
	nsrpctl_json_begin_object(&j, NULL);
	nsrpctl_json_decimal(&j, "time", (uint64_t)ts->tv_sec * 1000000 +
			     (uint64_t)ts->tv_nsec / 1000, 6);
	nsrpctl_json_string(&j, "event",
			    NSRPCTL_NAME_OF(nsrpctl_event_names, type, "event",
					    buf));
	for (i = 0; i < NSRPCTL_ARRAY_SIZE(nsrpctl_event_fields); i++) {
		const struct nsrpctl_event_field *f = &nsrpctl_event_fields[i];
		const struct nlattr *a = ev[f->attr];

		if (!a)
			continue;
		if (f->words)
			nsrpctl_json_string(&j, f->key,
					    nsrpctl_name_of(f->words, f->nwords,
							    mnl_attr_get_u8(a),
							    f->what, buf,
							    sizeof(buf)));
		else
			nsrpctl_json_uint(&j, f->key, nsrpctl_event_uint(a));
	}
	nsrpctl_json_end_object(&j);
}

/*
 * One notification. A malformed one is reported and skipped: a monitor
 * keeps running. Returns -ECANCELED when the output cannot be written.
 */
static int nsrpctl_monitor_cb(const struct nlmsghdr *nlh, void *data)
{
	static const struct nsrpctl_policy top[NSRP_A_MAX + 1] = {
		[NSRP_A_EVENT] = { MNL_TYPE_NESTED, 0 },
	};
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[NSRP_A_MAX + 1];
	const struct nlattr *ev[NSRP_EVENT_A_MAX + 1];
	struct nsrpctl_monitor *m = data;
	struct timespec ts;
	uint32_t type;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN ||
	    genl->cmd != NSRP_CMD_EVENT)
		return 0;
	if (nsrpctl_attr_parse(nlh, top, NSRP_A_MAX, tb, "NSRP_CMD_EVENT") ||
	    !tb[NSRP_A_EVENT] ||
	    nsrpctl_attr_parse_nested(tb[NSRP_A_EVENT], m->policy,
				      NSRP_EVENT_A_MAX, ev, "NSRP_A_EVENT") ||
	    !ev[NSRP_EVENT_A_TYPE])
		return 0;

	type = mnl_attr_get_u8(ev[NSRP_EVENT_A_TYPE]);
	if (m->json)
		nsrpctl_event_json(&ts, type, ev);
	else
		nsrpctl_event_human(&ts, type, ev);
	if (fflush(stdout) || ferror(stdout))
		return -ECANCELED;
	return 0;
}

static void nsrpctl_monitor_usage(FILE *f)
{
	fputs("usage: nsrpctl [-j] monitor [-j]\n"
	      "Prints the events of the HA roles and of replication, one line\n"
	      "each (with -j, one JSON object each), until killed.\n", f);
}

static int nsrpctl_monitor(struct nsrpctl *ctx, int argc, char **argv)
{
	struct nsrpctl_monitor m = { .json = ctx->json };
	struct nsrpctl_nl *nl;
	size_t i;
	int err;

	/* "monitor -j" as well as "-j monitor": both are in use. */
	if (argc > 1 && (!strcmp(argv[1], "-j") || !strcmp(argv[1], "-json") ||
			 !strcmp(argv[1], "--json"))) {
		m.json = true;
		argc--;
		argv++;
	}
	if (argc > 1)
		return nsrpctl_usage(&nsrpctl_cmd_monitor,
				     "unexpected argument '%s' (monitor takes none but -j)",
				     argv[1]);
	if (ctx->check_only)
		return NSRPCTL_EXIT_OK;

	m.policy[NSRP_EVENT_A_TYPE] = (struct nsrpctl_policy){ MNL_TYPE_U8, 0 };
	for (i = 0; i < NSRPCTL_ARRAY_SIZE(nsrpctl_event_fields); i++)
		m.policy[nsrpctl_event_fields[i].attr].type =
			nsrpctl_event_fields[i].type;

	nl = nsrpctl_nl_get(ctx);
	if (!nl)
		return NSRPCTL_EXIT_ERROR;
	if (nsrpctl_nl_join(nl, NSRP_MCGRP_EVENTS))
		return NSRPCTL_EXIT_ERROR;
	err = nsrpctl_nl_listen(nl, nsrpctl_monitor_cb, &m);
	return err ? NSRPCTL_EXIT_ERROR : NSRPCTL_EXIT_OK;
}

const struct nsrpctl_cmd nsrpctl_cmd_monitor = {
	.name = "monitor",
	.summary = "print the HA and replication events as they happen",
	.usage = nsrpctl_monitor_usage,
	.run = nsrpctl_monitor,
};
