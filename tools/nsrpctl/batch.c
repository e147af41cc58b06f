// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * -batch FILE: one command per line, without the leading "nsrpctl".
 *
 * Every line is checked before the first one runs: a typo on line 40 must
 * not leave lines 1 to 39 applied and the rest not. Then the lines run in
 * order, on one netlink socket, until the first one that fails. Either way
 * the message names the file and line.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nsrpctl.h"

#define NSRPCTL_BATCH_MAX_WORDS 64

struct nsrpctl_batch_line {
	unsigned long lineno;
	int argc;
	char *argv[NSRPCTL_BATCH_MAX_WORDS + 1];
};

struct nsrpctl_batch {
	struct nsrpctl_batch_line *v;
	size_t n;
	size_t cap;
	char **bufs;		/* the lines argv points into */
	size_t nbufs;
};

static void nsrpctl_batch_free(struct nsrpctl_batch *b)
{
	size_t i;

	for (i = 0; i < b->nbufs; i++)
		free(b->bufs[i]);
	free(b->bufs);
	free(b->v);
}

/*
 * Split @s in place on blanks. A word starting with '#' starts a comment
 * that runs to the end of the line. There is no quoting: no argument of
 * nsrpctl contains blanks. Returns the word count, -1 if there are too
 * many words.
 */
static int nsrpctl_batch_split(char *s, char **argv)
{
	static const char blanks[] = " \t\r\n\v\f";
	int argc = 0;

	for (;;) {
		s += strspn(s, blanks);
		if (!*s || *s == '#')
			break;
		if (argc == NSRPCTL_BATCH_MAX_WORDS)
			return -1;
		argv[argc++] = s;
		s += strcspn(s, blanks);
		if (!*s)
			break;
		*s++ = '\0';
	}
	argv[argc] = NULL;
	return argc;
}

static int nsrpctl_batch_read(FILE *f, const char *name,
			      struct nsrpctl_batch *b)
{
	unsigned long lineno = 0;
	char *line = NULL;
	size_t len = 0;
	int ret = NSRPCTL_EXIT_OK;

	while (getline(&line, &len, f) >= 0) {
		struct nsrpctl_batch_line *l;
		char **bufs;

		lineno++;
		if (b->n == b->cap) {
			size_t cap = b->cap ? b->cap * 2 : 16;

			l = reallocarray(b->v, cap, sizeof(*l));
			if (!l)
				goto oom;
			b->v = l;
			b->cap = cap;
		}
		l = &b->v[b->n];
		l->lineno = lineno;
		l->argc = nsrpctl_batch_split(line, l->argv);
		if (l->argc < 0) {
			nsrpctl_set_location(name, lineno);
			ret = nsrpctl_usage(NULL, "more than %d words on a line",
					    NSRPCTL_BATCH_MAX_WORDS);
			break;
		}
		if (!l->argc)
			continue;
		/* Keep the buffer argv points into; getline gets a new one. */
		bufs = reallocarray(b->bufs, b->nbufs + 1, sizeof(*bufs));
		if (!bufs)
			goto oom;
		b->bufs = bufs;
		b->bufs[b->nbufs++] = line;
		line = NULL;
		len = 0;
		b->n++;
	}
	if (!ret && ferror(f)) {
		nsrpctl_err("reading %s: %s", name, strerror(errno));
		ret = NSRPCTL_EXIT_ERROR;
	}
	free(line);
	return ret;
oom:
	free(line);
	nsrpctl_err("out of memory reading %s", name);
	return NSRPCTL_EXIT_ERROR;
}

int nsrpctl_batch(struct nsrpctl *ctx, const char *file)
{
	struct nsrpctl_batch b = { NULL, 0, 0, NULL, 0 };
	bool is_stdin = !strcmp(file, "-");
	const char *name = is_stdin ? "<stdin>" : file;
	int pass, ret;
	size_t i;
	FILE *f;

	f = is_stdin ? stdin : fopen(file, "re");
	if (!f) {
		nsrpctl_err("cannot open batch file %s: %s", file,
			    strerror(errno));
		return NSRPCTL_EXIT_ERROR;
	}
	ret = nsrpctl_batch_read(f, name, &b);
	if (!is_stdin)
		fclose(f);

	/* Pass 0 checks every line, pass 1 runs them. */
	for (pass = 0; pass < 2 && !ret; pass++) {
		ctx->check_only = !pass;
		for (i = 0; i < b.n && !ret; i++) {
			nsrpctl_set_location(name, b.v[i].lineno);
			ret = nsrpctl_dispatch(ctx, b.v[i].argc, b.v[i].argv);
		}
	}
	ctx->check_only = false;
	nsrpctl_set_location(NULL, 0);
	nsrpctl_batch_free(&b);
	return ret;
}
