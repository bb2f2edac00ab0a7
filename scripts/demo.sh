#!/usr/bin/env bash
# The README's demo command (`npm run demo`): installs, builds and reports
# what can be run today.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/pnpm.sh install --frozen-lockfile
bash scripts/pnpm.sh run build
echo
echo "Built: @reverify/contract (packages/contract/dist)."
echo "The handler and the demo page are not built yet; see README.md."
