/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Declarations shared by the nsrpctl sources. Each command lives in its own
 * file and is reached through a struct nsrpctl_cmd; the netlink plumbing,
 * the JSON writer and the argument parsers are separate concerns below.
 */

#ifndef NSRPCTL_H
#define NSRPCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifndef NSRPCTL_VERSION
#define NSRPCTL_VERSION "0.1"
#endif

#define NSRPCTL_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The kernel's __printf(), which userspace headers do not have. */
#if defined(__GNUC__)
#define NSRPCTL_PRINTF(f, a) __attribute__((__format__(__printf__, f, a)))
#else
#define NSRPCTL_PRINTF(f, a)
#endif

/* Exit statuses, so that scripts can tell a refusal from a typo. */
enum {
	NSRPCTL_EXIT_OK = 0,
	NSRPCTL_EXIT_ERROR = 1,
	NSRPCTL_EXIT_USAGE = 2,
};

struct nsrpctl_nl;

/* Global options and state of one invocation. */
struct nsrpctl {
	bool json;
	bool pretty;
	/*
	 * Set while -batch checks every line before running any: commands
	 * parse their arguments and return without touching the kernel.
	 */
	bool check_only;
	const char *netns;
	struct nsrpctl_nl *nl;		/* opened on first use, see netlink.c */
};

struct nsrpctl_cmd {
	const char *name;
	const char *summary;
	void (*usage)(FILE *f);		/* the full "usage: ..." text */
	/* argv[0] is the command name; returns an NSRPCTL_EXIT_* status. */
	int (*run)(struct nsrpctl *ctx, int argc, char **argv);
};

extern const struct nsrpctl_cmd nsrpctl_cmd_show;
extern const struct nsrpctl_cmd nsrpctl_cmd_set;
extern const struct nsrpctl_cmd nsrpctl_cmd_session;
extern const struct nsrpctl_cmd nsrpctl_cmd_stats;
extern const struct nsrpctl_cmd nsrpctl_cmd_failover;
extern const struct nsrpctl_cmd nsrpctl_cmd_monitor;

/* main.c */
int nsrpctl_dispatch(struct nsrpctl *ctx, int argc, char **argv);

/* batch.c */
int nsrpctl_batch(struct nsrpctl *ctx, const char *file);

/* netns.c */
bool nsrpctl_netns_name_ok(const char *name);
int nsrpctl_netns_enter(const char *name);
int nsrpctl_netns_switch(struct nsrpctl *ctx);

/* util.c: messages carry the -batch file and line when there is one. */
void nsrpctl_set_location(const char *file, unsigned long line);
void nsrpctl_err(const char *fmt, ...) NSRPCTL_PRINTF(1, 2);
void nsrpctl_warn(const char *fmt, ...) NSRPCTL_PRINTF(1, 2);
int nsrpctl_usage(const struct nsrpctl_cmd *cmd, const char *fmt, ...)
	NSRPCTL_PRINTF(2, 3);
bool nsrpctl_is_help(const char *arg);

/*
 * parse.c. Keyword tables are arrays of structs with a .name member; these
 * macros take any of them, typed: NSRPCTL_KW_FIND() gives a pointer to the
 * entry of @word, or NULL; NSRPCTL_KW_LIST() and NSRPCTL_KW_ALT() write
 * the names into the array @buf as "a, b, c" (for messages) and
 * "a | b | c" (for usage texts).
 */
#define NSRPCTL_KW_FIND(table, word) ({					\
	__typeof__(&(table)[0]) kw_found_ = NULL;			\
	size_t kw_i_;							\
									\
	for (kw_i_ = 0; kw_i_ < NSRPCTL_ARRAY_SIZE(table); kw_i_++) {	\
		if (!strcmp((table)[kw_i_].name, (word))) {		\
			kw_found_ = &(table)[kw_i_];			\
			break;						\
		}							\
	}								\
	kw_found_;							\
})

#define NSRPCTL_KW_JOIN(buf, table, sep) do {				\
	size_t kw_i_, kw_used_ = 0;					\
									\
	(buf)[0] = '\0';						\
	for (kw_i_ = 0; kw_i_ < NSRPCTL_ARRAY_SIZE(table); kw_i_++)	\
		nsrpctl_join((buf), sizeof(buf), &kw_used_, (sep),	\
			     (table)[kw_i_].name);			\
} while (0)
#define NSRPCTL_KW_LIST(buf, table) NSRPCTL_KW_JOIN(buf, table, ", ")
#define NSRPCTL_KW_ALT(buf, table) NSRPCTL_KW_JOIN(buf, table, " | ")

void nsrpctl_join(char *buf, size_t len, size_t *used, const char *sep,
		  const char *word);
int nsrpctl_parse_uint(const char *s, uint64_t min, uint64_t max,
		       uint64_t *val);
int nsrpctl_parse_xuint(const char *s, uint64_t min, uint64_t max,
			uint64_t *val);
int nsrpctl_hex_digit(char c);

/* How nsrpctl_parse_num_arg() takes a number and words its messages. */
struct nsrpctl_num_syntax {
	uint32_t min, max;
	bool hex;		/* "0x..." as well as decimal; hex ranges */
	const char *zero;	/* a word meaning 0 as well, or NULL */
};

int nsrpctl_parse_num_arg(const struct nsrpctl_cmd *cmd, const char *what,
			  const char *s, const struct nsrpctl_num_syntax *syn,
			  uint32_t *val);
int nsrpctl_parse_u32_arg(const struct nsrpctl_cmd *cmd, const char *what,
			  const char *s, uint32_t min, uint32_t max,
			  uint32_t *val);
int nsrpctl_parse_onoff(const struct nsrpctl_cmd *cmd, const char *what,
			const char *s, bool *val);

#endif /* NSRPCTL_H */
