#!/bin/sh
# bench/brief: every brief figure of docs/BENCHMARKS.md "Brief (bench/brief)".
#   bench/brief/run.sh [path/to/storyline]   (default: build-brief/storyline)
# Needs ../shared/data/summarization/duc2004 and ../shared/seeds; reads them
# at run time and writes nothing into the repository. Pinned to core 0.
set -eu
cd "$(dirname "$0")/../.."
BIN=${1:-build-brief/storyline}
PIN="taskset -c 0"
command -v taskset >/dev/null 2>&1 || PIN=""
echo "== ROUGE scorer against the published per-cluster figures"
python3 bench/brief/rouge.py --check
echo "== ROUGE-1/2 recall on the DUC 2004 half (storyline brief --summary-words 100)"
$PIN python3 bench/brief/duc.py --storyline "$BIN"
echo "== Citation precision / recall (hand-labelled seeds and sample port strike)"
$PIN python3 bench/brief/citations.py --storyline "$BIN"
echo "== Contradictions (generated from DUC 2004 documents, seeds 1 and 2)"
$PIN python3 bench/brief/contradictions.py --storyline "$BIN" --seed 1
$PIN python3 bench/brief/contradictions.py --storyline "$BIN" --seed 2
echo "== Time per brief (5 / 50 / 500 articles), one core"
python3 bench/brief/timing.py --storyline "$BIN" --repeat 5
