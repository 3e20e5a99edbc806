#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare the IGT-style results of two drivers, side by side.

usage: igt-compare.py [--diff-only] [--strict] INTREE_LOG OURS_LOG

Each LOG is a guest console log (or plain KTAP) from tests/guest/igt.sh.
Every result line of a subtest named binary@subtest is read; a subtest
is "pass", "fail" or "skip" (ok with a SKIP directive). Prints one row per
subtest: subtest | in-tree | ours (a "*" marks rows that differ), then
totals of pass/fail/skip for each driver. With --diff-only only the rows
that differ are shown. With --strict the exit status is 1 when ours has a
failure or misses a subtest the in-tree run has; otherwise it is 0.
"""
import re
import sys

RESULT = re.compile(r"^\s*(not ok|ok) \d+ (\S+@\S+)(?:\s*#\s*(.*))?$")
TIMESTAMP = re.compile(r"^\[\s*\d+\.\d+\] ")


def read_results(path):
    """Ordered {subtest: status} from one log; the last result wins."""
    results = {}
    with open(path, errors="replace") as f:
        for raw in f:
            line = TIMESTAMP.sub("", raw.rstrip("\r\n"))
            m = RESULT.match(line)
            if not m:
                continue
            ok, name, directive = m.group(1), m.group(2), (m.group(3) or "")
            if ok == "not ok":
                status = "fail"
            elif directive.upper().startswith("SKIP"):
                status = "skip"
            else:
                status = "pass"
            results[name] = status
    return results


def totals(results):
    counts = {"pass": 0, "fail": 0, "skip": 0}
    for status in results.values():
        counts[status] += 1
    return counts


def main(argv):
    diff_only = "--diff-only" in argv
    strict = "--strict" in argv
    files = [a for a in argv if not a.startswith("--")]
    if len(files) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    intree, ours = (read_results(f) for f in files)
    names = list(intree) + [n for n in ours if n not in intree]
    width = max([len("subtest")] + [len(n) for n in names])
    print(f"  {'subtest':<{width}} | {'in-tree':<7} | ours")
    print(f"  {'-' * width}-+-{'-' * 7}-+-{'-' * 7}")
    differ = 0
    for name in names:
        a, b = intree.get(name, "-"), ours.get(name, "-")
        mark = "*" if a != b else " "
        differ += a != b
        if diff_only and a == b:
            continue
        print(f"{mark} {name:<{width}} | {a:<7} | {b}")
    print()
    for label, res in (("in-tree", intree), ("ours", ours)):
        t = totals(res)
        print(f"{label}: {t['pass']} pass, {t['fail']} fail, {t['skip']} skip"
              f" ({len(res)} subtests)")
    print(f"{differ} subtests differ")
    if strict and (totals(ours)["fail"] or any(n not in ours for n in intree)):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
