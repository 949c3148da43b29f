#!/usr/bin/env bash
# Rebuild planex's document corpus from the seed texts (corpus/text/) on a
# fresh Debian 12.  Installs what it needs with apt-get (as root), then:
#   seed text -> model (seedmodel.py) -> DOCX (make_docx.py)
#   DOCX -> PDF with LibreOffice; HTML (make_html.py) -> PDF with Chromium
#   LibreOffice PDF of 000 -> 200 dpi grey scan -> image-only PDF (img2pdf)
#   002 -> TCVN3 legacy-font PDF (tcvn3.py, ReportLab + fontTools)
#   005 appendix fixture (make_appendix.py) -> DOCX, PDF, TXT
# and writes the checks to corpus/build/CHECKS.txt.
# Not run in CI.  Usage: bash corpus/build/make-corpus.sh   (from anywhere)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CORPUS="$(cd "$HERE/.." && pwd)"
SHARED="${SHARED:-$CORPUS/../../shared}"
cd "$CORPUS"

# --- packages ---------------------------------------------------------------
DEBS="python3 libreoffice-writer-nogui fonts-liberation fonts-liberation2 chromium poppler-utils
      img2pdf imagemagick python3-fonttools python3-reportlab"
missing=""
for p in $DEBS; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then echo "make-corpus: run as root, or apt-get install$missing" >&2; exit 1; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi
PY=/usr/bin/python3          # Debian's python3: it has fontTools and ReportLab

# --- 1. seed texts and gold (copies from shared/, when it is beside the project)
if [ -d "$SHARED/seeds" ]; then
  cp "$SHARED"/seeds/0*.txt text/
  cp "$SHARED"/gold/*.json "$SHARED"/gold/DECISIONS.md gold/
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export HOME="$WORK/home"; mkdir -p "$HOME"     # LibreOffice / Chromium profiles

# --- 2. DOCX -----------------------------------------------------------------
mkdir -p docx pdf scan tcvn3 appendix/gold
for s in 000 001 002 003 004; do
  $PY "$HERE/make_docx.py" text "$s" "docx/$s.docx"
done
# 004 with its tracked changes accepted: the source of its PDF
$PY "$HERE/make_docx.py" text 004 "$WORK/004.docx" --final

# --- 3. PDF from LibreOffice ---------------------------------------------------
mkdir -p "$WORK/lo"
cp docx/000.docx docx/001.docx docx/002.docx docx/003.docx "$WORK/lo/"
cp "$WORK/004.docx" "$WORK/lo/004.docx"
soffice --headless --norestore --convert-to pdf --outdir "$WORK/lo" "$WORK"/lo/*.docx >/dev/null
for s in 000 001 002 003 004; do mv "$WORK/lo/$s.pdf" "pdf/$s-libreoffice.pdf"; done

# --- 4. PDF from Chromium --------------------------------------------------------
for s in 001 003; do
  $PY "$HERE/make_html.py" text "$s" "$WORK/$s.html"
  prof="$(mktemp -d)"
  chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$prof" \
    --print-to-pdf="$CORPUS/pdf/$s-chromium.pdf" --no-pdf-header-footer "file://$WORK/$s.html" 2>/dev/null
  rm -rf "$prof"
done

# --- 5. scanned PDF: 000 at 200 dpi grey, tilted 0.3°, light noise, JPEG ------
mkdir -p "$WORK/scan"
pdftoppm -r 200 -gray -png "pdf/000-libreoffice.pdf" "$WORK/scan/p"
for f in "$WORK"/scan/p-*.png; do
  convert "$f" -seed 7 -background white -rotate 0.3 -attenuate 0.25 +noise Gaussian \
    -gravity center -extent 1654x2339 -colorspace Gray -quality 70 "${f%.png}.jpg"
done
img2pdf --pagesize A4 --title "000 scan" --creationdate "2025-06-30T08:00:00" \
  --moddate "2025-06-30T08:00:00" --producer "planex corpus img2pdf" \
  -o scan/000-scan.pdf "$WORK"/scan/p-*.jpg

# --- 6. TCVN3 legacy-font PDF ----------------------------------------------------
$PY "$HERE/tcvn3.py" text 002 tcvn3/002-tcvn3.pdf "$WORK/fonts"

# --- 7. appendix fixture 005 --------------------------------------------------
$PY "$HERE/make_appendix.py" appendix/005-appendix.docx appendix/005-appendix.txt
soffice --headless --norestore --convert-to pdf --outdir appendix appendix/005-appendix.docx >/dev/null

# --- checks ---------------------------------------------------------------------
$PY "$HERE/check.py" "$CORPUS" | tee "$HERE/CHECKS.txt"
