#!/usr/bin/env python3
"""Scores dedup output against the generator's truth.

    python3 bench/dedup/score.py --truth DIR/truth.jsonl --pred pred.json [--json out.json]
                                 [--kinds exact,near] [--label NAME]

`pred.json` is the output of `storyline dedup --json` (or of a baseline in the
same format): {"pairs":[{"a","b","kind","jaccard_estimate","jaccard","spans":
[{"a":[s,e],"b":[s,e],...}]}], "near_groups":[{"first","members"}], "stats":{...}}.
Pairs storyline implies rather than lists (an exact copy shares the pairs of
the first article of its words; every two members of a near-copy group are a
near pair) count as predicted, without spans. An optional top-level "ids" list
restricts scoring to the truth pairs whose two articles are both in it (the
all-pairs baseline runs on a subset).

Pairs (order does not matter):
  TP  a predicted pair whose truth type is positive (every type except
      "unrelated" and "disjoint")
  FP  a predicted pair labelled "unrelated", or with no label at all
  FN  a positive truth pair not predicted
  "disjoint" pairs (variants of one original sharing no 10-word passage) are
  ignored either way.
Reported: P/R/F1 overall; per type the recall (with P and F1 computed against
all FPs, so per-type P is a lower bound: FPs have no type), the share of
labelled same-topic unrelated pairs predicted, FPs by predicted kind, and the
predicted kind for each truth type.

Spans (matched pairs whose truth has spans): each truth span is compared with
the union of the pair's predicted spans that overlap it on both sides (a tool
may report one passage in pieces, e.g. a piece a paragraph). Reported: share
of truth spans whose predicted start (first piece) and end (last piece) are
within 10 code points on both sides, share with character IoU >= 0.9 (IoU =
mean of the two sides' IoU), mean IoU (0 when no predicted span touches it),
mean number of pieces, and the share of predicted spans overlapping a truth span.
"""
import argparse
import collections
import json
import sys

NEGATIVE = {"unrelated"}
IGNORED = {"disjoint"}
TOL = 10


def load_truth(path):
    truth = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            truth[frozenset((r["a"], r["b"]))] = r
    return truth


def inter(x, y):
    return max(0, min(x[1], y[1]) - max(x[0], y[0]))


def union(x, y):
    return (x[1] - x[0]) + (y[1] - y[0]) - inter(x, y)


def side_iou(pieces, t):
    """IoU of the union of intervals `pieces` with interval t (code points)."""
    if not pieces:
        return 0.0
    merged = []
    for x in sorted(pieces):
        if merged and x[0] <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], x[1])
        else:
            merged.append([x[0], x[1]])
    size = sum(e - b for b, e in merged)
    i = sum(inter(m, t) for m in merged)
    return i / (size + (t[1] - t[0]) - i)


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(truth, pred, kinds=None):
    ids = set(pred["ids"]) if pred.get("ids") else None
    if ids is not None:
        truth = {k: v for k, v in truth.items() if k <= ids}
    pairs = {}
    for p in pred.get("pairs", []):
        if kinds and p.get("kind") not in kinds:
            continue
        key = frozenset((p["a"], p["b"]))
        if len(key) == 2:
            pairs[key] = p
    # Storyline lists a near-copy group's pairs in part (each member with the
    # group's first and with its closest other earlier member): every two
    # members are near duplicates (docs/FORMATS.md "near_groups"). The pairs
    # not listed count as found, kind "near", without spans.
    for g in pred.get("near_groups", []):
        members = g["members"]
        if ids is not None:
            members = [m for m in members if m in ids]
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                key = frozenset((members[x], members[y]))
                if key not in pairs and (not kinds or "near" in kinds):
                    pairs[key] = {"a": members[x], "b": members[y], "kind": "near", "implied": True}
    # Storyline lists an exact copy once, paired with the first article of its
    # words; the copy shares that article's every other pair (docs/FORMATS.md),
    # those implied by its near-copy group included.
    # Those implied pairs count as found; they carry no spans of their own, so
    # span scores stay with the listed pairs.
    group = {}
    def find(x):
        while group.get(x, x) != x:
            x = group[x]
        return x
    for p in pred.get("pairs", []):
        if p.get("kind") == "exact":
            group[find(p["b"])] = find(p["a"])
    members = collections.defaultdict(set)
    for x in list(group):
        members[find(x)].add(x)
        members[find(x)].add(find(x))
    if members:
        for key, p in list(pairs.items()):
            a, b = p["a"], p["b"]
            for x in members.get(find(a), {a}):
                for y in members.get(find(b), {b}):
                    implied = frozenset((x, y))
                    if len(implied) == 2 and implied not in pairs:
                        pairs[implied] = {"a": x, "b": y, "kind": p.get("kind"), "implied": True}
    by_type = collections.Counter(r["type"] for r in truth.values())
    found = collections.Counter()
    kind_of_type = collections.defaultdict(collections.Counter)
    fp_by_kind = collections.Counter()
    fp_unrelated = 0
    fp_unlabelled = 0
    tp = 0
    span_stats = collections.defaultdict(lambda: {"n": 0, "within": 0, "iou90": 0, "iou_sum": 0.0, "pieces": 0})
    pred_spans_total = 0
    pred_spans_hit = 0
    any_pred_spans = False
    for key, p in pairs.items():
        r = truth.get(key)
        if r is None or r["type"] in NEGATIVE:
            fp_by_kind[p.get("kind", "?")] += 1
            if r is None:
                fp_unlabelled += 1
            else:
                fp_unrelated += 1
                found[r["type"]] += 1
            continue
        if r["type"] in IGNORED:
            continue
        tp += 1
        found[r["type"]] += 1
        kind_of_type[r["type"]][p.get("kind", "?")] += 1
        if p.get("implied"):
            continue
        # spans, oriented like the truth
        swap = p["a"] != r["a"]
        ps = []
        for s in p.get("spans") or []:
            any_pred_spans = True
            a, b = (s["b"], s["a"]) if swap else (s["a"], s["b"])
            ps.append((a, b))
        pred_spans_total += len(ps)
        for a, b in ps:
            if any(inter(a, t["a"]) > 0 and inter(b, t["b"]) > 0 for t in r["spans"]):
                pred_spans_hit += 1
        for t in r["spans"]:
            # the predicted pieces overlapping this truth span on both sides
            # (a tool may report one passage as several pieces, e.g. one a
            # paragraph): compared as their union
            pieces = [(a, b) for a, b in ps if inter(a, t["a"]) > 0 and inter(b, t["b"]) > 0]
            iou = (side_iou([a for a, _ in pieces], t["a"]) + side_iou([b for _, b in pieces], t["b"])) / 2
            within = bool(pieces) and all(
                abs(min(x[0] for x in side) - tr[0]) <= TOL and abs(max(x[1] for x in side) - tr[1]) <= TOL
                for side, tr in (([a for a, _ in pieces], t["a"]), ([b for _, b in pieces], t["b"])))
            for group in (r["type"], "all"):
                st = span_stats[group]
                st["n"] += 1
                st["iou_sum"] += iou
                st["pieces"] += len(pieces)
                if iou >= 0.9:
                    st["iou90"] += 1
                if within:
                    st["within"] += 1
    positives = sum(n for t, n in by_type.items() if t not in NEGATIVE | IGNORED)
    fp = fp_unrelated + fp_unlabelled
    P, R, F = prf(tp, fp, positives - tp)
    out = {"pairs_predicted": len(pairs), "tp": tp, "fp": fp, "fn": positives - tp,
           "fp_labelled_unrelated": fp_unrelated, "fp_unlabelled": fp_unlabelled,
           "fp_by_kind": dict(fp_by_kind), "precision": P, "recall": R, "f1": F, "types": {}}
    for t in sorted(by_type):
        if t in IGNORED:
            continue
        n = by_type[t]
        d = {"truth_pairs": n, "predicted": found[t], "share_predicted": found[t] / n if n else 0.0}
        if t not in NEGATIVE:
            p_, r_, f_ = prf(found[t], fp, n - found[t])
            d.update({"recall": r_, "precision_vs_all_fp": p_, "f1_vs_all_fp": f_,
                      "predicted_kind": dict(kind_of_type[t])})
        st = span_stats.get(t)
        if st and st["n"] and any_pred_spans:
            d["spans"] = {"n": st["n"], "within10": st["within"] / st["n"], "iou90": st["iou90"] / st["n"],
                          "mean_iou": st["iou_sum"] / st["n"], "pieces": st["pieces"] / st["n"]}
        out["types"][t] = d
    out["unrelated_reported_share"] = out["types"].get("unrelated", {}).get("share_predicted")
    st = span_stats.get("all")
    if st and st["n"] and any_pred_spans:
        out["spans"] = {"n": st["n"], "within10": st["within"] / st["n"], "iou90": st["iou90"] / st["n"],
                        "mean_iou": st["iou_sum"] / st["n"], "pieces": st["pieces"] / st["n"],
                        "pred_spans_on_truth": pred_spans_hit / pred_spans_total if pred_spans_total else None}
    else:
        out["spans"] = None
    out["stats"] = pred.get("stats", {})
    return out


def fmt(x):
    return "-" if x is None else "%.3f" % x


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--truth", required=True)
    ap.add_argument("--pred", required=True)
    ap.add_argument("--json", help="write the scores here")
    ap.add_argument("--label", default="", help="name stored in the JSON (tool / setting)")
    ap.add_argument("--kinds", help="only score predicted pairs of these kinds (comma list)")
    args = ap.parse_args()
    truth = load_truth(args.truth)
    with open(args.pred, encoding="utf-8") as f:
        pred = json.load(f)
    res = score(truth, pred, set(args.kinds.split(",")) if args.kinds else None)
    res["label"] = args.label
    if args.json:
        with open(args.json, "w") as f:
            json.dump(res, f, indent=1)
    print("%s pairs: P %s R %s F1 %s  (tp %d fp %d [unrelated %d, unlabelled %d] fn %d)" % (
        args.label, fmt(res["precision"]), fmt(res["recall"]), fmt(res["f1"]), res["tp"], res["fp"],
        res["fp_labelled_unrelated"], res["fp_unlabelled"], res["fn"]))
    for t, d in res["types"].items():
        line = "  %-10s n=%-5d predicted %s" % (t, d["truth_pairs"], fmt(d["share_predicted"]))
        if "predicted_kind" in d:
            line += "  kinds %s" % json.dumps(d["predicted_kind"], sort_keys=True)
        if "spans" in d:
            s = d["spans"]
            line += "  spans within10 %s iou90 %s meanIoU %s" % (fmt(s["within10"]), fmt(s["iou90"]),
                                                                  fmt(s["mean_iou"]))
        print(line)
    if res["spans"]:
        s = res["spans"]
        print("  spans (all): n=%d within10 %s iou90 %s meanIoU %s predicted-on-truth %s" % (
            s["n"], fmt(s["within10"]), fmt(s["iou90"]), fmt(s["mean_iou"]), fmt(s["pred_spans_on_truth"])))


if __name__ == "__main__":
    sys.exit(main())
