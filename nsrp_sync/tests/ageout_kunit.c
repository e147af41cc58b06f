// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Suite nsrp_sync_ageout: KB7701 in numbers. The owner's verdict at the
 * edges of ACTIVE, IDLE and GONE; a copy's lifetime (multiplier x timeout)
 * and its overflow edges; what each answer does to the copy; and the
 * conversions between the table's sessions and the codec's records.
 */

#include <kunit/test.h>
#include <linux/jiffies.h>
#include <linux/nsrp.h>

#include "nsrp_core/session.h"
#include "nsrp_core/timeout.h"
#include "nsrp_sync/ageout.h"
#include "nsrp_sync/sync.h"

static void ageout_verdict(struct kunit *test)
{
	u32 tcp = 1800 * HZ, two = 2 * HZ;

	/* GONE: no session of ours, or one that has run out. */
	KUNIT_EXPECT_EQ(test, nsrp_age_verdict(false, tcp, tcp), NSRP_AGE_GONE);
	KUNIT_EXPECT_EQ(test, nsrp_age_verdict(true, tcp, 0), NSRP_AGE_GONE);
	KUNIT_EXPECT_EQ(test, nsrp_age_verdict(true, tcp, -5), NSRP_AGE_GONE);
	/* ACTIVE: refreshed within min(timeout / 4, 10 s). */
	KUNIT_EXPECT_EQ(test, nsrp_age_verdict(true, tcp, tcp), NSRP_AGE_ACTIVE);
	KUNIT_EXPECT_EQ(test, nsrp_age_verdict(true, tcp, tcp - 10 * HZ), NSRP_AGE_ACTIVE);
	KUNIT_EXPECT_EQ(test, nsrp_age_verdict(true, tcp, tcp - 10 * HZ - 1), NSRP_AGE_IDLE);
	KUNIT_EXPECT_EQ(test, nsrp_age_verdict(true, two, two - two / 4), NSRP_AGE_ACTIVE);
	KUNIT_EXPECT_EQ(test, nsrp_age_verdict(true, two, two - two / 4 - 1), NSRP_AGE_IDLE);
	/* IDLE down to the last jiffy. */
	KUNIT_EXPECT_EQ(test, nsrp_age_verdict(true, tcp, 1), NSRP_AGE_IDLE);
	/* A lifetime above the timeout (a changed setting) is ACTIVE. */
	KUNIT_EXPECT_EQ(test, nsrp_age_verdict(true, two, 3 * HZ), NSRP_AGE_ACTIVE);
}

static void ageout_lifetime(struct kunit *test)
{
	/* KB7701: TCP 1800 s on the owner, 14400 s on the copy. */
	KUNIT_EXPECT_EQ(test, nsrp_copy_lifetime(1800000, 8), 14400U * HZ);
	KUNIT_EXPECT_EQ(test, nsrp_copy_lifetime(2000, 8), 16U * HZ);
	KUNIT_EXPECT_EQ(test, nsrp_copy_lifetime(2000, 1), 2U * HZ);
	/* Rounded up, never 0. */
	KUNIT_EXPECT_EQ(test, nsrp_copy_lifetime(1, 1), 1U);
	KUNIT_EXPECT_EQ(test, nsrp_copy_lifetime(0, 8), 1U);
	/* The largest product does not overflow: it clamps. */
	KUNIT_EXPECT_EQ(test, nsrp_copy_lifetime(NSRP_WIRE_TIMEOUT_MAX_MS, 255),
			(u32)NSRP_LIFETIME_MAX);
	KUNIT_EXPECT_EQ(test, nsrp_copy_lifetime(U32_MAX, U32_MAX), (u32)NSRP_LIFETIME_MAX);
	/* 24 h x 8 fits below the clamp at any HZ up to 1000. */
	KUNIT_EXPECT_EQ(test, nsrp_copy_lifetime(NSRP_WIRE_TIMEOUT_MAX_MS, 8),
			min_t(u32, 8U * 86400 * HZ, NSRP_LIFETIME_MAX));
}

static void ageout_answer(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, nsrp_age_answer_lifetime(NSRP_AGE_ACTIVE, 2000, 1500, 8), 16U * HZ);
	/* IDLE: the owner's remaining time, not multiplied. */
	KUNIT_EXPECT_EQ(test, nsrp_age_answer_lifetime(NSRP_AGE_IDLE, 2000, 1500, 8),
			(u32)DIV_ROUND_UP(1500 * HZ, 1000));
	KUNIT_EXPECT_EQ(test, nsrp_age_answer_lifetime(NSRP_AGE_IDLE, 2000, 0, 8), 0U);
	KUNIT_EXPECT_EQ(test, nsrp_age_answer_lifetime(NSRP_AGE_GONE, 0, 0, 8), 0U);
	KUNIT_EXPECT_EQ(test, nsrp_age_answer_lifetime(0, 2000, 1000, 8), 0U);
	/* The query lead: a quarter of short lifetimes, a second at most. */
	KUNIT_EXPECT_EQ(test, nsrp_age_lead(16 * HZ), (u32)HZ);
	KUNIT_EXPECT_EQ(test, nsrp_age_lead(2 * HZ), (u32)HZ / 2);
	KUNIT_EXPECT_EQ(test, nsrp_age_lead(1), 1U);
}

static void ageout_records(struct kunit *test)
{
	struct nsrp_session_info info = {};
	struct nsrp_key key = {}, back;
	struct nsrp_rec_sess rs = {};
	struct nsrp_rec rec = {};
	u32 now = 1000;

	key.family = AF_INET6;
	key.proto = IPPROTO_TCP;
	key.a.in6.s6_addr[0] = 0x20;
	key.a.in6.s6_addr[15] = 1;
	key.b.in6.s6_addr[0] = 0x20;
	key.b.in6.s6_addr[15] = 2;
	key.pa = htons(40000);
	key.pb = htons(443);
	info.orig_is_a = true;
	info.state = NSRP_STATE_ESTABLISHED;
	info.ttl = 2 * HZ;
	info.expires = now + HZ;

	nsrp_rec_sess_from_info(&rs, &key, &info, now);
	KUNIT_EXPECT_EQ(test, rs.key.family, NSRP_WIRE_IPV6);
	KUNIT_EXPECT_EQ(test, rs.key.port_a, 40000);
	KUNIT_EXPECT_EQ(test, rs.key.port_b, 443);
	KUNIT_EXPECT_TRUE(test, rs.orig_is_a);
	KUNIT_EXPECT_EQ(test, rs.state, NSRP_WIRE_STATE_ESTABLISHED);
	KUNIT_EXPECT_EQ(test, rs.timeout_ms, 2000U);
	KUNIT_EXPECT_EQ(test, rs.remaining_ms, 1000U);
	rec.type = NSRP_REC_UPSERT;
	rec.sess = rs;
	KUNIT_EXPECT_EQ(test, nsrp_rec_validate(&rec), NSRP_RX_OK);
	nsrp_key_from_rec_key(&back, &rs.key);
	KUNIT_EXPECT_EQ(test, memcmp(&back, &key, sizeof(key)), 0);

	/* IPv4: the unused address octets stay zero both ways. */
	memset(&key, 0, sizeof(key));
	key.family = AF_INET;
	key.proto = IPPROTO_ICMP;
	key.a.ip = htonl(0xc0000202);
	key.b.ip = htonl(0xc6336402);
	key.pa = htons(7);
	key.pb = htons(7);
	info.state = NSRP_STATE_ACTIVE;
	info.expires = now - 1;		/* expired: nothing remains */
	nsrp_rec_sess_from_info(&rs, &key, &info, now);
	KUNIT_EXPECT_EQ(test, rs.key.family, NSRP_WIRE_IPV4);
	KUNIT_EXPECT_EQ(test, rs.remaining_ms, 0U);
	KUNIT_EXPECT_EQ(test, rs.key.addr_a[4], 0);
	nsrp_key_from_rec_key(&back, &rs.key);
	KUNIT_EXPECT_EQ(test, memcmp(&back, &key, sizeof(key)), 0);
}

static struct kunit_case nsrp_sync_ageout_test_cases[] = {
	KUNIT_CASE(ageout_verdict),
	KUNIT_CASE(ageout_lifetime),
	KUNIT_CASE(ageout_answer),
	KUNIT_CASE(ageout_records),
	{}
};

static struct kunit_suite nsrp_sync_ageout_test_suite = {
	.name = "nsrp_sync_ageout",
	.test_cases = nsrp_sync_ageout_test_cases,
};

kunit_test_suite(nsrp_sync_ageout_test_suite);
