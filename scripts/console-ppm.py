#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Save the PPM image a guest printed on its console as a PNG.

usage: console-ppm.py LOG PNG [NAME]

The guest prints the image's bytes in hex between a line VGH-PPM-BEGIN and
a line VGH-PPM-END (tests/guest/runheap.sh); a guest that prints several
images names each on its first line, VGH-PPM-BEGIN NAME
(tests/guest/userspace.sh), and NAME picks one. The image is a binary PPM
(P6, 8 bits per channel), as virtio-gpu-sim's scanoutN.ppm files are; the
PNG is 8-bit RGB without interlacing. Exits 1 when the log holds no
image, 2 when it cannot be read.
"""
import re
import struct
import sys
import zlib


def read_ppm_hex(path, name=None):
    with open(path, "rb") as f:
        text = f.read().decode(errors="replace").replace("\r", "")
    begin = "VGH-PPM-BEGIN" + (" " + re.escape(name) if name else "")
    m = re.search(rf"^{begin}\n(.*?)^VGH-PPM-END$", text, re.S | re.M)
    if not m:
        return None
    return bytes.fromhex("".join(m.group(1).split()))


def parse_ppm(data):
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    if not m:
        raise ValueError("not an 8-bit binary PPM")
    w, h = int(m.group(1)), int(m.group(2))
    pixels = data[m.end():]
    if len(pixels) != w * h * 3:
        raise ValueError(f"{len(pixels)} pixel bytes for {w}x{h}")
    return w, h, pixels


def chunk(kind, body):
    return (struct.pack(">I", len(body)) + kind + body +
            struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff))


def write_png(path, w, h, pixels):
    rows = b"".join(b"\0" + pixels[y * w * 3:(y + 1) * w * 3] for y in range(h))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(rows, 6)))
        f.write(chunk(b"IEND", b""))


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    try:
        data = read_ppm_hex(sys.argv[1], sys.argv[3] if len(sys.argv) == 4 else None)
        if data is None:
            print(f"{sys.argv[1]}: no image between VGH-PPM-BEGIN and VGH-PPM-END",
                  file=sys.stderr)
            return 1
        w, h, pixels = parse_ppm(data)
    except (OSError, ValueError) as e:
        print(f"{sys.argv[1]}: {e}", file=sys.stderr)
        return 2
    write_png(sys.argv[2], w, h, pixels)
    print(f"{sys.argv[2]}: {w}x{h}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
