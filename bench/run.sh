#!/usr/bin/env bash
# make bench: prints the figures of PRODUCT §9 that exist so far.
#   import rate of 1 M generated notifications vs a bare SQLite insert (same run)
#   a person's query latency p50/p99 on a 1 M and a 10 M replica
#   ms per notification PDF and print requested -> job accepted by an IPP printer
#   card inserted -> identity read and certificate verified, median/p99 (card_bench)
# Generated data and replicas are kept in $BENCH_DATA (default bench-data/) and
# rebuilt when the generator's output changes. BENCH_10M=0 skips the 10 M replica
# (it needs ~25 GB of disk and several minutes the first time).
set -euo pipefail
BUILD=${1:-build}
DATA=${BENCH_DATA:-bench-data}
SEED=42
REGISTRY="$BUILD/registry/registry"
KIOSK="$BUILD/kiosk/kiosk"
mkdir -p "$DATA"

# Fingerprint of the generator: its output for a small data set.
fingerprint=$("$REGISTRY" generate --notifications 2000 --seed $SEED --out - 2>/dev/null | sha256sum | cut -c1-16)
if [ "$(cat "$DATA/fingerprint" 2>/dev/null)" != "$fingerprint" ]; then
    rm -rf "${DATA:?}"/*
    echo "$fingerprint" > "$DATA/fingerprint"
fi

generate() { # N FILE
    if [ ! -s "$2" ]; then
        echo "generating $1 notifications ..."
        /usr/bin/time -f "  generated in %e s, peak RSS %M KiB" "$REGISTRY" generate --notifications "$1" --seed $SEED --out "$2"
    fi
}

echo "== import: 1 M notifications =="
generate 1000000 "$DATA/gen-1m.ndjson"
ls -l "$DATA/gen-1m.ndjson" | awk '{printf "  file: %.0f MB\n", $5/1e6}'
"$BUILD/bench/import_bench" "$DATA/gen-1m.ndjson" "$DATA/1m"

echo "== print: notification PDFs and IPP acceptance =="
generate 2000 "$DATA/gen-2k.ndjson"
rm -f "$DATA"/print.db*
"$KIOSK" import "$DATA/gen-2k.ndjson" --db "$DATA/print.db" > /dev/null
"$BUILD/bench/print_bench" "$DATA/print.db" 300

echo "== query: 1 M replica =="
"$BUILD/bench/query_bench" "$DATA/1m/import.db"

if [ "${BENCH_10M:-1}" != 0 ]; then
    echo "== query: 10 M replica =="
    if [ ! -s "$DATA/10m.db" ] || [ ! -f "$DATA/10m.done" ]; then
        rm -f "$DATA"/10m.db*
        generate 10000000 "$DATA/gen-10m.ndjson"
        echo "importing 10 M ..."
        /usr/bin/time -f "  imported in %e s" "$KIOSK" import "$DATA/gen-10m.ndjson" --db "$DATA/10m.db" --lang en
        rm -f "$DATA/gen-10m.ndjson"
        touch "$DATA/10m.done"
    fi
    "$BUILD/bench/query_bench" "$DATA/10m.db"
fi

echo "== the kiosk program (kiosk run): start, list frame, idle CPU, memory =="
# A copy of the 1 M replica at the current schema (the kiosk opens its replica read-only,
# so it cannot upgrade it itself), and a small generated replica for the 500-row list.
if [ ! -s "$DATA/ui-1m.db" ]; then
    sqlite3 -readonly "$DATA/1m/import.db" "VACUUM INTO '$DATA/ui-1m.db'"
fi
"$KIOSK" import - --db "$DATA/ui-1m.db" < /dev/null > /dev/null # migrates to the latest schema
if [ ! -s "$DATA/ui-5k.db" ]; then
    "$REGISTRY" generate --notifications 5000 --seed $SEED --out "$DATA/ui-5k.ndjson" 2>/dev/null
    "$KIOSK" import "$DATA/ui-5k.ndjson" --db "$DATA/ui-5k.db" > /dev/null
fi
"$BUILD/bench/ui_bench" "$KIOSK" "$DATA/ui-5k.db" "$DATA/ui" "$DATA/ui-1m.db"

# SDL's offscreen driver polls for events every millisecond; a real display (X11) lets the
# loop sleep. Idle CPU and memory through Xvfb, where available:
if command -v xvfb-run > /dev/null; then
    cat > "$DATA/ui/idle-x11.sh" <<'SH'
"$1" run --config "$2" 2>/dev/null &
pid=$!
sleep 3
a=$(awk '{print $14+$15}' /proc/$pid/stat)
sleep 10
b=$(awk '{print $14+$15}' /proc/$pid/stat)
pss=$(awk '/^Pss:/ {print $2}' /proc/$pid/smaps_rollup)
kill -TERM $pid; wait $pid || true
echo "idle on X11 (Xvfb), welcome screen, 10 s: $((b - a)) CPU ticks ($(getconf CLK_TCK)/s), PSS $((pss / 1024)) MiB"
SH
    xvfb-run -a -s "-screen 0 1920x1080x24" bash "$DATA/ui/idle-x11.sh" "$KIOSK" "$DATA/ui/big.toml"
fi
echo "== card: inserted -> identity read, certificate verified (simulator; pcscd + vpcd if free) =="
"$BUILD/bench/card_bench" 1000 30

echo "== registry: load --sign, feed throughput (1 client, 50 long-polling clients), wake-up, signing =="
# The 1 M data set loaded once into $DATA/registry (with real signatures; ~3 GB, minutes the first time).
"$BUILD/bench/registry_bench" "$REGISTRY" "$DATA/gen-1m.ndjson" "$DATA/registry" 50

echo "== sync: initial replication of 1 M notifications from the registry over HTTPS, change -> kiosk latency =="
# The registry loaded with the 1 M generated notifications, as generated and signed (CMS):
# kept in $DATA/sync (the signed load takes minutes the first time).
SYNC="$DATA/sync"
mkdir -p "$SYNC"
[ -s "$SYNC/pki/ca.pem" ] || "$REGISTRY" pki init --dir "$SYNC/pki" > /dev/null
if [ ! -s "$SYNC/unsigned.db" ] || [ ! -f "$SYNC/unsigned.done" ]; then
    rm -f "$SYNC"/unsigned.db*
    "$REGISTRY" load "$DATA/gen-1m.ndjson" --db "$SYNC/unsigned.db" && touch "$SYNC/unsigned.done"
fi
if [ ! -s "$SYNC/signed.db" ] || [ ! -f "$SYNC/signed.done" ]; then
    rm -f "$SYNC"/signed.db*
    "$REGISTRY" load "$DATA/gen-1m.ndjson" --db "$SYNC/signed.db" --sign --pki "$SYNC/pki" && touch "$SYNC/signed.done"
fi
"$BUILD/bench/sync_bench" "$REGISTRY" "$KIOSK" "$SYNC"
