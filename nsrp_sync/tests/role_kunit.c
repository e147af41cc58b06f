// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Suite nsrp_sync_role: who is primary. Every rule of role.h, from a
 * starting node alone to two primaries meeting after a split, in both
 * modes, with the sync-before-primary rule at each step where it applies.
 */

#include <kunit/test.h>
#include <linux/nsrp.h>

#include "nsrp_sync/role.h"

/* Node 1, priority 100, auto, synced and started; its peer node 2, alive, backup. */
static struct nsrp_role_view role_base(u8 role)
{
	return (struct nsrp_role_view){
		.mode = NSRP_MODE_AUTO, .role = role, .priority = 100, .node_id = 1,
		.synced = true, .started = true, .peer_alive = true,
		.peer_role = NSRP_ROLE_BACKUP, .peer_priority = 100, .peer_node = 2,
	};
}

static void role_expect(struct kunit *test, const struct nsrp_role_view *v, u8 role, u8 reason)
{
	u8 got_reason;

	KUNIT_EXPECT_EQ(test, nsrp_role_decide(v, &got_reason), role);
	KUNIT_EXPECT_EQ(test, got_reason, reason);
}

#define EXPECT_ROLE(test, v, role, reason) role_expect(test, &(v), role, reason)

static void role_preference(struct kunit *test)
{
	/* Lower priority wins; equal priorities: the lower node id. */
	KUNIT_EXPECT_TRUE(test, nsrp_role_preferred(50, 9, 100, 1));
	KUNIT_EXPECT_FALSE(test, nsrp_role_preferred(100, 1, 50, 9));
	KUNIT_EXPECT_TRUE(test, nsrp_role_preferred(100, 1, 100, 2));
	KUNIT_EXPECT_FALSE(test, nsrp_role_preferred(100, 2, 100, 1));
	KUNIT_EXPECT_TRUE(test, nsrp_role_preferred(1, 65535, 254, 1));
}

static void role_start_alone(struct kunit *test)
{
	struct nsrp_role_view v = role_base(NSRP_ROLE_INIT);

	v.peer_alive = false;
	v.peer_role = 0;
	v.synced = false;
	v.started = false;
	/* Still listening. */
	EXPECT_ROLE(test, v, NSRP_ROLE_INIT, NSRP_REASON_NONE);
	/* Nobody heard within the dead interval: primary, alone. */
	v.started = true;
	EXPECT_ROLE(test, v, NSRP_ROLE_PRIMARY, NSRP_REASON_ALONE);
}

static void role_start_with_peer(struct kunit *test)
{
	struct nsrp_role_view v = role_base(NSRP_ROLE_INIT);

	/* A primary peer: backup at once, synced or not. */
	v.peer_role = NSRP_ROLE_PRIMARY;
	v.synced = false;
	EXPECT_ROLE(test, v, NSRP_ROLE_BACKUP, NSRP_REASON_ELECTION);
	v.peer_priority = 200;	/* even a less preferred one: no preempt at start */
	EXPECT_ROLE(test, v, NSRP_ROLE_BACKUP, NSRP_REASON_ELECTION);

	/* Both starting: the preferred waits for its sync, the other backs up. */
	v = role_base(NSRP_ROLE_INIT);
	v.peer_role = NSRP_ROLE_INIT;
	v.synced = false;
	EXPECT_ROLE(test, v, NSRP_ROLE_INIT, NSRP_REASON_NONE);
	v.synced = true;
	EXPECT_ROLE(test, v, NSRP_ROLE_PRIMARY, NSRP_REASON_ELECTION);
	v.node_id = 3;
	EXPECT_ROLE(test, v, NSRP_ROLE_BACKUP, NSRP_REASON_ELECTION);

	/* Alive, but no hello yet (a DATA frame came first): wait. */
	v = role_base(NSRP_ROLE_INIT);
	v.peer_role = 0;
	v.peer_priority = 0;
	EXPECT_ROLE(test, v, NSRP_ROLE_INIT, NSRP_REASON_NONE);
}

static void role_backup(struct kunit *test)
{
	struct nsrp_role_view v = role_base(NSRP_ROLE_BACKUP);

	/* The primary lives: stay, however preferred we are, without preempt. */
	v.peer_role = NSRP_ROLE_PRIMARY;
	v.peer_priority = 200;
	v.hold_done = true;
	EXPECT_ROLE(test, v, NSRP_ROLE_BACKUP, NSRP_REASON_NONE);
	/* The primary dies: take over, synced or not. */
	v.peer_alive = false;
	v.synced = false;
	EXPECT_ROLE(test, v, NSRP_ROLE_PRIMARY, NSRP_REASON_PEER_DEAD);
	/* Nobody primary: the preferred becomes it, once synced. */
	v = role_base(NSRP_ROLE_BACKUP);
	EXPECT_ROLE(test, v, NSRP_ROLE_PRIMARY, NSRP_REASON_ELECTION);
	v.synced = false;
	EXPECT_ROLE(test, v, NSRP_ROLE_BACKUP, NSRP_REASON_NONE);
	v.synced = true;
	v.node_id = 3;
	EXPECT_ROLE(test, v, NSRP_ROLE_BACKUP, NSRP_REASON_NONE);
	/* A preferred peer still starting: it takes the role once synced. */
	v.peer_role = NSRP_ROLE_INIT;
	EXPECT_ROLE(test, v, NSRP_ROLE_BACKUP, NSRP_REASON_NONE);
	/* A less preferred one: we take it, and it will back up. */
	v.node_id = 1;
	EXPECT_ROLE(test, v, NSRP_ROLE_PRIMARY, NSRP_REASON_ELECTION);
}

static void role_preempt(struct kunit *test)
{
	struct nsrp_role_view v = role_base(NSRP_ROLE_BACKUP);

	v.peer_role = NSRP_ROLE_PRIMARY;
	v.peer_priority = 200;
	v.preempt = true;
	/* Hold-down running. */
	EXPECT_ROLE(test, v, NSRP_ROLE_BACKUP, NSRP_REASON_NONE);
	v.hold_done = true;
	EXPECT_ROLE(test, v, NSRP_ROLE_PRIMARY, NSRP_REASON_PREEMPT);
	/* Never without our copy of the peer's table. */
	v.synced = false;
	EXPECT_ROLE(test, v, NSRP_ROLE_BACKUP, NSRP_REASON_NONE);
	/* Never against a preferred primary. */
	v.synced = true;
	v.peer_priority = 50;
	EXPECT_ROLE(test, v, NSRP_ROLE_BACKUP, NSRP_REASON_NONE);
	v.peer_priority = 100;
	v.node_id = 3;
	EXPECT_ROLE(test, v, NSRP_ROLE_BACKUP, NSRP_REASON_NONE);
}

static void role_failover(struct kunit *test)
{
	struct nsrp_role_view v = role_base(NSRP_ROLE_BACKUP);

	/* The primary yields: take it, whatever the preference, once synced. */
	v.peer_role = NSRP_ROLE_PRIMARY;
	v.peer_yields = true;
	v.node_id = 3;
	EXPECT_ROLE(test, v, NSRP_ROLE_PRIMARY, NSRP_REASON_FAILOVER);
	v.synced = false;
	EXPECT_ROLE(test, v, NSRP_ROLE_BACKUP, NSRP_REASON_NONE);
	/* Manual mode too. */
	v.synced = true;
	v.mode = NSRP_MODE_MANUAL;
	EXPECT_ROLE(test, v, NSRP_ROLE_PRIMARY, NSRP_REASON_FAILOVER);
}

static void role_two_primaries(struct kunit *test)
{
	struct nsrp_role_view v = role_base(NSRP_ROLE_PRIMARY);

	v.peer_role = NSRP_ROLE_PRIMARY;
	/* After a split, neither claiming: the preferred stays. */
	EXPECT_ROLE(test, v, NSRP_ROLE_PRIMARY, NSRP_REASON_NONE);
	v.node_id = 3;
	EXPECT_ROLE(test, v, NSRP_ROLE_BACKUP, NSRP_REASON_SPLIT_BRAIN);
	v.node_id = 1;
	v.priority = 150;
	EXPECT_ROLE(test, v, NSRP_ROLE_BACKUP, NSRP_REASON_SPLIT_BRAIN);
	/* The peer claims the role: step down, however preferred. */
	v.priority = 1;
	v.peer_claims = true;
	EXPECT_ROLE(test, v, NSRP_ROLE_BACKUP, NSRP_REASON_PEER_CLAIM);
	/* We claim it and the peer does not: stay. */
	v.peer_claims = false;
	v.claiming = true;
	v.priority = 200;
	EXPECT_ROLE(test, v, NSRP_ROLE_PRIMARY, NSRP_REASON_NONE);
	/* Both claim: the preferred. */
	v.peer_claims = true;
	EXPECT_ROLE(test, v, NSRP_ROLE_BACKUP, NSRP_REASON_PEER_CLAIM);
	v.priority = 1;
	EXPECT_ROLE(test, v, NSRP_ROLE_PRIMARY, NSRP_REASON_NONE);
	/* A backup or starting peer is no contest; nor a dead one. */
	v = role_base(NSRP_ROLE_PRIMARY);
	v.node_id = 3;
	EXPECT_ROLE(test, v, NSRP_ROLE_PRIMARY, NSRP_REASON_NONE);
	v.peer_role = NSRP_ROLE_INIT;
	EXPECT_ROLE(test, v, NSRP_ROLE_PRIMARY, NSRP_REASON_NONE);
	v.peer_alive = false;
	EXPECT_ROLE(test, v, NSRP_ROLE_PRIMARY, NSRP_REASON_NONE);
}

static void role_manual(struct kunit *test)
{
	struct nsrp_role_view v = role_base(NSRP_ROLE_BACKUP);

	v.mode = NSRP_MODE_MANUAL;
	/* The operator decides: no election, no takeover on the peer's death. */
	EXPECT_ROLE(test, v, NSRP_ROLE_BACKUP, NSRP_REASON_NONE);
	v.peer_alive = false;
	EXPECT_ROLE(test, v, NSRP_ROLE_BACKUP, NSRP_REASON_NONE);
	v.peer_alive = true;
	v.peer_role = NSRP_ROLE_PRIMARY;
	v.peer_priority = 250;
	v.preempt = true;
	v.hold_done = true;
	EXPECT_ROLE(test, v, NSRP_ROLE_BACKUP, NSRP_REASON_NONE);
	/* Set primary while the peer is: the peer's claim decides it. */
	v = role_base(NSRP_ROLE_PRIMARY);
	v.mode = NSRP_MODE_MANUAL;
	v.peer_role = NSRP_ROLE_PRIMARY;
	v.peer_claims = true;
	EXPECT_ROLE(test, v, NSRP_ROLE_BACKUP, NSRP_REASON_PEER_CLAIM);
	/* Two primaries after a split: the same rule as auto. */
	v.peer_claims = false;
	v.node_id = 3;
	EXPECT_ROLE(test, v, NSRP_ROLE_BACKUP, NSRP_REASON_SPLIT_BRAIN);
	v.node_id = 1;
	EXPECT_ROLE(test, v, NSRP_ROLE_PRIMARY, NSRP_REASON_NONE);
	/* A starting node in manual mode stays as set. */
	v = role_base(NSRP_ROLE_INIT);
	v.mode = NSRP_MODE_MANUAL;
	v.peer_alive = false;
	EXPECT_ROLE(test, v, NSRP_ROLE_INIT, NSRP_REASON_NONE);
}

static struct kunit_case nsrp_sync_role_test_cases[] = {
	KUNIT_CASE(role_preference),
	KUNIT_CASE(role_start_alone),
	KUNIT_CASE(role_start_with_peer),
	KUNIT_CASE(role_backup),
	KUNIT_CASE(role_preempt),
	KUNIT_CASE(role_failover),
	KUNIT_CASE(role_two_primaries),
	KUNIT_CASE(role_manual),
	{}
};

static struct kunit_suite nsrp_sync_role_test_suite = {
	.name = "nsrp_sync_role",
	.test_cases = nsrp_sync_role_test_cases,
};

kunit_test_suite(nsrp_sync_role_test_suite);
