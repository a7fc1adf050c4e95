#!/usr/bin/env python3
"""Scores quote predictions (quotes_eval output) against PolNeAR gold with the
metric ../shared/data/quotes/README.md names for this data: the BBC citron
evaluation (citron/metrics.py, "as citron does on PARC 3.0: speaker F1 82.0,
content F1 59.3 exact / 83.3 partial"), over every attribution of the file.

Usage: quotes_citron.py GOLD.jsonl PRED.jsonl [--json]

A quote is one attribution: a cue span, a list of source spans and a list of
content spans, all measured in tokens (citron uses spaCy tokens; here a token
is a \\w+ run or one other non-space character, which splits words and
punctuation the same way for running text). Gold: every PolNeAR attribution
(cue = its cue span, sources and contents as annotated). Predicted: the
finder's quotes grouped by (cue span, speaker span), so that an interrupted
quote ("A," he said, "B.") is one quote with two contents as in the gold; a
partial quote inside an indirect one with the same cue and speaker is folded
into it (PolNeAR's mixed quotes are one content span).

Definitions, as in citron/metrics.py:
  speaker (source) exact: a predicted quote is a true positive when some gold
      quote has an overlapping cue (token spans, citron's are_overlapping_spans)
      and exactly the same list of source spans; a gold quote is found when some
      predicted quote is such a match for it. P = tp / predicted quotes,
      R = found / gold quotes.
  speaker (source) overlap: tokens shared by predicted and gold source spans
      (summed over all pairs) over predicted / gold source tokens.
  content exact: as speaker exact, with the list of content spans.
  content overlap: tokens shared by predicted and gold content spans (summed over
      all pairs) over predicted / gold content tokens.
"""
import json
import re
import sys

TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)


class Doc:
    def __init__(self, text):
        self.starts = []
        self.ends = []
        for m in TOKEN.finditer(text):
            self.starts.append(m.start())
            self.ends.append(m.end())

    def span(self, b, e):
        """Token span [first, last + 1) of the tokens overlapping characters [b, e); None when none."""
        import bisect
        i = bisect.bisect_right(self.ends, b)  # first token ending after b
        j = bisect.bisect_left(self.starts, e)  # tokens starting before e
        return (i, j) if j > i else None


def overlapping(a, b):  # citron utils.are_overlapping_spans
    return a is not None and b is not None and a[0] <= b[1] and a[1] > b[0]


def overlap(a, b):  # citron utils.get_overlap
    start = min(a[1], max(a[0], b[0]))
    end = max(a[0], min(a[1], b[1]))
    return end - start


def spans_overlap(xs, ys):
    return sum(overlap(x, y) for x in xs for y in ys)


def length(xs):
    return sum(x[1] - x[0] for x in xs)


def load_gold(path):
    docs = {}
    for line in open(path, encoding="utf-8"):
        a = json.loads(line)
        d = Doc(a["text"])
        quotes = []
        for at in a["attributions"]:
            cues = [s for c in at.get("cue", []) for s in c["spans"]]
            cue = d.span(min(b for b, _ in cues), max(e for _, e in cues)) if cues else None
            srcs = sorted(t for s in at.get("source", []) for b, e in s["spans"] if (t := d.span(b, e)))
            cons = sorted(t for c in at.get("content", []) for b, e in c["spans"] if (t := d.span(b, e)))
            quotes.append({"cue": cue, "sources": srcs, "contents": cons})
        docs[a["filename"]] = (d, quotes)
    return docs


def group(d, preds):
    # Fold a partial quote lying inside an indirect one with the same cue and speaker.
    kept = []
    for p in preds:
        if p["kind"] == "partial" and any(
                q["kind"] == "indirect" and q["b"] <= p["b"] and p["e"] <= q["e"] and
                (q["sb"], q["se"], q.get("cb"), q.get("ce")) == (p["sb"], p["se"], p.get("cb"), p.get("ce"))
                for q in preds):
            continue
        kept.append(p)
    quotes, by_key = [], {}
    for p in kept:
        cb, ce = p.get("cb", 0), p.get("ce", 0)
        cue = d.span(cb, ce) if ce > cb else None
        src = d.span(p["sb"], p["se"]) if p["se"] > p["sb"] else None
        con = d.span(p["b"], p["e"])
        if con is None:
            continue
        key = (cue, src) if cue else None
        if key is not None and key in by_key:
            by_key[key]["contents"].append(con)
            continue
        q = {"cue": cue, "sources": [src] if src else [], "contents": [con]}
        if key is not None:
            by_key[key] = q
        quotes.append(q)
    for q in quotes:
        q["contents"].sort()
    return quotes


def exact(preds, golds, field):
    def ok(p, g):
        return overlapping(p["cue"], g["cue"]) and p[field] == g[field]
    tp = sum(any(ok(p, g) for g in golds) for p in preds)
    found = sum(any(ok(p, g) for p in preds) for g in golds)
    return tp, found


def prf(p, r):
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold, pred):
    n_pred = n_gold = 0
    tot = {k: 0 for k in ("s_tp", "s_found", "c_tp", "c_found", "s_ov", "s_pl", "s_gl", "c_ov", "c_pl", "c_gl")}
    for name, (d, golds) in gold.items():
        preds = group(d, pred.get(name, []))
        n_pred += len(preds)
        n_gold += len(golds)
        tp, found = exact(preds, golds, "sources")
        tot["s_tp"] += tp
        tot["s_found"] += found
        tp, found = exact(preds, golds, "contents")
        tot["c_tp"] += tp
        tot["c_found"] += found
        for p in preds:
            tot["s_pl"] += length(p["sources"])
            tot["c_pl"] += length(p["contents"])
            for g in golds:
                tot["s_ov"] += spans_overlap(p["sources"], g["sources"])
                tot["c_ov"] += spans_overlap(p["contents"], g["contents"])
        for g in golds:
            tot["s_gl"] += length(g["sources"])
            tot["c_gl"] += length(g["contents"])
    div = lambda a, b: a / b if b else 0.0
    return {
        "n_gold": n_gold, "n_pred": n_pred,
        "speaker_exact": prf(div(tot["s_tp"], n_pred), div(tot["s_found"], n_gold)),
        "speaker_overlap": prf(div(tot["s_ov"], tot["s_pl"]), div(tot["s_ov"], tot["s_gl"])),
        "content_exact": prf(div(tot["c_tp"], n_pred), div(tot["c_found"], n_gold)),
        "content_overlap": prf(div(tot["c_ov"], tot["c_pl"]), div(tot["c_ov"], tot["c_gl"])),
    }


def main():
    gold = load_gold(sys.argv[1])
    pred = {}
    for line in open(sys.argv[2], encoding="utf-8"):
        d = json.loads(line)
        pred[d["filename"]] = d["pred"]
    res = score(gold, pred)
    if "--json" in sys.argv:
        print(json.dumps(res))
        return
    print(f"## citron metric, every attribution (gold quotes {res['n_gold']}, predicted quotes {res['n_pred']})")
    print("| span | match | P | R | F1 |")
    print("|---|---|---|---|---|")
    for k in ("speaker_exact", "speaker_overlap", "content_exact", "content_overlap"):
        span, match = k.split("_")
        p, r, f = res[k]
        print(f"| {span} | {match} | {p:.3f} | {r:.3f} | {f:.3f} |")


if __name__ == "__main__":
    main()
