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

enum nsrp_cmd {
	NSRP_CMD_UNSPEC,
	NSRP_CMD_GET,
	NSRP_CMD_SET,
	NSRP_CMD_SESSION_GET,
	NSRP_CMD_SESSION_DEL,
	NSRP_CMD_SESSION_FLUSH,
	NSRP_CMD_STATS_GET,
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
	__NSRP_STAT_MAX
};

#define NSRP_STAT_MAX (__NSRP_STAT_MAX - 1)

#endif /* _UAPI_NSRP_H */
