#!/usr/bin/env bash
# The kiosk speaks systemd's notification protocol from its main loop (ui/src/watchdog.cpp),
# checked against a real notification socket (notify_listener.py):
#   - READY=1 once the first frame is drawn, then WATCHDOG=1 at half of WATCHDOG_USEC while
#     the kiosk sits idle (its loop would otherwise sleep up to a minute), STOPPING=1 on SIGTERM
#   - WATCHDOG_PID of our parent counts (the kiosk runs under cage), another pid's does not
#   - a stopped main loop sends no more pings (what makes systemd restart a hung kiosk)
#   - `kiosk run --out-of-service` shows the out-of-service screen although store and devices
#     would serve, and also when the configuration does not load
# Usage: watchdog_test.sh KIOSK FEED WORKDIR
set -euo pipefail
KIOSK=$1 FEED=$2 WORK=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"
fail() { echo "FAIL: $*"; for f in "$WORK"/*.log; do echo "--- $f"; cat "$f"; done; exit 1; }
"$KIOSK" import "$FEED" --db kiosk.db >/dev/null
sim_config kiosk.toml WATCHDOG-TEST
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

listen() { # listen NAME: starts a listener on NAME.sock logging to NAME.log
    : >"$1.log"
    "$here/notify_listener.py" "$WORK/$1.sock" "$WORK/$1.log" &
    pids+=($!)
    for _ in $(seq 100); do grep -q listening "$1.log" && return 0; sleep 0.05; done
    fail "listener $1 did not start"
}
count() { grep -c " $2\$" "$1.log" || true; }
# start NAME WATCHDOG_PID: a kiosk notifying the listener NAME; waits for its READY=1 (sets kiosk)
start() {
    listen "$1"
    NOTIFY_SOCKET="$WORK/$1.sock" WATCHDOG_USEC=400000 WATCHDOG_PID=$2 SDL_VIDEODRIVER=offscreen \
        "$KIOSK" run --config kiosk.toml --headless 2>"kiosk-$1.log" &
    kiosk=$!
    pids+=($kiosk)
    for _ in $(seq 200); do grep -q ' READY=1$' "$1.log" && return 0; sleep 0.05; done
    fail "no READY=1 within 10 s ($1)"
}

# 1. Pings while idle, from a kiosk whose WATCHDOG_PID is its parent (this shell, like cage).
start main $$
sleep 3
n=$(count main WATCHDOG=1)
# 3 s at one ping per 200 ms: 15; the machine may be loaded, so at least 8.
[ "$n" -ge 8 ] || fail "only $n WATCHDOG=1 in 3 s with WATCHDOG_USEC=400000 (expected ~15)"
gaps=$(awk '/ WATCHDOG=1$/ { if (t) { g = $1 - t; if (g > m) m = g } t = $1 } END { printf "%.3f", m }' main.log)
awk -v g="$gaps" 'BEGIN { exit !(g < 0.4) }' || fail "a gap of ${gaps} s between pings (WATCHDOG_USEC is 0.4 s)"
echo "idle kiosk: $n pings in 3 s, longest gap ${gaps} s"

# 2. A main loop that stops (SIGSTOP: what a hang looks like from outside) stops the pings.
kill -STOP "$kiosk"
sleep 0.5
before=$(count main WATCHDOG=1)
sleep 1.5
after=$(count main WATCHDOG=1)
kill -CONT "$kiosk"
[ "$after" = "$before" ] || fail "pings went on while the main loop was stopped ($before -> $after)"
sleep 1
resumed=$(count main WATCHDOG=1)
[ "$resumed" -gt "$after" ] || fail "no ping after the loop went on"

# 3. SIGTERM: STOPPING=1 and a clean exit.
kill -TERM "$kiosk"
rc=0
wait "$kiosk" || rc=$?
[ $rc = 0 ] || fail "kiosk exit status $rc after SIGTERM"
grep -q ' STOPPING=1$' main.log || fail "no STOPPING=1"

# 4. A WATCHDOG_PID that is neither ours nor our parent's: READY=1 but no pings.
start other 1
sleep 1.5
[ "$(count other WATCHDOG=1)" = 0 ] || fail "pings for a watchdog meant for pid 1"
kill -TERM "$kiosk"
wait "$kiosk" || true

# 5. Without NOTIFY_SOCKET the same kiosk serves: welcome screen. With --out-of-service:
#    only the out-of-service screen, drawn (not blank).
printf 'frames 3\nshot welcome\nquit\n' >normal.script
SDL_VIDEODRIVER=offscreen "$KIOSK" run --config kiosk.toml --headless --script normal.script \
    --shots shots --state-out normal.state 2>kiosk-normal.log || fail "normal run failed"
grep -qx 'screen=welcome' normal.state || fail "the normal run is not on the welcome screen"
printf 'frames 3\nexpect screen=out_of_service\nshot oos\nexpect_colors 3\ntap_at 960 540\nframes 3\nexpect screen=out_of_service\nquit\n' >oos.script
SDL_VIDEODRIVER=offscreen "$KIOSK" run --config kiosk.toml --headless --out-of-service --script oos.script \
    --shots shots --state-out oos.state 2>kiosk-oos.log || fail "--out-of-service run failed"
grep -qx 'screen=out_of_service' oos.state || fail "--out-of-service is not on the out-of-service screen"
cmp -s shots/welcome.png shots/oos.png && fail "the out-of-service screen looks like the welcome screen"

# 6. A configuration that does not load stops the kiosk (exit 1) but not the fallback.
echo 'not toml at all' >broken.toml
rc=0
SDL_VIDEODRIVER=offscreen "$KIOSK" run --config broken.toml --headless --script oos.script 2>kiosk-broken.log || rc=$?
[ $rc = 1 ] || fail "a broken configuration: exit $rc, expected 1"
SDL_VIDEODRIVER=offscreen "$KIOSK" run --config broken.toml --headless --out-of-service --script oos.script \
    --state-out broken.state 2>kiosk-broken-oos.log || fail "--out-of-service on a broken configuration failed"
grep -qx 'screen=out_of_service' broken.state || fail "--out-of-service on a broken configuration: $(head -n 1 broken.state)"
grep -q 'bad configuration' kiosk-broken-oos.log || fail "the broken configuration was not reported"
echo ok
