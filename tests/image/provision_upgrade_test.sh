#!/usr/bin/env bash
# Enrolment and update in a copy of the built root file system, through chroot:
#   - emek-kiosk-enrol refuses a certificate of another kiosk, a key that is not the
#     certificate's, a certificate from another CA, a bad URL: exit 1, nothing written;
#     then enrols: files, modes, owners, kiosk.toml with the kiosk id, registry.toml; the
#     enrolled configuration starts the kiosk
#   - the data directory gets a replica and a print job held by an offline printer
#   - emek-kiosk-update installs a rebuilt package (same tree, higher version): the replica,
#     the print job, the enrolment survive; the package is kept for a rollback; a downgrade,
#     a damaged file and another package are refused with nothing changed
#   - dpkg --purge removes the package and its configuration
# Usage: provision_upgrade_test.sh SOURCE_DIR BUILD_DIR REGISTRY FEED WORKDIR
set -euo pipefail
SRC=$1 BUILD=$2 REGISTRY=$3 FEED=$4 WORK=$5
fail() { echo "FAIL: $*"; exit 1; }
. "$(dirname "$0")/lib.sh"
copy_tree "$BUILD" "$WORK"
mkdir -p "$R/tmp/t"

# --- a test PKI: the registry CA, this kiosk's client certificate, and wrong ones -------------------
P="$WORK/pki"
"$REGISTRY" pki init --dir "$P" --name "Test registry CA" >/dev/null
"$REGISTRY" pki issue --dir "$P" --profile client --cn ASAN-BAKI-07 --out "$P/kiosk" >/dev/null
"$REGISTRY" pki issue --dir "$P" --profile client --cn ASAN-BAKI-08 --out "$P/other" >/dev/null
"$REGISTRY" pki init --dir "$WORK/pki2" --name "Another CA" >/dev/null
"$REGISTRY" pki issue --dir "$WORK/pki2" --profile client --cn ASAN-BAKI-07 --out "$WORK/pki2/kiosk" >/dev/null
cp "$P/ca.pem" "$R/tmp/t/ca.pem"
cp "$P/kiosk.pem" "$R/tmp/t/kiosk.pem"
cp "$P/kiosk.key" "$R/tmp/t/kiosk.key"
cp "$P/other.pem" "$R/tmp/t/other.pem"
cp "$P/other.key" "$R/tmp/t/other.key"
cp "$WORK/pki2/kiosk.pem" "$R/tmp/t/foreign.pem"
cp "$WORK/pki2/kiosk.key" "$R/tmp/t/foreign.key"
"$REGISTRY" pki init --dir "$WORK/idca" --name "Test ID-card CA" >/dev/null
cp "$WORK/idca/ca.pem" "$R/tmp/t/idca.pem"

snapshot() { (cd "$R/etc" && find emek-kiosk hostname -type f -exec sha256sum {} + | sort); }
before=$(snapshot)
refused() { # refused WHY ARGS...: enrol must exit 1 and change nothing
    local why=$1 rc=0
    shift
    in_root emek-kiosk-enrol "$@" >"$WORK/enrol.out" 2>&1 || rc=$?
    [ $rc = 1 ] || { cat "$WORK/enrol.out"; fail "enrol with $why: exit $rc, expected 1"; }
    [ "$(snapshot)" = "$before" ] || fail "enrol with $why changed /etc"
    ls -a "$R/etc/emek-kiosk" | grep -q '^\.enrol' && fail "enrol with $why left its staging directory"
    echo "refused ($why): $(cat "$WORK/enrol.out")"
}
common=(--registry-url https://registry.example.az:8443 --registry-ca /tmp/t/ca.pem)
refused "another kiosk's certificate" --kiosk-id ASAN-BAKI-07 "${common[@]}" \
    --client-cert /tmp/t/other.pem --client-key /tmp/t/other.key
refused "a key that is not the certificate's" --kiosk-id ASAN-BAKI-07 "${common[@]}" \
    --client-cert /tmp/t/kiosk.pem --client-key /tmp/t/other.key
refused "a certificate from another CA" --kiosk-id ASAN-BAKI-07 "${common[@]}" \
    --client-cert /tmp/t/foreign.pem --client-key /tmp/t/foreign.key
refused "a plain-http URL" --kiosk-id ASAN-BAKI-07 --registry-url 'http://registry' --registry-ca /tmp/t/ca.pem \
    --client-cert /tmp/t/kiosk.pem --client-key /tmp/t/kiosk.key
refused "a kiosk id with a quote" --kiosk-id 'ASAN"07' "${common[@]}" \
    --client-cert /tmp/t/kiosk.pem --client-key /tmp/t/kiosk.key
refused "a missing CA file" --kiosk-id ASAN-BAKI-07 --registry-url https://r.example --registry-ca /tmp/t/none.pem \
    --client-cert /tmp/t/kiosk.pem --client-key /tmp/t/kiosk.key

in_root emek-kiosk-enrol --kiosk-id ASAN-BAKI-07 "${common[@]}" --client-cert /tmp/t/kiosk.pem \
    --client-key /tmp/t/kiosk.key --id-card-ca /tmp/t/idca.pem --printer ipp://192.0.2.10/ipp/print \
    --language ru || fail "enrol"
E="$R/etc/emek-kiosk"
gid=$(awk -F: '$1 == "emek-kiosk" { print $3 }' "$R/etc/group")
[ "$(stat -c '%a %u %g' "$E/client.key")" = "640 0 $gid" ] || fail "client.key: $(stat -c '%a %u %g' "$E/client.key")"
[ "$(stat -c '%a %u %g' "$E")" = "750 0 $gid" ] || fail "/etc/emek-kiosk: $(stat -c '%a %u %g' "$E")"
cmp -s "$E/client.pem" "$P/kiosk.pem" && cmp -s "$E/registry-ca.pem" "$P/ca.pem" &&
    cmp -s "$E/id-card-ca.pem" "$WORK/idca/ca.pem" || fail "enrolled files differ"
grep -qx 'kiosk_id = "ASAN-BAKI-07"' "$E/kiosk.toml" || fail "kiosk_id not set"
grep -qx 'language = "ru"' "$E/kiosk.toml" || fail "language not set"
grep -q '^printer = "ipp://192.0.2.10/ipp/print"' "$E/kiosk.toml" || fail "printer not set"
grep -qx 'url = "https://registry.example.az:8443"' "$E/registry.toml" || fail "registry.toml"
[ "$(cat "$R/etc/hostname")" = asan-baki-07 ] || fail "hostname $(cat "$R/etc/hostname")"
[ -s "$R/etc/machine-id" ] || fail "no machine id"
echo "enrolled: $(grep '^kiosk_id' "$E/kiosk.toml")"

# The enrolled configuration parses and the kiosk starts on it (no store yet: out of service).
printf 'frames 3\nexpect kiosk_id=ASAN-BAKI-07\nquit\n' >"$R/tmp/t/script"
in_root env SDL_VIDEODRIVER=offscreen emek-kiosk run --config /etc/emek-kiosk/kiosk.toml --headless \
    --script /tmp/t/script --state-out /tmp/t/state >"$WORK/run.log" 2>&1 || { cat "$WORK/run.log"; fail "kiosk run on the enrolled configuration"; }

# --- data: a replica and a print job held by an offline printer ------------------------------------
D="$R/var/lib/emek-kiosk"
cp "$FEED" "$R/tmp/t/feed.ndjson"
in_root emek-kiosk import /tmp/t/feed.ndjson --db /var/lib/emek-kiosk/kiosk.db >/dev/null || fail "import"
# A notification of the sample feed and its employee (README "Documents": the print example).
number=B-2017-0000417
fin=5ZX8K2P
rc=0
in_root emek-kiosk print --db /var/lib/emek-kiosk/kiosk.db --notification "$number" --doc notification \
    --printer sim:offline --timeout 1 >"$WORK/print.log" 2>&1 || rc=$?
[ $rc = 3 ] || { cat "$WORK/print.log"; fail "print to an offline printer: exit $rc, expected 3 (held)"; }
uid=$(awk -F: '$1 == "emek-kiosk" { print $3 }' "$R/etc/passwd")
chown -R "$uid:$gid" "$D"
jobs_before=$(in_root emek-kiosk printer jobs --db /var/lib/emek-kiosk/kiosk.db --all --printer sim:offline)
grep -q held <<<"$jobs_before" || fail "no held job: $jobs_before"
query_before=$(in_root emek-kiosk query --db /var/lib/emek-kiosk/kiosk.db --fin "$fin" --json)
[ "$query_before" != "[]" ] || fail "the replica answers nothing for $fin"

# --- update to a rebuilt package -------------------------------------------------------------------
old=$(dpkg-query --admindir="$R/var/lib/dpkg" -W -f '${Version}' emek-kiosk)
new="$old+update1"
(cd "$BUILD" && cpack -G DEB -D CPACK_PACKAGE_VERSION="$new" -D CPACK_OUTPUT_FILE_PREFIX="$WORK/new" \
    >"$WORK/cpack.log" 2>&1) || { cat "$WORK/cpack.log"; fail "cpack $new"; }
cp "$WORK"/new/emek-kiosk_*.deb "$R/tmp/t/new.deb"
cp "$R/var/cache/emek-kiosk/installed.deb" "$R/tmp/t/old.deb"
echo "not a package" >"$R/tmp/t/bad.deb"

t0=$(date +%s%N)
in_root emek-kiosk-update /tmp/t/new.deb >"$WORK/update.log" 2>&1 || { cat "$WORK/update.log"; fail "update"; }
t1=$(date +%s%N)
cat "$WORK/update.log"
[ "$(dpkg-query --admindir="$R/var/lib/dpkg" -W -f '${Version}' emek-kiosk)" = "$new" ] || fail "version after update"
[ "$(in_root emek-kiosk printer jobs --db /var/lib/emek-kiosk/kiosk.db --all --printer sim:offline)" = "$jobs_before" ] ||
    fail "the print queue changed in the update"
[ "$(in_root emek-kiosk query --db /var/lib/emek-kiosk/kiosk.db --fin "$fin" --json)" = "$query_before" ] ||
    fail "the replica changed in the update"
grep -qx 'kiosk_id = "ASAN-BAKI-07"' "$E/kiosk.toml" && [ -f "$E/client.key" ] || fail "the enrolment was lost"
cmp -s "$R/var/cache/emek-kiosk/installed.deb" "$R/tmp/t/new.deb" || fail "the new package is not kept"
cmp -s "$R/var/cache/emek-kiosk/previous.deb" "$R/tmp/t/old.deb" || fail "the previous package is not kept"
[ -f "$D/backup/kiosk.db" ] || fail "no copy of the store"
[ "$(stat -c %u "$D/kiosk.db")" = "$uid" ] || fail "the store changed owner"
echo "updated $old -> $new in $(((t1 - t0) / 1000000)) ms; print queue and replica intact"

# --- refused updates change nothing ----------------------------------------------------------------
for bad in old.deb bad.deb; do
    rc=0
    in_root emek-kiosk-update "/tmp/t/$bad" >"$WORK/refused.log" 2>&1 || rc=$?
    [ $rc = 1 ] || { cat "$WORK/refused.log"; fail "update with $bad: exit $rc, expected 1"; }
    [ "$(dpkg-query --admindir="$R/var/lib/dpkg" -W -f '${Version}' emek-kiosk)" = "$new" ] ||
        fail "update with $bad changed the version"
    echo "refused ($bad): $(cat "$WORK/refused.log")"
done
mkdir -p "$WORK/otherpkg/DEBIAN"
printf 'Package: not-the-kiosk\nVersion: 9\nArchitecture: all\nMaintainer: t <t@t>\nDescription: t\n' \
    >"$WORK/otherpkg/DEBIAN/control"
dpkg-deb --build "$WORK/otherpkg" "$R/tmp/t/other.deb" >/dev/null
rc=0
in_root emek-kiosk-update /tmp/t/other.deb >"$WORK/refused.log" 2>&1 || rc=$?
[ $rc = 1 ] && grep -q "not-the-kiosk" "$WORK/refused.log" || { cat "$WORK/refused.log"; fail "another package was not refused"; }

# --- purge -----------------------------------------------------------------------------------------
in_root dpkg --purge emek-kiosk >"$WORK/purge.log" 2>&1 || { cat "$WORK/purge.log"; fail "purge"; }
[ -e "$R/usr/bin/emek-kiosk" ] && fail "binary left after purge"
[ -e "$R/etc/emek-kiosk" ] && fail "/etc/emek-kiosk left after purge"
[ -e "$R/lib/systemd/system/emek-kiosk.service" ] && fail "unit left after purge"
rm -rf --one-file-system "$WORK"
echo ok
