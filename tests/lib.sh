# tests/lib.sh: sourced by every tests/cli/NN-name.sh.
#
# Gives each script the repo root as its working directory, a fresh temp
# dir ($T, removed on exit), $PLANEX (the binary under test; tests/run.sh
# exports it per variant) and TAP-like helpers that print one line per
# check: `ok - what` or `not ok - what` followed by `#` lines saying why.
# A script ends with `done_testing`, which exits 1 when anything failed,
# so a script that dies half-way is still seen as failed by tests/run.sh.

set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 2
PLANEX=${PLANEX:-$ROOT/build/normal/planex}
case $PLANEX in /*) ;; *) PLANEX=$ROOT/$PLANEX ;; esac
SHARED=${PX_SHARED:-$ROOT/../shared}
SCORE=$SHARED/tools/score.py
FLOORS=${PX_FLOORS:-$ROOT/tests/floors.txt}

T=$(mktemp -d "${TMPDIR:-/tmp}/planex-cli.XXXXXX")

# In the sanitize variant (tests/run.sh sets PX_SANITIZER_LOG), UBSan writes
# its reports to stderr whatever log_path says, and tests keep planex's
# stderr in files under $T: on exit, any sanitizer report found there is
# copied to the run's log directory, where tests/run.sh counts it.
_lib_exit() {
    local rc=$? f
    if [ -n "${PX_SANITIZER_LOG:-}" ] && [ -d "$T" ]; then
        for f in $(grep -rlaE 'runtime error:|ERROR: (AddressSanitizer|LeakSanitizer)' "$T" 2>/dev/null); do
            {
                echo "report captured in a test file (${f#"$T"/}):"
                grep -aE -A6 'runtime error:|ERROR: (AddressSanitizer|LeakSanitizer)' "$f" | head -n 14
            } >>"$PX_SANITIZER_LOG/san.captured.$$"
        done
    fi
    rm -rf "$T"
    exit "$rc"
}
trap _lib_exit EXIT

_passed=0
_failed=0

# ok DESC: a check that passed.
ok() {
    _passed=$((_passed + 1))
    echo "ok - $*"
}

# not_ok DESC [DETAIL...]: a check that failed; DETAIL lines follow as `#`.
not_ok() {
    _failed=$((_failed + 1))
    echo "not ok - $1"
    shift
    local d
    for d in "$@"; do
        printf '%s\n' "$d" | head -n 20 | sed 's/^/#   /'
    done
}

# check DESC CMD [ARGS...]: passes when CMD exits 0 (its output is shown
# only on failure).
check() {
    local desc=$1 out rc
    shift
    out=$("$@" 2>&1)
    rc=$?
    if [ "$rc" -eq 0 ]; then ok "$desc"; else not_ok "$desc" "exit $rc: $*" "$out"; fi
}

# check_eq DESC GOT WANT
check_eq() {
    if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got:  $2" "want: $3"; fi
}

# check_contains DESC HAYSTACK NEEDLE (fixed string)
check_contains() {
    if printf '%s' "$2" | grep -qF -- "$3"; then
        ok "$1"
    else
        not_ok "$1" "wanted to find: $3" "in: $2"
    fi
}

# check_not_contains DESC HAYSTACK NEEDLE
check_not_contains() {
    if printf '%s' "$2" | grep -qF -- "$3"; then
        not_ok "$1" "did not want: $3" "in: $2"
    else
        ok "$1"
    fi
}

# check_ge DESC GOT FLOOR: numeric GOT >= FLOOR (decimals allowed).
check_ge() {
    if [ -n "$2" ] && awk -v g="$2" -v f="$3" 'BEGIN { exit !(g + 0 >= f + 0) }'; then
        ok "$1 ($2 >= $3)"
    else
        not_ok "$1" "got ${2:-nothing}, floor $3"
    fi
}

# floor NAME: the number for NAME in tests/floors.txt (empty when absent).
floor() {
    awk -v k="$1" '$1 == k { print $2; found = 1; exit } END { if (!found) exit 1 }' "$FLOORS"
}

# sql DB QUERY: one value from the database (sqlite3 CLI).
sql() {
    sqlite3 -batch -noheader "$1" "$2" 2>>"$T/sql.err"
}

# row_counts DB: "documents=N sections=N ..." for every table that exists.
row_counts() {
    local t out=""
    for t in $(sqlite3 -batch -noheader "$1" \
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('runs','run_files') AND name NOT LIKE 'sections_fts_%' ORDER BY name"); do
        out="$out $t=$(sqlite3 -batch -noheader "$1" "SELECT count(*) FROM \"$t\"")"
    done
    printf '%s' "${out# }"
}

# score_field FILE CATEGORY: the strict F1 of a category from score.py's
# table, or `overall` / `meta` from its last lines.
score_field() {
    case $2 in
    overall) sed -n 's/^overall F1 = \([0-9.]*\).*/\1/p' "$1" ;;
    meta) sed -n 's/^meta accuracy = \([0-9.]*\).*/\1/p' "$1" ;;
    *) awk -v c="$2" '$1 == c && NF >= 7 { print $7; exit }' "$1" ;;
    esac
}

# check_row DESC ROW: $T/rows (one item per line, written by the script
# from its export) has exactly this row, as a whole line.
check_row() {
    if grep -qxF -- "$2" "$T/rows"; then ok "$1"; else not_ok "$1" "wanted the row: $2" "rows: $(cat "$T/rows")"; fi
}

# score_set NAME GOLD_DIR FLOOR_PREFIX [FALLBACK_PREFIX] -- FILE...: ingests
# the files into a fresh store, scores the export against GOLD_DIR with
# score.py (its table printed as `# NAME: …` lines) and checks each field
# against the floor PREFIX_FIELD of tests/floors.txt, else
# FALLBACK_PREFIX_FIELD; a field with neither is not checked.
score_set() {
    local name=$1 gold=$2 own=$3 all= field min
    local f=$T/${name//\//_}
    shift 3
    if [ "$1" != -- ]; then all=$1; shift; fi
    shift
    "$PLANEX" ingest --quiet --db "$f.db" "$@" 2>"$f.err"
    check_eq "$name: ingest exits 0" "$?" 0
    "$PLANEX" export --db "$f.db" --format json >"$f.jsonl"
    python3 "$SCORE" "$gold" "$f.jsonl" >"$f.score" 2>&1
    check_eq "$name: score.py runs on the export" "$?" 0
    sed "s|^|# $name: |" "$f.score"
    for field in sections indicators assignments deadlines targets references meta overall; do
        min=$(awk -v a="${own}_$field" -v b="${all:+${all}_$field}" \
            '$1 == a { o = $2 } b != "" && $1 == b { f = $2 } END { print (o != "" ? o : f) }' "$FLOORS")
        [ -n "$min" ] || continue
        check_ge "$name: $field score at least its floor" "$(score_field "$f.score" "$field")" "$min"
    done
}

need_binary() {
    if [ ! -x "$PLANEX" ]; then
        not_ok "planex binary exists: $PLANEX" "build it first (make planex / make SANITIZE=address,undefined all)"
        done_testing
    fi
}

done_testing() {
    echo "# $(basename "$0"): $_passed passed, $_failed failed"
    [ "$_failed" -eq 0 ] && exit 0
    exit 1
}

# check_export_contract EXPORT.jsonl [SOURCE...]: the export against
# EXPORT-FORMAT.md (every field of every document and item, value shapes,
# NFC, no BOM), and, given the ingested files, one document per file with
# its path and SHA-256.  One check line per aspect.
check_export_contract() {
    local line
    python3 - "$@" <<'PY' >"$T/.contract" 2>&1
import hashlib
import json
import re
import sys
import unicodedata

TOP = ["source", "sha256", "format", "pages", "meta", "references", "sections",
       "indicators", "assignments", "deadlines", "targets"]
META = ["doc_type", "doc_number", "issuer", "place", "issued_date", "title", "plan_year",
        "indices", "signer_name", "signer_title"]
ITEMS = {
    "references": ["doc_number", "date", "issuer"],
    "sections": ["path", "label", "title"],
    "indicators": ["section", "area", "text"],
    "assignments": ["section", "role", "unit", "text"],
    "deadlines": ["section", "kind", "date", "recurrence", "text"],
    "targets": ["section", "indicator", "value", "unit", "comparator", "year", "text"],
}
ROLES = {"lead", "cooperate", "implement", "responsible"}
KINDS = {"date", "recurring", "continuous", "on_request"}
RECURRENCES = {None, "weekly", "monthly", "quarterly", "half_yearly", "yearly"}
COMPARATORS = {">=", ">", "<=", "<", "=", "top"}
INDICES = {"PAPI", "PAR_INDEX", "SIPAS", "PCI", "DDCI"}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")

failed = 0


def result(ok, desc, problems=()):
    global failed
    if ok:
        print(f"ok - {desc}")
    else:
        failed += 1
        print(f"not ok - {desc}")
        for p in list(problems)[:15]:
            print(f"#   {p}")


def strings(v):
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for x in v.values():
            yield from strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from strings(x)


def main(argv):
    path, sources = argv[0], argv[1:]
    raw = open(path, "rb").read()
    result(not raw.startswith(b"\xef\xbb\xbf"), "JSON export has no BOM")
    docs, bad = [], []
    for n, line in enumerate(raw.decode("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            if not isinstance(d, dict):
                bad.append(f"line {n}: not an object")
            else:
                docs.append(d)
        except json.JSONDecodeError as e:
            bad.append(f"line {n}: {e}")
    result(not bad and docs, f"export is JSON Lines, one object per line ({len(docs)} documents)", bad)

    missing = []
    for d in docs:
        src = d.get("source", "?")
        missing += [f"{src}: no `{k}`" for k in TOP if k not in d]
        meta = d.get("meta") if isinstance(d.get("meta"), dict) else {}
        if not isinstance(d.get("meta"), dict):
            missing.append(f"{src}: meta is not an object")
        missing += [f"{src}: no `meta.{k}`" for k in META if k not in meta]
        for lst, fields in ITEMS.items():
            items = d.get(lst)
            if not isinstance(items, list):
                missing.append(f"{src}: `{lst}` is not a list")
                continue
            for i, it in enumerate(items):
                missing += [f"{src}: {lst}[{i}] has no `{k}`" for k in fields if k not in it]
    result(not missing, "every document has every field of EXPORT-FORMAT.md", missing)

    wrong = []
    for d in docs:
        src = d.get("source", "?")
        fmt = d.get("format")
        if fmt not in ("pdf", "docx", "txt"):
            wrong.append(f"{src}: format {fmt!r}")
        pages = d.get("pages")
        if fmt == "pdf" and not (isinstance(pages, int) and pages > 0):
            wrong.append(f"{src}: pdf with pages {pages!r}")
        if fmt in ("txt", "docx") and pages is not None:
            wrong.append(f"{src}: {fmt} with pages {pages!r} (want null)")
        if not re.fullmatch(r"[0-9a-f]{64}", str(d.get("sha256"))):
            wrong.append(f"{src}: sha256 {d.get('sha256')!r}")
        meta = d.get("meta") or {}
        for k in ("issued_date",):
            if meta.get(k) is not None and not ISO.match(str(meta[k])):
                wrong.append(f"{src}: meta.{k} {meta[k]!r} is not YYYY-MM-DD")
        if meta.get("plan_year") is not None and not isinstance(meta["plan_year"], int):
            wrong.append(f"{src}: meta.plan_year {meta['plan_year']!r} is not a number")
        if not isinstance(meta.get("indices"), list) or not set(meta.get("indices") or []) <= INDICES:
            wrong.append(f"{src}: meta.indices {meta.get('indices')!r}")
        paths = {s.get("path") for s in d.get("sections") or []}
        for s in d.get("sections") or []:
            if not s.get("path") or not s.get("label"):
                wrong.append(f"{src}: section with empty path or label: {s}")
        for lst in ("indicators", "assignments", "deadlines", "targets"):
            for it in d.get(lst) or []:
                sec = it.get("section")
                if sec != "" and sec not in paths:
                    wrong.append(f"{src}: {lst} item in unknown section {sec!r}")
        for it in d.get("references") or []:
            if it.get("date") is not None and not ISO.match(str(it["date"])):
                wrong.append(f"{src}: reference date {it['date']!r}")
        for it in d.get("assignments") or []:
            if it.get("role") not in ROLES:
                wrong.append(f"{src}: assignment role {it.get('role')!r}")
        for it in d.get("deadlines") or []:
            if it.get("kind") not in KINDS:
                wrong.append(f"{src}: deadline kind {it.get('kind')!r}")
            if it.get("date") is not None and not ISO.match(str(it["date"])):
                wrong.append(f"{src}: deadline date {it['date']!r}")
            if it.get("recurrence") not in RECURRENCES:
                wrong.append(f"{src}: deadline recurrence {it.get('recurrence')!r}")
            if it.get("kind") == "date" and it.get("date") is None:
                wrong.append(f"{src}: deadline of kind date without a date")
        for it in d.get("targets") or []:
            if not isinstance(it.get("value"), (int, float)):
                wrong.append(f"{src}: target value {it.get('value')!r} is not a number")
            if it.get("comparator") not in COMPARATORS:
                wrong.append(f"{src}: target comparator {it.get('comparator')!r}")
        for s in strings(d):
            if unicodedata.normalize("NFC", s) != s:
                wrong.append(f"{src}: string not NFC: {s[:60]!r}")
                break
    result(not wrong, "field values follow EXPORT-FORMAT.md (formats, ISO dates, codes, NFC, known sections)",
           wrong)

    if sources:
        by_source = {}
        for d in docs:
            by_source.setdefault(d.get("source"), []).append(d)
        problems = []
        for s in sources:
            got = by_source.get(s, [])
            if len(got) != 1:
                problems.append(f"{s}: exported {len(got)} times")
                continue
            sha = hashlib.sha256(open(s, "rb").read()).hexdigest()
            if got[0].get("sha256") != sha:
                problems.append(f"{s}: sha256 {got[0].get('sha256')} != {sha}")
        extra = set(by_source) - set(sources)
        problems += [f"{e}: exported but not ingested" for e in sorted(map(str, extra))]
        result(not problems, f"each of the {len(sources)} ingested files is exported once with its path and SHA-256",
               problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
PY
    local rc=$? before=$_failed
    while IFS= read -r line; do
        case $line in
        "ok - "*) ok "${line#ok - }" ;;
        "not ok - "*) _failed=$((_failed + 1)); echo "$line" ;;
        *) echo "$line" ;;
        esac
    done <"$T/.contract"
    if [ "$rc" -ne 0 ] && [ "$_failed" -eq "$before" ]; then
        not_ok "export contract check ran (python exit $rc)"
    fi
}

# --- bulk-ingestion helpers (70-bulk, 72-kill9, 73-shards) -----------------

# hold_lock FILE SECONDS: holds planex's lock (a POSIX record lock) like
# another planex would; FILE.held appears once it is held
hold_lock() {
    rm -f "$1.held"
    python3 -c 'import fcntl, sys, time
f = open(sys.argv[1], "a")
fcntl.lockf(f, fcntl.LOCK_EX)
open(sys.argv[1] + ".held", "w").close()
time.sleep(float(sys.argv[2]))' "$1" "$2"
}
wait_held() {
    for _ in $(seq 100); do [ -e "$1.held" ] && return 0; sleep 0.1; done
}

# settle_old DIR: old modification times, so the settle window does not
# delay the runs
settle_old() {
    find "$1" -type f -exec touch -d '2 hours ago' {} +
}

# count_plans DIR: the files a folder walk takes (px_ingest_is_document_name)
count_plans() {
    find "$1" -type f \( -iname '*.pdf' -o -iname '*.docx' -o -iname '*.txt' -o -iname '*.md' \) | wc -l
}

# bulk_corpus DIR: the corpus without the scan (OCR is slow, and 50-corpus
# covers it), settled
bulk_corpus() {
    mkdir -p "$1"
    cp -r corpus/pdf corpus/docx corpus/text corpus/tcvn3 corpus/docx-fixtures "$1/"
    cp corpus/appendix/005-appendix.* "$1/"
    settle_old "$1"
}
