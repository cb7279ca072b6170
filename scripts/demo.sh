#!/usr/bin/env bash
# The main job on a fresh machine: install what is missing, start Docker, build, then judge every
# sample problem's reference solutions (C++ and Python) through the real sandbox.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/ensure-docker.sh
npm run build --silent
node bin/sonocode.js doctor
failed=0
for problem in problems/*/; do
  slug=$(basename "$problem")
  for solution in "$problem"submissions/accepted/*.cpp "$problem"submissions/accepted/*.py; do
    [ -e "$solution" ] || continue
    line=$(node bin/sonocode.js submit "$problem" "$solution" | tail -n 1) || failed=1
    printf '%-34s %-44s %s\n' "$slug" "${solution#"$problem"}" "$line"
  done
done
exit "$failed"
