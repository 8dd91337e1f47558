#!/usr/bin/env bash
# The Debian package: made by cpack from this build, installed with dpkg into an empty root
# directory (dpkg --root, maintainer scripts run chrootless with DPKG_ROOT), then removed and
# purged. Checks the contents, the user, the data directory, the configuration, the enabled
# unit, `systemd-analyze verify` of the units, and that nothing is left behind.
# Usage: package_test.sh BUILD_DIR WORKDIR
set -euo pipefail
BUILD=$1 WORK=$2
rm -rf "$WORK"
mkdir -p "$WORK"
fail() { echo "FAIL: $*"; exit 1; }

(cd "$BUILD" && cpack -G DEB -D CPACK_OUTPUT_FILE_PREFIX="$WORK/out" >"$WORK/cpack.log" 2>&1) ||
    { cat "$WORK/cpack.log"; fail "cpack"; }
deb=$(ls "$WORK"/out/emek-kiosk_*.deb)
echo "package: $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"

# --- the package's control data and contents -------------------------------------------------------
dpkg-deb --info "$deb" >"$WORK/info"
depends=$(dpkg-deb --field "$deb" Depends)
for d in cage xwayland seatd pcscd fonts-noto-core libsdl2 libsqlite3 libcups2 libpcsclite1 libsystemd0; do
    grep -q "$d" <<<"$depends" || fail "Depends lacks $d: $depends"
done
dpkg-deb --contents "$deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$WORK/contents"
for f in /usr/bin/emek-kiosk /usr/sbin/emek-kiosk-enrol /usr/sbin/emek-kiosk-update \
    /lib/systemd/system/emek-kiosk.service /lib/systemd/system/emek-kiosk-out-of-service.service \
    /lib/systemd/system/emek-kiosk-retry.timer /usr/lib/sysusers.d/emek-kiosk.conf \
    /usr/lib/tmpfiles.d/emek-kiosk.conf /usr/share/emek-kiosk/kiosk.toml \
    /usr/share/doc/emek-kiosk/README.md /usr/lib/emek-kiosk/stop-client; do
    grep -qx "$f" "$WORK/contents" || fail "$f is not in the package"
done
# Nothing from the data directory or a build tree, nothing setuid.
grep -q '^/var/lib' "$WORK/contents" && fail "the package ships files under /var/lib"
dpkg-deb --contents "$deb" | awk '$1 ~ /[sS]/ { print }' | grep . && fail "setuid/setgid files in the package"
# No conffile: /etc/emek-kiosk/kiosk.toml is the postinst's (an unattended upgrade never asks).
dpkg-deb --ctrl-tarfile "$deb" | tar -t | grep -qx './conffiles' && fail "conffiles in the package"

# --- the units -------------------------------------------------------------------------------------
mkdir -p "$WORK/units"
dpkg-deb -x "$deb" "$WORK/units/root"
cp "$WORK"/units/root/lib/systemd/system/* "$WORK/units/"
# seatd.service comes with the seatd package (a dependency), maybe not installed here.
[ -f /lib/systemd/system/seatd.service ] ||
    printf '[Unit]\nDescription=stand-in\n[Service]\nExecStart=/bin/true\n' >"$WORK/units/seatd.service"
# The units' own directory first (they refer to each other), then the system's. ExecStop's
# helper is the package's own: checked in the package, not on this machine.
[ -x "$WORK/units/root/usr/lib/emek-kiosk/stop-client" ] || fail "stop-client is not executable in the package"
out=$(cd "$WORK/units" && SYSTEMD_UNIT_PATH="$WORK/units:" SYSTEMD_LOG_LEVEL=warning \
    systemd-analyze verify emek-kiosk.service emek-kiosk-out-of-service.service emek-kiosk-retry.timer 2>&1 |
    grep -v 'Command /usr/lib/emek-kiosk/stop-client is not executable' || true)
# Unknown keys and bad values are only warnings (exit 0): any output fails the test.
[ -z "$out" ] || fail "systemd-analyze verify: $out"
echo "systemd-analyze verify: clean"
# The crash-loop chain, as written: kiosk fails -> out-of-service; out-of-service -> retry timer
# -> kiosk; both take tty1 and exclude each other.
u=$WORK/units
grep -qx 'OnFailure=emek-kiosk-out-of-service.service' "$u/emek-kiosk.service" || fail "no OnFailure"
grep -qx 'Restart=always' "$u/emek-kiosk.service" || fail "kiosk not Restart=always"
grep -q '^WatchdogSec=' "$u/emek-kiosk.service" || fail "no watchdog"
grep -qx 'NotifyAccess=all' "$u/emek-kiosk.service" || fail "NotifyAccess"
grep -q '^Conflicts=.*emek-kiosk-out-of-service.service' "$u/emek-kiosk.service" || fail "no Conflicts"
grep -q '^Conflicts=.*emek-kiosk.service' "$u/emek-kiosk-out-of-service.service" || fail "no Conflicts back"
grep -q -- '--out-of-service$' "$u/emek-kiosk-out-of-service.service" || fail "fallback mode"
grep -qx 'Wants=emek-kiosk-retry.timer' "$u/emek-kiosk-out-of-service.service" || fail "no retry timer"
grep -qx 'Unit=emek-kiosk.service' "$u/emek-kiosk-retry.timer" || fail "timer unit"
# Exposure score (lower is better), informative.
score=$(SYSTEMD_UNIT_PATH="$WORK/units:" systemd-analyze security --offline=yes "$u/emek-kiosk.service" 2>/dev/null |
    sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p' || true)
echo "systemd-analyze security: exposure ${score:-?} (emek-kiosk.service)"

# --- install into an empty root ------------------------------------------------------------------
R=$WORK/root
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates" "$R/etc" "$R/usr/share/emek-kiosk"
: >"$R/var/lib/dpkg/status"
: >"$R/var/lib/dpkg/available"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$R/etc/passwd"
printf 'root:x:0:\n' >"$R/etc/group"
printf 'root:*:19000:0:99999:7:::\n' >"$R/etc/shadow"
printf 'root:*::\n' >"$R/etc/gshadow"
find "$R" | sort >"$WORK/before"
dpkgr() { dpkg --root="$R" --force-script-chrootless --force-depends --log=/dev/null "$@"; }
dpkgr -i "$deb" >"$WORK/install.log" 2>&1 || { cat "$WORK/install.log"; fail "dpkg -i"; }
[ "$(dpkg-query --admindir="$R/var/lib/dpkg" -W -f '${Status}' emek-kiosk)" = "install ok installed" ] ||
    fail "not installed"
grep -q '^emek-kiosk:x:[0-9]*:[0-9]*:.*:/var/lib/emek-kiosk:/usr/sbin/nologin$' "$R/etc/passwd" ||
    fail "no user emek-kiosk: $(cat "$R/etc/passwd")"
uid=$(awk -F: '$1 == "emek-kiosk" { print $3 }' "$R/etc/passwd")
[ "$uid" -gt 0 ] && [ "$uid" -lt 1000 ] || fail "emek-kiosk uid $uid is not a system uid"
[ "$(stat -c '%u %a' "$R/var/lib/emek-kiosk")" = "$uid 750" ] || fail "data directory: $(stat -c '%u %a' "$R/var/lib/emek-kiosk")"
gid=$(awk -F: '$1 == "emek-kiosk" { print $3 }' "$R/etc/group")
[ "$(stat -c '%u %g %a' "$R/etc/emek-kiosk")" = "0 $gid 750" ] || fail "/etc/emek-kiosk: $(stat -c '%u %g %a' "$R/etc/emek-kiosk")"
cmp -s "$R/etc/emek-kiosk/kiosk.toml" "$R/usr/share/emek-kiosk/kiosk.toml" || fail "default configuration"
[ -L "$R/etc/systemd/system/graphical.target.wants/emek-kiosk.service" ] || fail "emek-kiosk.service not enabled"
[ -L "$R/etc/systemd/system/kiosk.service" ] || fail "no kiosk.service alias"
usage=$("$R/usr/bin/emek-kiosk" 2>&1 || true)
grep -q 'kiosk run --config FILE' <<<"$usage" || fail "the installed program does not run: $usage"

# An administrator's edit survives a reinstall of the same package; an upgrade does not
# enable a unit that was disabled.
echo '# edited' >>"$R/etc/emek-kiosk/kiosk.toml"
rm "$R/etc/systemd/system/graphical.target.wants/emek-kiosk.service"
dpkgr -i "$deb" >>"$WORK/install.log" 2>&1 || fail "reinstall"
tail -n 1 "$R/etc/emek-kiosk/kiosk.toml" | grep -qx '# edited' || fail "the configuration was overwritten"
[ -e "$R/etc/systemd/system/graphical.target.wants/emek-kiosk.service" ] && fail "a disabled unit came back"

# --- remove, purge: nothing left but the system user (Debian policy) ------------------------------
echo data >"$R/var/lib/emek-kiosk/kiosk.db"
dpkgr -r emek-kiosk >"$WORK/remove.log" 2>&1 || { cat "$WORK/remove.log"; fail "dpkg -r"; }
[ -e "$R/usr/bin/emek-kiosk" ] && fail "binary left after remove"
[ -f "$R/var/lib/emek-kiosk/kiosk.db" ] || fail "remove deleted the data"
[ -f "$R/etc/emek-kiosk/kiosk.toml" ] || fail "remove deleted the configuration"
dpkgr -P emek-kiosk >"$WORK/purge.log" 2>&1 || { cat "$WORK/purge.log"; fail "dpkg -P"; }
find "$R" | sort >"$WORK/after"
left=$(comm -13 "$WORK/before" "$WORK/after" | grep -v -e '/var/lib/dpkg/' -e '/etc/passwd-$' -e '/etc/group-$' \
    -e '/etc/shadow-$' -e '/etc/gshadow-$' -e '/etc/.pwd.lock$' || true)
[ -z "$left" ] || fail "left after purge: $left"
grep -q '^emek-kiosk:' "$R/etc/passwd" || fail "purge removed the system user (it must stay)"
echo ok
