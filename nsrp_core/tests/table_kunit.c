// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Suite nsrp_table: the table on its own, with a namespace-less nsrp_net
 * built by the fixture: the max-sessions limit, lost insert races, expired
 * sessions in the way, single removal, and the calls nsrp_sync makes.
 */

#include <kunit/test.h>
#include <linux/percpu.h>
#include <linux/slab.h>

#include "nsrp_core/netns.h"
#include "nsrp_core/session.h"
#include "nsrp_core/sync_api.h"
#include "nsrp_core/timeout.h"

static int nsrp_table_test_init(struct kunit *test)
{
	static const u32 secs[NSRP_TO_NUM] = NSRP_DEFAULT_TIMEOUTS;
	struct nsrp_net *nn = kunit_kzalloc(test, sizeof(*nn), GFP_KERNEL);
	int i;

	if (!nn)
		return -ENOMEM;
	nn->max_sessions = 4;
	nn->gc_exiting = true;	/* no GC here: a kick must not queue it */
	for (i = 0; i < NSRP_TO_NUM; i++)
		nn->timeouts[i] = nsrp_secs_to_lifetime(secs[i]);
	nn->stats = alloc_percpu(struct nsrp_stats);
	if (!nn->stats)
		return -ENOMEM;
	if (nsrp_table_init(nn)) {
		free_percpu(nn->stats);
		return -ENOMEM;
	}
	test->priv = nn;
	return 0;
}

static void nsrp_table_test_exit(struct kunit *test)
{
	struct nsrp_net *nn = test->priv;

	nsrp_table_destroy(nn);
	/* Sessions removed by the test are freed by RCU callbacks. */
	rcu_barrier();
	free_percpu(nn->stats);
}

static u64 nsrp_test_stat(struct nsrp_net *nn, enum nsrp_stat_attr idx)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu_ptr(nn->stats, cpu)->cnt[idx];
	return sum;
}

static void nsrp_test_key(struct nsrp_key *key, u32 n)
{
	memset(key, 0, sizeof(*key));
	key->family = AF_INET;
	key->proto = IPPROTO_UDP;
	key->a.ip = htonl(0x0a000001);
	key->b.ip = htonl(0x0a000002);
	key->pa = htons(10000 + n);
	key->pb = htons(53);
}

static struct nsrp_session *nsrp_test_create(struct nsrp_net *nn, u32 n, u32 ttl, bool *created)
{
	struct nsrp_session *s;
	struct nsrp_key key;

	nsrp_test_key(&key, n);
	rcu_read_lock();
	s = nsrp_session_create(nn, &key, true, NSRP_STATE_ACTIVE, ttl, false, created);
	rcu_read_unlock();
	return s;
}

static void table_full_refuses_and_counts(struct kunit *test)
{
	struct nsrp_net *nn = test->priv;
	struct nsrp_session *s;
	struct nsrp_key key;
	bool created;
	u32 i;

	for (i = 0; i < 4; i++) {
		s = nsrp_test_create(nn, i, 60 * HZ, &created);
		KUNIT_ASSERT_FALSE(test, IS_ERR(s));
		KUNIT_EXPECT_TRUE(test, created);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&nn->count), 4);

	s = nsrp_test_create(nn, 4, 60 * HZ, &created);
	KUNIT_EXPECT_EQ(test, PTR_ERR(s), -ENOSPC);
	KUNIT_EXPECT_FALSE(test, created);
	KUNIT_EXPECT_EQ(test, atomic_read(&nn->count), 4);
	KUNIT_EXPECT_EQ(test, nsrp_test_stat(nn, NSRP_STAT_TABLE_FULL), 1ULL);

	/* Room again once one leaves. */
	nsrp_test_key(&key, 0);
	rcu_read_lock();
	s = nsrp_session_lookup(nn, &key);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_TRUE(test, nsrp_session_remove(nn, s, NSRP_RM_DELETED));
	/* A second removal of the same session is a no-op. */
	KUNIT_EXPECT_FALSE(test, nsrp_session_remove(nn, s, NSRP_RM_DELETED));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, atomic_read(&nn->count), 3);
	KUNIT_EXPECT_EQ(test, nsrp_test_stat(nn, NSRP_STAT_DELETED), 1ULL);

	s = nsrp_test_create(nn, 4, 60 * HZ, &created);
	KUNIT_EXPECT_FALSE(test, IS_ERR(s));
	KUNIT_EXPECT_TRUE(test, created);
	KUNIT_EXPECT_EQ(test, nsrp_flush(nn, NSRP_RM_DELETED), 4U);
	KUNIT_EXPECT_EQ(test, atomic_read(&nn->count), 0);
}

static void table_duplicate_returns_existing(struct kunit *test)
{
	struct nsrp_net *nn = test->priv;
	struct nsrp_session *s1, *s2;
	bool created;

	s1 = nsrp_test_create(nn, 7, 60 * HZ, &created);
	KUNIT_ASSERT_FALSE(test, IS_ERR(s1));
	s2 = nsrp_test_create(nn, 7, 60 * HZ, &created);
	KUNIT_EXPECT_PTR_EQ(test, s1, s2);
	KUNIT_EXPECT_FALSE(test, created);
	KUNIT_EXPECT_EQ(test, atomic_read(&nn->count), 1);
	KUNIT_EXPECT_EQ(test, nsrp_test_stat(nn, NSRP_STAT_INSERT_RACE), 1ULL);
}

static void table_expired_is_gone_and_replaced(struct kunit *test)
{
	struct nsrp_net *nn = test->priv;
	struct nsrp_session *s1, *s2;
	struct nsrp_key key;
	bool created;

	s1 = nsrp_test_create(nn, 9, 60 * HZ, &created);
	KUNIT_ASSERT_FALSE(test, IS_ERR(s1));
	/* Age it by hand: expired but not reaped. */
	WRITE_ONCE(s1->expires, nsrp_now() - 1);

	nsrp_test_key(&key, 9);
	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, nsrp_session_lookup(nn, &key));
	rcu_read_unlock();

	s2 = nsrp_test_create(nn, 9, 60 * HZ, &created);
	KUNIT_ASSERT_FALSE(test, IS_ERR(s2));
	KUNIT_EXPECT_TRUE(test, created);
	KUNIT_EXPECT_PTR_NE(test, s1, s2);
	KUNIT_EXPECT_EQ(test, atomic_read(&nn->count), 1);
	KUNIT_EXPECT_EQ(test, nsrp_test_stat(nn, NSRP_STAT_EXPIRED), 1ULL);
}

static void table_peer_calls(struct kunit *test)
{
	struct nsrp_net *nn = test->priv;
	struct nsrp_session_info info;
	struct nsrp_key key;
	bool created;

	nsrp_test_key(&key, 20);
	KUNIT_EXPECT_EQ(test, nsrp_peer_install(nn, &key, true, NSRP_STATE_ACTIVE, 480 * HZ), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&nn->count_peer), 1);
	KUNIT_ASSERT_EQ(test, nsrp_peer_query(nn, &key, &info), 0);
	KUNIT_EXPECT_EQ(test, info.owner, NSRP_OWNER_PEER);
	KUNIT_EXPECT_EQ(test, info.ttl, 480U * HZ);
	KUNIT_EXPECT_GT(test, nsrp_time_left(info.expires, nsrp_now()), 479 * HZ);

	/* An update replaces the lifetime. */
	KUNIT_EXPECT_EQ(test, nsrp_peer_install(nn, &key, true, NSRP_STATE_ACTIVE, 5 * HZ), 0);
	KUNIT_ASSERT_EQ(test, nsrp_peer_query(nn, &key, &info), 0);
	KUNIT_EXPECT_LE(test, nsrp_time_left(info.expires, nsrp_now()), 5 * HZ);

	/* Taking it over keeps it and moves the count. */
	KUNIT_EXPECT_EQ(test, nsrp_peer_set_owner(nn, &key, NSRP_OWNER_LOCAL), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&nn->count_peer), 0);
	KUNIT_ASSERT_EQ(test, nsrp_peer_query(nn, &key, &info), 0);
	KUNIT_EXPECT_EQ(test, info.owner, NSRP_OWNER_LOCAL);

	/* The peer can neither overwrite nor close a session this node owns. */
	KUNIT_EXPECT_EQ(test, nsrp_peer_install(nn, &key, true, NSRP_STATE_ACTIVE, HZ), -EEXIST);
	KUNIT_EXPECT_EQ(test, nsrp_peer_remove(nn, &key), -EEXIST);
	KUNIT_EXPECT_EQ(test, nsrp_peer_set_owner(nn, &key, NSRP_OWNER_PEER), 0);

	KUNIT_EXPECT_EQ(test, nsrp_peer_remove(nn, &key), 0);
	KUNIT_EXPECT_EQ(test, nsrp_peer_remove(nn, &key), -ENOENT);
	KUNIT_EXPECT_EQ(test, nsrp_peer_query(nn, &key, &info), -ENOENT);
	KUNIT_EXPECT_EQ(test, nsrp_peer_set_owner(nn, &key, 7), -EINVAL);
	KUNIT_EXPECT_EQ(test, atomic_read(&nn->count), 0);

	/* Peer sessions count against the same limit. */
	nsrp_test_create(nn, 1, HZ, &created);
	nsrp_test_create(nn, 2, HZ, &created);
	nsrp_test_create(nn, 3, HZ, &created);
	nsrp_test_key(&key, 21);
	KUNIT_EXPECT_EQ(test, nsrp_peer_install(nn, &key, false, NSRP_STATE_ACTIVE, HZ), 1);
	nsrp_test_key(&key, 22);
	KUNIT_EXPECT_EQ(test, nsrp_peer_install(nn, &key, false, NSRP_STATE_ACTIVE, HZ), -ENOSPC);
}

/* The calls replication makes on local sessions and copies. */
static void table_sync_calls(struct kunit *test)
{
	struct nsrp_net *nn = test->priv;
	struct nsrp_session_info info;
	struct nsrp_session *s;
	struct nsrp_key key, key2;
	bool created;
	u32 left;

	/* A local session is queued once until taken. */
	s = nsrp_test_create(nn, 30, 10 * HZ, &created);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(s));
	KUNIT_EXPECT_TRUE(test, nsrp_sync_mark_queued(s));
	KUNIT_EXPECT_FALSE(test, nsrp_sync_mark_queued(s));
	KUNIT_EXPECT_EQ(test, nsrp_sync_take(nn, &s->key, &info), 0);
	KUNIT_EXPECT_EQ(test, info.owner, NSRP_OWNER_LOCAL);
	KUNIT_EXPECT_EQ(test, info.ttl, 10U * HZ);
	KUNIT_EXPECT_TRUE(test, nsrp_sync_mark_queued(s));

	/* A copy is neither queued nor taken: it is the peer's to send. */
	nsrp_test_key(&key, 31);
	KUNIT_ASSERT_EQ(test, nsrp_peer_install(nn, &key, true, NSRP_STATE_ACTIVE, 8 * HZ), 1);
	rcu_read_lock();
	s = nsrp_session_lookup(nn, &key);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_FALSE(test, nsrp_sync_mark_queued(s));
	KUNIT_EXPECT_EQ(test, nsrp_sync_take(nn, &key, &info), -ENOENT);

	/* Holding a copy for a query: never shortened, tries counted. */
	KUNIT_EXPECT_EQ(test, nsrp_peer_hold(nn, s, 60 * HZ), 0U);
	left = nsrp_time_left(READ_ONCE(s->expires), nsrp_now());
	KUNIT_EXPECT_GE(test, left, 60U * HZ);
	KUNIT_EXPECT_EQ(test, nsrp_peer_hold(nn, s, HZ), 1U);
	KUNIT_EXPECT_GE(test, nsrp_time_left(READ_ONCE(s->expires), nsrp_now()), (s32)left - HZ);
	rcu_read_unlock();
	/* An answer (an install) starts the tries again and sets the lifetime. */
	KUNIT_EXPECT_EQ(test, nsrp_peer_install(nn, &key, false, NSRP_STATE_ACTIVE, 2 * HZ), 0);
	KUNIT_ASSERT_EQ(test, nsrp_peer_query(nn, &key, &info), 0);
	KUNIT_EXPECT_LE(test, nsrp_time_left(info.expires, nsrp_now()), 2 * HZ);
	KUNIT_EXPECT_FALSE(test, info.orig_is_a);

	/* Bulk sync: marked stale, one confirmed, the other swept. */
	nsrp_test_key(&key2, 32);
	KUNIT_ASSERT_EQ(test, nsrp_peer_install(nn, &key2, true, NSRP_STATE_ACTIVE, 8 * HZ), 1);
	KUNIT_EXPECT_EQ(test, nsrp_peer_mark_stale(nn), 2U);
	KUNIT_EXPECT_EQ(test, nsrp_peer_install(nn, &key2, true, NSRP_STATE_ACTIVE, 8 * HZ), 0);
	KUNIT_EXPECT_EQ(test, nsrp_peer_sweep_stale(nn, false), 1U);
	KUNIT_EXPECT_EQ(test, nsrp_peer_query(nn, &key, &info), -ENOENT);
	KUNIT_EXPECT_EQ(test, nsrp_peer_query(nn, &key2, &info), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&nn->count_peer), 1);

	/* With ageout-ack the stale one is not dropped but due for a query. */
	KUNIT_EXPECT_EQ(test, nsrp_peer_mark_stale(nn), 1U);
	KUNIT_EXPECT_EQ(test, nsrp_peer_sweep_stale(nn, true), 1U);
	KUNIT_ASSERT_EQ(test, nsrp_peer_query(nn, &key2, &info), 0);
	KUNIT_EXPECT_LE(test, nsrp_time_left(info.expires, nsrp_now()),
			(s32)nsrp_age_lead(8 * HZ));

	/* Past its lifetime, a copy ageout-ack keeps is still found. */
	rcu_read_lock();
	s = nsrp_session_lookup(nn, &key2);
	KUNIT_ASSERT_NOT_NULL(test, s);
	WRITE_ONCE(s->expires, nsrp_now() - 1);
	nn->age_ack = true;
	KUNIT_EXPECT_PTR_EQ(test, nsrp_session_lookup(nn, &key2), s);
	nn->age_ack = false;
	KUNIT_EXPECT_NULL(test, nsrp_session_lookup(nn, &key2));
	rcu_read_unlock();
}

static void table_state_ttl(struct kunit *test)
{
	struct nsrp_net *nn = test->priv;

	KUNIT_EXPECT_EQ(test, nsrp_state_ttl(nn, IPPROTO_TCP, NSRP_STATE_SYN_SENT), 20U * HZ);
	KUNIT_EXPECT_EQ(test, nsrp_state_ttl(nn, IPPROTO_TCP, NSRP_STATE_ESTABLISHED), 1800U * HZ);
	KUNIT_EXPECT_EQ(test, nsrp_state_ttl(nn, IPPROTO_TCP, NSRP_STATE_FIN_WAIT), 1800U * HZ);
	KUNIT_EXPECT_EQ(test, nsrp_state_ttl(nn, IPPROTO_TCP, NSRP_STATE_CLOSING), 10U * HZ);
	KUNIT_EXPECT_EQ(test, nsrp_state_ttl(nn, IPPROTO_UDP, NSRP_STATE_ACTIVE), 60U * HZ);
	KUNIT_EXPECT_EQ(test, nsrp_state_ttl(nn, IPPROTO_ICMPV6, NSRP_STATE_ACTIVE), 60U * HZ);
	KUNIT_EXPECT_EQ(test, nsrp_state_ttl(nn, IPPROTO_GRE, NSRP_STATE_ACTIVE), 60U * HZ);
}

static struct kunit_case nsrp_table_test_cases[] = {
	KUNIT_CASE(table_full_refuses_and_counts),
	KUNIT_CASE(table_duplicate_returns_existing),
	KUNIT_CASE(table_expired_is_gone_and_replaced),
	KUNIT_CASE(table_peer_calls),
	KUNIT_CASE(table_sync_calls),
	KUNIT_CASE(table_state_ttl),
	{}
};

static struct kunit_suite nsrp_table_test_suite = {
	.name = "nsrp_table",
	.init = nsrp_table_test_init,
	.exit = nsrp_table_test_exit,
	.test_cases = nsrp_table_test_cases,
};

kunit_test_suite(nsrp_table_test_suite);
