#!/usr/bin/env python3
"""Markdown table from score.py JSON files (and dedup_bench JSON), for docs/BENCHMARKS.md.

    python3 bench/dedup/table.py SCORE.json... [--bench dedup_bench.json]
"""
import argparse
import json

TYPES = ["exact", "edit05", "edit10", "edit15", "edit20", "edit30", "shuffle", "insert", "partial", "leads",
         "sibling"]


def f3(x):
    return "-" if x is None else "%.3f" % x


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("scores", nargs="+")
    ap.add_argument("--bench")
    args = ap.parse_args()
    head = ["tool", "setting", "P", "R", "F1"] + ["R " + t for t in TYPES] + [
        "unrelated reported", "span ±10cp", "span IoU≥.9", "mean IoU", "articles/s/core", "bytes/article"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for path in args.scores:
        s = json.load(open(path))
        tool, _, setting = s["label"].partition(" | ")
        st = s.get("stats", {})
        aps = st.get("articles_per_second")
        if aps is None and st.get("seconds"):
            aps = st["articles"] / st["seconds"]
        bpa = st.get("bytes_per_article")
        sp = s.get("spans") or {}
        row = [tool, setting, f3(s["precision"]), f3(s["recall"]), f3(s["f1"])]
        row += [f3(s["types"].get(t, {}).get("recall")) for t in TYPES]
        row += [f3(s.get("unrelated_reported_share")), f3(sp.get("within10")), f3(sp.get("iou90")),
                f3(sp.get("mean_iou")), "-" if aps is None else "%.0f" % aps, "-" if bpa is None else "%.0f" % bpa]
        print("| " + " | ".join(row) + " |")
    if args.bench:
        b = json.load(open(args.bench))
        print()
        print("| dedup_bench (1 core) | articles/s | bytes/article |")
        print("|---|---|---|")
        for r in b.get("benchmarks", []):
            bpa = r.get("bytes_per_article")
            print("| %s | %.0f | %s |" % (r["name"], r.get("items_per_second", 0), "-" if bpa is None else "%.0f" % bpa))


if __name__ == "__main__":
    main()
