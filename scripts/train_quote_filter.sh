#!/usr/bin/env bash
# Trains the quote finder's cue filter (quote_model::CueFilter) and writes
# src/facts/quote_filter.inc (or OUT). Deterministic. PolNeAR train only.
#
#   scripts/train_quote_filter.sh [TRAIN_JSONL] [OUT] [train_quote_filter.py options]
#
# Cross-fitting: the articles are split into FOLDS (default 4) by index modulo
# FOLDS; for each fold a cue model is trained on the other folds (quote_train,
# the options of scripts/train_quote_model.sh, or CUE_OPTIONS) and the finder logs, on the
# fold's articles, the cues it asks the filter about (quotes_eval --log-cues:
# cue scores from the floor on, every one kept). The filter is trained on all
# folds' cues, so it sees cue scores as they are on text the cue model did not
# train on.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
train="${1:-$root/../shared/data/quotes/train.jsonl}"
out="${2:-$root/src/facts/quote_filter.inc}"
shift 2 || shift $# || true
build="${QUOTE_BUILD_DIR:-$root/build-quote-train}"
folds="${FOLDS:-4}"
floor="${FLOOR:--14}"
work="$build/filter"
mkdir -p "$build/facts" "$work"
printf '// placeholder\nstatic const char kQuoteModelText[] = "";\n' > "$build/facts/quote_model.inc"
printf '// placeholder\nstatic const char kQuoteFilterText[] = "";\n' > "$build/facts/quote_filter.inc"
g++ -std=c++20 -O2 -ffp-contract=off -I"$root/include" -I"$build" -I"$root/src" \
  "$root/src/facts/quote_train.cc" "$root/src/facts/quote_model.cc" "$root/src/facts/form_set.cc" -o "$build/quote_train"
g++ -std=c++20 -O2 -ffp-contract=off -DNDEBUG -I"$root/include" -I"$build" -I"$root/src" \
  "$root/bench/facts/quotes_eval.cc" "$root/src/facts/quotes.cc" "$root/src/facts/quote_model.cc" \
  "$root/src/facts/form_set.cc" "$root/src/text/dateline.cc" -o "$build/quotes_eval"
: > "$work/cues.jsonl"
for ((f = 0; f < folds; f++)); do
  awk -v f="$f" -v k="$folds" '(NR - 1) % k != f' "$train" > "$work/fold.jsonl"
  awk -v f="$f" -v k="$folds" '(NR - 1) % k == f' "$train" > "$work/held.jsonl"
  n=$(wc -l < "$work/held.jsonl")
  cat "$work/held.jsonl" >> "$work/fold.jsonl"
  "$build/quote_train" --train "$work/fold.jsonl" --out "$work/model.inc" --holdout "$n" \
    ${CUE_OPTIONS:---epochs 6 --min-count 3 --stem-count 1 --min-ratio 0.02 --min-weight 1 --threshold -2} 2> "$work/train.log"
  "$build/quotes_eval" --model "$work/model.inc" --log-cues "$floor" < "$work/held.jsonl" >> "$work/cues.jsonl"
done
python3 "$root/scripts/train_quote_filter.py" "$train" "$work/cues.jsonl" "$out" --floor "$floor" "$@"
