#!/usr/bin/env bash
# The journey with the card reader HAL (its "sim:CARD_DIR" backend: a personalised ID card
# made by `registry pki card`, certificate chained to a test CA) instead of the kiosk's
# simulator, and the print queue with the directory printer.
#   hal_card_test.sh REGISTRY KIOSK DATA SCRIPT SHOTS
set -euo pipefail
REGISTRY=$1 KIOSK=$2 DATA=$3 SCRIPT=$4 SHOTS=$5
HERE=$(dirname "$0")
T="$DATA/hal-card"
rm -rf "$T"
mkdir -p "$T/printed"
# Its own copy of the replica: the durable print queue lives in the store.
sqlite3 "$DATA/kiosk.db" ".backup '$T/kiosk.db'"
# A citizen of the replica with notifications.
fin=$(sqlite3 "$DATA/kiosk.db" "SELECT employee_fin FROM notification WHERE status <> 'entered'
      GROUP BY employee_fin ORDER BY count(*) DESC, employee_fin LIMIT 1")
read -r surname name patronymic < <(sqlite3 -separator ' ' "$DATA/kiosk.db" \
    "SELECT surname, name, replace(patronymic, ' ', '_') FROM person WHERE fin = '$fin'")
"$REGISTRY" pki init --dir "$T/ca" > /dev/null
"$REGISTRY" pki card --dir "$T/ca" --fin "$fin" --out "$T/card" --surname "$surname" --name "$name" \
    --patronymic "${patronymic//_/ }" --pin 4711 --role citizen > /dev/null
sed -e "s|^card_reader = \"sim\"|card_reader = \"sim:$T/card\"\ncard_ca = \"$T/ca/ca.pem\"|" \
    -e 's|^printer = "sim"|printer = "dir:printed"|' "$DATA/kiosk.toml" > "$T/kiosk.toml"
"$HERE/run_ui_test.sh" "$KIOSK" "$T/kiosk.toml" "$SCRIPT" "$SHOTS" offscreen
grep -q "^holder=$surname " "$SHOTS/state.txt" && { echo "the holder's name outlived the session"; exit 1; }
n=$(find "$T/printed" -name '*.pdf' | wc -l)
[ "$n" -eq 1 ] || { echo "expected 1 PDF, found $n"; exit 1; }
echo "ok: HAL card journey, $n PDF printed"
