#!/usr/bin/env bash
# The journey prints through the print queue to the directory printer: the PDFs exist,
# are PDFs, and carry the kiosk id.
set -euo pipefail
KIOSK=$1 DATA=$2 SCRIPT=$3 SHOTS=$4
HERE=$(dirname "$0")
# Its own copy of the replica: the durable print queue lives in the store, and a job left in a
# shared one would be resumed by another test's kiosk.
W="$DATA/dir-printer"
rm -rf "$W"
mkdir -p "$W/printed"
sqlite3 "$DATA/kiosk.db" ".backup '$W/kiosk.db'"
cp "$DATA/kiosk-dir.toml" "$W/kiosk.toml"
"$HERE/run_ui_test.sh" "$KIOSK" "$W/kiosk.toml" "$SCRIPT" "$SHOTS" offscreen
n=$(find "$W/printed" -name '*.pdf' | wc -l)
[ "$n" -eq 2 ] || { echo "expected 2 PDFs in $W/printed, found $n"; ls -l "$W/printed"; exit 1; }
for f in "$W"/printed/*.pdf; do
  head -c 5 "$f" | grep -q '%PDF-' || { echo "$f is not a PDF"; exit 1; }
  if command -v pdftotext > /dev/null; then
    pdftotext "$f" - 2>/dev/null | grep -q "TEST-UI-01" || { echo "$f lacks the kiosk id"; exit 1; }
  fi
done
echo "ok: $n PDFs printed to $W/printed"
