#!/usr/bin/env python3
"""Checks what a screenshot taken by grim shows:

    screenshot.py PICTURE.png --page kiosk|waiting

kiosk: the kiosk page, its blue bar across the top and a light page below it; waiting: the
waiting page, blue all over. Exits non-zero otherwise. Only the standard library (zlib): no
imaging package needed.
"""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour = header[:4]
    assert depth == 8 and colour in (2, 6), f"unexpected PNG form {depth}/{colour}"
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = previous[x]
            c = previous[x - bpp] if x >= bpp else 0
            if kind == 1: line[x] = (line[x] + a) & 255
            elif kind == 2: line[x] = (line[x] + b) & 255
            elif kind == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, bpp)])
        previous = line
    return width, height, rows


def main():
    width, height, rows = read_png(sys.argv[1])
    def share(y0, y1, test):
        cells = [rows[y][x] for y in range(y0, y1, 4) for x in range(0, width, 4)]
        return sum(1 for px in cells if test(px)) / len(cells)
    page = sys.argv[sys.argv.index("--page") + 1]
    blue = lambda p: p[2] > 140 and p[0] < 60                                   # #0b5cad
    blue_top = share(0, max(4, height // 30), blue)
    if page == "waiting":
        blue_all = share(0, height, blue)
        print(f"{width}x{height}: blue {blue_all:.0%} of the screen")
        if blue_all < 0.8:
            sys.exit("the screenshot does not show the waiting page")
    else:
        light_page = share(height // 4, height, lambda p: min(p) > 200)         # #f3f5f7
        print(f"{width}x{height}: blue bar {blue_top:.0%} of the top, light page {light_page:.0%} of the rest")
        if blue_top < 0.5 or light_page < 0.3:
            sys.exit("the screenshot does not show the kiosk page")


if __name__ == "__main__":
    main()
