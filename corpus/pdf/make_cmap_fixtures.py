#!/usr/bin/env python3
"""Make the predefined-CMap PDF fixtures of corpus/pdf/cmap/ and their expected texts.

Run from the repository root: python3 corpus/pdf/make_cmap_fixtures.py
Needs only Python 3 to write the PDFs (objects, xref and trailer are written by hand).
If `pdftotext` (poppler-utils, with poppler-data for the CMaps) is installed, it also writes
NAME.pdftotext.txt (what `pdftotext -layout` printed) next to each NAME.pdf; the tests never
run pdftotext.

The PDFs imitate older Japanese producers (2005-2015): a Type0 font whose /Encoding is a
predefined CMap name, a CIDFontType0 descendant /Ryumin-Light (Adobe-Japan1) that is not
embedded, and no /ToUnicode. Fixtures:

  h-<CMAP>.pdf      one line, LINE below, horizontal CMaps of every family
  v-<CMAP>.pdf      vertical writing: two columns (right one first), every -V CMap
  table-row.pdf     a table row under UniJIS-UCS2-H: cells placed apart (a column gap)
  unknown-cmap.pdf  a font with /Encoding /Foo-Bar-H, and a normal Identity-H font
                    with a /ToUnicode on the same page
  operators.pdf     90ms-RKSJ-H text shown with TJ (a kerning number opens a column gap),
                    ' and " (next line by TL), and inside a form XObject with a /Matrix;
                    page content and form compressed (FlateDecode)
  direct-font.pdf   EUC-H, with the Type0 font and its CIDFont written directly inside the
                    page's /Resources (no font objects of their own)
  inherited.pdf     two pages that inherit their fonts from the /Pages node's /Resources:
                    page 1 horizontal (UniJIS-UCS2-H), page 2 vertical (90ms-RKSJ-V)
  v-Identity-V.pdf  two vertical columns in an Identity-V font with a /ToUnicode (pdf-extract
                    would lay them out horizontally, one over the other)
  no-descriptor.pdf a 90ms-RKSJ-H font whose CIDFont lacks its /FontDescriptor (pdf-extract
                    would fail the page), next to a normal Identity-H font
  v-embedded-usecmap.pdf  an embedded CMap stream /Custom-RKSJ-V (/WMode 1) that says
                    `/90ms-RKSJ-H usecmap` and adds one mapping of its own
  v-heading.pdf     a vertical heading (UniJIS-UCS2-V) right of three horizontal lines
                    (UniJIS-UCS2-H) on one page

For every NAME.pdf, NAME.expected.txt holds the text a perfect extractor gives (lines joined
by newlines, as `jplan extract` prints them).
"""

import zlib
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cmap")

LINE = "令和7年度 行財政改革推進計画（第3次）"
COLUMNS = ["令和7年度", "行財政改革推進計画（第3次）"]

# Horizontal and vertical CMaps by family.
HORIZONTAL = [
    "UniJIS-UCS2-H", "UniJIS-UCS2-HW-H", "UniJIS-UTF16-H", "UniJIS-UTF8-H", "UniJIS-UTF32-H",
    "90ms-RKSJ-H", "90msp-RKSJ-H", "83pv-RKSJ-H", "RKSJ-H", "EUC-H", "H",
]
VERTICAL = [
    "UniJIS-UCS2-V", "UniJIS-UCS2-HW-V", "UniJIS-UTF16-V", "UniJIS-UTF8-V", "UniJIS-UTF32-V",
    "90ms-RKSJ-V", "90msp-RKSJ-V", "RKSJ-V", "EUC-V", "V",
]

FONT_SIZE = 12


def family(cmap):
    if cmap.startswith("UniJIS-UCS2") or cmap.startswith("UniJIS-UTF16"):
        return "utf16"
    if cmap.startswith("UniJIS-UTF8"):
        return "utf8"
    if cmap.startswith("UniJIS-UTF32"):
        return "utf32"
    if "RKSJ" in cmap:
        return "sjis"
    if cmap.startswith("EUC"):
        return "euc"
    if cmap in ("H", "V"):
        return "jis"
    raise ValueError(cmap)


def jis_text(text):
    """JIS X 0208 has no one-byte codes: ASCII digits and spaces become full width."""
    out = []
    for c in text:
        if c == " ":
            out.append("\u3000")
        elif "0" <= c <= "9":
            out.append(chr(ord(c) - ord("0") + ord("０")))
        else:
            out.append(c)
    return "".join(out)


def encode(cmap, text):
    """The codes of `text` under `cmap`, and the text a reader gets back from them."""
    fam = family(cmap)
    if fam == "utf16":
        return text.encode("utf-16-be"), text
    if fam == "utf8":
        return text.encode("utf-8"), text
    if fam == "utf32":
        return text.encode("utf-32-be"), text
    if fam == "sjis":
        # One-byte ASCII digits and space mixed with two-byte kanji.
        return text.encode("cp932"), text
    if fam == "euc":
        return text.encode("euc_jp"), text
    full = jis_text(text)
    return bytes(b & 0x7F for b in full.encode("euc_jp")), full


def pdf_string(data):
    return b"<" + data.hex().upper().encode() + b">"


class Pdf:
    def __init__(self):
        self.objects = []

    def add(self, body):
        if isinstance(body, str):
            body = body.encode("latin-1")
        self.objects.append(body)
        return len(self.objects)

    def set(self, num, body):
        if isinstance(body, str):
            body = body.encode("latin-1")
        self.objects[num - 1] = body

    def stream(self, data, extra="", flate=False):
        if flate:
            data = zlib.compress(data)
            extra = " /Filter /FlateDecode" + extra
        return self.add(b"<< /Length %d%s >>\nstream\n" % (len(data), extra.encode("latin-1"))
                        + data + b"\nendstream")

    def write(self, path, root):
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(self.objects, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n" % (len(self.objects) + 1)
        out += b"0000000000 65535 f \n"
        for off in offsets:
            out += b"%010d 00000 n \n" % off
        out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
            len(self.objects) + 1, root, xref)
        with open(path, "wb") as f:
            f.write(out)


def predefined_font(pdf, cmap, widths=True, descriptor=True):
    """A non-embedded Ryumin-Light with a predefined CMap and no /ToUnicode."""
    if not descriptor:
        cid = pdf.add("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /Ryumin-Light "
                      "/CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> "
                      "/W [231 389 500] >>")
        return pdf.add("<< /Type /Font /Subtype /Type0 /BaseFont /Ryumin-Light-%s /Encoding /%s "
                       "/DescendantFonts [%d 0 R] >>" % (cmap, cmap, cid))
    desc = pdf.add("<< /Type /FontDescriptor /FontName /Ryumin-Light /Flags 6 "
                   "/FontBBox [-170 -331 1024 903] /ItalicAngle 0 /Ascent 723 /Descent -241 "
                   "/CapHeight 709 /StemV 69 >>")
    # Proportional (CIDs 1-95) and half-width (231-389) glyphs are half an em wide, the
    # space a quarter; everything else takes /DW.
    w = "/DW 1000 /W [1 [250] 2 95 500 231 [250] 232 389 500]" if widths else ""
    cid = pdf.add("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /Ryumin-Light "
                  "/CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> "
                  "/FontDescriptor %d 0 R %s >>" % (desc, w))
    return pdf.add("<< /Type /Font /Subtype /Type0 /BaseFont /Ryumin-Light-%s /Encoding /%s "
                   "/DescendantFonts [%d 0 R] >>" % (cmap, cmap, cid))


def page_pdf(path, width, height, fonts, content):
    """A one-page PDF; `fonts` maps resource names to font object numbers."""
    pdf = Pdf()
    catalog = pdf.add("")
    pages = pdf.add("")
    page = pdf.add("")
    font_objs = {name: build(pdf) for name, build in fonts.items()}
    contents = pdf.stream(content)
    res = " ".join("/%s %d 0 R" % (n, o) for n, o in font_objs.items())
    pdf.set(catalog, "<< /Type /Catalog /Pages %d 0 R >>" % pages)
    pdf.set(pages, "<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    pdf.set(page, "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] "
                  "/Resources << /Font << %s >> >> /Contents %d 0 R >>"
            % (pages, width, height, res, contents))
    pdf.write(path, catalog)


def horizontal(cmap):
    codes, text = encode(cmap, LINE)
    content = b"BT /F1 %d Tf 1 0 0 1 40 150 Tm " % FONT_SIZE + pdf_string(codes) + b" Tj ET"
    # Every other fixture gives no /W: one-byte codes then take half an em by default.
    widths = HORIZONTAL.index(cmap) % 2 == 0
    page_pdf(os.path.join(OUT, "h-%s.pdf" % cmap), 420, 200,
             {"F1": lambda pdf: predefined_font(pdf, cmap, widths)}, content)
    return text + "\n"


def vertical(cmap):
    # In vertical writing the text position is the top centre of the glyph and moves down;
    # columns go right to left, 20 units apart (a gap of two thirds of an em).
    parts = [b"BT /F1 %d Tf" % FONT_SIZE]
    texts = []
    for i, col in enumerate(COLUMNS):
        codes, text = encode(cmap, col)
        texts.append(text)
        parts.append(b"1 0 0 1 %d 260 Tm " % (150 - 20 * i) + pdf_string(codes) + b" Tj")
    parts.append(b"ET")
    page_pdf(os.path.join(OUT, "v-%s.pdf" % cmap), 200, 300,
             {"F1": lambda pdf: predefined_font(pdf, cmap)}, b"\n".join(parts))
    return "".join(t + "\n" for t in texts)


def table_row():
    # Size 10, cells at x = 40, 76 and 100: `指標1` is 2.5 em wide with the digit half an em
    # (from /W), so the gaps are 1.1 em and 1.4 em, column gaps. A reader that took the
    # digits for a full em would find gaps of 0.6 em and less and glue the cells together
    # (`指標150`).
    cells = [("指標1", 40), ("50", 76), ("210", 100)]
    parts = [b"BT /F1 10 Tf"]
    for text, x in cells:
        codes, _ = encode("UniJIS-UCS2-H", text)
        parts.append(b"1 0 0 1 %d 150 Tm " % x + pdf_string(codes) + b" Tj")
    codes, _ = encode("UniJIS-UCS2-H", "指標2")
    parts.append(b"1 0 0 1 40 130 Tm " + pdf_string(codes) + b" Tj")
    for text, x in [("368", 76), ("630", 102)]:
        codes, _ = encode("UniJIS-UCS2-H", text)
        parts.append(b"1 0 0 1 %d 130 Tm " % x + pdf_string(codes) + b" Tj")
    parts.append(b"ET")
    page_pdf(os.path.join(OUT, "table-row.pdf"), 300, 200,
             {"F1": lambda pdf: predefined_font(pdf, "UniJIS-UCS2-H")}, b"\n".join(parts))
    return "指標1\t50\t210\n指標2\t368\t630\n"


def identity_font(pdf, text, encoding="Identity-H"):
    """An Identity-H (or -V) font with a /ToUnicode: CID i+1 is the i-th character of `text`."""
    chars = []
    for c in text:
        if c not in chars:
            chars.append(c)
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
             "%d beginbfchar" % len(chars)]
    for i, c in enumerate(chars):
        lines.append("<%04X> <%s>" % (i + 1, c.encode("utf-16-be").hex().upper()))
    lines += ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end",
              "end"]
    tounicode = pdf.stream("\n".join(lines).encode("ascii"))
    desc = pdf.add("<< /Type /FontDescriptor /FontName /GothicBBB-Medium /Flags 4 "
                   "/FontBBox [-174 -268 1001 944] /ItalicAngle 0 /Ascent 752 /Descent -271 "
                   "/CapHeight 737 /StemV 99 >>")
    cid = pdf.add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GothicBBB-Medium "
                  "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                  "/FontDescriptor %d 0 R /DW 1000 >>" % desc)
    font = pdf.add("<< /Type /Font /Subtype /Type0 /BaseFont /GothicBBB-Medium "
                   "/Encoding /%s /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>"
                   % (encoding, cid, tounicode))
    codes = b"".join((chars.index(c) + 1).to_bytes(2, "big") for c in text)
    return font, codes


def unknown_cmap(bad_cmap="Foo-Bar-H", name="unknown-cmap", descriptor=True):
    known = "行財政改革推進計画"
    holder = {}

    def normal(pdf):
        font, codes = identity_font(pdf, known)
        holder["codes"] = codes
        return font

    def foo(pdf):
        return predefined_font(pdf, bad_cmap, descriptor=descriptor)

    # The content needs the codes of the normal font: build the fonts first.
    pdf = Pdf()
    catalog = pdf.add("")
    pages = pdf.add("")
    page = pdf.add("")
    f1 = foo(pdf)
    f2 = normal(pdf)
    first = LINE.encode("cp932") if "RKSJ" in bad_cmap else LINE.encode("utf-16-be")
    content = (b"BT /F1 12 Tf 1 0 0 1 40 150 Tm " + pdf_string(first)
               + b" Tj /F2 12 Tf 1 0 0 1 40 120 Tm " + pdf_string(holder["codes"]) + b" Tj ET")
    contents = pdf.stream(content)
    pdf.set(catalog, "<< /Type /Catalog /Pages %d 0 R >>" % pages)
    pdf.set(pages, "<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    pdf.set(page, "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 420 200] "
                  "/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> /Contents %d 0 R >>"
            % (pages, f1, f2, contents))
    pdf.write(os.path.join(OUT, name + ".pdf"), catalog)
    if bad_cmap == "Foo-Bar-H":
        return known + "\n"
    return LINE + "\n\n" + known + "\n"


def operators():
    def sj(text):
        return pdf_string(text.encode("cp932"))

    pdf = Pdf()
    catalog = pdf.add("")
    pages = pdf.add("")
    page = pdf.add("")
    f1 = predefined_font(pdf, "90ms-RKSJ-H")
    # The form draws the last two lines at y = 172 and 158; its /Matrix moves them 40 units
    # down, below the lines of the page (at 170 and 156).
    form_content = b"\n".join([
        b"BT /F1 12 Tf 14 TL 1 0 0 1 40 172 Tm " + sj("第2章 計画の期間") + b" Tj",
        b"0 0 " + sj("令和7年度から令和11年度まで") + b' " ET',
    ])
    form = pdf.stream(form_content, flate=True, extra=" /Type /XObject /Subtype /Form /BBox [0 0 420 200] "
                      "/Matrix [1 0 0 1 0 -40] /Resources << /Font << /F1 %d 0 R >> >>" % f1)
    content = b"\n".join([
        b"BT /F1 12 Tf 14 TL 1 0 0 1 40 170 Tm",
        b"[" + sj("指標1") + b" -1500 " + sj("50") + b"] TJ",
        sj("行財政改革推進計画") + b" '",
        b"ET",
        b"q /X1 Do Q",
    ])
    contents = pdf.stream(content, flate=True)
    pdf.set(catalog, "<< /Type /Catalog /Pages %d 0 R >>" % pages)
    pdf.set(pages, "<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    pdf.set(page, "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 420 200] "
                  "/Resources << /Font << /F1 %d 0 R >> /XObject << /X1 %d 0 R >> >> "
                  "/Contents %d 0 R >>" % (pages, f1, form, contents))
    pdf.write(os.path.join(OUT, "operators.pdf"), catalog)
    return "指標1\t50\n行財政改革推進計画\n第2章 計画の期間\n令和7年度から令和11年度まで\n"


def direct_font():
    pdf = Pdf()
    catalog = pdf.add("")
    pages = pdf.add("")
    page = pdf.add("")
    desc = pdf.add("<< /Type /FontDescriptor /FontName /GothicBBB-Medium /Flags 4 "
                   "/FontBBox [-174 -268 1001 944] /ItalicAngle 0 /Ascent 752 /Descent -271 "
                   "/CapHeight 737 /StemV 99 >>")
    font = ("<< /Type /Font /Subtype /Type0 /BaseFont /GothicBBB-Medium-EUC-H /Encoding /EUC-H "
            "/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /GothicBBB-Medium "
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> "
            "/FontDescriptor %d 0 R /DW 1000 /W [231 389 500] >> ] >>" % desc)
    content = (b"BT /F1 12 Tf 1 0 0 1 40 150 Tm " + pdf_string(LINE.encode("euc_jp"))
               + b" Tj ET")
    contents = pdf.stream(content)
    pdf.set(catalog, "<< /Type /Catalog /Pages %d 0 R >>" % pages)
    pdf.set(pages, "<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    pdf.set(page, "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 420 200] "
                  "/Resources << /Font << /F1 %s >> >> /Contents %d 0 R >>"
            % (pages, font, contents))
    pdf.write(os.path.join(OUT, "direct-font.pdf"), catalog)
    return LINE + "\n"


def inherited():
    pdf = Pdf()
    catalog = pdf.add("")
    pages = pdf.add("")
    page1 = pdf.add("")
    page2 = pdf.add("")
    f1 = predefined_font(pdf, "UniJIS-UCS2-H")
    f2 = predefined_font(pdf, "90ms-RKSJ-V")
    c1 = pdf.stream(b"BT /F1 12 Tf 1 0 0 1 40 150 Tm " + pdf_string(LINE.encode("utf-16-be"))
                    + b" Tj ET")
    parts = [b"BT /F2 12 Tf"]
    for i, col in enumerate(COLUMNS):
        parts.append(b"1 0 0 1 %d 260 Tm " % (150 - 20 * i) + pdf_string(col.encode("cp932"))
                     + b" Tj")
    parts.append(b"ET")
    c2 = pdf.stream(b"\n".join(parts))
    pdf.set(catalog, "<< /Type /Catalog /Pages %d 0 R >>" % pages)
    pdf.set(pages, "<< /Type /Pages /Kids [%d 0 R %d 0 R] /Count 2 /MediaBox [0 0 420 300] "
                   "/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>"
            % (page1, page2, f1, f2))
    pdf.set(page1, "<< /Type /Page /Parent %d 0 R /Contents %d 0 R >>" % (pages, c1))
    pdf.set(page2, "<< /Type /Page /Parent %d 0 R /Contents %d 0 R >>" % (pages, c2))
    pdf.write(os.path.join(OUT, "inherited.pdf"), catalog)
    return LINE + "\n\f" + "".join(c + "\n" for c in COLUMNS)


def identity_v():
    pdf = Pdf()
    catalog = pdf.add("")
    pages = pdf.add("")
    page = pdf.add("")
    font, _ = identity_font(pdf, "".join(COLUMNS), "Identity-V")
    chars = []
    for c in "".join(COLUMNS):
        if c not in chars:
            chars.append(c)
    parts = [b"BT /F1 12 Tf"]
    for i, col in enumerate(COLUMNS):
        codes = b"".join((chars.index(c) + 1).to_bytes(2, "big") for c in col)
        parts.append(b"1 0 0 1 %d 260 Tm " % (150 - 20 * i) + pdf_string(codes) + b" Tj")
    parts.append(b"ET")
    contents = pdf.stream(b"\n".join(parts))
    pdf.set(catalog, "<< /Type /Catalog /Pages %d 0 R >>" % pages)
    pdf.set(pages, "<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    pdf.set(page, "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 200 300] "
                  "/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
            % (pages, font, contents))
    pdf.write(os.path.join(OUT, "v-Identity-V.pdf"), catalog)
    return "".join(c + "\n" for c in COLUMNS)


def embedded_usecmap():
    pdf = Pdf()
    catalog = pdf.add("")
    pages = pdf.add("")
    page = pdf.add("")
    cmap = pdf.stream("\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/90ms-RKSJ-H usecmap",
        "/CIDSystemInfo 3 dict dup begin /Registry (Adobe) def /Ordering (Japan1) def "
        "/Supplement 2 def end def",
        "/CMapName /Custom-RKSJ-V def", "/WMode 1 def",
        "1 begincidchar", "<eb40> 20000", "endcidchar",
        "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ]).encode("ascii"), " /Type /CMap /CMapName /Custom-RKSJ-V /WMode 1 "
                        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >>")
    desc = pdf.add("<< /Type /FontDescriptor /FontName /Ryumin-Light /Flags 6 "
                   "/FontBBox [-170 -331 1024 903] /ItalicAngle 0 /Ascent 723 /Descent -241 "
                   "/CapHeight 709 /StemV 69 >>")
    cid = pdf.add("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /Ryumin-Light "
                  "/CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> "
                  "/FontDescriptor %d 0 R /DW 1000 /W [231 389 500] >>" % desc)
    font = pdf.add("<< /Type /Font /Subtype /Type0 /BaseFont /Ryumin-Light-Custom-RKSJ-V "
                   "/Encoding %d 0 R /DescendantFonts [%d 0 R] >>" % (cmap, cid))
    parts = [b"BT /F1 12 Tf"]
    for i, col in enumerate(COLUMNS):
        parts.append(b"1 0 0 1 %d 260 Tm " % (150 - 20 * i) + pdf_string(col.encode("cp932"))
                     + b" Tj")
    parts.append(b"ET")
    contents = pdf.stream(b"\n".join(parts))
    pdf.set(catalog, "<< /Type /Catalog /Pages %d 0 R >>" % pages)
    pdf.set(pages, "<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    pdf.set(page, "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 200 300] "
                  "/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
            % (pages, font, contents))
    pdf.write(os.path.join(OUT, "v-embedded-usecmap.pdf"), catalog)
    return "".join(c + "\n" for c in COLUMNS)


def vertical_heading():
    body = ["本市では、これまで五次にわたり行政改革に取り組んできました。",
            "この計画は、その成果と課題を踏まえて策定したものです。",
            "計画期間は令和7年度から令和11年度までの5年間とします。"]
    heading = "はじめに"
    parts = [b"BT /F2 16 Tf 1 0 0 1 380 180 Tm " + pdf_string(heading.encode("utf-16-be"))
             + b" Tj ET", b"BT /F1 10.5 Tf 16 TL 1 0 0 1 30 170 Tm"]
    for i, line in enumerate(body):
        parts.append(pdf_string(line.encode("utf-16-be")) + (b" Tj" if i == 0 else b" '"))
    parts.append(b"ET")
    page_pdf(os.path.join(OUT, "v-heading.pdf"), 420, 200,
             {"F1": lambda pdf: predefined_font(pdf, "UniJIS-UCS2-H"),
              "F2": lambda pdf: predefined_font(pdf, "UniJIS-UCS2-V")}, b"\n".join(parts))
    return heading + "\n" + "".join(l + "\n" for l in body)


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {}
    for cmap in HORIZONTAL:
        expected["h-" + cmap] = horizontal(cmap)
    for cmap in VERTICAL:
        expected["v-" + cmap] = vertical(cmap)
    expected["table-row"] = table_row()
    expected["unknown-cmap"] = unknown_cmap()
    expected["operators"] = operators()
    expected["direct-font"] = direct_font()
    expected["inherited"] = inherited()
    expected["no-descriptor"] = unknown_cmap("90ms-RKSJ-H", "no-descriptor", descriptor=False)
    expected["v-Identity-V"] = identity_v()
    expected["v-embedded-usecmap"] = embedded_usecmap()
    expected["v-heading"] = vertical_heading()
    have_poppler = shutil.which("pdftotext") is not None
    if not have_poppler:
        print("pdftotext not found: NAME.pdftotext.txt not written", file=sys.stderr)
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
