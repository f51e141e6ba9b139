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
  form-chart.pdf  a chart as a form XObject (/Matrix, placed by `cm`): labels where the form is
                  drawn, axis digits beyond the page edge left out
  ocr-layer.pdf   a scan's invisible OCR layer (3 Tr) over a page image: columns running down
                  the page and a horizontal title above them (read left to right)
  cell-lines.pdf  a ruled table row: two entries stacked in one cell, a sentence wrapped in
                  another
  two-blocks.pdf  a table with ruled columns and unruled rows, drawn as two text blocks (all
                  labels, then all amounts): each label with its amount
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

    def write(self, path, content, width=595, height=842, xobjects=None):
        """`xobjects(pdf, font)` may add XObjects and return their resource entries."""
        pdf = Pdf()
        catalog = pdf.add("")
        pages = pdf.add("")
        page = pdf.add("")
        font, _ = identity_font(pdf, "".join(self.chars))
        extra = " " + xobjects(pdf, font) if xobjects else ""
        contents = pdf.stream(content, flate=True)
        pdf.set(catalog, "<< /Type /Catalog /Pages %d 0 R >>" % pages)
        pdf.set(pages, "<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
        pdf.set(page, "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] "
                      "/Resources << /Font << /F1 %d 0 R >>%s >> /Contents %d 0 R >>"
                % (pages, width, height, font, extra, contents))
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


def form_chart():
    """A chart pasted as a form XObject (Word, Excel): scaled by its /Matrix and placed by the
    `cm` before its `Do`. Its labels belong where the form is drawn, not at their coordinates
    inside the form (where they would fall on the body line at the bottom); its axis digits lie
    beyond the page's right edge once placed, where nobody sees them (pdftotext prints none)."""
    body = ["本文の一行目です。", "グラフの説明文がここに入ります。"]
    labels = ["売上高の推移", "前年比の推移"]
    axis = ["12", "13"]
    p = Page(body + labels + axis)

    def xobjects(pdf, font):
        inner = (b"BT /F1 60 Tf 1 0 0 1 300 300 Tm " + p.enc(labels[0]) + b" Tj "
                 b"1 0 0 1 300 220 Tm " + p.enc(labels[1]) + b" Tj "
                 b"1 0 0 1 2600 300 Tm " + p.enc(axis[0]) + b" Tj "
                 b"1 0 0 1 2600 220 Tm " + p.enc(axis[1]) + b" Tj ET\n"
                 b"0 0 m 2000 0 l S")
        form = pdf.stream(inner, extra=" /Type /XObject /Subtype /Form /BBox [0 0 3000 2000] "
                          "/Matrix [0.1 0 0 0.1 0 0] /Resources << /Font << /F1 %d 0 R >> >>"
                          % font)
        return "/XObject << /Fm1 %d 0 R >>" % form

    content = (b"BT /F1 12 Tf 1 0 0 1 60 700 Tm " + p.enc(body[0]) + b" Tj ET\n"
               b"q 2 0 0 2 100 400 cm /Fm1 Do Q\n"
               b"BT /F1 12 Tf 1 0 0 1 60 300 Tm " + p.enc(body[1]) + b" Tj ET")
    p.write(os.path.join(OUT, "form-chart.pdf"), content, xobjects=xobjects)
    return body[0] + "\n\n" + labels[0] + "\n" + labels[1] + "\n\n" + body[1] + "\n"


def ocr_layer():
    """A scan with an invisible OCR text layer (render mode 3) over the page image: most of the
    text set in columns running down the page, and a horizontal title above them, which must
    read left to right (laid out in the columns' frame it came out reversed)."""
    title = "上水南町寄付公園概算工事費算出"
    columns = ["工事費の内訳は次のとおりです", "植栽工事一式", "舗装工事一式"]
    p = Page([title] + columns)

    def xobjects(pdf, font):
        image = pdf.add(b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 "
                        b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Length 1 >>\n"
                        b"stream\n\xff\nendstream")
        return "/XObject << /Im1 %d 0 R >>" % image

    ops = [b"q 595 0 0 842 0 0 cm /Im1 Do Q", b"BT 3 Tr /F1 12 Tf",
           b"1 0 0 1 60 792 Tm " + p.enc(title) + b" Tj"]
    for k, col in enumerate(columns):
        # Glyphs turned a quarter clockwise: the text runs down the page.
        ops.append(b"0 -1 1 0 %d 760 Tm " % (500 - 18 * k) + p.enc(col) + b" Tj")
    ops.append(b"ET")
    p.write(os.path.join(OUT, "ocr-layer.pdf"), b"\n".join(ops), xobjects=xobjects)
    return title + "\n" + "\n".join(columns) + "\n"


def cell_lines():
    """A ruled table row (Excel): one cell holds two entries stacked on two lines (the first
    ends well short of the cell), another a sentence wrapped at the cell's width. The entries
    stay apart (a space), the wrapped sentence is one."""
    first = "村有林整備事業"
    stacked = ["音威子府村字咲来", "音威子府村字上音威子府"]
    wrapped = ["指名競争入札により発注する予", "定の工事です"]
    p = Page([first] + stacked + wrapped)
    xs = [50, 200, 350, 530]
    ops = [b"0.5 w"]
    for x in xs:
        ops.append(b"%d 700 m %d 650 l S" % (x, x))
    for y in (700, 650):
        ops.append(b"%d %d m %d %d l S" % (xs[0], y, xs[-1], y))
    ops.append(b"BT /F1 12 Tf 1 0 0 1 54 671 Tm " + p.enc(first) + b" Tj")
    ops.append(b"1 0 0 1 204 680 Tm " + p.enc(stacked[0]) + b" Tj")
    ops.append(b"1 0 0 1 204 664 Tm " + p.enc(stacked[1]) + b" Tj")
    ops.append(b"1 0 0 1 354 680 Tm " + p.enc(wrapped[0]) + b" Tj")
    ops.append(b"1 0 0 1 354 664 Tm " + p.enc(wrapped[1]) + b" Tj ET")
    p.write(os.path.join(OUT, "cell-lines.pdf"), b"\n".join(ops))
    return first + "\t" + " ".join(stacked) + "\t" + "".join(wrapped) + "\n"


def two_blocks():
    """A budget table drawn as two text blocks (DocuWorks): first every label of the label
    column, top to bottom, then every amount of the amount column; the columns are ruled, the
    rows are not. Each label must come out with its amount, row by row (the rows used to merge
    into one, all labels then all amounts)."""
    rows = [("地域手当", "9,702"), ("住居手当", "3,688"), ("通勤手当", "7,672"),
            ("期末手当", "12,530")]
    p = Page([r[0] for r in rows] + [r[1] for r in rows] + ["千円"])
    ops = [b"0.5 w"]
    for x in (50, 200, 350):
        ops.append(b"%d 720 m %d 640 l S" % (x, x))
    ops.append(b"50 720 m 350 720 l S 50 640 m 350 640 l S")
    ops.append(b"BT /F1 12 Tf 16 TL 1 0 0 1 60 700 Tm")
    for label, _ in rows:
        ops.append(p.enc(label) + b" Tj T*")
    ops.append(b"ET BT /F1 12 Tf 16 TL 1 0 0 1 260 700 Tm")
    for _, amount in rows:
        ops.append(p.enc("千円" + amount) + b" Tj T*")
    ops.append(b"ET")
    p.write(os.path.join(OUT, "two-blocks.pdf"), b"\n".join(ops))
    return "".join("%s\t千円%s\n" % r for r in rows)


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {
        "quote-ops": quote_ops(),
        "fake-bold": fake_bold(),
        "vertical-order": vertical_order(),
        "form-chart": form_chart(),
        "ocr-layer": ocr_layer(),
        "cell-lines": cell_lines(),
        "two-blocks": two_blocks(),
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
