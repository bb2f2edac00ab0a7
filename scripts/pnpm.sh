#!/usr/bin/env bash
# Runs the repository's pinned pnpm without a global install: Node 20 and npm
# are all a fresh machine needs. The version comes from package.json's
# packageManager field so there is one place to change it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="$(node -p "require('$root/package.json').packageManager.split('@')[1]")"
exec npx --yes "pnpm@${version}" "$@"
