# SPDX-License-Identifier: GPL-2.0
#
# Copyright (C) 2026 The nsrp developers.
#
# The TAP harness of make bench's tool tests: one line per test case (its
# docstring's first line), a failure's traceback after it as # comments, a
# skip as "ok ... # SKIP why", the plan last. run.sh renumbers the lines of
# every file into one run.

import sys
import unittest


class Tap(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.n = 0

    def line(self, test, prefix, suffix="", detail=""):
        self.n += 1
        print("%sok %d - %s%s" % (prefix, self.n, test.shortDescription() or test.id(), suffix),
              flush=True)
        for d in detail.rstrip().splitlines():
            print("#   " + d)

    def addSuccess(self, test):
        super().addSuccess(test)
        self.line(test, "")

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.line(test, "", " # SKIP " + reason)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.line(test, "not ", detail=self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        self.line(test, "not ", detail=self._exc_info_to_string(err, test))


def main(module_name):
    """Runs the tests of the module; the exit status: 0 when all passed."""
    tap = Tap()
    unittest.defaultTestLoader.loadTestsFromModule(sys.modules[module_name]).run(tap)
    print("1..%d" % tap.n)
    return 0 if tap.wasSuccessful() and tap.n else 1
