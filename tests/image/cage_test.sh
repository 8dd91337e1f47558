#!/usr/bin/env bash
# The kiosk as its systemd units start it: the ExecStart= and Environment= of
# emek-kiosk.service and emek-kiosk-out-of-service.service, run by the real cage compositor
# with wlroots' headless backend (no GPU, no input devices), as an unprivileged user (cage
# refuses root), with a real notification socket. Checks:
#   - READY=1 and WATCHDOG=1 from the kiosk, cage's child, with WATCHDOG_PID = cage's pid
#     (what systemd sets for the unit's main process; the unit has NotifyAccess=all)
#   - the kiosk draws fullscreen through SDL's X11 path on cage's Xwayland (a screenshot,
#     not blank), on the welcome screen; the fallback unit's command on the out-of-service one
# Usage: cage_test.sh KIOSK UNIT_DIR FEED WORKDIR
set -euo pipefail
KIOSK=$1 UNITS=$2 FEED=$3 WORK=$4
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
command -v cage >/dev/null || { echo "cage is not installed (make deps)"; exit 1; }
rm -rf "$WORK"
mkdir -p "$WORK/run"
cd "$WORK"
fail() { echo "FAIL: $*"; for f in "$WORK"/*.log; do echo "--- $f"; tail -n 30 "$f"; done; exit 1; }
"$KIOSK" import "$FEED" --db kiosk.db >/dev/null
sim_config kiosk.toml CAGE-TEST fullscreen
# cage refuses to run as root: as root, the test runs it as nobody.
as_user=()
if [ "$(id -u)" = 0 ]; then
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    chown -R 65534:65534 "$WORK"
    chmod 0755 "$WORK"
fi
chmod 0700 "$WORK/run"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

run_unit() { # run_unit UNIT NAME: the unit's command under cage, with a script that screenshots and quits
    local unit=$UNITS/$1 name=$2 env=() exec_line
    # The unit's environment; its runtime directory (RuntimeDirectory=, made by systemd) is ours here.
    while IFS= read -r line; do
        line=${line#Environment=}
        case "$line" in XDG_RUNTIME_DIR=*) line="XDG_RUNTIME_DIR=$WORK/run" ;; esac
        env+=("$line")
    done < <(grep '^Environment=' "$unit")
    exec_line=$(sed -n 's/^ExecStart=//p' "$unit")
    exec_line=${exec_line//\/usr\/bin\/emek-kiosk/$KIOSK}
    exec_line=${exec_line//\/etc\/emek-kiosk\/kiosk.toml/$WORK/kiosk.toml}
    printf 'frames 5\nshot %s\nexpect_colors 3\nsleep 1500\nquit\n' "$name" >"$name.script"
    : >"$name-notify.log"
    "$here/notify_listener.py" "$WORK/$name.sock" "$WORK/$name-notify.log" &
    pids+=($!)
    for _ in $(seq 100); do grep -q listening "$name-notify.log" && break; sleep 0.05; done
    chmod 0777 "$WORK/$name.sock"
    [ "$(id -u)" = 0 ] && chown -R 65534:65534 "$WORK"
    # shellcheck disable=SC2086
    timeout 60 "${as_user[@]}" env -i PATH=/usr/bin:/bin HOME="$WORK" \
        WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman \
        NOTIFY_SOCKET="$WORK/$name.sock" WATCHDOG_USEC=400000 "${env[@]}" \
        sh -c 'export WATCHDOG_PID=$$; exec "$@"' sh $exec_line \
        --script "$WORK/$name.script" --shots "$WORK/shots" --state-out "$WORK/$name.state" >"$name.log" 2>&1 ||
        fail "$1 under cage: exit $?"
    grep -q ' READY=1$' "$name-notify.log" || fail "$1: no READY=1 from the kiosk under cage"
    n=$(grep -c ' WATCHDOG=1$' "$name-notify.log" || true)
    [ "$n" -ge 3 ] || fail "$1: $n WATCHDOG=1 in 1.5 s (WATCHDOG_USEC=400000, from cage's child)"
    [ -s "shots/$name.png" ] || fail "$1: no screenshot"
    echo "$1: READY=1, $n pings, $(python3 -c "import struct,sys; d=open(sys.argv[1],'rb').read(); print('%dx%d' % struct.unpack('>II', d[16:24]))" "shots/$name.png") screenshot"
}

run_unit emek-kiosk.service kiosk
grep -qx 'screen=welcome' kiosk.state || fail "emek-kiosk.service: not on the welcome screen: $(head -n 3 kiosk.state)"
run_unit emek-kiosk-out-of-service.service fallback
grep -qx 'screen=out_of_service' fallback.state || fail "the fallback is not on the out-of-service screen"
cmp -s shots/kiosk.png shots/fallback.png && fail "the fallback looks like the kiosk"
echo ok
