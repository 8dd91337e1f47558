#!/usr/bin/env bash
# The journey prints through the print queue to the directory printer: the PDFs exist,
# are PDFs, and carry the kiosk id.
set -euo pipefail
KIOSK=$1 DATA=$2 SCRIPT=$3 SHOTS=$4
HERE=$(dirname "$0")
rm -rf "$DATA/printed" "$DATA/spool"
mkdir -p "$DATA/printed"
"$HERE/run_ui_test.sh" "$KIOSK" "$DATA/kiosk-dir.toml" "$SCRIPT" "$SHOTS" offscreen
n=$(find "$DATA/printed" -name '*.pdf' | wc -l)
[ "$n" -eq 2 ] || { echo "expected 2 PDFs in $DATA/printed, found $n"; ls -l "$DATA/printed"; exit 1; }
for f in "$DATA"/printed/*.pdf; do
  head -c 5 "$f" | grep -q '%PDF-' || { echo "$f is not a PDF"; exit 1; }
  if command -v pdftotext > /dev/null; then
    pdftotext "$f" - 2>/dev/null | grep -q "TEST-UI-01" || { echo "$f lacks the kiosk id"; exit 1; }
  fi
done
echo "ok: $n PDFs printed to $DATA/printed"
