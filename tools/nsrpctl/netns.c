// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * -n NETNS, as "ip -n": switch to a namespace named by "ip netns add",
 * whose handle is bind-mounted at /run/netns/NETNS. Only the network
 * namespace matters to us: the netlink socket we open afterwards belongs
 * to it and so does everything we ask. Unlike ip we do not remount /sys,
 * we never read it.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include "nsrpctl.h"

#define NSRPCTL_NETNS_RUN_DIR "/run/netns"

/* A name, not a path: "../../proc/1/ns/net" must not sneak in. */
bool nsrpctl_netns_name_ok(const char *name)
{
	return *name && strlen(name) < NAME_MAX && !strchr(name, '/') &&
	       strcmp(name, ".") && strcmp(name, "..");
}

int nsrpctl_netns_enter(const char *name)
{
	char path[sizeof(NSRPCTL_NETNS_RUN_DIR) + NAME_MAX + 1];
	int fd;

	snprintf(path, sizeof(path), NSRPCTL_NETNS_RUN_DIR "/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		nsrpctl_err("cannot open network namespace \"%s\": %s", name,
			    strerror(errno));
		return -1;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		nsrpctl_err("cannot enter network namespace \"%s\": %s", name,
			    strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/*
 * Enter the -n namespace, if any, once: we stay in it for the rest of the
 * run. Whatever depends on the namespace calls this first: opening the
 * netlink socket, which belongs to the namespace it is created in, and
 * looking up a device name, which is only meaningful there.
 */
int nsrpctl_netns_switch(struct nsrpctl *ctx)
{
	if (!ctx->netns)
		return 0;
	if (nsrpctl_netns_enter(ctx->netns))
		return -1;
	ctx->netns = NULL;
	return 0;
}
