#!/usr/bin/env bash
# 30-bad-input.sh: files planex cannot read.  Each gives exactly one
# `planex: FILE: reason` line on stderr, the run goes on with the other files
# of the same invocation, the exit status is 1, and the database holds no
# row for a failed file.  Also: text encodings planex must read (UTF-16 LE/BE
# with BOM, CRLF).  Every input is generated here.
. "$(dirname "$0")/../lib.sh"
need_binary

IN=$T/in
mkdir -p "$IN"
python3 - "$IN" <<'PY'
import os, sys
d = sys.argv[1]
plan = ("KẾ HOẠCH\nThực hiện cải cách hành chính năm 2025\n\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nNâng cao chất lượng phục vụ người dân.\n"
        "2. Yêu cầu\nBảo đảm tiến độ.\nII. NHIỆM VỤ\n1. Công khai thủ tục\n"
        "a) Niêm yết công khai\nb) Cập nhật cổng thông tin\n")
def w(name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)
# readable
w("good-utf16le.txt", b"\xff\xfe" + plan.encode("utf-16-le"))
w("good-utf16be.txt", b"\xfe\xff" + plan.encode("utf-16-be"))
w("good-crlf.txt", plan.replace("\n", "\r\n").encode())
# unreadable
b = plan.encode()
w("bad-invalid-utf8.txt", b[:40] + b"\xff" + b[40:])          # byte offset 40
w("bad-empty.txt", b"")
w("bad-blob.doc", bytes(range(256)) * 16)
w("bad-garbage.pdf", b"%PDF-1.7\n" + bytes((i * 37 + 11) % 256 for i in range(3000)))
w("bad-corrupt.pdf", b"%PDF-1.7\n" + bytes((i * 37 + 11) % 256 for i in range(3000)) +
  b"\nstartxref\n12345\n%%EOF\n")
w("bad-html.pdf", "<!DOCTYPE html>\n<html><body><h1>KẾ HOẠCH</h1><p>I. MỤC ĐÍCH</p></body></html>\n".encode())
w("bad-ole.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"\x01" * 1024)
PY
pdf=$(ls corpus/pdf/*.pdf | head -n 1)
size=$(stat -c %s "$pdf")
head -c $((size / 3)) "$pdf" >"$IN/bad-truncated.pdf"
{ head -c $((size / 3)) "$pdf"; printf '\n%%%%EOF\n'; } >"$IN/bad-truncated-eof.pdf"
(cd "$T" && printf 'không phải tài liệu Word\n' >readme.txt && zip -q "$IN/bad-notdocx.docx" readme.txt)

bad=(bad-blob.doc bad-corrupt.pdf bad-empty.txt bad-garbage.pdf bad-html.pdf bad-invalid-utf8.txt
     bad-notdocx.docx bad-ole.docx bad-truncated-eof.pdf bad-truncated.pdf)
good=(good-crlf.txt good-utf16be.txt good-utf16le.txt)

# The reason a user needs, per file (extended regex, case-insensitive).
declare -A reason=(
    [bad-invalid-utf8.txt]='UTF-8.*byte offset 40([^0-9]|$)'
    [bad-empty.txt]='empty'
    [bad-blob.doc]='binary|not supported|unknown'
    [bad-garbage.pdf]='PDF'
    [bad-corrupt.pdf]='PDF'
    [bad-truncated.pdf]='PDF'
    [bad-truncated-eof.pdf]='PDF'
    [bad-html.pdf]='HTML'
    [bad-notdocx.docx]='zip|not a word|docx'
    [bad-ole.docx]='OLE|\.doc'
)

DB=$T/db
# a database that already holds a plan, so "no rows" is measured against it
"$PLANEX" ingest --db "$DB" --quiet corpus/text/000_*.txt 2>/dev/null
before=$(row_counts "$DB")

# --- only bad files: each one line, exit 1, nothing written ---------------
args=()
for f in "${bad[@]}"; do args+=("$IN/$f"); done
"$PLANEX" ingest --db "$DB" "${args[@]}" >"$T/out" 2>"$T/err"
check_eq "ingest of only unreadable files exits 1" "$?" 1
for f in "${bad[@]}"; do
    lines=$(grep -c "^planex: $IN/$f: " "$T/err")
    check_eq "$f: exactly one 'planex: FILE: reason' line" "$lines" 1
    line=$(grep "^planex: $IN/$f: " "$T/err" | head -n 1)
    if printf '%s' "$line" | grep -qiE -- "${reason[$f]}"; then
        ok "$f: the reason says what is wrong"
    else
        not_ok "$f: the reason says what is wrong" "want /${reason[$f]}/" "got: $line"
    fi
done
others=$(grep -v "^planex: $IN/bad-" "$T/err" | grep -vE '^planex: [0-9]+ added, ')
check_eq "stderr holds nothing but the per-file errors and the summary" "$others" ""
check_contains "the summary counts every failure" "$(cat "$T/err")" "0 added, 0 updated, 0 moved, 0 unchanged, ${#bad[@]} failed"
check_eq "no rows were written for failed files (row counts unchanged)" "$(row_counts "$DB")" "$before"
check_eq "the journal records each failure" \
    "$(sql "$DB" "SELECT count(*) FROM run_files WHERE outcome = 'failed' AND path LIKE '$IN/bad-%'")" "${#bad[@]}"

# --- bad and good together: the run goes on -------------------------------
docs0=$(sql "$DB" 'SELECT count(*) FROM documents')
"$PLANEX" ingest --db "$DB" "$IN" >"$T/out" 2>"$T/err"
check_eq "ingest of a folder with bad and good files exits 1" "$?" 1
check_eq "one error line per bad file, none for the good ones" \
    "$(grep -cE "^planex: $IN/[^:]+: " "$T/err")" "${#bad[@]}"
check_contains "the good files are added" "$(cat "$T/err")" "${#good[@]} added"
check_eq "the good files are in the database" "$(sql "$DB" 'SELECT count(*) FROM documents')" "$((docs0 + ${#good[@]}))"
check_eq "no path row for any failed file" \
    "$(sql "$DB" "SELECT count(*) FROM paths WHERE path LIKE '$IN/bad-%'")" 0
check_eq "no document for any failed file" \
    "$(sql "$DB" "SELECT count(*) FROM documents WHERE source LIKE '$IN/bad-%'")" 0

# each good file: read as text, its sections found
want="I|I/1|I/2|II|II/1|II/1/a|II/1/b"
for f in "${good[@]}"; do
    got=$(sql "$DB" "SELECT group_concat(s.path, '|') FROM (SELECT s.path FROM sections s JOIN paths p ON p.document_id = s.document_id WHERE p.path = '$IN/$f' ORDER BY s.ord) s")
    check_eq "$f: sections found" "$got" "$want"
    title=$(sql "$DB" "SELECT s.title FROM sections s JOIN paths p ON p.document_id = s.document_id WHERE p.path = '$IN/$f' AND s.path = 'I'")
    check_eq "$f: text decoded (title of I)" "$title" "MỤC ĐÍCH, YÊU CẦU"
done
check_eq "CRLF leaves no carriage return in section titles" \
    "$(sql "$DB" "SELECT count(*) FROM sections WHERE instr(title, char(13)) > 0")" 0

# --- a bad file given alone exits 1, a missing path too --------------------
"$PLANEX" ingest --db "$DB" "$IN/bad-empty.txt" >/dev/null 2>"$T/err"
check_eq "a single bad file exits 1" "$?" 1
"$PLANEX" ingest --db "$DB" "$T/does-not-exist.txt" >/dev/null 2>"$T/err"
rc=$?
check "a missing path exits non-zero" test "$rc" -ne 0
check_eq "a missing path gives one line naming it" "$(grep -c "^planex: $T/does-not-exist.txt: " "$T/err")" 1


# A folder walk looks only at files that may be plans: scripts, JSON and
# spreadsheets beside the plans are not errors; a plan under a wrong
# document extension is still read by its bytes.
mkdir -p "$T/mixed"
cp corpus/text/000_4d1a6d42d4681bfa.txt "$T/mixed/plan.txt"
cp corpus/pdf/002-libreoffice.pdf "$T/mixed/really-a-pdf.doc"
printf 'print(1)\n' > "$T/mixed/tool.py"
printf '{"a": 1}\n' > "$T/mixed/data.json"
"$PLANEX" ingest --db "$T/mixed.db" "$T/mixed" >"$T/mixed.out" 2>"$T/mixed.err"
check_eq "a folder with scripts and JSON beside plans: exit 0" "$?" 0
check_eq "only the two plans are documents" "$(sql "$T/mixed.db" 'SELECT COUNT(*) FROM documents')" 2
check_eq "the PDF named .doc is read as a PDF" "$(sql "$T/mixed.db" "SELECT format FROM documents WHERE source LIKE '%really-a-pdf.doc'")" pdf
done_testing
