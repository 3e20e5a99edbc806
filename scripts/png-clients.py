#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check a screenshot of weston's desktop for the clients it should show.

usage: png-clients.py [--size WxH] [--egl] [--shm] [--keep OUT] PNG...

weston-simple-shm fills its window with rings and stripes whose colour
changes along x, y and with time: hundreds of distinct colours, where the
desktop alone (a plain background and a panel) has few. weston-simple-egl
draws a triangle whose corners are pure red, green and blue, spinning
about its vertical axis: seen edge-on, its red and green corners meet
and one of them can vanish, so the guest saves the display a few times,
a fraction of a turn apart. No image may be blank (its most common
colour covers less than all of it), with --shm each must hold at least
256 distinct colours, and with --egl at least one must show 20 pixels
or more near each of red, green and blue. Prints what it found in each;
exits 0 when every check holds, 1 when one does not, 2 when an image
cannot be read. --keep copies the first image that shows the triangle
(or, without one, the first image) to OUT.
"""
import argparse
import collections
import os
import shutil
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
png_check = __import__("png-check")

PRIMARIES = {"red": (255, 0, 0), "green": (0, 255, 0), "blue": (0, 0, 255)}


def near(px, want, tol=64):
    return all(abs(a - b) <= tol for a, b in zip(px, want))


def check(path, a):
    """Return (problems, whether the triangle shows) for one image."""
    width, height, rows = png_check.read_png(path)
    counts = collections.Counter(px for row in rows for px in row)
    common, n = counts.most_common(1)[0]
    bad = []
    if a.size and a.size != f"{width}x{height}":
        bad.append(f"size {width}x{height}, expected {a.size}")
    if n == width * height:
        bad.append(f"blank: every pixel is {bytes(common).hex()}")
    if a.shm and len(counts) < 256:
        bad.append(f"{len(counts)} distinct colours: no weston-simple-shm window")
    found = {name: sum(c for px, c in counts.items() if near(px, want))
             for name, want in PRIMARIES.items()}
    print(f"{path}: {width}x{height}, {len(counts)} colours, most common "
          f"{bytes(common).hex()} ({100 * n / (width * height):.1f}%), "
          + ", ".join(f"{k} {v}" for k, v in found.items()))
    for b in bad:
        print(f"  {b}")
    return bad, all(v >= 20 for v in found.values())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("png", nargs="+")
    ap.add_argument("--size")
    ap.add_argument("--egl", action="store_true")
    ap.add_argument("--shm", action="store_true")
    ap.add_argument("--keep")
    a = ap.parse_args()
    bad, triangle = False, None
    for path in a.png:
        try:
            problems, shows = check(path, a)
        except (OSError, png_check.PNGError, zlib.error) as e:
            print(f"{path}: {e}")
            return 2
        bad = bad or bool(problems)
        if shows and triangle is None:
            triangle = path
    if a.keep:
        shutil.copyfile(triangle or a.png[0], a.keep)
    if a.egl and not triangle:
        print("  no image shows 20 pixels of each of red, green and blue: "
              "no weston-simple-egl triangle")
        bad = True
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
