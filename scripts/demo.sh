#!/usr/bin/env bash
# make demo, at this stage: the reference registry generates a data set, the
# kiosk imports it into its local replica and shows one citizen's notifications
# on both tabs, in Azerbaijani (the default) and English.
set -euo pipefail
BUILD=${1:-build}
DEMO=${DEMO_DATA:-demo-data}
REGISTRY="$BUILD/registry/registry"
KIOSK="$BUILD/kiosk/kiosk"
mkdir -p "$DEMO"
rm -f "$DEMO"/kiosk.db*

echo "== 1. The registry generates 20 000 notifications (seed 2026) =="
"$REGISTRY" generate --notifications 20000 --seed 2026 --out "$DEMO/registry.ndjson"

echo
echo "== 2. The kiosk imports them into its replica =="
"$KIOSK" import "$DEMO/registry.ndjson" --db "$DEMO/kiosk.db"

# A citizen with a rich history: ended and current contracts, a termination.
fin=$(sqlite3 "$DEMO/kiosk.db" "SELECT n.employee_fin FROM notification n
      WHERE n.status <> 'entered' GROUP BY n.employee_fin
      HAVING sum(n.kind = 'termination') > 0 AND sum(n.kind = 'amendment') > 0
         AND (SELECT count(*) FROM contract c WHERE c.employee_fin = n.employee_fin AND c.status = 'in_force') > 0
      ORDER BY count(*) DESC, n.employee_fin LIMIT 1")
name=$(sqlite3 "$DEMO/kiosk.db" "SELECT surname || ' ' || name || ' ' || patronymic FROM person WHERE fin = '$fin'")

echo
echo "== 3. $name (FİN $fin): bağlanma və dəyişikliklər =="
"$KIOSK" query --db "$DEMO/kiosk.db" --fin "$fin"
echo
echo "== 4. The same citizen: termination tab, in English =="
"$KIOSK" query --db "$DEMO/kiosk.db" --fin "$fin" --tab termination --lang en
echo
echo "Replica: $DEMO/kiosk.db. Try: $KIOSK query --db $DEMO/kiosk.db --fin $fin --contract-status in-force --json"
