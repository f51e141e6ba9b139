#!/usr/bin/env python3
"""Run the expressions of expressions.tsv through japanera and jeraconv and count how many
each gets right, beside jplan (`jplan dates -`). Not part of CI: needs
`pip install japanera jeraconv` and a built jplan (`cargo build`).

An expression counts as right when the tool gives exactly the expected dates: the Western
year, plus the month and day when the expected date has them, for every date in the
expression (a range has two); for an expression that holds no date, when the tool gives none.
Fiscal years (年度), range links, eras and warnings are not scored here, since neither library
models them (the Rust test `tests/it/dates.rs` checks them for jplan). Each library gets the
expression as written, tried against a fixed list of formats (see FORMATS), the way a user
would call it on text cut out of a plan.

Usage: python3 corpus/dates/compare.py [path/to/jplan]
"""

import json
import os
import subprocess
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def load():
    rows = []
    with open(os.path.join(HERE, "expressions.tsv"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            text = cols[0].replace("\\t", "\t")
            exp = [] if cols[1].strip() == "-" else cols[1].split()
            rows.append((text, expected_dates(exp)))
    return rows


def parse_iso(iso):
    """`2025-12-01` → (2025, 12, 1); `FY2025` → (2025, None, None)."""
    iso = iso.split("@")[0]
    if iso.startswith("FY"):
        return (int(iso[2:]), None, None)
    parts = [int(p) for p in iso.split("-")]
    parts += [None] * (3 - len(parts))
    return tuple(parts)


def expected_dates(items):
    out = []
    for it in items:
        if it.startswith("!"):
            continue
        for end in it.split("~"):
            if end:
                out.append(parse_iso(end))
    return out


# japanera: strptime formats tried in order; the precision of a result is that of its format.
FORMATS = [
    ("%-K%-y年%m月%d日", 3), ("%-K%-n年%-m月%-d日", 3), ("%-K%-y年%m月", 2),
    ("%-K%-n年%-m月", 2), ("%-K%-y年度", 1), ("%-K%-n年度", 1), ("%-K%-y年", 1),
    ("%-K%-n年", 1), ("%-h%-y年度", 1), ("%-h%-y年", 1), ("%-h%-y", 1),
    ("%Y年%m月%d日", 3), ("%Y年%m月", 2), ("%Y年度", 1), ("%Y年", 1), ("%Y/%m/%d", 3),
    ("%Y-%m-%d", 3),
]


def japanera_dates(text):
    from japanera import EraDate

    for fmt, precision in FORMATS:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                res = EraDate.strptime(text, fmt, allow_date_after_end_of_era=True)
        except Exception:
            continue
        if res:
            d = res[0]
            full = (d.year, d.month, d.day)
            return [tuple(v if i < precision else None for i, v in enumerate(full))]
    return []


def jeraconv_dates(text):
    from jeraconv import jeraconv

    try:
        y = jeraconv.J2W().convert(text)
    except Exception:
        return []
    return [(int(y), None, None)] if y else []


def jplan_dates(rows, exe):
    inp = "".join(t.replace("\t", "\t") + "\n" for t, _ in rows)
    out = subprocess.run([exe, "dates", "-"], input=inp.encode(), capture_output=True, check=True)
    res = []
    for line in out.stdout.decode().splitlines():
        r = json.loads(line)
        res.append([(d["year"], d["month"], d["day"]) for d in r["dates"]])
    return res


def main():
    exe = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/debug/jplan")
    rows = load()
    jp = jplan_dates(rows, exe)
    if len(jp) != len(rows):
        sys.exit(f"jplan printed {len(jp)} lines for {len(rows)} expressions")
    tools = {"jplan": lambda i, t: jp[i], "japanera": lambda i, t: japanera_dates(t),
             "jeraconv": lambda i, t: jeraconv_dates(t)}
    n_dates = sum(1 for _, e in rows if e)
    n_non = len(rows) - n_dates
    print(f"{len(rows)} expressions: {n_dates} with dates, {n_non} without")
    print("tool        right   dates right   non-dates right")
    for name, fn in tools.items():
        ok_d = ok_n = 0
        misses = []
        for i, (text, exp) in enumerate(rows):
            got = fn(i, text)
            if got == exp:
                if exp:
                    ok_d += 1
                else:
                    ok_n += 1
            else:
                misses.append((text, exp, got))
        print(f"{name:10} {ok_d + ok_n:4}/{len(rows)}   {ok_d:4}/{n_dates}      {ok_n:4}/{n_non}")
        if name == "jplan" and misses:
            for m in misses:
                print("   jplan miss:", m)


if __name__ == "__main__":
    main()
