#!/usr/bin/env bash
# make demo: the reference registry generates a data set, the kiosk imports it into
# its local replica and shows one citizen's notifications on the command line; then the
# registry and the kiosk run together over mutual TLS: a test PKI, the registry loaded
# with the data (signed) and serving, the kiosk replicating from it, and the kiosk's
# touch UI (windowed, simulated card reader and printer) following the registry live.
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
echo "== 5. The registry and the kiosk over mutual TLS =="
# A test PKI: the CA, the registry's server certificate (made by serve), the kiosk's client certificate.
rm -rf "$DEMO/pki" "$DEMO"/registry.db* "$DEMO"/kiosk-sync.db*
"$REGISTRY" pki init --dir "$DEMO/pki" --name "Emek Demo CA" > /dev/null
"$REGISTRY" pki issue --dir "$DEMO/pki" --profile client --cn ASAN-DEMO-01 --out "$DEMO/pki/kiosk" > /dev/null
echo "PKI: $DEMO/pki (CA, kiosk certificate CN=ASAN-DEMO-01)"
# The registry loads the same data, every notification signed (CMS) by its employer's signer.
"$REGISTRY" load "$DEMO/registry.ndjson" --db "$DEMO/registry.db" --sign --pki "$DEMO/pki"
# An Asan İmza account for the citizen above, to sign in on the kiosk with phone and user id.
read -r surname first patronymic < <(sqlite3 -separator ' ' "$DEMO/kiosk.db" \
    "SELECT surname, name, replace(patronymic, ' ', '_') FROM person WHERE fin = '$fin'")
"$REGISTRY" account add --db "$DEMO/registry.db" --phone +994501112233 --user-id 123456 --fin "$fin" \
    --surname "$surname" --name "$first" --patronymic "${patronymic//_/ }" > /dev/null
setpriv --pdeathsig TERM "$REGISTRY" serve --db "$DEMO/registry.db" --pki "$DEMO/pki" --listen 127.0.0.1:0 --quiet \
    > "$DEMO/serve.out" 2> "$DEMO/serve.err" &
SERVE_PID=$!
trap 'kill $SERVE_PID 2> /dev/null || true; wait $SERVE_PID 2> /dev/null || true' EXIT
for _ in $(seq 1 200); do grep -qs '^listening on ' "$DEMO/serve.out" && break; sleep 0.05; done
URL=$(sed -n 's/^listening on //p' "$DEMO/serve.out" | head -1)
[ -n "$URL" ] || { echo "registry serve did not start:"; cat "$DEMO/serve.err"; exit 1; }
echo "registry serving on $URL (client certificates from the CA required for the kiosk API)"

cat > "$DEMO/kiosk-sync.toml" <<TOML
# emek-kiosk demo configuration with the reference registry (see README.md, "Sync").
kiosk_id = "ASAN-DEMO-01"
language = "az"

[store]
path = "kiosk-sync.db"     # created and filled by the sync from the registry

[devices]
card_reader = "sim"
printer = "sim"

[registry]
url = "$URL"
ca = "pki/ca.pem"
cert = "pki/kiosk.pem"
key = "pki/kiosk.key"
backoff_max_s = 10
heartbeat_s = 30
TOML
echo
echo "== 6. The kiosk replicates from the registry (kiosk sync --once), then its status =="
"$KIOSK" sync --once --config "$DEMO/kiosk-sync.toml"
"$KIOSK" sync status --config "$DEMO/kiosk-sync.toml" --lang en

echo
echo "== 7. The kiosk's touch UI, following the registry live =="
echo "Asan İmza: phone +994 50 111 22 33, user id 123456; the phone is simulated:"
echo "  $REGISTRY phone confirm --server $URL --ca $DEMO/pki/ca.pem --phone +994501112233 --pin 1111"
echo "The same kiosk on the imported replica without a registry: $KIOSK run --config $DEMO/kiosk.toml"
if [ -n "${KIOSK_DEMO_NO_UI:-}" ]; then
  echo "KIOSK_DEMO_NO_UI is set: not starting the UI. Start it with:"
  echo "  $KIOSK run --config $DEMO/kiosk-sync.toml   (the registry must be serving: see above)"
  exit 0
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display here (neither DISPLAY nor WAYLAND_DISPLAY is set), so the UI is not started."
  echo "On a desktop, run:      $KIOSK run --config $DEMO/kiosk-sync.toml   (with the registry serving)"
  echo "Every screen as PNGs:   $KIOSK tour --config $DEMO/kiosk.toml --out $DEMO/tour"
  exit 0
fi
echo "Open the simulator panel (bottom right) and tap a demo card to insert it; the PINs are on the cards"
echo "(and in README.md). Close the window or press Ctrl+C to stop (the registry stops with it)."
"$KIOSK" run --config "$DEMO/kiosk-sync.toml"
