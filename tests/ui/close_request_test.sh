#!/usr/bin/env bash
# No way out of the kiosk but its service manager's signal: under a real X server (Xvfb),
# a close request to the fullscreen kiosk changes nothing; the same request to a windowed
# kiosk ends it (which the script reports as not finished: exit 3).
#   close_request_test.sh KIOSK CONFIG SCRIPT
set -euo pipefail
KIOSK=$1 CONFIG=$2 SCRIPT=$3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
dir=$(dirname "$CONFIG")
sed -e 's|^mode = "windowed"|mode = "fullscreen"|' -e "s|^path = \"kiosk.db\"|path = \"$dir/kiosk.db\"|" \
    "$CONFIG" >"$T/fullscreen.toml"
grep -q '^mode = "fullscreen"' "$T/fullscreen.toml" || { echo "could not make a fullscreen configuration"; exit 1; }
xvfb-run -a -s "-screen 0 1920x1080x24" "$KIOSK" run --config "$T/fullscreen.toml" --script "$SCRIPT" \
    --state-out "$T/state.txt" 2>"$T/log" || { cat "$T/log"; echo "the fullscreen kiosk did not stay"; exit 1; }
rc=0
xvfb-run -a -s "-screen 0 1920x1080x24" "$KIOSK" run --config "$CONFIG" --script "$SCRIPT" 2>"$T/log2" || rc=$?
[ $rc -eq 3 ] || { cat "$T/log2"; echo "windowed: exit $rc, expected 3 (closed before the script ended)"; exit 1; }
echo "ok: close ignored in kiosk mode, honoured windowed"
