// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * nsrpctl: configure and inspect the nsrp session table.
 *
 * Global options come first, iproute2 style, then a command from
 * nsrpctl_cmds[]. Every command parses all of its arguments before it
 * opens the netlink socket, so bad usage (exit 2) never reaches the kernel.
 */

#include <string.h>

#include <linux/nsrp.h>

#include "netlink.h"

static const struct nsrpctl_cmd nsrpctl_cmd_help;

static const struct nsrpctl_cmd *const nsrpctl_cmds[] = {
	&nsrpctl_cmd_show,
	&nsrpctl_cmd_set,
	&nsrpctl_cmd_session,
	&nsrpctl_cmd_stats,
	&nsrpctl_cmd_failover,
	&nsrpctl_cmd_monitor,
	&nsrpctl_cmd_help,
};

static const struct nsrpctl_cmd *nsrpctl_find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < NSRPCTL_ARRAY_SIZE(nsrpctl_cmds); i++)
		if (!strcmp(nsrpctl_cmds[i]->name, name))
			return nsrpctl_cmds[i];
	return NULL;
}

static void nsrpctl_main_usage(FILE *f)
{
	size_t i;

	fputs("usage: nsrpctl [OPTION]... [COMMAND [ARGUMENT]...]\n"
	      "       nsrpctl [OPTION]... -batch FILE\n"
	      "where OPTION := -j[son] | -p[retty] | -n[etns] NETNS |\n"
	      "                -h[elp] | -V[ersion]\n"
	      "      COMMAND :=\n", f);
	for (i = 0; i < NSRPCTL_ARRAY_SIZE(nsrpctl_cmds); i++)
		fprintf(f, "        %-10s %s\n", nsrpctl_cmds[i]->name,
			nsrpctl_cmds[i]->summary);
	fputs("Without a command, nsrpctl shows. Run 'nsrpctl help COMMAND' for\n"
	      "the arguments of a command; see nsrpctl(8) for everything.\n", f);
}

static void nsrpctl_help_usage(FILE *f)
{
	fputs("usage: nsrpctl help [COMMAND]\n", f);
}

/* "help session list" is help for session: the rest is ignored. */
static int nsrpctl_help(struct nsrpctl *ctx, int argc, char **argv)
{
	const struct nsrpctl_cmd *cmd = NULL;

	if (argc > 1) {
		cmd = nsrpctl_find_cmd(argv[1]);
		if (!cmd)
			return nsrpctl_usage(&nsrpctl_cmd_help,
					     "unknown command '%s'", argv[1]);
	}
	if (ctx->check_only)
		return NSRPCTL_EXIT_OK;
	if (cmd)
		cmd->usage(stdout);
	else
		nsrpctl_main_usage(stdout);
	return NSRPCTL_EXIT_OK;
}

static const struct nsrpctl_cmd nsrpctl_cmd_help = {
	.name = "help",
	.summary = "show the usage of nsrpctl or of one command",
	.usage = nsrpctl_help_usage,
	.run = nsrpctl_help,
};

int nsrpctl_dispatch(struct nsrpctl *ctx, int argc, char **argv)
{
	const struct nsrpctl_cmd *cmd;

	/* As wg(8) does, plain "nsrpctl" shows the state. */
	if (!argc) {
		char show[] = "show";
		char *word = show;

		return nsrpctl_cmd_show.run(ctx, 1, &word);
	}

	cmd = nsrpctl_find_cmd(argv[0]);
	if (!cmd) {
		size_t i, used = 0;
		char list[64];

		list[0] = '\0';
		for (i = 0; i < NSRPCTL_ARRAY_SIZE(nsrpctl_cmds); i++)
			nsrpctl_join(list, sizeof(list), &used, ", ",
				     nsrpctl_cmds[i]->name);
		if (argv[0][0] == '-')
			return nsrpctl_usage(NULL, "unknown command '%s' (options go before the command; commands: %s)",
					     argv[0], list);
		return nsrpctl_usage(NULL, "unknown command '%s' (expected one of: %s)",
				     argv[0], list);
	}
	/* "nsrpctl set help"; session has subcommands and does it itself. */
	if (argc > 1 && nsrpctl_is_help(argv[1]) &&
	    cmd != &nsrpctl_cmd_session) {
		if (!ctx->check_only)
			cmd->usage(stdout);
		return NSRPCTL_EXIT_OK;
	}
	return cmd->run(ctx, argc, argv);
}

enum nsrpctl_opt_id {
	NSRPCTL_OPT_JSON,
	NSRPCTL_OPT_PRETTY,
	NSRPCTL_OPT_NETNS,
	NSRPCTL_OPT_BATCH,
	NSRPCTL_OPT_HELP,
	NSRPCTL_OPT_VERSION,
};

static const struct nsrpctl_opt {
	const char *name;
	enum nsrpctl_opt_id id;
	const char *arg;	/* NULL: takes none */
} nsrpctl_opts[] = {
	{ "-j", NSRPCTL_OPT_JSON, NULL },
	{ "-json", NSRPCTL_OPT_JSON, NULL },
	{ "--json", NSRPCTL_OPT_JSON, NULL },
	{ "-p", NSRPCTL_OPT_PRETTY, NULL },
	{ "-pretty", NSRPCTL_OPT_PRETTY, NULL },
	{ "--pretty", NSRPCTL_OPT_PRETTY, NULL },
	{ "-n", NSRPCTL_OPT_NETNS, "NETNS" },
	{ "-netns", NSRPCTL_OPT_NETNS, "NETNS" },
	{ "--netns", NSRPCTL_OPT_NETNS, "NETNS" },
	{ "-b", NSRPCTL_OPT_BATCH, "FILE" },
	{ "-batch", NSRPCTL_OPT_BATCH, "FILE" },
	{ "--batch", NSRPCTL_OPT_BATCH, "FILE" },
	{ "-h", NSRPCTL_OPT_HELP, NULL },
	{ "-help", NSRPCTL_OPT_HELP, NULL },
	{ "--help", NSRPCTL_OPT_HELP, NULL },
	{ "-V", NSRPCTL_OPT_VERSION, NULL },
	{ "-Version", NSRPCTL_OPT_VERSION, NULL },
	{ "--version", NSRPCTL_OPT_VERSION, NULL },
};

static int nsrpctl_main(struct nsrpctl *ctx, int argc, char **argv)
{
	const char *batch = NULL;
	int i;

	/* "-" alone is not an option; "--" ends them. */
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const struct nsrpctl_opt *opt;
		const char *arg = NULL;

		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		opt = NSRPCTL_KW_FIND(nsrpctl_opts, argv[i]);
		if (!opt)
			return nsrpctl_usage(NULL, "unknown option '%s'",
					     argv[i]);
		if (opt->arg) {
			if (i + 1 >= argc)
				return nsrpctl_usage(NULL, "option '%s' needs an argument (%s)",
						     opt->name, opt->arg);
			arg = argv[++i];
		}
		switch (opt->id) {
		case NSRPCTL_OPT_JSON:
			ctx->json = true;
			break;
		case NSRPCTL_OPT_PRETTY:
			ctx->pretty = true;
			break;
		case NSRPCTL_OPT_NETNS:
			if (ctx->netns)
				return nsrpctl_usage(NULL, "option '%s' given twice",
						     opt->name);
			if (!nsrpctl_netns_name_ok(arg))
				return nsrpctl_usage(NULL, "option '%s': invalid namespace name '%s' (a name from 'ip netns list', not a path)",
						     opt->name, arg);
			ctx->netns = arg;
			break;
		case NSRPCTL_OPT_BATCH:
			if (batch)
				return nsrpctl_usage(NULL, "option '%s' given twice",
						     opt->name);
			if (!*arg)
				return nsrpctl_usage(NULL, "option '%s': empty file name (use - for stdin)",
						     opt->name);
			batch = arg;
			break;
		case NSRPCTL_OPT_HELP:
			nsrpctl_main_usage(stdout);
			return NSRPCTL_EXIT_OK;
		case NSRPCTL_OPT_VERSION:
			printf("nsrpctl %s (%s genl family version %d)\n",
			       NSRPCTL_VERSION, NSRP_GENL_NAME,
			       NSRP_GENL_VERSION);
			return NSRPCTL_EXIT_OK;
		}
	}

	if (batch) {
		if (i < argc)
			return nsrpctl_usage(NULL, "unexpected '%s': with -batch the commands come from the file",
					     argv[i]);
		return nsrpctl_batch(ctx, batch);
	}
	return nsrpctl_dispatch(ctx, argc - i, argv + i);
}

int main(int argc, char **argv)
{
	struct nsrpctl ctx = { 0 };
	int ret;

	ret = nsrpctl_main(&ctx, argc, argv);
	nsrpctl_nl_close(ctx.nl);

	/* A full disk or a closed pipe must not look like success. */
	if (fflush(stdout) || ferror(stdout)) {
		nsrpctl_err("error writing the output");
		if (!ret)
			ret = NSRPCTL_EXIT_ERROR;
	}
	return ret;
}
