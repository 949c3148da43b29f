#!/usr/bin/env bash
# 40-cli.sh: the command line as a user meets it: help, usage lines, exit
# codes, list, show, CSV export.
. "$(dirname "$0")/../lib.sh"
need_binary

# --- help -------------------------------------------------------------------
help=$("$PLANEX" --help 2>"$T/err")
check_eq "planex --help exits 0" "$?" 0
for cmd in ingest list show export matrix runs rules; do
    if printf '%s\n' "$help" | grep -qE "^  $cmd "; then ok "--help lists $cmd"; else not_ok "--help lists $cmd" "$help"; fi
done
# every command the help lists (new ones too) has its own --help
cmds=$(printf '%s\n' "$help" | sed -n 's/^  \([a-z][a-z-]*\)  *[^ ].*/\1/p')
check "the help lists at least 7 commands" test "$(printf '%s\n' "$cmds" | grep -c .)" -ge 7
for cmd in $cmds; do
    out=$("$PLANEX" "$cmd" --help 2>&1)
    rc=$?
    if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q "^usage: planex $cmd"; then
        ok "planex $cmd --help exits 0 with a usage line"
    else
        not_ok "planex $cmd --help exits 0 with a usage line" "exit $rc" "$out"
    fi
done

"$PLANEX" >"$T/out" 2>"$T/err"
check_eq "planex with no command exits 2" "$?" 2
check_contains "planex with no command prints the usage on stderr" "$(cat "$T/err")" "usage: planex COMMAND"
"$PLANEX" frobnicate >"$T/out" 2>"$T/err"
check_eq "an unknown command exits 2" "$?" 2
check_contains "an unknown command is named on stderr" "$(cat "$T/err")" "frobnicate"
check_eq "an unknown command prints nothing on stdout" "$(cat "$T/out")" ""
"$PLANEX" ingest --no-such-option --db "$T/x.db" corpus/text >"$T/out" 2>"$T/err"
check_eq "an unknown option exits 2" "$?" 2
"$PLANEX" export --db "$T/x.db" --format yaml >"$T/out" 2>"$T/err"
check_eq "export --format yaml exits 2" "$?" 2
out=$("$PLANEX" --version)
check "planex --version prints a version" test -n "$out"

# --- a database with two plans ---------------------------------------------
DB=$T/db
seed=$(ls corpus/text/002_*.txt)
other=$(ls corpus/text/000_*.txt)
"$PLANEX" ingest --db "$DB" --quiet "$seed" "$other" 2>"$T/err"
check_eq "ingest --quiet exits 0" "$?" 0
check_eq "ingest --quiet prints nothing" "$(cat "$T/err")" ""

# list
out=$("$PLANEX" list --db "$DB" 2>&1)
check_eq "planex list exits 0" "$?" 0
check_contains "list shows the first document's path" "$out" "$seed"
check_contains "list shows the second document's path" "$out" "$other"
check_contains "list shows the document number" "$out" "326/KH-VPUBND"
check_eq "list has one line per document plus a header" "$(printf '%s\n' "$out" | grep -c .)" 3
out=$("$PLANEX" list --db "$T/empty.db" 2>&1)
check_eq "list on an empty database exits 0" "$?" 0

# show: the outline, with the items under their section.  A row is added by
# hand so the placement is tested whatever the extractors find today.
id=$(sql "$DB" "SELECT document_id FROM paths WHERE path = '$seed'")
sql "$DB" "INSERT INTO deadlines (document_id, section, kind, date, text)
           VALUES ($id, 'III/1/1.1', 'date', '2025-06-30', 'hàng test: trước ngày 30/6/2025')"
"$PLANEX" show --db "$DB" "$seed" >"$T/show" 2>"$T/err"
check_eq "planex show DOC (a path) exits 0" "$?" 0
show=$(cat "$T/show")
n_sections=$(sql "$DB" "SELECT count(*) FROM sections WHERE document_id = $id")
check_eq "show prints one outline line per section" "$(grep -cE '   \[[^]]+\]$' "$T/show")" "$n_sections"
check_contains "show prints a section with its label, title and path" "$show" "1.1. Chỉ số nội dung “Công khai, minh bạch”   [III/1/1.1]"
check_contains "show prints the nested path of a lettered point" "$show" "[III/1/1.4/a]"
check_contains "show prints the metadata" "$show" "326/KH-VPUBND"
after=$(awk '/\[III\/1\/1.1\]$/ { on = 1; next } /   \[[^]]+\]$/ { on = 0 } on' "$T/show")
check_contains "show prints an item under its own section" "$after" "2025-06-30"
check_contains "show prints the item's evidence text" "$after" "hàng test: trước ngày 30/6/2025"
items=$(sql "$DB" "SELECT (SELECT count(*) FROM doc_references WHERE document_id = $id)
                        + (SELECT count(*) FROM indicators WHERE document_id = $id)
                        + (SELECT count(*) FROM assignments WHERE document_id = $id)
                        + (SELECT count(*) FROM deadlines WHERE document_id = $id)
                        + (SELECT count(*) FROM targets WHERE document_id = $id)")
check_eq "show prints every item of the document (one • line each)" "$(grep -c '  • ' "$T/show")" "$items"
out=$("$PLANEX" show --db "$DB" "$id" 2>&1)
check_eq "planex show DOC (an id) exits 0" "$?" 0
check_contains "show by id shows the same document" "$out" "326/KH-VPUBND"
"$PLANEX" show --db "$DB" no-such-document >"$T/out" 2>"$T/err"
check_eq "show of an unknown document exits 2" "$?" 2
check_eq "show of an unknown document says so in one line" "$(grep -c '^planex: no-such-document: ' "$T/err")" 1

# --- CSV export ------------------------------------------------------------
"$PLANEX" export --db "$DB" --format csv --table sections >"$T/sections.csv" 2>"$T/err"
check_eq "export --format csv --table sections exits 0" "$?" 0
check_eq "the CSV starts with a UTF-8 BOM" "$(head -c 3 "$T/sections.csv" | od -An -tx1 | tr -d ' \n')" "efbbbf"
header=$(head -n 1 "$T/sections.csv" | sed 's/^\xef\xbb\xbf//' | tr -d '\r')
check_contains "the header row starts source,doc_number" "$header" "source,doc_number"
case $header in source,doc_number,*) ok "source,doc_number are the first two columns" ;;
*) not_ok "source,doc_number are the first two columns" "$header" ;; esac
rows=$(python3 - "$T/sections.csv" <<'PY'
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
print(len(rows) - 1, len({len(r) for r in rows}))
PY
)
check_eq "the CSV has one row per section, all rows as wide as the header" "$rows" "$(sql "$DB" 'SELECT count(*) FROM sections') 1"
check_contains "the CSV carries the document number in its rows" "$(cat "$T/sections.csv")" "$seed,326/KH-VPUBND,"
for table in documents references indicators assignments deadlines targets baselines; do
    "$PLANEX" export --db "$DB" --format csv --table "$table" >"$T/t.csv" 2>"$T/err"
    rc=$?
    h=$(head -n 1 "$T/t.csv" | sed 's/^\xef\xbb\xbf//' | tr -d '\r')
    if [ "$rc" -eq 0 ] && [ "${h#source,doc_number}" != "$h" ]; then
        ok "export --format csv --table $table: exit 0, header source,doc_number,…"
    else
        not_ok "export --format csv --table $table: exit 0, header source,doc_number,…" "exit $rc" "$h" "$(cat "$T/err")"
    fi
done
"$PLANEX" export --db "$DB" --format csv --table no_such_table >"$T/out" 2>"$T/err"
check_eq "export of an unknown CSV table exits 2" "$?" 2

# --- matrix and runs answer on the same database -----------------------------
"$PLANEX" matrix --db "$DB" >"$T/out" 2>"$T/err"
check_eq "planex matrix exits 0" "$?" 0
out=$("$PLANEX" runs --db "$DB" 2>&1)
check_eq "planex runs exits 0" "$?" 0
check_contains "runs lists the ingest run" "$out" "$(sql "$DB" 'SELECT max(id) FROM runs')"

done_testing
