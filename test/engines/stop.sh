#!/usr/bin/env bash
# Stops the engines test/engines/start.sh started (by their recorded pids; nothing else is touched).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE="${TESSERA_ENGINES_DIR:-$(cd "$HERE/../.." && pwd)/.engines}"
if [ -f "$STATE/redis/port" ]; then redis-cli -p "$(cat "$STATE/redis/port")" shutdown nosave >/dev/null 2>&1 || true; fi
if [ -f "$STATE/elasticsearch/pid" ]; then
  pid="$(cat "$STATE/elasticsearch/pid")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  rm -f "$STATE/elasticsearch/pid" "$STATE/elasticsearch/home/http.url"
fi
rm -f "$STATE/redis/port" "$STATE/env"
echo "[engines] stopped" >&2
