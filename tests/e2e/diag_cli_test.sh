#!/usr/bin/env bash
# kiosk diag: a verdict per check as JSON, a table and a PDF; each check failing on simulated
# faults with its reason (printer out of paper / offline, a mute card, a card of an unknown CA,
# no reader service, a damaged store), the test page and the card read test, exit statuses,
# and no personal data in the report.
#   diag_cli_test.sh KIOSK REGISTRY SAMPLE_FEED
set -euo pipefail
KIOSK=$1 REGISTRY=$2 SAMPLE=$3
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fails=0
passes=0
check() { # NAME EXPECTED ACTUAL
    if [ "$2" == "$3" ]; then echo "ok   $1"; passes=$((passes + 1)); else echo "FAIL $1: expected [$2], got [$3]"; fails=$((fails + 1)); fi
}
# verdict ID [reason]: from the JSON in $WORK/out.json
verdict() { python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); c=[c for c in j["checks"] if c["id"]==sys.argv[2]][0]; print(c["verdict"], c["reason"]) if len(sys.argv)<4 else print(c["facts"].get(sys.argv[3],""))' "$WORK/out.json" "$@"; }

"$KIOSK" import "$SAMPLE" --db "$WORK/kiosk.db" > /dev/null
"$REGISTRY" pki init --dir "$WORK/ca" > /dev/null
"$REGISTRY" pki card --dir "$WORK/ca" --fin 5ZX8K2P --role citizen --out "$WORK/card" > /dev/null
"$REGISTRY" pki init --dir "$WORK/other-ca" > /dev/null
"$REGISTRY" pki card --dir "$WORK/other-ca" --fin 7QW3E9R --role staff --out "$WORK/foreign" > /dev/null
cat > "$WORK/kiosk.toml" <<TOML
kiosk_id = "DIAG-01"
[store]
path = "kiosk.db"
[devices]
card_reader = "sim:$WORK/card"
card_ca = "$WORK/ca/ca.pem"
printer = "dir:$WORK/printed"
TOML

set +e
"$KIOSK" diag --config "$WORK/kiosk.toml" --json > "$WORK/out.json"
check "all healthy: exit 0" 0 $?
check "overall verdict" pass "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["verdict"])' "$WORK/out.json")"
check "printer passes" "pass " "$(verdict printer)"
check "reader passes, its card seen" "pass " "$(verdict card_reader)"
check "the reader's card is listed" "Sim Reader 0 [card]" "$(verdict card_reader readers)"
check "store passes" "pass " "$(verdict store)"
check "integrity_check ok" "ok" "$(verdict integrity integrity)"
check "rows counted" 2 "$(verdict store rows.person)"
check "no sync module: said so" "not_run sync_not_configured" "$(verdict sync)"
check "the store's feed cursor instead" 45 "$(verdict sync feed_cursor)"
check "touch needs the screen" "not_run interactive_only" "$(verdict touch)"
check "an empty audit trail verifies" "pass " "$(verdict audit)"
check "every check has a verdict" 0 "$(python3 -c 'import json,sys; print(sum(1 for c in json.load(open(sys.argv[1]))["checks"] if c["verdict"] not in ("pass","fail","not_run")))' "$WORK/out.json")"
for personal in 5ZX8K2P Məmmədova Hüseynov; do
    check "no personal data ($personal)" 0 "$(grep -c "$personal" "$WORK/out.json")"
done

"$KIOSK" diag --config "$WORK/kiosk.toml" --json --test-page --card-test > "$WORK/out.json"
check "test page and card test: exit 0" 0 $?
check "the test page printed" "pass " "$(verdict printer_test_page)"
check "the test page is a PDF in the printer" 1 "$(ls "$WORK/printed"/*.pdf | wc -l)"
check "the card read and trusted" "pass " "$(verdict card_read_test)"

"$KIOSK" diag --config "$WORK/kiosk.toml" --json --printer sim:paper=0 --test-page > "$WORK/out.json"
check "out of paper: exit 3" 3 $?
check "out of paper: printer fails with the reason" "fail printer_media_empty" "$(verdict printer)"
check "out of paper: the test page fails, same reason" "fail printer_media_empty" "$(verdict printer_test_page)"
"$KIOSK" diag --config "$WORK/kiosk.toml" --json --printer sim:offline > "$WORK/out.json"
check "offline printer" "fail printer_offline" "$(verdict printer)"
"$KIOSK" diag --config "$WORK/kiosk.toml" --json --printer sim:toner_low > "$WORK/out.json"
check "toner low passes with a warning" "pass  toner_low" "$(verdict printer) $(python3 -c 'import json,sys; print(*[c["warnings"] for c in json.load(open(sys.argv[1]))["checks"] if c["id"]=="printer"][0])' "$WORK/out.json")"
"$KIOSK" diag --config "$WORK/kiosk.toml" --json --card-test --reader "sim:$WORK/card;mute" > "$WORK/out.json"
check "a mute card fails the read test" "fail card_mute" "$(verdict card_read_test)"
"$KIOSK" diag --config "$WORK/kiosk.toml" --json --card-test --reader "sim:$WORK/foreign" > "$WORK/out.json"
check "a card of another CA fails the read test" "fail untrusted_ca" "$(verdict card_read_test)"
PCSCLITE_CSOCK_NAME="$WORK/no-pcscd.sock" "$KIOSK" diag --config "$WORK/kiosk.toml" --json --reader pcsc > "$WORK/out.json"
check "no reader service" "fail reader_service_unavailable" "$(verdict card_reader)"
"$KIOSK" diag --config "$WORK/kiosk.toml" --json --reader bogus > "$WORK/out.json"
check "an unknown reader backend fails its check" "fail bad_argument" "$(verdict card_reader)"

# A damaged store: the notification table's page overwritten.
cp "$WORK/kiosk.db" "$WORK/damaged.db"
sqlite3 "$WORK/damaged.db" "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;" > /dev/null
root=$(sqlite3 "$WORK/damaged.db" "SELECT rootpage FROM sqlite_master WHERE name = 'notification'")
python3 -c 'import sys; f=open(sys.argv[1],"r+b"); f.seek(int(sys.argv[2])*4096-200); f.write(b"\xff"*120)' "$WORK/damaged.db" "$root"
sed -e 's|path = "kiosk.db"|path = "damaged.db"|' "$WORK/kiosk.toml" > "$WORK/damaged.toml"
"$KIOSK" diag --config "$WORK/damaged.toml" --json > "$WORK/out.json"
check "damaged store: exit 3" 3 $?
check "damaged store: integrity fails" "fail store_corrupt" "$(verdict integrity)"

# The table and the PDF.
"$KIOSK" diag --config "$WORK/kiosk.toml" --lang en --printer sim:paper=0 --pdf "$WORK/report.pdf" > "$WORK/table.txt"
check "table: the failed printer" 1 "$(grep -c '^fail     Printer' "$WORK/table.txt")"
check "table: the overall verdict" 1 "$(grep -c '^Verdict: FAIL' "$WORK/table.txt")"
check "the report is a PDF" "%PDF" "$(head -c 4 "$WORK/report.pdf")"
pdftotext "$WORK/report.pdf" "$WORK/report.txt"
check "PDF: its title" 1 "$(grep -c -m1 'Diagnostics report' "$WORK/report.txt")"
check "PDF: the printer's verdict and reason" 1 "$(grep -c 'Printer — FAIL' "$WORK/report.txt")"
check "PDF: the reason in words" 1 "$(grep -c 'The printer is out of paper' "$WORK/report.txt")"
check "PDF: the kiosk id" 1 "$(grep -c -m1 'DIAG-01' "$WORK/report.txt")"
"$KIOSK" diag --config "$WORK/kiosk.toml" --lang az --pdf "$WORK/report-az.pdf" > /dev/null
check "PDF in Azerbaijani" 1 "$(pdftotext "$WORK/report-az.pdf" - | grep -c -m1 'Diaqnostika hesabatı')"

"$KIOSK" diag > /dev/null 2>&1
check "no --config: exit 2" 2 $?
"$KIOSK" diag --config "$WORK/absent.toml" > /dev/null 2>&1
check "unreadable configuration: exit 1" 1 $?
"$KIOSK" diag --config "$WORK/kiosk.toml" --integrity sometimes > /dev/null 2>&1
check "bad --integrity: exit 2" 2 $?
set -e
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
