#!/usr/bin/env python3
"""Make the table fixtures of corpus/tables/: two versions of an invented facility plan
(整備計画), each with a cost table in the shape real plans use, as PDF, TSV, HTML and markdown.

Run from the repository root: python3 corpus/tables/make.py
Needs (only here, never at jplan's run time): chromium and the IPA fonts (fonts-ipafont-gothic).

The shape: a two-row header (区分 over 施設名 / 事業主体名, 事業費, 財源内訳 over 特定財源 /
一般財源, and one header cell `一般財源のうち過疎対策事業債の予定額` written over both rows),
a caption line with the period and the unit `(単位 千円)`, a 変更前 and a 変更後 table, a total
row whose label spans two columns. In the old version the 変更後 table runs over a page break
and repeats its header there. The new version changes cells, reorders rows, adds one row and
drops another, and wraps the same prose at other places (one phrase really changes).
All names and figures are invented.
"""

import html
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "IPAGothic"; font-size: 10.5pt; line-height: 1.6; }
table { border-collapse: collapse; margin: 4pt 0; }
td { border: 0.6pt solid #333; padding: 2pt 6pt; }
td.n { text-align: right; }
.page { page-break-after: always; }
.page:last-child { page-break-after: auto; }
p.prose { white-space: pre; margin: 0; }
.footer { text-align: center; font-size: 9pt; margin-top: 12pt; }
"""

HEADER_TOP = ["区分", "", "", "財源内訳", "", "一般財源のう"]
HEADER_BOTTOM = ["施設名", "事業主体名", "事業費", "特定財源", "一般財源", "ち過疎対策事業債の予定額"]

# (label, body, cost, specific, general, bond)
OLD_BEFORE = [
    ("村道", "山里村", "48,000", "", "48,000", "47,900"),
    ("農道", "山里村", "12,500", "", "12,500", "12,400"),
    ("簡易給水施設", "山里村", "30,200", "1,500", "28,700", "28,600"),
    ("集会施設", "山里村", "9,800", "", "9,800", "9,700"),
]
OLD_AFTER = [
    ("村道", "山里村", "48,000", "", "48,000", "47,900"),
    ("農道", "山里村", "15,300", "2,000", "13,300", "13,200"),
    ("簡易給水施設", "山里村", "30,200", "1,500", "28,700", "28,600"),
    ("集会施設", "山里村", "9,800", "", "9,800", "9,700"),
    ("通学用車両", "山里村", "6,400", "", "6,400", "6,300"),
]
NEW_BEFORE = [
    ("村道", "山里村", "120,000", "", "120,000", "119,900"),
    ("簡易給水施設", "山里村", "75,000", "5,000", "70,000", "69,900"),
    ("農道", "山里村", "15,300", "2,000", "13,300", "13,200"),
    ("通学用車両", "山里村", "6,400", "", "6,400", "6,300"),
]
NEW_AFTER = [
    ("村道", "山里村", "152,700", "", "152,700", "152,600"),
    ("簡易給水施設", "山里村", "75,000", "5,000", "70,000", "69,900"),
    ("通学用車両", "山里村", "7,100", "", "7,100", "7,000"),
    ("農道", "山里村", "15,300", "2,000", "13,300", "13,200"),
    ("観光交流施設", "山里村", "2,400", "", "2,400", "2,400"),
]


def total(rows):
    def num(s):
        return int(s.replace(",", "")) if s else 0

    sums = [sum(num(r[k]) for r in rows) for k in range(2, 6)]
    return [f"{v:,}" if v else "" for v in sums]


OLD = {
    "title": "山里地区に係る総合整備計画書（第２次変更）",
    "period_before": "令和２年度から令和６年度まで",
    "period_after": "令和２年度から令和６年度まで",
    "years": "５年間",
    "prose": [
        "当該地区は、村の東部に位置する山あいの地域であり、畑作と林業を主な産業と\n"
        "しているが、道路の幅が狭く、また高齢化の進行により、集落の維持が難しくなって\n"
        "いる。このため、生活の基盤となる施設の整備を進める必要がある。",
        "地区内の村道は、舗装の劣化が進んでおり、安全な通行のために補修が必要となっ\n"
        "ている。簡易給水施設については、取水量が不足する時期があり、配水池の増設が必\n"
        "要である。",
    ],
    "before": OLD_BEFORE,
    "after": OLD_AFTER,
    "split_after": 3,
}
NEW = {
    "title": "山里地区に係る総合整備計画書（第３次変更）",
    "period_before": "令和７年度から令和１１年度まで",
    "period_after": "令和７年度から令和１１年度まで",
    "years": "５年間",
    "prose": [
        "当該地区は、村の東部に位置する山あいの地域であり、畑作と林業を主な\n"
        "産業としているが、道路の幅が狭く、また高齢化の進行により、集落の維持が\n"
        "難しくなっている。このため、生活の基盤となる施設の整備を進める必要がある。",
        "地区内の村道は、舗装の劣化が進んでおり、安全な通行のために全面的な改修が\n"
        "必要となっている。簡易給水施設については、取水量が不足する時期があり、\n"
        "配水池の増設が必要である。",
    ],
    "before": NEW_BEFORE,
    "after": NEW_AFTER,
    "split_after": None,
}


def caption(which, v):
    return f"（{which}）{v['period_' + ('before' if which == '変更前' else 'after')]}", v["years"]


def html_table(rows, with_total=True, header=True, total_of=None):
    e = html.escape
    out = ["<table>"]
    if header:
        out.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in HEADER_TOP) + "</tr>")
        out.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in HEADER_BOTTOM) + "</tr>")
    for r in rows:
        out.append("<tr>" + "".join(
            f'<td class="n">{e(c)}</td>' if k >= 2 else f"<td>{e(c)}</td>"
            for k, c in enumerate(r)) + "</tr>")
    if with_total:
        t = total(total_of or rows)
        out.append('<tr><td colspan="2">合計</td>'
                   + "".join(f'<td class="n">{c}</td>' for c in t) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def prose_html(v):
    return "\n".join(f'<p class="prose">　{html.escape(p)}</p>' for p in v["prose"])


def pdf_html(v):
    e = html.escape
    pages = []
    first = [f"<p>{e(v['title'])}</p>", "<p>１　地区の概況</p>", prose_html(v),
             "<p>２　公共的施設の整備計画</p>"]
    for which in ["変更前", "変更後"]:
        cap, years = caption(which, v)
        rows = v["before" if which == "変更前" else "after"]
        block = [f"<p>{e(cap)}　　{e(years)}　　（単位　千円）</p>"]
        split = v["split_after"] if which == "変更後" else None
        if split:
            block.append(html_table(rows[:split], with_total=False))
            first.extend(block)
            first.append('<p class="footer">- 1 -</p>')
            pages.append(first)
            # The rest on the next page under a repeated header.
            first = [html_table(rows[split:], with_total=True, total_of=rows)]
            continue
        block.append(html_table(rows))
        first.extend(block)
    first.append(f'<p class="footer">- {len(pages) + 1} -</p>')
    pages.append(first)
    body = "\n".join(f'<div class="page">{"".join(p)}</div>' for p in pages)
    return f"<!doctype html><html><head><meta charset=utf-8><style>{CSS}</style></head><body>{body}</body></html>"


def txt_common(v, table_fn):
    out = [v["title"], "", "1 地区の概況", ""]
    for p in v["prose"]:
        out.append("　" + p)
        out.append("")
    out.append("2 公共的施設の整備計画")
    out.append("")
    for which in ["変更前", "変更後"]:
        cap, years = caption(which, v)
        rows = v["before" if which == "変更前" else "after"]
        out.append(f"{cap}　{years}　（単位　千円）")
        out.extend(table_fn(rows))
        out.append("")
    return "\n".join(out) + "\n"


def tsv_rows(rows):
    out = ["\t".join(HEADER_TOP), "\t".join(HEADER_BOTTOM)]
    out += ["\t".join(r) for r in rows]
    out.append("\t".join(["合計", ""] + total(rows)))
    return out


def md_rows(rows):
    def line(cells):
        return "| " + " | ".join(cells) + " |"

    out = [line(HEADER_TOP), line(HEADER_BOTTOM), line(["---"] * 6)]
    out += [line(r) for r in rows]
    out.append(line(["合計", ""] + total(rows)))
    return out


def html_rows(rows):
    t = ["<table>", "<thead>"]
    t.append('<tr><th colspan="2">区分</th><th rowspan="2">事業費</th>'
             '<th colspan="2">財源内訳</th><th>一般財源のう</th></tr>')
    t.append("<tr><th>施設名</th><th>事業主体名</th><th>特定財源</th><th>一般財源</th>"
             "<th>ち過疎対策事業債の予定額</th></tr>")
    t.append("</thead>")
    for r in rows:
        t.append("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>")
    t.append('<tr><td colspan="2">合計</td>' + "".join(f"<td>{c}</td>" for c in total(rows))
             + "</tr>")
    t.append("</table>")
    return t


def main():
    os.chdir(HERE)
    for name, v in [("old", OLD), ("new", NEW)]:
        for suffix, fn in [("tsv", tsv_rows), ("md", md_rows), ("html", html_rows)]:
            with open(f"seibi-{name}.{suffix}.txt", "w", encoding="utf-8") as f:
                f.write(txt_common(v, fn))
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, f"seibi-{name}.html")
            with open(src, "w", encoding="utf-8") as f:
                f.write(pdf_html(v))
            out = os.path.join(HERE, f"seibi-{name}.chromium.pdf")
            subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                            "--no-pdf-header-footer", "--user-data-dir=" + os.path.join(tmp, "u"),
                            "--print-to-pdf=" + out, "file://" + src],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print("wrote", name, file=sys.stderr)


if __name__ == "__main__":
    main()
