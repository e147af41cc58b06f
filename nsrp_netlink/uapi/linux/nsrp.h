/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * Copyright (C) 2026 The nsrp developers.
 *
 * Documentation
 * =============
 *
 * The nsrp generic netlink family ("nsrp", version 1) configures and inspects
 * the nsrp session table of the network namespace the request is sent in.
 * Every command needs CAP_NET_ADMIN in that namespace's user namespace.
 * Every command replies with an extack message on error naming the offending
 * attribute. Nested attributes below are shown indented under their parent.
 *
 * NSRP_CMD_GET
 * ------------
 *
 * Request: no attributes. Reply (one message):
 *
 *    NSRP_A_ENABLED: NLA_U8, 0 or 1
 *    NSRP_A_ENFORCE: NLA_U8, 0 or 1
 *    NSRP_A_MAX_SESSIONS: NLA_U32
 *    NSRP_A_TIMEOUTS: NLA_NESTED
 *        NSRP_A_TIMEOUT_TCP: NLA_U32, seconds
 *        NSRP_A_TIMEOUT_UDP: NLA_U32, seconds
 *        NSRP_A_TIMEOUT_ICMP: NLA_U32, seconds
 *        NSRP_A_TIMEOUT_OTHER: NLA_U32, seconds
 *        NSRP_A_TIMEOUT_TCP_SYN: NLA_U32, seconds
 *        NSRP_A_TIMEOUT_TCP_CLOSING: NLA_U32, seconds
 *    NSRP_A_SESSIONS: NLA_U32, sessions in the table now
 *    NSRP_A_SESSIONS_LOCAL: NLA_U32, of which owned by this node
 *    NSRP_A_SESSIONS_PEER: NLA_U32, of which installed by the peer
 *    NSRP_A_SESSION_SIZE: NLA_U32, bytes one session takes in its kmem_cache
 *    NSRP_A_TABLE_BUCKETS: NLA_U32, buckets of the session hash table now;
 *                          8 bytes each
 *    NSRP_A_HA_LINK: NLA_U32, ifindex of the HA link, 0 for none
 *    NSRP_A_HA_LINK_NAME: NLA_NUL_STRING, its name (absent without one)
 *    NSRP_A_ETHERTYPE: NLA_U16, of replication frames (default 0x88B5)
 *    NSRP_A_CLUSTER_ID: NLA_U16 (default 1)
 *    NSRP_A_NODE_ID: NLA_U16, as configured; 0 means "derived from the HA
 *                    link's MAC address" (NSRP_SYNC_A_NODE_ID has the result)
 *    NSRP_A_MULTIPLIER: NLA_U8, a copy lives this many times the owner's
 *                       timeout (default 8)
 *    NSRP_A_AGEOUT_ACK: NLA_U8, 0 or 1 (default 1)
 *    NSRP_A_FLUSH_MS: NLA_U32, the longest a record waits to be sent
 *    NSRP_A_KEY_SET: NLA_U8, 1 if frames are authenticated (the key itself
 *                    is never sent back)
 *    NSRP_A_SYNC: NLA_NESTED, the replication state
 *        NSRP_SYNC_A_STATE: NLA_U8, enum nsrp_sync_state: the bulk sync of
 *                           the peer's table into this node
 *        NSRP_SYNC_A_SAFE: NLA_U8, 1 if this node holds a complete copy of
 *                          the peer's sessions: safe to fail over to
 *        NSRP_SYNC_A_NODE_ID: NLA_U16, this node's id in use (0: no HA link)
 *        NSRP_SYNC_A_EPOCH: NLA_U32, this node's epoch
 *        NSRP_SYNC_A_LINK_UP: NLA_U8, the HA link is up and running
 *        NSRP_SYNC_A_PEER: NLA_U8, enum nsrp_peer_state
 *        NSRP_SYNC_A_PEER_NODE_ID: NLA_U16, when a peer was heard
 *        NSRP_SYNC_A_PEER_EPOCH: NLA_U32, when a peer was heard
 *        NSRP_SYNC_A_PEER_SEEN_MS: NLA_U32, since the peer's last frame
 *        NSRP_SYNC_A_QUEUED: NLA_U32, records waiting to be sent
 *        NSRP_SYNC_A_PEER_ROLE: NLA_U8, enum nsrp_role, as the peer's last
 *                               hello said (when a peer was heard)
 *        NSRP_SYNC_A_PEER_PRIORITY: NLA_U8, likewise
 *        NSRP_SYNC_A_PEER_SYNCED: NLA_U8, 1 if the peer holds a complete
 *                                 copy of this node's sessions
 *        NSRP_SYNC_A_ROLE_SINCE_MS: NLA_U32, since the last change of role
 *        NSRP_SYNC_A_ROLE_REASON: NLA_U8, enum nsrp_role_reason of that
 *                                 change
 *    NSRP_A_MODE: NLA_U8, enum nsrp_mode (default NSRP_MODE_AUTO)
 *    NSRP_A_ROLE: NLA_U8, enum nsrp_role, the role now
 *    NSRP_A_PRIORITY: NLA_U8, 1 to 254, lower is preferred (default 100)
 *    NSRP_A_PREEMPT: NLA_U8, 0 or 1 (default 0)
 *    NSRP_A_HELLO_MS: NLA_U32, interval between hellos (default 1000)
 *    NSRP_A_DEAD_COUNT: NLA_U8, hellos missed before the peer is dead
 *                       (default 3)
 *    NSRP_A_HOLD_DOWN_MS: NLA_U32, how long a preempting node waits after
 *                         its bulk sync is done (default 3000)
 *
 * NSRP_CMD_SET
 * ------------
 *
 * Request: any subset of the writable attributes of NSRP_CMD_GET
 * (NSRP_A_ENABLED, NSRP_A_ENFORCE, NSRP_A_MAX_SESSIONS, NSRP_A_TIMEOUTS and
 * any subset of its members). Attributes that are absent keep their value.
 * The whole request is validated before anything changes: a request with one
 * bad value changes nothing. Ranges:
 *
 *    timeouts: 1 to NSRP_TIMEOUT_MAX seconds
 *    max sessions: 1 to NSRP_MAX_SESSIONS_LIMIT
 *    HA link: the ifindex of an existing Ethernet device of this
 *             namespace, or 0 to stop replicating
 *    EtherType: NSRP_ETHERTYPE_MIN to 0xFFFF
 *    cluster id: any; node id: 0 (derive) or any other value
 *    multiplier: 1 to 255
 *    flush: 1 to NSRP_FLUSH_MS_MAX milliseconds
 *    NSRP_A_KEY (SET only): NLA_BINARY, NSRP_KEY_MIN_LEN to
 *             NSRP_KEY_MAX_LEN octets of shared secret, or empty for none
 *    mode: NSRP_MODE_AUTO or NSRP_MODE_MANUAL
 *    role: NSRP_ROLE_PRIMARY or NSRP_ROLE_BACKUP, manual mode only (in
 *          the same request or already)
 *    priority: 1 to 254
 *    hello interval: NSRP_HELLO_MS_MIN to NSRP_HELLO_MS_MAX milliseconds
 *    dead count: 2 to 255
 *    hold-down: 0 to NSRP_HOLD_DOWN_MS_MAX milliseconds
 *
 * Setting a node primary in manual mode while its live peer is primary
 * makes the peer step down to backup: the manager (keepalived, ...) is
 * authoritative, and while the HA link is up there is one primary.
 *
 * Changed timeouts apply to sessions from their next refresh on.
 * Disabling unregisters the hooks and empties the table without telling
 * the peer: its copies stay, for it to take over.
 *
 * NSRP_CMD_SESSION_GET (dump only)
 * --------------------------------
 *
 * Request: optionally NSRP_A_FILTER (see below). Each reply message carries
 * NSRP_A_SESSIONS_LIST, a nest of NSRP_A_SESSION nests:
 *
 *    NSRP_A_SESSIONS_LIST: NLA_NESTED
 *        NSRP_A_SESSION: NLA_NESTED
 *            NSRP_SESSION_A_FAMILY: NLA_U8, AF_INET or AF_INET6
 *            NSRP_SESSION_A_PROTO: NLA_U8, IPPROTO_*
 *            NSRP_SESSION_A_SRC: NLA_BINARY, 4 or 16 bytes, the originator
 *            NSRP_SESSION_A_DST: NLA_BINARY, 4 or 16 bytes, the responder
 *            NSRP_SESSION_A_SPORT: NLA_BE16, or the ICMP echo identifier
 *            NSRP_SESSION_A_DPORT: NLA_BE16, 0 for ICMP and other protocols
 *            NSRP_SESSION_A_STATE: NLA_U8, enum nsrp_session_state
 *            NSRP_SESSION_A_OWNER: NLA_U8, enum nsrp_owner
 *            NSRP_SESSION_A_EXPIRES_MS: NLA_U32, milliseconds left
 *            NSRP_SESSION_A_TIMEOUT_S: NLA_U32, the full lifetime, in
 *                                     seconds, a refresh restores
 *        NSRP_A_SESSION: ...
 *
 * The dump is resumable and flagged NLM_F_DUMP_INTR if the table changed
 * size under it; sessions that expired but are not reaped yet are skipped.
 *
 * NSRP_CMD_SESSION_DEL
 * --------------------
 *
 * Request: NSRP_A_FILTER (mandatory; use NSRP_CMD_SESSION_FLUSH to remove
 * all). Removes every session matching it. Reply: NSRP_A_SESSIONS, the
 * number removed.
 *
 *    NSRP_A_FILTER: NLA_NESTED
 *        NSRP_FILTER_A_FAMILY: NLA_U8, AF_INET or AF_INET6
 *        NSRP_FILTER_A_PROTO: NLA_U8
 *        NSRP_FILTER_A_ADDR: NLA_BINARY, 4 or 16 bytes; matches either end
 *        NSRP_FILTER_A_PORT: NLA_BE16; matches either port
 *
 * NSRP_CMD_SESSION_FLUSH
 * ----------------------
 *
 * Request: no attributes. Removes every session. Reply: NSRP_A_SESSIONS, the
 * number removed.
 *
 * NSRP_CMD_STATS_GET
 * ------------------
 *
 * Request: no attributes. Reply: NSRP_A_STATS, a nest with one NLA_U64 per
 * counter of enum nsrp_stat_attr, summed over all CPUs.
 *
 * NSRP_CMD_FAILOVER
 * -----------------
 *
 * Request: no attributes. A primary hands its role to its live peer, which
 * must hold a complete copy of its sessions (NSRP_SYNC_A_PEER_SYNCED): the
 * peer becomes primary and this node backup, giving the peer its sessions.
 * Fails with EOPNOTSUPP when this node is not primary, EHOSTUNREACH with
 * no live peer and EAGAIN while the peer is not synced. The reply comes
 * once the request is sent; the change shows in NSRP_CMD_GET and in the
 * events within a few hello intervals.
 *
 * NSRP_CMD_EVENT (multicast group NSRP_MCGRP_EVENTS only)
 * --------------------------------------------------------
 *
 * Sent to the "events" group of the namespace where it happened, one
 * message per event, carrying NSRP_A_EVENT:
 *
 *    NSRP_A_EVENT: NLA_NESTED
 *        NSRP_EVENT_A_TYPE: NLA_U8, enum nsrp_event_type
 *        NSRP_EVENT_A_ROLE: NLA_U8, enum nsrp_role, the new role (ROLE)
 *        NSRP_EVENT_A_OLD_ROLE: NLA_U8, the role before (ROLE)
 *        NSRP_EVENT_A_REASON: NLA_U8, enum nsrp_role_reason (ROLE)
 *        NSRP_EVENT_A_PEER_NODE_ID: NLA_U16 (ROLE, PEER_UP, PEER_DOWN)
 *        NSRP_EVENT_A_SESSIONS: NLA_U32: sessions taken over or handed over
 *                               (ROLE), received (BULK_END)
 *        NSRP_EVENT_A_MS: NLA_U32: since the peer's last frame (PEER_DOWN),
 *                         the bulk sync's duration (BULK_END)
 *        NSRP_EVENT_A_KEPT: NLA_U32, ageout-ack answers "active" (AGEOUT)
 *        NSRP_EVENT_A_SHORTENED: NLA_U32, answers "idle" (AGEOUT)
 *        NSRP_EVENT_A_REMOVED: NLA_U32, answers "gone" (AGEOUT)
 *
 * AGEOUT events sum the answers of up to a second: at most one a second.
 */

#ifndef _UAPI_NSRP_H
#define _UAPI_NSRP_H

#define NSRP_GENL_NAME "nsrp"
#define NSRP_GENL_VERSION 1

#define NSRP_TIMEOUT_MAX 86400U
#define NSRP_MAX_SESSIONS_LIMIT 16777216U
#define NSRP_ETHERTYPE_MIN 0x0600U
#define NSRP_FLUSH_MS_MAX 1000U
#define NSRP_KEY_MIN_LEN 16U
#define NSRP_KEY_MAX_LEN 64U
#define NSRP_HELLO_MS_MIN 50U
#define NSRP_HELLO_MS_MAX 10000U
#define NSRP_HOLD_DOWN_MS_MAX 3600000U

#define NSRP_MCGRP_EVENTS "events"

enum nsrp_cmd {
	NSRP_CMD_UNSPEC,
	NSRP_CMD_GET,
	NSRP_CMD_SET,
	NSRP_CMD_SESSION_GET,
	NSRP_CMD_SESSION_DEL,
	NSRP_CMD_SESSION_FLUSH,
	NSRP_CMD_STATS_GET,
	NSRP_CMD_FAILOVER,
	NSRP_CMD_EVENT,
	__NSRP_CMD_MAX
};

#define NSRP_CMD_MAX (__NSRP_CMD_MAX - 1)

enum nsrp_attr {
	NSRP_A_UNSPEC,
	NSRP_A_ENABLED,
	NSRP_A_ENFORCE,
	NSRP_A_MAX_SESSIONS,
	NSRP_A_TIMEOUTS,
	NSRP_A_SESSIONS,
	NSRP_A_SESSIONS_LOCAL,
	NSRP_A_SESSIONS_PEER,
	NSRP_A_SESSION_SIZE,
	NSRP_A_SESSIONS_LIST,
	NSRP_A_FILTER,
	NSRP_A_STATS,
	NSRP_A_HA_LINK,
	NSRP_A_HA_LINK_NAME,
	NSRP_A_ETHERTYPE,
	NSRP_A_CLUSTER_ID,
	NSRP_A_NODE_ID,
	NSRP_A_MULTIPLIER,
	NSRP_A_AGEOUT_ACK,
	NSRP_A_FLUSH_MS,
	NSRP_A_KEY,
	NSRP_A_KEY_SET,
	NSRP_A_SYNC,
	NSRP_A_MODE,
	NSRP_A_ROLE,
	NSRP_A_PRIORITY,
	NSRP_A_PREEMPT,
	NSRP_A_HELLO_MS,
	NSRP_A_DEAD_COUNT,
	NSRP_A_HOLD_DOWN_MS,
	NSRP_A_EVENT,
	NSRP_A_TABLE_BUCKETS,
	__NSRP_A_MAX
};

#define NSRP_A_MAX (__NSRP_A_MAX - 1)

enum nsrp_timeout_attr {
	NSRP_A_TIMEOUT_UNSPEC,
	NSRP_A_TIMEOUT_TCP,
	NSRP_A_TIMEOUT_UDP,
	NSRP_A_TIMEOUT_ICMP,
	NSRP_A_TIMEOUT_OTHER,
	NSRP_A_TIMEOUT_TCP_SYN,
	NSRP_A_TIMEOUT_TCP_CLOSING,
	__NSRP_A_TIMEOUT_MAX
};

#define NSRP_A_TIMEOUT_MAX (__NSRP_A_TIMEOUT_MAX - 1)

enum nsrp_sessions_list_attr {
	NSRP_A_SESSIONS_LIST_UNSPEC,
	NSRP_A_SESSION,
	__NSRP_A_SESSIONS_LIST_MAX
};

#define NSRP_A_SESSIONS_LIST_MAX (__NSRP_A_SESSIONS_LIST_MAX - 1)

enum nsrp_session_attr {
	NSRP_SESSION_A_UNSPEC,
	NSRP_SESSION_A_FAMILY,
	NSRP_SESSION_A_PROTO,
	NSRP_SESSION_A_SRC,
	NSRP_SESSION_A_DST,
	NSRP_SESSION_A_SPORT,
	NSRP_SESSION_A_DPORT,
	NSRP_SESSION_A_STATE,
	NSRP_SESSION_A_OWNER,
	NSRP_SESSION_A_EXPIRES_MS,
	NSRP_SESSION_A_TIMEOUT_S,
	__NSRP_SESSION_A_MAX
};

#define NSRP_SESSION_A_MAX (__NSRP_SESSION_A_MAX - 1)

enum nsrp_filter_attr {
	NSRP_FILTER_A_UNSPEC,
	NSRP_FILTER_A_FAMILY,
	NSRP_FILTER_A_PROTO,
	NSRP_FILTER_A_ADDR,
	NSRP_FILTER_A_PORT,
	__NSRP_FILTER_A_MAX
};

#define NSRP_FILTER_A_MAX (__NSRP_FILTER_A_MAX - 1)

enum nsrp_sync_attr {
	NSRP_SYNC_A_UNSPEC,
	NSRP_SYNC_A_STATE,
	NSRP_SYNC_A_SAFE,
	NSRP_SYNC_A_NODE_ID,
	NSRP_SYNC_A_EPOCH,
	NSRP_SYNC_A_LINK_UP,
	NSRP_SYNC_A_PEER,
	NSRP_SYNC_A_PEER_NODE_ID,
	NSRP_SYNC_A_PEER_EPOCH,
	NSRP_SYNC_A_PEER_SEEN_MS,
	NSRP_SYNC_A_QUEUED,
	NSRP_SYNC_A_PEER_ROLE,
	NSRP_SYNC_A_PEER_PRIORITY,
	NSRP_SYNC_A_PEER_SYNCED,
	NSRP_SYNC_A_ROLE_SINCE_MS,
	NSRP_SYNC_A_ROLE_REASON,
	__NSRP_SYNC_A_MAX
};

#define NSRP_SYNC_A_MAX (__NSRP_SYNC_A_MAX - 1)

/* Bulk sync of the peer's table into this node. */
enum nsrp_sync_state {
	NSRP_SYNC_NONE,		/* no peer heard yet, or no HA link */
	NSRP_SYNC_IN_PROGRESS,	/* asked the peer for its table, not all in */
	NSRP_SYNC_DONE,		/* the peer's table is here, kept by live updates */
};

enum nsrp_peer_state {
	NSRP_PEER_NONE,		/* never heard */
	NSRP_PEER_UP,		/* heard within the dead interval */
	NSRP_PEER_DOWN,		/* heard before, silent now */
};

enum nsrp_mode {
	NSRP_MODE_AUTO = 1,	/* elected over the HA link by hellos */
	NSRP_MODE_MANUAL = 2,	/* set by an operator or manager (keepalived) */
};

/* The same values as the HELLO record's role on the wire. */
enum nsrp_role {
	NSRP_ROLE_INIT = 1,	/* starting: listening for a peer */
	NSRP_ROLE_BACKUP = 2,
	NSRP_ROLE_PRIMARY = 3,
};

/* Why the role last changed. */
enum nsrp_role_reason {
	NSRP_REASON_NONE,
	NSRP_REASON_CONFIG,	/* set by the operator (manual mode, mode change) */
	NSRP_REASON_ALONE,	/* no peer heard while starting */
	NSRP_REASON_ELECTION,	/* elected against a live peer */
	NSRP_REASON_PEER_DEAD,	/* the primary peer stopped answering */
	NSRP_REASON_PEER_CLAIM,	/* the peer became primary: this node stepped down */
	NSRP_REASON_FAILOVER,	/* a planned failover (NSRP_CMD_FAILOVER) */
	NSRP_REASON_PREEMPT,	/* a preferred node took the role back */
	NSRP_REASON_SPLIT_BRAIN, /* both primary: the less preferred stepped down */
	NSRP_REASON_LINK,	/* the HA link was bound or unbound */
};

enum nsrp_event_type {
	NSRP_EVENT_ROLE = 1,	/* this node's role changed */
	NSRP_EVENT_PEER_UP,	/* a peer is heard */
	NSRP_EVENT_PEER_DOWN,	/* the peer missed its dead count of hellos */
	NSRP_EVENT_BULK_START,	/* asked the peer for its table */
	NSRP_EVENT_BULK_END,	/* the peer's table is here */
	NSRP_EVENT_AGEOUT,	/* ageout-ack answers of the last second */
};

enum nsrp_event_attr {
	NSRP_EVENT_A_UNSPEC,
	NSRP_EVENT_A_TYPE,
	NSRP_EVENT_A_ROLE,
	NSRP_EVENT_A_OLD_ROLE,
	NSRP_EVENT_A_REASON,
	NSRP_EVENT_A_PEER_NODE_ID,
	NSRP_EVENT_A_SESSIONS,
	NSRP_EVENT_A_MS,
	NSRP_EVENT_A_KEPT,
	NSRP_EVENT_A_SHORTENED,
	NSRP_EVENT_A_REMOVED,
	__NSRP_EVENT_A_MAX
};

#define NSRP_EVENT_A_MAX (__NSRP_EVENT_A_MAX - 1)

/*
 * Session states. TCP sessions walk SYN_SENT -> SYN_RECV -> ESTABLISHED ->
 * FIN_WAIT (a FIN from one side) -> CLOSING (FINs from both sides). A RST
 * removes the session at once. UDP, ICMP and other sessions are ACTIVE
 * for their whole life.
 */
enum nsrp_session_state {
	NSRP_STATE_NONE,
	NSRP_STATE_SYN_SENT,
	NSRP_STATE_SYN_RECV,
	NSRP_STATE_ESTABLISHED,
	NSRP_STATE_FIN_WAIT,
	NSRP_STATE_CLOSING,
	NSRP_STATE_ACTIVE,
	__NSRP_STATE_MAX
};

#define NSRP_STATE_MAX (__NSRP_STATE_MAX - 1)

enum nsrp_owner {
	NSRP_OWNER_LOCAL,
	NSRP_OWNER_PEER,
};

/* Counters of NSRP_CMD_STATS_GET, each NLA_U64. */
enum nsrp_stat_attr {
	NSRP_STAT_UNSPEC,
	NSRP_STAT_PACKETS,		/* packets seen by the hooks */
	NSRP_STAT_PACKETS_NOSESSION,	/* packets that matched no session */
	NSRP_STAT_CREATED,		/* sessions created by local traffic */
	NSRP_STAT_CLOSED,		/* sessions closed by RST or FIN/close */
	NSRP_STAT_EXPIRED,		/* sessions reaped by the GC */
	NSRP_STAT_DELETED,		/* sessions removed by the operator */
	NSRP_STAT_TABLE_FULL,		/* creations refused: max sessions */
	NSRP_STAT_ALLOC_FAILED,		/* creations refused: out of memory */
	NSRP_STAT_ENFORCE_DROPS,	/* TCP non-SYN with no session, dropped */
	NSRP_STAT_INVALID,		/* truncated or malformed packets */
	NSRP_STAT_INSERT_RACE,		/* creation lost a race to another CPU */
	NSRP_STAT_GC_RUNS,		/* GC worker passes */
	NSRP_STAT_GC_SCANNED,		/* sessions examined by the GC */
	/* Replication (nsrp_sync); docs/protocol.md names the records. */
	NSRP_STAT_SYNC_TX_FRAMES,	/* frames sent on the HA link */
	NSRP_STAT_SYNC_TX_BYTES,	/* their octets, Ethernet header excluded */
	NSRP_STAT_SYNC_TX_ERRORS,	/* frames that could not be built or sent */
	NSRP_STAT_SYNC_RX_FRAMES,	/* frames accepted */
	NSRP_STAT_SYNC_RX_BYTES,
	NSRP_STAT_SYNC_TX_UPSERT,	/* records sent, by type */
	NSRP_STAT_SYNC_TX_CLOSE,
	NSRP_STAT_SYNC_TX_BULK_END,
	NSRP_STAT_SYNC_TX_HELLO,
	NSRP_STAT_SYNC_TX_ACK,
	NSRP_STAT_SYNC_TX_NACK,
	NSRP_STAT_SYNC_TX_BULK_REQ,
	NSRP_STAT_SYNC_TX_AGE_QUERY,
	NSRP_STAT_SYNC_TX_AGE_ANSWER,
	NSRP_STAT_SYNC_RX_UPSERT,	/* records received in accepted frames, by type */
	NSRP_STAT_SYNC_RX_CLOSE,
	NSRP_STAT_SYNC_RX_BULK_END,
	NSRP_STAT_SYNC_RX_HELLO,
	NSRP_STAT_SYNC_RX_ACK,
	NSRP_STAT_SYNC_RX_NACK,
	NSRP_STAT_SYNC_RX_BULK_REQ,
	NSRP_STAT_SYNC_RX_AGE_QUERY,
	NSRP_STAT_SYNC_RX_AGE_ANSWER,
	NSRP_STAT_SYNC_DROP_TRUNCATED,	/* frames dropped, by reason */
	NSRP_STAT_SYNC_DROP_BAD_VERSION,
	NSRP_STAT_SYNC_DROP_BAD_TYPE,
	NSRP_STAT_SYNC_DROP_BAD_FLAGS,
	NSRP_STAT_SYNC_DROP_BAD_LENGTH,
	NSRP_STAT_SYNC_DROP_RESERVED,
	NSRP_STAT_SYNC_DROP_BAD_NODE,
	NSRP_STAT_SYNC_DROP_BAD_SEQ,
	NSRP_STAT_SYNC_DROP_BAD_COUNT,
	NSRP_STAT_SYNC_DROP_BAD_RECORD,
	NSRP_STAT_SYNC_DROP_MISPLACED,
	NSRP_STAT_SYNC_DROP_BAD_FAMILY,
	NSRP_STAT_SYNC_DROP_BAD_ADDR,
	NSRP_STAT_SYNC_DROP_BAD_PORTS,
	NSRP_STAT_SYNC_DROP_BAD_KEY_ORDER,
	NSRP_STAT_SYNC_DROP_BAD_STATE,
	NSRP_STAT_SYNC_DROP_BAD_TIMEOUT,
	NSRP_STAT_SYNC_DROP_BAD_REMAINING,
	NSRP_STAT_SYNC_DROP_BAD_VERDICT,
	NSRP_STAT_SYNC_DROP_BAD_HELLO,
	NSRP_STAT_SYNC_DROP_BAD_ACK,
	NSRP_STAT_SYNC_DROP_BAD_NACK,
	NSRP_STAT_SYNC_DROP_BAD_BULK,
	NSRP_STAT_SYNC_DROP_OTHER_CLUSTER,
	NSRP_STAT_SYNC_DROP_OWN_NODE,
	NSRP_STAT_SYNC_DROP_NO_MAC,	/* authentication failures */
	NSRP_STAT_SYNC_DROP_BAD_MAC,
	NSRP_STAT_SYNC_DROP_STALE_EPOCH,
	NSRP_STAT_SYNC_DROP_REPLAY,	/* replayed or duplicated frames */
	NSRP_STAT_SYNC_DROP_LATE,	/* DATA overtaken by a newer frame: recovered by NACK */
	NSRP_STAT_SYNC_INSTALLED,	/* copies created from the peer's records */
	NSRP_STAT_SYNC_INSTALL_FAILED,	/* copies refused: table full or no memory */
	NSRP_STAT_SYNC_CONFLICTS,	/* the peer sent a session this node owns */
	NSRP_STAT_SYNC_AGE_QUERIES,	/* ageout-ack queries sent (retries included) */
	NSRP_STAT_SYNC_AGE_ACTIVE,	/* answers: the owner's session is active */
	NSRP_STAT_SYNC_AGE_IDLE,	/* answers: it is counting down */
	NSRP_STAT_SYNC_AGE_GONE,	/* answers: the owner has no such session */
	NSRP_STAT_SYNC_AGE_NO_ANSWER,	/* queries repeated because no answer came */
	NSRP_STAT_SYNC_BULK_REQUESTS,	/* bulk syncs asked of the peer */
	NSRP_STAT_SYNC_BULK_DONE,	/* bulk syncs received completely */
	NSRP_STAT_SYNC_BULK_SERVED,	/* bulk syncs sent to the peer */
	NSRP_STAT_SYNC_BULK_SESSIONS,	/* sessions sent in bulk syncs */
	NSRP_STAT_SYNC_RETRANSMITS,	/* frames rebuilt and resent after a NACK */
	NSRP_STAT_SYNC_RETRANSMIT_RECORDS,
	NSRP_STAT_SYNC_RESYNCS,		/* losses too old to resend: bulk resync instead */
	NSRP_STAT_SYNC_QUEUE_FULL,	/* events not queued: the queue was full (resync) */
	NSRP_STAT_SYNC_HANDOVER_SENT,	/* sessions given to the peer (stepping down) */
	NSRP_STAT_SYNC_HANDOVER_RECEIVED, /* sessions the peer gave this node */
	/* Roles */
	NSRP_STAT_HA_ROLE_CHANGES,
	NSRP_STAT_HA_PEER_DEATHS,	/* the peer missed its dead count of hellos */
	NSRP_STAT_HA_TAKEN_OVER,	/* copies made local when the peer died */
	NSRP_STAT_HA_FAILOVERS,		/* planned failovers asked (NSRP_CMD_FAILOVER) */
	__NSRP_STAT_MAX
};

#define NSRP_STAT_MAX (__NSRP_STAT_MAX - 1)

#endif /* _UAPI_NSRP_H */
