#!/usr/bin/env bash
# Quote benchmark: content and speaker P/R/F1 on PolNeAR dev and tokens/s/core.
#   bench/facts/quotes.sh [DATA_DIR]   (default /work/shared/data/quotes)
# Builds bench/facts/quotes_eval.cc with src/facts/quotes.cc, quote_model.cc, form_set.cc and src/text/dateline.cc
# (Release flags),
# scores with quotes_citron.py (the metric ../shared/data/quotes/README.md
# names: citron's, every attribution; the issue's figures) and with
# quotes_score.py (our earlier unit-matching rules, kept for comparison), runs
# the npm peer (compromise quotations(), via facts_peer.js) on the same
# articles and times FindQuotes alone pinned to core 0 (5 passes over dev,
# JSON parsing excluded).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA="${1:-${STORYLINE_SHARED:-$REPO/../shared}/data/quotes}"
[[ -f "$DATA/dev.jsonl" ]] || DATA=/work/shared/data/quotes
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
g++ -O2 -DNDEBUG -std=c++20 -I"$REPO/include" -I"$REPO/src" \
  "$REPO/bench/facts/quotes_eval.cc" "$REPO/src/facts/quotes.cc" "$REPO/src/facts/quote_model.cc" "$REPO/src/facts/form_set.cc" "$REPO/src/text/dateline.cc" -o "$OUT/quotes_eval"
"$OUT/quotes_eval" < "$DATA/dev.jsonl" > "$OUT/pred.jsonl"
PIN="taskset -c 0"; command -v taskset >/dev/null || PIN=""
read -r secs toks found < <($PIN "$OUT/quotes_eval" --time 5 < "$DATA/dev.jsonl" 2>&1 >/dev/null)
echo "Command: bench/facts/quotes.sh; date: $(date -u +%Y-%m-%d); machine: $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo
echo "Quote finder on PolNeAR dev ($(wc -l < "$DATA/dev.jsonl") articles), no entities passed:"
echo
python3 "$REPO/bench/facts/quotes_citron.py" "$DATA/dev.jsonl" "$OUT/pred.jsonl"
echo
( cd "$REPO/bench/facts/ner_peer" && [ -d node_modules/compromise ] || npm ci --no-audit --no-fund >/dev/null )
( cd "$REPO/bench/facts" && [ -d node_modules/chrono-node ] || npm ci --no-audit --no-fund >/dev/null )
node "$REPO/bench/facts/facts_peer.js" quotes < "$DATA/dev.jsonl" > "$OUT/peer.jsonl"
echo "Peer: compromise $(node -p "require('$REPO/bench/facts/ner_peer/node_modules/compromise/package.json').version") quotations() (quoted text only: no speaker, cue or indirect speech), same metric:"
echo
python3 "$REPO/bench/facts/quotes_citron.py" "$DATA/dev.jsonl" "$OUT/peer.jsonl"
echo
echo "Our earlier unit-matching rules (quotes_score.py):"
echo
python3 "$REPO/bench/facts/quotes_score.py" "$DATA/dev.jsonl" "$OUT/pred.jsonl"
echo
python3 -c "import sys; s,t=float(sys.argv[1]),int(sys.argv[2]); print(f'| FindQuotes speed | {t/s:,.0f} tokens/s/core ({t} tokens in {s:.3f} s, taskset -c 0) |')" "$secs" "$toks"
