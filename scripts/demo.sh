#!/usr/bin/env bash
# The README's demo command (`npm run demo`): installs, builds, and starts the
# handler on embedded defaults (SQLite file in .reverify/, the local face
# matcher with the sandbox outcomes on top) serving the demo page, the SDK and
# the sandbox playground; the address to open is the last line it prints.
# When nothing changed since the last build it starts in seconds: the install
# is pnpm's up-to-date check, and the build runs only when a source file is
# newer than the last successful build. Extra arguments go to reverify-server
# (`npm run demo -- --lan` for a phone on the same network).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p .reverify
stamp=.reverify/.demo-built
log=.reverify/demo-build.log

bash scripts/pnpm.sh install --frozen-lockfile --reporter=silent

# Any source, manifest or lockfile newer than the last build (outputs excluded).
changed() {
  [[ ! -f $stamp ]] && return 0
  [[ -n $(find packages demo package.json pnpm-lock.yaml \
    \( -name node_modules -o -name dist -o -name lib -o -name raw -o -name custom-elements.json \) -prune \
    -o -type f -newer "$stamp" -print -quit) ]]
}

if changed; then
  echo "building the SDK, the handler and the demo (log: $log)…"
  # Stamped with the time the build started, so an edit made during it counts as a change.
  touch "$stamp.next"
  if ! bash scripts/pnpm.sh run build > "$log" 2>&1; then
    tail -n 40 "$log"
    echo "the build failed; the whole log is in $log" >&2
    exit 1
  fi
  mv "$stamp.next" "$stamp"
fi

exec node packages/cli/dist/reverify-server.js --data-dir .reverify --static demo/dist --playground --provider local "$@"
