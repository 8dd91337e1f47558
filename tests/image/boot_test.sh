#!/usr/bin/env bash
# Boots a copy of the built root file system with systemd-nspawn (real systemd as PID 1 of
# the container, its own network namespace with loopback only) and lets boot_probe.sh check
# the units live: the kiosk READY under cage as emek-kiosk in its sandbox, pcscd reached, the
# data directory written, a hung kiosk restarted by the watchdog, a crash loop ending on the
# out-of-service screen, the retry timer bringing the kiosk back, nothing listening beyond
# loopback, emek-kiosk-update on the running kiosk (and its rollback), a clean stop, the
# journal on /data.
#
# What a container cannot have is replaced by test drop-ins, listed here: no tty1 (the units'
# TTYPath= is dropped), no display or input device (cage's headless backend, through
# /etc/emek-kiosk/environment), no seat (seatd stands in as a no-op; the headless backend
# needs none), shorter watchdog, restart, start-limit and retry intervals (the retry comes
# after the start-limit window, as 15 minutes do after 2). The kiosk is enrolled with a test PKI.
# Usage: boot_test.sh BUILD_DIR REGISTRY WORKDIR
set -euo pipefail
BUILD=$1 REGISTRY=$2 WORK=$3
here=$(cd "$(dirname "$0")" && pwd)
command -v systemd-nspawn >/dev/null || { echo "systemd-nspawn is missing (make deps: systemd-container)"; exit 1; }
fail() { echo "FAIL: $*"; exit 1; }
. "$here/lib.sh"
copy_tree "$BUILD" "$WORK"
mkdir -p "$WORK/data"

# Enrolment, as on a kiosk (inside the tree, through chroot).
P="$WORK/pki"
"$REGISTRY" pki init --dir "$P" --name "Test registry CA" >/dev/null
"$REGISTRY" pki issue --dir "$P" --profile client --cn ASAN-BOOT-01 --out "$P/kiosk" >/dev/null
"$REGISTRY" pki init --dir "$WORK/idca" --name "Test ID-card CA" >/dev/null
mkdir -p "$R/tmp/t"
cp "$P/ca.pem" "$P/kiosk.pem" "$P/kiosk.key" "$R/tmp/t/"
cp "$WORK/idca/ca.pem" "$R/tmp/t/idca.pem"
in_root emek-kiosk-enrol --kiosk-id ASAN-BOOT-01 --registry-url https://registry.invalid \
    --registry-ca /tmp/t/ca.pem --client-cert /tmp/t/kiosk.pem --client-key /tmp/t/kiosk.key \
    --id-card-ca /tmp/t/idca.pem --printer ipp://127.0.0.1:9/ipp/print >/dev/null
rm -rf "$R/tmp/t"

# Two updates for the probe: the same kiosk with a higher version, and a higher version still
# whose kiosk cannot start (its program exits at once): emek-kiosk-update must roll that back.
old=$(dpkg-query --admindir="$R/var/lib/dpkg" -W -f '${Version}' emek-kiosk)
mkdir -p "$R/opt/update" "$WORK/pkg"
(cd "$BUILD" && cpack -G DEB -D CPACK_PACKAGE_VERSION="$old+boot1" -D CPACK_OUTPUT_FILE_PREFIX="$WORK/pkg" \
    >"$WORK/cpack.log" 2>&1) || { cat "$WORK/cpack.log"; fail "cpack"; }
cp "$WORK"/pkg/emek-kiosk_*.deb "$R/opt/update/new.deb"
dpkg-deb -R "$R/opt/update/new.deb" "$WORK/pkg/broken"
sed -i "s/^Version: .*/Version: $old+boot2/" "$WORK/pkg/broken/DEBIAN/control"
printf '#!/bin/sh\necho "a kiosk that cannot start" >&2\nexit 1\n' >"$WORK/pkg/broken/usr/bin/emek-kiosk"
dpkg-deb -b "$WORK/pkg/broken" "$R/opt/update/broken.deb" >/dev/null

# The container's stand-ins (see above).
printf 'WLR_BACKENDS=headless\nWLR_LIBINPUT_NO_DEVICES=1\nWLR_RENDERER=pixman\n' >"$R/etc/emek-kiosk/environment"
for u in emek-kiosk.service emek-kiosk-out-of-service.service; do
    mkdir -p "$R/etc/systemd/system/$u.d"
    printf '[Service]\nTTYPath=\nStandardInput=null\nTTYReset=no\nTTYVHangup=no\nTTYVTDisallocate=no\nWatchdogSec=5\n' \
        >"$R/etc/systemd/system/$u.d/test.conf"
done
printf '[Service]\nRestartSec=1\n[Unit]\nStartLimitIntervalSec=10\n' >>"$R/etc/systemd/system/emek-kiosk.service.d/test.conf"
mkdir -p "$R/etc/systemd/system/emek-kiosk-retry.timer.d"
printf '[Timer]\nOnActiveSec=\nOnActiveSec=15s\nAccuracySec=1s\n' >"$R/etc/systemd/system/emek-kiosk-retry.timer.d/test.conf"
printf '[Unit]\nDescription=seatd stand-in (no seat in a container)\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n' \
    >"$R/etc/systemd/system/seatd.service"
install -m 0755 "$here/boot_probe.sh" "$R/usr/local/sbin/emek-boot-probe"
printf '[Unit]\nDescription=emek-kiosk boot test probe\nAfter=basic.target\n[Service]\nType=oneshot\nExecStart=/usr/local/sbin/emek-boot-probe\nTimeoutStartSec=600\n[Install]\nWantedBy=multi-user.target\n' \
    >"$R/etc/systemd/system/emek-boot-probe.service"
mkdir -p "$R/etc/systemd/system/multi-user.target.wants"
ln -sf ../emek-boot-probe.service "$R/etc/systemd/system/multi-user.target.wants/emek-boot-probe.service"

t0=$(date +%s)
rc=0
timeout 600 systemd-nspawn --quiet --register=no --keep-unit --private-network --machine=emek-boot-test \
    -D "$R" --bind="$WORK/data:/data" -b --console=pipe >"$WORK/nspawn.log" 2>&1 </dev/null || rc=$?
echo "boot_test: container ran $(($(date +%s) - t0)) s (systemd-nspawn exit $rc)"
[ -f "$WORK/data/boot-probe.out" ] || { tail -n 40 "$WORK/nspawn.log"; fail "the probe wrote nothing"; }
cat "$WORK/data/boot-probe.out"
grep -q '^done$' "$WORK/data/boot-probe.out" || fail "the probe did not finish"
if grep -q '^FAIL' "$WORK/data/boot-probe.out"; then
    grep -E 'emek-kiosk|cage|seatd|pcscd|Watchdog' "$WORK/data/boot-journal.txt" | tail -n 60
    fail "checks failed in the booted image (journal: $WORK/data/boot-journal.txt)"
fi
rm -rf --one-file-system "$WORK"
echo ok
