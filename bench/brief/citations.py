#!/usr/bin/env python3
"""Citation precision and recall of `storyline brief` on hand-labelled stories.

Labelled stories (labels in tests/data/brief/, articles read where they live):
  * the seeds: ../shared/seeds (5 real articles, never copied here) with
    tests/data/brief/seeds_claims.tsv; ids are the files' 3-digit prefixes;
  * the sample corpus's port strike: examples/corpus/port-strike (fictional,
    bundled) with tests/data/brief/sample_port_strike_claims.tsv.

Each label row is one statement the story's articles make, with `markers`
(lower-case fragments), `must` (articles that state all of it) and `may`
(articles that state part of it, or in words too far off to demand). The rows
were written by reading every article of the story, before and independently
of Storyline's output, and are never tuned against it.

For every statement of the brief (summary sentences and claims) the first
row all of whose markers it contains is its label; statements no row matches
are counted but not scored. Per statement:
  precision = cited articles in must+may / cited articles
  recall    = must articles cited / must articles
summed over statements (micro-average).

    python3 bench/brief/citations.py --storyline build-brief/storyline
"""
import argparse
import json
import os
import subprocess
import sys
import unicodedata

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))


def load_labels(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) != 4:
            continue
        split = lambda s: {x for x in s.split(",") if x}
        rows.append({"name": cols[0], "markers": cols[1].split(" | "), "must": split(cols[2]), "may": split(cols[3])})
    return rows


def fold(s):
    s = unicodedata.normalize("NFKC", s).lower()
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        s = s.replace(a, b)
    return s


def score(statements, rows, id_of):
    out = {"statements": 0, "matched": 0, "cited": 0, "cited_ok": 0, "must": 0, "must_cited": 0, "errors": []}
    for st in statements:
        out["statements"] += 1
        text = fold(st["text"])
        row = next((r for r in rows if all(m in text for m in r["markers"])), None)
        if row is None:
            continue
        out["matched"] += 1
        cited = {id_of(s) for s in st["sources"]}
        ok = cited & (row["must"] | row["may"])
        out["cited"] += len(cited)
        out["cited_ok"] += len(ok)
        out["must"] += len(row["must"])
        out["must_cited"] += len(row["must"] & cited)
        for x in sorted(cited - ok):
            out["errors"].append(f"{row['name']}: wrong source {x}: {st['text'][:90]}")
        for x in sorted(row["must"] - cited):
            out["errors"].append(f"{row['name']}: missing source {x}: {st['text'][:90]}")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--storyline", default="build-brief/storyline")
    ap.add_argument("--seeds", default=os.path.join(ROOT, "../shared/seeds"))
    ap.add_argument("--show", action="store_true", help="print every wrong or missing citation")
    args = ap.parse_args()
    sets = [
        ("seeds", [args.seeds], ["--published", "2023-03-17"], os.path.join(ROOT, "tests/data/brief/seeds_claims.tsv"),
         lambda i: i[:3]),
        ("sample port-strike", [os.path.join(ROOT, "examples/corpus/port-strike")], [],
         os.path.join(ROOT, "tests/data/brief/sample_port_strike_claims.tsv"), lambda i: i),
    ]
    total = {"summary": [0] * 6, "claims": [0] * 6}
    print("set\tpart\tstatements\tlabelled\tprecision\trecall")
    for name, inputs, extra, labels, id_of in sets:
        if not os.path.exists(inputs[0]):
            print(f"{name}\tSKIPPED ({inputs[0]} absent)")
            continue
        out = subprocess.run([args.storyline, "brief", "--json", "--one-story"] + extra + inputs, capture_output=True,
                             text=True, check=True).stdout
        story = json.loads(out)["stories"][0]
        rows = load_labels(labels)
        for part in ("summary", "claims"):
            r = score(story[part], rows, id_of)
            p = r["cited_ok"] / r["cited"] if r["cited"] else 0
            rec = r["must_cited"] / r["must"] if r["must"] else 0
            print(f"{name}\t{part}\t{r['statements']}\t{r['matched']}\t{p:.3f} ({r['cited_ok']}/{r['cited']})\t"
                  f"{rec:.3f} ({r['must_cited']}/{r['must']})")
            t = total[part]
            for k, key in enumerate(("statements", "matched", "cited_ok", "cited", "must_cited", "must")):
                t[k] += r[key]
            if args.show:
                for e in r["errors"]:
                    print("   ", e)
    for part, t in total.items():
        p = t[2] / t[3] if t[3] else 0
        rec = t[4] / t[5] if t[5] else 0
        print(f"all\t{part}\t{t[0]}\t{t[1]}\t{p:.3f} ({t[2]}/{t[3]})\t{rec:.3f} ({t[4]}/{t[5]})")
    t = [a + b for a, b in zip(total["summary"], total["claims"])]
    print(f"all\tsummary+claims\t{t[0]}\t{t[1]}\t{t[2] / max(t[3], 1):.3f} ({t[2]}/{t[3]})\t"
          f"{t[4] / max(t[5], 1):.3f} ({t[4]}/{t[5]})")


if __name__ == "__main__":
    main()
