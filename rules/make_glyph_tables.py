#!/usr/bin/env python3
"""Learn glyph id -> character tables of Japanese system fonts from PDFs that embed them.

Usage: python3 rules/make_glyph_tables.py PDF... (e.g. ../shared/realpdf/*.pdf)

Word, Excel and Acrobat Distiller embed MS-Mincho, MS-Gothic, ... as a CIDFontType2 with
/CIDToGIDMap /Identity, so a code is the font's own glyph id. Most producers add a /ToUnicode
map; some (Acrobat Distiller through a 90ms-RKSJ-H CMap) do not, and then the text can only be
read by knowing which glyph of the font is which character. Glyph ids of one font version are
stable across documents, so this script reads every such font that has a /ToUnicode, keyed by
its name (subset prefix and CMap suffix removed) and its glyph count (maxp), and writes
rules/glyphs/NAME-GLYPHCOUNT.tsv: one `glyph id<TAB>text` line per glyph seen. Where two
documents disagree on a glyph, the glyph is left out (and reported). Only Python 3 is needed.
"""

import os
import re
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "glyphs")
FONTS = re.compile(rb"^(MS-(P?Mincho|P?Gothic|UIGothic)|MS(P?)(Mincho|Gothic))$")


def objects(data):
    objs = {}
    for m in re.finditer(rb"(\d+)\s+0\s+obj\b", data):
        end = data.find(b"endobj", m.end())
        objs[int(m.group(1))] = data[m.end():end]
    for body in list(objs.values()):
        if b"/ObjStm" not in body[:500]:
            continue
        try:
            c = stream(body)
            n = int(re.search(rb"/N\s+(\d+)", body).group(1))
            first = int(re.search(rb"/First\s+(\d+)", body).group(1))
        except Exception:
            continue
        hdr = list(map(int, c[:first].split()))
        offs = [(hdr[2 * i], hdr[2 * i + 1]) for i in range(n)]
        for i, (num, off) in enumerate(offs):
            end = offs[i + 1][1] if i + 1 < n else len(c) - first
            objs.setdefault(num, c[first + off:first + end])
    return objs


def stream(body):
    k = body.find(b"stream")
    start = k + 6
    if body[start:start + 2] == b"\r\n":
        start += 2
    elif body[start:start + 1] in (b"\r", b"\n"):
        start += 1
    raw = body[start:]
    if b"/FlateDecode" in body[:k]:
        return zlib.decompressobj().decompress(raw)
    return raw


def ref(body, key):
    m = re.search(rb"/" + key + rb"\s*(\d+)\s+0\s+R", body)
    return int(m.group(1)) if m else None


def num_glyphs(font):
    n = struct.unpack(">H", font[4:6])[0]
    for i in range(n):
        tag, _, off, _ = struct.unpack(">4sIII", font[12 + 16 * i:28 + 16 * i])
        if tag == b"maxp":
            return struct.unpack(">H", font[off + 4:off + 6])[0]
    return None


def utf16(hexstr):
    b = bytes.fromhex(hexstr.decode())
    try:
        return b.decode("utf-16-be")
    except UnicodeDecodeError:
        return None


def to_unicode(cmap):
    out = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            t = utf16(text)
            if t:
                out[int(code, 16)] = t
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, rest in re.findall(
                rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block):
            lo, hi = int(lo, 16), int(hi, 16)
            if rest.startswith(b"["):
                for i, t in enumerate(re.findall(rb"<([0-9A-Fa-f]*)>", rest)):
                    t = utf16(t)
                    if t and lo + i <= hi:
                        out[lo + i] = t
            else:
                base = utf16(rest[1:-1])
                if base and len(base) == 1 and hi - lo < 65536:
                    for i in range(hi - lo + 1):
                        out[lo + i] = chr(ord(base) + i)
    return out


def learn(path, tables, conflicts):
    objs = objects(open(path, "rb").read())
    for body in objs.values():
        if b"/Type0" not in body or b"/Identity-H" not in body:
            continue
        tu = ref(body, b"ToUnicode")
        m = re.search(rb"/DescendantFonts\s*\[?\s*(\d+)\s+0\s+R", body)
        if tu is None or not m or tu not in objs or int(m.group(1)) not in objs:
            continue
        cid = objs[int(m.group(1))]
        if b"/CIDToGIDMap/Identity" not in cid.replace(b" ", b""):
            continue
        desc = ref(cid, b"FontDescriptor")
        ff = ref(objs.get(desc, b""), b"FontFile2") if desc else None
        name = re.search(rb"/BaseFont\s*/([^\s/<>\[\]()]+)", cid)
        if ff is None or ff not in objs or not name:
            continue
        base = name.group(1).split(b"+")[-1]
        if not FONTS.match(base):
            continue
        try:
            glyphs = num_glyphs(stream(objs[ff]))
            cmap = to_unicode(stream(objs[tu]))
        except Exception:
            continue
        key = "%s-%d" % (base.decode(), glyphs)
        table = tables.setdefault(key, {})
        for gid, text in cmap.items():
            if gid in table and table[gid] != text:
                conflicts.setdefault(key, set()).add(gid)
            table[gid] = text


def main():
    tables, conflicts = {}, {}
    for path in sys.argv[1:]:
        learn(path, tables, conflicts)
    os.makedirs(OUT, exist_ok=True)
    for key, table in sorted(tables.items()):
        bad = conflicts.get(key, set())
        rows = [(g, t) for g, t in sorted(table.items()) if g not in bad and t.isprintable()]
        with open(os.path.join(OUT, key + ".tsv"), "w", encoding="utf-8") as f:
            f.write("# glyph id -> text of %s (%s glyphs), learned by rules/make_glyph_tables.py\n"
                    % tuple(key.rsplit("-", 1)))
            for g, t in rows:
                f.write("%d\t%s\n" % (g, t))
        print("%s: %d glyphs (%d left out: documents disagree)" % (key, len(rows), len(bad)))


if __name__ == "__main__":
    main()
