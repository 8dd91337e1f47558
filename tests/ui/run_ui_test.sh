#!/usr/bin/env bash
# Runs the real kiosk program with a script of injected events; the script asserts on
# the session's state and screenshots (written to SHOTS for review).
#   run_ui_test.sh KIOSK CONFIG SCRIPT SHOTS offscreen|xvfb
set -euo pipefail
KIOSK=$1 CONFIG=$2 SCRIPT=$3 SHOTS=$4 MODE=$5
rm -rf "$SHOTS"
mkdir -p "$SHOTS"
if [ "$MODE" = xvfb ]; then
  xvfb-run -a -s "-screen 0 1920x1080x24" "$KIOSK" run --config "$CONFIG" --script "$SCRIPT" --shots "$SHOTS" \
    --state-out "$SHOTS/state.txt"
else
  SDL_VIDEODRIVER=offscreen "$KIOSK" run --config "$CONFIG" --headless --script "$SCRIPT" --shots "$SHOTS" \
    --state-out "$SHOTS/state.txt"
fi
# Whatever the script did, the program ended without anything personal on screen.
grep -q '^personal=0$' "$SHOTS/state.txt" || { echo "personal data left in the view:"; cat "$SHOTS/state.txt"; exit 1; }
n=$(find "$SHOTS" -name '*.png' | wc -l)
echo "ok: $n screenshots in $SHOTS"
