#!/usr/bin/env bash
# Builds native llama.cpp (llama-server, llama-bench, ggml-rpc-server) from the exact source node-llama-cpp binds to,
# so benchmarks compare the same llama.cpp with and without Node. Offline: the source is the git bundle that
# node-llama-cpp ships. Idempotent: the result is cached per llama.cpp version outside the clone.
# Usage: npm run llama:build            (prints the bin directory on its last line)
# Env:   LINEUP_LLAMA_CACHE (default ~/.cache/lineup/llama.cpp), LLAMA_BUILD_JOBS (default 2), LLAMA_RPC=0 to skip ggml-rpc-server
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pkg="$here/node_modules/node-llama-cpp/llama"
bundle="$pkg/gitRelease.bundle"

missing=()
command -v git >/dev/null || missing+=("git")
command -v cmake >/dev/null || missing+=("cmake (apt-get install cmake)")
command -v c++ >/dev/null || command -v g++ >/dev/null || missing+=("a C++ compiler (apt-get install build-essential)")
[ -f "$bundle" ] || missing+=("$bundle (run npm ci; node-llama-cpp ships the llama.cpp source there)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "llama:build cannot start; missing:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 1
fi

# Version = the release tag node-llama-cpp records plus the commit inside the bundle, so a new node-llama-cpp
# (new bundle) gets a fresh build and an old one is never reused by mistake.
tag="$(sed -n 's/.*"tag": *"\([^"]*\)".*/\1/p' "$pkg/llama.cpp.info.json" 2>/dev/null || true)"
commit="$(git bundle list-heads "$bundle" | awk 'NR==1{print substr($1,1,12)}')"
version="${tag:-unknown}-${commit}"
cache="${LINEUP_LLAMA_CACHE:-$HOME/.cache/lineup/llama.cpp}/$version"
bin="$cache/build/bin"
jobs="${LLAMA_BUILD_JOBS:-2}"
targets=(llama-server llama-bench)
rpc=OFF
# The RPC server's cmake target (and binary) is ggml-rpc-server in this llama.cpp.
if [ "${LLAMA_RPC:-1}" != "0" ]; then targets+=(ggml-rpc-server); rpc=ON; fi

done_all=1
for t in "${targets[@]}"; do [ -x "$bin/$t" ] || done_all=0; done
if [ $done_all = 1 ]; then
  echo "llama.cpp $version already built" >&2
  echo "$bin"
  exit 0
fi

mkdir -p "$cache"
if [ ! -d "$cache/src/.git" ]; then
  rm -rf "$cache/src"
  git clone --quiet "$bundle" "$cache/src"
fi
cmake -S "$cache/src" -B "$cache/build" -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF -DGGML_NATIVE=ON \
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DGGML_RPC=$rpc >&2
cmake --build "$cache/build" -j "$jobs" --target "${targets[@]}" >&2
echo "$version" > "$cache/VERSION"
echo "$bin"
