#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""What a PNG screenshot shows, for the plot test (test-plot.sh).

    pngstat.py FILE [RRGGBB...]

Prints "WIDTHxHEIGHT colors N ink P%" (distinct colors; the share of
pixels that are not white), then for each RRGGBB "RRGGBB P%": the share
of pixels within 48 of it on every channel.  Reads 8-bit RGB or RGBA
PNGs, as Chromium writes them, with the standard library alone.
"""
import struct
import sys
import zlib


def pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{path}: not a PNG")
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    if depth != 8 or ctype not in (2, 6):
        sys.exit(f"{path}: want 8-bit RGB or RGBA, got depth {depth} type {ctype}")
    bpp = 3 if ctype == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    prev, out = bytearray(stride), []
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 255
        out.extend(tuple(line[i:i + 3]) for i in range(0, stride, bpp))
        prev = line
    return width, height, out


def main():
    width, height, px = pixels(sys.argv[1])
    ink = sum(1 for p in px if p != (255, 255, 255))
    print(f"{width}x{height} colors {len(set(px))} ink {100 * ink / len(px):.1f}%")
    for want in sys.argv[2:]:
        rgb = tuple(int(want[i:i + 2], 16) for i in (0, 2, 4))
        near = sum(1 for p in px if all(abs(p[i] - rgb[i]) <= 48 for i in range(3)))
        print(f"{want} {100 * near / len(px):.2f}%")


main()
