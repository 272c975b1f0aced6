#!/bin/sh
# Makes a fresh machine (Node >= 20.19 and npm only) ready: installs pnpm if it is missing, then the
# workspace's dependencies from the lockfile. Idempotent and quick when everything is already there.
set -eu
cd "$(dirname "$0")/.."

PNPM_VERSION=12.23.0
export TURBO_TELEMETRY_DISABLED=1 REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

if ! command -v pnpm >/dev/null 2>&1; then
  echo "bootstrap: installing pnpm@$PNPM_VERSION with npm"
  # corepack's signature check fails offline-ish machines; a global npm install is the dependable path.
  if ! npm install -g "pnpm@$PNPM_VERSION" >/dev/null 2>&1; then
    # No write access to npm's global prefix: install under the user's home instead.
    npm install -g --prefix "$HOME/.local" "pnpm@$PNPM_VERSION" >/dev/null
    echo "bootstrap: pnpm installed in \$HOME/.local/bin; add it to PATH for later shells"
    PATH="$HOME/.local/bin:$PATH"
    export PATH
  fi
fi

# --frozen-lockfile: CI and fresh clones get exactly what was reviewed.
pnpm install --frozen-lockfile --prefer-offline --reporter=silent
