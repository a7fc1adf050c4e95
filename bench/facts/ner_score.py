#!/usr/bin/env python3
"""Entity precision / recall / F1 with the conlleval definition (a predicted
entity counts only when its type and both boundaries match a gold entity).

  ner_score.py GOLD_CONLL PRED_FILE [--types PER,ORG,LOC] [--json]

GOLD_CONLL: CoNLL-2003 (IOB1 tags in the last column); PRED_FILE: one BIO
(or IOB1) tag per token, a blank line between sentences. --types keeps only
those types, in gold and prediction alike (the others are dropped, not
counted as errors)."""
import argparse
import json
import sys


def read_gold(path):
    sents, cur = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("-DOCSTART-"):
                continue
            if not line.strip():
                if cur:
                    sents.append(cur)
                cur = []
                continue
            cur.append(line.split()[-1])
    if cur:
        sents.append(cur)
    return sents


def read_pred(path):
    sents, cur = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                if cur:
                    sents.append(cur)
                cur = []
                continue
            cur.append(line)
    if cur:
        sents.append(cur)
    return sents


def chunks(tags, types):
    """Entities (start, end, type) of an IOB1 or BIO tag sequence (conlleval)."""
    out, start, typ = [], None, None
    for i, t in enumerate(tags + ["O"]):
        p, _, ty = t.partition("-")
        begins = p == "B" or (p == "I" and ty != typ)
        if start is not None and (p == "O" or begins):
            out.append((start, i, typ))
            start, typ = None, None
        if p in ("B", "I") and start is None:
            start, typ = i, ty
    return {c for c in out if types is None or c[2] in types}


def score(gold, pred, types=None):
    if len(gold) != len(pred):
        sys.exit(f"sentence count differs: gold {len(gold)}, prediction {len(pred)}")
    tp = np = ng = 0
    per_type = {}
    for g, p in zip(gold, pred):
        if len(g) != len(p):
            sys.exit("token count differs in a sentence")
        gc, pc = chunks(g, types), chunks(p, types)
        tp += len(gc & pc)
        np += len(pc)
        ng += len(gc)
        for c in gc | pc:
            d = per_type.setdefault(c[2], [0, 0, 0])
            d[0] += c in gc and c in pc
            d[1] += c in pc
            d[2] += c in gc
    def prf(tp, np, ng):
        p = tp / np if np else 0.0
        r = tp / ng if ng else 0.0
        return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "gold": ng, "predicted": np}
    res = prf(tp, np, ng)
    res["types"] = {t: prf(*v) for t, v in sorted(per_type.items())}
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("pred")
    ap.add_argument("--types", default=None)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    types = set(a.types.split(",")) if a.types else None
    res = score(read_gold(a.gold), read_pred(a.pred), types)
    if a.json:
        print(json.dumps(res))
    else:
        print(f"P {res['precision']:.4f} R {res['recall']:.4f} F1 {res['f1']:.4f}")
        for t, v in res["types"].items():
            print(f"  {t}: P {v['precision']:.4f} R {v['recall']:.4f} F1 {v['f1']:.4f}")


if __name__ == "__main__":
    main()
