#!/usr/bin/env bash
# Staff mode end to end (issue 8): the UI script on its own copy of the replica, then the audit
# trail those touches left in the outbox: each look-up with its reason and note, the print,
# the queue actions, sessions; people only as FIN hashes; `kiosk audit verify` passes, and
# detects an edited, a removed and a reordered event.
#   staff_test.sh KIOSK DATA SCRIPT SHOTS
set -euo pipefail
KIOSK=$1 DATA=$2 SCRIPT=$3 SHOTS=$4
HERE=$(dirname "$0")
T="$DATA/staff"
rm -rf "$T"
mkdir -p "$T"
sqlite3 "$DATA/kiosk.db" ".backup '$T/kiosk.db'"
sed -e "s|^path = .*|path = \"$T/kiosk.db\"|" "$DATA/kiosk.toml" > "$T/kiosk.toml"
# A citizen of the replica, and the script's keys for the FIN.
fin=$(sqlite3 "$T/kiosk.db" "SELECT employee_fin FROM notification WHERE status <> 'entered'
      GROUP BY employee_fin ORDER BY count(*) DESC, employee_fin LIMIT 1")
keys=$(echo "$fin" | sed -e 's/./touch kb.&\\n/g')
sed -e "s|@FIN@|$fin|g" -e "s|@FIN_KEYS@|$keys|" "$SCRIPT" > "$T/script.txt"
before=$(sqlite3 "$T/kiosk.db" "SELECT count(*) FROM outbox_event")
"$HERE/run_ui_test.sh" "$KIOSK" "$T/kiosk.toml" "$T/script.txt" "$SHOTS" offscreen

fails=0
check() { # NAME EXPECTED ACTUAL
    if [ "$2" == "$3" ]; then echo "ok   $1"; else echo "FAIL $1: expected [$2], got [$3]"; fails=$((fails + 1)); fi
}
q() { sqlite3 "$T/kiosk.db" "$1"; }
hash=$(python3 -c 'import hashlib,sys; print(hashlib.sha256(("emek-fin/v1\n"+sys.argv[1]).encode()).hexdigest())' "$fin")
new="ordinal > $before"
check "one look-up" 1 "$(q "SELECT count(*) FROM outbox_event WHERE $new AND type = 'staff.lookup'")"
check "the look-up's reason" representative "$(q "SELECT json_extract(data, '$.reason') FROM outbox_event WHERE $new AND type = 'staff.lookup'")"
check "the look-up's note" "Məsə 3 стол" "$(q "SELECT json_extract(data, '$.note') FROM outbox_event WHERE $new AND type = 'staff.lookup'")"
check "the citizen as a FIN hash" "$hash" "$(q "SELECT json_extract(data, '$.subject') FROM outbox_event WHERE $new AND type = 'staff.lookup'")"
check "the print, for the citizen" "$hash" "$(q "SELECT json_extract(data, '$.subject') FROM outbox_event WHERE $new AND type = 'print.submitted'")"
check "queue actions: resume, reprint, reprint, cancel" "resume,reprint,reprint,cancel" \
    "$(q "SELECT group_concat(json_extract(data, '$.action')) FROM (SELECT data FROM outbox_event WHERE $new AND type = 'print.queue_action' ORDER BY ordinal)")"
check "a staff session, started and ended" "staff staff" \
    "$(q "SELECT group_concat(json_extract(data, '$.mode'), ' ') FROM (SELECT data FROM outbox_event WHERE $new AND type IN ('session.started', 'session.ended') ORDER BY ordinal)")"
check "no FIN in the outbox" 0 "$(q "SELECT count(*) FROM outbox_event WHERE data LIKE '%$fin%'")"
check "the chain verifies" 0 "$("$KIOSK" audit verify --db "$T/kiosk.db" > /dev/null; echo $?)"

# Tampering, each on a copy: the outbox's triggers dropped, as someone with the file would.
tamper() { # NAME SQL EXPECTED_REASON
    cp "$T/kiosk.db" "$T/tampered.db"
    rm -f "$T/tampered.db-wal" "$T/tampered.db-shm"
    sqlite3 "$T/tampered.db" "DROP TRIGGER outbox_event_immutable; DROP TRIGGER outbox_event_keep; $2"
    set +e
    out=$("$KIOSK" audit verify --db "$T/tampered.db" --json)
    rc=$?
    set -e
    check "$1: exit 3" 3 "$rc"
    check "$1: reason" "$3" "$(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["reason"])')"
}
sqlite3 "$T/kiosk.db" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
look=$(q "SELECT ordinal FROM outbox_event WHERE $new AND type = 'staff.lookup'")
tamper "an edited reason" "UPDATE outbox_event SET data = replace(data, 'representative', 'citizen_at_desk') WHERE ordinal = $look" hash_mismatch
tamper "a removed look-up" "DELETE FROM outbox_event WHERE ordinal = $look" gap
tamper "a reordered look-up" "UPDATE outbox_event SET ordinal = -1 WHERE ordinal = $look;
    UPDATE outbox_event SET ordinal = $look WHERE ordinal = $look + 1;
    UPDATE outbox_event SET ordinal = $look + 1 WHERE ordinal = -1" prev_hash_mismatch
[ "$fails" -eq 0 ] || exit 1
echo "ok: staff mode, its audit trail and tampering"
