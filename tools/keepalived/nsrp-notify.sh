#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# keepalived notify script for nsrp: nsrp's role follows VRRP.
#
#   nsrp-notify.sh [-c NSRPCTL] [-n NETNS] TYPE NAME STATE [PRIORITY]
#   nsrp-notify.sh [-c NSRPCTL] [-n NETNS] -f FIFO
#
# keepalived calls a `notify` script with TYPE (GROUP or INSTANCE), NAME,
# STATE and, for an instance, PRIORITY appended to the configured command
# line. On MASTER this node becomes nsrp's primary, on BACKUP, FAULT, STOP
# or DELETED its backup:
#
#   nsrpctl [-n NETNS] set mode manual role primary|backup
#
# mode manual comes with every call: roles are keepalived's to set, and a
# node still in mode auto would otherwise refuse the role (and hold its own
# election against VRRP's).
#
# With -f it reads keepalived's notify FIFO instead (notify_fifo_script):
# one line per change, 'TYPE "NAME" STATE PRIORITY', in the order keepalived
# saw them, which forked notify scripts do not guarantee.
#
# keepalived forks one script per change, and on a loaded machine a later
# one may reach nsrpctl first: a MASTER applied after the BACKUP that
# followed it leaves nsrp primary on VRRP's backup. So each run notes when
# the kernel started it (fork order, /proc/self/stat) and, under a lock
# (flock), applies its state only if no later-started run applied one
# already; state and lock live in $NSRP_NOTIFY_STATE_DIR (/run/nsrp-notify).
#
# Settings: -c or $NSRPCTL (default: nsrpctl from $PATH), -n or
# $NSRP_NETNS (default: the namespace the script runs in). Every action
# and error goes to syslog (logger, if present, tag nsrp-notify) and to
# stderr. Exits 0 when nsrpctl succeeded, 1 when it failed, 2 on a usage
# error or an unknown state.
set -u

me=nsrp-notify
nsrpctl=${NSRPCTL:-nsrpctl}
netns=${NSRP_NETNS:-}
fifo=
state_dir=${NSRP_NOTIFY_STATE_DIR:-/run/nsrp-notify}
ticket=

usage() {
	echo "usage: $me [-c NSRPCTL] [-n NETNS] TYPE NAME STATE [PRIORITY]" >&2
	echo "       $me [-c NSRPCTL] [-n NETNS] -f FIFO" >&2
	exit 2
}

# log PRIORITY MESSAGE: to syslog (daemon facility) and stderr.
log() {
	if command -v logger >/dev/null 2>&1; then
		logger -t "$me" -p "daemon.$1" -- "$2" 2>/dev/null
	fi
	echo "$me: $2" >&2
}

# start_ticket: "STARTTIME PID" of this process, STARTTIME in clock ticks
# since boot (field 22 of /proc/PID/stat, counted after the command name,
# which may hold spaces).
start_ticket() {
	local stat f
	stat=$(</proc/$$/stat) || return 1
	read -ra f <<<"${stat##*) }"
	[[ ${f[19]:-} =~ ^[0-9]+$ ]] && echo "${f[19]} $$"
}

# newer A B: ticket A was started after ticket B.
newer() {
	local a b
	read -ra a <<<"$1"
	read -ra b <<<"$2"
	((a[0] > b[0] || (a[0] == b[0] && a[1] > b[1])))
}

# ordered TYPE NAME STATE [PRIORITY]: apply under the lock, unless a run
# started later than this one applied its state already.
ordered() {
	local file=$state_dir/${netns:-default} last rc
	if ! command -v flock >/dev/null 2>&1 || ! mkdir -p "$state_dir" 2>/dev/null ||
		! exec 9>>"$file.lock"; then
		log warning "no flock or no $state_dir: changes applied in the order they run"
		apply "$@"
		return
	fi
	flock -w 30 9 || log warning "$file.lock still held after 30 s, going on"
	last=$(cat "$file" 2>/dev/null)
	if [[ -n $ticket && -n $last ]] && newer "$last" "$ticket"; then
		log notice "$1 $2 $3: superseded by a later notification, nsrp role unchanged"
		return 0
	fi
	apply "$@"
	rc=$?
	# Not for an unknown state: that run changed nothing.
	((rc != 2)) && [[ -n $ticket ]] && echo "$ticket" >"$file"
	return $rc
}

# apply TYPE NAME STATE [PRIORITY]: one notification; returns 0, 1 or 2.
apply() {
	local type=$1 name=$2 state=$3 prio=${4:-} role out rc
	local ctl=("$nsrpctl")

	case $state in
	MASTER) role=primary ;;
	BACKUP | FAULT | STOP | DELETED) role=backup ;;
	*)
		log err "$type $name: unknown state '$state', nsrp role unchanged"
		return 2
		;;
	esac
	[[ -n $netns ]] && ctl+=(-n "$netns")
	out=$("${ctl[@]}" set mode manual role "$role" 2>&1)
	rc=$?
	if ((rc != 0)); then
		log err "$type $name $state${prio:+ (priority $prio)}: '${ctl[*]} set mode manual role $role' failed (exit $rc): ${out:-no message}"
		return 1
	fi
	log notice "$type $name $state${prio:+ (priority $prio)}: nsrp role $role${netns:+ in netns $netns}"
	return 0
}

# First thing: the later this is taken, the less it tells of fork order.
ticket=$(start_ticket)

while getopts "c:n:f:h" opt; do
	case $opt in
	c) nsrpctl=$OPTARG ;;
	n) netns=$OPTARG ;;
	f) fifo=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))

if [[ -n $fifo ]]; then
	(($# == 0)) || usage
	[[ -p $fifo ]] || { log err "$fifo is not a FIFO"; exit 2; }
	# One change at a time, in order; an error is logged and the next
	# line still applies. EOF: keepalived went away.
	while read -r type name state prio _; do
		[[ -n ${state:-} ]] || continue
		name=${name#\"}
		apply "$type" "${name%\"}" "$state" "$prio"
	done <"$fifo"
	exit 0
fi

(($# >= 3 && $# <= 4)) || usage
case $3 in
MASTER | BACKUP | FAULT | STOP | DELETED) ordered "$@" ;;
*) apply "$@" ;;
esac
exit $?
