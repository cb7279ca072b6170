#!/usr/bin/env bash
# The main job on a fresh machine: install what is missing, start Docker, build, then judge the C++
# and Python reference solutions of every sample problem through the real sandbox — first with the
# CLI, then through the server's embedded default (all roles in one process, SQLite, in-process
# queue) with the CLI as its client. (The test suite judges every reference solution, in all five
# languages.) At the end, the web page's address and the demo user's token (on a terminal the
# server stays up until Ctrl-C). SONOCODE_DEMO_PROBLEMS="a-plus-b two-sum" judges only those problems.
set -euo pipefail
cd "$(dirname "$0")/.."

# Built once: `npm ci` builds through the prepare script; an installed tree is rebuilt for changes.
if [ -d node_modules ]; then npm run build --silent; else npm ci --no-audit --no-fund; fi
bash scripts/ensure-docker.sh
sonocode() { node bin/sonocode.js "$@"; }
sonocode doctor

# What is judged: the languages by extension, and the problems.
languages="C++ and Python"
problems=()
if [ -n "${SONOCODE_DEMO_PROBLEMS:-}" ]; then
  for slug in $SONOCODE_DEMO_PROBLEMS; do problems+=("problems/$slug/"); done
else
  problems=(problems/*/)
fi
plural() { if [ "$1" = 1 ]; then echo "1 $2"; else echo "$1 $2s"; fi; }
solutions_of() { for solution in "$1"submissions/accepted/*.cpp "$1"submissions/accepted/*.py; do [ -e "$solution" ] && echo "$solution"; done; }
total=0
for problem in "${problems[@]}"; do total=$((total + $(solutions_of "$problem" | wc -l))); done

failed=0
judged=0
accepted=0
# One line per solution: problem, file, the verdict line; counts what was judged and accepted.
report() {
  judged=$((judged + 1))
  [[ "$3" == "verdict: AC"* ]] && accepted=$((accepted + 1))
  printf '%-32s %-34s %s\n' "$1" "$2" "$3"
}
# $1: how many there were to judge
summary() {
  echo "judged $judged of $1: $accepted accepted"
  judged=0
  accepted=0
}

echo
echo "== the $languages reference solutions of $(plural ${#problems[@]} 'sample problem') ($(plural "$total" solution)), judged with the CLI (sonocode submit <problem> <file>)"
for problem in "${problems[@]}"; do
  slug=$(basename "$problem")
  while read -r solution; do
    line=$(sonocode submit "$problem" "$solution" < /dev/null | tail -n 1) || failed=1
    report "$slug" "${solution#"$problem"}" "$line"
  done < <(solutions_of "$problem")
done
summary "$total"

echo
echo "== the same $(plural "$total" solution), judged through the server's embedded default (sonocode serve)"
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
echo "server at $url; a user made for the demo, the problems imported"
# the token goes to the variable; what users create says about it on stderr is not needed here
token=$(sonocode users create demo --server "$url" --token "$admin" 2>/dev/null)
for problem in "${problems[@]}"; do
  sonocode problems import "$problem" --server "$url" --token "$admin" > /dev/null
done
for problem in "${problems[@]}"; do
  slug=$(basename "$problem")
  while read -r solution; do
    # stderr names the submission id; shown only when something went wrong
    line=$(sonocode submit "$slug" "$solution" --server "$url" --token "$token" < /dev/null 2>"$work/stderr" | tail -n 1) || { failed=1; cat "$work/stderr"; }
    report "$slug" "${solution#"$problem"}" "$line"
  done < <(solutions_of "$problem")
done
summary "$total"

echo
echo "== the web page"
echo "open $url/ and sign in with the user token: $token"
if [ -t 0 ] && [ "$failed" = 0 ]; then
  echo "(the server runs until Ctrl-C)"
  wait "$server_pid" || true
fi
exit "$failed"
