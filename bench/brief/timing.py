#!/usr/bin/env python3
"""Seconds per brief for stories of 5, 50 and 500 articles, on one core.

Stories are built at run time from the DUC 2004 documents
(../shared/data/summarization/duc2004/clusters.jsonl; nothing is kept in the
repository): 5 articles = half of one cluster; 50 = five clusters; 500 = all
250 documents of the half and a copy of each with a fifth of its sentences
dropped (a story that big is mostly copies and rewrites). Every brief is run
as `taskset -c 0 storyline brief --json --one-story FILE` (the whole command:
reading, extraction, facts, dedup, conflicts, summary, JSON). Reported: the
CPU time of the process (user + system, from getrusage; robust when the
machine is shared) and the wall time, best and median of --repeat runs.

    python3 bench/brief/timing.py --storyline build-brief/storyline [--repeat 5]
"""
import argparse
import json
import os
import random
import resource
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rouge as rouge_mod  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=rouge_mod.DEFAULT_DATA)
    ap.add_argument("--storyline", default="build-brief/storyline")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--sizes", default="5,50,500")
    args = ap.parse_args()
    clusters = [json.loads(l) for l in open(os.path.join(args.data, "clusters.jsonl"), encoding="utf-8")]
    docs = []
    for c in clusters:
        for d in c["docs"]:
            docs.append((c["cluster"] + "-" + d["doc"], d["text"]))
    rng = random.Random(1)
    copies = []
    for id_, text in docs:
        sents = re.split(r"(?<=[.!?])\s+(?=[A-Z`])", text)
        kept = [s for k, s in enumerate(sents) if k == 0 or rng.random() >= 0.2]
        copies.append((id_ + "-copy", " ".join(kept)))
    work = tempfile.mkdtemp(prefix="storyline-timing-")
    taskset = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    print(f"{'articles':>8} {'bytes':>9} {'cpu best s':>10} {'cpu median s':>12} {'wall best s':>11} {'wall median s':>13}")
    for n in [int(x) for x in args.sizes.split(",")]:
        story = (docs + copies)[:n] if n > 50 else docs[:n]
        path = os.path.join(work, f"story{n}.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for k, (id_, text) in enumerate(story):
                f.write(json.dumps({"id": id_, "outlet": f"Outlet {k % 37}", "title": "",
                                    "published": "1998-11-02T12:00:00Z", "language": "en", "text": text}) + "\n")
        times, cpu = [], []
        for _ in range(args.repeat):
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(taskset + [args.storyline, "brief", "--json", "--one-story", path],
                           stdout=subprocess.DEVNULL, check=True)
            times.append(time.perf_counter() - t0)
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
        print(f"{n:>8} {os.path.getsize(path):>9} {min(cpu):>10.3f} {statistics.median(cpu):>12.3f} "
              f"{min(times):>11.3f} {statistics.median(times):>13.3f}")


if __name__ == "__main__":
    main()
