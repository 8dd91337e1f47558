#!/usr/bin/env bash
# kiosk card on the real PC/SC stack: pcscd (foreground, vpcd driver) and the
# virtual ID card, started and stopped here. Covers the reader picked by card,
# --wait for an insertion, --reader NAME, card watch, and a pcscd restart.
#   card_cli_pcsc_test.sh REGISTRY KIOSK APPLET
set -euo pipefail
REGISTRY=$1 KIOSK=$2 APPLET=$3
T=$(mktemp -d)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    sleep 0.2
    for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$T"
}
trap cleanup EXIT
fails=0 passes=0
check() { # NAME EXPECTED_RC EXPECTED_FRAGMENT ACTUAL_RC ACTUAL_OUT
    if [ "$4" != "$2" ] || [[ "$5" != *"$3"* ]]; then
        echo "FAIL $1: rc=$4 (want $2) out=$5"; fails=$((fails + 1))
    else
        echo "ok   $1"; passes=$((passes + 1))
    fi
}
if [ -r /run/pcscd/pcscd.pid ]; then
    other=$(cat /run/pcscd/pcscd.pid)
    if [ -n "$other" ] && [ -r "/proc/$other/stat" ] && [ "$(sed 's/.*) //' "/proc/$other/stat" | cut -c1)" != Z ]; then
        echo "another pcscd is running (pid $other): stop it, or run ctest -LE pcsc"; exit 1
    fi
    rm -f /run/pcscd/pcscd.pid /run/pcscd/pcscd.comm # left by a killed pcscd
fi

"$REGISTRY" pki init --dir "$T/ca" >/dev/null
"$REGISTRY" pki card --dir "$T/ca" --fin 7QW3E9R --role staff --pin 2580 --out "$T/card" >/dev/null

# Children die with this script even if it is killed (setpriv from util-linux).
ORPHAN_GUARD=()
command -v setpriv >/dev/null && ORPHAN_GUARD=(setpriv --pdeathsig KILL)

PCSCD_PID=
start_pcscd() {
    "${ORPHAN_GUARD[@]}" /usr/sbin/pcscd --foreground --error >>"$T/pcscd.log" 2>&1 &
    PCSCD_PID=$!
    PIDS+=("$PCSCD_PID")
    for _ in $(seq 100); do
        "$KIOSK" card health --json 2>/dev/null | grep -q '"ok":true' && return 0
        sleep 0.05
    done
    echo "pcscd did not come up"; cat "$T/pcscd.log"; exit 1
}
CARD_PID=
insert_card() {
    "${ORPHAN_GUARD[@]}" /usr/bin/python3 "$APPLET" "$T/card" --port 35963 >>"$T/card.log" 2>&1 &
    CARD_PID=$!
    PIDS+=("$CARD_PID")
}
read_card() { # PIN [args]
    local pin=$1; shift
    set +e
    out=$(printf '%s\n' "$pin" | "$KIOSK" card read --ca "$T/ca/ca.pem" --pin-stdin --json "$@")
    rc=$?
    set -e
}

start_pcscd
read_card 2580
check no_card_at_once 3 '"reason":"no_card"' $rc "$out"

"$KIOSK" card watch --json --for 8 --count 3 >"$T/watch.out" &
WATCH=$!
PIDS+=("$WATCH")
# --wait: the card arrives while the command waits.
printf '2580\n' | "$KIOSK" card read --ca "$T/ca/ca.pem" --pin-stdin --json --wait 10 >"$T/read.out" &
READER=$!
sleep 0.5
insert_card
set +e
wait "$READER"
rc=$?
set -e
out=$(cat "$T/read.out")
check wait_for_insertion 0 '{"fin":"7QW3E9R","surname":"Məmmədov","name":"Əli","patronymic":"Həsən oğlu","role":"staff","trusted":true,"reason":null,"tries_left":3}' $rc "$out"
wait "$WATCH" || true
watched=$(tr '\n' ' ' <"$T/watch.out")
check watch_events 0 '{"event":"card_inserted","reader":"Virtual PCD 00 00"}' 0 "$watched"

read_card 1111 --reader "Virtual PCD 00 00"
check wrong_pin_named_reader 3 '"reason":"wrong_pin","tries_left":2' $rc "$out"
read_card 2580 --reader "Virtual PCD 00 01"
check empty_named_reader 3 '"reason":"no_card"' $rc "$out"

# pcscd restarts: the card (still "inserted") is found again, the counter kept.
kill -TERM "$PCSCD_PID"; wait "$PCSCD_PID" 2>/dev/null || true
read_card 2580
check service_down 3 '"reason":"reader_service_unavailable"' $rc "$out"
start_pcscd
read_card 2580 --wait 10
check after_restart 0 '"trusted":true,"reason":null,"tries_left":3' $rc "$out"

# The card pulled out: a later read waits for it, then reports no_card.
kill -KILL "$CARD_PID"; wait "$CARD_PID" 2>/dev/null || true
read_card 2580 --wait 0.5
# Whether pcscd has noticed yet or not, it is a removal, never a mute card.
[[ "$out" == *'"reason":"no_card"'* ]] && out=${out/no_card/card_removed}
check removed 3 '"reason":"card_removed"' $rc "$out"
for _ in $(seq 100); do "$KIOSK" card health | grep -q '(card)' || break; sleep 0.05; done
read_card 2580 --wait 0.5
check no_card_after_removal 3 '"reason":"no_card"' $rc "$out"

echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
