#!/usr/bin/env python3
"""Conflicts `storyline brief` reports on real news with no labels: one brief per DUC 2004 cluster.

Every cluster of ../shared/data/summarization/duc2004/clusters.jsonl (10 real articles about one event;
nothing of them is kept in the repository) is written to a temporary JSONL file and briefed with
`taskset -c 0 storyline brief --json --one-story FILE`. Prints the number of conflicts reported and the CPU
time of the briefs; --out saves every cluster's conflicts as JSON, and --compare OLD.json lists the conflicts
that differ from an earlier --out (by sides' values and sources), each side with the sentence around its
first source's text, for reading by hand: there are no labels, a reader judges each one real or false.

    python3 bench/brief/duc_conflicts.py --storyline build/storyline --out /tmp/after.json [--compare /tmp/before.json]
"""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rouge as rouge_mod  # noqa: E402  (for DEFAULT_DATA only)


def key(conflict):
    return tuple(sorted((tuple(sorted(s["sources"])), s["value"]) for s in conflict["claims"]))


def context(text, needle, width=200):
    i = text.find(needle)
    if i < 0:
        return "?"
    return "..." + text[max(0, i - width):i + len(needle) + width].replace("\n", " ") + "..."


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=rouge_mod.DEFAULT_DATA)
    ap.add_argument("--storyline", default="build-brief/storyline")
    ap.add_argument("--out", help="save every cluster's conflicts here (JSON)")
    ap.add_argument("--compare", help="an earlier --out: list the conflicts that differ from it")
    args = ap.parse_args()
    clusters = [json.loads(l) for l in open(os.path.join(args.data, "clusters.jsonl"), encoding="utf-8")]
    taskset = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    work = tempfile.mkdtemp(prefix="storyline-duc-conflicts-")
    found, docs, cpu = {}, {}, 0.0
    for c in clusters:
        path = os.path.join(work, c["cluster"] + ".jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for k, d in enumerate(c["docs"]):
                f.write(json.dumps({"id": d["doc"], "outlet": f"Outlet {k}", "title": "",
                                    "published": "1998-11-02T12:00:00Z", "language": "en", "text": d["text"]}) + "\n")
        docs[c["cluster"]] = {d["doc"]: d["text"] for d in c["docs"]}
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.run(taskset + [args.storyline, "brief", "--json", "--one-story", path],
                             capture_output=True, text=True, check=True).stdout
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu += r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime
        brief = json.loads(out)
        story = brief["stories"][0] if "stories" in brief else brief
        found[c["cluster"]] = story.get("conflicts", [])
    shutil.rmtree(work, ignore_errors=True)
    print(f"clusters {len(clusters)} conflicts {sum(len(v) for v in found.values())} cpu {cpu:.2f} s")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(found, f, indent=1)
    if args.compare:
        old = json.load(open(args.compare, encoding="utf-8"))
        for cluster, conflicts in found.items():
            before = {key(c) for c in old.get(cluster, [])}
            after = {key(c) for c in conflicts}
            for c in old.get(cluster, []):
                if key(c) not in after:
                    print(f"{cluster} GONE {c['about']}: " + " | ".join(f"{s['value']} {s['sources']}" for s in c["claims"]))
            for c in conflicts:
                if key(c) in before:
                    continue
                print(f"{cluster} NEW  {c['about']}")
                for s in c["claims"]:
                    print(f"    {s['value']} {s['sources']}: {context(docs[cluster][s['sources'][0]], s['text'])}")


if __name__ == "__main__":
    main()
