#!/usr/bin/env python3
"""Checks of the built corpus; prints a report (make-corpus.sh saves it as
corpus/build/CHECKS.txt).

  * each DOCX: its text read from the XML with tracked changes accepted (w:del
    dropped, w:ins kept, footnotes apart) and LibreOffice's txt export, compared
    word by word with the seed model;
  * each PDF: pdfinfo (pages, page size, producer), pdffonts, pdftotext words
    against the seed (running page-number lines dropped);
  * the scan: no fonts, no text;  the TCVN3 PDF: round trip through the table.

usage: check.py CORPUS_DIR
"""
import difflib
import glob
import os
import re
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seedmodel  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def sh(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True).stdout


def docx_words(path):
    """Body text of a DOCX with tracked changes accepted; footnotes returned apart."""
    import xml.etree.ElementTree as ET
    z = zipfile.ZipFile(path)

    def text_of(root):
        paras = []
        for p in root.iter(W + "p"):
            parts = []
            for el in p.iter():
                if el.tag == W + "t":
                    parts.append(el.text or "")
                elif el.tag in (W + "br", W + "tab"):
                    parts.append(" ")
                # w:delText (inside w:del) is skipped: the change is accepted
            paras.append("".join(parts))
        return paras

    body = ET.fromstring(z.read("word/document.xml"))
    # drop nested paragraphs of deleted runs? (w:del holds runs, not paragraphs)
    words = " ".join(text_of(body)).split()
    fn = []
    if "word/footnotes.xml" in z.namelist():
        fn = " ".join(text_of(ET.fromstring(z.read("word/footnotes.xml")))).split()
    return words, fn


def diff_summary(want, got, limit=8):
    sm = difflib.SequenceMatcher(a=want, b=got, autojunk=False)
    ops = [op for op in sm.get_opcodes() if op[0] != "equal"]
    lines = []
    for tag, i1, i2, j1, j2 in ops[:limit]:
        lines.append("      %s seed[%s] -> doc[%s]" % (tag, " ".join(want[i1:i2])[:80], " ".join(got[j1:j2])[:80]))
    if len(ops) > limit:
        lines.append("      … %d more" % (len(ops) - limit))
    return len(ops), lines


def pdf_words(path):
    """Words of pdftotext's output; the running page number (the first line of
    pages 2+, a number alone) is dropped.  Note: pdftotext joins a line that ends
    in '-' with the next ("2020 -" / "2025." -> "2020 2025."): a spaced dash at a
    line end is lost, which shows below as a deleted '-'."""
    t = sh("pdftotext", path, "-")
    pages = t.split("\f")
    out = []
    for n, pg in enumerate(pages):
        lines = pg.split("\n")
        if n > 0:
            k = next((i for i, l in enumerate(lines) if l.strip()), None)
            if k is not None and re.fullmatch(r"\s*\d+\s*", lines[k]):
                lines = lines[k + 1:]
        out.append("\n".join(lines))
    return "\n".join(out).split()


def pdfinfo(path):
    info = sh("pdfinfo", path)
    get = lambda k: (re.search(r"^%s:\s*(.*)$" % k, info, re.M) or [None, "?"])[1]
    fonts = sh("pdffonts", path).strip().split("\n")[2:]
    return get("Pages"), get("Page size"), get("Producer"), [f.split()[0] for f in fonts if f.strip()]


def main(argv):
    corpus = argv[1]
    seed_dir = os.path.join(corpus, "text")
    out = []
    models = {sid: seedmodel.load(sid, seed_dir) for sid in sorted(seedmodel.SEED_NAMES)}
    seedw = {sid: seedmodel.seed_words(os.path.join(seed_dir, seedmodel.SEED_NAMES[sid] + ".txt"))
             for sid in models}
    for sid, m in models.items():
        mw = seedmodel.model_words(m)
        out.append("model %s: %d words, %s seed words" % (sid, len(mw), "equal to" if mw == seedw[sid] else "DIFFERENT FROM"))

    out.append("\n== DOCX: text from the XML, tracked changes accepted, vs seed")
    tmp = tempfile.mkdtemp()
    for sid in models:
        p = os.path.join(corpus, "docx", sid + ".docx")
        words, fn = docx_words(p)
        want = seedmodel.model_words(models[sid])
        auto = []
        if sid == "002":   # labels that Word numbering draws are not in the XML text
            auto = [b["label"] for b in models[sid]["blocks"] if b["label"] and b["label"] != "đ)"]
            want2 = list(want)
            for lab in auto:
                want2.remove(lab)
            want = want2
        n, lines = diff_summary(want, words)
        fnw = " ".join(models[sid]["footnotes"][k] for k in sorted(models[sid]["footnotes"])).split()
        out.append("  %s.docx: %d words, %d differences%s%s" % (
            sid, len(words), n, " (after removing %d automatic labels)" % len(auto) if auto else "",
            "; footnotes %s" % ("equal" if fn == fnw else "DIFFER") if fnw else ""))
        out += lines
    out.append("\n== DOCX via LibreOffice txt export vs seed (numbering labels rendered)")
    docs = [os.path.join(corpus, "docx", s + ".docx") for s in models]
    subprocess.run(["soffice", "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", tmp] + docs,
                   capture_output=True)
    for sid in models:
        t = open(os.path.join(tmp, sid + ".txt"), encoding="utf-8-sig").read()
        got = t.split()
        want = seedmodel.model_words(models[sid])
        n, lines = diff_summary(want, got)
        out.append("  %s.docx -> txt: %d words, %d differences" % (sid, len(got), n))
        out += lines

    out.append("\n== PDFs: pages, size, producer, fonts; pdftotext words vs seed (page numbers dropped)")
    pdfs = sorted(glob.glob(os.path.join(corpus, "pdf", "*.pdf"))) + \
        [os.path.join(corpus, "appendix", "005-appendix.pdf"), os.path.join(corpus, "scan", "000-scan.pdf"),
         os.path.join(corpus, "tcvn3", "002-tcvn3.pdf")]
    for p in pdfs:
        pages, size, prod, fonts = pdfinfo(p)
        kb = os.path.getsize(p) // 1024
        out.append("  %s: %s pages, %s, %s, %d KB, fonts: %s" % (
            os.path.relpath(p, corpus), pages, size, prod, kb, ", ".join(fonts) or "none"))
        sid = os.path.basename(p)[:3]
        if sid in models and "scan" not in p and "tcvn3" not in p:
            got = pdf_words(p)
            n, lines = diff_summary(seedmodel.model_words(models[sid]) +
                                    " ".join(models[sid]["footnotes"].values()).split(), got)
            out.append("    words %d, %d differences" % (len(got), n))
            out += lines
        if "scan" in p:
            out.append("    pdftotext characters: %d" % len(sh("pdftotext", p, "-").strip()))
    t = sh("pdftotext", os.path.join(corpus, "tcvn3", "002-tcvn3.pdf"), "-")
    out.append("  tcvn3 sample: " + " ".join(t.split()[:12]))
    import tcvn3
    ok, got, want = tcvn3.check(t, models["002"])
    out.append("  tcvn3 round trip (case-insensitive): %s" % ("OK" if ok else "DIFFERS"))
    total = 0
    for root, _, files in os.walk(corpus):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    out.append("\ncorpus size: %.1f MB" % (total / 1e6))
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv)
