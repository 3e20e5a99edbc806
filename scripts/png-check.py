#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare a PNG of the guest display with the test pattern, exactly.

usage: png-check.py [--size WxH] [--pattern N] PNG

The pattern is the one tests/tools/vgh-kms-fill draws (vgh_pattern() of
the shared test library, tests/lib/pattern.c): for pattern 0, red is
x & 0xff, green y & 0xff, blue (x ^ y) & 0xff. Every pixel must match.
Prints one line, "PNG: WxH, N mismatching pixels", and the first few
mismatches; exits 0 when the image matches, 1 when it does not, 2 when
it cannot be read.

The PNG reader is self-contained (zlib only): 8-bit greyscale, RGB, RGBA
and grey+alpha images without interlacing, which is what QEMU's
screendump writes.
"""
import argparse
import struct
import sys
import zlib

CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}


class PNGError(Exception):
    pass


def read_png(path):
    """Return (width, height, rows), rows a list of (r, g, b) tuples lists."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise PNGError("not a PNG file")
    pos = 8
    ihdr = None
    idat = b""
    while pos + 8 <= len(data):
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        crc = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]
        if zlib.crc32(ctype + body) & 0xffffffff != crc:
            raise PNGError(f"bad CRC in chunk {ctype!r}")
        pos += 12 + length
        if ctype == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif ctype == b"IDAT":
            idat += body
        elif ctype == b"IEND":
            break
    if not ihdr:
        raise PNGError("no IHDR chunk")
    width, height, depth, ctype, comp, filt, interlace = ihdr
    if depth != 8 or ctype not in CHANNELS or comp or filt or interlace:
        raise PNGError(f"unsupported PNG: depth {depth} colour type {ctype} "
                       f"interlace {interlace}")
    bpp = CHANNELS[ctype]
    raw = zlib.decompress(idat)
    stride = width * bpp
    if len(raw) != height * (stride + 1):
        raise PNGError("image data has the wrong length")
    rows = []
    prev = bytearray(stride)
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        unfilter(ftype, line, prev, bpp)
        if ctype == 2:
            px = [tuple(line[i:i + 3]) for i in range(0, stride, 3)]
        elif ctype == 6:
            px = [tuple(line[i:i + 3]) for i in range(0, stride, 4)]
        else:
            px = [(v, v, v) for v in line[::bpp]]
        rows.append(px)
        prev = line
    return width, height, rows


def unfilter(ftype, line, prev, bpp):
    """Undo one row's PNG filter in place."""
    if ftype == 0:
        return
    for i in range(len(line)):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if ftype == 1:
            pred = a
        elif ftype == 2:
            pred = b
        elif ftype == 3:
            pred = (a + b) // 2
        elif ftype == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
        else:
            raise PNGError(f"unknown filter type {ftype}")
        line[i] = (line[i] + pred) & 0xff


def pattern(n, x, y):
    """vgh_pattern() of tests/lib/pattern.c, as (r, g, b)."""
    p = ((x & 0xff) << 16) | ((y & 0xff) << 8) | ((x ^ y) & 0xff)
    if n:
        p ^= (0x00808080 + 0x00010305 * n) & 0xffffffff
    return ((p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("png")
    ap.add_argument("--size", help="expected WxH")
    ap.add_argument("--pattern", type=int, default=0)
    a = ap.parse_args()
    try:
        width, height, rows = read_png(a.png)
    except (OSError, PNGError, zlib.error) as e:
        print(f"{a.png}: {e}")
        return 2
    if a.size and a.size != f"{width}x{height}":
        print(f"{a.png}: {width}x{height}, expected {a.size}")
        return 1
    bad = 0
    for y, row in enumerate(rows):
        for x, got in enumerate(row):
            want = pattern(a.pattern, x, y)
            if got != want:
                if bad < 5:
                    print(f"  pixel {x},{y} is {bytes(got).hex()}, "
                          f"want {bytes(want).hex()}")
                bad += 1
    print(f"{a.png}: {width}x{height}, {bad} mismatching pixels")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
