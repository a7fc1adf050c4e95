#!/usr/bin/env bash
# Builds bench/cluster/cluster_bench against the engine library of a Release
# build dir (default build-cluster). Used until the top-level CMakeLists.txt has
# a `cluster_bench` target; then `ninja -C BUILD cluster_bench` does the same.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${1:-$REPO/build-cluster}"
cmake -S "$REPO" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
if ninja -C "$BUILD" -t targets all 2>/dev/null | grep -q '^cluster_bench:'; then
  ninja -C "$BUILD" cluster_bench >&2
  exit 0
fi
ninja -C "$BUILD" storyline_engine >&2
# The engine's libraries (STORYLINE_PRIVATE_LIBS); optional ones when installed.
LIBS=(-licui18n -licuuc -licudata -lsimdjson -lstemmer -lcld2 -lxxhash -lfmt)
for l in modest z xml2 lz4; do
  # (no grep -q: its early exit would SIGPIPE ldconfig and fail under pipefail)
  if ldconfig -p | grep "lib$l\.so" >/dev/null; then LIBS+=("-l$l"); fi
done
g++ -std=c++20 -O2 -DNDEBUG -Wall -I"$REPO/include" "$REPO/bench/cluster/cluster_bench.cc" \
  "$BUILD/libstoryline_engine.a" "${LIBS[@]}" -o "$BUILD/cluster_bench"
