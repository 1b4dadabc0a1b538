#!/bin/sh
# printgate installer: Node 20 + PrusaSlicer (apt), service user, /opt/printgate, /etc/printgate, unit, udev rule, Avahi; idempotent.
set -eu

usage() {
  cat <<'USAGE'
usage: install.sh [--root DIR] [--no-apt] [--source DIR] [--deps copy|npm|skip] [--no-start] [--https]

  --root DIR    install into DIR instead of / (a throwaway root or an image); implies --no-apt,
                and systemd is only told offline (systemctl --root enable)
  --no-apt      do not install Debian packages (nodejs, prusa-slicer)
  --source DIR  the printgate checkout to install (default: the one holding this script)
  --deps MODE   node_modules: copy from the checkout, npm (npm ci --omit=dev in /opt/printgate),
                or skip. Default: copy when the checkout has node_modules, else npm.
  --no-start    enable the service but do not (re)start it now
  --https       also serve HTTPS on port 8443 with a certificate made here (systemd/make-cert.sh):
                a local CA in /etc/printgate/tls/ca.crt for the phone to trust, and a server
                certificate for this host name, name.local and its addresses (run again to renew)
Run it again to update: config files in /etc/printgate are never overwritten.
USAGE
}

SCRIPT_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
ROOT=""
USE_APT=1
SOURCE=$(dirname -- "$SCRIPT_DIR")
DEPS=""
START=1
HTTPS=0

while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT=${2:?--root needs a directory}; USE_APT=0; shift 2 ;;
    --no-apt) USE_APT=0; shift ;;
    --source) SOURCE=${2:?--source needs a directory}; shift 2 ;;
    --deps) DEPS=${2:?--deps needs copy, npm or skip}; shift 2 ;;
    --no-start) START=0; shift ;;
    --https) HTTPS=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

if [ -n "$ROOT" ]; then
  mkdir -p "$ROOT"
  ROOT=$(CDPATH='' cd -- "$ROOT" && pwd)
fi
APP_DIR="$ROOT/opt/printgate"
CONF_DIR="$ROOT/etc/printgate"
DATA_DIR="$ROOT/var/lib/printgate"
UNIT_DIR="$ROOT/etc/systemd/system"
NODE_MIN=20

log() { printf 'printgate install: %s\n' "$*"; }
die() { printf 'printgate install: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }
systemd_running() { [ -z "$ROOT" ] && [ -d /run/systemd/system ]; }

node_major() {
  command -v node >/dev/null 2>&1 || { echo 0; return; }
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

install_packages() {
  [ "$USE_APT" -eq 1 ] || { log "skipping apt (nodejs, prusa-slicer)"; return; }
  is_root || die "run as root (sudo) to install packages, or pass --no-apt"
  apt-get update
  if [ "$(node_major)" -lt "$NODE_MIN" ]; then
    candidate=$(apt-cache policy nodejs | sed -n 's/^ *Candidate: *\([0-9]*\).*/\1/p')
    if [ -z "$candidate" ] || [ "$candidate" -lt "$NODE_MIN" ]; then
      die "Node.js $NODE_MIN or newer is needed; this release's apt offers '${candidate:-none}'.
  Debian 12 / Raspberry Pi OS bookworm ship Node 18. Use Debian 13 (trixie), or install the
  official Node $NODE_MIN Linux build from nodejs.org into /usr/local, then re-run with --no-apt."
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm
  fi
  # build-essential + python3: unix-dgram has no prebuilt binary, so `npm ci` compiles it (node-gyp)
  DEBIAN_FRONTEND=noninteractive apt-get install -y prusa-slicer build-essential python3
}

check_node() {
  major=$(node_major)
  if [ "$major" -lt "$NODE_MIN" ]; then
    if [ -n "$ROOT" ]; then log "warning: node $major on this machine; the target needs Node $NODE_MIN+"; return; fi
    die "Node.js $NODE_MIN+ is required (found: $major)"
  fi
}

create_user() {
  mkdir -p "$ROOT/etc/sysusers.d"
  install -m 0644 "$SCRIPT_DIR/printgate.sysusers.conf" "$ROOT/etc/sysusers.d/printgate.conf"
  if command -v systemd-sysusers >/dev/null 2>&1; then
    if [ -n "$ROOT" ]; then
      systemd-sysusers --root "$ROOT" "$ROOT/etc/sysusers.d/printgate.conf"
    else
      systemd-sysusers "$ROOT/etc/sysusers.d/printgate.conf"
    fi
  elif [ -z "$ROOT" ]; then
    id printgate >/dev/null 2>&1 || useradd --system --home-dir /var/lib/printgate --shell /usr/sbin/nologin printgate
    usermod -a -G dialout printgate
  else
    log "warning: no systemd-sysusers; the user is created at first boot from /etc/sysusers.d/printgate.conf"
  fi
}

# Owner for files the service reads: numeric ids from the target's passwd, so --root works too.
owner_of() {
  sed -n "s/^printgate:[^:]*:\([0-9]*\):\([0-9]*\):.*/\1:\2/p" "$ROOT/etc/passwd" 2>/dev/null | head -n 1
}

copy_app() {
  if [ ! -f "$SOURCE/package.json" ] || [ ! -d "$SOURCE/src" ]; then die "$SOURCE is not a printgate checkout"; fi
  mkdir -p "$APP_DIR"
  for item in bin src scripts dist firmware-profiles; do
    rm -rf "${APP_DIR:?}/$item"
    if [ -d "$SOURCE/$item" ]; then cp -R "$SOURCE/$item" "$APP_DIR/$item"; fi
  done
  for file in package.json package-lock.json tsconfig.json README.md; do
    if [ -f "$SOURCE/$file" ]; then install -m 0644 "$SOURCE/$file" "$APP_DIR/$file"; fi
  done
  find "$APP_DIR/src" -name '*.test.ts' -type f -exec rm -f {} +
  mode=$DEPS
  if [ -z "$mode" ]; then
    if [ -d "$SOURCE/node_modules" ]; then mode=copy; else mode=npm; fi
  fi
  case "$mode" in
    copy)
      [ -d "$SOURCE/node_modules" ] || die "--deps copy: $SOURCE/node_modules does not exist"
      rm -rf "${APP_DIR:?}/node_modules"
      cp -R "$SOURCE/node_modules" "$APP_DIR/node_modules" ;;
    npm)
      [ -z "$ROOT" ] || die "--deps npm cannot build native modules for another root; use copy or skip"
      (cd "$APP_DIR" && npm ci --omit=dev --no-audit --no-fund) ;;
    skip) log "node_modules left as they are" ;;
    *) die "--deps must be copy, npm or skip" ;;
  esac
  # The service runs dist/main.js (plain JS): `npm ci` builds it (prepare), `npm run build` in the checkout too.
  [ -f "$APP_DIR/dist/main.js" ] || log "warning: $APP_DIR/dist/main.js is missing; run \`npm run build\` in $SOURCE and install again"
}

link_command() {
  if [ ! -f "$APP_DIR/bin/printgate.js" ]; then return 0; fi
  mkdir -p "$ROOT/usr/local/bin"
  chmod 0755 "$APP_DIR/bin/printgate.js"
  ln -sfn /opt/printgate/bin/printgate.js "$ROOT/usr/local/bin/printgate"
}

install_config() {
  mkdir -p "$CONF_DIR" "$DATA_DIR"
  [ -f "$CONF_DIR/config.yaml" ] || install -m 0640 "$SCRIPT_DIR/config.example.yaml" "$CONF_DIR/config.yaml"
  if [ ! -f "$CONF_DIR/printgate.env" ]; then
    install -m 0640 "$SCRIPT_DIR/printgate.env.example" "$CONF_DIR/printgate.env"
    if [ -d "$ROOT/etc/avahi" ]; then
      printf '%s\n' '# Avahi announces printgate (/etc/avahi/services/printgate.service): no second mDNS responder.' 'PRINTGATE_MDNS=0' >>"$CONF_DIR/printgate.env"
    fi
  fi
  chmod 0750 "$DATA_DIR"
  owner=$(owner_of)
  if [ -n "$owner" ] && is_root; then
    chown -R "$owner" "$DATA_DIR"
    chown "root:${owner#*:}" "$CONF_DIR" "$CONF_DIR/config.yaml" "$CONF_DIR/printgate.env"
    chmod 0750 "$CONF_DIR"
  fi
}

install_units() {
  mkdir -p "$UNIT_DIR" "$ROOT/etc/udev/rules.d"
  install -m 0644 "$SCRIPT_DIR/printgate.service" "$UNIT_DIR/printgate.service"
  node_bin=$(command -v node || true)
  if [ -z "$ROOT" ] && [ ! -x /usr/bin/node ] && [ -n "$node_bin" ]; then
    sed -i "s#^ExecStart=/usr/bin/node #ExecStart=$node_bin #" "$UNIT_DIR/printgate.service"
    log "ExecStart uses $node_bin"
  fi
  install -m 0644 "$SCRIPT_DIR/99-printgate.rules" "$ROOT/etc/udev/rules.d/99-printgate.rules"
  if [ -d "$ROOT/etc/avahi" ]; then
    mkdir -p "$ROOT/etc/avahi/services"
    install -m 0644 "$SCRIPT_DIR/printgate.avahi.service" "$ROOT/etc/avahi/services/printgate.service"
  else
    log "Avahi not installed; printgate announces itself over mDNS on its own"
  fi
}

setup_https() {
  [ "$HTTPS" -eq 1 ] || return 0
  command -v openssl >/dev/null 2>&1 || die "--https needs openssl (apt-get install openssl)"
  tls="$CONF_DIR/tls"
  log "HTTPS certificate for $(sh "$SCRIPT_DIR/make-cert.sh" "$tls")"
  owner=$(owner_of)
  if [ -n "$owner" ] && is_root; then
    chown "root:${owner#*:}" "$tls" "$tls/server.key"
    chmod 0750 "$tls"
    chmod 0640 "$tls/server.key"
  fi
  if ! grep -q '^PRINTGATE_HTTPS_CERT=' "$CONF_DIR/printgate.env"; then
    printf '%s\n' '# HTTPS beside HTTP (install.sh --https): the phone trusts /etc/printgate/tls/ca.crt' \
      'PRINTGATE_HTTPS_PORT=8443' 'PRINTGATE_HTTPS_CERT=/etc/printgate/tls/server.crt' 'PRINTGATE_HTTPS_KEY=/etc/printgate/tls/server.key' >>"$CONF_DIR/printgate.env"
  fi
  log "HTTPS on port 8443; trust $tls/ca.crt on the phone (README: HTTPS)"
}

enable_service() {
  if systemd_running; then
    if command -v udevadm >/dev/null 2>&1; then
      udevadm control --reload || true
      udevadm trigger --subsystem-match=tty || true
    fi
    systemctl daemon-reload
    systemctl enable printgate.service
    if [ "$START" -eq 1 ]; then systemctl restart printgate.service; fi
    log "running: journalctl -u printgate -f to follow the log"
  elif command -v systemctl >/dev/null 2>&1; then
    systemctl --root="${ROOT:-/}" enable printgate.service 2>/dev/null || log "warning: could not enable offline"
  else
    log "systemctl not found; enable printgate.service yourself"
  fi
}

install_packages
check_node
create_user
copy_app
link_command
install_config
install_units
setup_https
enable_service
log "installed into ${ROOT:-/}"
