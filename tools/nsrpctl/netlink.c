// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Generic netlink transport: socket setup, family resolution, request and
 * reply loop, kernel error and extended ack reporting, dump restarts.
 *
 * The reply loop is written out here instead of using mnl_cb_run(): that
 * one stops at the first NLM_F_DUMP_INTR message and swallows the extended
 * ack, and we need both the rest of an interrupted dump (to drain it before
 * asking again) and the kernel's message.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/nsrp.h>

#include "netlink.h"

/*
 * The kernel sizes dump messages after the biggest buffer it saw us read
 * with, up to 32 KiB; a buffer that big never truncates one.
 */
#define NSRPCTL_NL_RXBUF	32768
#define NSRPCTL_NL_TXBUF	8192
#define NSRPCTL_DUMP_RESTARTS	5
#define NSRPCTL_NL_MCGRPS	8

struct nsrpctl_mcgrp {
	char name[GENL_NAMSIZ];
	uint32_t id;
};

struct nsrpctl_nl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
	uint16_t family;
	bool dump_intr;		/* a reply carried NLM_F_DUMP_INTR */
	bool cb_failed;		/* a callback reported an error itself */
	char extack[256];	/* NLMSGERR_ATTR_MSG of the last reply */
	uint32_t miss_type;	/* NLMSGERR_ATTR_MISS_TYPE, 0: none */
	/* The family's multicast groups, from CTRL_ATTR_MCAST_GROUPS. */
	struct nsrpctl_mcgrp mcgrps[NSRPCTL_NL_MCGRPS];
	unsigned int nmcgrps;
	/* The unions align the buffers for the headers built and read. */
	union {
		struct nlmsghdr hdr;
		char buf[NSRPCTL_NL_TXBUF];
	} tx;
	union {
		struct nlmsghdr hdr;
		char buf[NSRPCTL_NL_RXBUF];
	} rx;
};

/* What the user asked for, by request, to prefix kernel errors with. */
static const char *const nsrpctl_nl_cmd_names[] = {
	[NSRP_CMD_GET]		 = "show",
	[NSRP_CMD_SET]		 = "set",
	[NSRP_CMD_SESSION_GET]	 = "session list",
	[NSRP_CMD_SESSION_DEL]	 = "session del",
	[NSRP_CMD_SESSION_FLUSH] = "session flush",
	[NSRP_CMD_STATS_GET]	 = "stats",
	[NSRP_CMD_FAILOVER]	 = "failover",
};

/*
 * What an error of a request means, for kernels that send no extack with
 * it: "failover: Operation not supported" would only puzzle.
 */
static const struct nsrpctl_nl_hint {
	uint8_t cmd;
	int err;
	const char *msg;
} nsrpctl_nl_hints[] = {
	{ NSRP_CMD_FAILOVER, EOPNOTSUPP, "this node is not primary" },
	{ NSRP_CMD_FAILOVER, EHOSTUNREACH, "no live peer" },
	{ NSRP_CMD_FAILOVER, EAGAIN, "the peer is not synced yet" },
};

static const char *nsrpctl_nl_hint(const struct nlmsghdr *nlh, int err)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	size_t i;

	if (nlh->nlmsg_type == GENL_ID_CTRL)
		return NULL;
	for (i = 0; i < NSRPCTL_ARRAY_SIZE(nsrpctl_nl_hints); i++)
		if (nsrpctl_nl_hints[i].cmd == genl->cmd &&
		    nsrpctl_nl_hints[i].err == -err)
			return nsrpctl_nl_hints[i].msg;
	return NULL;
}

static const char *nsrpctl_nl_what(const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_type == GENL_ID_CTRL)
		return "resolving the " NSRP_GENL_NAME " family";
	if (genl->cmd < NSRPCTL_ARRAY_SIZE(nsrpctl_nl_cmd_names) &&
	    nsrpctl_nl_cmd_names[genl->cmd])
		return nsrpctl_nl_cmd_names[genl->cmd];
	return "request";
}

struct nsrpctl_attr_ctx {
	const struct nsrpctl_policy *policy;
	uint16_t max;
	const struct nlattr **tb;
	const char *what;
};

static int nsrpctl_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nsrpctl_attr_ctx *c = data;
	uint16_t type = mnl_attr_get_type(attr);
	const struct nsrpctl_policy *p;
	int err;

	/* Newer kernels may send more: what we do not know, we skip. */
	if (type > c->max || c->policy[type].type == MNL_TYPE_UNSPEC)
		return MNL_CB_OK;
	p = &c->policy[type];
	if (p->len)
		err = mnl_attr_validate2(attr, p->type, p->len);
	else
		err = mnl_attr_validate(attr, p->type);
	if (err < 0) {
		nsrpctl_err("malformed attribute %u of %s from the kernel (%u byte payload)",
			    type, c->what, mnl_attr_get_payload_len(attr));
		return MNL_CB_ERROR;
	}
	c->tb[type] = attr;
	return MNL_CB_OK;
}

/*
 * Fill @tb[0..@max] with the attributes of a genl message that pass
 * @policy. Returns 0 or -EBADMSG after reporting the bad attribute.
 */
int nsrpctl_attr_parse(const struct nlmsghdr *nlh,
		       const struct nsrpctl_policy *policy, uint16_t max,
		       const struct nlattr **tb, const char *what)
{
	struct nsrpctl_attr_ctx c = { policy, max, tb, what };

	memset(tb, 0, sizeof(*tb) * (max + 1U));
	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN) {
		nsrpctl_err("truncated %s message from the kernel", what);
		return -EBADMSG;
	}
	if (mnl_attr_parse(nlh, GENL_HDRLEN, nsrpctl_attr_cb, &c) < 0)
		return -EBADMSG;
	return 0;
}

int nsrpctl_attr_parse_nested(const struct nlattr *nest,
			      const struct nsrpctl_policy *policy,
			      uint16_t max, const struct nlattr **tb,
			      const char *what)
{
	struct nsrpctl_attr_ctx c = { policy, max, tb, what };

	memset(tb, 0, sizeof(*tb) * (max + 1U));
	if (mnl_attr_parse_nested(nest, nsrpctl_attr_cb, &c) < 0)
		return -EBADMSG;
	return 0;
}

static int nsrpctl_extack_cb(const struct nlattr *attr, void *data)
{
	struct nsrpctl_nl *nl = data;

	switch (mnl_attr_get_type(attr)) {
	case NLMSGERR_ATTR_MSG:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
			break;
		snprintf(nl->extack, sizeof(nl->extack), "%s",
			 mnl_attr_get_str(attr));
		/* The kernel's messages have no final newline; be sure. */
		nl->extack[strcspn(nl->extack, "\n")] = '\0';
		break;
	case NLMSGERR_ATTR_MISS_TYPE:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			break;
		nl->miss_type = mnl_attr_get_u32(attr);
		break;
	}
	/* A malformed ack TLV must not hide the error it came with. */
	return MNL_CB_OK;
}

/* The TLVs of an ack or of NLMSG_DONE start @offset bytes into it. */
static void nsrpctl_parse_extack(struct nsrpctl_nl *nl,
				 const struct nlmsghdr *nlh, size_t offset)
{
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (MNL_ALIGN(offset) >= mnl_nlmsg_get_payload_len(nlh))
		return;
	mnl_attr_parse(nlh, (unsigned int)offset, nsrpctl_extack_cb, nl);
}

/*
 * One reply message. Returns 1 when the reply is complete, 0 to read on,
 * and stores the first error in *err.
 */
static int nsrpctl_nl_one(struct nsrpctl_nl *nl, const struct nlmsghdr *nlh,
			  nsrpctl_nl_cb cb, void *data, int *err)
{
	const struct nlmsgerr *e;
	int ret;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		nl->dump_intr = true;

	switch (nlh->nlmsg_type) {
	case NLMSG_NOOP:
		return 0;
	case NLMSG_OVERRUN:
		if (!*err)
			*err = -ENOBUFS;
		return 1;
	case NLMSG_ERROR:
		if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e)) {
			if (!*err)
				*err = -EBADMSG;
			return 1;
		}
		e = mnl_nlmsg_get_payload(nlh);
		/* Unless capped, the ack quotes our request before its TLVs. */
		if (nlh->nlmsg_flags & NLM_F_CAPPED)
			nsrpctl_parse_extack(nl, nlh, sizeof(*e));
		else
			nsrpctl_parse_extack(nl, nlh, sizeof(*e) +
					     e->msg.nlmsg_len - NLMSG_HDRLEN);
		if (!*err)
			*err = e->error > 0 ? -e->error : e->error;
		return 1;
	case NLMSG_DONE:
		/* A dump that failed half way says so in its DONE. */
		if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int)) {
			int done_err;

			memcpy(&done_err, mnl_nlmsg_get_payload(nlh),
			       sizeof(done_err));
			nsrpctl_parse_extack(nl, nlh, sizeof(int));
			if (!*err && done_err < 0)
				*err = done_err;
		}
		return 1;
	}
	if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
		return 0;
	/* After a failure we only drain; an interrupted dump is discarded. */
	if (*err || nl->dump_intr || !cb)
		return 0;
	ret = cb(nlh, data);
	if (ret < 0) {
		nl->cb_failed = true;
		*err = ret;
	}
	return 0;
}

/*
 * Send @nlh and read its reply to the end (the ack, or NLMSG_DONE of a
 * dump). Returns 0 or a negative errno; reports nothing but what the
 * callback reported.
 */
static int nsrpctl_nl_xfer(struct nsrpctl_nl *nl, struct nlmsghdr *nlh,
			   nsrpctl_nl_cb cb, void *data)
{
	int err = 0;

	nl->dump_intr = false;
	nl->cb_failed = false;
	nl->extack[0] = '\0';
	nl->miss_type = 0;
	nlh->nlmsg_seq = ++nl->seq;
	nlh->nlmsg_pid = 0;

	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;

	for (;;) {
		const struct nlmsghdr *r = &nl->rx.hdr;
		ssize_t n;
		int len;

		n = mnl_socket_recvfrom(nl->sock, nl->rx.buf,
					sizeof(nl->rx.buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return err ? err : -errno;
		}
		len = (int)n;
		for (; mnl_nlmsg_ok(r, len); r = mnl_nlmsg_next(r, &len)) {
			/* Leftovers of an earlier request that we gave up. */
			if (r->nlmsg_seq != nl->seq ||
			    (r->nlmsg_pid && r->nlmsg_pid != nl->portid))
				continue;
			if (nsrpctl_nl_one(nl, r, cb, data, &err))
				return err;
		}
		if (len > 0)
			return err ? err : -EBADMSG;
	}
}

static void nsrpctl_nl_perror(struct nsrpctl_nl *nl,
			      const struct nlmsghdr *nlh, int err)
{
	const char *what = nsrpctl_nl_what(nlh);
	const char *hint = nsrpctl_nl_hint(nlh, err);

	if (nl->cb_failed)
		return;
	if (nl->extack[0])
		nsrpctl_err("%s: %s (%s)", what, nl->extack, strerror(-err));
	else if (hint)
		nsrpctl_err("%s: %s (%s)", what, hint, strerror(-err));
	else if (nl->miss_type)
		nsrpctl_err("%s: %s (missing attribute %u)", what,
			    strerror(-err), nl->miss_type);
	else
		nsrpctl_err("%s: %s", what, strerror(-err));
	if (err == -EPERM)
		nsrpctl_err("%s needs CAP_NET_ADMIN in the network namespace",
			    what);
}

/* Errors are reported here; callers only map them to an exit status. */
int nsrpctl_nl_talk(struct nsrpctl_nl *nl, struct nlmsghdr *nlh,
		    nsrpctl_nl_cb cb, void *data)
{
	int err = nsrpctl_nl_xfer(nl, nlh, cb, data);

	if (err)
		nsrpctl_nl_perror(nl, nlh, err);
	else if (nl->extack[0])
		nsrpctl_warn("%s: %s", nsrpctl_nl_what(nlh), nl->extack);
	return err;
}

/*
 * A dump flagged NLM_F_DUMP_INTR may have skipped or repeated sessions, so
 * what the callbacks collected is thrown away (@reset) and the dump asked
 * again, a bounded number of times: a busy table must not hang us.
 */
int nsrpctl_nl_dump(struct nsrpctl_nl *nl, struct nlmsghdr *nlh,
		    nsrpctl_nl_cb cb, void (*reset)(void *data), void *data)
{
	int attempt;

	for (attempt = 0; ; attempt++) {
		int err = nsrpctl_nl_talk(nl, nlh, cb, data);

		if (err)
			return err;
		if (!nl->dump_intr)
			return 0;
		if (attempt == NSRPCTL_DUMP_RESTARTS)
			break;
		reset(data);
	}
	nsrpctl_err("%s: the table kept changing during the dump; gave up after %d attempts",
		    nsrpctl_nl_what(nlh), attempt + 1);
	return -EAGAIN;
}

/*
 * Join the family's multicast group @name. Returns 0, -ENOENT if the
 * family has no such group (a module older than this tool), or another
 * negative errno; reports the error.
 */
int nsrpctl_nl_join(struct nsrpctl_nl *nl, const char *name)
{
	unsigned int i;
	int id;

	for (i = 0; i < nl->nmcgrps; i++)
		if (!strcmp(nl->mcgrps[i].name, name))
			break;
	if (i == nl->nmcgrps) {
		nsrpctl_err("the " NSRP_GENL_NAME
			    " module has no \"%s\" multicast group (older than nsrpctl?)",
			    name);
		return -ENOENT;
	}
	id = (int)nl->mcgrps[i].id;
	if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP, &id,
				  sizeof(id)) < 0) {
		int err = -errno;

		nsrpctl_err("cannot join the \"%s\" multicast group: %s", name,
			    strerror(-err));
		return err;
	}
	return 0;
}

/*
 * Read the notifications of the joined groups, calling @cb for each
 * message of the family, until @cb fails with -ECANCELED or reading fails.
 * Other errors of @cb were reported by it: the message is skipped, the
 * next one may be fine. Notifications lost to a full receive buffer are
 * reported and the listening goes on.
 */
int nsrpctl_nl_listen(struct nsrpctl_nl *nl, nsrpctl_nl_cb cb, void *data)
{
	for (;;) {
		const struct nlmsghdr *r = &nl->rx.hdr;
		ssize_t n;
		int len;

		n = mnl_socket_recvfrom(nl->sock, nl->rx.buf,
					sizeof(nl->rx.buf));
		if (n < 0) {
			int err = errno;

			if (err == EINTR)
				continue;
			if (err == ENOBUFS) {
				nsrpctl_warn("events were lost: the receive buffer overflowed");
				continue;
			}
			nsrpctl_err("reading events: %s", strerror(err));
			return -err;
		}
		len = (int)n;
		for (; mnl_nlmsg_ok(r, len); r = mnl_nlmsg_next(r, &len)) {
			/* Notifications only: no leftover of a request. */
			if (r->nlmsg_type != nl->family || r->nlmsg_seq)
				continue;
			if (cb(r, data) == -ECANCELED)
				return -ECANCELED;
		}
	}
}

static int nsrpctl_nl_keep_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlmsghdr **copy = data;

	if (*copy)
		return 0;
	*copy = malloc(nlh->nlmsg_len);
	if (!*copy) {
		nsrpctl_err("out of memory");
		return -ENOMEM;
	}
	memcpy(*copy, nlh, nlh->nlmsg_len);
	return 0;
}

/*
 * For requests answered by one message: a copy of it in *@reply (to be
 * freed), handed out only once the ack said the request succeeded, so
 * that nothing is printed for a request that failed.
 */
int nsrpctl_nl_query(struct nsrpctl_nl *nl, struct nlmsghdr *nlh,
		     struct nlmsghdr **reply)
{
	int err;

	*reply = NULL;
	err = nsrpctl_nl_talk(nl, nlh, nsrpctl_nl_keep_cb, reply);
	if (!err && !*reply) {
		nsrpctl_err("%s: the kernel sent no reply",
			    nsrpctl_nl_what(nlh));
		err = -EPROTO;
	}
	if (err) {
		free(*reply);
		*reply = NULL;
	}
	return err;
}

struct nlmsghdr *nsrpctl_nl_request(struct nsrpctl_nl *nl, uint8_t cmd,
				    uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->tx.buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = nl->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = NSRP_GENL_VERSION;
	return nlh;
}

/*
 * The start of every command that takes no argument: refuse one (exit 2,
 * @why saying why), stop there when -batch only checks its lines, else open
 * the socket and begin the @cmd request. NULL means return *@ret.
 */
struct nlmsghdr *nsrpctl_noarg_request(struct nsrpctl *ctx, const struct nsrpctl_cmd *usage,
				       int argc, char **argv, const char *why,
				       uint8_t cmd, struct nsrpctl_nl **nl, int *ret)
{
	if (argc > 1) {
		*ret = nsrpctl_usage(usage, "unexpected argument '%s' (%s)", argv[1], why);
		return NULL;
	}
	*ret = NSRPCTL_EXIT_OK;
	if (ctx->check_only)
		return NULL;
	*nl = nsrpctl_nl_get(ctx);
	if (!*nl) {
		*ret = NSRPCTL_EXIT_ERROR;
		return NULL;
	}
	return nsrpctl_nl_request(*nl, cmd, NLM_F_ACK);
}

/* One CTRL_ATTR_MCAST_GRP_* nest of CTRL_ATTR_MCAST_GROUPS. */
static int nsrpctl_mcgrp_cb(const struct nlattr *attr, void *data)
{
	static const struct nsrpctl_policy policy[CTRL_ATTR_MCAST_GRP_MAX + 1] = {
		[CTRL_ATTR_MCAST_GRP_NAME] = { MNL_TYPE_NUL_STRING, 0 },
		[CTRL_ATTR_MCAST_GRP_ID] = { MNL_TYPE_U32, 0 },
	};
	const struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1];
	struct nsrpctl_nl *nl = data;
	struct nsrpctl_mcgrp *g;

	if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0 ||
	    nsrpctl_attr_parse_nested(attr, policy, CTRL_ATTR_MCAST_GRP_MAX,
				      tb, "CTRL_ATTR_MCAST_GROUPS"))
		return MNL_CB_ERROR;
	if (!tb[CTRL_ATTR_MCAST_GRP_NAME] || !tb[CTRL_ATTR_MCAST_GRP_ID] ||
	    nl->nmcgrps == NSRPCTL_NL_MCGRPS)
		return MNL_CB_OK;
	g = &nl->mcgrps[nl->nmcgrps++];
	snprintf(g->name, sizeof(g->name), "%s",
		 mnl_attr_get_str(tb[CTRL_ATTR_MCAST_GRP_NAME]));
	g->id = mnl_attr_get_u32(tb[CTRL_ATTR_MCAST_GRP_ID]);
	return MNL_CB_OK;
}

static int nsrpctl_family_cb(const struct nlmsghdr *nlh, void *data)
{
	static const struct nsrpctl_policy policy[CTRL_ATTR_MCAST_GROUPS + 1] = {
		[CTRL_ATTR_FAMILY_ID] = { MNL_TYPE_U16, 0 },
		[CTRL_ATTR_MCAST_GROUPS] = { MNL_TYPE_NESTED, 0 },
	};
	const struct nlattr *tb[CTRL_ATTR_MCAST_GROUPS + 1];
	struct nsrpctl_nl *nl = data;
	int err;

	err = nsrpctl_attr_parse(nlh, policy, CTRL_ATTR_MCAST_GROUPS, tb,
				 "genl controller");
	if (err)
		return err;
	if (tb[CTRL_ATTR_FAMILY_ID])
		nl->family = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	nl->nmcgrps = 0;
	if (tb[CTRL_ATTR_MCAST_GROUPS] &&
	    mnl_attr_parse_nested(tb[CTRL_ATTR_MCAST_GROUPS],
				  nsrpctl_mcgrp_cb, nl) < 0) {
		nsrpctl_err("malformed multicast groups from the genl controller");
		return -EBADMSG;
	}
	return 0;
}

static int nsrpctl_nl_resolve(struct nsrpctl_nl *nl)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->tx.buf);
	struct genlmsghdr *genl;
	int err;

	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = CTRL_CMD_GETFAMILY;
	genl->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, NSRP_GENL_NAME);

	err = nsrpctl_nl_xfer(nl, nlh, nsrpctl_family_cb, nl);
	if (err == -ENOENT) {
		nsrpctl_err("the " NSRP_GENL_NAME
			    " module is not loaded (modprobe " NSRP_GENL_NAME ")");
		return err;
	}
	if (err) {
		nsrpctl_nl_perror(nl, nlh, err);
		return err;
	}
	if (!nl->family) {
		nsrpctl_err("the kernel did not tell the " NSRP_GENL_NAME
			    " family id");
		return -EPROTO;
	}
	return 0;
}

static int nsrpctl_nl_open(struct nsrpctl_nl *nl)
{
	int one = 1;

	nl->sock = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (!nl->sock) {
		nsrpctl_err("cannot open a generic netlink socket: %s",
			    strerror(errno));
		return -1;
	}
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		nsrpctl_err("cannot bind the netlink socket: %s",
			    strerror(errno));
		return -1;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	/*
	 * Extended acks carry the kernel's reason for an error. Kernels
	 * before 4.12 lack them; the errno alone has to do there. Capping
	 * keeps our request out of error acks: we have it already.
	 */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	return nsrpctl_nl_resolve(nl) ? -1 : 0;
}

/*
 * The socket is opened on first use, not at start up: bad usage is found
 * before anything touches the kernel, and -batch opens it only once.
 * Entering the -n namespace comes first because a netlink socket belongs
 * to the namespace it was created in.
 */
struct nsrpctl_nl *nsrpctl_nl_get(struct nsrpctl *ctx)
{
	struct nsrpctl_nl *nl;

	if (ctx->nl)
		return ctx->nl;
	if (nsrpctl_netns_switch(ctx))
		return NULL;

	nl = calloc(1, sizeof(*nl));
	if (!nl) {
		nsrpctl_err("out of memory");
		return NULL;
	}
	nl->seq = (uint32_t)time(NULL);
	if (nsrpctl_nl_open(nl)) {
		nsrpctl_nl_close(nl);
		return NULL;
	}
	ctx->nl = nl;
	return nl;
}

void nsrpctl_nl_close(struct nsrpctl_nl *nl)
{
	if (!nl)
		return;
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl);
}
