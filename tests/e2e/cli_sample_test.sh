#!/usr/bin/env bash
# kiosk import + kiosk query on the protocol's sample feed: the expected searches
# of shared/samples/README.md, idempotent re-import, exit statuses.
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
numbers() { python3 -c 'import json,sys; print(" ".join(r["number"] for r in json.load(sys.stdin)))'; }

out=$("$KIOSK" import "$SAMPLE" --db "$DB" --json)
check "first import counts" '{"applied":44,"deleted":1,"max_seq":45,"quarantine_reasons":{},"quarantined":0,"unchanged":0}' "$out"
out=$("$KIOSK" import "$SAMPLE" --db "$DB" --json)
check "re-import changes nothing" '{"applied":0,"deleted":0,"max_seq":45,"quarantine_reasons":{},"quarantined":0,"unchanged":45}' "$out"

check "5ZX8K2P contracts" "B-2021-0000733 B-2021-0000712 B-2019-0000530 B-2017-0000417 B-2016-0000101" \
    "$("$KIOSK" query --db "$DB" --fin 5ZX8K2P --json | numbers)"
check "5ZX8K2P in force" "B-2021-0000733 B-2021-0000712 B-2019-0000530" \
    "$("$KIOSK" query --db "$DB" --fin 5ZX8K2P --contract-status in-force --json | numbers)"
check "5ZX8K2P termination" "B-2019-0000088" "$("$KIOSK" query --db "$DB" --fin 5ZX8K2P --tab termination --json | numbers)"
term=$("$KIOSK" query --db "$DB" --fin 5ZX8K2P --tab termination --lang en --json |
    python3 -c 'import json,sys; r=json.load(sys.stdin)[0]; print(r["order_number"], r["order_date"], r["reason"])')
check "termination columns (en)" "45-X 2019-02-25 Expiry of the contract's term (Art. 74)" "$term"
check "7QW3E9R reason 69 in May 2023" "B-2023-0000611" \
    "$("$KIOSK" query --db "$DB" --fin 7QW3E9R --tab termination --reason 69 --from 2023-05-01 --to 2023-05-31 --json | numbers)"
check "keys of a termination row" "date employer_name employer_sun kind number order_date order_number position reason status validity workplace" \
    "$("$KIOSK" query --db "$DB" --fin 7QW3E9R --tab termination --json | python3 -c 'import json,sys; print(" ".join(sorted(json.load(sys.stdin)[0])))')"
check "paging" "B-2019-0000530 B-2017-0000417" "$("$KIOSK" query --db "$DB" --fin 5ZX8K2P --limit 2 --offset 2 --json | numbers)"
check "table in az" "1" "$("$KIOSK" query --db "$DB" --fin 5ZX8K2P | grep -c 'İşəgötürənin SUN-u')"

set +e
"$KIOSK" query --db "$DB" --fin 5ZX8KOP --json > /dev/null 2>&1; check "malformed FIN exits 2" 2 $?
"$KIOSK" query --db "$DB" --fin 5ZX8K2P --from 2023-02-30 > /dev/null 2>&1; check "malformed date exits 2" 2 $?
"$KIOSK" query --db "$DB" --fin 5ZX8K2P --from 2024-01-01 --to 2023-01-01 > /dev/null 2>&1; check "reversed period exits 2" 2 $?
"$KIOSK" query --db "$WORK/missing.db" --fin 5ZX8K2P > /dev/null 2>&1; check "missing DB exits 1" 1 $?
"$KIOSK" import "$WORK/missing.ndjson" --db "$DB" > /dev/null 2>&1; check "missing file exits 1" 1 $?
echo "not a database" > "$WORK/garbage.db"
"$KIOSK" import "$SAMPLE" --db "$WORK/garbage.db" > /dev/null 2>&1; check "garbage DB exits 1" 1 $?
"$KIOSK" query --db "$DB" > /dev/null 2>&1; check "missing --fin exits 2" 2 $?
set -e

# A file with bad lines: they are quarantined, the rest applies, exit 0.
{
    head -n 3 "$SAMPLE"
    echo '{"seq": 100, "entity": "person", "op": "upsert", "id": "ABCDEFO", "data": {"fin": "ABCDEFO", "surname": "X", "name": "Y", "patronymic": "Z", "birth_date": "1990-01-01"}}'
    echo '{not json'
    printf '{"seq": 101, "entity": "person", "op": "upsert", "id": "7QW3E9R", "data": {"fin": "7QW3E9R", "surname": "\xff", "name": "Y", "patronymic": "Z", "birth_date": "1990-01-01"}}\n'
    echo '{"seq": 102, "entity": "person", "op": "upsert", "id": "9AB2C3D", "data": {"fin": "9AB2C3D", "surname": "Şükürova", "name": "Ülviyyə", "patronymic": "Çingiz qızı", "birth_date": "1999-12-31"}}'
} > "$WORK/mixed.ndjson"
out=$("$KIOSK" import "$WORK/mixed.ndjson" --db "$WORK/mixed.db" --json)
check "mixed file" '{"applied":4,"deleted":0,"max_seq":102,"quarantine_reasons":{"bad_format":1,"bad_json":1,"invalid_utf8":1},"quarantined":3,"unchanged":0}' "$out"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
