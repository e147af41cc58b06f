#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Copyright (C) 2026 The nsrp developers.
#
# Host tests of tools/bench/analyze.py, the bench's capture analysis: no VM,
# no root, Python's standard library only (test_analyze.py builds its
# captures in a scratch directory). Runs from any directory.
#
#   bash tools/bench/tests/run.sh
#
# TAP ("ok N - ..."), the plan last; exits non-zero on any failure.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Importing analyze.py and frames.py must leave no __pycache__ in the tree.
export PYTHONDONTWRITEBYTECODE=1
exec /usr/bin/python3 "$here/test_analyze.py"
