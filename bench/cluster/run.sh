#!/usr/bin/env bash
# The story clustering benchmark in one command (from anywhere):
#   bench/cluster/run.sh [--shared DIR] [--n N] [--quick]
# Builds cluster_bench (Release, build-cluster/), runs the accuracy table
# (storyline vs the tuned single-pass TF-IDF baseline) and the synthetic stream
# (N articles of ~3 KB, default 1,000,000; --quick: 100,000), pinned to one
# core, and prints a Markdown block for docs/BENCHMARKS.md.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SHARED="${STORYLINE_SHARED:-$REPO/../shared}"
N=1000000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --shared) SHARED="$2"; shift 2 ;;
    --n) N="$2"; shift 2 ;;
    --quick) N=100000; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
UCI="$SHARED/data/clustering/uci-news-aggregator.csv"
DUC="$SHARED/data/summarization/duc2004/clusters.jsonl"
"$REPO/bench/cluster/build.sh" "$REPO/build-cluster" >/dev/null
BENCH="$REPO/build-cluster/cluster_bench"
PIN="taskset -c 0"
command -v taskset >/dev/null || PIN=""
echo "### Story clustering (bench/cluster)"
echo
echo "Command: \`bench/cluster/run.sh --n $N\` · $(date -u +%Y-%m-%d) · $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(uname -sr) · commit $(git -C "$REPO" rev-parse --short HEAD)"
echo
echo "Accuracy (the model is trained on the even DUC topics + the first half of UCI; the odd DUC topics and the UCI second half are held out):"
echo
$PIN "$BENCH" eval --uci "$UCI" --duc "$DUC" 2>/dev/null
echo
echo "Synthetic stream (vocabulary statistics of DUC + UCI; one article every 3 s; 72 h window; speed = CPU time in Clusterer::Add only):"
echo
$PIN "$BENCH" synth --uci "$UCI" --duc "$DUC" --n "$N" 2>/dev/null
