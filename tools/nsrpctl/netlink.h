/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Talking to the nsrp generic netlink family: one socket per invocation,
 * requests built in place, replies validated attribute by attribute.
 */

#ifndef NSRPCTL_NETLINK_H
#define NSRPCTL_NETLINK_H

#include <stdbool.h>
#include <stdint.h>

#include <libmnl/libmnl.h>

#include "nsrpctl.h"

/* How a reply attribute must look; MNL_TYPE_UNSPEC entries are skipped. */
struct nsrpctl_policy {
	enum mnl_attr_data_type type;
	uint16_t len;		/* exact payload length; 0: the type's own */
};

/*
 * Called for each reply message of the family. Returns 0, or a negative
 * errno after printing what was wrong; the rest of the reply is then read
 * and dropped so that the socket stays usable for the next -batch line.
 */
typedef int (*nsrpctl_nl_cb)(const struct nlmsghdr *nlh, void *data);

struct nsrpctl_nl *nsrpctl_nl_get(struct nsrpctl *ctx);
void nsrpctl_nl_close(struct nsrpctl_nl *nl);

struct nlmsghdr *nsrpctl_nl_request(struct nsrpctl_nl *nl, uint8_t cmd,
				    uint16_t flags);
struct nlmsghdr *nsrpctl_noarg_request(struct nsrpctl *ctx, const struct nsrpctl_cmd *usage,
				       int argc, char **argv, const char *why,
				       uint8_t cmd, struct nsrpctl_nl **nl, int *ret);
int nsrpctl_nl_talk(struct nsrpctl_nl *nl, struct nlmsghdr *nlh,
		    nsrpctl_nl_cb cb, void *data);
int nsrpctl_nl_query(struct nsrpctl_nl *nl, struct nlmsghdr *nlh,
		     struct nlmsghdr **reply);
int nsrpctl_nl_join(struct nsrpctl_nl *nl, const char *name);
int nsrpctl_nl_listen(struct nsrpctl_nl *nl, nsrpctl_nl_cb cb, void *data);
int nsrpctl_nl_dump(struct nsrpctl_nl *nl, struct nlmsghdr *nlh,
		    nsrpctl_nl_cb cb, void (*reset)(void *data), void *data);

int nsrpctl_attr_parse(const struct nlmsghdr *nlh,
		       const struct nsrpctl_policy *policy, uint16_t max,
		       const struct nlattr **tb, const char *what);
int nsrpctl_attr_parse_nested(const struct nlattr *nest,
			      const struct nsrpctl_policy *policy,
			      uint16_t max, const struct nlattr **tb,
			      const char *what);

#endif /* NSRPCTL_NETLINK_H */
