#!/usr/bin/env bash
# Installs the Debian packages the tests need and that are missing, in one apt-get run:
#   redis-server (server tests start their own on a loopback port and stop it by pid),
#   bubblewrap (the native sandbox backend),
#   chromium (the web page's browser tests drive it through playwright-core),
#   jq (the examples test runs the documented `… --json | jq …` examples).
# Idempotent; starts nothing.
set -euo pipefail

# command on PATH -> Debian package that provides it
declare -A PACKAGES=([redis-server]=redis-server [bwrap]=bubblewrap [chromium]=chromium [jq]=jq)

missing=()
for command in "${!PACKAGES[@]}"; do
  command -v "$command" >/dev/null 2>&1 || missing+=("${PACKAGES[$command]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "ensure-packages: missing ${missing[*]} and this is not root: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "ensure-packages: installing Debian's ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq "${missing[@]}" >/dev/null
# Debian's redis package starts a system instance on 6379; the tests use their own, so stop it.
if [[ " ${missing[*]} " == *" redis-server "* ]] && command -v service >/dev/null 2>&1; then
  service redis-server stop >/dev/null 2>&1 || true
fi
