#!/usr/bin/env bash
# Speed of the whole facts pass (entities + quotes + numbers + dates, what
# `storyline facts` does per article) on real news text, pinned to core 0,
# with the npm peers' equivalent pass (compromise + chrono-node) on the same
# articles in the same run.
#   bench/facts/facts_speed.sh [BUILD_DIR]   (default build-ner; builds the facts_speed target)
# Text: PolNeAR dev (84 US political articles) and DUC 2004 (250 wire articles)
# from ../shared (STORYLINE_SHARED).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build-ner}"
shared="${STORYLINE_SHARED:-$root/../shared}"
inputs=("$shared/data/quotes/dev.jsonl" "$shared/data/summarization/duc2004/clusters.jsonl")
ninja -C "$build" -j1 facts_speed >/dev/null
( cd "$root/bench/facts" && [ -d node_modules/chrono-node ] || npm ci --no-audit --no-fund >/dev/null )
( cd "$root/bench/facts/ner_peer" && [ -d node_modules/compromise ] || npm ci --no-audit --no-fund >/dev/null )
PIN="taskset -c 0"; command -v taskset >/dev/null || PIN=""
echo "Command: bench/facts/facts_speed.sh; date: $(date -u +%Y-%m-%d); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo
$PIN "$build/facts_speed" --reps 5 "${inputs[@]}" 2>/dev/null
read -r ptoks parts pwall < <($PIN node "$root/bench/facts/facts_peer.js" speed --reps 2 "${inputs[@]}" 2>/dev/null)
echo "| peer pass: compromise $(node -p "require('$root/bench/facts/ner_peer/node_modules/compromise/package.json').version") (people, places, organizations, numbers, quotations) + chrono-node $(node -p "require('$root/bench/facts/node_modules/chrono-node/package.json').version") | $ptoks | $parts | $pwall |"
echo
echo "Load average during the run: $(cut -d' ' -f1-3 /proc/loadavg)"
