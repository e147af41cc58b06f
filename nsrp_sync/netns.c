// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Replication per network namespace: its state, binding to the HA link,
 * configuration from netlink, the tick, and following the link through a
 * netdevice notifier.
 *
 * Binding is all or nothing, under conf_mutex: the device is held, the
 * packet handler added for the EtherType on that device only, the sender
 * started with a new epoch, and the table's events attached. Unbinding
 * undoes it in reverse and returns with nothing left running, so that the
 * device reference can go (NETDEV_UNREGISTER) or the namespace be freed.
 * Lock order: RTNL (notifier) before conf_mutex; nothing here takes RTNL.
 */

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/netns/generic.h>
#include <linux/nsrp.h>

#include "nsrp_core/netns.h"
#include "nsrp_core/sync_api.h"
#include "nsrp_sync/config.h"
#include "nsrp_sync/sync.h"

#define NSRP_TICK (HZ / 10)

static unsigned int nsrp_sync_net_id __read_mostly;
struct workqueue_struct *nsrp_sync_wq;

struct nsrp_sync *nsrp_sync_of(struct nsrp_net *nn)
{
	return net_generic(nn->net, nsrp_sync_net_id);
}

static const struct nsrp_sync_ops nsrp_sync_ops = {
	.event = nsrp_sync_event,
	.age_due = nsrp_sync_age_due,
};

/*
 * Every NSRP_TICK: ACKs with NACKs again while gaps remain, a bulk request
 * retried, the ageout-ack event. Hellos (ha.c) have their own schedule; one
 * also shows the peer a lost last frame: its sequence number leaves a gap.
 */
static void nsrp_sync_tick(struct work_struct *work)
{
	struct nsrp_sync *sync = container_of(to_delayed_work(work), struct nsrp_sync, tick);
	bool gaps;

	if (!READ_ONCE(sync->active))
		return;
	spin_lock_bh(&sync->rx_lock);
	gaps = sync->peer_known && nsrp_seqwin_has_gaps(&sync->win);
	if (gaps)
		sync->ack_due = true;
	spin_unlock_bh(&sync->rx_lock);
	if (gaps)
		nsrp_sync_kick(sync, true);
	nsrp_sync_bulk_tick(sync);
	nsrp_ha_tick(sync);
	queue_delayed_work(nsrp_sync_wq, &sync->tick, NSRP_TICK);
}

static bool nsrp_sync_link_ok(const struct net_device *dev)
{
	return netif_running(dev) && netif_carrier_ok(dev);
}

static u16 nsrp_sync_derive_node(const struct net_device *dev)
{
	u16 id = (dev->dev_addr[4] << 8) | dev->dev_addr[5];

	return id ?: 1;
}

/* Caller holds conf_mutex and gives its reference on @dev. */
static void nsrp_sync_bind(struct nsrp_sync *sync, struct net_device *dev,
			   netdevice_tracker *tracker)
{
	struct nsrp_net *nn = sync->nn;

	lockdep_assert_held(&nn->conf_mutex);
	sync->dev = dev;
	sync->dev_tracker = *tracker;
	sync->node_id = sync->node_id_cfg ?: nsrp_sync_derive_node(dev);
	nsrp_sync_peer_reset(sync);
	sync->link_up = nsrp_sync_link_ok(dev);
	nsrp_sync_tx_start(sync);

	sync->ptype.type = htons(sync->ethertype);
	sync->ptype.dev = dev;
	sync->ptype.func = nsrp_sync_rcv;
	dev_add_pack(&sync->ptype);

	WRITE_ONCE(nn->age_ack, sync->age_ack_cfg);
	nsrp_sync_attach(nn, &nsrp_sync_ops);
	queue_delayed_work(nsrp_sync_wq, &sync->tick, 0);
	nsrp_ha_start(sync);
}

/* Caller holds conf_mutex. Returns with nothing of replication running. */
static void nsrp_sync_unbind(struct nsrp_sync *sync)
{
	struct nsrp_net *nn = sync->nn;

	lockdep_assert_held(&nn->conf_mutex);
	if (!sync->dev)
		return;
	/* The copies have nobody to ask any more: they age out on their own. */
	WRITE_ONCE(nn->age_ack, false);
	nsrp_sync_attach(nn, NULL);
	nsrp_sync_tx_stop(sync);
	dev_remove_pack(&sync->ptype);	/* waits for the handler to finish */
	cancel_delayed_work_sync(&sync->tick);
	nsrp_sync_bulk_stop(sync);
	/* The handler may have queued work again before it was removed. */
	cancel_work_sync(&sync->tx_work);
	nsrp_ha_stop(sync);
	nsrp_sync_peer_reset(sync);
	netdev_put(sync->dev, &sync->dev_tracker);
	sync->dev = NULL;
	sync->node_id = 0;
}

static int nsrp_sync_get_link(struct nsrp_net *nn, const struct nsrp_sync_cfg *cfg,
			      struct net_device **devp, netdevice_tracker *tracker,
			      struct netlink_ext_ack *extack)
{
	struct net_device *dev;

	/* dev_get_by_index() and a tracker: netdev_get_by_index() is 6.5+. */
	dev = dev_get_by_index(nn->net, cfg->ifindex);
	if (dev)
		netdev_tracker_alloc(dev, tracker, GFP_KERNEL);
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, cfg->ifindex_attr, "no such device in this namespace");
		return -ENODEV;
	}
	if (dev->type != ARPHRD_ETHER || (dev->flags & IFF_LOOPBACK) ||
	    dev->addr_len != ETH_ALEN) {
		netdev_put(dev, tracker);
		NL_SET_ERR_MSG_ATTR(extack, cfg->ifindex_attr, "the HA link is not Ethernet");
		return -EINVAL;
	}
	*devp = dev;
	return 0;
}

int nsrp_sync_configure(struct nsrp_net *nn, const struct nsrp_sync_cfg *cfg,
			struct netlink_ext_ack *extack)
{
	struct nsrp_sync *sync = nsrp_sync_of(nn);
	struct nsrp_sync_key *key = NULL, *old_key;
	struct net_device *dev = NULL;
	netdevice_tracker tracker;
	bool rebind, has_key = false;
	int ret;

	lockdep_assert_held(&nn->conf_mutex);

	/* Everything that can fail first, so that a failure changes nothing. */
	if (cfg->role >= 0 &&
	    (cfg->mode >= 0 ? cfg->mode : sync->mode) != NSRP_MODE_MANUAL) {
		NL_SET_ERR_MSG_ATTR(extack, cfg->role_attr,
				    "the role is elected in auto mode: set mode manual");
		return -EINVAL;
	}
	if (cfg->key && nla_len(cfg->key)) {
		ret = nsrp_sync_key_new(nla_data(cfg->key), nla_len(cfg->key), &key);
		if (ret) {
			NL_SET_ERR_MSG_ATTR(extack, cfg->key, "cannot set up hmac(sha256)");
			return ret;
		}
	}
	has_key = cfg->key;
	if (cfg->ifindex > 0) {
		ret = nsrp_sync_get_link(nn, cfg, &dev, &tracker, extack);
		if (ret)
			goto err_key;
		ret = nsrp_sync_tx_alloc(sync);
		if (ret) {
			NL_SET_ERR_MSG(extack, "no memory for the replication queues");
			goto err_dev;
		}
	}

	/* Identity changes restart replication: a new epoch, a new bulk sync. */
	rebind = sync->dev && !dev && cfg->ifindex < 0 &&
		 ((cfg->ethertype >= 0 && cfg->ethertype != sync->ethertype) ||
		  (cfg->cluster_id >= 0 && cfg->cluster_id != sync->cluster_id) ||
		  (cfg->node_id >= 0 && cfg->node_id != sync->node_id_cfg));
	if (rebind) {
		dev = sync->dev;
		tracker = sync->dev_tracker;
		netdev_hold(dev, &tracker, GFP_KERNEL);
	}
	if (cfg->ifindex >= 0 || rebind)
		nsrp_sync_unbind(sync);

	if (cfg->ethertype >= 0)
		sync->ethertype = cfg->ethertype;
	if (cfg->cluster_id >= 0)
		WRITE_ONCE(sync->cluster_id, cfg->cluster_id);
	if (cfg->node_id >= 0)
		sync->node_id_cfg = cfg->node_id;
	if (cfg->multiplier >= 0)
		WRITE_ONCE(sync->multiplier, cfg->multiplier);
	if (cfg->flush_ms >= 0)
		WRITE_ONCE(sync->flush_ms, cfg->flush_ms);
	if (cfg->age_ack >= 0) {
		sync->age_ack_cfg = cfg->age_ack;
		if (sync->dev)
			WRITE_ONCE(nn->age_ack, sync->age_ack_cfg);
	}
	if (has_key) {
		old_key = rcu_replace_pointer(sync->key, key, lockdep_is_held(&nn->conf_mutex));
		if (old_key) {
			synchronize_rcu();
			nsrp_sync_key_free(old_key);
		}
	}
	nsrp_ha_configure(sync, cfg);
	if (dev)
		nsrp_sync_bind(sync, dev, &tracker);
	return 0;

err_dev:
	netdev_put(dev, &tracker);
err_key:
	nsrp_sync_key_free(key);
	return ret;
}

static int nsrp_sync_fill_state(struct sk_buff *skb, struct nsrp_sync *sync)
{
	u8 peer = NSRP_PEER_NONE, state, safe, peer_role = 0, peer_prio = 0;
	bool peer_synced = false;
	u32 peer_epoch = 0, seen_ms = 0, queued;
	struct nlattr *nest;
	u16 peer_node = 0;

	spin_lock_bh(&sync->rx_lock);
	if (sync->peer_known) {
		peer = nsrp_ha_peer_alive(sync) ? NSRP_PEER_UP : NSRP_PEER_DOWN;
		peer_node = sync->peer_node;
		peer_epoch = sync->peer_epoch;
		seen_ms = jiffies_to_msecs(jiffies - sync->peer_seen);
		peer_role = sync->peer_role;
		peer_prio = sync->peer_priority;
		peer_synced = sync->peer_flags & NSRP_HELLO_F_SYNCED;
	}
	state = sync->bulk_state;
	/* Complete, and kept so: bulk done, no frame of the peer missing. */
	safe = state == NSRP_SYNC_DONE && !nsrp_seqwin_has_gaps(&sync->win);
	spin_unlock_bh(&sync->rx_lock);
	spin_lock_bh(&sync->tx_lock);
	queued = sync->head - sync->sent;
	spin_unlock_bh(&sync->tx_lock);

	nest = nla_nest_start(skb, NSRP_A_SYNC);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u8(skb, NSRP_SYNC_A_STATE, state) ||
	    nla_put_u8(skb, NSRP_SYNC_A_SAFE, safe) ||
	    nla_put_u16(skb, NSRP_SYNC_A_NODE_ID, sync->node_id) ||
	    nla_put_u32(skb, NSRP_SYNC_A_EPOCH, sync->dev ? sync->epoch : 0) ||
	    nla_put_u8(skb, NSRP_SYNC_A_LINK_UP, sync->dev && READ_ONCE(sync->link_up)) ||
	    nla_put_u8(skb, NSRP_SYNC_A_PEER, peer) ||
	    nla_put_u32(skb, NSRP_SYNC_A_QUEUED, queued))
		return -EMSGSIZE;
	if (peer != NSRP_PEER_NONE &&
	    (nla_put_u16(skb, NSRP_SYNC_A_PEER_NODE_ID, peer_node) ||
	     nla_put_u32(skb, NSRP_SYNC_A_PEER_EPOCH, peer_epoch) ||
	     nla_put_u32(skb, NSRP_SYNC_A_PEER_SEEN_MS, seen_ms) ||
	     nla_put_u8(skb, NSRP_SYNC_A_PEER_SYNCED, peer_synced)))
		return -EMSGSIZE;
	if (peer_role && (nla_put_u8(skb, NSRP_SYNC_A_PEER_ROLE, peer_role) ||
			  nla_put_u8(skb, NSRP_SYNC_A_PEER_PRIORITY, peer_prio)))
		return -EMSGSIZE;
	if (nla_put_u32(skb, NSRP_SYNC_A_ROLE_SINCE_MS,
			jiffies_to_msecs(jiffies - READ_ONCE(sync->role_since))) ||
	    nla_put_u8(skb, NSRP_SYNC_A_ROLE_REASON, READ_ONCE(sync->role_reason)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

int nsrp_sync_fill(struct sk_buff *skb, struct nsrp_net *nn)
{
	struct nsrp_sync *sync = nsrp_sync_of(nn);

	if (nla_put_u32(skb, NSRP_A_HA_LINK, sync->dev ? sync->dev->ifindex : 0) ||
	    (sync->dev && nla_put_string(skb, NSRP_A_HA_LINK_NAME, sync->dev->name)) ||
	    nla_put_u16(skb, NSRP_A_ETHERTYPE, sync->ethertype) ||
	    nla_put_u16(skb, NSRP_A_CLUSTER_ID, sync->cluster_id) ||
	    nla_put_u16(skb, NSRP_A_NODE_ID, sync->node_id_cfg) ||
	    nla_put_u8(skb, NSRP_A_MULTIPLIER, sync->multiplier) ||
	    nla_put_u8(skb, NSRP_A_AGEOUT_ACK, sync->age_ack_cfg) ||
	    nla_put_u32(skb, NSRP_A_FLUSH_MS, sync->flush_ms) ||
	    nla_put_u8(skb, NSRP_A_KEY_SET, !!rcu_access_pointer(sync->key)) ||
	    nla_put_u8(skb, NSRP_A_MODE, READ_ONCE(sync->mode)) ||
	    nla_put_u8(skb, NSRP_A_ROLE, READ_ONCE(sync->role)) ||
	    nla_put_u8(skb, NSRP_A_PRIORITY, READ_ONCE(sync->priority)) ||
	    nla_put_u8(skb, NSRP_A_PREEMPT, READ_ONCE(sync->preempt)) ||
	    nla_put_u32(skb, NSRP_A_HELLO_MS, READ_ONCE(sync->hello_ms)) ||
	    nla_put_u8(skb, NSRP_A_DEAD_COUNT, READ_ONCE(sync->dead_count)) ||
	    nla_put_u32(skb, NSRP_A_HOLD_DOWN_MS, READ_ONCE(sync->hold_down_ms)))
		return -EMSGSIZE;
	return nsrp_sync_fill_state(skb, sync);
}

static int nsrp_sync_netdev_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct nsrp_net *nn = nsrp_pernet(dev_net(dev));
	struct nsrp_sync *sync = nsrp_sync_of(nn);
	bool up;

	if (READ_ONCE(sync->dev) != dev)
		return NOTIFY_DONE;
	switch (event) {
	case NETDEV_UNREGISTER:
		/* Also when it moves to another namespace. */
		mutex_lock(&nn->conf_mutex);
		if (sync->dev == dev)
			nsrp_sync_unbind(sync);
		mutex_unlock(&nn->conf_mutex);
		break;
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
		/* Under conf_mutex: an unbind must not race the tick's requeue. */
		mutex_lock(&nn->conf_mutex);
		up = nsrp_sync_link_ok(dev);
		if (sync->dev == dev && up != sync->link_up) {
			WRITE_ONCE(sync->link_up, up);
			if (up) {
				/*
				 * Back: whatever the peer did meanwhile comes
				 * in bulk. Whether it is alive is still its
				 * frames' word: a short bounce is no failover.
				 */
				spin_lock_bh(&sync->rx_lock);
				sync->peer_lost = true;
				spin_unlock_bh(&sync->rx_lock);
				nsrp_ha_kick(sync);
			}
		}
		mutex_unlock(&nn->conf_mutex);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block nsrp_sync_notifier = {
	.notifier_call = nsrp_sync_netdev_event,
};

static int __net_init nsrp_sync_net_init(struct net *net)
{
	struct nsrp_sync *sync = net_generic(net, nsrp_sync_net_id);

	sync->nn = nsrp_pernet(net);
	sync->ethertype = NSRP_ETH_P_DEFAULT;
	sync->cluster_id = NSRP_SYNC_DEFAULT_CLUSTER;
	sync->multiplier = NSRP_SYNC_DEFAULT_MULTIPLIER;
	sync->age_ack_cfg = true;
	sync->flush_ms = NSRP_SYNC_DEFAULT_FLUSH_MS;
	RCU_INIT_POINTER(sync->key, NULL);
	spin_lock_init(&sync->rx_lock);
	nsrp_sync_tx_setup(sync);
	nsrp_sync_bulk_setup(sync);
	nsrp_ha_setup(sync);
	INIT_DELAYED_WORK(&sync->tick, nsrp_sync_tick);
	return 0;
}

static void __net_exit nsrp_sync_net_exit(struct net *net)
{
	struct nsrp_sync *sync = net_generic(net, nsrp_sync_net_id);
	struct nsrp_net *nn = sync->nn;

	mutex_lock(&nn->conf_mutex);
	nsrp_sync_unbind(sync);
	mutex_unlock(&nn->conf_mutex);
	/* Nothing reads the key or the queues any more. */
	nsrp_sync_key_free(rcu_dereference_protected(sync->key, true));
	RCU_INIT_POINTER(sync->key, NULL);
	nsrp_sync_tx_free(sync);
}

static struct pernet_operations nsrp_sync_net_ops = {
	.init = nsrp_sync_net_init,
	.exit = nsrp_sync_net_exit,
	.id = &nsrp_sync_net_id,
	.size = sizeof(struct nsrp_sync),
};

int __init nsrp_sync_init(void)
{
	int ret;

	nsrp_sync_wq = alloc_workqueue("nsrp_sync", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	if (!nsrp_sync_wq)
		return -ENOMEM;
	ret = register_pernet_subsys(&nsrp_sync_net_ops);
	if (ret)
		goto err_pernet;
	ret = register_netdevice_notifier(&nsrp_sync_notifier);
	if (ret)
		goto err_notifier;
	return 0;

err_notifier:
	unregister_pernet_subsys(&nsrp_sync_net_ops);
err_pernet:
	destroy_workqueue(nsrp_sync_wq);
	return ret;
}

void nsrp_sync_uninit(void)
{
	unregister_netdevice_notifier(&nsrp_sync_notifier);
	unregister_pernet_subsys(&nsrp_sync_net_ops);
	destroy_workqueue(nsrp_sync_wq);
}
