#!/usr/bin/env python3
"""Builds each practice plan NAME.txt and its labels NAME.labels.json from NAME.src.

A .src file is the plan's extracted text with annotation lines; every other line is copied
as is. Annotations (fields separated by ' | '; `\\n` in a literal is a line break, `\\t` a tab):

  @meta key=value ...                 municipality, prefecture, title, issued, period_start,
                                      period_end, held_out=true
  @ff                                 a form feed (page break)
  @h DEPTH KEY | TITLE | LITERAL      a heading: KEY is its label without spaces (its title
                                      when it has no label); path = keys of the open headings
  @toc TITLE | PAGE | LITERAL         a TOC entry: TITLE is label + title without spaces
  @item ID | TITLE | DEPT,DEPT        an item (annotation only, no text)
  @date ISO | FISCAL                  a date the text holds (annotation only)
Run: python3 corpus/practice/make.py   (writes next to the .src files)
"""
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent


def lit(s):
    return s.replace("\\n", "\n").replace("\\t", "\t")


def build(src):
    out = []
    meta = {}
    headings = []
    toc = []
    items = []
    dates = []
    stack = []
    for n, line in enumerate(src.read_text(encoding="utf-8").split("\n"), 1):
        if not line.startswith("@"):
            out.append(line)
            continue
        kind, _, rest = line.partition(" ")
        f = rest.split(" | ")
        try:
            if kind == "@meta":
                for kv in rest.split():
                    k, _, v = kv.partition("=")
                    meta[k] = v.replace("_", " ") if k == "title" else v
            elif kind == "@ff":
                out.append("\f")
            elif kind == "@h":
                depth, key = f[0].split(" ", 1)
                depth = int(depth)
                stack = stack[: depth - 1] + [key]
                if len(stack) != depth:
                    raise ValueError("depth skips a level")
                headings.append({"path": list(stack), "title": f[1]})
                out.append(lit(f[2]))
            elif kind == "@toc":
                toc.append({"title": f[0], "page": int(f[1])})
                out.append(lit(f[2]))
            elif kind == "@item":
                depts = [d for d in f[2].split(",") if d] if len(f) > 2 else []
                items.append({"id": f[0], "title": f[1], "departments": depts})
            elif kind == "@date":
                dates.append({"iso": f[0], "fiscal": f[1] == "true"})
            else:
                raise ValueError("unknown annotation")
        except (IndexError, ValueError) as e:
            sys.exit(f"{src}:{n}: {e}: {line}")
    text = "\n".join(out)
    text = text.replace("\n\f\n", "\f")
    src.with_suffix(".txt").write_text(text, encoding="utf-8")
    labels = {
        "held_out": meta.pop("held_out", "false") == "true",
        "meta": meta,
        "top": [h["path"][0] for h in headings if len(h["path"]) == 1],
        "headings": headings,
        "toc": toc,
        "items": items,
        "dates": dates,
    }
    src.with_suffix(".labels.json").write_text(
        json.dumps(labels, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


for src in sorted(HERE.glob("*.src")):
    build(src)
