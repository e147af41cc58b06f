// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Frame authentication: HMAC-SHA256 through the crypto API, truncated to
 * NSRP_MAC_LEN octets (proto.h). The keyed transform is shared by sender
 * and receivers: a shash tfm holds only the key, each computation has its
 * own descriptor on the stack, and hmac(sha256) never sleeps, so the
 * packet handler may use it. A new key replaces the old one under RCU.
 */

#include <crypto/hash.h>
#include <linux/slab.h>

#include "nsrp_sync/sync.h"

int nsrp_sync_key_new(const u8 *secret, unsigned int len, struct nsrp_sync_key **out)
{
	struct nsrp_sync_key *key;
	int ret;

	key = kzalloc(sizeof(*key), GFP_KERNEL);
	if (!key)
		return -ENOMEM;
	key->tfm = crypto_alloc_shash("hmac(sha256)", 0, 0);
	if (IS_ERR(key->tfm)) {
		ret = PTR_ERR(key->tfm);
		goto err_free;
	}
	ret = crypto_shash_setkey(key->tfm, secret, len);
	if (ret)
		goto err_tfm;
	*out = key;
	return 0;

err_tfm:
	crypto_free_shash(key->tfm);
err_free:
	kfree(key);
	return ret;
}

/* After a grace period: no reader holds it any more. */
void nsrp_sync_key_free(struct nsrp_sync_key *key)
{
	if (!key)
		return;
	crypto_free_shash(key->tfm);
	kfree_sensitive(key);
}

int nsrp_sync_mac(const struct nsrp_sync_key *key, const u8 *data, unsigned int len, u8 *mac)
{
	u8 digest[32];
	int ret;

	/* Its descriptor lives on its stack and is wiped: no state shared. */
	ret = crypto_shash_tfm_digest(key->tfm, data, len, digest);
	if (!ret)
		memcpy(mac, digest, NSRP_MAC_LEN);
	memzero_explicit(digest, sizeof(digest));
	return ret;
}
