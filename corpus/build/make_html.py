#!/usr/bin/env python3
"""Write a seed model as HTML in the Decree 30 layout, for Chromium's
print-to-PDF: A4 via @page (margins 20/15/20/30 mm), Liberation Serif (metric
clone of Times New Roman) 14 pt, justified paragraphs with a 1.27 cm first-line
indent, tables for the header and signature blocks, and the page number at the
top centre of pages 2+ (@page margin box; none on the first page).

usage: make_html.py SEED_DIR NNN OUT.html
"""
import os
import sys
from html import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seedmodel  # noqa: E402

CSS = """
@page { size: A4; margin: 20mm 15mm 20mm 30mm;
  @top-center { content: counter(page); font-family: "Liberation Serif", "Times New Roman", serif; font-size: 13pt; } }
@page :first { @top-center { content: none; } }
html { font-family: "Liberation Serif", "Times New Roman", serif; font-size: 14pt; }
body { margin: 0; line-height: 1.2; }
p { margin: 6pt 0 0 0; text-align: justify; text-indent: 1.27cm; }
p.h { font-weight: bold; break-after: avoid; }
p.hi { font-weight: bold; font-style: italic; break-after: avoid; }
p.title { text-align: center; text-indent: 0; font-weight: bold; margin: 0; }
p.title.first { margin-top: 12pt; }
table.blk { width: 100%; border-collapse: collapse; border: none; margin-top: 12pt; break-inside: avoid; }
table.blk td { border: none; vertical-align: top; padding: 0 2pt; }
table.blk p { text-indent: 0; margin: 0; }
td.left p { text-align: left; font-size: 11pt; }
td.left p.nn { font-size: 12pt; font-weight: bold; font-style: italic; }
td.right p { text-align: center; font-weight: bold; }
td.right p.gap { height: 4.2em; }
table.hdr { width: 100%; border-collapse: collapse; }
table.hdr td { border: none; text-align: center; padding: 0; }
td.num { font-size: 13pt; width: 38%; }
td.place { font-style: italic; }
a { color: inherit; text-decoration: none; }
"""


def runs_html(b):
    out = []
    for r in b["runs"]:
        if "fn" in r:
            out.append("<sup>%s</sup>" % escape(r["fn"]))
            continue
        t = escape(r["t"])
        if r.get("b"):
            t = "<b>%s</b>" % t
        if r.get("i"):
            t = "<i>%s</i>" % t
        if "link" in r:
            t = '<a href="%s">%s</a>' % (escape(r["link"]), t)
        out.append(t)
    return "".join(out)


def block_html(b):
    cls = ""
    if b["bold"]:
        cls = ' class="hi"' if b.get("italic") else ' class="h"'
    elif b.get("italic"):
        cls = ' style="font-style: italic"'
    label = ""
    if b["label"]:
        label = escape(b["label"]) + " "
        if b.get("runin"):
            label = "<b>%s</b>" % label
    return "<p%s>%s%s</p>" % (cls, label, runs_html(b))


def build(doc):
    h = ['<!DOCTYPE html>', '<html lang="vi"><head><meta charset="utf-8">',
         "<title>%s</title>" % escape("KẾ HOẠCH " + " ".join(doc["title"][1:])),
         "<style>%s</style></head><body>" % CSS]
    if doc.get("header"):
        h.append('<table class="hdr"><tr><td class="num">%s</td><td class="place">%s</td></tr></table>'
                 % (escape(doc["header"]["number"]), escape(doc["header"]["placedate"])))
    h.append('<p class="title first">%s</p>' % escape(doc["title"][0]))
    if doc["title_mode"] == "br":
        h.append('<p class="title">%s</p>' % "<br>".join(escape(t) for t in doc["title"][1:]))
    else:
        for t in doc["title"][1:]:
            h.append('<p class="title">%s</p>' % escape(t))
    h.append('<p class="title">&nbsp;</p>')
    for b in doc["blocks"]:
        h.append(block_html(b))
    left = ['<p class="nn">%s</p>' % escape(doc["recipients_head"])]
    left += ["<p>%s</p>" % escape(r) for r in doc["recipients"]]
    right = ["<p>%s</p>" % escape(s) for s in doc["signature"]]
    right += ['<p class="gap"></p>', "<p>%s</p>" % escape(doc["signer"])]
    h.append('<table class="blk"><tr><td class="left" style="width:50%%">%s</td>'
             '<td class="right">%s</td></tr></table>' % ("".join(left), "".join(right)))
    h.append("</body></html>")
    return "\n".join(h)


def main(argv):
    doc = seedmodel.load(argv[2], argv[1])
    with open(argv[3], "w", encoding="utf-8") as f:
        f.write(build(doc))


if __name__ == "__main__":
    main(sys.argv)
