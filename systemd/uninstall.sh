#!/bin/sh
# printgate uninstaller: stops and removes the service, udev rule, Avahi file and /opt/printgate; keeps data and config unless --purge.
set -eu

usage() {
  cat <<'USAGE'
usage: uninstall.sh [--root DIR] [--purge]

  --root DIR  remove from DIR instead of / (offline: systemctl --root disable)
  --purge     also delete /var/lib/printgate (database, G-code files), /etc/printgate and the user
USAGE
}

ROOT=""
PURGE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT=${2:?--root needs a directory}; shift 2 ;;
    --purge) PURGE=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "uninstall.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
if [ -n "$ROOT" ]; then ROOT=$(CDPATH='' cd -- "$ROOT" && pwd); fi

log() { printf 'printgate uninstall: %s\n' "$*"; }

if [ -z "$ROOT" ] && [ -d /run/systemd/system ]; then
  systemctl disable --now printgate.service 2>/dev/null || true
elif command -v systemctl >/dev/null 2>&1 && [ -f "$ROOT/etc/systemd/system/printgate.service" ]; then
  systemctl --root="${ROOT:-/}" disable printgate.service 2>/dev/null || true
fi

rm -f "$ROOT/etc/systemd/system/printgate.service" \
  "$ROOT/etc/systemd/system/multi-user.target.wants/printgate.service" \
  "$ROOT/etc/udev/rules.d/99-printgate.rules" \
  "$ROOT/etc/avahi/services/printgate.service" \
  "$ROOT/usr/local/bin/printgate"
rm -rf "$ROOT/opt/printgate"

if [ -z "$ROOT" ] && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  if command -v udevadm >/dev/null 2>&1; then udevadm control --reload || true; fi
fi

if [ "$PURGE" -eq 1 ]; then
  rm -rf "$ROOT/var/lib/printgate" "$ROOT/etc/printgate"
  rm -f "$ROOT/etc/sysusers.d/printgate.conf"
  if [ -z "$ROOT" ]; then
    if id printgate >/dev/null 2>&1; then userdel printgate || log "warning: could not remove user printgate"; fi
  elif [ -f "$ROOT/etc/passwd" ]; then
    for file in passwd shadow group gshadow; do
      if [ -f "$ROOT/etc/$file" ]; then
        sed -i -e '/^printgate:/d' -e 's/\(:\|,\)printgate\(,\|$\)/\1\2/; s/,$//; s/:,/:/' "$ROOT/etc/$file"
      fi
    done
  fi
  log "removed printgate, its data and its configuration"
else
  log "removed printgate; kept ${ROOT}/var/lib/printgate and ${ROOT}/etc/printgate (use --purge to delete them)"
fi
