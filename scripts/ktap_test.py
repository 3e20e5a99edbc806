#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Self-test of ktap.py: the counts it must give for known inputs."""
import contextlib
import io
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ktap  # noqa: E402

SUITE = """KTAP version 1
1..1
    KTAP version 1
    # Subtest: s
    1..{plan}
{body}{end}"""

CASES = [
    # name, input, (passed, failed, skipped)
    ("all pass", SUITE.format(plan=2, body="    ok 1 a\n    ok 2 b\n", end="ok 1 s\n"),
     (2, 0, 0)),
    ("one fails", SUITE.format(plan=2, body="    ok 1 a\n    not ok 2 b\n", end="not ok 1 s\n"),
     (1, 1, 0)),
    ("skip", SUITE.format(plan=2, body="    ok 1 a\n    ok 2 b # SKIP why\n", end="ok 1 s\n"),
     (1, 0, 1)),
    ("guest died mid-suite", SUITE.format(plan=3, body="    ok 1 a\n", end=""),
     (1, 1, 0)),
    ("suite not ok without failing child",
     SUITE.format(plan=1, body="    ok 1 a\n", end="not ok 1 s\n"), (1, 1, 0)),
    ("console noise and timestamps",
     "[    0.1] boot\n" + SUITE.format(plan=1, body="[    2.0]     ok 1 a\n",
                                     end="ok 1 s\n") + "reboot: Power down\n",
     (1, 0, 0)),
    ("two documents",
     SUITE.format(plan=1, body="    ok 1 a\n", end="ok 1 s\n") * 2, (2, 0, 0)),
    ("diagnostics ignored",
     SUITE.format(plan=1, body="    # not ok 9 fake\n    ok 1 a\n", end="ok 1 s\n"),
     (1, 0, 0)),
    ("no KTAP at all", "Kernel panic - not syncing\n", (0, 0, 0)),
    ("skip for a missing kernel option fails",
     SUITE.format(plan=3, body="    ok 1 a # SKIP kernel lacks CONFIG_SW_SYNC\n"
                  "    ok 2 b # SKIP needs CONFIG_FOO\n    ok 3 c # SKIP no second CRTC\n",
                  end="ok 1 s\n"), (0, 2, 1)),
    ("skip reasons kept apart from option names",
     SUITE.format(plan=2, body="    ok 1 a # SKIP the kernel cannot suspend to RAM\n"
                  "    ok 2 b # skip lowercase directive\n", end="ok 1 s\n"), (0, 0, 2)),
    ("skips counted per document",
     SUITE.format(plan=2, body="    ok 1 a # SKIP x\n    ok 2 b\n", end="ok 1 s\n") * 2,
     (2, 0, 2)),
]


# name, input, the lines printed under FAIL lines (why each failed)
WHY_CASES = [
    ("an assertion under its subtest",
     SUITE.format(plan=2, body="    # FAIL t.c:9 f(): want 0, got 1\n    not ok 1 a\n"
                  "    # FAIL t.c:9 f(): not this one's\n    ok 2 b\n", end="not ok 1 s\n"),
     ["# FAIL t.c:9 f(): want 0, got 1"]),
    ("a kernel warning and a KUnit expectation",
     SUITE.format(plan=2, body="    # dmesg-warn: <4>WARNING: x\n    not ok 1 a\n"
                  "    # b: EXPECTATION FAILED at x.c:3\n    not ok 2 b\n", end="not ok 1 s\n"),
     ["# dmesg-warn: <4>WARNING: x", "# b: EXPECTATION FAILED at x.c:3"]),
    ("nothing from a passing test",
     SUITE.format(plan=1, body="    # FAIL but it passed on retry\n    ok 1 a\n",
                  end="ok 1 s\n"), []),
]


def why_lines(text):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        ktap.parse(io.StringIO(text), ktap.Counter(False))
    return [line.strip() for line in out.getvalue().splitlines()
            if line.startswith("         ")]


def main():
    bad = 0
    for name, text, want in WHY_CASES:
        got = why_lines(text)
        status = "ok" if got == want else "FAIL"
        bad += got != want
        print(f"{status} {name}: got {got}, want {want}")
    for name, text, want in CASES:
        counter = ktap.Counter(False)
        with contextlib.redirect_stdout(io.StringIO()):
            ktap.parse(io.StringIO(text), counter)
        got = (counter.passed, counter.failed, counter.skipped)
        status = "ok" if got == want else "FAIL"
        bad += got != want
        print(f"{status} {name}: got {got}, want {want}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
