#!/usr/bin/env bash
# Installs Debian's redis-server when it is missing. Tests start their own Redis on a loopback
# port and stop it by pid; nothing here starts one.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "ensure-redis: redis-server is not installed and this is not root: apt-get install -y redis-server" >&2
  exit 1
fi
echo "ensure-redis: installing Debian's redis-server" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq redis-server >/dev/null
# Debian's package starts a system instance on 6379; the tests use their own, so stop it.
if command -v service >/dev/null 2>&1; then service redis-server stop >/dev/null 2>&1 || true; fi
