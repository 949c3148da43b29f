#!/usr/bin/env python3
"""bench/make_variants.py OUT COPIES: the benchmark corpus.

From the text-layer PDFs and the DOCX files of corpus/, COPIES variants of
each, every one with different bytes (so planex cannot skip it by hash):

- DOCX: word/document.xml rewritten with one more paragraph at the top,
  "Bản sao số N (benchmark)", through zipfile: a real change of the text.
- PDF: the file with a comment line appended after %%EOF ("% variant N"):
  readers ignore it, the hash changes.  (Rewriting the text layer would need
  LibreOffice per copy: minutes, for the same pages.)

Writes OUT/pdf/*.pdf and OUT/docx/*.docx and OUT/pages.txt (pages per PDF,
from pdfinfo), and OUT/stamp, the inputs' digest, so a second run with the
same inputs does nothing.
"""
import hashlib
import os
import re
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PDFS = sorted(
    [os.path.join(ROOT, "corpus/pdf", f) for f in os.listdir(os.path.join(ROOT, "corpus/pdf")) if f.endswith(".pdf")]
    + [os.path.join(ROOT, "corpus/tcvn3/002-tcvn3.pdf"), os.path.join(ROOT, "corpus/appendix/005-appendix.pdf")]
)
DOCXS = sorted(
    [os.path.join(ROOT, "corpus/docx", f) for f in os.listdir(os.path.join(ROOT, "corpus/docx")) if f.endswith(".docx")]
    + [os.path.join(ROOT, "corpus/appendix/005-appendix.docx")]
)


def digest(copies):
    h = hashlib.sha256(str(copies).encode())
    h.update(open(__file__, "rb").read())
    for p in PDFS + DOCXS:
        h.update(p.encode())
        h.update(open(p, "rb").read())
    return h.hexdigest()


def pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return int(m.group(1)) if m else 0


def docx_variant(src, dst, n):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                para = f"<w:p><w:r><w:t>Bản sao số {n} (benchmark)</w:t></w:r></w:p>".encode()
                data = re.sub(rb"(<w:body[^>]*>)", lambda m: m.group(1) + para, data, count=1)
            zout.writestr(item, data)


def main():
    out, copies = sys.argv[1], int(sys.argv[2])
    stamp = os.path.join(out, "stamp")
    want = digest(copies)
    if os.path.exists(stamp) and open(stamp).read().strip() == want:
        return
    for sub in ("pdf", "docx"):
        d = os.path.join(out, sub)
        os.makedirs(d, exist_ok=True)
        for f in os.listdir(d):
            os.remove(os.path.join(d, f))
    lines = []
    for src in PDFS:
        data = open(src, "rb").read()
        n_pages = pages(src)
        base = os.path.splitext(os.path.basename(src))[0]
        for i in range(copies):
            dst = os.path.join(out, "pdf", f"{base}-v{i:03d}.pdf")
            with open(dst, "wb") as f:
                f.write(data)
                f.write(b"\n%% variant %d\n" % i)
            lines.append(f"{n_pages} {dst}")
    for src in DOCXS:
        base = os.path.splitext(os.path.basename(src))[0]
        for i in range(copies):
            docx_variant(src, os.path.join(out, "docx", f"{base}-v{i:03d}.docx"), i)
    with open(os.path.join(out, "pages.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    # old times: planex's settle window must not delay the runs
    old = 1_000_000_000
    for sub in ("pdf", "docx"):
        d = os.path.join(out, sub)
        for f in os.listdir(d):
            os.utime(os.path.join(d, f), (old, old))
    with open(stamp, "w") as f:
        f.write(want + "\n")


main()
