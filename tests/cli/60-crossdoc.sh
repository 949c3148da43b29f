#!/usr/bin/env bash
# 60-crossdoc.sh: across documents (issue 6): references resolved to the
# plans they cite, audit against a template (planted differences caught,
# nothing else reported), compare, matrix (editions once, filters, CSV
# BOM), search with and without diacritics, and the HTML report opened in
# headless Chromium.
#
# Fixtures (tests/fixtures/crossdoc/): template.txt, a provincial PAPI plan
# (88/KH-UBND); plan.txt, a district plan that implements it faithfully;
# plan-planted.txt, the district plan with four planted differences: area
# PAPI.7 (Quản trị môi trường) removed, the year report moved from 10/11 to
# 25/11 (the template asks for 15/11), the PAPI.5 target lowered from 98% to
# 90%, and the `Thực hiện Kế hoạch số 88/KH-UBND …` reference removed.
if [ -f "$(dirname "$0")/../lib.sh" ]; then
    . "$(dirname "$0")/../lib.sh"
else # standalone, before lib.sh existed
    cd "$(dirname "$0")/../.." || exit 2
    PLANEX=${PLANEX:-./planex}
    T=$(mktemp -d)
    trap 'rm -rf "$T"' EXIT
    _f=0
    ok() { echo "ok - $*"; }
    not_ok() { _f=$((_f + 1)); echo "not ok - $1"; shift; for d in "$@"; do printf '%s\n' "$d" | head -20 | sed 's/^/#   /'; done; }
    check() { local d=$1; shift; if "$@" >/dev/null 2>&1; then ok "$d"; else not_ok "$d"; fi; }
    check_eq() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got:  $2" "want: $3"; fi; }
    check_contains() { if printf '%s' "$2" | grep -qF -- "$3"; then ok "$1"; else not_ok "$1" "wanted: $3" "in: $2"; fi; }
    check_not_contains() { if printf '%s' "$2" | grep -qF -- "$3"; then not_ok "$1" "unwanted: $3"; else ok "$1"; fi; }
    need_binary() { [ -x "$PLANEX" ] || { not_ok "binary $PLANEX"; exit 1; }; }
    done_testing() { [ "$_f" -eq 0 ]; exit $?; }
fi
need_binary

FX=tests/fixtures/crossdoc
DB=$T/x.db
px() { "$PLANEX" "$@" --db "$DB"; }

# jsonl FILE: every non-empty line is a JSON object (prints the count).
jsonl() {
    python3 -c '
import json, sys
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        assert isinstance(json.loads(line), dict)
        n += 1
print(n)' "$1" 2>&1
}

# --- links: resolved at ingest, re-resolved when documents come and go ----
cp "$FX/plan.txt" "$FX/template.txt" "$FX/plan-planted.txt" "$T/"
px ingest --quiet "$T/plan.txt" >/dev/null 2>&1
out=$(px show "$T/plan.txt" 2>&1)
check_contains "show: a cited plan not yet ingested is listed as missing" "$out" "88/KH-UBND (chưa có trong cơ sở dữ liệu)"
px ingest --quiet "$T/template.txt" "$T/plan-planted.txt" >/dev/null 2>&1
tid=$(sqlite3 -batch -noheader "$DB" "SELECT id FROM documents WHERE doc_number = '88/KH-UBND'")
pid=$(sqlite3 -batch -noheader "$DB" "SELECT id FROM documents WHERE doc_number = '41/KH-UBND'")
qid=$(sqlite3 -batch -noheader "$DB" "SELECT id FROM documents WHERE doc_number = '42/KH-UBND'")
check "the three fixture plans are ingested with their numbers" test -n "$tid" -a -n "$pid" -a -n "$qid"
out=$(px show "$T/plan.txt" 2>&1)
check_contains "show: the parent is resolved once it is ingested (px_store_resolve_links at the end of ingest)" \
    "$out" "thực hiện: 88/KH-UBND → tài liệu $tid"
out=$(px show 88/KH-UBND 2>&1)
check_contains "show: the template lists its child" "$out" "được thực hiện bởi: 41/KH-UBND → tài liệu $pid"
resolved=$(sqlite3 -batch -noheader "$DB" "SELECT resolved_id FROM doc_references WHERE document_id = $pid AND doc_number = '88/KH-UBND'")
check_eq "doc_references.resolved_id holds the template" "$resolved" "$tid"
rm "$T/template.txt"
px ingest --quiet --prune >/dev/null 2>&1
resolved=$(sqlite3 -batch -noheader "$DB" "SELECT COALESCE(resolved_id, 'null') FROM doc_references WHERE document_id = $pid AND doc_number = '88/KH-UBND'")
check_eq "a pruned template leaves the reference unresolved" "$resolved" "null"
cp "$FX/template.txt" "$T/template.txt"
px ingest --quiet "$T/template.txt" >/dev/null 2>&1
tid=$(sqlite3 -batch -noheader "$DB" "SELECT id FROM documents WHERE doc_number = '88/KH-UBND'")
resolved=$(sqlite3 -batch -noheader "$DB" "SELECT COALESCE(resolved_id, 'null') FROM doc_references WHERE document_id = $pid AND doc_number = '88/KH-UBND'")
check_eq "re-ingesting the template resolves the reference again" "$resolved" "$tid"

# a citation whose date contradicts the document is not resolved to it
# (numbers restart every year): same number, another year
sed 's#Kế hoạch số 88/KH-UBND ngày 15/3/2024#Kế hoạch số 88/KH-UBND ngày 15/3/2023#' "$FX/plan.txt" |
    sed 's#Số: 41/KH-UBND#Số: 43/KH-UBND#' >"$T/plan-2023ref.txt"
px ingest --quiet "$T/plan-2023ref.txt" >/dev/null 2>&1
px audit "$T/plan-2023ref.txt" >/dev/null 2>&1
resolved=$(sqlite3 -batch -noheader "$DB" "SELECT COALESCE(resolved_id, 'null') FROM doc_references r JOIN documents d ON d.id = r.document_id WHERE d.doc_number = '43/KH-UBND' AND r.doc_number = '88/KH-UBND'")
check_eq "a citation of 88/KH-UBND of 2023 is not resolved to 88/KH-UBND of 2024" "$resolved" "null"

# --- audit: the faithful plan against its parent (the default template) ---
px audit "$T/plan.txt" >"$T/audit.txt" 2>"$T/err"
check_eq "audit of the faithful plan against its parent exits 0" "$?" 0
check_contains "audit names the template it used" "$(cat "$T/audit.txt")" "Template $tid (the plan it implements)"
check_contains "audit: 0 findings" "$(cat "$T/audit.txt")" "0 findings"
px audit --all --format json "$T/plan.txt" >"$T/all.jsonl" 2>"$T/err"
check_eq "audit --all --format json is JSON Lines" "$(jsonl "$T/all.jsonl")" "$(grep -c . "$T/all.jsonl")"
for k in area_covered deadline_ok target_ok lead_ok reference_ok; do
    check_contains "audit --all lists passed checks: $k" "$(cat "$T/all.jsonl")" "\"kind\":\"$k\""
done

# --- audit: the planted differences, each caught, nothing else -----------
px audit --template 88/KH-UBND --format json "$T/plan-planted.txt" >"$T/planted.jsonl" 2>"$T/err"
check_eq "audit with findings exits 1" "$?" 1
check_eq "audit --format json prints JSON Lines" "$(jsonl "$T/planted.jsonl")" "$(grep -c . "$T/planted.jsonl")"
python3 - "$T/planted.jsonl" >"$T/planted.check" 2>&1 <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
def find(kind, **kw):
    return [r for r in rows if r["kind"] == kind and all(r.get(k) == v for k, v in kw.items())]
def check(cond, desc, detail=""):
    print(("ok - " if cond else "not ok - ") + desc)
    if not cond and detail:
        print("#   " + str(detail)[:400])
# each planted difference, with its evidence on both sides
a = find("area_missing", area="PAPI.7")
check(len(a) == 1, "planted: the removed area PAPI.7 is area_missing", rows)
check(a and a[0]["template"]["section"] == "III/7" and "Quản trị môi trường" in a[0]["template"]["text"],
      "area_missing has the template's section and text", a)
d = find("deadline_later")
check(len(d) == 1, "planted: the year report moved later is deadline_later", rows)
if d:
    d = d[0]
    check(d["template"]["date"] == "2024-11-15" and d["plan"]["date"] == "2024-11-25",
          "deadline_later: template 2024-11-15, plan 2024-11-25", d)
    check("15/11/2024" in d["template"]["text"] and "25/11/2024" in d["plan"]["text"],
          "deadline_later quotes the text on both sides", d)
    check(d["template"]["section"] == "IV/2" and d["plan"]["section"] == "IV/2",
          "deadline_later gives the section on both sides", d)
t = find("target_weaker", area="PAPI.5")
check(len(t) == 1, "planted: the lowered PAPI.5 target is target_weaker", rows)
if t:
    t = t[0]
    check(t["template"]["value"] == 98 and t["plan"]["value"] == 90 and t["plan"]["unit"] == "%",
          "target_weaker: template 98 %, plan 90 %", t)
    check("98%" in t["template"]["text"] and "90%" in t["plan"]["text"], "target_weaker quotes both sides", t)
r = find("reference_missing")
check(len(r) == 1 and r[0]["template"]["doc_number"] == "88/KH-UBND",
      "planted: the removed reference is reference_missing", rows)
# and nothing else about areas, deadlines or targets
others = [x["kind"] + ":" + str(x.get("area")) for x in rows
          if x["kind"].split("_")[0] in ("area", "deadline", "target")
          and (x["kind"], x.get("area")) not in (("area_missing", "PAPI.7"), ("deadline_later", None),
                                                 ("target_weaker", "PAPI.5"))]
check(not others, "planted: no other area, deadline or target finding", others)
check(all(x["finding"] is True for x in rows), "without --all every line is a finding")
check(all({"kind", "area", "indicator", "template", "plan"} <= set(x) for x in rows),
      "every finding has kind, area, indicator, template and plan")
check(all("section" in x["template"] and "text" in x["template"] and "section" in x["plan"] and "text" in x["plan"]
          for x in rows), "template and plan objects carry section and text")
PY
while IFS= read -r line; do
    case $line in
    "ok - "*) ok "${line#ok - }" ;;
    "not ok - "*) not_ok "${line#not ok - }" ;;
    "#"*) echo "$line" ;;
    *) not_ok "planted-difference checker" "$line" ;;
    esac
done <"$T/planted.check"
px audit --template "$T/template.txt" "$T/plan-planted.txt" >"$T/planted.txt" 2>&1
check_contains "audit (table) sums up the findings by kind" "$(cat "$T/planted.txt")" \
    "4 findings: 1 reference_missing, 1 area_missing, 1 deadline_later, 1 target_weaker"
check_contains "audit (table) quotes the evidence" "$(cat "$T/planted.txt")" "«Báo cáo năm gửi trước ngày 25/11/2024.»"

px audit "$T/plan-planted.txt" >"$T/out" 2>"$T/err"
check_eq "audit of a plan that cites nothing in the database, without --template, exits 2" "$?" 2
check_contains "… and says to give --template" "$(cat "$T/err")" "--template"
px audit no-such-plan >"$T/out" 2>"$T/err"
check_eq "audit of an unknown document exits 2" "$?" 2
px audit --template "$T/template.txt" "$T/template.txt" >"$T/out" 2>"$T/err"
check_eq "audit of a plan against itself exits 2" "$?" 2
px audit --format yaml "$T/plan.txt" >"$T/out" 2>"$T/err"
check_eq "audit --format yaml exits 2" "$?" 2

# --- audit: seed 000 (Văn Quan district, 2024) against seed 003 (Lạng Sơn
# province, 2023) ----------------------------------------------------------
SEEDS=$T/seeds.db
"$PLANEX" ingest --quiet --db "$SEEDS" corpus/text/000_4d1a6d42d4681bfa.txt corpus/text/003_8b5dcf3e7bb9c9d7.txt >/dev/null 2>&1
"$PLANEX" audit --db "$SEEDS" --all --format json --template corpus/text/003_8b5dcf3e7bb9c9d7.txt \
    corpus/text/000_4d1a6d42d4681bfa.txt >"$T/seeds.jsonl" 2>"$T/err"
check_eq "audit 000 against 003 exits 1 (findings)" "$?" 1
python3 - "$T/seeds.jsonl" >"$T/seeds.check" 2>&1 <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
def check(cond, desc, detail=""):
    print(("ok - " if cond else "not ok - ") + desc)
    if not cond:
        print("#   " + str(detail)[:400])
kinds = {}
for r in rows:
    kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
print("# 000 vs 003: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
areas = [r for r in rows if r["kind"].startswith("area_")]
check(len(areas) >= 8, "000 vs 003 lists the areas (8 PAPI areas)", kinds)
check(all(r["template"]["text"] and r["plan"]["text"] for r in areas if r["kind"] == "area_covered"),
      "covered areas quote both sides", areas[:2])
dl = [r for r in rows if r["kind"].startswith("deadline_")]
check(len(dl) >= 1, "000 vs 003 lists deadlines", kinds)
check(all(r["template"]["text"] and r["template"]["date"] for r in dl), "deadlines quote the template's text", dl[:1])
# 003 (2023) asks for results by 30/11; 000 (2024) sets its year report on 02/01/2025
late = [r for r in dl if r["kind"] == "deadline_later"]
check(any(r["template"]["date"] == "2023-11-30" and r["template"].get("compared_as") == "2024-11-30"
          and r["plan"]["date"] == "2025-01-02" for r in late),
      "the template's 2023 deadline is moved into 2024 and the 02/01/2025 report is later", dl)
tg = [r for r in rows if r["kind"].startswith("target_")]
check(len(tg) >= 1 and all(r["template"]["text"] for r in tg), "000 vs 003 lists targets with the template's text", kinds)
check(any(r["kind"] == "target_missing" and r["indicator"] == "PAPI" for r in tg),
      "003's PAPI top-15 target has no counterpart in 000", tg)
check(not any(r.get("area") and not r["area"].startswith("PAPI") for r in rows),
      "PAR INDEX and SIPAS areas are left out for a PAPI-only plan", [r["area"] for r in rows])
PY
while IFS= read -r line; do
    case $line in
    "ok - "*) ok "${line#ok - }" ;;
    "not ok - "*) not_ok "${line#not ok - }" ;;
    "#"*) echo "$line" ;;
    *) not_ok "seed audit checker" "$line" ;;
    esac
done <"$T/seeds.check"
"$PLANEX" audit --db "$SEEDS" --all-indices --format json --template corpus/text/003_8b5dcf3e7bb9c9d7.txt \
    corpus/text/000_4d1a6d42d4681bfa.txt >"$T/seeds-all.jsonl" 2>"$T/err"
check_contains "--all-indices compares the PAR INDEX areas too" "$(cat "$T/seeds-all.jsonl")" '"kind":"area_missing","finding":true,"area":"PAR.'

# --- compare -------------------------------------------------------------
px compare "$T/plan.txt" "$T/plan-planted.txt" >"$T/cmp.txt" 2>"$T/err"
check_eq "compare of two differing plans exits 1" "$?" 1
check_contains "compare: PAPI.7 only in A" "$(cat "$T/cmp.txt")" "PAPI.7    only in A"
check_contains "compare: PAPI.5 differs in its targets" "$(cat "$T/cmp.txt")" "PAPI.5    differs (targets)"
check_contains "compare: lead units by unit_canonical" "$(cat "$T/cmp.txt")" "phòng y tế huyện"
px compare --format json "$T/plan.txt" "$T/plan-planted.txt" >"$T/cmp.jsonl" 2>"$T/err"
check_eq "compare --format json is JSON Lines" "$(jsonl "$T/cmp.jsonl")" "$(grep -c . "$T/cmp.jsonl")"
check_contains "compare json: the plan-wide row holds the moved deadline" "$(grep '"area":null' "$T/cmp.jsonl")" "report (year) 2024-11-25"
px compare --format csv "$T/plan.txt" "$T/plan-planted.txt" >"$T/cmp.csv" 2>"$T/err"
check_eq "compare --format csv starts with a UTF-8 BOM" "$(head -c 3 "$T/cmp.csv" | od -An -tx1 | tr -d ' ')" "efbbbf"
px compare "$T/plan.txt" "$T/plan.txt" >"$T/out" 2>"$T/err"
check_eq "compare of a plan with itself exits 0" "$?" 0
px compare "$T/plan.txt" >"$T/out" 2>"$T/err"
check_eq "compare with one document exits 2" "$?" 2

# --- search --------------------------------------------------------------
out=$(px search ke hoach 2>&1)
check_contains "search: 'ke hoach' finds 'kế hoạch'" "$out" "[kế] [hoạch]"
out=$(px search "don vi chu tri" 2>&1)
check_contains "search: 'don vi chu tri' finds 'Đơn vị chủ trì' (d finds đ)" "$out" "[Đơn] [vị] [chủ] [trì]"
out=$(px search "Đơn vị chủ trì" 2>&1)
check_contains "search: with diacritics too" "$out" "[Đơn] [vị] [chủ] [trì]"
out=$(px search "quan tri moi truong" 2>&1)
check_contains "search: results name the section path and document" "$out" "III/7 Quản trị môi trường"
px search --format json "15/11/2024" >"$T/s.jsonl" 2>"$T/err"
check_eq "search for a date (a phrase of tokens, not FTS syntax) exits 0" "$?" 0
check_eq "search --format json is JSON Lines" "$(jsonl "$T/s.jsonl")" "$(grep -c . "$T/s.jsonl")"
check_contains "search --format json found the date in the template's IV/2" "$(cat "$T/s.jsonl")" '"section":"IV/2"'
px search "88/KH-UBND" "OR" "(x" >"$T/out" 2>"$T/err"
check_eq "search with FTS5 punctuation in it exits 0" "$?" 0
out=$(px search --limit 1 --format json thuong xuyen 2>&1)
check_eq "search --limit 1 gives one hit" "$(printf '%s\n' "$out" | grep -c .)" 1
out=$(px search zzzyyyxxx 2>&1)
check_contains "search with no match says so" "$out" "no matches"
px search >"$T/out" 2>"$T/err"
check_eq "search without a query exits 2" "$?" 2
px search '///' '...' >"$T/out" 2>"$T/err"
check_eq "search with no words exits 2" "$?" 2

# --- matrix: editions once, filters, CSV BOM -------------------------------
MX=$T/m.db
"$PLANEX" ingest --quiet --db "$MX" corpus/text/002_98f9d541cb8f5040.txt corpus/docx/002.docx \
    corpus/pdf/002-libreoffice.pdf "$FX/template.txt" "$FX/plan.txt" >/dev/null 2>&1
n002=$(sqlite3 -batch -noheader "$MX" "SELECT COUNT(*) FROM documents WHERE doc_number_key = '326/KH-VPUBND'")
check_eq "002 is ingested three times (txt, docx, pdf)" "$n002" 3
"$PLANEX" matrix --db "$MX" --format json >"$T/m.jsonl" 2>"$T/err"
check_eq "matrix --format json is JSON Lines" "$(jsonl "$T/m.jsonl")" "$(grep -c . "$T/m.jsonl")"
check_eq "matrix: three plans (the editions of 002 count once)" "$(grep -c . "$T/m.jsonl")" 3
formats=$(grep 326/KH-VPUBND "$T/m.jsonl" | sed -n 's/.*"formats":"\([^"]*\)".*/\1/p' | tr '+' '\n' | sort | tr '\n' ' ')
check_eq "matrix: 002's row lists its three editions" "$formats" "docx pdf txt "
out=$("$PLANEX" matrix --db "$MX" --year 2025 --format json 2>&1)
check_eq "matrix --year 2025: only 002" "$(printf '%s\n' "$out" | grep -c 326/KH-VPUBND)/$(printf '%s\n' "$out" | grep -c .)" "1/1"
out=$("$PLANEX" matrix --db "$MX" --level district --format json 2>&1)
check_eq "matrix --level district: only the district plan" "$(printf '%s\n' "$out" | grep -c 41/KH-UBND)/$(printf '%s\n' "$out" | grep -c .)" "1/1"
"$PLANEX" matrix --db "$MX" --format csv >"$T/m.csv" 2>"$T/err"
check_eq "matrix --format csv starts with a UTF-8 BOM" "$(head -c 3 "$T/m.csv" | od -An -tx1 | tr -d ' ')" "efbbbf"
check_eq "matrix csv: header and three rows" "$(grep -c . "$T/m.csv")" 4
out=$("$PLANEX" matrix --db "$MX" 2>&1)
check_contains "matrix (text): 002 with its three editions" "$(printf '%s\n' "$out" | grep 326/KH-VPUBND)" "3 "

# --- report: one self-contained page, opened in headless Chromium -------
px report --html "$T/report.html" --template "$T/template.txt" "$T/plan.txt" "$T/plan-planted.txt" "$T/template.txt" \
    >"$T/out" 2>"$T/err"
check_eq "report --html exits 0" "$?" 0
html=$(cat "$T/report.html" 2>/dev/null)
check_contains "report: an HTML page" "$html" "<!DOCTYPE html>"
check_not_contains "report: no scripts" "$html" "<script"
check_not_contains "report: no external style sheets" "$html" "<link"
if grep -Eo '(src|href)="[^"#][^"]*"' "$T/report.html" | grep -q .; then
    not_ok "report: no external resources (src/href only to anchors)" "$(grep -Eo '(src|href)="[^"#][^"]*"' "$T/report.html" | head)"
else
    ok "report: no external resources (src/href only to anchors)"
fi
px report >"$T/out" 2>"$T/err"
check_eq "report without --html exits 2" "$?" 2

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ] && [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1
    CHROMIUM=$(command -v chromium || true)
fi
if [ -z "$CHROMIUM" ]; then
    echo "ok - # skip headless Chromium checks: chromium cannot be installed"
else
    chrome() {
        timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
            --disable-component-update --disable-sync --user-data-dir="$(mktemp -d "$T/chrome.XXXXXX")" "$@"
    }
    chrome --dump-dom "file://$T/report.html" >"$T/dom.html" 2>"$T/chrome.err"
    dom=$(cat "$T/dom.html")
    check_contains "chromium renders the report" "$dom" "planex report"
    for want in "Documents and their links" "Coverage heat-map" "Deadlines on a timeline" "Targets side by side" \
        "Audit findings" "area_missing" "deadline_later" "target_weaker" "reference_missing" "PAPI.7" \
        "Báo cáo năm gửi trước ngày 25/11/2024" "88/KH-UBND" "<svg"; do
        check_contains "report (as Chromium sees it) shows: $want" "$dom" "$want"
    done
    chrome --window-size=1280,2400 --screenshot="$T/report.png" "file://$T/report.html" >/dev/null 2>&1
    sig=$(head -c 8 "$T/report.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')
    size=$(wc -c <"$T/report.png" 2>/dev/null || echo 0)
    if [ "$sig" = "89504e470d0a1a0a" ] && [ "$size" -gt 20000 ]; then
        ok "chromium takes a screenshot of the report ($size bytes)"
    else
        not_ok "chromium takes a screenshot of the report" "signature $sig, $size bytes" "$(tail -3 "$T/chrome.err")"
    fi
    [ -n "${PX_KEEP_REPORT:-}" ] && cp "$T/report.html" "$T/report.png" "$PX_KEEP_REPORT"/ 2>/dev/null
fi

# --- every new command has --help --------------------------------------
for cmd in audit compare search report matrix; do
    out=$("$PLANEX" "$cmd" --help 2>&1)
    check_contains "planex $cmd --help" "$out" "usage: planex $cmd"
done

done_testing
