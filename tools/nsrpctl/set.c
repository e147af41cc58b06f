// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * nsrpctl set: NSRP_CMD_SET with exactly the attributes the user named.
 *
 * Keywords are looked up in nsrpctl_set_kws; each one has a handler that
 * checks its arguments and records them in struct nsrpctl_set_req. The
 * request is only built, and the kernel only asked, once every keyword
 * parsed: a typo in the last word must not apply the first ones. A new
 * keyword is a handler, a table line and, in nsrpctl_set_put(), the
 * attribute it becomes.
 */

#include <linux/nsrp.h>

#include "netlink.h"

struct nsrpctl_set_req {
	int enabled;		/* -1: not given */
	int enforce;		/* -1: not given */
	bool has_max_sessions;
	uint32_t max_sessions;
	uint32_t timeouts[NSRP_A_TIMEOUT_MAX + 1];	/* 0: not given */
};

struct nsrpctl_set_kw {
	const char *name;
	const char *args;	/* for the usage text */
	/*
	 * @argv[0] is the keyword, @argc counts it. Returns the number of
	 * words used, or -1 after reporting bad usage.
	 */
	int (*parse)(const struct nsrpctl_set_kw *kw, int argc, char **argv,
		     struct nsrpctl_set_req *req);
	int value;		/* handler specific */
};

static const struct nsrpctl_timeout_kw {
	const char *name;
	uint16_t attr;
} nsrpctl_timeout_kws[] = {
	{ "tcp", NSRP_A_TIMEOUT_TCP },
	{ "udp", NSRP_A_TIMEOUT_UDP },
	{ "icmp", NSRP_A_TIMEOUT_ICMP },
	{ "other", NSRP_A_TIMEOUT_OTHER },
	{ "tcp-syn", NSRP_A_TIMEOUT_TCP_SYN },
	{ "tcp-closing", NSRP_A_TIMEOUT_TCP_CLOSING },
};

#define NSRPCTL_SET_CMD (&nsrpctl_cmd_set)

static int nsrpctl_set_enable(const struct nsrpctl_set_kw *kw, int argc,
			      char **argv, struct nsrpctl_set_req *req)
{
	(void)argc;
	(void)argv;
	if (req->enabled >= 0) {
		nsrpctl_usage(NSRPCTL_SET_CMD,
			      "'%s': enable or disable was already given",
			      kw->name);
		return -1;
	}
	req->enabled = kw->value;
	return 1;
}

static int nsrpctl_set_enforce(const struct nsrpctl_set_kw *kw, int argc,
			       char **argv, struct nsrpctl_set_req *req)
{
	bool on;

	if (req->enforce >= 0) {
		nsrpctl_usage(NSRPCTL_SET_CMD, "'%s' given twice", kw->name);
		return -1;
	}
	if (nsrpctl_parse_onoff(NSRPCTL_SET_CMD, kw->name,
				argc > 1 ? argv[1] : NULL, &on))
		return -1;
	req->enforce = on;
	return 2;
}

static int nsrpctl_set_max_sessions(const struct nsrpctl_set_kw *kw,
				    int argc, char **argv,
				    struct nsrpctl_set_req *req)
{
	if (req->has_max_sessions) {
		nsrpctl_usage(NSRPCTL_SET_CMD, "'%s' given twice", kw->name);
		return -1;
	}
	if (nsrpctl_parse_u32_arg(NSRPCTL_SET_CMD, kw->name,
				  argc > 1 ? argv[1] : NULL, 1,
				  NSRP_MAX_SESSIONS_LIMIT, &req->max_sessions))
		return -1;
	req->has_max_sessions = true;
	return 2;
}

static int nsrpctl_set_timeout(const struct nsrpctl_set_kw *kw, int argc,
			       char **argv, struct nsrpctl_set_req *req)
{
	const struct nsrpctl_timeout_kw *t;
	char what[64], list[128];

	NSRPCTL_KW_LIST(list, nsrpctl_timeout_kws);
	if (argc < 2) {
		nsrpctl_usage(NSRPCTL_SET_CMD,
			      "'%s' needs a type (one of: %s) and SECONDS",
			      kw->name, list);
		return -1;
	}
	t = NSRPCTL_KW_FIND(nsrpctl_timeout_kws, argv[1]);
	if (!t) {
		nsrpctl_usage(NSRPCTL_SET_CMD,
			      "%s: unknown type '%s' (expected one of: %s)",
			      kw->name, argv[1], list);
		return -1;
	}
	snprintf(what, sizeof(what), "%s %s", kw->name, t->name);
	if (req->timeouts[t->attr]) {
		nsrpctl_usage(NSRPCTL_SET_CMD, "'%s' given twice", what);
		return -1;
	}
	if (nsrpctl_parse_u32_arg(NSRPCTL_SET_CMD, what,
				  argc > 2 ? argv[2] : NULL, 1,
				  NSRP_TIMEOUT_MAX, &req->timeouts[t->attr]))
		return -1;
	return 3;
}

static const struct nsrpctl_set_kw nsrpctl_set_kws[] = {
	{ "enable", "", nsrpctl_set_enable, 1 },
	{ "disable", "", nsrpctl_set_enable, 0 },
	{ "enforce", "on|off", nsrpctl_set_enforce, 0 },
	{ "max-sessions", "N", nsrpctl_set_max_sessions, 0 },
	{ "timeout", "TYPE SECONDS", nsrpctl_set_timeout, 0 },
};

static void nsrpctl_set_put(struct nlmsghdr *nlh,
			    const struct nsrpctl_set_req *req)
{
	struct nlattr *nest = NULL;
	uint16_t i;

	if (req->enabled >= 0)
		mnl_attr_put_u8(nlh, NSRP_A_ENABLED, (uint8_t)req->enabled);
	if (req->enforce >= 0)
		mnl_attr_put_u8(nlh, NSRP_A_ENFORCE, (uint8_t)req->enforce);
	if (req->has_max_sessions)
		mnl_attr_put_u32(nlh, NSRP_A_MAX_SESSIONS, req->max_sessions);
	for (i = 1; i <= NSRP_A_TIMEOUT_MAX; i++) {
		if (!req->timeouts[i])
			continue;
		if (!nest)
			nest = mnl_attr_nest_start(nlh, NSRP_A_TIMEOUTS);
		mnl_attr_put_u32(nlh, i, req->timeouts[i]);
	}
	if (nest)
		mnl_attr_nest_end(nlh, nest);
}

static void nsrpctl_set_usage(FILE *f)
{
	char types[128];
	size_t i;

	NSRPCTL_KW_ALT(types, nsrpctl_timeout_kws);
	fputs("usage: nsrpctl set KEYWORD...\n"
	      "where KEYWORD :=", f);
	for (i = 0; i < NSRPCTL_ARRAY_SIZE(nsrpctl_set_kws); i++)
		fprintf(f, "%s%s%s%s", i ? " |\n                 " : " ",
			nsrpctl_set_kws[i].name,
			*nsrpctl_set_kws[i].args ? " " : "",
			nsrpctl_set_kws[i].args);
	fprintf(f, "\n"
		"      TYPE := %s\n"
		"      SECONDS := 1..%u\n"
		"      N := 1..%u\n"
		"Each keyword at most once (timeout once per TYPE); what is not\n"
		"named keeps its value.\n",
		types, NSRP_TIMEOUT_MAX, NSRP_MAX_SESSIONS_LIMIT);
}

static int nsrpctl_set(struct nsrpctl *ctx, int argc, char **argv)
{
	struct nsrpctl_set_req req = { .enabled = -1, .enforce = -1 };
	struct nsrpctl_nl *nl;
	struct nlmsghdr *nlh;
	int i;

	if (argc < 2)
		return nsrpctl_usage(NSRPCTL_SET_CMD,
				     "nothing to set (give at least one keyword)");
	for (i = 1; i < argc;) {
		const struct nsrpctl_set_kw *kw;
		int used;

		kw = NSRPCTL_KW_FIND(nsrpctl_set_kws, argv[i]);
		if (!kw) {
			char list[128];

			NSRPCTL_KW_LIST(list, nsrpctl_set_kws);
			return nsrpctl_usage(NSRPCTL_SET_CMD,
					     "unknown keyword '%s' (expected one of: %s)",
					     argv[i], list);
		}
		used = kw->parse(kw, argc - i, argv + i, &req);
		if (used < 0)
			return NSRPCTL_EXIT_USAGE;
		i += used;
	}
	if (ctx->check_only)
		return NSRPCTL_EXIT_OK;

	nl = nsrpctl_nl_get(ctx);
	if (!nl)
		return NSRPCTL_EXIT_ERROR;
	nlh = nsrpctl_nl_request(nl, NSRP_CMD_SET, NLM_F_ACK);
	nsrpctl_set_put(nlh, &req);
	if (nsrpctl_nl_talk(nl, nlh, NULL, NULL))
		return NSRPCTL_EXIT_ERROR;
	return NSRPCTL_EXIT_OK;
}

const struct nsrpctl_cmd nsrpctl_cmd_set = {
	.name = "set",
	.summary = "change the configuration",
	.usage = nsrpctl_set_usage,
	.run = nsrpctl_set,
};
