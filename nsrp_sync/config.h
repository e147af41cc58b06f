/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * What the netlink family sees of replication: its configuration, applied
 * all or nothing, and its state for NSRP_CMD_GET.
 */

#ifndef _NSRP_SYNC_CONFIG_H
#define _NSRP_SYNC_CONFIG_H

#include <linux/types.h>

struct netlink_ext_ack;
struct nlattr;
struct nsrp_net;
struct sk_buff;

/* A requested change: a negative number or NULL attribute leaves a field alone. */
struct nsrp_sync_cfg {
	int ifindex;			/* 0: no HA link */
	const struct nlattr *ifindex_attr;
	int ethertype;
	int cluster_id;
	int node_id;
	int multiplier;
	int age_ack;
	int flush_ms;
	const struct nlattr *key;	/* empty: no key */
	int mode;
	int role;
	const struct nlattr *role_attr;
	int priority;
	int preempt;
	int hello_ms;
	int dead_count;
	int hold_down_ms;
};

#define NSRP_SYNC_CFG_INIT { -1, NULL, -1, -1, -1, -1, -1, -1, NULL, \
			     -1, -1, NULL, -1, -1, -1, -1, -1 }

/* Caller holds nn->conf_mutex. */
int nsrp_sync_configure(struct nsrp_net *nn, const struct nsrp_sync_cfg *cfg,
			struct netlink_ext_ack *extack);
int nsrp_sync_fill(struct sk_buff *skb, struct nsrp_net *nn);

/* NSRP_CMD_FAILOVER; caller holds nn->conf_mutex. */
int nsrp_sync_failover(struct nsrp_net *nn, struct netlink_ext_ack *extack);

int nsrp_sync_init(void);
void nsrp_sync_uninit(void);

#endif /* _NSRP_SYNC_CONFIG_H */
