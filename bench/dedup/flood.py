#!/usr/bin/env python3
"""A flood of near-copies: one wire story carried by N outlets with small edits.

    python3 bench/dedup/flood.py --copies N [--seed 1] > flood.jsonl

Writes JSONL articles ({id, url, outlet, title, published, text}, in order of
publication) for `storyline dedup --json --no-clean`: the wire story of the
bundled sample corpus (examples/corpus/port-strike/strike-metrowire.txt, its
body without the page's junk lines), N copies of it, each with 1-3 words
replaced and, for some, a sentence removed or one added (a line of the
outlet's own), and the other 24 articles of the sample corpus spread among
them as the rest of the day's news (four of them carry passages of the same
wire story, so they pair with every copy as reuse). All text is the repo's own
fiction (examples/README.md) or made up here; nothing is read from ../shared.

The copies are what syndication looks like: every copy is a near-duplicate of
the original and of every other copy, so a tool that lists every near pair
lists N^2/2 of them.
"""
import argparse
import datetime
import json
import os
import random
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = os.path.join(REPO, "examples")
WIRE = "port-strike/strike-metrowire.txt"

# Words a copy may put in place of one of the story's (a sub-editor's touch).
REPLACEMENTS = ["dockers", "harbour", "workers", "stoppage", "walkout", "Thursday", "operators", "roughly",
                "nearly", "some", "employers", "negotiations", "vessels", "cargo", "terminal", "staff",
                "officials", "statement", "figures", "weekly"]
# Sentences an outlet may add (its own line).
ADDED = ["{outlet} has asked the port authority for comment.",
         "Readers can follow {outlet}'s live coverage of the dispute on its website.",
         "Additional reporting by the {outlet} business desk.",
         "{outlet} will update this story as talks continue.",
         "Local businesses told {outlet} they were preparing for delays."]


def read_txt(path):
    """An examples/ .txt article: title line, Key: value headers, blank line, body."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    art = {"title": lines[0], "text": ""}
    i = 1
    while i < len(lines) and re.match(r"^(Outlet|Published|URL|Authors|Language): ", lines[i]):
        key, value = lines[i].split(": ", 1)
        art[key.lower()] = value
        i += 1
    art["text"] = "\n".join(lines[i:]).strip()
    return art


def examples():
    """The sample corpus: (id, article) in a fixed order."""
    out = []
    corpus = os.path.join(EXAMPLES, "corpus")
    for event in sorted(os.listdir(corpus)):
        for name in sorted(os.listdir(os.path.join(corpus, event))):
            if name.endswith(".txt"):
                out.append((name[:-4], read_txt(os.path.join(corpus, event, name)), event + "/" + name))
    with open(os.path.join(EXAMPLES, "corpus.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            out.append((r["id"], r, None))
    return out


def wire_story(art):
    """The body's paragraphs of 12+ words (the page's breadcrumbs, ads and link lists are shorter)."""
    return [p for p in art["text"].split("\n") if len(p.split()) >= 12]


def sentences(paragraph):
    return re.split(r"(?<=[.!?\"])\s+(?=[A-Z\"])", paragraph)


def copy_of(paragraphs, outlet, rng):
    paras = [sentences(p) for p in paragraphs]
    # 1-3 words replaced
    for _ in range(rng.randint(1, 3)):
        p = rng.randrange(len(paras))
        s = rng.randrange(len(paras[p]))
        words = paras[p][s].split(" ")
        spots = [k for k, w in enumerate(words) if re.fullmatch(r"[a-z]{4,}", w)]
        if spots:
            words[rng.choice(spots)] = rng.choice(REPLACEMENTS)
            paras[p][s] = " ".join(words)
    r = rng.random()
    if r < 0.15:  # a sentence cut (never a paragraph's only one)
        long = [k for k, p in enumerate(paras) if len(p) > 1]
        if long:
            p = rng.choice(long)
            del paras[p][rng.randrange(len(paras[p]))]
    elif r < 0.30:  # a sentence of the outlet's own
        paras[rng.randrange(len(paras))].append(rng.choice(ADDED).format(outlet=outlet))
    return "\n\n".join(" ".join(p) for p in paras)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    arts = examples()
    wire = next(a for i, a, src in arts if src == WIRE)
    others = [(i, a) for i, a, src in arts if src != WIRE]
    paragraphs = wire_story(wire)
    start = datetime.datetime(2025, 6, 5, 12, 0, tzinfo=datetime.timezone.utc)
    out = [{"id": "wire", "url": "https://wire.example/strike", "outlet": "Meridian Press", "title": wire["title"],
            "text": "\n\n".join(paragraphs)}]
    for k in range(args.copies):
        outlet = "Outlet %04d" % k
        out.append({"id": "copy%04d" % k, "url": "https://outlet%04d.example/strike" % k, "outlet": outlet,
                    "title": wire["title"], "text": copy_of(paragraphs, outlet, rng)})
    # the rest of the day's news, spread among the copies
    for i, a in others:
        out.insert(rng.randint(1, len(out)), {"id": i, "url": a.get("url", ""), "outlet": a.get("outlet", ""),
                                              "title": a.get("title", ""), "text": a["text"]})
    for k, r in enumerate(out):
        r["published"] = (start + datetime.timedelta(minutes=k)).isoformat()
        sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    sys.exit(main())
