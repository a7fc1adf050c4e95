#!/usr/bin/env bash
# bench/extraction: body / title / author / date accuracy and speed of Storyline,
# Readability.js (npm, with jsdom) and readability-lxml (Debian python3-readability)
# on the same pages in the same run. Prints a Markdown table.
#
#   bench/extraction/run.sh [DATA_DIR] [--limit N] [--tools storyline,readability,lxml]
#
# DATA_DIR defaults to ../shared/data/extraction next to the repo.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
data=$repo/../shared/data/extraction
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then data=$1; shift; fi
build=${BUILD_DIR:-$repo/build-html}
out=${OUT_DIR:-$build/bench-extraction}
mkdir -p "$out"

cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$build" storyline_engine >/dev/null
# With the allocator the storyline executable links (src/cli/allocator.cc).
c++ -O2 -std=c++20 -I"$repo/include" -I"$repo/src" "$here/extract_pages.cc" "$repo/src/cli/allocator.cc" \
  -o "$out/extract_pages" -lmimalloc \
  "$build/libstoryline_engine.a" -lmodest -lcld2 -lstemmer -lxxhash -lsimdjson -lfmt \
  -licui18n -licuuc -licudata -lz -ldeflate -lxml2 -llz4
if [ ! -d "$here/node_modules" ]; then (cd "$here" && npm ci --no-audit --no-fund >/dev/null); fi

echo "command: bench/extraction/run.sh $data $*"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(uname -sr); runs pinned to core 0 (taskset -c 0)"
echo
python3 "$here/bench.py" --storyline "$out/extract_pages" --data "$data" --out "$out" "$@"
