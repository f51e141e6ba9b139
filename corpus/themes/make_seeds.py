#!/usr/bin/env python3
"""Write corpus/themes/seeds.tsv: the seeds' action items as jplan parses them (title and
description), keeping the labels (set, expected theme ids) already in the file for items whose
source and id are unchanged. New items get an empty label to fill in by hand.

Usage: python3 corpus/themes/make_seeds.py   (from the crate root, after cargo build --release)
"""
import csv, json, os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "corpus/themes/seeds.tsv")
BIN = os.path.join(ROOT, "target/release/jplan")

def clean(s):
    return " ".join((s or "").replace("\t", " ").split())

old = {}
if os.path.exists(OUT):
    with open(OUT, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i == 0 or not line.strip():
                continue
            p = line.rstrip("\n").split("\t")
            old[(p[0], p[1])] = (p[2], p[5])

rows = []
for name in sorted(os.listdir(os.path.join(ROOT, "seeds"))):
    if not name.endswith(".txt"):
        continue
    doc = json.loads(subprocess.run([BIN, "parse", os.path.join(ROOT, "seeds", name)],
                                    check=True, capture_output=True).stdout)
    for it in doc["items"]:
        key = (name, it["id"])
        st, ids = old.get(key, ("tune", "?"))
        rows.append([name, it["id"], st, clean(it["title"]), clean(it.get("description")), ids])

with open(OUT, "w", encoding="utf-8") as f:
    f.write("source\titem_id\tset\ttitle\tdescription\texpected\n")
    for r in rows:
        f.write("\t".join(r) + "\n")
print(f"{len(rows)} items", file=sys.stderr)
