#!/usr/bin/env python3
"""Re-typeset the seed plans at another line width, as text extracted from a
PDF looks (a blank line after every line) or as plain hard-wrapped text, so
that the tests can check that line re-joining does not depend on the seeds'
own layout.  usage: rewrap.py WIDTH pdf|plain OUT_DIR"""
import os
import sys
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "corpus", "build"))
import seedmodel  # noqa: E402

width, style, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
for sid in ["000", "001", "002", "003", "004"]:
    doc = seedmodel.load(sid, os.path.join(HERE, "..", "corpus", "text"))
    lines = []
    header = doc.get("header") or {}
    for key in ("number", "placedate"):
        if header.get(key):
            lines.append(header[key])
    lines += doc["title"]
    for b in doc["blocks"]:
        lines += textwrap.wrap(seedmodel.block_text(b), width=width)
    if doc.get("recipients_head"):
        lines.append(doc["recipients_head"])
        lines += doc["recipients"]
    lines += doc.get("signature", [])
    if doc.get("signer"):
        lines.append(doc["signer"])
    with open(os.path.join(out, doc["name"] + ".txt"), "w", encoding="utf-8") as f:
        f.write(("\n\n" if style == "pdf" else "\n").join(lines) + "\n")
