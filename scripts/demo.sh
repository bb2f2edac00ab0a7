#!/usr/bin/env bash
# The README's demo command (`npm run demo`): installs, builds, and starts the
# handler on embedded defaults (SQLite file in .reverify/, the local face
# matcher with the sandbox outcomes on top)
# serving the demo page, the SDK and the sandbox playground; prints the URL.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/pnpm.sh install --frozen-lockfile
bash scripts/pnpm.sh run build
exec node packages/cli/dist/reverify-server.js --data-dir .reverify --static demo/dist --playground --provider local "$@"
