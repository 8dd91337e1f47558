#!/usr/bin/env bash
# A replica of 5 000 generated notifications and a kiosk configuration for the UI tests.
set -euo pipefail
REGISTRY=$1 KIOSK=$2 DIR=$3
mkdir -p "$DIR"
rm -f "$DIR"/kiosk.db*
"$REGISTRY" generate --notifications 5000 --seed 2026 --out "$DIR/registry.ndjson" >/dev/null
"$KIOSK" import "$DIR/registry.ndjson" --db "$DIR/kiosk.db" >/dev/null
cat > "$DIR/kiosk.toml" <<TOML
kiosk_id = "TEST-UI-01"
language = "az"
[store]
path = "kiosk.db"
[devices]
card_reader = "sim"
printer = "sim"
online = true
[simulator]
read_ms = 100
pin_ms = 50
page_ms = 200
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

# The same kiosk with the print queue and the directory printer (PDFs land in printed/).
sed -e 's|^printer = "sim"|printer = "dir:printed"\nspool_dir = "spool"|' "$DIR/kiosk.toml" > "$DIR/kiosk-dir.toml"
echo "ui data ready in $DIR"
