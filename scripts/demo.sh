#!/usr/bin/env bash
# make demo: the reference registry generates a data set, the kiosk imports it into
# its local replica, shows one citizen's notifications on the command line, and then
# starts the kiosk's touch UI on that replica with the simulated devices (windowed).
#   KIOSK_DEMO_NO_UI=1   skip the UI (CI runs the script non-interactively)
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

# The kiosk's configuration for the demo: this replica, simulated devices, a window.
cat > "$DEMO/kiosk.toml" <<TOML
# emek-kiosk demo configuration (see README.md, "Configuration").
kiosk_id = "ASAN-DEMO-01"
language = "az"

[store]
path = "kiosk.db"

[devices]
card_reader = "sim"
printer = "sim"            # faults from the simulator panel; real PDFs: printer = "dir:printed"
online = true

[simulator]
read_ms = 350
pin_ms = 250
page_ms = 1200

[timeouts]
idle_warning_s = 60
idle_end_s = 90
attract_after_s = 45
take_card_s = 20

[window]
mode = "windowed"
width = 1920
height = 1080
TOML

echo
echo "== 5. The kiosk's touch UI on this replica, with simulated devices =="
if [ -n "${KIOSK_DEMO_NO_UI:-}" ]; then
  echo "KIOSK_DEMO_NO_UI is set: not starting the UI. Start it with:"
  echo "  $KIOSK run --config $DEMO/kiosk.toml"
  exit 0
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display here (neither DISPLAY nor WAYLAND_DISPLAY is set), so the UI is not started."
  echo "On a desktop, run:      $KIOSK run --config $DEMO/kiosk.toml"
  echo "Every screen as PNGs:   $KIOSK tour --config $DEMO/kiosk.toml --out $DEMO/tour"
  exit 0
fi
echo "Open the simulator panel (bottom right) and tap a demo card to insert it; the PINs are on the cards"
echo "(and in README.md). Close the window or press Ctrl+C to stop."
exec "$KIOSK" run --config "$DEMO/kiosk.toml"
