// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * A stand-in for the kernel side of the nsrp genl family, for testing
 * nsrpctl where the module cannot be loaded. Loaded with LD_PRELOAD, it
 * takes over the generic netlink socket nsrpctl opens (socket, bind,
 * getsockname, setsockopt, sendto, recvmsg, close) and answers requests
 * from a canned table of sessions, the way the uapi header describes.
 *
 * It is only as right as our reading of linux/nsrp.h: it tests the tool's
 * plumbing and output, not the module.
 *
 * Environment:
 *   FAKE_NSRP_LOG=FILE     append one line per request received
 *   FAKE_NSRP_ABSENT=1     the family does not exist (ENOENT)
 *   FAKE_NSRP_INTR=N       flag the first N dumps NLM_F_DUMP_INTR
 *   FAKE_NSRP_MALFORMED=1  NSRP_CMD_GET replies with a u16 max sessions
 *   FAKE_NSRP_NETNS=FILE   write there the network namespace the socket
 *                          was opened in, as readlink /proc/self/ns/net
 *   FAKE_NSRP_NOCAP=1      ignore NETLINK_CAP_ACK: error acks quote the
 *                          request before their TLVs, as before Linux 4.3
 *   FAKE_NSRP_NOLINK=1     NSRP_CMD_GET as without an HA link: ifindex 0 and
 *                          no name, node id 0, no key, no peer heard
 *   FAKE_NSRP_SYNC_STATE=N NSRP_CMD_GET's NSRP_SYNC_A_STATE is N
 *   FAKE_NSRP_PEER_STATE=N and its NSRP_SYNC_A_PEER is N
 *   FAKE_NSRP_ROLE=N       this node's role (NSRP_A_ROLE) is N, not primary
 *   FAKE_NSRP_MODE=N       its mode is N, not auto
 *   FAKE_NSRP_PEER_SYNCED=0 the peer does not hold this node's table
 *   FAKE_NSRP_FAILOVER_GETS=N after a successful NSRP_CMD_FAILOVER, the
 *                          Nth NSRP_CMD_GET (default 3) is the first to
 *                          report this node backup; "never": none does
 *   FAKE_NSRP_NOEXTACK=1   error acks carry no message, as from a kernel
 *                          without extended acks
 *   FAKE_NSRP_NOMCGRP=1    the family has no multicast group (older module)
 *   FAKE_NSRP_OVERRUN=1    reading events fails once with ENOBUFS
 *   FAKE_NSRP_REALTIME=S.U clock_gettime(CLOCK_REALTIME) says S.U seconds
 *
 * NSRP_CMD_SET with max sessions 4242 fails with an extack message, and so
 * does one with a role but not mode manual while the mode is auto.
 * NSRP_CMD_FAILOVER fails as the uapi says: EOPNOTSUPP when not primary,
 * EHOSTUNREACH without a peer up, EAGAIN when the peer is not synced.
 * Joining the "events" group queues one event of every type (see
 * fake_events()); once they are read, the process gets SIGTERM, as a
 * monitor that is stopped.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/nsrp.h>

#define FAKE_FAMILY	0x1c
#define FAKE_PORTID	4242
#define FAKE_DGRAM	32768
#define FAKE_QUEUE	64
#define FAKE_PER_MSG	2	/* sessions per dump message */
#define FAKE_MCGRP	11	/* the id of the "events" group */
#define FAKE_ENOBUFS	((size_t)-1)	/* a queue entry: recvmsg fails */

struct fake_session {
	uint8_t family, proto, state, owner;
	const char *src, *dst;
	uint16_t sport, dport;
	uint32_t expires_ms, timeout_s;
	bool extra;		/* carry an attribute nsrpctl does not know */
};

static const struct fake_session fake_sessions[] = {
	{ AF_INET, IPPROTO_TCP, NSRP_STATE_ESTABLISHED, NSRP_OWNER_LOCAL,
	  "10.0.1.2", "10.0.2.2", 40000, 5201, 1799500, 1800, false },
	{ AF_INET, IPPROTO_UDP, NSRP_STATE_ACTIVE, NSRP_OWNER_PEER,
	  "10.0.1.2", "10.0.2.53", 53000, 53, 59000, 60, false },
	{ AF_INET, IPPROTO_ICMP, NSRP_STATE_ACTIVE, NSRP_OWNER_LOCAL,
	  "10.0.1.2", "10.0.2.2", 77, 0, 29000, 30, false },
	{ AF_INET6, IPPROTO_TCP, NSRP_STATE_SYN_SENT, NSRP_OWNER_LOCAL,
	  "2001:db8::1", "2001:db8::2", 40001, 443, 59000, 60, false },
	{ AF_INET6, IPPROTO_ICMPV6, NSRP_STATE_ACTIVE, NSRP_OWNER_PEER,
	  "2001:db8::1", "2001:db8::2", 5, 0, 12345, 30, false },
	{ AF_INET, 47, NSRP_STATE_ACTIVE, NSRP_OWNER_LOCAL,
	  "10.0.1.2", "10.0.2.2", 0, 0, 60000, 60, false },
	{ AF_INET, IPPROTO_TCP, 9, 2, "10.0.1.3", "10.0.2.3", 1, 2, 999, 1,
	  true },
};

#define FAKE_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define FAKE_NSESSIONS FAKE_ARRAY_SIZE(fake_sessions)

struct fake_filter {
	int family, proto, port;	/* -1: any */
	int alen;
	uint8_t addr[16];
};

static int fake_fd = -1;
static int fake_dumps;
static bool fake_joined;		/* to the events group */
/* NSRP_CMD_GETs until a requested failover shows; -1: none requested. */
static int fake_failover_gets = -1;
static bool fake_failed_over;
static bool fake_cap_ack;
static bool fake_ext_ack;
static struct {
	size_t len;
	char buf[FAKE_DGRAM];
} fake_queue[FAKE_QUEUE];
static unsigned int fake_head, fake_tail;

#define FAKE_PRINTF(f, a) __attribute__((__format__(__printf__, f, a)))

/* The libc function we stand in front of. */
#define REAL(name) ((__typeof__(name) *)dlsym(RTLD_NEXT, #name))

static void fake_log(const char *fmt, ...) FAKE_PRINTF(1, 2);

static void fake_log(const char *fmt, ...)
{
	const char *file = getenv("FAKE_NSRP_LOG");
	va_list ap;
	FILE *f;

	if (!file)
		return;
	f = fopen(file, "a");
	if (!f)
		return;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fclose(f);
}

static char *fake_dgram(void)
{
	if (fake_tail - fake_head == FAKE_QUEUE)
		abort();
	fake_queue[fake_tail % FAKE_QUEUE].len = 0;
	return fake_queue[fake_tail++ % FAKE_QUEUE].buf;
}

static void fake_dgram_done(const char *buf, size_t len)
{
	fake_queue[(fake_tail - 1) % FAKE_QUEUE].len = len;
	(void)buf;
}

static struct nlmsghdr *fake_msg(char *at, const struct nlmsghdr *req,
				 uint16_t type, uint16_t flags, uint8_t cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(at);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = req->nlmsg_seq;
	nlh->nlmsg_pid = FAKE_PORTID;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = 1;
	return nlh;
}

static void fake_ack(const struct nlmsghdr *req, int error, const char *msg)
{
	char *buf = fake_dgram();
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlmsgerr *e;

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_seq = req->nlmsg_seq;
	nlh->nlmsg_pid = FAKE_PORTID;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = error;
	e->msg = *req;
	if (fake_cap_ack || !error) {
		nlh->nlmsg_flags |= NLM_F_CAPPED;
	} else {
		/* Quote the request, as the kernel does when not capped. */
		size_t len = req->nlmsg_len - NLMSG_HDRLEN;
		void *p = mnl_nlmsg_put_extra_header(nlh, MNL_ALIGN(len));

		memcpy(p, mnl_nlmsg_get_payload(req), len);
	}
	if (msg && fake_ext_ack && !getenv("FAKE_NSRP_NOEXTACK")) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	}
	fake_dgram_done(buf, nlh->nlmsg_len);
}

static void fake_reply_done(char *buf, struct nlmsghdr *nlh)
{
	fake_dgram_done(buf, nlh->nlmsg_len);
}

static void fake_ctrl(const struct nlmsghdr *req)
{
	struct nlmsghdr *nlh;
	char *buf;

	fake_log("GETFAMILY");
	if (getenv("FAKE_NSRP_ABSENT")) {
		fake_ack(req, -ENOENT, NULL);
		return;
	}
	buf = fake_dgram();
	nlh = fake_msg(buf, req, GENL_ID_CTRL, 0, CTRL_CMD_NEWFAMILY);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, NSRP_GENL_NAME);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, FAKE_FAMILY);
	mnl_attr_put_u32(nlh, CTRL_ATTR_VERSION, NSRP_GENL_VERSION);
	if (!getenv("FAKE_NSRP_NOMCGRP")) {
		struct nlattr *groups, *grp;

		groups = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
		/* Another group first: the name must be looked for. */
		grp = mnl_attr_nest_start(nlh, 1);
		mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, FAKE_MCGRP + 1);
		mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, "other");
		mnl_attr_nest_end(nlh, grp);
		grp = mnl_attr_nest_start(nlh, 2);
		mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, FAKE_MCGRP);
		mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME,
				  NSRP_MCGRP_EVENTS);
		mnl_attr_nest_end(nlh, grp);
		mnl_attr_nest_end(nlh, groups);
	}
	fake_reply_done(buf, nlh);
	fake_ack(req, 0, NULL);
}

static int fake_env(const char *name, int dflt)
{
	const char *v = getenv(name);

	return v ? atoi(v) : dflt;
}

/* This node's role: primary until a failover showed. */
static int fake_role(void)
{
	if (fake_failed_over)
		return NSRP_ROLE_BACKUP;
	return fake_env("FAKE_NSRP_ROLE", NSRP_ROLE_PRIMARY);
}

/*
 * The replication part of NSRP_CMD_GET: a node of cluster 7 on its HA
 * link eth1 (ifindex 3), node id derived (configured 0, in use 2), keyed,
 * with its peer (node 9, backup, priority 110, synced) up; or, without
 * @link, one with node id 513 configured that replicates nothing and has
 * heard no peer.
 */
static void fake_put_replication(struct nlmsghdr *nlh, bool link)
{
	const char *state = getenv("FAKE_NSRP_SYNC_STATE");
	const char *peer = getenv("FAKE_NSRP_PEER_STATE");
	struct nlattr *nest;

	mnl_attr_put_u32(nlh, NSRP_A_HA_LINK, link ? 3 : 0);
	if (link)
		mnl_attr_put_strz(nlh, NSRP_A_HA_LINK_NAME, "eth1");
	mnl_attr_put_u16(nlh, NSRP_A_ETHERTYPE, 0x88b5);
	mnl_attr_put_u16(nlh, NSRP_A_CLUSTER_ID, 7);
	mnl_attr_put_u16(nlh, NSRP_A_NODE_ID, link ? 0 : 513);
	mnl_attr_put_u8(nlh, NSRP_A_MULTIPLIER, 8);
	mnl_attr_put_u8(nlh, NSRP_A_AGEOUT_ACK, 1);
	mnl_attr_put_u32(nlh, NSRP_A_FLUSH_MS, 10);
	mnl_attr_put_u8(nlh, NSRP_A_KEY_SET, link);
	nest = mnl_attr_nest_start(nlh, NSRP_A_SYNC);
	mnl_attr_put_u8(nlh, NSRP_SYNC_A_STATE,
			state ? atoi(state) :
			link ? NSRP_SYNC_DONE : NSRP_SYNC_NONE);
	mnl_attr_put_u8(nlh, NSRP_SYNC_A_SAFE, link);
	mnl_attr_put_u16(nlh, NSRP_SYNC_A_NODE_ID, link ? 2 : 0);
	mnl_attr_put_u32(nlh, NSRP_SYNC_A_EPOCH, link ? 123456 : 0);
	mnl_attr_put_u8(nlh, NSRP_SYNC_A_LINK_UP, link);
	mnl_attr_put_u8(nlh, NSRP_SYNC_A_PEER,
			peer ? atoi(peer) :
			link ? NSRP_PEER_UP : NSRP_PEER_NONE);
	if (link) {
		mnl_attr_put_u16(nlh, NSRP_SYNC_A_PEER_NODE_ID, 9);
		mnl_attr_put_u32(nlh, NSRP_SYNC_A_PEER_EPOCH, 4000000000U);
		mnl_attr_put_u32(nlh, NSRP_SYNC_A_PEER_SEEN_MS, 150);
	}
	mnl_attr_put_u32(nlh, NSRP_SYNC_A_QUEUED, link ? 4 : 0);
	if (link) {
		mnl_attr_put_u8(nlh, NSRP_SYNC_A_PEER_ROLE,
				fake_failed_over ? NSRP_ROLE_PRIMARY :
				NSRP_ROLE_BACKUP);
		mnl_attr_put_u8(nlh, NSRP_SYNC_A_PEER_PRIORITY, 110);
		mnl_attr_put_u8(nlh, NSRP_SYNC_A_PEER_SYNCED,
				fake_env("FAKE_NSRP_PEER_SYNCED", 1));
	}
	mnl_attr_put_u32(nlh, NSRP_SYNC_A_ROLE_SINCE_MS,
			 fake_failed_over ? 20 : 1234);
	mnl_attr_put_u8(nlh, NSRP_SYNC_A_ROLE_REASON,
			fake_failed_over ? NSRP_REASON_FAILOVER :
			NSRP_REASON_ALONE);
	mnl_attr_put_u64(nlh, NSRP_SYNC_A_MAX + 2, 1);	/* newer */
	mnl_attr_nest_end(nlh, nest);
}

/* The HA role configuration: defaults but for the priority. */
static void fake_put_roles(struct nlmsghdr *nlh)
{
	mnl_attr_put_u8(nlh, NSRP_A_MODE, fake_env("FAKE_NSRP_MODE",
						   NSRP_MODE_AUTO));
	mnl_attr_put_u8(nlh, NSRP_A_ROLE, fake_role());
	mnl_attr_put_u8(nlh, NSRP_A_PRIORITY, 90);
	mnl_attr_put_u8(nlh, NSRP_A_PREEMPT, 0);
	mnl_attr_put_u32(nlh, NSRP_A_HELLO_MS, 1000);
	mnl_attr_put_u8(nlh, NSRP_A_DEAD_COUNT, 3);
	mnl_attr_put_u32(nlh, NSRP_A_HOLD_DOWN_MS, 3000);
}

static void fake_get(const struct nlmsghdr *req)
{
	char *buf = fake_dgram();
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	fake_log("GET");
	/* A requested failover shows after a few hello intervals. */
	if (fake_failover_gets > 0 && !--fake_failover_gets)
		fake_failed_over = true;
	nlh = fake_msg(buf, req, FAKE_FAMILY, 0, NSRP_CMD_GET);
	mnl_attr_put_u8(nlh, NSRP_A_ENABLED, 1);
	mnl_attr_put_u8(nlh, NSRP_A_ENFORCE, 0);
	if (getenv("FAKE_NSRP_MALFORMED"))
		mnl_attr_put_u16(nlh, NSRP_A_MAX_SESSIONS, 7);
	else
		mnl_attr_put_u32(nlh, NSRP_A_MAX_SESSIONS, 262144);
	nest = mnl_attr_nest_start(nlh, NSRP_A_TIMEOUTS);
	mnl_attr_put_u32(nlh, NSRP_A_TIMEOUT_TCP, 1800);
	mnl_attr_put_u32(nlh, NSRP_A_TIMEOUT_UDP, 60);
	mnl_attr_put_u32(nlh, NSRP_A_TIMEOUT_ICMP, 30);
	mnl_attr_put_u32(nlh, NSRP_A_TIMEOUT_OTHER, 60);
	mnl_attr_put_u32(nlh, NSRP_A_TIMEOUT_TCP_SYN, 20);
	mnl_attr_put_u32(nlh, NSRP_A_TIMEOUT_TCP_CLOSING, 120);
	mnl_attr_put_u32(nlh, NSRP_A_TIMEOUT_MAX + 5, 1);	/* newer */
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u32(nlh, NSRP_A_SESSIONS, FAKE_NSESSIONS);
	mnl_attr_put_u32(nlh, NSRP_A_SESSIONS_LOCAL, 5);
	mnl_attr_put_u32(nlh, NSRP_A_SESSIONS_PEER, 2);
	mnl_attr_put_u32(nlh, NSRP_A_SESSION_SIZE, 256);
	mnl_attr_put_u32(nlh, NSRP_A_TABLE_BUCKETS, 512);
	fake_put_replication(nlh, !getenv("FAKE_NSRP_NOLINK"));
	fake_put_roles(nlh);
	mnl_attr_put_strz(nlh, NSRP_A_MAX + 3, "from a newer kernel");
	fake_reply_done(buf, nlh);
	fake_ack(req, 0, NULL);
}

struct fake_set_log {
	char line[1024];
	size_t len;
	uint32_t max_sessions;
	bool role;		/* NSRP_A_ROLE given */
	bool manual;		/* NSRP_A_MODE manual given */
};

static void fake_append(struct fake_set_log *l, const char *fmt, ...)
	FAKE_PRINTF(2, 3);

static void fake_append(struct fake_set_log *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	l->len += (size_t)vsnprintf(l->line + l->len, sizeof(l->line) - l->len,
				    fmt, ap);
	va_end(ap);
}

static int fake_timeout_cb(const struct nlattr *attr, void *data)
{
	fake_append(data, " %u=%u", mnl_attr_get_type(attr),
		    mnl_attr_get_u32(attr));
	return MNL_CB_OK;
}

/*
 * " NAME=VALUE" for an integer attribute of @width octets, or
 * " NAME=badlenN" if its payload has another size: a u32 sent where the
 * kernel expects a u16 must fail the test, not be read in part.
 */
static void fake_append_uint(struct fake_set_log *l, const char *name,
			     const struct nlattr *attr, uint16_t width,
			     bool hex)
{
	uint16_t len = mnl_attr_get_payload_len(attr);
	uint32_t v;

	if (len != width) {
		fake_append(l, " %s=badlen%u", name, len);
		return;
	}
	if (width == 1)
		v = mnl_attr_get_u8(attr);
	else if (width == 2)
		v = mnl_attr_get_u16(attr);
	else
		v = mnl_attr_get_u32(attr);
	fake_append(l, hex ? " %s=0x%04x" : " %s=%u", name, v);
}

static int fake_set_cb(const struct nlattr *attr, void *data)
{
	struct fake_set_log *l = data;
	const uint8_t *p;
	uint16_t i;

	switch (mnl_attr_get_type(attr)) {
	case NSRP_A_ENABLED:
		fake_append_uint(l, "enabled", attr, 1, false);
		break;
	case NSRP_A_ENFORCE:
		fake_append_uint(l, "enforce", attr, 1, false);
		break;
	case NSRP_A_MAX_SESSIONS:
		fake_append_uint(l, "max_sessions", attr, 4, false);
		if (mnl_attr_get_payload_len(attr) == 4)
			l->max_sessions = mnl_attr_get_u32(attr);
		break;
	case NSRP_A_TIMEOUTS:
		fake_append(l, " timeouts{");
		mnl_attr_parse_nested(attr, fake_timeout_cb, l);
		fake_append(l, " }");
		break;
	case NSRP_A_HA_LINK:
		fake_append_uint(l, "ha_link", attr, 4, false);
		break;
	case NSRP_A_ETHERTYPE:
		fake_append_uint(l, "ethertype", attr, 2, true);
		break;
	case NSRP_A_CLUSTER_ID:
		fake_append_uint(l, "cluster_id", attr, 2, false);
		break;
	case NSRP_A_NODE_ID:
		fake_append_uint(l, "node_id", attr, 2, false);
		break;
	case NSRP_A_MULTIPLIER:
		fake_append_uint(l, "multiplier", attr, 1, false);
		break;
	case NSRP_A_AGEOUT_ACK:
		fake_append_uint(l, "ageout_ack", attr, 1, false);
		break;
	case NSRP_A_FLUSH_MS:
		fake_append_uint(l, "flush_ms", attr, 4, false);
		break;
	case NSRP_A_MODE:
		fake_append_uint(l, "mode", attr, 1, false);
		if (mnl_attr_get_payload_len(attr) == 1 &&
		    mnl_attr_get_u8(attr) == NSRP_MODE_MANUAL)
			l->manual = true;
		break;
	case NSRP_A_ROLE:
		fake_append_uint(l, "role", attr, 1, false);
		l->role = true;
		break;
	case NSRP_A_PRIORITY:
		fake_append_uint(l, "priority", attr, 1, false);
		break;
	case NSRP_A_PREEMPT:
		fake_append_uint(l, "preempt", attr, 1, false);
		break;
	case NSRP_A_HELLO_MS:
		fake_append_uint(l, "hello_ms", attr, 4, false);
		break;
	case NSRP_A_DEAD_COUNT:
		fake_append_uint(l, "dead_count", attr, 1, false);
		break;
	case NSRP_A_HOLD_DOWN_MS:
		fake_append_uint(l, "hold_down_ms", attr, 4, false);
		break;
	case NSRP_A_KEY:
		/* The bytes as sent; empty for "no key". */
		fake_append(l, " key=");
		p = mnl_attr_get_payload(attr);
		for (i = 0; i < mnl_attr_get_payload_len(attr); i++)
			fake_append(l, "%02x", p[i]);
		break;
	default:
		fake_append(l, " attr%u", mnl_attr_get_type(attr));
	}
	return MNL_CB_OK;
}

static void fake_set(const struct nlmsghdr *req)
{
	struct fake_set_log l = { "SET", 3, 0, false, false };

	mnl_attr_parse(req, GENL_HDRLEN, fake_set_cb, &l);
	fake_log("%s", l.line);
	if (l.max_sessions == 4242)
		fake_ack(req, -EINVAL,
			 "NSRP_A_MAX_SESSIONS: below the sessions in use");
	else if (l.role && !l.manual &&
		 fake_env("FAKE_NSRP_MODE", NSRP_MODE_AUTO) != NSRP_MODE_MANUAL)
		fake_ack(req, -EINVAL, "NSRP_A_ROLE: only in manual mode");
	else
		fake_ack(req, 0, NULL);
}

static int fake_filter_cb(const struct nlattr *attr, void *data)
{
	struct fake_filter *f = data;

	switch (mnl_attr_get_type(attr)) {
	case NSRP_FILTER_A_FAMILY:
		f->family = mnl_attr_get_u8(attr);
		break;
	case NSRP_FILTER_A_PROTO:
		f->proto = mnl_attr_get_u8(attr);
		break;
	case NSRP_FILTER_A_ADDR:
		f->alen = mnl_attr_get_payload_len(attr);
		memcpy(f->addr, mnl_attr_get_payload(attr),
		       f->alen > 16 ? 16 : f->alen);
		break;
	case NSRP_FILTER_A_PORT:
		f->port = ntohs(mnl_attr_get_u16(attr));
		break;
	}
	return MNL_CB_OK;
}

static int fake_top_filter_cb(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) == NSRP_A_FILTER)
		mnl_attr_parse_nested(attr, fake_filter_cb, data);
	return MNL_CB_OK;
}

/* Returns false if there is no NSRP_A_FILTER; logs what was asked. */
static bool fake_filter(const struct nlmsghdr *req, const char *what,
			struct fake_filter *f)
{
	char addr[INET6_ADDRSTRLEN] = "-";

	memset(f, 0, sizeof(*f));
	f->family = f->proto = f->port = -1;
	f->alen = -1;
	mnl_attr_parse(req, GENL_HDRLEN, fake_top_filter_cb, f);
	if (f->alen == 4 || f->alen == 16)
		inet_ntop(f->alen == 4 ? AF_INET : AF_INET6, f->addr, addr,
			  sizeof(addr));
	fake_log("%s family=%d proto=%d addr=%s port=%d", what, f->family,
		 f->proto, addr, f->port);
	return f->family >= 0 || f->proto >= 0 || f->alen >= 0 ||
	       f->port >= 0;
}

static bool fake_match(const struct fake_filter *f,
		       const struct fake_session *s)
{
	uint8_t src[16], dst[16];
	int alen = s->family == AF_INET ? 4 : 16;

	inet_pton(s->family, s->src, src);
	inet_pton(s->family, s->dst, dst);
	if (f->family >= 0 && f->family != s->family)
		return false;
	if (f->proto >= 0 && f->proto != s->proto)
		return false;
	if (f->port >= 0 && f->port != s->sport && f->port != s->dport)
		return false;
	if (f->alen >= 0 && (f->alen != alen || (memcmp(f->addr, src, alen) &&
						 memcmp(f->addr, dst, alen))))
		return false;
	return true;
}

static void fake_put_session(struct nlmsghdr *nlh,
			     const struct fake_session *s)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, NSRP_A_SESSION);
	uint8_t a[16];
	int alen = s->family == AF_INET ? 4 : 16;

	mnl_attr_put_u8(nlh, NSRP_SESSION_A_FAMILY, s->family);
	mnl_attr_put_u8(nlh, NSRP_SESSION_A_PROTO, s->proto);
	inet_pton(s->family, s->src, a);
	mnl_attr_put(nlh, NSRP_SESSION_A_SRC, alen, a);
	inet_pton(s->family, s->dst, a);
	mnl_attr_put(nlh, NSRP_SESSION_A_DST, alen, a);
	mnl_attr_put_u16(nlh, NSRP_SESSION_A_SPORT, htons(s->sport));
	mnl_attr_put_u16(nlh, NSRP_SESSION_A_DPORT, htons(s->dport));
	mnl_attr_put_u8(nlh, NSRP_SESSION_A_STATE, s->state);
	mnl_attr_put_u8(nlh, NSRP_SESSION_A_OWNER, s->owner);
	mnl_attr_put_u32(nlh, NSRP_SESSION_A_EXPIRES_MS, s->expires_ms);
	mnl_attr_put_u32(nlh, NSRP_SESSION_A_TIMEOUT_S, s->timeout_s);
	if (s->extra)
		mnl_attr_put_u64(nlh, NSRP_SESSION_A_MAX + 7, 1);
	mnl_attr_nest_end(nlh, nest);
}

/*
 * Dump messages of FAKE_PER_MSG sessions, two messages per datagram as
 * the kernel packs several into one skb, then NLMSG_DONE.
 */
static void fake_dump(const struct nlmsghdr *req)
{
	const char *intr = getenv("FAKE_NSRP_INTR");
	bool flag = intr && fake_dumps < atoi(intr);
	struct nlmsghdr *nlh = NULL;
	struct nlattr *list = NULL;
	struct fake_filter f;
	unsigned int i, in_msg = 0, msgs = 0;
	char *buf = NULL, *at = NULL;
	int *done;

	fake_dumps++;
	fake_filter(req, "DUMP", &f);
	for (i = 0; i < FAKE_NSESSIONS; i++) {
		if (!fake_match(&f, &fake_sessions[i]))
			continue;
		if (!nlh) {
			if (!buf || msgs % 2 == 0) {
				if (buf)
					fake_dgram_done(buf, at - buf);
				buf = at = fake_dgram();
			}
			nlh = fake_msg(at, req, FAKE_FAMILY, NLM_F_MULTI,
				       NSRP_CMD_SESSION_GET);
			/* Interrupted dumps say so from their 2nd message. */
			if (flag && msgs)
				nlh->nlmsg_flags |= NLM_F_DUMP_INTR;
			list = mnl_attr_nest_start(nlh, NSRP_A_SESSIONS_LIST);
		}
		fake_put_session(nlh, &fake_sessions[i]);
		if (++in_msg == FAKE_PER_MSG) {
			mnl_attr_nest_end(nlh, list);
			at += nlh->nlmsg_len;
			nlh = NULL;
			in_msg = 0;
			msgs++;
		}
	}
	if (nlh) {
		mnl_attr_nest_end(nlh, list);
		at += nlh->nlmsg_len;
	}
	if (buf)
		fake_dgram_done(buf, at - buf);

	buf = fake_dgram();
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI | (flag ? NLM_F_DUMP_INTR : 0);
	nlh->nlmsg_seq = req->nlmsg_seq;
	nlh->nlmsg_pid = FAKE_PORTID;
	done = mnl_nlmsg_put_extra_header(nlh, sizeof(*done));
	*done = 0;
	fake_dgram_done(buf, nlh->nlmsg_len);
}

static void fake_remove(const struct nlmsghdr *req, uint8_t cmd)
{
	struct fake_filter f;
	struct nlmsghdr *nlh;
	unsigned int i, n = 0;
	char *buf;

	if (cmd == NSRP_CMD_SESSION_DEL) {
		if (!fake_filter(req, "DEL", &f)) {
			fake_ack(req, -EINVAL, "NSRP_A_FILTER is mandatory");
			return;
		}
	} else {
		fake_log("FLUSH");
		memset(&f, 0, sizeof(f));
		f.family = f.proto = f.port = f.alen = -1;
	}
	for (i = 0; i < FAKE_NSESSIONS; i++)
		n += fake_match(&f, &fake_sessions[i]);
	buf = fake_dgram();
	nlh = fake_msg(buf, req, FAKE_FAMILY, 0, cmd);
	mnl_attr_put_u32(nlh, NSRP_A_SESSIONS, n);
	fake_reply_done(buf, nlh);
	fake_ack(req, 0, NULL);
}

static void fake_stats(const struct nlmsghdr *req)
{
	char *buf = fake_dgram();
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	uint16_t i;

	fake_log("STATS");
	nlh = fake_msg(buf, req, FAKE_FAMILY, 0, NSRP_CMD_STATS_GET);
	nest = mnl_attr_nest_start(nlh, NSRP_A_STATS);
	mnl_attr_put(nlh, NSRP_STAT_UNSPEC, 0, NULL);	/* alignment pad */
	for (i = 1; i <= NSRP_STAT_MAX; i++)
		mnl_attr_put_u64(nlh, i, 1000ULL * i);
	mnl_attr_put_u64(nlh, NSRP_STAT_MAX + 1, 5);	/* newer, u64 */
	mnl_attr_put_u32(nlh, NSRP_STAT_MAX + 2, 6);	/* newer, odd */
	mnl_attr_nest_end(nlh, nest);
	fake_reply_done(buf, nlh);
	fake_ack(req, 0, NULL);
}

static void fake_failover(const struct nlmsghdr *req)
{
	const char *gets = getenv("FAKE_NSRP_FAILOVER_GETS");

	fake_log("FAILOVER");
	if (fake_role() != NSRP_ROLE_PRIMARY) {
		fake_ack(req, -EOPNOTSUPP, "this node is not primary");
	} else if (getenv("FAKE_NSRP_NOLINK") ||
		   fake_env("FAKE_NSRP_PEER_STATE", NSRP_PEER_UP) !=
		   NSRP_PEER_UP) {
		fake_ack(req, -EHOSTUNREACH, "no live peer");
	} else if (!fake_env("FAKE_NSRP_PEER_SYNCED", 1)) {
		fake_ack(req, -EAGAIN, "the peer is not synced yet");
	} else {
		if (!gets)
			fake_failover_gets = 3;
		else if (strcmp(gets, "never"))
			fake_failover_gets = atoi(gets);
		fake_ack(req, 0, NULL);
	}
}

static void fake_request(const struct nlmsghdr *req)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(req);

	if (req->nlmsg_type == GENL_ID_CTRL) {
		fake_ctrl(req);
		return;
	}
	if (req->nlmsg_type != FAKE_FAMILY) {
		fake_ack(req, -ENOENT, NULL);
		return;
	}
	switch (genl->cmd) {
	case NSRP_CMD_GET:
		fake_get(req);
		break;
	case NSRP_CMD_SET:
		fake_set(req);
		break;
	case NSRP_CMD_SESSION_GET:
		if (req->nlmsg_flags & NLM_F_DUMP)
			fake_dump(req);
		else
			fake_ack(req, -EOPNOTSUPP, NULL);
		break;
	case NSRP_CMD_SESSION_DEL:
	case NSRP_CMD_SESSION_FLUSH:
		fake_remove(req, genl->cmd);
		break;
	case NSRP_CMD_STATS_GET:
		fake_stats(req);
		break;
	case NSRP_CMD_FAILOVER:
		fake_failover(req);
		break;
	default:
		fake_ack(req, -EOPNOTSUPP, NULL);
	}
}

/* A notification: sequence 0, port id 0, as the kernel multicasts them. */
static struct nlmsghdr *fake_event(char *at, uint8_t cmd, int type,
				   struct nlattr **nest)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(at);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = FAKE_FAMILY;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = 1;
	*nest = mnl_attr_nest_start(nlh, NSRP_A_EVENT);
	if (type >= 0)
		mnl_attr_put_u8(nlh, NSRP_EVENT_A_TYPE, (uint8_t)type);
	return nlh;
}

static void fake_event_done(char *buf, struct nlmsghdr *nlh,
			    struct nlattr *nest)
{
	mnl_attr_nest_end(nlh, nest);
	fake_dgram_done(buf, nlh->nlmsg_len);
}

static void fake_role_event(uint8_t role, uint8_t old, uint8_t reason,
			    int peer, int sessions)
{
	char *buf = fake_dgram();
	struct nlattr *nest;
	struct nlmsghdr *nlh = fake_event(buf, NSRP_CMD_EVENT, NSRP_EVENT_ROLE,
					  &nest);

	mnl_attr_put_u8(nlh, NSRP_EVENT_A_ROLE, role);
	mnl_attr_put_u8(nlh, NSRP_EVENT_A_OLD_ROLE, old);
	mnl_attr_put_u8(nlh, NSRP_EVENT_A_REASON, reason);
	if (peer >= 0)
		mnl_attr_put_u16(nlh, NSRP_EVENT_A_PEER_NODE_ID, (uint16_t)peer);
	if (sessions >= 0)
		mnl_attr_put_u32(nlh, NSRP_EVENT_A_SESSIONS, (uint32_t)sessions);
	fake_event_done(buf, nlh, nest);
}

/*
 * What a monitor reads: every event type, two of them in one datagram,
 * and what it must skip: a message that is no event, a reply left over,
 * a malformed event, one without a type.
 */
static void fake_events(void)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	char *buf;

	fake_role_event(NSRP_ROLE_PRIMARY, NSRP_ROLE_BACKUP,
			NSRP_REASON_PEER_DEAD, 2, 12);

	buf = fake_dgram();
	nlh = fake_event(buf, NSRP_CMD_EVENT, NSRP_EVENT_PEER_UP, &nest);
	mnl_attr_put_u16(nlh, NSRP_EVENT_A_PEER_NODE_ID, 2);
	fake_event_done(buf, nlh, nest);

	buf = fake_dgram();
	nlh = fake_event(buf, NSRP_CMD_EVENT, NSRP_EVENT_PEER_DOWN, &nest);
	mnl_attr_put_u16(nlh, NSRP_EVENT_A_PEER_NODE_ID, 2);
	mnl_attr_put_u32(nlh, NSRP_EVENT_A_MS, 312);
	fake_event_done(buf, nlh, nest);

	if (getenv("FAKE_NSRP_OVERRUN")) {
		fake_dgram();
		fake_dgram_done(NULL, FAKE_ENOBUFS);
	}

	/* Two messages in one datagram. */
	buf = fake_dgram();
	nlh = fake_event(buf, NSRP_CMD_EVENT, NSRP_EVENT_BULK_START, &nest);
	mnl_attr_nest_end(nlh, nest);
	nlh = fake_event(buf + nlh->nlmsg_len, NSRP_CMD_EVENT,
			 NSRP_EVENT_BULK_END, &nest);
	mnl_attr_put_u32(nlh, NSRP_EVENT_A_SESSIONS, 100);
	mnl_attr_put_u32(nlh, NSRP_EVENT_A_MS, 40);
	mnl_attr_nest_end(nlh, nest);
	fake_dgram_done(buf, (char *)nlh + nlh->nlmsg_len - buf);

	buf = fake_dgram();
	nlh = fake_event(buf, NSRP_CMD_EVENT, NSRP_EVENT_AGEOUT, &nest);
	mnl_attr_put_u32(nlh, NSRP_EVENT_A_KEPT, 3);
	mnl_attr_put_u32(nlh, NSRP_EVENT_A_SHORTENED, 1);
	mnl_attr_put_u32(nlh, NSRP_EVENT_A_REMOVED, 0);
	fake_event_done(buf, nlh, nest);

	fake_role_event(NSRP_ROLE_BACKUP, NSRP_ROLE_PRIMARY,
			NSRP_REASON_FAILOVER, 2, 1);
	fake_role_event(NSRP_ROLE_PRIMARY, NSRP_ROLE_INIT, NSRP_REASON_ALONE,
			-1, -1);

	/* Not an event: skipped. */
	buf = fake_dgram();
	nlh = fake_event(buf, NSRP_CMD_GET, NSRP_EVENT_BULK_START, &nest);
	fake_event_done(buf, nlh, nest);
	/* A reply to an earlier request: skipped. */
	buf = fake_dgram();
	nlh = fake_event(buf, NSRP_CMD_EVENT, NSRP_EVENT_BULK_START, &nest);
	nlh->nlmsg_seq = 77;
	fake_event_done(buf, nlh, nest);

	/* A newer kernel's: an unknown type, attribute and values. */
	buf = fake_dgram();
	nlh = fake_event(buf, NSRP_CMD_EVENT, 99, &nest);
	mnl_attr_put_u64(nlh, NSRP_EVENT_A_MAX + 2, 1);
	fake_event_done(buf, nlh, nest);
	fake_role_event(7, NSRP_ROLE_PRIMARY, 42, -1, -1);

	/* Malformed (a u16 for a u32): reported, skipped. */
	buf = fake_dgram();
	nlh = fake_event(buf, NSRP_CMD_EVENT, NSRP_EVENT_PEER_DOWN, &nest);
	mnl_attr_put_u16(nlh, NSRP_EVENT_A_MS, 312);
	fake_event_done(buf, nlh, nest);
	/* Without a type: skipped. */
	buf = fake_dgram();
	nlh = fake_event(buf, NSRP_CMD_EVENT, -1, &nest);
	mnl_attr_put_u16(nlh, NSRP_EVENT_A_PEER_NODE_ID, 5);
	fake_event_done(buf, nlh, nest);

	/* And the monitor goes on. */
	buf = fake_dgram();
	nlh = fake_event(buf, NSRP_CMD_EVENT, NSRP_EVENT_PEER_DOWN, &nest);
	mnl_attr_put_u16(nlh, NSRP_EVENT_A_PEER_NODE_ID, 2);
	fake_event_done(buf, nlh, nest);
}

static void fake_log_netns(void)
{
	const char *file = getenv("FAKE_NSRP_NETNS");
	char ns[64];
	ssize_t n;
	FILE *f;

	if (!file)
		return;
	n = readlink("/proc/self/ns/net", ns, sizeof(ns) - 1);
	f = fopen(file, "w");
	if (!f)
		return;
	if (n > 0)
		fprintf(f, "%.*s\n", (int)n, ns);
	fclose(f);
}

int socket(int domain, int type, int protocol)
{
	if (domain == AF_NETLINK && protocol == NETLINK_GENERIC) {
		fake_log_netns();
		fake_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
		return fake_fd;
	}
	return REAL(socket)(domain, type, protocol);
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	if (fd >= 0 && fd == fake_fd)
		return 0;
	return REAL(bind)(fd, addr, len);
}

int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
	if (fd >= 0 && fd == fake_fd) {
		struct sockaddr_nl snl = {
			.nl_family = AF_NETLINK,
			.nl_pid = FAKE_PORTID,
		};

		memcpy(addr, &snl, *len < sizeof(snl) ? *len : sizeof(snl));
		*len = sizeof(snl);
		return 0;
	}
	return REAL(getsockname)(fd, addr, len);
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	if (fd >= 0 && fd == fake_fd) {
		if (level == SOL_NETLINK && name == NETLINK_CAP_ACK &&
		    !getenv("FAKE_NSRP_NOCAP"))
			fake_cap_ack = *(const int *)val;
		if (level == SOL_NETLINK && name == NETLINK_EXT_ACK)
			fake_ext_ack = *(const int *)val;
		if (level == SOL_NETLINK && name == NETLINK_ADD_MEMBERSHIP) {
			int grp = *(const int *)val;

			fake_log("JOIN %d", grp);
			if (grp != FAKE_MCGRP) {
				errno = EINVAL;
				return -1;
			}
			fake_joined = true;
			fake_events();
		}
		return 0;
	}
	return REAL(setsockopt)(fd, level, name, val, len);
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags,
	       const struct sockaddr *addr, socklen_t alen)
{
	if (fd >= 0 && fd == fake_fd) {
		const struct nlmsghdr *nlh = buf;

		if (len < sizeof(*nlh) || nlh->nlmsg_len != len ||
		    !(nlh->nlmsg_flags & NLM_F_REQUEST)) {
			errno = EINVAL;
			return -1;
		}
		fake_request(nlh);
		return (ssize_t)len;
	}
	return REAL(sendto)(fd, buf, len, flags, addr, alen);
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	if (fd >= 0 && fd == fake_fd) {
		struct sockaddr_nl snl = { .nl_family = AF_NETLINK };
		size_t len, room = msg->msg_iov[0].iov_len;
		const char *buf;

		if (fake_head == fake_tail && fake_joined) {
			/* Every event was read: stop the monitor, as a user. */
			raise(SIGTERM);
		}
		if (fake_head == fake_tail) {
			/* The real socket would block forever: fail loudly. */
			errno = EAGAIN;
			return -1;
		}
		buf = fake_queue[fake_head % FAKE_QUEUE].buf;
		len = fake_queue[fake_head++ % FAKE_QUEUE].len;
		if (len == FAKE_ENOBUFS) {
			errno = ENOBUFS;
			return -1;
		}
		msg->msg_flags = 0;
		if (len > room) {
			msg->msg_flags |= MSG_TRUNC;
			len = room;
		}
		memcpy(msg->msg_iov[0].iov_base, buf, len);
		if (msg->msg_name) {
			memcpy(msg->msg_name, &snl, sizeof(snl));
			msg->msg_namelen = sizeof(snl);
		}
		return (ssize_t)len;
	}
	return REAL(recvmsg)(fd, msg, flags);
}

int clock_gettime(clockid_t clk, struct timespec *ts)
{
	const char *now = getenv("FAKE_NSRP_REALTIME");
	char *end;

	if (clk == CLOCK_REALTIME && now) {
		ts->tv_sec = strtol(now, &end, 10);
		ts->tv_nsec = *end == '.' ? strtol(end + 1, NULL, 10) * 1000 : 0;
		return 0;
	}
	return REAL(clock_gettime)(clk, ts);
}

int close(int fd)
{
	if (fd >= 0 && fd == fake_fd)
		fake_fd = -1;
	return REAL(close)(fd);
}
