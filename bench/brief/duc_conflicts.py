#!/usr/bin/env python3
"""Conflicts `storyline brief` reports on real news with no labels: one brief per DUC 2004 cluster.

Every cluster of ../shared/data/summarization/duc2004/clusters.jsonl (10 real articles about one event;
nothing of them is kept in the repository) is written to a temporary JSONL file and briefed with
`taskset -c 0 storyline brief --json --one-story FILE`. Prints the number of conflicts reported and the CPU
time of the briefs; --out saves every cluster's conflicts as JSON, and --compare OLD.json lists the conflicts
that differ from an earlier --out (by sides' values and sources), each side with the sentence around its
first source's text, for reading by hand.

The articles go in without a publication date: the upstream copy dropped their dates, and giving all ten
one made-up date sets every "on Friday" of one article against another's as a false date conflict.

Labels: duc_conflicts_labels.tsv (ours: cluster, the sides' values, real or false, a note; no article text)
holds a reader's judgement of every conflict reported at the time it was written (session 9, 60 conflicts
read). The script prints how many reported conflicts carry each label, the labelled precision and how many
of the known real ones are still found, and lists the unlabelled ones with --show-new for reading; a reader
then adds their rows. Real here means: the sources give one quantity different values (a toll that differs
between reports counts); a figure of another thing, place, person or time is false.

    python3 bench/brief/duc_conflicts.py --storyline build/storyline --out /tmp/after.json [--compare /tmp/before.json] [--show-new]
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


def label_key(cluster, values):
    """A conflict as the labels name it: the cluster and the sorted leading token of each side's value."""
    return cluster + "\t" + " | ".join(sorted(str(v).split(" ")[0] for v in values))


def read_labels(path):
    labels = {}
    if path and os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            if not line.strip() or line.startswith("#"):
                continue
            cluster, values, verdict = line.rstrip("\n").split("\t")[:3]
            labels[label_key(cluster, values.split(" | "))] = verdict
    return labels


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
    ap.add_argument("--labels", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "duc_conflicts_labels.tsv"))
    ap.add_argument("--show-new", action="store_true", help="list the conflicts no label names, with their sentences")
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
                                    "language": "en", "text": d["text"]}) + "\n")
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
    labels = read_labels(args.labels)
    if labels:
        verdicts = {"real": 0, "false": 0, None: 0}
        unlabelled = []
        for cluster, conflicts in found.items():
            for c in conflicts:
                verdict = labels.get(label_key(cluster, [s["value"] for s in c["claims"]]))
                verdicts[verdict if verdict in verdicts else None] += 1
                if verdict is None:
                    unlabelled.append((cluster, c))
        known_real = sum(1 for v in labels.values() if v == "real")
        judged = verdicts["real"] + verdicts["false"]
        print(f"labelled real {verdicts['real']} false {verdicts['false']} unlabelled {verdicts[None]}; "
              f"precision over labelled {verdicts['real'] / judged if judged else 0:.3f}; "
              f"known real found {verdicts['real']}/{known_real}")
        if args.show_new:
            for cluster, c in unlabelled:
                print(f"{cluster} UNLABELLED {c['about']}")
                for s in c["claims"]:
                    print(f"    {s['value']} {s['sources']}: {context(docs[cluster][s['sources'][0]], s['text'])}")
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
