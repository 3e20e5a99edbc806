#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check a screenshot of weston's desktop for the clients it should show.

usage: png-clients.py [--size WxH] [--egl] [--shm] PNG

weston-simple-shm fills its window with rings and stripes whose colour
changes along x, y and with time: hundreds of distinct colours, where the
desktop alone (a plain background and a panel) has few. weston-simple-egl
draws a spinning triangle whose corners are pure red, green and blue
(seen edge-on it covers a few hundred pixels). The image must not be
blank (its most common colour covers less than all of it), with --shm it
must hold at least 256 distinct colours, and with --egl at least 20
pixels near each of red, green and blue. Prints what it found;
exits 0 when every check holds, 1 when one does not, 2 when the image
cannot be read.
"""
import argparse
import collections
import os
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
png_check = __import__("png-check")

PRIMARIES = {"red": (255, 0, 0), "green": (0, 255, 0), "blue": (0, 0, 255)}


def near(px, want, tol=64):
    return all(abs(a - b) <= tol for a, b in zip(px, want))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("png")
    ap.add_argument("--size")
    ap.add_argument("--egl", action="store_true")
    ap.add_argument("--shm", action="store_true")
    a = ap.parse_args()
    try:
        width, height, rows = png_check.read_png(a.png)
    except (OSError, png_check.PNGError, zlib.error) as e:
        print(f"{a.png}: {e}")
        return 2
    counts = collections.Counter(px for row in rows for px in row)
    common, n = counts.most_common(1)[0]
    bad = []
    if a.size and a.size != f"{width}x{height}":
        bad.append(f"size {width}x{height}, expected {a.size}")
    if n == width * height:
        bad.append(f"blank: every pixel is {bytes(common).hex()}")
    if a.shm and len(counts) < 256:
        bad.append(f"{len(counts)} distinct colours: no weston-simple-shm window")
    found = {}
    for name, want in PRIMARIES.items():
        found[name] = sum(c for px, c in counts.items() if near(px, want))
        if a.egl and found[name] < 20:
            bad.append(f"{found[name]} {name} pixels: no weston-simple-egl triangle")
    print(f"{a.png}: {width}x{height}, {len(counts)} colours, most common "
          f"{bytes(common).hex()} ({100 * n / (width * height):.1f}%), "
          + ", ".join(f"{k} {v}" for k, v in found.items()))
    for b in bad:
        print(f"  {b}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
