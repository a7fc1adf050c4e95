#!/usr/bin/env python3
"""Contradiction detection of `storyline brief` on a generated, labelled set.

Stories are made at run time from real newswire (the DUC 2004 documents in
../shared/data/summarization/duc2004/clusters.jsonl; nothing of them is kept
in the repository): one document becomes a story told by 4 "outlets", each a
copy that drops some of the document's sentences (never the one a label is
about). In half of the stories (seeded choice) one copy gets one planted
contradiction in one sentence that at least two other copies keep intact:

  number    a figure changed ("64 of the 122 seats" -> "71 of the 122 seats")
  date      a weekday, a month day or a year changed ("on Friday" -> "on Tuesday")
  duration  a length changed ("three-month deadlock" -> "five-month deadlock")
  negation  a statement negated or its negation removed ("was" -> "was not")

The other half are controls: the same copies, with one copy restating a
figure in a compatible form instead ("$5 million" -> "$5,000,000", "10
percent" -> "10%", "5" -> "five"), which must not be reported.

Scoring: a reported conflict is a true positive when one of its sides is
carried by the altered copy alone, another side by at least one intact copy,
and it is about the planted sentence (the altered side's text occurs in it).
Each planted contradiction counts once for recall; every other reported
conflict is a false positive.

    python3 bench/brief/contradictions.py --storyline build-brief/storyline [--seed 1] [--stories 200]
"""
import argparse
import collections
import json
import os
import random
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rouge as rouge_mod  # noqa: E402  (for DEFAULT_DATA only)

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December", "Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
NUMWORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
UNITS = ["day", "week", "month", "year", "hour", "minute"]
AUX = ["is", "was", "are", "were", "will", "would", "can", "could", "has", "have", "had", "should", "did", "does"]


def split_sentences(text):
    # Newswire sentences: end punctuation (optionally closing quotes) then a space and a capital or quote.
    parts = re.split(r"(?<=[.!?])(?:''|\")?\s+(?=[A-Z`\"])", text)
    return [p.strip() for p in parts if p.strip()]


def plant_number(s, rng):
    cands = [m for m in re.finditer(r"(?<![\w.,$])(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w,.]?\d)", s)
             if not re.fullmatch(r"1[89]\d\d|20\d\d", m.group(0))]
    if not cands:
        return None
    m = rng.choice(cands)
    old = m.group(0)
    v = float(old.replace(",", ""))
    factor = rng.choice([1.25, 1.5, 0.6, 2.0, 0.75])
    new_v = v * factor if v >= 4 else v + rng.choice([2, 3])
    new_v = int(round(new_v)) if "." not in old else round(new_v, 1)
    if new_v == v:
        new_v = v + 1
    new = f"{new_v:,}" if "," in old else str(new_v)
    return s[:m.start()] + new + s[m.end():], old, new


def plant_date(s, rng):
    opts = []
    for w in WEEKDAYS:
        for m in re.finditer(r"\b%s\b" % w, s):
            opts.append((m, rng.choice([x for x in WEEKDAYS if x != w])))
    for mon in MONTHS:
        for m in re.finditer(r"\b%s (\d{1,2})\b" % re.escape(mon), s):
            day = int(m.group(1))
            nd = day + rng.choice([2, 3, 5]) if day < 20 else day - rng.choice([2, 3, 5])
            opts.append((m, f"{mon} {nd}"))
    for m in re.finditer(r"\b(19[5-9]\d)\b", s):
        opts.append((m, str(int(m.group(1)) - rng.choice([1, 2, 3]))))
    if not opts:
        return None
    m, new = rng.choice(opts)
    return s[:m.start()] + new + s[m.end():], m.group(0), new


def plant_duration(s, rng):
    pat = r"\b(%s|\d+)([- ])(%s)s?\b" % ("|".join(NUMWORDS), "|".join(UNITS))
    cands = list(re.finditer(pat, s, flags=re.I))
    if not cands:
        return None
    m = rng.choice(cands)
    n = m.group(1).lower()
    if n.isdigit():
        new_n = str(int(n) + rng.choice([1, 2, 3]))
    else:
        new_n = rng.choice([x for x in NUMWORDS if x != n])
    if m.group(1)[0].isupper():
        new_n = new_n.capitalize()
    new = new_n + m.group(0)[len(m.group(1)):]
    if m.group(2) == " " and not m.group(0).endswith("s") and new_n not in ("one",):
        new = new_n + " " + m.group(3) + "s"
    return s[:m.start()] + new + s[m.end():], m.group(0), new


def plant_negation(s, rng):
    neg = list(re.finditer(r"\b(%s) not\b" % "|".join(AUX), s))
    if neg:
        m = rng.choice(neg)
        return s[:m.start()] + m.group(1) + s[m.end():], m.group(0), m.group(1)
    cands = list(re.finditer(r"\b(%s)\b(?! not)" % "|".join(AUX), s))
    if not cands:
        return None
    m = rng.choice(cands)
    return s[:m.end()] + " not" + s[m.end():], m.group(0), m.group(0) + " not"


def compatible_variant(s, rng):
    """A restatement that must not count as a contradiction."""
    m = re.search(r"\$(\d+(?:\.\d+)?) (million|billion)", s)
    if m:
        v = float(m.group(1)) * (1e6 if m.group(2) == "million" else 1e9)
        return s[:m.start()] + f"${int(v):,}" + s[m.end():], m.group(0), f"${int(v):,}"
    m = re.search(r"\b(\d+(?:\.\d+)?) percent\b", s)
    if m:
        return s[:m.start()] + m.group(1) + "%" + s[m.end():], m.group(0), m.group(1) + "%"
    # Not a digit of a fraction: "5 1-2 hours" (wire style for 5.5) and "1 1/2 years" restated as
    # "five 1-2 hours" or "1 1/two years" would say something else.
    for m in re.finditer(r"(?<![\d.,$/-])\b([2-9])\b(?![.,:/-]\d)(?! \d+[-/]\d)", s):
        before = s[:m.start()].split()
        if before and before[-1].rstrip(".,").capitalize() in {w.rstrip(".") for w in MONTHS}:
            continue  # a day of a month: "Sept. 2" is not "Sept. two"
        w = NUMWORDS[int(m.group(1)) - 2]
        return s[:m.start()] + w + s[m.end():], m.group(0), w
    return None


PLANTERS = {"number": plant_number, "date": plant_date, "duration": plant_duration, "negation": plant_negation}


def make_story(doc, kind, rng, copies=4):
    sents = split_sentences(doc["text"])
    if len(sents) < 6:
        return None
    planter = compatible_variant if kind == "control" else PLANTERS[kind]
    order = list(range(1, len(sents)))  # the lead stays: it carries the story
    rng.shuffle(order)
    for i in order:
        if len(sents[i].split()) < 8:
            continue
        r = planter(sents[i], rng)
        if r is None:
            continue
        altered_sentence, old, new = r
        altered = rng.randrange(copies)
        keepers = [c for c in range(copies) if c != altered]
        texts = []
        for c in range(copies):
            kept = []
            for j, s in enumerate(sents):
                if j == i:
                    kept.append(altered_sentence if c == altered else s)
                elif j == 0 or rng.random() < 0.8:
                    kept.append(s)
            texts.append(" ".join(kept))
        return {"kind": kind, "sentence": i, "altered": f"o{altered}", "intact": [f"o{c}" for c in keepers],
                "old": old, "new": new, "altered_sentence": altered_sentence, "texts": texts}
    return None


def run_brief(binary, story, path):
    with open(path, "w", encoding="utf-8") as f:
        for k, t in enumerate(story["texts"]):
            f.write(json.dumps({"id": f"o{k}", "outlet": f"Outlet {k}", "title": "",
                                "published": "1998-11-02T12:00:00Z", "language": "en", "text": t}) + "\n")
    out = subprocess.run([binary, "brief", "--json", "--one-story", path], capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out)["stories"][0]["conflicts"]


def is_hit(conflict, story):
    sides = conflict["claims"]
    alone = [s for s in sides if s["sources"] == [story["altered"]]]
    others = [s for s in sides if s not in alone and any(x in story["intact"] for x in s["sources"])]
    if not alone or not others:
        return False
    return any(s["text"] and s["text"] in story["altered_sentence"] for s in alone)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=rouge_mod.DEFAULT_DATA)
    ap.add_argument("--storyline", default="build-brief/storyline")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--stories", type=int, default=200)
    ap.add_argument("--show", type=int, default=0, help="print this many misses and false alarms")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    docs = [d for l in open(os.path.join(args.data, "clusters.jsonl"), encoding="utf-8") for d in json.loads(l)["docs"]]
    rng.shuffle(docs)
    kinds = ["number", "date", "duration", "negation"]
    stories = []
    for k, doc in enumerate(docs + docs):  # each document can serve twice (a plant and a control)
        if len(stories) >= args.stories:
            break
        kind = "control" if len(stories) % 2 else kinds[(len(stories) // 2) % 4]
        st = make_story(doc, kind, rng)
        if st:
            stories.append(st)
    work = tempfile.mkdtemp(prefix="storyline-contra-")
    per_kind = collections.defaultdict(lambda: [0, 0])  # kind -> [planted, found]
    tp = fp = 0
    misses, alarms = [], []
    for n, st in enumerate(stories):
        conflicts = run_brief(args.storyline, st, os.path.join(work, f"{n}.jsonl"))
        found = False
        for c in conflicts:
            if st["kind"] != "control" and not found and is_hit(c, st):
                found = True
                tp += 1
            else:
                fp += 1
                alarms.append((st["kind"], st["old"], st["new"], c))
        if st["kind"] != "control":
            per_kind[st["kind"]][0] += 1
            per_kind[st["kind"]][1] += found
            if not found:
                misses.append((st["kind"], st["old"], st["new"], st["altered_sentence"]))
    planted = sum(v[0] for v in per_kind.values())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / planted if planted else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"stories: {len(stories)} ({planted} with a planted contradiction, {len(stories) - planted} controls); "
          f"seed {args.seed}")
    print(f"reported conflicts: {tp + fp} ({tp} true, {fp} false)")
    print(f"precision {p:.3f} recall {r:.3f} F1 {f1:.3f}")
    for kind, (n_planted, n_found) in sorted(per_kind.items()):
        print(f"  {kind}: recall {n_found}/{n_planted} = {n_found / n_planted:.3f}")
    for m in misses[: args.show]:
        print("MISS", m)
    for a in alarms[: args.show]:
        print("FALSE", a[0], a[1], "->", a[2], json.dumps(a[3])[:300])


if __name__ == "__main__":
    main()
