#!/usr/bin/env bash
# Builds the kiosk's root file system with image/build (debootstrap the first time, then the
# cached base) and checks it with image/check (image/build runs it). Skipped (exit 77) only
# when the Debian mirror cannot be reached and no base is cached; any other failure fails.
# Usage: rootfs_test.sh SOURCE_DIR BUILD_DIR
set -uo pipefail
SRC=$1 BUILD=$2
t0=$(date +%s)
rc=0
"$SRC/image/build" --build-dir "$BUILD" --out "$BUILD/image" || rc=$?
echo "rootfs_test: image/build exit $rc in $(($(date +%s) - t0)) s"
if [ $rc = 3 ]; then
    echo "SKIPPED: the Debian mirror cannot be reached from this machine and no base is cached in $BUILD/image/cache"
    exit 77
fi
exit $rc
