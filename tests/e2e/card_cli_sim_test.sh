#!/usr/bin/env bash
# kiosk card + registry pki end to end on the simulator: the JSON verdict and
# the exit status for a good card and for every scripted fault.
#   card_cli_sim_test.sh REGISTRY KIOSK
set -euo pipefail
REGISTRY=$1 KIOSK=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0 passes=0
check() { # NAME EXPECTED_RC EXPECTED_JSON_FRAGMENT ACTUAL_RC ACTUAL_OUT
    if [ "$4" != "$2" ] || [[ "$5" != *"$3"* ]]; then
        echo "FAIL $1: rc=$4 (want $2) out=$5"; fails=$((fails + 1))
    else
        echo "ok   $1"; passes=$((passes + 1))
    fi
}
read_card() { # PIN SPEC [more args]
    local pin=$1 spec=$2; shift 2
    set +e
    out=$(printf '%s\n' "$pin" | "$KIOSK" card read --reader "$spec" --ca "$T/ca/ca.pem" --pin-stdin --json "$@")
    rc=$?
    set -e
}

"$REGISTRY" pki init --dir "$T/ca" >/dev/null
"$REGISTRY" pki init --dir "$T/other" >/dev/null
[ "$(stat -c %a "$T/ca/ca.key")" = 600 ] || { echo "FAIL ca.key is not 0600"; fails=$((fails + 1)); }
"$REGISTRY" pki init --dir "$T/ca" >/dev/null 2>&1 && { echo "FAIL init overwrote a CA"; fails=$((fails + 1)); }
card() { "$REGISTRY" pki card --dir "$1" --fin 4AB7C2D --out "$T/$2" --surname "Hüseynova" --name "Aygün" \
             --patronymic "Vüqar qızı" --pin 4711 "${@:3}" >/dev/null; }
card "$T/ca" citizen --role citizen
card "$T/ca" staff --role staff
card "$T/ca" blocked --role citizen --tries 0
card "$T/ca" expired --role citizen --expired
card "$T/other" stranger --role citizen
card "$T/ca" forged --role technician --mismatched-key
[ "$(stat -c %a "$T/citizen/key.pem")" = 600 ] && [ "$(stat -c %a "$T/citizen/pin")" = 600 ] ||
    { echo "FAIL card secrets are not 0600"; fails=$((fails + 1)); }

read_card 4711 "sim:$T/citizen"
check trusted 0 '{"fin":"4AB7C2D","surname":"Hüseynova","name":"Aygün","patronymic":"Vüqar qızı","role":"citizen","trusted":true,"reason":null,"tries_left":3}' $rc "$out"
read_card 4711 "sim:$T/staff"
check staff 0 '"role":"staff","trusted":true' $rc "$out"
read_card 0000 "sim:$T/citizen"
check wrong_pin 3 '"trusted":false,"reason":"wrong_pin","tries_left":2' $rc "$out"
read_card 0000 "sim:$T/citizen"
check wrong_pin_kept 3 '"reason":"wrong_pin","tries_left":1' $rc "$out"
read_card 4711 "sim:$T/citizen"
check counter_reset 0 '"trusted":true,"reason":null,"tries_left":3' $rc "$out"
read_card 4711 "sim:$T/blocked"
check card_blocked 3 '"reason":"card_blocked","tries_left":0' $rc "$out"
read_card 4711 "sim:$T/expired"
check expired 3 '"reason":"expired","tries_left":null' $rc "$out"
read_card 4711 "sim:$T/stranger"
check untrusted_ca 3 '"reason":"untrusted_ca"' $rc "$out"
read_card 4711 "sim:$T/forged"
check bad_signature 3 '"role":"technician","trusted":false,"reason":"bad_signature"' $rc "$out"
read_card 4711 "sim:$T/citizen;bad-signature"
check bad_signature_fault 3 '"reason":"bad_signature"' $rc "$out"
read_card 4711 "sim:$T/citizen;mute"
check card_mute 3 '"fin":null,"surname":null,"name":null,"patronymic":null,"role":null,"trusted":false,"reason":"card_mute","tries_left":null' $rc "$out"
read_card 4711 "sim:$T/citizen;remove-after=4"
check card_removed 3 '"reason":"card_removed"' $rc "$out"
read_card 4711 "sim:"
check no_card 3 '"reason":"no_card"' $rc "$out"
read_card 12 "sim:$T/citizen"
check invalid_pin 3 '"reason":"invalid_pin"' $rc "$out"

# Counters in the store, and the PIN never printed.
read_card 9999 "sim:$T/citizen" --db "$T/kiosk.db"
read_card 4711 "sim:$T/citizen" --db "$T/kiosk.db"
counters=$(sqlite3 "$T/kiosk.db" "SELECT name || '=' || value FROM device_counter WHERE device='card_reader' ORDER BY name" | tr '\n' ' ')
check counters 0 'cards_read=2 pin_failures=1' 0 "$counters"
set +e
text=$(printf '4711\n' | "$KIOSK" card read --reader "sim:$T/citizen" --ca "$T/ca/ca.pem" --pin-stdin --lang en 2>&1)
set -e
if [[ "$text" == *4711* ]] || [[ "$text" != *"The card is verified and trusted"* ]]; then
    echo "FAIL text output: $text"; fails=$((fails + 1))
else
    echo "ok   text output"; passes=$((passes + 1))
fi
set +e
"$KIOSK" card read --reader "sim:$T/citizen" --ca "$T/missing.pem" --pin-stdin </dev/null >/dev/null 2>&1
rc=$?
set -e
check missing_ca 1 '' $rc ''

echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
