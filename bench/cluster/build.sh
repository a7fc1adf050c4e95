#!/usr/bin/env bash
# Builds bench/cluster/cluster_bench in a build dir (default build-cluster),
# Release unless BUILD_TYPE says otherwise; NINJA_JOBS limits parallel jobs.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${1:-$REPO/build-cluster}"
cmake -S "$REPO" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" >/dev/null
ninja -C "$BUILD" ${NINJA_JOBS:+-j"$NINJA_JOBS"} cluster_bench >&2
