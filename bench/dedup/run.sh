#!/usr/bin/env bash
# The dedup benchmark in one command (from anywhere):
#   bench/dedup/run.sh [--out DIR] [--seed N] [--scale N] [--quick]
# Generates the corpus outside the repo (if absent), builds Release into
# build-bench/, runs `storyline dedup` (defaults, then a small sweep), the npm
# minhash and all-pairs baselines and dedup_bench (pinned to core 0), scores
# everything and prints a Markdown block for docs/BENCHMARKS.md.
# --quick: defaults only, no sweep.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT=/tmp/storyline-dedup-bench
SEED=1
SCALE=1
QUICK=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --scale) SCALE="$2"; shift 2 ;;
    --quick) QUICK=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
CMD="bench/dedup/run.sh --out $OUT --seed $SEED --scale $SCALE$([[ $QUICK == 1 ]] && echo ' --quick' || true)"
B="$REPO/bench/dedup"
RES="$OUT/results"
mkdir -p "$OUT" "$RES"
PIN="taskset -c 0"
command -v taskset >/dev/null || PIN=""

if [[ ! -s "$OUT/corpus.jsonl" || ! -s "$OUT/truth.jsonl" ]]; then
  python3 "$B/generate.py" --out "$OUT" --seed "$SEED" --scale "$SCALE" > "$RES/manifest.txt"
fi
python3 "$B/test_score.py" >&2

cd "$REPO"
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTORYLINE_BUILD_TESTS=OFF >/dev/null
ninja -C build-bench storyline >&2
HAVE_BENCH=0
if ninja -C build-bench -t targets all 2>/dev/null | grep -q '^dedup_bench:'; then
  ninja -C build-bench dedup_bench >&2 && HAVE_BENCH=1
else
  echo "note: no dedup_bench target in CMakeLists.txt yet; skipping the Google Benchmark part" >&2
fi
[[ -d "$B/node_modules/minhash" ]] || (cd "$B" && npm ci --no-audit --no-fund >&2)

CORPUS="$OUT/corpus.jsonl"
TRUTH="$OUT/truth.jsonl"
SCORES=()

run_storyline() {  # name, then options
  local name="$1"; shift
  local f="$RES/storyline_${name}"
  $PIN "$REPO/build-bench/storyline" dedup --json --no-clean "$@" "$CORPUS" > "$f.json"
  python3 "$B/score.py" --truth "$TRUTH" --pred "$f.json" --json "$f.score.json" \
    --label "storyline dedup | ${*:-defaults}" >&2
  SCORES+=("$f.score.json")
}

run_minhash() {
  local name="$1"; shift
  local f="$RES/minhash_${name}"
  $PIN node --expose-gc "$B/baseline_minhash.js" --corpus "$CORPUS" --out "$f.json" "$@"
  python3 "$B/score.py" --truth "$TRUTH" --pred "$f.json" --json "$f.score.json" \
    --label "npm minhash 0.0.9 | ${*:---bands 32 --rows 4 --threshold 0.3}" >&2
  SCORES+=("$f.score.json")
}

run_storyline defaults
if [[ $QUICK == 0 ]]; then
  run_storyline t02 --threshold 0.2
  run_storyline t05 --threshold 0.5
  run_storyline b16r8 --bands 16 --rows 8
  run_storyline b64r2 --bands 64 --rows 2
  run_storyline s5 --shingle 5
  run_storyline span15 --min-span 15
fi
run_minhash defaults
[[ $QUICK == 0 ]] && run_minhash t02 --bands 32 --rows 4 --threshold 0.2
$PIN python3 "$B/baseline_allpairs.py" --corpus "$CORPUS" --out "$RES/allpairs.json" --limit 1000 \
  --truth "$TRUTH" --jaccard-out "$RES/jaccard_by_type.json"
python3 "$B/score.py" --truth "$TRUTH" --pred "$RES/allpairs.json" --json "$RES/allpairs.score.json" \
  --label "all-pairs exact Jaccard (python) | 1,000-article subset, J >= 0.3" >&2
SCORES+=("$RES/allpairs.score.json")

BENCH_ARGS=()
if [[ $HAVE_BENCH == 1 ]]; then
  $PIN "$REPO/build-bench/dedup_bench" --corpus="$CORPUS" --benchmark_format=json \
    --benchmark_out="$RES/dedup_bench.json" --benchmark_out_format=json >/dev/null
  BENCH_ARGS=(--bench "$RES/dedup_bench.json")
fi

echo
echo "### Dedup (generated reuse corpus, seed $SEED, scale $SCALE)"
echo
echo '```'
echo "$CMD"
echo "date: $(date -u)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "commit: $(git -C "$REPO" rev-parse --short HEAD)$(git -C "$REPO" diff --quiet HEAD -- src include || echo ' (dirty)')"
python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print('corpus: %d articles, %d families; pairs %s' % (m['articles'], m['families'], m['pairs_by_type']))" "$OUT/manifest.json"
echo '```'
echo
python3 "$B/table.py" "${SCORES[@]}" "${BENCH_ARGS[@]}"
echo
echo "Exact Jaccard (word 3-grams) of the truth pairs, by type (p05 / median / p95):"
echo
python3 - "$RES/jaccard_by_type.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print("| type | n | p05 | median | p95 | max |")
print("|---|---|---|---|---|---|")
for t, v in d.items():
    if not t.startswith("_"):
        print("| %s | %d | %.3f | %.3f | %.3f | %.3f |" % (t, v["n"], v["p05"], v["p50"], v["p95"], v["max"]))
PY
echo
echo "Results in $RES"
