#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Read KTAP documents out of a guest console log and count the results.

usage: ktap.py [--verbose] LOG...

Every document starting with "KTAP version 1" (or "TAP version 14") at
column 0 is parsed; other console lines between them are ignored.
Leaves (tests without subtests) are counted. A suite whose plan promised
more results than it printed (the guest died mid-run), or a parent
reported "not ok" while all its children passed, counts as one failure.

A skip is for what the device lacks. One whose reason says that the
kernel lacks an option ("CONFIG_..." or "kernel lacks"): the guest
kernels are ours, so that is our fault, and it counts as a failure.

Prints failing tests and every skip with its reason, then
"ktap: P passed, F failed, S skipped".
"""
import re
import sys

RESULT = re.compile(r"^(not ok|ok) (\d+)(?: (?:- )?([^#]*?))?\s*(?:#\s*(.*))?$")
PLAN = re.compile(r"^1\.\.(\d+)")
TIMESTAMP = re.compile(r"^\[\s*\d+\.\d+\] ")
# a skip reason that blames the guest kernel's configuration
KERNEL_OPTION = re.compile(r"\bCONFIG_[A-Z0-9_]+|kernel lacks", re.IGNORECASE)
# the comment lines that say why a test failed: an assertion of the
# IGT-style library, a kernel warning the guest harness caught, a test
# that printed no result; shown under its FAIL line (at most WHY_LINES)
WHY = re.compile(r"^# ?(?:\S+: )?(FAIL |dmesg-warn: |no result |ASSERTION FAILED|EXPECTATION FAILED)")
WHY_LINES = 4


class Frame:
    def __init__(self, indent, name):
        self.indent = indent
        self.name = name
        self.plan = None
        self.results = 0
        self.failed_below = False


class Counter:
    def __init__(self, verbose):
        self.passed = self.failed = self.skipped = 0
        self.kernel_skips = 0
        self.verbose = verbose
        self.why = []

    def leaf(self, path, ok, directive):
        if ok and directive.upper().startswith("SKIP") and KERNEL_OPTION.search(directive):
            self.failed += 1
            self.kernel_skips += 1
            tag = "FAIL"
            directive += "  (a skip for a missing option of our own guest kernel)"
        elif ok and directive.upper().startswith("SKIP"):
            self.skipped += 1
            tag = "skip"
        elif ok:
            self.passed += 1
            tag = "ok"
        else:
            self.failed += 1
            tag = "FAIL"
        if tag != "ok" or self.verbose:
            print(f"  {tag:4} {path}" + (f"  # {directive}" if directive else ""))
        self.explain(tag == "FAIL")

    def problem(self, path, what):
        self.failed += 1
        print(f"  FAIL {path}: {what}")
        self.explain(True)

    def explain(self, failed):
        """Print the reasons gathered since the last result, if it failed."""
        if failed:
            for why in self.why:
                print(f"         {why}")
        self.why = []


def close(counter, stack, frame):
    if frame.failed_below:
        return True
    if frame.plan is not None and frame.results < frame.plan:
        counter.problem(path_of(stack + [frame]),
                        f"planned {frame.plan} results, got {frame.results}")
        return True
    return False


def path_of(stack):
    return ".".join(f.name for f in stack if f.name) or "(top)"


def parse(lines, counter):
    stack = []
    for raw in lines:
        line = TIMESTAMP.sub("", raw.rstrip("\r\n"))
        body = line.lstrip(" ")
        indent = len(line) - len(body)
        if body.startswith(("KTAP version", "TAP version")) and indent == 0:
            close_all(counter, stack)
            stack.append(Frame(0, ""))
            continue
        if not stack:
            continue
        top = stack[-1]
        if indent > top.indent and (body.startswith(("KTAP version", "# Subtest:"))
                                    or PLAN.match(body)):
            top = Frame(indent, "")
            stack.append(top)
        if body.startswith("# Subtest:") and indent == top.indent:
            top.name = body[len("# Subtest:"):].strip()
            continue
        m = PLAN.match(body)
        if m and indent == top.indent:
            top.plan = int(m.group(1))
            continue
        m = RESULT.match(body)
        if not m:
            if WHY.match(body) and len(counter.why) < WHY_LINES:
                counter.why.append(body)
            continue
        while len(stack) > 1 and stack[-1].indent > indent:
            child = stack.pop()
            parent = stack[-1]
            if child.indent > indent + 4:
                continue
            ok = m.group(1) == "ok"
            broken = close(counter, stack, child)
            if not ok and not (child.failed_below or broken):
                counter.problem(path_of(stack + [child]), "reported not ok")
            if not ok or broken or child.failed_below:
                parent.failed_below = True
            parent.results += 1
            counter.explain(False)
            break
        else:
            if stack[-1].indent != indent:
                continue
            top = stack[-1]
            top.results += 1
            name = (m.group(3) or "").strip() or f"#{m.group(2)}"
            ok = m.group(1) == "ok"
            counter.leaf(path_of(stack) + "." + name if path_of(stack) != "(top)" else name,
                         ok, (m.group(4) or "").strip())
            if not ok:
                top.failed_below = True
    close_all(counter, stack)


def close_all(counter, stack):
    """Close every open frame; a broken child marks its parent."""
    while stack:
        frame = stack.pop()
        if close(counter, stack, frame) and stack:
            stack[-1].failed_below = True


def main(argv):
    verbose = "--verbose" in argv
    files = [a for a in argv if a != "--verbose"]
    counter = Counter(verbose)
    for f in files:
        with open(f, errors="replace") as fh:
            parse(fh, counter)
    print(f"ktap: {counter.passed} passed, {counter.failed} failed, "
          f"{counter.skipped} skipped")
    return 1 if counter.failed or counter.passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
