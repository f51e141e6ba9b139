#!/usr/bin/env python3
"""Make the hostile PDFs of benches/hostile.sh (Python standard library only).

    python3 benches/hostile/make.py OUT_DIR

writes into OUT_DIR (nothing here is committed; the files are made when needed):

  bomb.pdf        one page whose ~1 MB FlateDecode content inflates to 1 GiB of text operators
  bomb256.pdf     the same, inflating to 256 MiB (the size the batch benchmark uses)
  bomb64.pdf      the same, inflating to 64 MiB (~65 KB on disk)
  glyphs.pdf      one page drawing 5 million tiny glyphs from a ~10 KB stream (glyph flood)
  ops.pdf         one page of 12 million `q Q` operators (operator flood)
  objstm.pdf      an object stream that inflates to 512 MiB (bomb at load time)
  strings.pdf     two pages, each a 60 MiB content stream of long strings: just under the
                  inflate limit and the token limit (the most a page may cost in memory)
  slow.pdf        5,000 pages sharing one content stream of 20,000 glyphs: every page is
                  within the limits, the whole takes minutes (past the time limit)

tests/it/limits.rs makes the same shapes, smaller, from Rust at test time.
"""
import os
import sys
import zlib

LINE = b"BT /F1 12 Tf 72 720 Td (Hello hostile world) Tj ET\n"


def deflate_repeat(unit, total):
    """zlib stream of `unit` repeated until `total` bytes, compressed in chunks."""
    c = zlib.compressobj(9)
    chunk = unit * max(1, (1 << 20) // len(unit))
    out = []
    left = total
    while left > 0:
        piece = chunk if left >= len(chunk) else chunk[:left]
        out.append(c.compress(piece))
        left -= len(piece)
    out.append(c.flush())
    return b"".join(out)


def pdf(objects, root=1):
    """A PDF from {number: bytes-of-object-body} with a correct xref table."""
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for n in sorted(objects):
        offsets[n] = len(out)
        out += b"%d 0 obj\n" % n + objects[n] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for n in range(1, size):
        if n in offsets:
            out += b"%010d 00000 n \n" % offsets[n]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


def stream(data, flate=True):
    head = b"<< /Length %d" % len(data) + (b" /Filter /FlateDecode" if flate else b"") + b" >>"
    return head + b"\nstream\n" + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pages_pdf(content_ids, streams):
    """Catalog 1, pages 2, font 3, then one page per entry of content_ids."""
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: FONT}
    objs.update(streams)
    first = max(objs) + 1
    kids = []
    for i, cid in enumerate(content_ids):
        n = first + i
        kids.append(b"%d 0 R" % n)
        objs[n] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                   b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % cid)
    objs[2] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(kids)
    return pdf(objs)


def bomb(size):
    return pages_pdf([4], {4: stream(deflate_repeat(LINE, size))})


def glyphs(n):
    # A 0.1-point font: n glyphs in strings of 10,000 on one page.
    body = bytearray(b"BT /F1 0.1 Tf 10 10 Td\n")
    per = 10_000
    for _ in range(n // per):
        body += b"(" + b"x" * per + b") Tj 0 0.2 Td\n"
    body += b"ET\n"
    return pages_pdf([4], {4: stream(zlib.compress(bytes(body), 9))})


def ops(n):
    return pages_pdf([4], {4: stream(deflate_repeat(b"q Q\n", n * 2))})


def objstm(size):
    # An object stream (it holds object 5) padded with whitespace after its first object:
    # lopdf inflates the whole stream when it loads the file.
    head = b"5 0 "
    first = len(head)
    c = zlib.compressobj(9)
    data = c.compress(head + b"<< /Junk true >>")
    chunk = b" " * (1 << 20)
    left = size
    while left > 0:
        data += c.compress(chunk[: min(left, len(chunk))])
        left -= len(chunk)
    data += c.flush()
    objstm = (b"<< /Type /ObjStm /N 1 /First %d /Length %d /Filter /FlateDecode >>\nstream\n"
              % (first, len(data)) + data + b"\nendstream")
    content = stream(zlib.compress(LINE))
    return pages_pdf([4], {4: content, 6: objstm})


def strings(pages, size):
    unit = b"(" + b"y" * 100_000 + b") Tj\n"
    ids = list(range(4, 4 + pages))
    streams = {}
    for i in ids:
        # Each page its own stream (another first line), so nothing is shared.
        head = b"BT /F1 0.1 Tf %d 10 Td\n" % i
        c = zlib.compressobj(9)
        data = c.compress(head)
        left = size
        while left > 0:
            data += c.compress(unit)
            left -= len(unit)
        data += c.compress(b"ET\n") + c.flush()
        streams[i] = stream(data)
    return pages_pdf(ids, streams)


def slow(pages, glyphs_per_page):
    body = bytearray(b"BT /F1 10 Tf 20 800 Td 12 TL\n")
    line = b"T* (" + b"Slow text for a time limit. " * 3 + b") Tj\n"
    per = len(line) - 9
    for _ in range(glyphs_per_page // per):
        body += line
    body += b"ET\n"
    return pages_pdf([4] * pages, {4: stream(zlib.compress(bytes(body), 9))})


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    made = {
        "bomb64.pdf": lambda: bomb(64 << 20),
        "bomb256.pdf": lambda: bomb(256 << 20),
        "bomb.pdf": lambda: bomb(1 << 30),
        "glyphs.pdf": lambda: glyphs(5_000_000),
        "ops.pdf": lambda: ops(12_000_000),
        "objstm.pdf": lambda: objstm(512 << 20),
        "strings.pdf": lambda: strings(2, 60 << 20),
        "slow.pdf": lambda: slow(5000, 20_000),
    }
    for name, make in made.items():
        path = os.path.join(out, name)
        data = make()
        with open(path, "wb") as f:
            f.write(data)
        print(f"{path}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
