#!/bin/sh
# Builds, once, the minimal Debian root that test/systemd/booted.test.ts boots under systemd-nspawn, and prints its path.
set -eu
CACHE=${PRINTGATE_CI_CACHE:-/var/cache/printgate-ci}
SUITE=${PRINTGATE_CI_SUITE:-bookworm}
ROOT="$CACHE/$SUITE-root"
STAMP="$ROOT/.printgate-root-v1"
if [ -f "$STAMP" ]; then
  echo "$ROOT"
  exit 0
fi
command -v debootstrap >/dev/null 2>&1 || { echo "debian-root.sh: debootstrap is not installed" >&2; exit 1; }
mkdir -p "$CACHE"
tmp="$CACHE/$SUITE-root.tmp.$$"
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT
# systemd as PID 1, dbus for systemctl, socat for the simulated printer's pty; Node is bound in from the host.
debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,socat "$SUITE" "$tmp" >&2
touch "$tmp/.printgate-root-v1"
rm -rf "$ROOT"
mv "$tmp" "$ROOT"
trap - EXIT
echo "$ROOT"
