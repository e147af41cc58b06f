// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * The words of the HA role enums: see names.h.
 */

#include <stdio.h>

#include "names.h"

const char *const nsrpctl_mode_names[NSRP_MODE_MANUAL + 1] = {
	[NSRP_MODE_AUTO]	= "auto",
	[NSRP_MODE_MANUAL]	= "manual",
};

const char *const nsrpctl_role_names[NSRP_ROLE_PRIMARY + 1] = {
	[NSRP_ROLE_INIT]	= "init",
	[NSRP_ROLE_BACKUP]	= "backup",
	[NSRP_ROLE_PRIMARY]	= "primary",
};

const char *const nsrpctl_reason_names[NSRP_REASON_LINK + 1] = {
	[NSRP_REASON_NONE]	 = "none",
	[NSRP_REASON_CONFIG]	 = "config",
	[NSRP_REASON_ALONE]	 = "alone",
	[NSRP_REASON_ELECTION]	 = "election",
	[NSRP_REASON_PEER_DEAD]	 = "peer-dead",
	[NSRP_REASON_PEER_CLAIM] = "peer-claim",
	[NSRP_REASON_FAILOVER]	 = "failover",
	[NSRP_REASON_PREEMPT]	 = "preempt",
	[NSRP_REASON_SPLIT_BRAIN] = "split-brain",
	[NSRP_REASON_LINK]	 = "link",
};

/*
 * The word for @v, or "<what>_N" for a value a newer kernel added, as show
 * and session list print them: the output stays parseable.
 */
const char *nsrpctl_name_of(const char *const *names, size_t n, uint32_t v,
			    const char *what, char *buf, size_t len)
{
	if (v < n && names[v])
		return names[v];
	snprintf(buf, len, "%s_%u", what, v);
	return buf;
}
