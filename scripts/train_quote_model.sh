#!/usr/bin/env bash
# Trains the quote finder's cue model and writes src/facts/quote_model.inc
# (compiled into the engine), then its cue filter (src/facts/quote_filter.inc,
# scripts/train_quote_filter.sh: cue scores from -14 on, kept when the filter
# scores >= -6; both chosen on held-out train slices: -6 rather than -5 keeps
# more quotes, speaker overlap F1 +0.001..0.006 on both slices, exact -0.003). Deterministic: the same data and options give
# the same file. PolNeAR train only; dev is for measurement (bench/facts/quotes.sh).
#
#   scripts/train_quote_model.sh [DATA_DIR] [extra quote_train options]
#
# DATA_DIR holds PolNeAR train.jsonl (default ../shared/data/quotes). Takes a
# few seconds on one core (plus compiling the trainer); the filter about a
# minute (four cross-fitted cue models and finder runs). The options (threshold
# -2, the stems of all cue heads as candidates, weights below 1 dropped: 0.7 MB instead of
# 2 MB, no loss) were chosen on a held-out slice of train (--holdout 84: the
# last 84 articles), scored with bench/facts/quotes_eval --model and
# quotes_citron.py.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-$root/../shared/data/quotes}"
shift || true
build="${QUOTE_BUILD_DIR:-$root/build-quote-train}"
mkdir -p "$build/facts"
# The trainer includes quote_model.inc through quote_model.cc; a placeholder is enough.
printf '// placeholder\nstatic const char kQuoteModelText[] = "";\n' > "$build/facts/quote_model.inc"
g++ -std=c++20 -O2 -ffp-contract=off -I"$root/include" -I"$build" -I"$root/src" \
  "$root/src/facts/quote_train.cc" "$root/src/facts/quote_model.cc" "$root/src/facts/form_set.cc" -o "$build/quote_train"
"$build/quote_train" --train "$data/train.jsonl" --out "$root/src/facts/quote_model.inc" \
  --epochs 6 --min-count 3 --stem-count 1 --min-ratio 0.02 --min-weight 1 --threshold -2 "$@"
FLOOR=-14 "$root/scripts/train_quote_filter.sh" "$data/train.jsonl" "$root/src/facts/quote_filter.inc" --threshold -6
