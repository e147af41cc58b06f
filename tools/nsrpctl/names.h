/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * The words for the values of the HA role enums of linux/nsrp.h, shared by
 * show, set, failover and monitor so that one value is spelled one way in
 * every command, human or JSON.
 */

#ifndef NSRPCTL_NAMES_H
#define NSRPCTL_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include <linux/nsrp.h>

#include "nsrpctl.h"

/* Indexed by value; NULL where the uapi has no value. */
extern const char *const nsrpctl_mode_names[NSRP_MODE_MANUAL + 1];
extern const char *const nsrpctl_role_names[NSRP_ROLE_PRIMARY + 1];
extern const char *const nsrpctl_reason_names[NSRP_REASON_LINK + 1];

const char *nsrpctl_name_of(const char *const *names, size_t n, uint32_t v,
			    const char *what, char *buf, size_t len);

#define NSRPCTL_NAME_OF(names, v, what, buf)				\
	nsrpctl_name_of((names), NSRPCTL_ARRAY_SIZE(names), (v), (what),	\
			(buf), sizeof(buf))

#endif /* NSRPCTL_NAMES_H */
