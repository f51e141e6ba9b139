#!/usr/bin/env python3
"""Writes the broken inputs of corpus/bad/ (issue 10). Run from anywhere:

    python3 corpus/bad/make.py

Deterministic (fixed seeds). Needs qpdf only for the encrypted PDF; the files are committed,
so tests never need Python or qpdf. Files too large to commit (the 50 MB single-line TXT)
are made by the test itself (tests/it/hostile.rs).
"""
import os
import random
import shutil
import subprocess
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def w(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def pdf(objects, root=1, broken_xref=False):
    """A PDF from a list of object bodies (bytes), numbered from 1, with a correct xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        if broken_xref:
            off = off * 7 + 13  # points into the middle of nowhere
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, xref)
    return bytes(out)


def text_page_objects(lines):
    content = b"BT /F1 12 Tf 72 720 Td 14 TL " + b" ".join(
        b"(" + l.encode("latin-1") + b") Tj T*" for l in lines) + b" ET"
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]


def main():
    good = pdf(text_page_objects(["Plan 2025", "1 Background", "(1) Items"]))
    w("good_minimal.pdf", good)
    w("empty.txt", b"")
    w("empty.pdf", b"")
    for cut in (20, 200, len(good) // 2, len(good) - 30):
        w("truncated_at_%d.pdf" % cut, good[:cut])
    w("broken_xref.pdf", pdf(text_page_objects(["broken xref"]), broken_xref=True))
    # The page tree's kid is the page tree itself.
    loop = text_page_objects(["loop"])
    loop[1] = b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>"
    w("page_tree_loop.pdf", pdf(loop))
    # A page with only an image: a scanned document without a text layer.
    px = zlib.compress(bytes(random.Random(1).randrange(256) for _ in range(64 * 64)))
    w("image_only.pdf", pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % len(px) + px + b"\nendstream",
        b"<< /Length 31 >>\nstream\nq 400 0 0 400 100 300 cm /Im1 Do Q\nendstream",
    ]))
    if shutil.which("qpdf"):
        src = os.path.join(HERE, "good_minimal.pdf")
        subprocess.run(["qpdf", "--encrypt", "secret-user", "secret-owner", "256", "--", src,
                        os.path.join(HERE, "encrypted_unknown_password.pdf")], check=True)
        subprocess.run(["qpdf", "--allow-weak-crypto", "--encrypt", "", "owner-only", "128", "--", src,
                        os.path.join(HERE, "encrypted_empty_user_password.pdf")], check=True)
    w("random_bytes.txt", bytes(random.Random(2).randrange(256) for _ in range(4096)))
    w("not_a_pdf.pdf", b"<html><body>404 Not Found</body></html>\n")
    sjis = "令和7年度 行財政改革推進計画\n1 計画策定の背景\n".encode("cp932")
    w("sjis_invalid_sequences.txt", sjis + b"\x81\x20\xa0\xfd\x82" + sjis)
    w("mixed_encodings.txt", "1 はじめに\n令和7年度の計画\n".encode("utf-8") + sjis + "(1) 終わり\n".encode("euc_jp"))
    w("utf16_odd_length.txt", b"\xff\xfe" + "令和7年度\n".encode("utf-16-le") + b"\x30")
    # 10,000 nested numbering levels: a compound id of 10,000 parts, and labels of every
    # scheme opened inside one another 10,000 times over.
    schemes = ["第{}章", "{} ", "({}) ", "①", "ア ", "(ア) ", "a ", "(a) "]
    lines = ["-".join(["(1)"] + ["1"] * 9999) + " 深い見出し"]
    for i in range(10000):
        s = schemes[i % len(schemes)]
        lines.append((s.format(1) if "{}" in s else s) + "見出し%d" % i)
    w("deep_nesting.txt", ("\n".join(lines) + "\n").encode("utf-8"))
    w("many_columns.txt", ("\t".join(str(i) for i in range(20000)) + "\n").encode() * 3)


if __name__ == "__main__":
    main()
