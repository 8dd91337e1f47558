#!/usr/bin/env bash
# Asan İmza and "Get signed document" end to end: the real registry (`registry serve`,
# mTLS on 127.0.0.1, a free port) and the real kiosk program with [registry]. The kiosk
# replicates; the UI script signs a citizen in with phone number and user id; this script
# confirms on the simulated phone with the registry CLI; the script opens the citizen's
# notification and shows the QR code of the share link, which is decoded from the
# screenshot (zbarimg) and downloaded: an edoc whose signature openssl verifies. Then
# the registry is stopped and a second script checks that both actions say "offline".
#   asan_imza_test.sh REGISTRY KIOSK SCRIPTS_DIR SHOTS
set -euo pipefail
REGISTRY=$1 KIOSK=$2 SCRIPTS=$3 SHOTS=$4
WORK=$(mktemp -d "${TMPDIR:-/tmp}/emek-ui-asan.XXXXXX")
SERVE_PID= PHONE_PID=
cleanup() {
    [ -n "$PHONE_PID" ] && kill "$PHONE_PID" 2> /dev/null || true
    [ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2> /dev/null || true
    wait 2> /dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
rm -rf "$SHOTS"
mkdir -p "$SHOTS/online" "$SHOTS/offline"
PKI=$WORK/pki DB=$WORK/registry.db
VOEN=1234567891 HEAD_FIN=3KD7M1T CITIZEN_FIN=7AB3C4D
HEAD_PHONE=+994501234567 CITIZEN_PHONE=+994709998877

# The registry: a test CA, the kiosk's certificate, generated data (signed), an employer
# and two Asan İmza accounts.
"$REGISTRY" pki init --dir "$PKI" > /dev/null
"$REGISTRY" pki issue --dir "$PKI" --profile client --cn UI-ASAN-01 --out "$PKI/kiosk" > /dev/null
"$REGISTRY" generate --notifications 300 --seed 5 --out "$WORK/gen.ndjson" > /dev/null
"$REGISTRY" load "$WORK/gen.ndjson" --db "$DB" --sign --pki "$PKI" > /dev/null
"$REGISTRY" employer add --db "$DB" --voen $VOEN --sun 2000123456 --name "Test MMC" \
    --address "Bakı, Nizami küç. 5" --head-fin $HEAD_FIN > /dev/null
"$REGISTRY" account add --db "$DB" --phone $HEAD_PHONE --user-id 123456 --fin $HEAD_FIN \
    --surname Əliyev --name Tofiq --patronymic "Rza oğlu" > /dev/null
"$REGISTRY" account add --db "$DB" --phone $CITIZEN_PHONE --user-id 111222 --fin $CITIZEN_FIN \
    --surname Quliyev --name Rəşad --patronymic "Elçin oğlu" > /dev/null
setpriv --pdeathsig KILL "$REGISTRY" serve --db "$DB" --pki "$PKI" --listen 127.0.0.1:0 --quiet \
    > "$WORK/serve.out" 2> "$WORK/serve.err" &
SERVE_PID=$!
for _ in $(seq 1 200); do grep -qs '^listening on ' "$WORK/serve.out" && break; sleep 0.05; done
URL=$(sed -n 's/^listening on //p' "$WORK/serve.out" | head -1)
[ -n "$URL" ] || { echo "registry serve did not start:"; cat "$WORK/serve.err"; exit 1; }
export REGISTRY_URL=$URL REGISTRY_CA=$PKI/ca.pem

# The employer concludes a contract with the citizen and signs it (PIN2 on the phone).
HEAD=(--phone $HEAD_PHONE --user-id 123456 --pin1 1111 --voen $VOEN)
"$REGISTRY" employer authorise "${HEAD[@]}" --fin $HEAD_FIN --name "Əliyev Tofiq" --position Direktor \
    --term indefinite > /dev/null
ID=$("$REGISTRY" notify "${HEAD[@]}" --kind conclusion --employee-fin $CITIZEN_FIN --surname Quliyev --name Rəşad \
    --patronymic "Elçin oğlu" --birth-date 1995-04-12 --contract-number ƏM-2026-0001 --contract-date 2026-11-20 \
    --start-date 2026-12-01 --type indefinite --position Operator --workplace "Şüşə sexi" --work-address Bakı \
    --salary 950.00 --working-time "Tam iş günü" --print id)
"$REGISTRY" sign "${HEAD[@]}" --notification "$ID" --pin2 22222 > /dev/null

# The kiosk: an empty store it replicates into, simulated devices, the registry over mTLS.
cat > "$WORK/kiosk.toml" << TOML
kiosk_id = "UI-ASAN-01"
language = "en"
[store]
path = "kiosk.db"
[devices]
card_reader = "sim"
printer = "sim"
[simulator]
read_ms = 100
pin_ms = 50
page_ms = 200
[registry]
url = "$URL"
ca = "pki/ca.pem"
cert = "pki/kiosk.pem"
key = "pki/kiosk.key"
connect_timeout_s = 2
read_timeout_s = 5
backoff_min_ms = 200
backoff_max_s = 1
TOML

# The citizen's phone: confirms the next request with PIN1 as soon as it shows.
setpriv --pdeathsig KILL "$REGISTRY" phone confirm --phone $CITIZEN_PHONE --pin 1111 --wait 120 \
    > "$WORK/phone.log" 2>&1 &
PHONE_PID=$!

run() { # SCRIPT SHOTS
    SDL_VIDEODRIVER=offscreen "$KIOSK" run --config "$WORK/kiosk.toml" --headless --script "$1" --shots "$2" \
        --state-out "$2/state.txt"
    grep -q '^personal=0$' "$2/state.txt" || { echo "personal data left in the view:"; cat "$2/state.txt"; exit 1; }
}
run "$SCRIPTS/asan_imza.txt" "$SHOTS/online"
wait "$PHONE_PID" || { echo "the phone did not confirm:"; cat "$WORK/phone.log"; exit 1; }
PHONE_PID=

# The QR code on the screen is the share link: it serves the signed document.
link=$(zbarimg -q --raw "$SHOTS/online/03-share-qr.png")
case "$link" in "$URL"/d/*) ;; *) echo "the QR code holds '$link', not a share link of $URL"; exit 1 ;; esac
python3 - "$link" "$PKI/ca.pem" "$WORK" << 'PY'
import ssl, sys, urllib.request, zipfile
url, ca, work = sys.argv[1:4]
data = urllib.request.urlopen(url, context=ssl.create_default_context(cafile=ca), timeout=10).read()
open(work + "/doc.edoc", "wb").write(data)
z = zipfile.ZipFile(work + "/doc.edoc")
names = z.namelist()
assert names[0] == "mimetype", names
for n in ("notification.json", "notification.pdf", "META-INF/signature.p7s"):
    assert n in names, names
z.extract("notification.json", work)
z.extract("META-INF/signature.p7s", work)
PY
openssl cms -verify -binary -inform DER -in "$WORK/META-INF/signature.p7s" -content "$WORK/notification.json" \
    -CAfile "$PKI/ca.pem" -purpose any -out /dev/null 2> "$WORK/verify.log" \
    || { echo "the downloaded edoc does not verify:"; cat "$WORK/verify.log"; exit 1; }
grep -q "$CITIZEN_FIN" "$WORK/notification.json" || { echo "the edoc is not the citizen's"; exit 1; }

# The registry goes away: Asan İmza and the signed document say "offline".
kill "$SERVE_PID"
wait "$SERVE_PID" || true
SERVE_PID=
run "$SCRIPTS/asan_imza_offline.txt" "$SHOTS/offline"
echo "ok: Asan İmza login, QR share link decoded and downloaded, offline messages"
