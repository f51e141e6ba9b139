#!/usr/bin/env python3
"""Writes the plans of corpus/encodings/ in the legacy encodings a TXT reader must detect.
Run from anywhere:

    python3 corpus/encodings/make.py

Each file is the start of a seed plan (seeds/), encoded with Python's codecs; characters the
encoding cannot hold become 〓 (the geta mark Japanese offices use for that). The files are
committed, so tests never need Python.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "..", "..", "seeds")

# (output name, seed file, lines taken, codec, newline)
FILES = [
    ("gyoda.iso-2022-jp.txt", "001_272c5cbeee28dd98.txt", 80, "iso2022_jp", "\n"),
    ("komae.iso-2022-jp.txt", "004_cde0dcee2913256b.txt", 60, "iso2022_jp", "\r\n"),
]


def encode(text, codec):
    out = []
    for ch in text:
        try:
            ch.encode(codec)
            out.append(ch)
        except UnicodeEncodeError:
            out.append("〓")
    return "".join(out).encode(codec)


for name, seed, n, codec, nl in FILES:
    with open(os.path.join(SEEDS, seed), encoding="utf-8") as f:
        lines = f.read().split("\n")[:n]
    text = nl.join(lines) + nl
    data = encode(text, codec)
    assert all(b < 0x80 for b in data), "ISO-2022-JP is 7-bit"
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
    # The plain text the reader must return, kept next to it for comparison.
    with open(os.path.join(HERE, name.replace(".txt", ".expected.txt")), "w", encoding="utf-8", newline="") as f:
        f.write(data.decode(codec))
