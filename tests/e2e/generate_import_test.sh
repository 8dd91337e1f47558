#!/usr/bin/env bash
# registry generate -> kiosk import -> kiosk query: the generated data is valid
# under the protocol (nothing quarantined), deterministic, and searchable.
set -euo pipefail
REGISTRY=$1
KIOSK=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fails=0
check() { if [ "$2" == "$3" ]; then echo "ok   $1"; else echo "FAIL $1: expected [$2], got [$3]"; fails=$((fails + 1)); fi; }

"$REGISTRY" generate --notifications 20000 --seed 7 --out "$WORK/a.ndjson"
"$REGISTRY" generate --notifications 20000 --seed 7 --out "$WORK/b.ndjson"
"$REGISTRY" generate --notifications 20000 --seed 8 --out "$WORK/c.ndjson"
check "same seed, same bytes" "$(sha256sum < "$WORK/a.ndjson")" "$(sha256sum < "$WORK/b.ndjson")"
[ "$(sha256sum < "$WORK/a.ndjson")" != "$(sha256sum < "$WORK/c.ndjson")" ] && echo "ok   other seed, other data" || { echo "FAIL other seed"; fails=$((fails + 1)); }
check "notification count" 20000 "$(grep -c '"entity": *"notification"' "$WORK/a.ndjson")"

lines=$(wc -l < "$WORK/a.ndjson")
out=$("$KIOSK" import "$WORK/a.ndjson" --db "$WORK/k.db" --json)
check "everything applies, nothing quarantined" "$lines 0" \
    "$(echo "$out" | python3 -c 'import json,sys; c=json.load(sys.stdin); print(c["applied"]+c["deleted"], c["quarantined"])')"
check "replica holds every notification" 20000 "$(sqlite3 "$WORK/k.db" 'SELECT count(*) FROM notification')"

# Query 40 persons and compare with the expectation computed by SQLite directly.
for fin in $(sqlite3 "$WORK/k.db" "SELECT fin FROM person ORDER BY fin LIMIT 40"); do
    expected=$(sqlite3 "$WORK/k.db" "SELECT number FROM notification WHERE employee_fin = '$fin' AND status <> 'entered'
               AND kind <> 'termination' ORDER BY date DESC, number DESC" | tr '\n' ' ' | sed 's/ $//')
    got=$("$KIOSK" query --db "$WORK/k.db" --fin "$fin" --json | python3 -c 'import json,sys; print(" ".join(r["number"] for r in json.load(sys.stdin)))')
    [ "$expected" == "$got" ] || { echo "FAIL query $fin"; fails=$((fails + 1)); }
done
echo "ok   40 persons' queries match"
[ "$fails" -eq 0 ] || exit 1
