/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The nsrp developers.
 */

#ifndef _NSRP_HOOKS_H
#define _NSRP_HOOKS_H

struct net;

/*
 * nsrp's hooks run after defragmentation (-400), raw (-300) and
 * nf_conntrack (-200), and before mangle (-150), NAT and filter: sessions
 * are keyed on the addresses as they arrive, and a filter rule that drops a
 * packet still sees the session the packet created or refreshed.
 */
#define NSRP_HOOK_PRIORITY (-190)

int nsrp_hooks_register(struct net *net);
void nsrp_hooks_unregister(struct net *net);

#endif /* _NSRP_HOOKS_H */
