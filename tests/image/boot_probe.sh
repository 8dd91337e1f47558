#!/bin/sh
# Runs inside the booted image (boot_test.sh puts it in as emek-boot-probe.service): drives the
# kiosk's units through systemd and writes one "ok ..." or "FAIL ..." line per check to
# /data/boot-probe.out, then powers the container off.
out=/data/boot-probe.out
: >"$out"
ok() { echo "ok    $*" >>"$out"; }
bad() { echo "FAIL  $*" >>"$out"; }
prop() { systemctl show -p "$2" --value "$1"; }
# wait_for SECONDS COMMAND...: until the command succeeds
wait_for() {
    n=$(($1 * 4))
    shift
    while [ $n -gt 0 ]; do
        "$@" && return 0
        sleep 0.25
        n=$((n - 1))
    done
    return 1
}
running() { [ "$(prop "$1" ActiveState)" = active ] && [ "$(prop "$1" SubState)" = running ]; }
# The kiosk process: the child of the unit's main process (cage) running emek-kiosk.
kiosk_pid() {
    main=$(prop "$1" MainPID)
    for c in $(cat /proc/"$main"/task/*/children 2>/dev/null); do
        case "$(tr '\0' ' ' </proc/"$c"/cmdline 2>/dev/null)" in /usr/bin/emek-kiosk*) echo "$c" && return 0 ;; esac
    done
    return 1
}
field() { awk -v k="$2:" '$1 == k { $1 = ""; sub(/^ /, ""); print }' /proc/"$1"/status; }

# 1. The kiosk starts and is READY (Type=notify: active only after its first frame).
if wait_for 90 running emek-kiosk.service; then
    t=$(($(prop emek-kiosk.service ActiveEnterTimestampMonotonic) - $(systemctl show -p UserspaceTimestampMonotonic --value)))
    ok "emek-kiosk.service running (READY=1 from the kiosk under cage) $((t / 1000)) ms after systemd started"
else
    bad "emek-kiosk.service not running: $(prop emek-kiosk.service ActiveState)/$(prop emek-kiosk.service SubState)"
fi
pid=$(kiosk_pid emek-kiosk.service)
if [ -n "$pid" ]; then
    uid=$(field "$pid" Uid | awk '{ print $1 }')
    [ "$uid" = "$(id -u emek-kiosk)" ] && ok "the kiosk runs as emek-kiosk" || bad "the kiosk runs as uid $uid"
    [ "$(field "$pid" NoNewPrivs)" = 1 ] && [ "$(field "$pid" CapEff)" = 0000000000000000 ] &&
        [ "$(field "$pid" Seccomp)" = 2 ] && ok "the kiosk: no new privileges, no capabilities, seccomp filter" ||
        bad "the kiosk's sandbox: NoNewPrivs $(field "$pid" NoNewPrivs) CapEff $(field "$pid" CapEff) Seccomp $(field "$pid" Seccomp)"
    touch /tmp/probe-host-tmp
    [ -e /proc/"$pid"/root/tmp/probe-host-tmp ] && bad "the kiosk sees the system's /tmp" || ok "the kiosk has a private /tmp"
    [ -e /proc/"$pid"/root/root/.profile ] || [ -e /proc/"$pid"/root/root/.bashrc ] && bad "the kiosk sees /root" ||
        ok "the kiosk does not see /root (ProtectHome)"
else
    bad "no kiosk process under cage"
fi
# The store and spool in the data directory: written by the kiosk (its print queue) as itself.
if [ "$(stat -c %U /var/lib/emek-kiosk/kiosk.db 2>/dev/null)" = emek-kiosk ]; then
    ok "the kiosk writes its data directory (kiosk.db owned by emek-kiosk)"
else
    bad "no kiosk.db written by the kiosk in /var/lib/emek-kiosk"
fi
# pcscd reached through its socket: socket activation started it, and the kiosk did not
# report the card reader service as unavailable.
if wait_for 10 systemctl -q is-active pcscd.service &&
    ! journalctl -b -u emek-kiosk.service -o cat | grep -q 'card reader unavailable'; then
    ok "the kiosk reached pcscd (pcscd.service socket-activated, no card reader error)"
else
    bad "pcscd: $(systemctl is-active pcscd.service); $(journalctl -b -u emek-kiosk.service -o cat | grep 'card reader' | tail -n 1)"
fi

# 2. A hung kiosk (SIGSTOP: its main loop stops) is killed by the watchdog and restarted.
restarts=$(prop emek-kiosk.service NRestarts)
if [ -n "$pid" ]; then
    kill -STOP "$pid"
    if wait_for 40 sh -c "[ \$(systemctl show -p NRestarts --value emek-kiosk.service) -gt $restarts ]" &&
        wait_for 60 running emek-kiosk.service; then
        new=$(kiosk_pid emek-kiosk.service)
        journalctl -b -u emek-kiosk.service -o cat | grep -q 'Watchdog timeout' &&
            [ -n "$new" ] && [ "$new" != "$pid" ] &&
            ok "a hung kiosk: watchdog timeout, restarted, running again (pid $pid -> $new)" ||
            bad "restarted without a watchdog timeout in the journal"
    else
        bad "the hung kiosk was not restarted"
    fi
fi

# 3. A crash loop (the configuration broken, every start fails) ends on the out-of-service
#    screen: the start limit fails the unit, OnFailure= starts the fallback.
cp /etc/emek-kiosk/kiosk.toml /tmp/kiosk.toml.good
echo 'this is not toml' >/etc/emek-kiosk/kiosk.toml
pid=$(kiosk_pid emek-kiosk.service)
[ -n "$pid" ] && kill -KILL "$pid"
if wait_for 90 running emek-kiosk-out-of-service.service; then
    oos=$(kiosk_pid emek-kiosk-out-of-service.service)
    result=$(prop emek-kiosk.service Result)
    case "$(tr '\0' ' ' </proc/"$oos"/cmdline 2>/dev/null)" in
    *--out-of-service*) ok "crash loop: emek-kiosk.service $(prop emek-kiosk.service ActiveState) ($result), the out-of-service screen running (READY=1) on a broken configuration" ;;
    *) bad "the fallback runs something else: $(tr '\0' ' ' </proc/"$oos"/cmdline)" ;;
    esac
    systemctl -q is-active emek-kiosk-retry.timer && ok "emek-kiosk-retry.timer armed" || bad "retry timer not active"
else
    bad "no out-of-service fallback: kiosk $(prop emek-kiosk.service ActiveState)/$(prop emek-kiosk.service Result), fallback $(prop emek-kiosk-out-of-service.service ActiveState)"
fi

# 4. Repaired, the retry timer brings the kiosk back and the fallback gives way.
cp /tmp/kiosk.toml.good /etc/emek-kiosk/kiosk.toml
if wait_for 90 running emek-kiosk.service && ! systemctl -q is-active emek-kiosk-out-of-service.service; then
    ok "the retry timer started the kiosk again; the fallback stopped"
else
    bad "after the retry: kiosk $(prop emek-kiosk.service ActiveState), fallback $(prop emek-kiosk-out-of-service.service ActiveState)"
fi

# 5. Nothing listens on the network (the container has a network namespace of its own, so
#    /proc/net is the image's alone): TCP listeners and bound UDP sockets, loopback only.
seen= exposed=
for f in tcp tcp6 udp udp6; do
    # local address "HEX_IP:HEX_PORT"; TCP sockets in state 0A listen, every UDP socket is bound
    for a in $(awk -v f="$f" 'NR > 1 && (f ~ /^udp/ || $4 == "0A") { print $2 }' /proc/net/"$f" 2>/dev/null); do
        ip=${a%:*}
        port=$((0x${a#*:}))
        case "$ip" in
        ??????7F) # IPv4 loopback (little-endian hex)
            seen="$seen $f:$(printf '%d.%d.%d.%d' 0x$(echo "$ip" | cut -c7-8) 0x$(echo "$ip" | cut -c5-6) \
                0x$(echo "$ip" | cut -c3-4) 0x$(echo "$ip" | cut -c1-2)):$port" ;;
        00000000000000000000000001000000) seen="$seen $f:[::1]:$port" ;;
        *) exposed="$exposed $f:$ip:$port" ;;
        esac
    done
done
if [ -z "$exposed" ]; then
    ok "with the kiosk running, sockets bound on loopback only:${seen:- none}"
else
    bad "sockets open beyond loopback:$exposed"
fi

# 6. Updates on the running kiosk: a good package goes in and the kiosk runs it; a package
#    whose kiosk cannot start is rolled back, store and all.
version() { dpkg-query -W -f '${Version}' emek-kiosk; }
before=$(version)
ls -i /var/lib/emek-kiosk/kiosk.db >/tmp/store.before 2>&1
if emek-kiosk-update /opt/update/new.deb --start-timeout 60 >/tmp/update.log 2>&1 &&
    running emek-kiosk.service && [ "$(version)" != "$before" ]; then
    ok "emek-kiosk-update: $before -> $(version), the kiosk running it"
else
    bad "emek-kiosk-update: $(tail -n 3 /tmp/update.log | tr '\n' ' ') version $(version), kiosk $(prop emek-kiosk.service ActiveState)"
fi
good=$(version)
rc=0
emek-kiosk-update /opt/update/broken.deb --start-timeout 60 >/tmp/update.log 2>&1 || rc=$?
if [ $rc = 1 ] && [ "$(version)" = "$good" ] && wait_for 30 running emek-kiosk.service &&
    grep -q 'going back to' /tmp/update.log && [ -f /var/lib/emek-kiosk/kiosk.db ]; then
    ok "emek-kiosk-update with a kiosk that cannot start: exit 1, back to $good, running, store in place"
else
    bad "rollback: exit $rc, version $(version), kiosk $(prop emek-kiosk.service ActiveState): $(tail -n 4 /tmp/update.log | tr '\n' ' ')"
fi

# 7. A deliberate stop ends the kiosk cleanly (ExecStop signals the kiosk, cage follows):
#    the unit ends inactive with result success, the fallback is not started.
systemctl stop emek-kiosk.service
if [ "$(prop emek-kiosk.service ActiveState)" = inactive ] && [ "$(prop emek-kiosk.service Result)" = success ] &&
    journalctl -b -u emek-kiosk.service -o cat | tail -n 20 | grep -Eq '(^| )kiosk: stopped$' &&
    ! systemctl -q is-active emek-kiosk-out-of-service.service; then
    ok "systemctl stop: the kiosk stopped cleanly (result success, no fallback)"
else
    bad "systemctl stop: $(prop emek-kiosk.service ActiveState) ($(prop emek-kiosk.service Result)), fallback $(prop emek-kiosk-out-of-service.service ActiveState)"
fi

# 8. The journal persists on the data partition; no getty anywhere; nothing else failed.
ls /var/log/journal/*/system.journal >/dev/null 2>&1 && ok "persistent journal in /var/log/journal (bound from /data/journal)" ||
    bad "no persistent journal"
gettys=$(systemctl list-units --no-legend --plain 'getty@*' 'serial-getty@*' 'console-getty*' 'autovt@*' | grep -c . || true)
[ "$gettys" = 0 ] && ok "no getty running" || bad "$gettys getty units"
failed=$(systemctl list-units --failed --no-legend --plain | awk '{ print $1 }' | grep -v -x -e systemd-remount-fs.service || true)
[ -z "$failed" ] && ok "no other unit failed (systemd-remount-fs: no emek-root disk in a container)" || bad "failed units: $(echo $failed)"

journalctl -b --no-pager -o short-monotonic >/data/boot-journal.txt 2>&1
echo done >>"$out"
systemctl poweroff
