#!/usr/bin/env python3
"""Make the PDF fixtures of corpus/pdf/ and their expected texts.

Run from the repository root: python3 corpus/pdf/make_fixtures.py
Needs (only here, never at jplan's run time): chromium, soffice (libreoffice-writer-nogui),
qpdf, pdftotext and pdftoppm (poppler-utils), and the IPA TrueType fonts
(fonts-ipafont-gothic, fonts-ipafont-mincho). Chromium embeds TrueType fonts as CID fonts
with Identity-H (as Word and most office software do); CFF fonts would become Type 3.

For every fixture NAME.pdf it writes NAME.expected.txt (the text a perfect extractor gives;
tabs separate table cells, \\f separates pages) and NAME.pdftotext.txt (what
`pdftotext -layout` printed, kept so that tests compare jplan with poppler without running it).
"""

import html
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SEEDS = os.path.join(ROOT, "seeds")

CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "IPAGothic"; font-size: 10.5pt; line-height: 1.6; }
.h1 { font-size: 16pt; } .h2 { font-size: 13pt; }
table { border-collapse: collapse; margin: 6pt 0; }
td, th { border: 0.6pt solid #333; padding: 2pt 6pt; font-weight: normal; }
td.n { text-align: right; }
.page { page-break-after: always; position: relative; height: 255mm; }
.page:last-child { page-break-after: auto; }
.header { font-size: 9pt; text-align: right; border-bottom: 0.5pt solid #666; }
.footer { position: absolute; bottom: 0; width: 100%; text-align: center; font-size: 9pt; }
.cols { column-count: 2; column-gap: 12mm; }
.vhead { writing-mode: vertical-rl; float: right; font-size: 20pt; margin-left: 8mm; height: 60mm; }
"""


def run(cmd, **kw):
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


def chromium_pdf(html_text, out_pdf, tmp):
    src = os.path.join(tmp, os.path.basename(out_pdf) + ".html")
    with open(src, "w", encoding="utf-8") as f:
        f.write(html_text)
    run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         "--print-to-pdf=" + out_pdf, "file://" + src])


def libreoffice_pdf(src_path, out_pdf, tmp, filt="pdf:writer_pdf_Export"):
    outdir = os.path.join(tmp, "lo")
    os.makedirs(outdir, exist_ok=True)
    run(["soffice", "--headless", "-env:UserInstallation=file://" + os.path.join(tmp, "profile"),
         "--convert-to", filt, "--outdir", outdir, src_path])
    produced = os.path.join(outdir, os.path.splitext(os.path.basename(src_path))[0] + ".pdf")
    shutil.move(produced, out_pdf)


def doc(body):
    return ('<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><style>' + CSS +
            "</style></head><body>" + body + "</body></html>")


def table(rows, numeric=True):
    out = ['<table border="1" cellpadding="5" cellspacing="0">']
    for row in rows:
        cells = []
        for c in row:
            cls = ' class="n"' if numeric and c.replace(",", "").replace("-", "").isdigit() else ""
            cells.append("<td%s>%s</td>" % (cls, html.escape(c)))
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "".join(out)


def write(name, text):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        f.write(text)


# --- hand-written plan pages -------------------------------------------------------------

INDICATOR_ROWS = [
    ["指標", "R2年度実績", "R3年度実績", "R4年度見込み", "最終年度目標"],
    ["指標1", "50", "210", "368", "630"],
    ["指標2", "12", "15", "18", "25"],
]
ITEM_ROWS = [
    ["実施計画№", "実施計画項目", "担当課"],
    ["(1)-①-a", "町民・企業・NPOとの連携・協働の推進", "政策推進課"],
    ["(1)-①-b", "地域派遣職員による地域活動等への参加促進", "政策推進課"],
    ["(1)-②-a", "学校・家庭・地域の協働", "教育文化課"],
]
COST_ROWS = [
    ["番号", "事務事業名", "R2決算", "R3決算", "R4決算見込み", "今後の方向性"],
    ["1", "人権啓発推進事業", "10,059", "5,113", "6,717", "継続"],
    ["2", "歯科保健事業", "486,587", "1,672,434", "1,753,740", "拡充"],
    ["3", "行政評価推進事業", "-", "-", "-", "継続"],
]
INTRO = ("本計画は、日々の行政運営を見直し、人と民間の力を生かした行財政改革を進めるための"
         "計画です。歯止めのない支出の増加を防ぎ、市民サービスの質を高めます。")


def plan_table_page():
    body = ('<p class="h1">令和7年度 行財政改革推進計画</p><p>' + INTRO + "</p>"
            '<p class="h2">1 指標</p>' + table(INDICATOR_ROWS) +
            '<p class="h2">2 実施計画項目一覧</p>' + table(ITEM_ROWS) +
            '<p class="h2">3 事業費</p>' + table(COST_ROWS))
    expected = ["令和7年度 行財政改革推進計画", INTRO, "1 指標"]
    expected += ["\t".join(r) for r in INDICATOR_ROWS]
    expected += ["2 実施計画項目一覧"] + ["\t".join(r) for r in ITEM_ROWS]
    expected += ["3 事業費"] + ["\t".join(r) for r in COST_ROWS]
    return doc(body), "\n".join(expected) + "\n"


TWO_COL_LEFT = ["第1章 計画の背景",
                "人口減少と少子高齢化が進む中、本市の財政は厳しい状況が続いています。",
                "扶助費などの義務的経費は年々増加しており、公共施設の老朽化への対応も急務です。"]
TWO_COL_RIGHT = ["第2章 計画の期間",
                 "本計画の期間は、令和7年度から令和11年度までの5年間とします。",
                 "社会情勢の変化に応じて、必要な見直しを毎年度行います。"]


def two_column_page():
    paras = TWO_COL_LEFT + TWO_COL_RIGHT
    body = ('<p class="h1">行財政改革大綱</p><div class="cols">' +
            "".join("<p>%s</p>" % html.escape(p) for p in paras[:3]) +
            '<p style="break-before: column">' + html.escape(paras[3]) + "</p>" +
            "".join("<p>%s</p>" % html.escape(p) for p in paras[4:]) + "</div>")
    return doc(body), "行財政改革大綱\n" + "\n".join(paras) + "\n"


VERTICAL_BODY = ["本市では、これまで五次にわたり行政改革に取り組んできました。",
                 "この計画は、その成果と課題を踏まえて策定したものです。"]


def vertical_page():
    body = ('<div class="vhead">はじめに</div>' +
            "".join("<p>%s</p>" % p for p in VERTICAL_BODY))
    return doc(body), "はじめに\n" + "\n".join(VERTICAL_BODY) + "\n"


FURNITURE_PAGES = [
    ["1 計画策定の趣旨", "社会経済情勢の変化に的確に対応するため、本計画を策定します。"],
    ["2 計画の期間", "令和7年度から令和11年度までの5年間とします。"],
    ["3 推進体制", "行財政改革推進本部において進捗を管理し、毎年度公表します。"],
    ["4 取組項目", "取組項目ごとに担当課と年度別の目標を定めます。"],
]


def furniture_pages():
    header = "第7次行財政改革推進計画"
    n = len(FURNITURE_PAGES)
    parts, expected = [], []
    for i, (h, p) in enumerate(FURNITURE_PAGES, start=1):
        footer = "- %d -" % i if i % 2 else "%d/%d" % (i, n)
        parts.append('<div class="page"><div class="header">%s</div><h2>%s</h2><p>%s</p>'
                     '<div class="footer">%s</div></div>' % (header, h, p, footer))
        expected.append("\n".join([header, h, p, footer]) + "\n")
    return doc("".join(parts)), "\f".join(expected)


# --- seeds -------------------------------------------------------------------------------

def seed_text(name):
    with open(os.path.join(SEEDS, name), encoding="utf-8") as f:
        return f.read()


def seed_as_html(text):
    """Lines become paragraphs; runs of tab-separated lines become tables."""
    out, rows = [], []

    def flush():
        if rows:
            out.append(table([r.split("\t") for r in rows]))
            rows.clear()

    for line in text.split("\n"):
        if "\t" in line:
            rows.append(line)
            continue
        flush()
        if line.strip():
            out.append("<p>%s</p>" % html.escape(line))
    flush()
    return doc("".join(out))


def main():
    tmp = tempfile.mkdtemp(prefix="jplan-pdf-")
    made = []

    def chromium(name, html_text, expected):
        chromium_pdf(html_text, os.path.join(HERE, name + ".pdf"), tmp)
        write(name + ".expected.txt", expected)
        made.append(name)

    chromium("plan-table.chromium", *plan_table_page())
    chromium("two-column.chromium", *two_column_page())
    chromium("vertical.chromium", *vertical_page())
    chromium("furniture.chromium", *furniture_pages())

    # The same plan page through LibreOffice's HTML import (a second producer).
    html_text, expected = plan_table_page()
    # LibreOffice's HTML import swallows the first paragraph after this style sheet; it
    # ignores most of it anyway, so it gets the body with the font only.
    html_text = html_text.replace(CSS, 'body { font-family: "IPAGothic"; }')
    src = os.path.join(tmp, "plan-table.html")
    with open(src, "w", encoding="utf-8") as f:
        f.write(html_text)
    libreoffice_pdf(src, os.path.join(HERE, "plan-table.libreoffice.pdf"), tmp,
                    "pdf:writer_web_pdf_Export")
    # Its HTML import also drops the first paragraph (the title): it is not in the PDF at all
    # (pdftotext does not print it either), so it is not expected.
    write("plan-table.libreoffice.expected.txt", expected.split("\n", 1)[1])
    made.append("plan-table.libreoffice")

    # Seeds: plain text through LibreOffice; the first evaluation sheets through Chromium.
    for seed, name in [("002_38ed6f13f3c9e382.txt", "seed-002.libreoffice"),
                       ("004_cde0dcee2913256b.txt", "seed-004.libreoffice")]:
        text = seed_text(seed)
        src = os.path.join(tmp, name + ".txt")
        with open(src, "w", encoding="utf-8") as f:
            f.write(text)
        libreoffice_pdf(src, os.path.join(HERE, name + ".pdf"), tmp)
        write(name + ".expected.txt", text)
        made.append(name)
    sheets = "\n".join(seed_text("003_8a186109b0dc0955.txt").split("\n")[:160])
    chromium("seed-003.chromium", seed_as_html(sheets), sheets)

    # Broken and special files (no expected text: tests check the error or warning).
    base = os.path.join(HERE, "vertical.chromium.pdf")
    run(["qpdf", "--encrypt", "", "owner-pw", "256", "--", base,
         os.path.join(HERE, "encrypted-empty-password.pdf")])
    write("encrypted-empty-password.expected.txt", expected_of("vertical.chromium"))
    made.append("encrypted-empty-password")
    run(["qpdf", "--encrypt", "user-pw", "owner-pw", "256", "--", base,
         os.path.join(HERE, "encrypted.pdf")])
    with open(base, "rb") as f:
        data = f.read()
    with open(os.path.join(HERE, "truncated.pdf"), "wb") as f:
        f.write(data[: len(data) // 2])
    run(["pdftoppm", "-r", "50", "-gray", "-png", "-singlefile",
         os.path.join(HERE, "plan-table.chromium.pdf"), os.path.join(tmp, "scan")])
    chromium_pdf(doc('<img src="file://%s/scan.png" style="width:100%%">' % tmp),
                 os.path.join(HERE, "scanned.pdf"), tmp)

    for name in made:
        pdf = os.path.join(HERE, name + ".pdf")
        out = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True,
                             capture_output=True).stdout.decode("utf-8")
        write(name + ".pdftotext.txt", out)
    shutil.rmtree(tmp)


def expected_of(name):
    with open(os.path.join(HERE, name + ".expected.txt"), encoding="utf-8") as f:
        return f.read()


if __name__ == "__main__":
    main()
