#!/usr/bin/env bash
# Trains the entity tagger and writes src/facts/ner_model.inc (compiled into
# the engine). Deterministic: the same data and options give the same file.
#
#   scripts/train_ner.sh [DATA_DIR] [extra ner_train options]
#
# DATA_DIR holds CoNLL-2003 eng.train and eng.testa (default ../shared/data/ner).
# Takes about 15 s on one core (plus compiling the trainer).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-$root/../shared/data/ner}"
shift || true
build="${NER_BUILD_DIR:-$root/build-ner-train}"
mkdir -p "$build"
# The trainer is built stand-alone (no engine library needed); -ffp-contract=off
# keeps floating point identical across optimisation levels.
# It includes ner_model.inc through ner_tagger.cc; a placeholder is enough.
printf '// placeholder\nstatic const char kNerModelBase64[] = "";\n' > "$build/placeholder.inc"
mkdir -p "$build/facts"
cp "$build/placeholder.inc" "$build/facts/ner_model.inc"
g++ -std=c++20 -O2 -ffp-contract=off -I"$root/include" -I"$build" -I"$root/src" \
  "$root/src/facts/ner_train.cc" "$root/src/facts/ner_features.cc" "$root/src/facts/ner_tagger.cc" \
  -licuuc -o "$build/ner_train"
"$build/ner_train" --train "$data/eng.train" --dev "$data/eng.testa" \
  --out "$root/src/facts/ner_model.inc" --epochs 8 --min-count 1 --folds 5 --seed 20030531 "$@"
