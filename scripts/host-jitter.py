#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Measure how late the host wakes a sleeping thread.

usage: host-jitter.py [SECONDS]

Sleeps 1 ms at a time for SECONDS (default 10) and prints one line: how
many wake-ups came more than 5 ms and more than one 60 Hz frame
(16.7 ms) late, and the latest. An emulated guest's CPU is such a
thread: while the host holds it off, the guest's timers fire late, and
IGT's vblank-timing subtests count the stall as missed frames. The line
is context for reading such a failure; it never fails itself.
"""
import sys
import time

FRAME_NS = 1_000_000_000 // 60


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    end = time.monotonic_ns() + int(seconds * 1e9)
    wakeups = over5 = over_frame = 0
    worst = 0
    while time.monotonic_ns() < end:
        before = time.monotonic_ns()
        time.sleep(0.001)
        late = time.monotonic_ns() - before - 1_000_000
        wakeups += 1
        worst = max(worst, late)
        over5 += late > 5_000_000
        over_frame += late > FRAME_NS
    print(f"host: {wakeups} sleeps of 1 ms in {seconds:g} s: {over5} woke more than "
          f"5 ms late, {over_frame} more than a frame (16.7 ms); the latest "
          f"{worst / 1e6:.1f} ms late")


if __name__ == "__main__":
    main()
