// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Between the table's view of a session (nsrp_core) and the codec's
 * (host-order records): keys both ways, and a session's snapshot as the
 * state, timeout and remaining lifetime of UPSERT and AGE_ANSWER.
 */

#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include <linux/export.h>
#include <kunit/visibility.h>

#include "nsrp_core/session.h"
#include "nsrp_core/timeout.h"
#include "nsrp_sync/sync.h"

void nsrp_rec_key_from_key(struct nsrp_rec_key *rk, const struct nsrp_key *key)
{
	unsigned int alen = key->family == AF_INET ? 4 : 16;

	memset(rk, 0, sizeof(*rk));
	rk->family = key->family == AF_INET ? NSRP_WIRE_IPV4 : NSRP_WIRE_IPV6;
	rk->proto = key->proto;
	rk->port_a = be16_to_cpu(key->pa);
	rk->port_b = be16_to_cpu(key->pb);
	memcpy(rk->addr_a, &key->a, alen);
	memcpy(rk->addr_b, &key->b, alen);
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_rec_key_from_key);

void nsrp_key_from_rec_key(struct nsrp_key *key, const struct nsrp_rec_key *rk)
{
	unsigned int alen = rk->family == NSRP_WIRE_IPV4 ? 4 : 16;

	memset(key, 0, sizeof(*key));
	key->family = rk->family == NSRP_WIRE_IPV4 ? AF_INET : AF_INET6;
	key->proto = rk->proto;
	key->pa = cpu_to_be16(rk->port_a);
	key->pb = cpu_to_be16(rk->port_b);
	memcpy(&key->a, rk->addr_a, alen);
	memcpy(&key->b, rk->addr_b, alen);
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_key_from_rec_key);

void nsrp_rec_sess_from_info(struct nsrp_rec_sess *rs, const struct nsrp_key *key,
			     const struct nsrp_session_info *info, u32 now)
{
	u32 timeout = clamp_t(u32, jiffies_to_msecs(info->ttl), 1, NSRP_WIRE_TIMEOUT_MAX_MS);

	nsrp_rec_key_from_key(&rs->key, key);
	rs->orig_is_a = info->orig_is_a;
	rs->state = info->state;
	rs->timeout_ms = timeout;
	rs->remaining_ms = min(nsrp_time_left_ms(info->expires, now), timeout);
}
EXPORT_SYMBOL_IF_KUNIT(nsrp_rec_sess_from_info);
