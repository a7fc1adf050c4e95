#!/usr/bin/env bash
# Entity benchmark: our tagger and a peer (compromise, npm) on the same
# CoNLL-2003 eng.testa sentences, scored the same way (conlleval: type and
# both boundaries must match), plus tokens per second on one core.
#
#   bench/facts/ner.sh [BUILD_DIR]        (default build-ner; needs stage objects built:
#                                          ninja -C BUILD_DIR facts_tests)
# Env: STORYLINE_SHARED (default ../shared) holds data/ner/eng.testa.
#
# MISC: compromise has no "other" type, so the side-by-side row scores
# PER/ORG/LOC only (MISC dropped from gold and predictions alike); our
# four-type F1 (MISC included) is reported on its own row.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build-ner}"
shared="${STORYLINE_SHARED:-$root/../shared}"
gold="$shared/data/ner/eng.testa"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# Our runner, built from the facts and text stage objects (linked every run:
# a runner older than the objects would measure old code).
g++ -O2 -std=c++20 -I"$root/include" -I"$root/src" "$root/bench/facts/ner_eval.cc" \
  "$build"/CMakeFiles/stage_facts.dir/src/facts/*.o "$build"/CMakeFiles/stage_text.dir/src/text/*.o \
  -licuuc -licui18n -licudata -lstemmer -lcld2 -lxxhash -lfmt -lsimdjson -o "$build/ner_eval"
( cd "$root/bench/facts/ner_peer" && [ -d node_modules/compromise ] || npm ci --no-audit --no-fund >/dev/null )

taskset -c 0 "$build/ner_eval" "$gold" > "$out/ours.txt" 2> "$out/ours.json"
"$build/ner_eval" "$gold" --article > "$out/article.txt" 2> /dev/null
taskset -c 0 node "$root/bench/facts/ner_peer/tag.js" "$gold" > "$out/peer.txt" 2> "$out/peer.json"
score() { python3 "$root/bench/facts/ner_score.py" "$gold" "$1" --json ${2:+--types "$2"}; }
score "$out/ours.txt" > "$out/ours_all.json"
score "$out/ours.txt" PER,ORG,LOC > "$out/ours_3.json"
score "$out/article.txt" > "$out/article_all.json"
score "$out/peer.txt" PER,ORG,LOC > "$out/peer_3.json"
peer_version="$(node -p "require('$root/bench/facts/ner_peer/node_modules/compromise/package.json').version")"

python3 - "$out" "$peer_version" <<'PY'
import json, sys, os, platform, datetime, subprocess
out, peer_version = sys.argv[1], sys.argv[2]
j = lambda n: json.load(open(os.path.join(out, n)))
ours, peer = j("ours.json"), j("peer.json")
oa, o3, p3, aa = j("ours_all.json"), j("ours_3.json"), j("peer_3.json"), j("article_all.json")
cpu = "?"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip(); break
except OSError:
    pass
print(f"Entities, CoNLL-2003 eng.testa ({ours['tokens']} tokens, {o3['gold']} PER/ORG/LOC entities, "
      f"{oa['gold']} with MISC); `bench/facts/ner.sh`, {datetime.date.today()}, {cpu}, one core (taskset -c 0).\n")
print("| System | Types | P | R | F1 | PER F1 | ORG F1 | LOC F1 | MISC F1 | tokens/s/core |")
print("|---|---|---|---|---|---|---|---|---|---|")
def row(name, types, r, speed):
    t = r["types"]
    f = lambda k: f"{t[k]['f1']:.3f}" if k in t else "–"
    print(f"| {name} | {types} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {f('PER')} | {f('ORG')} | {f('LOC')} | {f('MISC')} | {speed} |")
row("Storyline tagger", "PER ORG LOC MISC", oa, f"{ours['tagger_tokens_per_second']:,.0f}")
row("Storyline tagger", "PER ORG LOC", o3, f"{ours['tagger_tokens_per_second']:,.0f}")
row("Storyline article path (TagEntities)", "PER ORG LOC MISC", aa, f"{ours['article_tokens_per_second']:,.0f}")
row(f"compromise {peer_version} (npm)", "PER ORG LOC", p3, f"{peer['tokens_per_second']:,.0f}")
print(f"\nStoryline tokens/s: tagger = features + Viterbi on the CoNLL tokens; full `TagEntities` on the "
      f"same text (sentence split, tokenisation, tagging, article-level corrections): "
      f"{ours['article_tokens_per_second']:,.0f} tokens/s. Model: {ours['model_features']:,} features. "
      f"MISC is dropped from gold and predictions in the PER/ORG/LOC rows (compromise has no such type). "
      f"The article path row scores TagEntities' mentions on the CoNLL tokens they cover (other -> MISC).")
PY
