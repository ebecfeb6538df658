#!/usr/bin/env bash
# Starts the engines the scale-mode suites need: Redis (Debian's redis-server) and one Elasticsearch 7.17 node
# assembled from Maven Central jars. Idempotent: engines that already answer are reused, not restarted.
# Prints `export ELASTIC_HOST=...` and `export REDIS_HOST=...` on stdout (for eval), progress on stderr.
# Everything it writes lives under <repo>/.engines (gitignored). Stop with test/engines/stop.sh.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
STATE="${TESSERA_ENGINES_DIR:-$ROOT/.engines}"
ES_VERSION="$(sed -n 's:.*<es.version>\(.*\)</es.version>.*:\1:p' "$HERE/elasticsearch/pom.xml")"
ES_HEAP="${TESSERA_ES_HEAP:-768m}"
PREFIX="export "

log() { echo "[engines] $*" >&2; }
mkdir -p "$STATE"

apt_install() {
  # apt waits for dpkg's own lock rather than failing when another install runs on the machine.
  apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$@" >&2
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------- Redis
start_redis() {
  command -v redis-server >/dev/null 2>&1 || { log "installing redis-server"; apt_install redis-server; }
  local dir="$STATE/redis"
  mkdir -p "$dir"
  if [ -f "$dir/port" ]; then
    local p; p="$(cat "$dir/port")"
    if [ "$(redis-cli -p "$p" ping 2>/dev/null || true)" = "PONG" ]; then
      log "redis already running on $p"; REDIS_PORT="$p"; return
    fi
  fi
  local p="${TESSERA_REDIS_PORT:-6379}"
  while port_busy "$p"; do p=$((p + 1)); done
  log "starting redis-server on 127.0.0.1:$p"
  redis-server --port "$p" --bind 127.0.0.1 --daemonize yes --dir "$dir" \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --save "" --appendonly no
  for _ in $(seq 1 50); do
    [ "$(redis-cli -p "$p" ping 2>/dev/null || true)" = "PONG" ] && break
    sleep 0.1
  done
  [ "$(redis-cli -p "$p" ping 2>/dev/null || true)" = "PONG" ] || { log "redis did not start"; cat "$dir/redis.log" >&2; exit 1; }
  echo "$p" > "$dir/port"
  REDIS_PORT="$p"
}

# ---------------------------------------------------------------- Elasticsearch
es_answers() { [ -f "$1" ] && port_busy "$(sed 's/.*://' "$1" | tr -d '\n')"; }

start_elasticsearch() {
  command -v java >/dev/null 2>&1 || { log "installing a JDK"; apt_install openjdk-17-jdk-headless; }
  command -v mvn >/dev/null 2>&1 || { log "installing maven"; apt_install maven; }
  local dir="$STATE/elasticsearch" home="$STATE/elasticsearch/home"
  mkdir -p "$dir" "$home"
  if es_answers "$home/http.url" && [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
    log "elasticsearch already running at $(cat "$home/http.url")"; return
  fi
  if [ "$(cat "$dir/lib.version" 2>/dev/null || true)" != "$ES_VERSION" ]; then
    log "resolving elasticsearch $ES_VERSION jars from Maven Central"
    rm -rf "$dir/lib"
    mvn -q -B -f "$HERE/elasticsearch/pom.xml" dependency:copy-dependencies -DoutputDirectory="$dir/lib" >&2
    echo "$ES_VERSION" > "$dir/lib.version"
  fi
  rm -f "$home/http.url"
  log "starting elasticsearch $ES_VERSION (heap $ES_HEAP)"
  # setsid + nohup: the node outlives the shell that started it (CI runs the tests from a later command).
  setsid nohup java -Xms"$ES_HEAP" -Xmx"$ES_HEAP" -XX:+UseG1GC -Dlog4j2.formatMsgNoLookups=true \
    -Djava.io.tmpdir="$dir" -cp "$dir/lib/*" "$HERE/elasticsearch/TesseraEsNode.java" "$home" \
    "${TESSERA_ES_PORT:-9200-9299}" > "$dir/node.log" 2>&1 < /dev/null &
  echo $! > "$dir/pid"
  for _ in $(seq 1 180); do
    es_answers "$home/http.url" && break
    kill -0 "$(cat "$dir/pid")" 2>/dev/null || { log "elasticsearch exited"; tail -50 "$dir/node.log" >&2; exit 1; }
    sleep 1
  done
  es_answers "$home/http.url" || { log "elasticsearch did not start in 180 s"; tail -50 "$dir/node.log" >&2; exit 1; }
}

start_redis
start_elasticsearch
ELASTIC_URL="$(tr -d '\n' < "$STATE/elasticsearch/home/http.url")"
REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
printf 'ELASTIC_HOST=%s\nREDIS_HOST=%s\n' "$ELASTIC_URL" "$REDIS_URL" > "$STATE/env"
echo "${PREFIX}ELASTIC_HOST=$ELASTIC_URL"
echo "${PREFIX}REDIS_HOST=$REDIS_URL"
