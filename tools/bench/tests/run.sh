#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Copyright (C) 2026 The nsrp developers.
#
# Host tests of make bench's tools: tools/bench/analyze.py, the capture
# analysis (test_analyze.py), and tools/bench/report.py, the table and plot
# (test_report.py). No VM, no root, Python's standard library only (each
# builds its inputs in a scratch directory). Runs from any directory.
#
#   bash tools/bench/tests/run.sh
#
# TAP ("ok N - ..."), one plan for the whole run, last; exits non-zero on
# any failure.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Importing analyze.py and frames.py must leave no __pycache__ in the tree.
export PYTHONDONTWRITEBYTECODE=1
n=0
failed=0
for t in test_analyze.py test_report.py; do
	# Each file numbers its own tests and ends with its own plan: its lines
	# are renumbered into this run's, its plan is dropped for this run's.
	ran=0
	bad=0
	while IFS= read -r line; do
		if [[ $line =~ ^(not )?ok\ [0-9]+(.*)$ ]]; then
			n=$((n + 1))
			ran=$((ran + 1))
			[[ -n ${BASH_REMATCH[1]} ]] && bad=1
			echo "${BASH_REMATCH[1]}ok $n${BASH_REMATCH[2]}"
		elif [[ ! $line =~ ^1\.\.[0-9]+$ ]]; then
			echo "$line"
		fi
	done < <(/usr/bin/python3 "$here/$t")
	rc=0
	wait $! || rc=$?
	# A file that crashed (or ran nothing) gets a "not ok" line of its
	# own, so that make check's count of failures shows it too.
	if ((bad == 0 && (rc != 0 || ran == 0))); then
		bad=1
		n=$((n + 1))
		echo "not ok $n - $t exited $rc after $ran tests"
	fi
	((bad)) && failed=1
done
echo "1..$n"
exit $failed
