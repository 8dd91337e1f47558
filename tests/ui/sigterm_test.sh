#!/usr/bin/env bash
# SIGTERM ends the kiosk cleanly (exit 0, "stopped"), even in the middle of a session.
set -euo pipefail
KIOSK=$1 CONFIG=$2
log=$(mktemp)
script=$(mktemp)
printf 'sim insert 0\nwait pin\nsleep 60000\n' > "$script"
SDL_VIDEODRIVER=offscreen "$KIOSK" run --config "$CONFIG" --headless --script "$script" 2>"$log" &
pid=$!
sleep 2
kill -TERM $pid
rc=0
wait $pid || rc=$?
cat "$log"
rm -f "$script"
[ $rc -eq 0 ] || { echo "exit status $rc"; exit 1; }
grep -q "kiosk: stopped" "$log" || { echo "no clean stop"; exit 1; }
rm -f "$log"
echo ok
