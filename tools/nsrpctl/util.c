// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Diagnostics. Every message starts with "nsrpctl: " and, while a -batch
 * file runs, with its name and line number, so the operator can find the
 * offending line without counting.
 */

#include <stdarg.h>
#include <string.h>

#include "nsrpctl.h"

static const char *nsrpctl_loc_file;
static unsigned long nsrpctl_loc_line;

void nsrpctl_set_location(const char *file, unsigned long line)
{
	nsrpctl_loc_file = file;
	nsrpctl_loc_line = line;
}

static void nsrpctl_vmsg(const char *kind, const char *cmd, const char *fmt,
			 va_list ap) NSRPCTL_PRINTF(3, 0);

static void nsrpctl_vmsg(const char *kind, const char *cmd, const char *fmt,
			 va_list ap)
{
	/* Keep the order right when stdout and stderr share a terminal. */
	fflush(stdout);
	fputs("nsrpctl: ", stderr);
	if (nsrpctl_loc_file)
		fprintf(stderr, "%s:%lu: ", nsrpctl_loc_file, nsrpctl_loc_line);
	if (kind)
		fputs(kind, stderr);
	if (cmd)
		fprintf(stderr, "%s: ", cmd);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void nsrpctl_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	nsrpctl_vmsg(NULL, NULL, fmt, ap);
	va_end(ap);
}

void nsrpctl_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	nsrpctl_vmsg("warning: ", NULL, fmt, ap);
	va_end(ap);
}

/*
 * Report bad usage of @cmd (NULL for the global options) and return the
 * exit status for it, so that callers can "return nsrpctl_usage(...)".
 */
int nsrpctl_usage(const struct nsrpctl_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	nsrpctl_vmsg(NULL, cmd ? cmd->name : NULL, fmt, ap);
	va_end(ap);

	/* In a batch the line number is the useful pointer, not a hint. */
	if (!nsrpctl_loc_file) {
		if (cmd)
			fprintf(stderr, "Try 'nsrpctl help %s'.\n", cmd->name);
		else
			fputs("Try 'nsrpctl --help'.\n", stderr);
	}
	return NSRPCTL_EXIT_USAGE;
}

bool nsrpctl_is_help(const char *arg)
{
	return !strcmp(arg, "help") || !strcmp(arg, "-h") ||
	       !strcmp(arg, "--help");
}
