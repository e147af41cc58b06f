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
 * attribute it becomes; a keyword taking one number, on/off or one word
 * of a uapi enum is only a line of nsrpctl_set_values and one of
 * nsrpctl_set_kws.
 *
 * The key is a secret: no message and no output ever contains it, and
 * our copies of it are wiped once the request is sent.
 */

#include <errno.h>
#include <net/if.h>
#include <string.h>

#include <linux/nsrp.h>

#include "names.h"
#include "netlink.h"

/*
 * The roles an operator may set (manual mode): init is where a node
 * starts, never a role to ask for.
 */
static const char *const nsrpctl_set_roles[NSRP_ROLE_PRIMARY + 1] = {
	[NSRP_ROLE_PRIMARY]	= "primary",
	[NSRP_ROLE_BACKUP]	= "backup",
};

/*
 * The keywords that take one value: a number, on/off for 1/0, or a word
 * for its enum value.
 */
enum nsrpctl_set_value_id {
	NSRPCTL_SET_ENFORCE,
	NSRPCTL_SET_MAX_SESSIONS,
	NSRPCTL_SET_ETHERTYPE,
	NSRPCTL_SET_CLUSTER_ID,
	NSRPCTL_SET_NODE_ID,
	NSRPCTL_SET_MULTIPLIER,
	NSRPCTL_SET_AGEOUT_ACK,
	NSRPCTL_SET_FLUSH_MS,
	NSRPCTL_SET_MODE,
	NSRPCTL_SET_ROLE,
	NSRPCTL_SET_PRIORITY,
	NSRPCTL_SET_PREEMPT,
	NSRPCTL_SET_HELLO_MS,
	NSRPCTL_SET_DEAD_COUNT,
	NSRPCTL_SET_HOLD_DOWN_MS,
	NSRPCTL_SET_VALUES
};

static const struct nsrpctl_set_value {
	uint16_t attr;
	uint8_t width;		/* of the attribute's payload: 1, 2 or 4 */
	bool onoff;		/* "on" or "off", sent as 1 or 0 */
	struct nsrpctl_num_syntax num;	/* unless onoff; as the kernel checks */
	/* Or one of these words, sent as its index; NULL entries are not. */
	const char *const *words;
	size_t nwords;
} nsrpctl_set_values[] = {
	[NSRPCTL_SET_ENFORCE] = { NSRP_A_ENFORCE, 1, true, { 0, 1 } },
	[NSRPCTL_SET_MAX_SESSIONS] = { NSRP_A_MAX_SESSIONS, 4, false,
				       { 1, NSRP_MAX_SESSIONS_LIMIT } },
	[NSRPCTL_SET_ETHERTYPE] = { NSRP_A_ETHERTYPE, 2, false,
				    { NSRP_ETHERTYPE_MIN, 0xffff, true } },
	[NSRPCTL_SET_CLUSTER_ID] = { NSRP_A_CLUSTER_ID, 2, false,
				     { 0, 0xffff } },
	/* 0 has the kernel derive the id from the HA link's MAC address. */
	[NSRPCTL_SET_NODE_ID] = { NSRP_A_NODE_ID, 2, false,
				  { 0, 0xffff, false, "auto" } },
	[NSRPCTL_SET_MULTIPLIER] = { NSRP_A_MULTIPLIER, 1, false, { 1, 255 } },
	[NSRPCTL_SET_AGEOUT_ACK] = { NSRP_A_AGEOUT_ACK, 1, true, { 0, 1 } },
	[NSRPCTL_SET_FLUSH_MS] = { NSRP_A_FLUSH_MS, 4, false,
				   { 1, NSRP_FLUSH_MS_MAX } },
	[NSRPCTL_SET_MODE] = { NSRP_A_MODE, 1, false, { 0 },
			       nsrpctl_mode_names,
			       NSRPCTL_ARRAY_SIZE(nsrpctl_mode_names) },
	[NSRPCTL_SET_ROLE] = { NSRP_A_ROLE, 1, false, { 0 },
			       nsrpctl_set_roles,
			       NSRPCTL_ARRAY_SIZE(nsrpctl_set_roles) },
	/* 255 is the wire's "ineligible", not a priority one can set. */
	[NSRPCTL_SET_PRIORITY] = { NSRP_A_PRIORITY, 1, false, { 1, 254 } },
	[NSRPCTL_SET_PREEMPT] = { NSRP_A_PREEMPT, 1, true, { 0, 1 } },
	[NSRPCTL_SET_HELLO_MS] = { NSRP_A_HELLO_MS, 4, false,
				   { NSRP_HELLO_MS_MIN, NSRP_HELLO_MS_MAX } },
	/* One missed hello is too easily a lost frame: 2 at least. */
	[NSRPCTL_SET_DEAD_COUNT] = { NSRP_A_DEAD_COUNT, 1, false, { 2, 255 } },
	[NSRPCTL_SET_HOLD_DOWN_MS] = { NSRP_A_HOLD_DOWN_MS, 4, false,
				       { 0, NSRP_HOLD_DOWN_MS_MAX } },
};

_Static_assert(NSRPCTL_ARRAY_SIZE(nsrpctl_set_values) == NSRPCTL_SET_VALUES,
	       "a value keyword has no line in nsrpctl_set_values");

struct nsrpctl_set_req {
	int enabled;		/* -1: not given */
	bool given[NSRPCTL_SET_VALUES];
	uint32_t value[NSRPCTL_SET_VALUES];
	uint32_t timeouts[NSRP_A_TIMEOUT_MAX + 1];	/* 0: not given */
	bool has_ha_link;
	const char *ha_link_dev;	/* NULL: none, stop replicating */
	uint32_t ha_ifindex;		/* looked up before sending */
	bool has_key;
	size_t key_len;			/* 0: none, frames unauthenticated */
	uint8_t key[NSRP_KEY_MAX_LEN];
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

/* One of the words of @v, as its index there; or report bad usage. */
static int nsrpctl_set_word(const char *what, const char *arg,
			    const struct nsrpctl_set_value *v, uint32_t *val)
{
	size_t i, used = 0;
	char list[64];

	list[0] = '\0';
	for (i = 0; i < v->nwords; i++) {
		if (v->words[i])
			nsrpctl_join(list, sizeof(list), &used, " or ",
				     v->words[i]);
	}
	if (!arg)
		return nsrpctl_usage(NSRPCTL_SET_CMD,
				     "%s: missing value (expected %s)", what,
				     list);
	for (i = 0; i < v->nwords; i++) {
		if (v->words[i] && !strcmp(v->words[i], arg)) {
			*val = (uint32_t)i;
			return 0;
		}
	}
	return nsrpctl_usage(NSRPCTL_SET_CMD,
			     "%s: invalid value '%s' (expected %s)", what, arg,
			     list);
}

/* Every keyword of nsrpctl_set_values; kw->value is its index there. */
static int nsrpctl_set_value(const struct nsrpctl_set_kw *kw, int argc,
			     char **argv, struct nsrpctl_set_req *req)
{
	const struct nsrpctl_set_value *v = &nsrpctl_set_values[kw->value];
	const char *arg = argc > 1 ? argv[1] : NULL;
	bool on;

	if (req->given[kw->value]) {
		nsrpctl_usage(NSRPCTL_SET_CMD, "'%s' given twice", kw->name);
		return -1;
	}
	if (v->onoff) {
		if (nsrpctl_parse_onoff(NSRPCTL_SET_CMD, kw->name, arg, &on))
			return -1;
		req->value[kw->value] = on;
	} else if (v->words) {
		if (nsrpctl_set_word(kw->name, arg, v, &req->value[kw->value]))
			return -1;
	} else if (nsrpctl_parse_num_arg(NSRPCTL_SET_CMD, kw->name, arg,
					 &v->num, &req->value[kw->value])) {
		return -1;
	}
	req->given[kw->value] = true;
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

/* The kernel's dev_valid_name(): anything else can name no device. */
static bool nsrpctl_ifname_ok(const char *name)
{
	if (!*name || strlen(name) >= IFNAMSIZ || !strcmp(name, ".") ||
	    !strcmp(name, ".."))
		return false;
	return !strpbrk(name, "/: \t\n\v\f\r");
}

/*
 * Only the name is checked here: it is looked up in nsrpctl_set_ha_link(),
 * once every keyword parsed and the -n namespace is entered.
 */
static int nsrpctl_set_ha_link_kw(const struct nsrpctl_set_kw *kw, int argc,
				  char **argv, struct nsrpctl_set_req *req)
{
	if (req->has_ha_link) {
		nsrpctl_usage(NSRPCTL_SET_CMD, "'%s' given twice", kw->name);
		return -1;
	}
	if (argc < 2) {
		nsrpctl_usage(NSRPCTL_SET_CMD,
			      "%s: missing value (expected a device or none)",
			      kw->name);
		return -1;
	}
	if (strcmp(argv[1], "none") && !nsrpctl_ifname_ok(argv[1])) {
		nsrpctl_usage(NSRPCTL_SET_CMD,
			      "%s: '%s' is not a device name (1 to %d characters, no '/', ':' or blanks)",
			      kw->name, argv[1], IFNAMSIZ - 1);
		return -1;
	}
	req->has_ha_link = true;
	req->ha_link_dev = strcmp(argv[1], "none") ? argv[1] : NULL;
	return 2;
}

/*
 * HEX or none. The messages say what is wrong with the key but never
 * quote it, not even the one bad character: it is most of a secret.
 */
static int nsrpctl_set_key(const struct nsrpctl_set_kw *kw, int argc,
			   char **argv, struct nsrpctl_set_req *req)
{
	const char *s = argc > 1 ? argv[1] : NULL;
	size_t digits, i;

	if (req->has_key) {
		nsrpctl_usage(NSRPCTL_SET_CMD, "'%s' given twice", kw->name);
		return -1;
	}
	if (!s || !*s) {
		nsrpctl_usage(NSRPCTL_SET_CMD,
			      "%s: %s value (expected %u..%u hex digits, or none)",
			      kw->name, s ? "empty" : "missing",
			      2 * NSRP_KEY_MIN_LEN, 2 * NSRP_KEY_MAX_LEN);
		return -1;
	}
	if (!strcmp(s, "none")) {
		req->has_key = true;
		req->key_len = 0;
		return 2;
	}
	digits = strlen(s);
	for (i = 0; i < digits; i++) {
		if (nsrpctl_hex_digit(s[i]) < 0) {
			nsrpctl_usage(NSRPCTL_SET_CMD,
				      "%s: character %zu is not a hex digit (expected %u..%u hex digits, or none)",
				      kw->name, i + 1, 2 * NSRP_KEY_MIN_LEN,
				      2 * NSRP_KEY_MAX_LEN);
			return -1;
		}
	}
	if (digits % 2) {
		nsrpctl_usage(NSRPCTL_SET_CMD,
			      "%s: an odd number of hex digits (%zu): two make an octet",
			      kw->name, digits);
		return -1;
	}
	if (digits / 2 < NSRP_KEY_MIN_LEN || digits / 2 > NSRP_KEY_MAX_LEN) {
		nsrpctl_usage(NSRPCTL_SET_CMD,
			      "%s: %zu octets is too %s (expected %u..%u octets: %u..%u hex digits)",
			      kw->name, digits / 2,
			      digits / 2 < NSRP_KEY_MIN_LEN ? "short" : "long",
			      NSRP_KEY_MIN_LEN, NSRP_KEY_MAX_LEN,
			      2 * NSRP_KEY_MIN_LEN, 2 * NSRP_KEY_MAX_LEN);
		return -1;
	}
	for (i = 0; i < digits / 2; i++)
		req->key[i] = (uint8_t)(nsrpctl_hex_digit(s[2 * i]) << 4 |
					nsrpctl_hex_digit(s[2 * i + 1]));
	req->key_len = digits / 2;
	req->has_key = true;
	return 2;
}

static const struct nsrpctl_set_kw nsrpctl_set_kws[] = {
	{ "enable", "", nsrpctl_set_enable, 1 },
	{ "disable", "", nsrpctl_set_enable, 0 },
	{ "enforce", "on|off", nsrpctl_set_value, NSRPCTL_SET_ENFORCE },
	{ "max-sessions", "N", nsrpctl_set_value, NSRPCTL_SET_MAX_SESSIONS },
	{ "timeout", "TYPE SECONDS", nsrpctl_set_timeout, 0 },
	{ "ha-link", "DEV|none", nsrpctl_set_ha_link_kw, 0 },
	{ "ethertype", "ETHERTYPE", nsrpctl_set_value, NSRPCTL_SET_ETHERTYPE },
	{ "cluster-id", "ID", nsrpctl_set_value, NSRPCTL_SET_CLUSTER_ID },
	{ "node-id", "ID|auto", nsrpctl_set_value, NSRPCTL_SET_NODE_ID },
	{ "multiplier", "1..255", nsrpctl_set_value, NSRPCTL_SET_MULTIPLIER },
	{ "ageout-ack", "on|off", nsrpctl_set_value, NSRPCTL_SET_AGEOUT_ACK },
	{ "flush-ms", "MS", nsrpctl_set_value, NSRPCTL_SET_FLUSH_MS },
	{ "key", "HEX|none", nsrpctl_set_key, 0 },
	{ "mode", "auto|manual", nsrpctl_set_value, NSRPCTL_SET_MODE },
	{ "role", "primary|backup", nsrpctl_set_value, NSRPCTL_SET_ROLE },
	{ "priority", "1..254", nsrpctl_set_value, NSRPCTL_SET_PRIORITY },
	{ "preempt", "on|off", nsrpctl_set_value, NSRPCTL_SET_PREEMPT },
	{ "hello-interval", "50..10000", nsrpctl_set_value,
	  NSRPCTL_SET_HELLO_MS },
	{ "dead-count", "2..255", nsrpctl_set_value, NSRPCTL_SET_DEAD_COUNT },
	{ "hold-down", "0..3600000", nsrpctl_set_value,
	  NSRPCTL_SET_HOLD_DOWN_MS },
};

_Static_assert(NSRP_HELLO_MS_MIN == 50 && NSRP_HELLO_MS_MAX == 10000 &&
	       NSRP_HOLD_DOWN_MS_MAX == 3600000,
	       "the usage text of hello-interval or hold-down is stale");

/*
 * The ifindex of the HA link, looked up in the namespace the request goes
 * to: with -n that is not ours yet, so enter it first, as opening the
 * socket would. -batch's checking pass does it too, so that a missing
 * device stops the batch before its first line runs. A device that
 * vanishes before the kernel sees the ifindex is the kernel's to refuse.
 */
static int nsrpctl_set_ha_link(struct nsrpctl *ctx,
			       struct nsrpctl_set_req *req)
{
	unsigned int ifindex;

	if (!req->ha_link_dev)
		return 0;
	if (nsrpctl_netns_switch(ctx))
		return -1;
	ifindex = if_nametoindex(req->ha_link_dev);
	if (!ifindex) {
		if (errno == ENODEV || errno == ENXIO)
			nsrpctl_err("set: ha-link: no device '%s'",
				    req->ha_link_dev);
		else
			nsrpctl_err("set: ha-link: cannot look up device '%s': %s",
				    req->ha_link_dev, strerror(errno));
		return -1;
	}
	req->ha_ifindex = ifindex;
	return 0;
}

/* Returns the NSRP_A_KEY attribute, or NULL: its payload is to be wiped. */
static struct nlattr *nsrpctl_set_put(struct nlmsghdr *nlh,
				      const struct nsrpctl_set_req *req)
{
	struct nlattr *nest = NULL, *key = NULL;
	uint16_t i;

	if (req->enabled >= 0)
		mnl_attr_put_u8(nlh, NSRP_A_ENABLED, (uint8_t)req->enabled);
	for (i = 0; i < NSRPCTL_SET_VALUES; i++) {
		const struct nsrpctl_set_value *v = &nsrpctl_set_values[i];

		if (!req->given[i])
			continue;
		/* The parsers kept each value within its width. */
		if (v->width == 1)
			mnl_attr_put_u8(nlh, v->attr, (uint8_t)req->value[i]);
		else if (v->width == 2)
			mnl_attr_put_u16(nlh, v->attr, (uint16_t)req->value[i]);
		else
			mnl_attr_put_u32(nlh, v->attr, req->value[i]);
	}
	for (i = 1; i <= NSRP_A_TIMEOUT_MAX; i++) {
		if (!req->timeouts[i])
			continue;
		if (!nest)
			nest = mnl_attr_nest_start(nlh, NSRP_A_TIMEOUTS);
		mnl_attr_put_u32(nlh, i, req->timeouts[i]);
	}
	if (nest)
		mnl_attr_nest_end(nlh, nest);
	if (req->has_ha_link)
		mnl_attr_put_u32(nlh, NSRP_A_HA_LINK, req->ha_ifindex);
	if (req->has_key) {
		/* Empty for none: the kernel then stops authenticating. */
		key = mnl_nlmsg_get_payload_tail(nlh);
		mnl_attr_put(nlh, NSRP_A_KEY, req->key_len, req->key);
	}
	return key;
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
		"      ETHERTYPE := 0x%04x..0xffff (hex with 0x, or decimal)\n"
		"      ID := 0..65535 (node-id 0 or auto: from the HA link's MAC)\n"
		"      MS := 1..%u\n"
		"      HEX := %u..%u hex digits, an even number (%u..%u octets)\n"
		"hello-interval and hold-down are in milliseconds; role only in\n"
		"manual mode; priority: lower is preferred.\n"
		"Each keyword at most once (timeout once per TYPE); what is not\n"
		"named keeps its value.\n",
		types, NSRP_TIMEOUT_MAX, NSRP_MAX_SESSIONS_LIMIT,
		NSRP_ETHERTYPE_MIN, NSRP_FLUSH_MS_MAX, 2 * NSRP_KEY_MIN_LEN,
		2 * NSRP_KEY_MAX_LEN, NSRP_KEY_MIN_LEN, NSRP_KEY_MAX_LEN);
}

static int nsrpctl_set_send(struct nsrpctl *ctx,
			    const struct nsrpctl_set_req *req)
{
	struct nsrpctl_nl *nl;
	struct nlmsghdr *nlh;
	struct nlattr *key;
	int err;

	nl = nsrpctl_nl_get(ctx);
	if (!nl)
		return NSRPCTL_EXIT_ERROR;
	nlh = nsrpctl_nl_request(nl, NSRP_CMD_SET, NLM_F_ACK);
	key = nsrpctl_set_put(nlh, req);
	err = nsrpctl_nl_talk(nl, nlh, NULL, NULL);
	/* The buffer is reused by the next -batch line: leave no key in it. */
	if (key)
		explicit_bzero(mnl_attr_get_payload(key),
			       mnl_attr_get_payload_len(key));
	return err ? NSRPCTL_EXIT_ERROR : NSRPCTL_EXIT_OK;
}

static int nsrpctl_set(struct nsrpctl *ctx, int argc, char **argv)
{
	struct nsrpctl_set_req req = { .enabled = -1 };
	int i, ret = NSRPCTL_EXIT_OK;

	if (argc < 2)
		return nsrpctl_usage(NSRPCTL_SET_CMD,
				     "nothing to set (give at least one keyword)");
	for (i = 1; i < argc && !ret;) {
		const struct nsrpctl_set_kw *kw;
		int used;

		kw = NSRPCTL_KW_FIND(nsrpctl_set_kws, argv[i]);
		if (!kw) {
			char list[384];

			NSRPCTL_KW_LIST(list, nsrpctl_set_kws);
			ret = nsrpctl_usage(NSRPCTL_SET_CMD,
					    "unknown keyword '%s' (expected one of: %s)",
					    argv[i], list);
			break;
		}
		used = kw->parse(kw, argc - i, argv + i, &req);
		if (used < 0)
			ret = NSRPCTL_EXIT_USAGE;
		else
			i += used;
	}
	/* The kernel would refuse it too; say so before asking it. */
	if (!ret && req.given[NSRPCTL_SET_ROLE] && req.given[NSRPCTL_SET_MODE] &&
	    req.value[NSRPCTL_SET_MODE] == NSRP_MODE_AUTO)
		ret = nsrpctl_usage(NSRPCTL_SET_CMD,
				    "role: only in manual mode, not with 'mode auto'");
	if (!ret && nsrpctl_set_ha_link(ctx, &req))
		ret = NSRPCTL_EXIT_ERROR;
	if (!ret && !ctx->check_only)
		ret = nsrpctl_set_send(ctx, &req);
	explicit_bzero(req.key, sizeof(req.key));
	return ret;
}

const struct nsrpctl_cmd nsrpctl_cmd_set = {
	.name = "set",
	.summary = "change the configuration",
	.usage = nsrpctl_set_usage,
	.run = nsrpctl_set,
};
