#!/usr/bin/env bash
# The journey on the real device stacks: pcscd with the vpcd driver and the virtual ID card
# (tests/fixtures/idcard_applet.py) as the card reader, ippeveprinter (IPP Everywhere, with a
# private D-Bus) as the printer, the durable print queue between the kiosk and the printer.
# The UI script inserts and pulls the card and empties the tray through the helper commands
# this script writes into $T/bin (the script's `run` command).
#   pcsc_ipp_test.sh REGISTRY KIOSK DATA APPLET SCRIPT SHOTS
set -euo pipefail
REGISTRY=$1 KIOSK=$2 DATA=$3 APPLET=$4 SCRIPT=$5 SHOTS=$6
HERE=$(dirname "$0")
for p in /usr/sbin/pcscd /usr/sbin/ippeveprinter /usr/bin/dbus-daemon; do
  [ -x "$p" ] || { echo "missing $p (make deps installs it)"; exit 1; }
done
T=$(mktemp -d)
PIDS=()
cleanup() {
  [ -f "$T/card.pid" ] && kill -KILL "$(cat "$T/card.pid")" 2>/dev/null || true
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  sleep 0.2
  for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$T"
}
trap cleanup EXIT
ORPHAN_GUARD=()
command -v setpriv >/dev/null && ORPHAN_GUARD=(setpriv --pdeathsig KILL)

# One pcscd per machine (ctest holds RESOURCE_LOCK pcscd; other checkouts take this lock too).
if [ -r /run/pcscd/pcscd.pid ]; then
  other=$(cat /run/pcscd/pcscd.pid)
  if [ -n "$other" ] && [ -r "/proc/$other/stat" ] && [ "$(sed 's/.*) //' "/proc/$other/stat" | cut -c1)" != Z ]; then
    echo "another pcscd is running (pid $other): stop it, or run ctest -LE pcsc"; exit 1
  fi
  rm -f /run/pcscd/pcscd.pid /run/pcscd/pcscd.comm
fi

# The card: a citizen of the replica with the most notifications, personalised by the test CA.
fin=$(sqlite3 "$DATA/kiosk.db" "SELECT employee_fin FROM notification WHERE status <> 'entered'
      GROUP BY employee_fin ORDER BY count(*) DESC, employee_fin LIMIT 1")
read -r surname name patronymic < <(sqlite3 -separator ' ' "$DATA/kiosk.db" \
    "SELECT surname, name, replace(patronymic, ' ', '_') FROM person WHERE fin = '$fin'")
"$REGISTRY" pki init --dir "$T/ca" >/dev/null
"$REGISTRY" pki card --dir "$T/ca" --fin "$fin" --out "$T/card" --surname "$surname" --name "$name" \
    --patronymic "${patronymic//_/ }" --pin 3690 --role citizen >/dev/null

# pcscd in the foreground with the vpcd driver.
"${ORPHAN_GUARD[@]}" /usr/sbin/pcscd --foreground --error >>"$T/pcscd.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do
  "$KIOSK" card health --json 2>/dev/null | grep -q '"ok":true' && break
  sleep 0.05
done
"$KIOSK" card health --json 2>/dev/null | grep -q '"ok":true' || { echo "pcscd did not come up"; cat "$T/pcscd.log"; exit 1; }

# ippeveprinter on a free port with a private system bus and a completion script.
mkdir -p "$T/spool"
cat >"$T/dbus.conf" <<XML
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>system</type><listen>unix:path=$T/bus</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/>
<allow own="*"/><allow user="*"/></policy></busconfig>
XML
printf '#!/bin/sh\nsleep 0.3\nexit 0\n' >"$T/complete.sh"
chmod +x "$T/complete.sh"
"${ORPHAN_GUARD[@]}" /usr/bin/dbus-daemon --config-file="$T/dbus.conf" --nofork >>"$T/dbus.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 200); do [ -S "$T/bus" ] && break; sleep 0.01; done
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
DBUS_SYSTEM_BUS_ADDRESS="unix:path=$T/bus" "${ORPHAN_GUARD[@]}" /usr/sbin/ippeveprinter -k -d "$T/spool" \
    -c "$T/complete.sh" -f application/pdf -p "$PORT" -n localhost -r off EmekUiTest >>"$T/printer.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 300); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break
  sleep 0.01
done

# The helper commands the UI script runs.
mkdir -p "$T/bin"
# (No parent-death guard on the card: its parent, this little shell, ends at once; the cleanup
# above kills it by its pid file.)
cat >"$T/bin/insert-card" <<SH
#!/bin/sh
/usr/bin/python3 "$APPLET" "$T/card" --port 35963 >>"$T/card.log" 2>&1 &
echo \$! >"$T/card.pid"
SH
cat >"$T/bin/pull-card" <<SH
#!/bin/sh
kill -KILL \$(cat "$T/card.pid") && rm -f "$T/card.pid"
SH
cat >"$T/bin/paper" <<SH
#!/bin/sh
# paper 0 | paper 250: empties or refills both trays (always both sizes: RECIPES.md)
l3=\$([ "\$1" = 0 ] && echo 0 || echo 25)
curl -sf -o /dev/null "http://127.0.0.1:$PORT/media?size1=iso_a4_210x297mm&level1=\$1&size3=iso_a4_210x297mm&level3=\$l3"
SH
cat >"$T/bin/received" <<SH
#!/bin/sh
# received N: the printer holds exactly N documents
[ "\$(find "$T/spool" -name '*.pdf' | wc -l)" -eq "\$1" ]
SH
chmod +x "$T/bin"/*

# Its own copy of the replica: the durable print queue lives in the store.
sqlite3 "$DATA/kiosk.db" ".backup '$T/kiosk.db'"
sed -e "s|^path = \"kiosk.db\"|path = \"$T/kiosk.db\"|" -e "s|^card_reader = \"sim\"|card_reader = \"pcsc\"\ncard_ca = \"$T/ca/ca.pem\"|" \
    -e "s|^printer = \"sim\"|printer = \"ipp://127.0.0.1:$PORT/ipp/print\"\nspool_dir = \"$T/kiosk-spool\"|" \
    "$DATA/kiosk.toml" >"$T/kiosk.toml"
PATH="$T/bin:$PATH" "$HERE/run_ui_test.sh" "$KIOSK" "$T/kiosk.toml" "$SCRIPT" "$SHOTS" offscreen

# What reached the printer: two documents, real PDFs carrying the kiosk id, nothing printed twice.
n=$(find "$T/spool" -name '*.pdf' | wc -l)
[ "$n" -eq 2 ] || { echo "expected 2 documents at the printer, found $n"; ls -l "$T/spool"; exit 1; }
for f in "$T"/spool/*.pdf; do
  pdftotext "$f" - 2>/dev/null | grep -q "TEST-UI-01" || { echo "$f lacks the kiosk id"; exit 1; }
done
grep -q "^holder=$surname " "$SHOTS/state.txt" && { echo "the holder's name outlived the session"; exit 1; }
[ -z "$(ls -A "$T/kiosk-spool" 2>/dev/null)" ] || { echo "documents left in the kiosk's spool"; ls -l "$T/kiosk-spool"; exit 1; }
echo "ok: PC/SC card + IPP printer journey, $n documents printed"
