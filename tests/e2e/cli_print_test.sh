#!/usr/bin/env bash
# kiosk render / print / printer on the protocol's sample feed: documents written,
# a print followed to its end on a directory printer, COPY 2 on the second print,
# a printer out of paper (exit 3, job kept), the test page, exit statuses.
set -euo pipefail
KIOSK=$1
SAMPLE=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DB="$WORK/kiosk.db"
fails=0
passes=0
check() { # NAME EXPECTED ACTUAL
    if [ "$2" == "$3" ]; then echo "ok   $1"; passes=$((passes + 1)); else echo "FAIL $1: expected [$2], got [$3]"; fails=$((fails + 1)); fi
}
"$KIOSK" import "$SAMPLE" --db "$DB" > /dev/null

"$KIOSK" render --db "$DB" --notification B-2019-0000088 --doc registration --lang en --out "$WORK/r.pdf" > /dev/null
check "render writes a PDF" "%PDF" "$(head -c 4 "$WORK/r.pdf")"
check "render: registration title (en)" 1 "$(pdftotext "$WORK/r.pdf" - 2>/dev/null | tr '\n' ' ' | grep -c 'Registration in the information system')"

out=$("$KIOSK" print --db "$DB" --notification N0000000001 --doc notification --printer "dir:$WORK/out" --json 2>/dev/null)
check "print completes" "completed 1" "$(echo "$out" | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["state"], j["copy"])')"
check "the printer got it" 1 "$(ls "$WORK/out"/*.pdf | wc -l)"
out=$("$KIOSK" print --db "$DB" --notification B-2016-0000101 --doc notification --printer "dir:$WORK/out" --lang en --json 2>/dev/null)
check "second print is copy 2" "completed 2" "$(echo "$out" | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["state"], j["copy"])')"
check "marked COPY 2 on every page" "$(pdfinfo "$(ls "$WORK"/out/*.pdf | sort | tail -1)" 2>/dev/null | awk '/^Pages:/{print $2}')" "$(pdftotext "$(ls "$WORK"/out/*.pdf | sort | tail -1)" - 2>/dev/null | grep -c 'COPY 2')"
check "spool emptied" 0 "$(find "$DB.spool" -type f | wc -l)"

set +e
"$KIOSK" print --db "$DB" --notification N0000000002 --doc registration --printer sim:paper=0 --timeout 1 > /dev/null 2>&1
check "no paper: not printed, exit 3" 3 $?
"$KIOSK" printer jobs --db "$DB" --printer sim: --json | grep -c '"state":"held"' > "$WORK/held"
check "the job is kept, held" 1 "$(cat "$WORK/held")"
"$KIOSK" printer work --db "$DB" --printer "dir:$WORK/out" > /dev/null 2>&1
check "a ready printer takes the held job" 0 $?
check "three documents printed" 3 "$(ls "$WORK/out"/*.pdf | wc -l)"
"$KIOSK" printer status --printer sim:paper=0,toner_low > "$WORK/status" 2>&1
check "status of a printer without paper exits 3" 3 $?
check "status names the reasons" 2 "$(grep -c -E 'media-empty|toner-low' "$WORK/status")"
"$KIOSK" printer status --printer sim: > /dev/null 2>&1
check "ready printer exits 0" 0 $?
"$KIOSK" printer test-page --printer sim:slow=1 > /dev/null 2>&1
check "test page prints" 0 $?
"$KIOSK" print --db "$DB" --notification N0000000001 --doc photo --printer sim: > /dev/null 2>&1
check "bad --doc exits 2" 2 $?
"$KIOSK" print --db "$DB" --notification N9999 --doc notification --printer sim: > /dev/null 2>&1
check "unknown notification exits 1" 1 $?
"$KIOSK" printer status --printer lpt1 > /dev/null 2>&1
check "bad printer URI exits 1" 1 $?
set -e

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
