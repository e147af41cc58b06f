/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The nsrp developers.
 */

#ifndef _NSRP_NETLINK_H
#define _NSRP_NETLINK_H

int nsrp_genl_init(void);
void nsrp_genl_uninit(void);

#endif /* _NSRP_NETLINK_H */
