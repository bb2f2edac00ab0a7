#!/usr/bin/env bash
# Prints the path of an nginx binary for the deployment-guide test: the one
# on PATH, else Debian's `nginx` package downloaded and unpacked into
# .cache/nginx (apt-get download + dpkg -x: nothing is installed, so no
# service starts). The test runs it in the foreground on a temporary config.
set -euo pipefail
if command -v nginx >/dev/null 2>&1; then command -v nginx; exit 0; fi
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$root/.cache/nginx"
if [[ ! -x "$cache/usr/sbin/nginx" ]]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  if ! (cd "$work" && apt-get download -qq nginx >/dev/null 2>&1); then
    # No package lists yet (a fresh machine): fetch them, then try again.
    sudo=""
    [[ "$(id -u)" != 0 ]] && sudo="sudo"
    $sudo apt-get update -qq
    (cd "$work" && apt-get download -qq nginx >/dev/null 2>&1)
  fi
  mkdir -p "$cache"
  dpkg -x "$work"/nginx_*.deb "$cache"
fi
echo "$cache/usr/sbin/nginx"
