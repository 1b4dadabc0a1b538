#!/bin/sh
# The README's two commands: `scripts/setup.sh start` (what the gateway needs, then start it) and `scripts/setup.sh test`
# (what the tests need, then run them). Debian packages come from apt, which needs root: run as root, or sudo is used.
set -eu
cd "$(dirname "$0")/.."

usage() {
  echo "usage: scripts/setup.sh start|test|packages-start|packages-test" >&2
  exit 2
}
[ $# -eq 1 ] || usage

# What `npm ci` and the gateway need beyond Node 20: a compiler for native modules without a prebuilt binary
# (unix-dgram), and PrusaSlicer, which turns typed requests and STL files into G-code.
start_packages() {
  command -v prusa-slicer >/dev/null 2>&1 || echo prusa-slicer
  command -v make >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1 || echo build-essential
  command -v python3 >/dev/null 2>&1 || echo python3
  command -v npm >/dev/null 2>&1 || echo npm
}

# What the test suites start as real programs.
test_packages() {
  start_packages
  command -v socat >/dev/null 2>&1 || echo socat
  command -v chromium >/dev/null 2>&1 || echo chromium
  command -v shellcheck >/dev/null 2>&1 || echo shellcheck
  command -v systemd-analyze >/dev/null 2>&1 || echo systemd
  command -v debootstrap >/dev/null 2>&1 || echo debootstrap
  command -v systemd-nspawn >/dev/null 2>&1 || echo systemd-container
  command -v ffmpeg >/dev/null 2>&1 || echo ffmpeg
  command -v mosquitto >/dev/null 2>&1 || echo mosquitto
}

apt_install() {
  [ $# -gt 0 ] || return 0
  if [ "$(id -u)" -eq 0 ]; then as_root=""
  elif command -v sudo >/dev/null 2>&1; then as_root="sudo"
  else
    echo "setup: these Debian packages are missing and installing them needs root: $*" >&2
    exit 1
  fi
  echo "setup: installing Debian packages with apt-get (needs root): $*"
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# The package lists are words on purpose (package names have no spaces).
# shellcheck disable=SC2046
case "$1" in
  packages-start) apt_install $(start_packages) ;;
  packages-test) apt_install $(test_packages) ;;
  start)
    apt_install $(start_packages)
    npm ci --no-audit --no-fund
    exec npm start ;;
  test)
    apt_install $(test_packages)
    npm ci --no-audit --no-fund
    exec npm test ;;
  *) usage ;;
esac
