#!/usr/bin/env bash
# The README's test command (`npm test`): installs what a fresh machine lacks,
# then runs lint, typecheck, build and every test suite. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/install-system-deps.sh
bash scripts/pnpm.sh install --frozen-lockfile
bash scripts/pnpm.sh run check
