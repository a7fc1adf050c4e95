#!/usr/bin/env python3
"""Exhaustive all-pairs exact Jaccard (word 3-gram shingles, lower case) on a
subset of the corpus: a recall reference (no LSH misses) and a speed reference.

    python3 bench/dedup/baseline_allpairs.py --corpus DIR/corpus.jsonl --out pred.json \
        [--limit 1000] [--threshold 0.3] [--shingle 3] [--truth DIR/truth.jsonl --jaccard-out j.json]

The subset is the `--limit` articles with the smallest ids (ids are given per
family, so the subset holds whole families). Writes the `storyline dedup --json`
format with "ids" (the subset, so score.py scores only truth pairs inside it).
stats.articles_per_second = subset size / time of shingling + all pairs.

With --truth, also computes the exact Jaccard of EVERY truth pair of the whole
corpus and writes per-type quantiles to --jaccard-out (used to pick thresholds).
"""
import argparse
import collections
import json
import re
import sys
import time

WORD_RE = re.compile(r"\w+")


def shingles(text, n):
    w = WORD_RE.findall(text.lower())
    s = {hash(" ".join(w[i:i + n])) for i in range(len(w) - n + 1)}
    if not s and w:
        s.add(hash(" ".join(w)))
    return s


def jaccard(a, b):
    if not a and not b:
        return 1.0
    i = len(a & b)
    return i / (len(a) + len(b) - i)


def quantiles(xs, qs=(0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0)):
    xs = sorted(xs)
    return {("p%02d" % int(q * 100)) if q < 1 else "max": xs[min(len(xs) - 1, int(q * (len(xs) - 1) + 0.5))]
            for q in qs} if xs else {}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--limit", type=int, default=1000)
    ap.add_argument("--threshold", type=float, default=0.3)
    ap.add_argument("--shingle", type=int, default=3)
    ap.add_argument("--truth")
    ap.add_argument("--jaccard-out")
    args = ap.parse_args()
    docs = [json.loads(l) for l in open(args.corpus, encoding="utf-8")]
    by_id = {d["id"]: d for d in docs}
    subset = sorted(by_id)[:args.limit]
    t0 = time.perf_counter()
    sets = [shingles(by_id[i]["text"], args.shingle) for i in subset]
    pairs = []
    for x in range(len(subset)):
        sx = sets[x]
        for y in range(x + 1, len(subset)):
            j = jaccard(sx, sets[y])
            if j >= args.threshold:
                pairs.append({"a": subset[x], "b": subset[y], "kind": "exact" if j == 1.0 else "near",
                              "jaccard": j})
    sec = time.perf_counter() - t0
    n = len(subset)
    out = {"ids": subset, "pairs": pairs, "reuse": [],
           "stats": {"tool": "all-pairs exact Jaccard (python)", "articles": n, "pairs": len(pairs),
                     "pairs_compared": n * (n - 1) // 2, "threshold": args.threshold, "shingle": args.shingle,
                     "seconds": sec, "articles_per_second": n / sec}}
    with open(args.out, "w") as f:
        json.dump(out, f)
    print("all-pairs baseline: %d articles, %d pairs compared, %d pairs >= %.2f, %.1f articles/s" % (
        n, n * (n - 1) // 2, len(pairs), args.threshold, n / sec), file=sys.stderr)

    if args.truth and args.jaccard_out:
        cache = {}

        def sh(i):
            if i not in cache:
                cache[i] = shingles(by_id[i]["text"], args.shingle)
            return cache[i]

        per = collections.defaultdict(list)
        for line in open(args.truth, encoding="utf-8"):
            r = json.loads(line)
            per[r["type"]].append(jaccard(sh(r["a"]), sh(r["b"])))
        res = {t: dict(quantiles(v), n=len(v), mean=sum(v) / len(v)) for t, v in sorted(per.items())}
        # separating thresholds: share of each type at or above candidate thresholds
        res["_share_at_or_above"] = {
            "%.2f" % th: {t: sum(1 for x in v if x >= th) / len(v) for t, v in sorted(per.items())}
            for th in (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)}
        with open(args.jaccard_out, "w") as f:
            json.dump(res, f, indent=1)


if __name__ == "__main__":
    main()
