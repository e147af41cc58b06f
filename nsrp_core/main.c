// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Module init and exit only: each step in order, unwound in reverse.
 */

#include <linux/genetlink.h>
#include <linux/module.h>
#include <linux/nsrp.h>

#include "nsrp_core/netns.h"
#include "nsrp_core/session.h"
#include "nsrp_netlink/netlink.h"
#include "nsrp_sync/config.h"

#ifndef NSRP_VERSION
#define NSRP_VERSION "0.1.0"
#endif

static int __init nsrp_mod_init(void)
{
	int ret;

	ret = nsrp_session_slab_init();
	if (ret)
		goto err_slab;
	ret = nsrp_netns_init();
	if (ret)
		goto err_netns;
	ret = nsrp_sync_init();
	if (ret)
		goto err_sync;
	ret = nsrp_genl_init();
	if (ret)
		goto err_genl;

	pr_info("nsrp %s loaded: session synchronisation for HA routers, %u bytes per session\n",
		NSRP_VERSION, nsrp_session_size());
	return 0;

err_genl:
	nsrp_sync_uninit();
err_sync:
	nsrp_netns_uninit();
err_netns:
	nsrp_session_slab_uninit();
err_slab:
	return ret;
}

static void __exit nsrp_mod_exit(void)
{
	nsrp_genl_uninit();
	nsrp_sync_uninit();
	nsrp_netns_uninit();
	nsrp_session_slab_uninit();
}

module_init(nsrp_mod_init);
module_exit(nsrp_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("NSRP-style session synchronisation for Linux HA routers");
MODULE_AUTHOR("The nsrp developers");
MODULE_VERSION(NSRP_VERSION);
MODULE_ALIAS_GENL_FAMILY(NSRP_GENL_NAME);
MODULE_SOFTDEP("pre: hmac sha256");
