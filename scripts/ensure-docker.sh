#!/usr/bin/env bash
# Makes the Docker engine available for the sandbox: installs Debian's docker.io when it is
# missing and starts dockerd (with the flags these machines need) when nothing answers.
# Idempotent; safe to run when Docker already works.
set -euo pipefail

log() { printf 'ensure-docker: %s\n' "$*" >&2; }

if docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    log "dockerd is not installed and this is not root: install docker.io (apt-get install -y docker.io) and start it"
    exit 1
  fi
  log "installing Debian's docker.io"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq docker.io >/dev/null
fi

if ! docker version >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    log "the Docker daemon is not running and this is not root: start it (systemctl start docker)"
    exit 1
  fi
  mkdir -p /var/log/sonocode
  log "starting dockerd"
  # No bridge or iptables (sandboxes have no network), vfs storage (works on any filesystem).
  setsid dockerd --iptables=false --ip6tables=false --bridge=none --storage-driver=vfs \
    >/var/log/sonocode/dockerd.log 2>&1 < /dev/null &
  for _ in $(seq 1 60); do
    if docker version >/dev/null 2>&1; then break; fi
    sleep 0.5
  done
fi

if ! docker version >/dev/null 2>&1; then
  log "dockerd did not come up; its log:"
  tail -n 30 /var/log/sonocode/dockerd.log >&2 || true
  exit 1
fi
log "Docker $(docker version --format '{{.Server.Version}}') is running"
