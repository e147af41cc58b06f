/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * The one place where kernel version differences live. Kbuild force-includes
 * it into every object, so the logic files are written against one API and
 * this header backfills it where an older kernel lacks a piece. Supported:
 * 6.1 (Debian 12), 6.6 and 6.12 LTS.
 *
 * Known differences the code already avoids rather than papers over:
 * - netlink_range_validation is const from 6.4 on; the policy tables use a
 *   non-const one, which every version accepts.
 * - genl_split_ops (6.2+) is not used: per-op policies in genl_ops work
 *   from 6.1 to 6.12.
 */

#ifndef _NSRP_COMPAT_H
#define _NSRP_COMPAT_H

#include <linux/version.h>

#if KERNEL_VERSION(6, 1, 0) > LINUX_VERSION_CODE
#error "nsrp needs Linux 6.1 or newer"
#endif

/* 6.13 made symbol namespaces strings. */
#if KERNEL_VERSION(6, 13, 0) > LINUX_VERSION_CODE
#define NSRP_KUNIT_IMPORT_NS() MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING)
#else
#define NSRP_KUNIT_IMPORT_NS() MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING")
#endif

#endif /* _NSRP_COMPAT_H */
