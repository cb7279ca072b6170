#!/usr/bin/env bash
# The whole test suite, as CI runs it: dependencies, services, build, then every tier.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/ensure-docker.sh
bash scripts/ensure-packages.sh
npm run build
npx vitest run --reporter=default "$@"
