#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The SVG ladder renders: tests/ladder.c runs this in the guest on a
recorded trace of S1+S2.

    ladder-svg.py XTCP-LADDER TRACE OUTPREFIX

From TRACE it draws OUTPREFIX.svg, and ladders of the trace cut after 3
and 5 segments. Each SVG must parse as XML, be self-contained (no script,
no external reference, no font to fetch), and rsvg-convert must turn it
into a PNG that is not blank; the PNG's height grows with the segments.
Prints one "ok - ..." or "not ok - ..." line per check.
"""
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib

SVG_NS = "{http://www.w3.org/2000/svg}"


def report(ok, name, why=""):
    print(("ok - %s" % name) if ok else ("not ok - %s: %s" % (name, why)))
    return ok


def png_pixels(data):
    """(width, height, rows of RGB(A) bytes) of an 8-bit PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, hdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = hdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise ValueError("PNG kind %d/%d/%d not read here" %
                         (depth, ctype, interlace))
    bpp = 4 if ctype == 6 else 3
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], None
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(
            raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        prev = prev or bytearray(stride)
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pr) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def ink(w, h, bpp, rows):
    """The share of pixels that are neither white nor transparent."""
    dark = 0
    for row in rows:
        for x in range(w):
            px = row[x * bpp:(x + 1) * bpp]
            if (bpp == 4 and px[3] == 0) or px[:3] == b"\xff\xff\xff":
                continue
            dark += 1
    return dark / float(w * h)


def check(tool, trace_lines, prefix, label):
    """Draw, parse, render; the PNG's height, or None."""
    trace = prefix + ".trace"
    svg, png = prefix + ".svg", prefix + ".png"
    with open(trace, "w") as f:
        f.write("\n".join(trace_lines) + "\n")
    subprocess.run([tool, "-q", "-r", trace, "-o", svg], check=False)
    try:
        root = ET.parse(svg).getroot()
        ok = root.tag == SVG_NS + "svg"
    except (OSError, ET.ParseError) as e:
        return report(False, "svg %s: parses as XML" % label, str(e)) and None
    report(ok, "svg %s: parses as XML, an <svg>" % label, root.tag)
    text = open(svg).read()
    bad = [t for t in ("<script", "@import", "@font-face", "href=\"http",
                       "xlink:href", "<image", "url(http")
           if t in text]
    report(not bad, "svg %s: self-contained" % label, "has %s" % bad)
    arrows = sum(1 for e in root.iter(SVG_NS + "line")
                 if e.get("marker-end") or e.get("stroke-dasharray") == "5,3")
    r = subprocess.run(["rsvg-convert", "-o", png, svg],
                       capture_output=True, text=True)
    if not report(r.returncode == 0 and not r.stderr.strip(),
                  "svg %s: rsvg-convert renders it" % label,
                  "exit %d: %s" % (r.returncode, r.stderr.strip())):
        return None
    w, h = struct.unpack(">II", open(png, "rb").read()[16:24])
    # Pixels are read at a quarter of the size: Python is slow at it.
    small = prefix + "-small.png"
    subprocess.run(["rsvg-convert", "-z", "0.25", "-o", small, svg],
                   check=False)
    share = ink(*png_pixels(open(small, "rb").read()))
    report(share > 0.005, "svg %s: the PNG is not blank" % label,
           "%.4f of its pixels drawn" % share)
    print("# %s: %d arrows, %dx%d px, %.3f drawn" % (label, arrows, w, h,
                                                     share))
    return h


def main():
    tool, trace, prefix = sys.argv[1:4]
    lines = open(trace).read().splitlines()
    sends = [i for i, l in enumerate(lines) if "xtcp_segment_send:" in l]
    heights = []
    for k in (3, 5):
        if len(sends) <= k:
            report(False, "svg: the trace has more than %d segments" % k,
                   "it has %d" % len(sends))
            return
        heights.append(check(tool, lines[:sends[k]], "%s-%d" % (prefix, k),
                             "of %d segments" % k))
    heights.append(check(tool, lines, prefix, "of %d segments" % len(sends)))
    report(None not in heights and heights == sorted(set(heights)),
           "svg: the height grows with the segments (3, 5, %d)" % len(sends),
           "heights %s" % heights)


if __name__ == "__main__":
    main()
