// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * nsrpctl session list|del|flush: NSRP_CMD_SESSION_GET (dump),
 * NSRP_CMD_SESSION_DEL and NSRP_CMD_SESSION_FLUSH.
 *
 * list and del share the selectors (family, proto, addr, port), parsed
 * into a struct nsrpctl_filter and sent as NSRP_A_FILTER. "proto icmp"
 * means ICMP for IPv4 and ICMPv6 for IPv6; when no family is known the
 * kernel cannot be told which, so list filters on our side and del asks
 * the kernel twice.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/nsrp.h>

#include "json.h"
#include "netlink.h"

/* A session as the dump described it; .present has bit 1 << attribute. */
struct nsrpctl_session {
	uint32_t present;
	uint8_t family;
	uint8_t proto;
	uint8_t state;
	uint8_t owner;
	uint16_t sport;
	uint16_t dport;
	uint32_t expires_ms;
	uint32_t timeout_s;
	uint8_t src[16];
	uint8_t dst[16];
};

#define NSRPCTL_HAS(s, attr) ((s)->present & (1U << (attr)))

struct nsrpctl_filter {
	unsigned int given;	/* bit per selector: each at most once */
	int family;		/* AF_UNSPEC: any */
	int addr_family;	/* AF_UNSPEC: no addr */
	bool has_proto;
	bool proto_icmp;	/* "icmp" and no family known yet */
	uint8_t proto;
	uint8_t addr[16];
	bool has_port;
	uint16_t port;
};

/* Every selector takes one argument; the caller checks it is there. */
struct nsrpctl_filter_kw {
	const char *name;
	const char *args;	/* for the usage text */
	/* Returns 0, or -1 after reporting bad usage. */
	int (*parse)(const struct nsrpctl_cmd *cmd,
		     const struct nsrpctl_filter_kw *kw, const char *arg,
		     struct nsrpctl_filter *f);
	unsigned int bit;	/* in nsrpctl_filter.given */
};

static const struct nsrpctl_family_kw {
	const char *name;
	int family;
} nsrpctl_family_kws[] = {
	{ "inet", AF_INET },
	{ "inet6", AF_INET6 },
};

/* -1: ICMP of whatever family the session has. */
#define NSRPCTL_PROTO_ICMP_ANY (-1)

static const struct nsrpctl_proto_kw {
	const char *name;
	int proto;
} nsrpctl_proto_kws[] = {
	{ "tcp", IPPROTO_TCP },
	{ "udp", IPPROTO_UDP },
	{ "icmp", NSRPCTL_PROTO_ICMP_ANY },
	{ "icmpv6", IPPROTO_ICMPV6 },
	{ "icmp6", IPPROTO_ICMPV6 },
	{ "ipv6-icmp", IPPROTO_ICMPV6 },
};

static const char *const nsrpctl_state_names[] = {
	[NSRP_STATE_NONE]	 = "none",
	[NSRP_STATE_SYN_SENT]	 = "syn_sent",
	[NSRP_STATE_SYN_RECV]	 = "syn_recv",
	[NSRP_STATE_ESTABLISHED] = "established",
	[NSRP_STATE_FIN_WAIT]	 = "fin_wait",
	[NSRP_STATE_CLOSING]	 = "closing",
	[NSRP_STATE_ACTIVE]	 = "active",
};

_Static_assert(NSRPCTL_ARRAY_SIZE(nsrpctl_state_names) == NSRP_STATE_MAX + 1,
	       "a state of enum nsrp_session_state has no name");

static const char *const nsrpctl_owner_names[] = {
	[NSRP_OWNER_LOCAL] = "local",
	[NSRP_OWNER_PEER]  = "peer",
};

/*
 * Names of values, or "state_N" / "owner_N" for one a newer kernel added:
 * the output stays parseable instead of the tool failing.
 */
static const char *nsrpctl_state_name(uint8_t v, char *buf, size_t len)
{
	if (v < NSRPCTL_ARRAY_SIZE(nsrpctl_state_names) &&
	    nsrpctl_state_names[v])
		return nsrpctl_state_names[v];
	snprintf(buf, len, "state_%u", v);
	return buf;
}

static const char *nsrpctl_owner_name(uint8_t v, char *buf, size_t len)
{
	if (v < NSRPCTL_ARRAY_SIZE(nsrpctl_owner_names) &&
	    nsrpctl_owner_names[v])
		return nsrpctl_owner_names[v];
	snprintf(buf, len, "owner_%u", v);
	return buf;
}

/* The one spelling of a protocol in output, both human and JSON. */
static const char *nsrpctl_proto_name(uint8_t proto, char *buf, size_t len)
{
	switch (proto) {
	case IPPROTO_TCP:
		return "tcp";
	case IPPROTO_UDP:
		return "udp";
	case IPPROTO_ICMP:
		return "icmp";
	case IPPROTO_ICMPV6:
		return "icmpv6";
	}
	snprintf(buf, len, "%u", proto);
	return buf;
}

#define NSRPCTL_SEL_FAMILY	(1U << 0)
#define NSRPCTL_SEL_PROTO	(1U << 1)
#define NSRPCTL_SEL_ADDR	(1U << 2)
#define NSRPCTL_SEL_PORT	(1U << 3)

static int nsrpctl_sel_family(const struct nsrpctl_cmd *cmd,
			      const struct nsrpctl_filter_kw *kw,
			      const char *arg, struct nsrpctl_filter *f)
{
	const struct nsrpctl_family_kw *fam;
	char list[64];

	NSRPCTL_KW_LIST(list, nsrpctl_family_kws);
	fam = NSRPCTL_KW_FIND(nsrpctl_family_kws, arg);
	if (!fam) {
		nsrpctl_usage(cmd, "%s: invalid value '%s' (expected one of: %s)",
			      kw->name, arg, list);
		return -1;
	}
	f->family = fam->family;
	return 0;
}

static int nsrpctl_sel_proto(const struct nsrpctl_cmd *cmd,
			     const struct nsrpctl_filter_kw *kw,
			     const char *arg, struct nsrpctl_filter *f)
{
	const struct nsrpctl_proto_kw *p;
	char list[96];
	uint64_t v;

	p = NSRPCTL_KW_FIND(nsrpctl_proto_kws, arg);
	if (p && p->proto == NSRPCTL_PROTO_ICMP_ANY) {
		f->proto_icmp = true;
	} else if (p) {
		f->proto = (uint8_t)p->proto;
		f->has_proto = true;
	} else if (!nsrpctl_parse_uint(arg, 1, 255, &v)) {
		f->proto = (uint8_t)v;
		f->has_proto = true;
	} else {
		NSRPCTL_KW_LIST(list, nsrpctl_proto_kws);
		nsrpctl_usage(cmd, "%s: invalid value '%s' (expected one of: %s, or a number 1..255)",
			      kw->name, arg, list);
		return -1;
	}
	return 0;
}

static int nsrpctl_sel_addr(const struct nsrpctl_cmd *cmd,
			    const struct nsrpctl_filter_kw *kw,
			    const char *arg, struct nsrpctl_filter *f)
{
	if (inet_pton(AF_INET, arg, f->addr) == 1) {
		f->addr_family = AF_INET;
	} else if (inet_pton(AF_INET6, arg, f->addr) == 1) {
		f->addr_family = AF_INET6;
	} else {
		const char *why = strchr(arg, '/') ?
				  "; prefixes are not supported" : "";

		nsrpctl_usage(cmd, "%s: invalid address '%s' (expected one IPv4 or IPv6 address%s)",
			      kw->name, arg, why);
		return -1;
	}
	return 0;
}

static int nsrpctl_sel_port(const struct nsrpctl_cmd *cmd,
			    const struct nsrpctl_filter_kw *kw,
			    const char *arg, struct nsrpctl_filter *f)
{
	uint32_t port;

	/*
	 * Port 0 is what ICMP and portless sessions carry as DPORT: as a
	 * selector it would quietly pick all of them.
	 */
	if (nsrpctl_parse_u32_arg(cmd, kw->name, arg, 1, 65535, &port))
		return -1;
	f->port = (uint16_t)port;
	f->has_port = true;
	return 0;
}

static const struct nsrpctl_filter_kw nsrpctl_filter_kws[] = {
	{ "family", "inet|inet6", nsrpctl_sel_family, NSRPCTL_SEL_FAMILY },
	{ "proto", "tcp|udp|icmp|icmp6|NUMBER", nsrpctl_sel_proto,
	  NSRPCTL_SEL_PROTO },
	{ "addr", "ADDR", nsrpctl_sel_addr, NSRPCTL_SEL_ADDR },
	{ "port", "PORT", nsrpctl_sel_port, NSRPCTL_SEL_PORT },
};

static const struct nsrpctl_cmd nsrpctl_cmd_session_list;
static const struct nsrpctl_cmd nsrpctl_cmd_session_del;
static const struct nsrpctl_cmd nsrpctl_cmd_session_flush;

static const char *nsrpctl_family_name(int family)
{
	return family == AF_INET ? "inet" : "inet6";
}

/* Parse the selectors in argv[1..argc-1]; returns an NSRPCTL_EXIT_*. */
static int nsrpctl_filter_parse(const struct nsrpctl_cmd *cmd, int argc,
				char **argv, struct nsrpctl_filter *f)
{
	int i;

	memset(f, 0, sizeof(*f));
	for (i = 1; i < argc; i += 2) {
		const struct nsrpctl_filter_kw *kw;

		kw = NSRPCTL_KW_FIND(nsrpctl_filter_kws, argv[i]);
		if (!kw) {
			char list[64];

			NSRPCTL_KW_LIST(list, nsrpctl_filter_kws);
			return nsrpctl_usage(cmd, "unknown selector '%s' (expected one of: %s)",
					     argv[i], list);
		}
		if (f->given & kw->bit)
			return nsrpctl_usage(cmd, "'%s' given twice", kw->name);
		if (i + 1 >= argc)
			return nsrpctl_usage(cmd, "%s: missing value (expected %s)",
					     kw->name, kw->args);
		if (kw->parse(cmd, kw, argv[i + 1], f))
			return NSRPCTL_EXIT_USAGE;
		f->given |= kw->bit;
	}

	/* An address has a family; a different one can match nothing. */
	if (f->addr_family && f->family && f->addr_family != f->family) {
		char buf[INET6_ADDRSTRLEN];

		inet_ntop(f->addr_family, f->addr, buf, sizeof(buf));
		return nsrpctl_usage(cmd, "addr %s is an %s address but family %s was given",
				     buf, nsrpctl_family_name(f->addr_family),
				     nsrpctl_family_name(f->family));
	}
	if (f->addr_family)
		f->family = f->addr_family;
	if (f->proto_icmp && f->family) {
		f->proto = f->family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;
		f->has_proto = true;
		f->proto_icmp = false;
	}
	return NSRPCTL_EXIT_OK;
}

static bool nsrpctl_filter_empty(const struct nsrpctl_filter *f)
{
	return !f->family && !f->has_proto && !f->addr_family && !f->has_port;
}

/* NSRP_A_FILTER, with @proto (if not negative) instead of f->proto. */
static void nsrpctl_filter_put(struct nlmsghdr *nlh,
			       const struct nsrpctl_filter *f, int proto)
{
	struct nlattr *nest;

	if (proto < 0 && nsrpctl_filter_empty(f))
		return;
	nest = mnl_attr_nest_start(nlh, NSRP_A_FILTER);
	if (f->family)
		mnl_attr_put_u8(nlh, NSRP_FILTER_A_FAMILY, (uint8_t)f->family);
	if (proto >= 0)
		mnl_attr_put_u8(nlh, NSRP_FILTER_A_PROTO, (uint8_t)proto);
	else if (f->has_proto)
		mnl_attr_put_u8(nlh, NSRP_FILTER_A_PROTO, f->proto);
	if (f->addr_family)
		mnl_attr_put(nlh, NSRP_FILTER_A_ADDR,
			     f->addr_family == AF_INET ? 4 : 16, f->addr);
	if (f->has_port)
		mnl_attr_put_u16(nlh, NSRP_FILTER_A_PORT, htons(f->port));
	mnl_attr_nest_end(nlh, nest);
}

struct nsrpctl_session_list {
	struct nsrpctl_session *v;
	size_t n;
	size_t cap;
	const struct nsrpctl_filter *filter;
};

static void nsrpctl_session_list_reset(void *data)
{
	struct nsrpctl_session_list *l = data;

	l->n = 0;
}

static int nsrpctl_session_push(struct nsrpctl_session_list *l,
				const struct nsrpctl_session *s)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		struct nsrpctl_session *v;

		if (cap > SIZE_MAX / sizeof(*v))
			v = NULL;
		else
			v = realloc(l->v, cap * sizeof(*v));
		if (!v) {
			nsrpctl_err("out of memory for %zu sessions", l->n);
			return -ENOMEM;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *s;
	return 0;
}

static const struct nsrpctl_policy nsrpctl_session_policy[] = {
	[NSRP_SESSION_A_FAMILY]		= { MNL_TYPE_U8, 0 },
	[NSRP_SESSION_A_PROTO]		= { MNL_TYPE_U8, 0 },
	[NSRP_SESSION_A_SRC]		= { MNL_TYPE_BINARY, 0 },
	[NSRP_SESSION_A_DST]		= { MNL_TYPE_BINARY, 0 },
	[NSRP_SESSION_A_SPORT]		= { MNL_TYPE_U16, 0 },
	[NSRP_SESSION_A_DPORT]		= { MNL_TYPE_U16, 0 },
	[NSRP_SESSION_A_STATE]		= { MNL_TYPE_U8, 0 },
	[NSRP_SESSION_A_OWNER]		= { MNL_TYPE_U8, 0 },
	[NSRP_SESSION_A_EXPIRES_MS]	= { MNL_TYPE_U32, 0 },
	[NSRP_SESSION_A_TIMEOUT_S]	= { MNL_TYPE_U32, 0 },
};

_Static_assert(NSRPCTL_ARRAY_SIZE(nsrpctl_session_policy) ==
	       NSRP_SESSION_A_MAX + 1, "a session attribute lacks a policy");

/* One NSRP_A_SESSION nest into @s; 0 or -EBADMSG after reporting. */
static int nsrpctl_session_parse(const struct nlattr *nest,
				 struct nsrpctl_session *s)
{
	const struct nlattr *tb[NSRP_SESSION_A_MAX + 1];
	size_t alen = 0;
	uint16_t i;
	int err;

	err = nsrpctl_attr_parse_nested(nest, nsrpctl_session_policy,
					NSRP_SESSION_A_MAX, tb,
					"NSRP_A_SESSION");
	if (err)
		return err;

	memset(s, 0, sizeof(*s));
	for (i = 1; i <= NSRP_SESSION_A_MAX; i++)
		if (tb[i])
			s->present |= 1U << i;

	/* The addresses decide the family if the kernel left it out. */
	for (i = NSRP_SESSION_A_SRC; i <= NSRP_SESSION_A_DST; i++) {
		size_t len;

		if (!tb[i])
			continue;
		len = mnl_attr_get_payload_len(tb[i]);
		if ((len != 4 && len != 16) || (alen && len != alen)) {
			nsrpctl_err("malformed NSRP_A_SESSION: address of %zu bytes",
				    len);
			return -EBADMSG;
		}
		alen = len;
		memcpy(i == NSRP_SESSION_A_SRC ? s->src : s->dst,
		       mnl_attr_get_payload(tb[i]), len);
	}
	if (tb[NSRP_SESSION_A_FAMILY])
		s->family = mnl_attr_get_u8(tb[NSRP_SESSION_A_FAMILY]);
	else if (alen)
		s->family = alen == 4 ? AF_INET : AF_INET6;
	if (s->family && s->family != AF_INET && s->family != AF_INET6) {
		nsrpctl_err("malformed NSRP_A_SESSION: unknown family %u",
			    s->family);
		return -EBADMSG;
	}
	if (alen && alen != (s->family == AF_INET ? 4U : 16U)) {
		nsrpctl_err("malformed NSRP_A_SESSION: %zu byte address for %s",
			    alen, nsrpctl_family_name(s->family));
		return -EBADMSG;
	}
	if (s->family)
		s->present |= 1U << NSRP_SESSION_A_FAMILY;

	if (tb[NSRP_SESSION_A_PROTO])
		s->proto = mnl_attr_get_u8(tb[NSRP_SESSION_A_PROTO]);
	if (tb[NSRP_SESSION_A_SPORT])
		s->sport = ntohs(mnl_attr_get_u16(tb[NSRP_SESSION_A_SPORT]));
	if (tb[NSRP_SESSION_A_DPORT])
		s->dport = ntohs(mnl_attr_get_u16(tb[NSRP_SESSION_A_DPORT]));
	if (tb[NSRP_SESSION_A_STATE])
		s->state = mnl_attr_get_u8(tb[NSRP_SESSION_A_STATE]);
	if (tb[NSRP_SESSION_A_OWNER])
		s->owner = mnl_attr_get_u8(tb[NSRP_SESSION_A_OWNER]);
	if (tb[NSRP_SESSION_A_EXPIRES_MS])
		s->expires_ms = mnl_attr_get_u32(tb[NSRP_SESSION_A_EXPIRES_MS]);
	if (tb[NSRP_SESSION_A_TIMEOUT_S])
		s->timeout_s = mnl_attr_get_u32(tb[NSRP_SESSION_A_TIMEOUT_S]);
	return 0;
}

static int nsrpctl_session_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	static const struct nsrpctl_policy policy[NSRP_A_SESSIONS_LIST + 1] = {
		[NSRP_A_SESSIONS_LIST] = { MNL_TYPE_NESTED, 0 },
	};
	const struct nlattr *tb[NSRP_A_SESSIONS_LIST + 1];
	struct nsrpctl_session_list *l = data;
	const struct nlattr *attr;
	int err;

	err = nsrpctl_attr_parse(nlh, policy, NSRP_A_SESSIONS_LIST, tb,
				 "NSRP_CMD_SESSION_GET");
	if (err || !tb[NSRP_A_SESSIONS_LIST])
		return err;

	mnl_attr_for_each_nested(attr, tb[NSRP_A_SESSIONS_LIST]) {
		struct nsrpctl_session s;

		if (mnl_attr_get_type(attr) != NSRP_A_SESSION)
			continue;
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0) {
			nsrpctl_err("malformed NSRP_A_SESSION from the kernel");
			return -EBADMSG;
		}
		err = nsrpctl_session_parse(attr, &s);
		if (err)
			return err;
		/* "proto icmp" without a family: either ICMP will do. */
		if (l->filter->proto_icmp && s.proto != IPPROTO_ICMP &&
		    s.proto != IPPROTO_ICMPV6)
			continue;
		err = nsrpctl_session_push(l, &s);
		if (err)
			return err;
	}
	return 0;
}

static bool nsrpctl_is_icmp(const struct nsrpctl_session *s)
{
	return s->proto == IPPROTO_ICMP || s->proto == IPPROTO_ICMPV6;
}

/* "10.0.0.1", "10.0.0.1:80", "[2001:db8::1]:80"; "?" if not sent. */
static void nsrpctl_endpoint(char *buf, size_t len,
			     const struct nsrpctl_session *s,
			     const uint8_t *addr, uint16_t addr_attr,
			     int port)
{
	char a[INET6_ADDRSTRLEN] = "?";

	if (NSRPCTL_HAS(s, addr_attr))
		inet_ntop(s->family, addr, a, sizeof(a));
	if (port < 0)
		snprintf(buf, len, "%s", a);
	else if (s->family == AF_INET6)
		snprintf(buf, len, "[%s]:%d", a, port);
	else
		snprintf(buf, len, "%s:%d", a, port);
}

static void nsrpctl_session_human(const struct nsrpctl_session *s)
{
	char src[INET6_ADDRSTRLEN + 8], dst[INET6_ADDRSTRLEN + 8];
	char pbuf[8], sbuf[16], obuf[16];
	bool ports;

	/*
	 * ICMP has an echo identifier where others have ports. Protocols
	 * without ports have both 0: print none rather than ":0".
	 */
	ports = !nsrpctl_is_icmp(s) &&
		(s->proto == IPPROTO_TCP || s->proto == IPPROTO_UDP ||
		 s->sport || s->dport);
	nsrpctl_endpoint(src, sizeof(src), s, s->src, NSRP_SESSION_A_SRC,
			 ports ? s->sport : -1);
	nsrpctl_endpoint(dst, sizeof(dst), s, s->dst, NSRP_SESSION_A_DST,
			 ports ? s->dport : -1);

	printf("%s %s %s",
	       NSRPCTL_HAS(s, NSRP_SESSION_A_PROTO) ?
	       nsrpctl_proto_name(s->proto, pbuf, sizeof(pbuf)) : "?",
	       src, dst);
	if (nsrpctl_is_icmp(s) && NSRPCTL_HAS(s, NSRP_SESSION_A_SPORT))
		printf(" id %u", s->sport);
	printf(" %s %s",
	       NSRPCTL_HAS(s, NSRP_SESSION_A_STATE) ?
	       nsrpctl_state_name(s->state, sbuf, sizeof(sbuf)) : "-",
	       NSRPCTL_HAS(s, NSRP_SESSION_A_OWNER) ?
	       nsrpctl_owner_name(s->owner, obuf, sizeof(obuf)) : "-");
	if (NSRPCTL_HAS(s, NSRP_SESSION_A_EXPIRES_MS))
		printf(" %us\n", s->expires_ms / 1000);
	else
		puts(" -");
}

static void nsrpctl_session_json(struct nsrpctl_json *j,
				 const struct nsrpctl_session *s)
{
	char buf[INET6_ADDRSTRLEN];

	nsrpctl_json_begin_object(j, NULL);
	if (NSRPCTL_HAS(s, NSRP_SESSION_A_FAMILY))
		nsrpctl_json_string(j, "family",
				    nsrpctl_family_name(s->family));
	if (NSRPCTL_HAS(s, NSRP_SESSION_A_PROTO))
		nsrpctl_json_string(j, "proto",
				    nsrpctl_proto_name(s->proto, buf,
						       sizeof(buf)));
	if (NSRPCTL_HAS(s, NSRP_SESSION_A_SRC))
		nsrpctl_json_string(j, "src", inet_ntop(s->family, s->src, buf,
							sizeof(buf)));
	if (NSRPCTL_HAS(s, NSRP_SESSION_A_DST))
		nsrpctl_json_string(j, "dst", inet_ntop(s->family, s->dst, buf,
							sizeof(buf)));
	if (NSRPCTL_HAS(s, NSRP_SESSION_A_SPORT))
		nsrpctl_json_uint(j, "sport", s->sport);
	if (NSRPCTL_HAS(s, NSRP_SESSION_A_DPORT))
		nsrpctl_json_uint(j, "dport", s->dport);
	if (NSRPCTL_HAS(s, NSRP_SESSION_A_STATE))
		nsrpctl_json_string(j, "state",
				    nsrpctl_state_name(s->state, buf,
						       sizeof(buf)));
	if (NSRPCTL_HAS(s, NSRP_SESSION_A_OWNER))
		nsrpctl_json_string(j, "owner",
				    nsrpctl_owner_name(s->owner, buf,
						       sizeof(buf)));
	if (NSRPCTL_HAS(s, NSRP_SESSION_A_EXPIRES_MS))
		nsrpctl_json_uint(j, "expires_ms", s->expires_ms);
	if (NSRPCTL_HAS(s, NSRP_SESSION_A_TIMEOUT_S))
		nsrpctl_json_uint(j, "timeout_s", s->timeout_s);
	nsrpctl_json_end_object(j);
}

/*
 * The whole dump is collected before anything is printed: an interrupted
 * dump is asked again from the start, and what was printed of it could
 * not be taken back.
 */
static int nsrpctl_session_list(struct nsrpctl *ctx, int argc, char **argv)
{
	struct nsrpctl_session_list l = { NULL, 0, 0, NULL };
	struct nsrpctl_filter f;
	struct nsrpctl_json j;
	struct nsrpctl_nl *nl;
	struct nlmsghdr *nlh;
	size_t i;
	int ret;

	ret = nsrpctl_filter_parse(&nsrpctl_cmd_session_list, argc, argv, &f);
	if (ret || ctx->check_only)
		return ret;

	nl = nsrpctl_nl_get(ctx);
	if (!nl)
		return NSRPCTL_EXIT_ERROR;
	nlh = nsrpctl_nl_request(nl, NSRP_CMD_SESSION_GET, NLM_F_DUMP);
	nsrpctl_filter_put(nlh, &f, -1);
	l.filter = &f;
	if (nsrpctl_nl_dump(nl, nlh, nsrpctl_session_dump_cb,
			    nsrpctl_session_list_reset, &l)) {
		free(l.v);
		return NSRPCTL_EXIT_ERROR;
	}

	if (ctx->json) {
		nsrpctl_json_init(&j, stdout, ctx->pretty);
		nsrpctl_json_begin_array(&j, NULL);
		for (i = 0; i < l.n; i++)
			nsrpctl_session_json(&j, &l.v[i]);
		nsrpctl_json_end_array(&j);
	} else {
		for (i = 0; i < l.n; i++)
			nsrpctl_session_human(&l.v[i]);
	}
	free(l.v);
	return NSRPCTL_EXIT_OK;
}

/* Send a DEL or FLUSH request; adds the NSRP_A_SESSIONS of its reply. */
static int nsrpctl_session_remove(struct nsrpctl_nl *nl,
				  struct nlmsghdr *nlh, uint64_t *count)
{
	static const struct nsrpctl_policy policy[NSRP_A_SESSIONS + 1] = {
		[NSRP_A_SESSIONS] = { MNL_TYPE_U32, 0 },
	};
	const struct nlattr *tb[NSRP_A_SESSIONS + 1];
	struct nlmsghdr *reply;
	int err;

	err = nsrpctl_nl_query(nl, nlh, &reply);
	if (err)
		return err;
	err = nsrpctl_attr_parse(reply, policy, NSRP_A_SESSIONS, tb,
				 "NSRP_CMD_SESSION_DEL/FLUSH");
	if (!err && !tb[NSRP_A_SESSIONS]) {
		nsrpctl_err("the kernel did not say how many sessions it removed");
		err = -EPROTO;
	}
	if (!err)
		*count += mnl_attr_get_u32(tb[NSRP_A_SESSIONS]);
	free(reply);
	return err;
}

static void nsrpctl_print_deleted(const struct nsrpctl *ctx, uint64_t count)
{
	struct nsrpctl_json j;

	if (!ctx->json) {
		printf("deleted %llu\n", (unsigned long long)count);
		return;
	}
	nsrpctl_json_init(&j, stdout, ctx->pretty);
	nsrpctl_json_begin_object(&j, NULL);
	nsrpctl_json_uint(&j, "deleted", count);
	nsrpctl_json_end_object(&j);
}

static int nsrpctl_session_del(struct nsrpctl *ctx, int argc, char **argv)
{
	static const int icmps[] = { IPPROTO_ICMP, IPPROTO_ICMPV6 };
	struct nsrpctl_filter f;
	struct nsrpctl_nl *nl;
	uint64_t count = 0;
	size_t i;
	int ret;

	if (argc < 2)
		return nsrpctl_usage(&nsrpctl_cmd_session_del,
				     "give at least one selector (to remove every session use 'session flush')");
	ret = nsrpctl_filter_parse(&nsrpctl_cmd_session_del, argc, argv, &f);
	if (ret || ctx->check_only)
		return ret;

	nl = nsrpctl_nl_get(ctx);
	if (!nl)
		return NSRPCTL_EXIT_ERROR;
	/*
	 * "proto icmp" with no family: one request per ICMP flavour, as the
	 * filter has room for a single protocol.
	 */
	for (i = 0; i < (f.proto_icmp ? NSRPCTL_ARRAY_SIZE(icmps) : 1); i++) {
		struct nlmsghdr *nlh;

		nlh = nsrpctl_nl_request(nl, NSRP_CMD_SESSION_DEL, NLM_F_ACK);
		nsrpctl_filter_put(nlh, &f, f.proto_icmp ? icmps[i] : -1);
		if (nsrpctl_session_remove(nl, nlh, &count))
			return NSRPCTL_EXIT_ERROR;
	}
	nsrpctl_print_deleted(ctx, count);
	return NSRPCTL_EXIT_OK;
}

static int nsrpctl_session_flush(struct nsrpctl *ctx, int argc, char **argv)
{
	struct nsrpctl_nl *nl;
	struct nlmsghdr *nlh;
	uint64_t count = 0;
	int ret;

	nlh = nsrpctl_noarg_request(ctx, &nsrpctl_cmd_session_flush, argc, argv,
				    "flush takes none; to select use 'session del'",
				    NSRP_CMD_SESSION_FLUSH, &nl, &ret);
	if (!nlh)
		return ret;
	if (nsrpctl_session_remove(nl, nlh, &count))
		return NSRPCTL_EXIT_ERROR;
	nsrpctl_print_deleted(ctx, count);
	return NSRPCTL_EXIT_OK;
}

static void nsrpctl_session_usage(FILE *f)
{
	size_t i;

	fputs("usage: nsrpctl [-j [-p]] session [list [SELECTOR]...]\n"
	      "       nsrpctl [-j [-p]] session del SELECTOR...\n"
	      "       nsrpctl [-j [-p]] session flush\n"
	      "where SELECTOR :=", f);
	for (i = 0; i < NSRPCTL_ARRAY_SIZE(nsrpctl_filter_kws); i++)
		fprintf(f, "%s%s %s", i ? " |\n                  " : " ",
			nsrpctl_filter_kws[i].name,
			nsrpctl_filter_kws[i].args);
	fputs("\n"
	      "      NUMBER := 1..255, PORT := 1..65535\n"
	      "Each selector at most once; a session matches if it matches all\n"
	      "of them. addr and port match either end of a session.\n", f);
}

static const struct nsrpctl_cmd nsrpctl_cmd_session_list = {
	.name = "session list",
	.usage = nsrpctl_session_usage,
	.run = nsrpctl_session_list,
};

static const struct nsrpctl_cmd nsrpctl_cmd_session_del = {
	.name = "session del",
	.usage = nsrpctl_session_usage,
	.run = nsrpctl_session_del,
};

static const struct nsrpctl_cmd nsrpctl_cmd_session_flush = {
	.name = "session flush",
	.usage = nsrpctl_session_usage,
	.run = nsrpctl_session_flush,
};

static const struct nsrpctl_session_sub {
	const char *name;
	const struct nsrpctl_cmd *cmd;
} nsrpctl_session_subs[] = {
	{ "list", &nsrpctl_cmd_session_list },
	{ "del", &nsrpctl_cmd_session_del },
	{ "flush", &nsrpctl_cmd_session_flush },
};

/* "session" alone lists, as "ip link" shows. */
static int nsrpctl_session(struct nsrpctl *ctx, int argc, char **argv)
{
	const struct nsrpctl_session_sub *sub;

	if (argc < 2)
		return nsrpctl_session_list(ctx, argc, argv);
	/* "session help", "session list help" */
	if (nsrpctl_is_help(argv[1]) ||
	    (argc > 2 && nsrpctl_is_help(argv[2]))) {
		if (!ctx->check_only)
			nsrpctl_session_usage(stdout);
		return NSRPCTL_EXIT_OK;
	}
	sub = NSRPCTL_KW_FIND(nsrpctl_session_subs, argv[1]);
	if (!sub) {
		char list[32];

		NSRPCTL_KW_LIST(list, nsrpctl_session_subs);
		return nsrpctl_usage(&nsrpctl_cmd_session,
				     "unknown subcommand '%s' (expected one of: %s)",
				     argv[1], list);
	}
	return sub->cmd->run(ctx, argc - 1, argv + 1);
}

const struct nsrpctl_cmd nsrpctl_cmd_session = {
	.name = "session",
	.summary = "list or delete sessions",
	.usage = nsrpctl_session_usage,
	.run = nsrpctl_session,
};
