#!/usr/bin/env bash
# Builds bench/cluster/cluster_bench in a Release build dir (default
# build-cluster).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${1:-$REPO/build-cluster}"
cmake -S "$REPO" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$BUILD" cluster_bench >&2
