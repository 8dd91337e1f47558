# Shared by the image tests (sourced, bash).

# copy_tree BUILD WORK: the built root file system copied to $WORK/root (set as R). Exits 77
# (skipped) when image_rootfs built none; never deletes below a mount point.
copy_tree() {
    local tree="$1/image/rootfs"
    [ -x "$tree/usr/bin/emek-kiosk" ] || { echo "SKIPPED: no root file system in $tree (image_rootfs built none)"; exit 77; }
    if [ -d "$2" ]; then
        grep -q " $2/" /proc/mounts && { echo "FAIL: something is mounted under $2"; exit 1; }
        rm -rf --one-file-system "$2"
    fi
    mkdir -p "$2"
    R="$2/root"
    cp -a "$tree" "$R"
}

# in_root CMD...: CMD in the tree $R through chroot, with /proc, in a mount namespace of its
# own (nothing stays mounted, whatever happens).
in_root() {
    unshare --mount --propagation private -- sh -c '
        root=$1; shift
        mount -t proc proc "$root/proc"
        exec chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"' sh "$R" "$@"
}

# sim_config FILE ID [fullscreen]: a kiosk configuration on the simulated devices, store kiosk.db.
sim_config() {
    printf 'kiosk_id = "%s"\n[store]\npath = "kiosk.db"\n[devices]\ncard_reader = "sim"\nprinter = "sim"\n' "$2" >"$1"
    if [ "${3:-}" = fullscreen ]; then printf '[window]\nmode = "fullscreen"\n' >>"$1"; fi
}
