#!/usr/bin/env python3
"""Make small PDFs, one per failure class seen in real producers' PDFs, in corpus/pdf/real/.

Run from the repository root: python3 corpus/pdf/make_real_classes.py
Needs only Python 3 (objects, xref and trailer written by hand, with the writer of
make_cmap_fixtures.py). If `pdftotext` is installed it also writes NAME.pdftotext.txt. Each
NAME.expected.txt is the text in reading order, as `jplan extract` prints it.

The text is shown with an Identity-H font with a /ToUnicode map (as Word, Ghostscript and
iText write Japanese text). Fixtures:

  quote-ops.pdf   lines shown with the ' and " operators after a Tj (Ghostscript writes the
                  second and later lines of a block so): labels and amounts on one line
  fake-bold.pdf   every string of the heading drawn four times, a quarter point apart (fake
                  bold, as Ghostscript printed it from Word), then a plain line whose doubled
                  characters (ここ, 々) are really in the text
  vertical-order.pdf  a page written vertically glyph by glyph with a horizontal font (as
                  Microsoft Print to PDF writes 縦書き): the first column of each paragraph
                  starts one glyph lower than the continuation columns, and item numerals
                  stand a blank glyph above their text; a two-digit number set across the
                  column (縦中横); columns read right to left
"""

import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_cmap_fixtures import Pdf, identity_font, pdf_string  # noqa: E402

OUT = os.path.join(HERE, "real")


class Page:
    """One page with one Identity-H font that covers every text given to `enc`."""

    def __init__(self, texts):
        self.all = "".join(texts)
        self.chars = []
        for c in self.all:
            if c not in self.chars:
                self.chars.append(c)

    def enc(self, text):
        return pdf_string(b"".join((self.chars.index(c) + 1).to_bytes(2, "big") for c in text))

    def write(self, path, content, width=595, height=842):
        pdf = Pdf()
        catalog = pdf.add("")
        pages = pdf.add("")
        page = pdf.add("")
        font, _ = identity_font(pdf, "".join(self.chars))
        contents = pdf.stream(content, flate=True)
        pdf.set(catalog, "<< /Type /Catalog /Pages %d 0 R >>" % pages)
        pdf.set(pages, "<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
        pdf.set(page, "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] "
                      "/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                % (pages, width, height, font, contents))
        pdf.write(path, catalog)


def quote_ops():
    lines = ["歳入予算の概要", "1 市税 1,000", "2 地方譲与税 680,000", "世帯数 111,984 世帯"]
    p = Page(lines)
    content = (b"BT /F1 12 Tf 18 TL 1 0 0 1 40 760 Tm " + p.enc(lines[0]) + b" Tj\n"
               + p.enc(lines[1]) + b" '\n"
               + b"0 0 " + p.enc(lines[2]) + b" \"\n"
               + p.enc(lines[3]) + b" ' ET")
    p.write(os.path.join(OUT, "quote-ops.pdf"), content)
    return "\n".join(lines) + "\n"


def fake_bold():
    heading = "森と水と人が輝くまち 2060年"
    plain = "ここから人々の暮らしを守る"
    p = Page([heading, plain])
    h = p.enc(heading)
    # Ghostscript's fake bold: the string, then again 0.24 left and down, up, and right.
    content = (b"BT /F1 12 Tf 1 0 0 1 60 760 Tm " + h + b" Tj\n"
               + b"-0.24 -0.24 Td " + h + b" Tj\n"
               + b"0 0.24 Td " + h + b" Tj\n"
               + b"0.24 -0.24 Td " + h + b" Tj\n"
               + b"ET\nBT /F1 12 Tf 1 0 0 1 60 744 Tm " + p.enc(plain) + b" Tj ET")
    p.write(os.path.join(OUT, "fake-bold.pdf"), content)
    return heading + "\n" + plain + "\n"


def vertical_order():
    size, slots, pitch, top, right = 12, 10, 24, 780, 520
    # (first column indented?, text) per paragraph; "　" is a blank slot.
    paragraphs = [
        (True, "届出については、届出を行う保険医療機関の所在地を管轄する"),
        (True, "一　地方厚生局長等に対して行うこと。"),
        (True, "二　当該届出に係る事項に関し、不正がないこと。"),
        (True, "三　第#条による。"),
    ]
    # "#" is a number set across the column (縦中横): two digits at half width in one slot.
    across = "10"
    columns = []
    for indented, text in paragraphs:
        slot = 1 if indented else 0
        col = []
        for ch in text:
            if slot == slots:
                columns.append(col)
                col, slot = [], 0
            col.append((slot, ch))
            slot += 1
        columns.append(col)
    p = Page([t for _, t in paragraphs] + [across])
    ops = [b"BT /F1 %d Tf" % size]
    expected = []
    for k, col in enumerate(columns):
        x = right - k * pitch
        for slot, ch in col:
            if ch == "\u3000":
                continue
            pos = b"1 0 0 1 %d %d Tm " % (x, top - slot * size)
            if ch == "#":
                ops.append(b"50 Tz " + pos + p.enc(across) + b" Tj 100 Tz")
            else:
                ops.append(pos + p.enc(ch) + b" Tj")
        expected.append("".join(ch for _, ch in col).strip("\u3000").replace("#", across))
    ops.append(b"ET")
    p.write(os.path.join(OUT, "vertical-order.pdf"), b"\n".join(ops))
    return "\n".join(expected) + "\n"


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {
        "quote-ops": quote_ops(),
        "fake-bold": fake_bold(),
        "vertical-order": vertical_order(),
    }
    have_poppler = shutil.which("pdftotext") is not None
    for name, text in expected.items():
        with open(os.path.join(OUT, name + ".expected.txt"), "w", encoding="utf-8") as f:
            f.write(text)
        if have_poppler:
            pdf = os.path.join(OUT, name + ".pdf")
            out = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=False,
                                 capture_output=True).stdout
            with open(os.path.join(OUT, name + ".pdftotext.txt"), "wb") as f:
                f.write(out)
    print("wrote %d fixtures to %s" % (len(expected), OUT))


if __name__ == "__main__":
    main()
