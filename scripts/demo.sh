#!/usr/bin/env bash
# The main job on a fresh machine: install what is missing, start Docker, build, then judge every
# sample problem's reference solutions (C++ and Python) through the real sandbox — first with the
# CLI, then through the server's embedded default (all roles in one process, SQLite, in-process
# queue) with the CLI as its client.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/ensure-docker.sh
npm run build --silent
sonocode() { node bin/sonocode.js "$@"; }
sonocode doctor

failed=0
echo
echo "== judging with the CLI (sonocode submit <problem> <file>)"
for problem in problems/*/; do
  slug=$(basename "$problem")
  for solution in "$problem"submissions/accepted/*.cpp "$problem"submissions/accepted/*.py; do
    [ -e "$solution" ] || continue
    line=$(sonocode submit "$problem" "$solution" | tail -n 1) || failed=1
    printf '%-32s %-34s %s\n' "$slug" "${solution#"$problem"}" "$line"
  done
done

echo
echo "== judging through the server's embedded default (sonocode serve)"
work=$(mktemp -d)
admin=$(node -e 'console.log(require("crypto").randomBytes(24).toString("hex"))')
# node itself in the background (not the shell function), so that $! is the server to stop
node bin/sonocode.js serve --port 0 --db "$work/sonocode.db" --admin-token "$admin" --log-level warn > "$work/serve.log" 2>&1 &
server_pid=$!
stop_server() { kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap stop_server EXIT
for _ in $(seq 1 100); do
  url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/serve.log" | head -n 1)
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log"; exit 3; }
  sleep 0.2
done
[ -n "$url" ] || { echo "the server did not start:"; cat "$work/serve.log"; exit 3; }
echo "server at $url"
token=$(sonocode users create demo --server "$url" --token "$admin")
for problem in problems/*/; do
  sonocode problems import "$problem" --server "$url" --token "$admin" > /dev/null
done
for problem in problems/*/; do
  slug=$(basename "$problem")
  for solution in "$problem"submissions/accepted/*.cpp "$problem"submissions/accepted/*.py; do
    [ -e "$solution" ] || continue
    # stderr names the submission id; shown only when something went wrong
    line=$(sonocode submit "$slug" "$solution" --server "$url" --token "$token" 2>"$work/stderr" | tail -n 1) || { failed=1; cat "$work/stderr"; }
    printf '%-32s %-34s %s\n' "$slug" "${solution#"$problem"}" "$line"
  done
done

echo
echo "== the web page"
echo "open $url/ and sign in with the user token: $token"
if [ -t 0 ] && [ "$failed" = 0 ]; then
  echo "(the server runs until Ctrl-C)"
  wait "$server_pid" || true
fi
exit "$failed"
