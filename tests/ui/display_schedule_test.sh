#!/usr/bin/env bash
# The display's schedule: lit only from an hour from now to two hours from now, so that the
# kiosk is now outside its hours.
#   display_schedule_test.sh KIOSK CONFIG SCRIPT SHOTS
set -euo pipefail
KIOSK=$1 CONFIG=$2 SCRIPT=$3 SHOTS=$4
HERE=$(dirname "$0")
dir=$(dirname "$CONFIG")
on=$(date -d '+1 hour' +%H:%M) off=$(date -d '+2 hours' +%H:%M)
sed -e "/^\[window\]/a display_on = \"$on\"\ndisplay_off = \"$off\"" "$CONFIG" >"$dir/kiosk-schedule.toml"
grep -q "^display_on = \"$on\"" "$dir/kiosk-schedule.toml" || { echo "no schedule in the configuration"; exit 1; }
"$HERE/run_ui_test.sh" "$KIOSK" "$dir/kiosk-schedule.toml" "$SCRIPT" "$SHOTS" offscreen
