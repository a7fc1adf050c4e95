#!/usr/bin/env bash
# Retrains the models the engine compiles in -- the quote finder's cue lexicon
# (scripts/train_quotes.py), cue model and cue filter
# (scripts/train_quote_model.sh), the entity tagger
# (scripts/train_ner.sh) and the junk-line model (scripts/train_junk_model.py)
# -- from ../shared, in a scratch copy of the sources, and fails unless each
# comes out byte-identical to the committed file. So a change to the code a
# model is trained through cannot land without the retrained model.
# (The story clusterer's model, scripts/train_cluster_model.py, also scores
# held-out streams, so it is not run here.)
#
#   scripts/check_models.sh        (about 1 minute on one core)
#
# Without ../shared (a fresh clone elsewhere) it says SKIPPED and exits 0.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${STORYLINE_SHARED:-$root/../shared}"
if [ ! -d "$shared/data/quotes" ] || [ ! -d "$shared/data/ner" ] || [ ! -d "$shared/data/extraction" ]; then
  echo "check_models: SKIPPED: training data not found under $shared/data"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -C "$root" -cf - src include scripts bench/facts/quotes_eval.cc | tar -C "$work" -xf -
models=(src/facts/quote_cues.inc src/facts/quote_model.inc src/facts/quote_filter.inc src/facts/ner_model.inc src/extract/junk_model.inc)
(
  cd "$work"
  python3 scripts/train_quotes.py "$shared/data/quotes/train.jsonl" > src/facts/quote_cues.inc
  QUOTE_BUILD_DIR="$work/build-quote" bash scripts/train_quote_model.sh "$shared/data/quotes"
  NER_BUILD_DIR="$work/build-ner" bash scripts/train_ner.sh "$shared/data/ner"
  python3 scripts/train_junk_model.py \
    --data "$shared/data/extraction/readability-testpages/test/test-pages" --out src/extract/junk_model.inc
) > "$work/train.log" 2>&1 || { tail -20 "$work/train.log"; echo "check_models: FAILED: a training script failed"; exit 1; }
status=0
for m in "${models[@]}"; do
  if cmp -s "$root/$m" "$work/$m"; then
    echo "check_models: $m reproduced"
  else
    echo "check_models: FAILED: $m differs from what its training script writes now; rerun the script and commit it"
    status=1
  fi
done
exit $status
