#!/usr/bin/env python3
"""ROUGE-1/2 recall of `storyline brief` on the DUC 2004 half, next to the
13 published SumRepo systems scored by the same scorer (rouge.py).

For every cluster of ../shared/data/summarization/duc2004/clusters.jsonl the
10 documents are written as JSONL to a temporary directory (outside the
repository; nothing of the data is kept), `storyline brief --json --one-story
--summary-words 100` is run on them, and its summary sentences are scored
against the 4 human summaries exactly as ROUGE-1.5.5 -m -l 100 -f A does.
No option is tuned per cluster.

    python3 bench/brief/duc.py --storyline build-brief/storyline [--out DIR]
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rouge as rouge_mod  # noqa: E402


def run_storyline(binary, cluster, workdir, extra):
    path = os.path.join(workdir, cluster["cluster"] + ".jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for d in cluster["docs"]:
            f.write(json.dumps({"id": d["doc"], "outlet": d["doc"], "title": "", "language": "en",
                                "text": d["text"]}) + "\n")
    cmd = [binary, "brief", "--json", "--one-story", "--summary-words", "100"] + extra + [path]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    story = json.loads(out)["stories"][0]
    return [s["text"] for s in story["summary"]]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=rouge_mod.DEFAULT_DATA)
    ap.add_argument("--storyline", default="build-brief/storyline")
    ap.add_argument("--out", help="directory for per-cluster summaries and scores (default: a temp dir)")
    ap.add_argument("--extra", default="", help="extra flags for storyline brief")
    args = ap.parse_args()

    rouge = rouge_mod.Rouge(os.path.join(args.data, "rouge_wordnet2.0_exceptions.tsv"), 100)
    clusters = [json.loads(l) for l in open(os.path.join(args.data, "clusters.jsonl"), encoding="utf-8")]
    models = {c["cluster"]: [m["sentences"] for m in c["models"]] for c in clusters}

    scores = collections.defaultdict(lambda: collections.defaultdict(list))  # system -> n -> [recall]
    with open(os.path.join(args.data, "sumrepo_peers.jsonl"), encoding="utf-8") as f:
        for line in f:
            p = json.loads(line)
            if p["cluster"] in models:
                for n in (1, 2):
                    scores[p["system"]][n].append(rouge.score([p["text"]], models[p["cluster"]], n)[0])

    workdir = args.out or tempfile.mkdtemp(prefix="storyline-duc-")
    os.makedirs(workdir, exist_ok=True)
    extra = args.extra.split() if args.extra else []
    t0 = time.time()
    per_cluster = []
    for c in clusters:
        summary = run_storyline(args.storyline, c, workdir, extra)
        r1 = rouge.score(summary, models[c["cluster"]], 1)[0]
        r2 = rouge.score(summary, models[c["cluster"]], 2)[0]
        scores["Storyline"][1].append(r1)
        scores["Storyline"][2].append(r2)
        per_cluster.append((c["cluster"], r1, r2, len(" ".join(summary).split())))
        with open(os.path.join(workdir, c["cluster"] + ".summary.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(summary) + "\n")
    elapsed = time.time() - t0

    with open(os.path.join(workdir, "pertopic.tsv"), "w", encoding="utf-8") as f:
        f.write("cluster\tROUGE-1\tROUGE-2\twords\n")
        for row in per_cluster:
            f.write(f"{row[0]}\t{row[1]:.5f}\t{row[2]:.5f}\t{row[3]}\n")
    rows = sorted(((sum(v[1]) / len(v[1]), sum(v[2]) / len(v[2]), s) for s, v in scores.items()), reverse=True)
    print(f"DUC 2004 half: {len(clusters)} clusters; storyline ran in {elapsed:.1f} s; outputs in {workdir}")
    print("system\tROUGE-1 R\tROUGE-2 R")
    for r1, r2, s in rows:
        print(f"{s}\t{100 * r1:.2f}\t{100 * r2:.2f}")


if __name__ == "__main__":
    main()
