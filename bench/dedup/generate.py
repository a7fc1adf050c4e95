#!/usr/bin/env python3
"""Generates the labelled text-reuse corpus for the Storyline dedup benchmark.

    python3 bench/dedup/generate.py --out /tmp/storyline-dedup-bench --seed 1 [--scale 1]

Reads real news texts from /work/shared/data (DUC 2004 clusters, PolNeAR train
and dev; research use only), builds families (an original plus variants made
from it) and writes, OUTSIDE the repository:

  DIR/corpus.jsonl   {id, url, outlet, title, published, text}, sorted by time
  DIR/truth.jsonl    one labelled pair a line:
                     {a, b, type, edit_rate, spans:[{a:[s,e], b:[s,e], words}], ...}
  DIR/manifest.json  sizes, counts per type, seed, the rules below

Pair types (truth):
  exact            same words (sometimes other quote style / paragraph breaks)
  edit05..edit30   word-level edits at that rate: runs of 1-4 words substituted,
                   deleted or inserted, plus punctuation and quote-style changes
  shuffle          2-4 paragraphs moved
  insert           1-3 sentences / paragraphs from other articles inserted
  partial          30-70% of the paragraphs (the top ones or a subset in order),
                   sometimes under a new lead paragraph
  leads            two new first paragraphs (other articles' sentences), same body
  sibling          two variants of the same original (spans from both derivations)
  unrelated        two originals on the same topic (one DUC event, or PolNeAR
                   articles with many shared content words) that share no
                   12-word sequence
  disjoint         two variants of one original that share no passage of 10+
                   words (e.g. partial copies of different paragraphs): ignored
                   by the scorer

Every pair of articles derived from the same original is labelled. Originals
that share a 12-word sequence with another original are dropped (greedily), so
articles from different families share no passage except by the labelled
construction; sentences inserted from donor articles (which are not in the
corpus) are used once each.

Spans are code point offsets [start, end) into the generated `text`, exact by
construction: every character keeps its provenance (offset in the original),
and a truth span is a maximal run of characters both articles copied from the
same place of the original, in the same order, merged across gaps of at most
8 words on each side (edits), trimmed to whitespace, and kept when it has at
least 10 words.
"""
import argparse
import bisect
import collections
import datetime
import hashlib
import json
import os
import random
import re
import sys

DATA = "/work/shared/data"
GENERATOR_VERSION = 1
MIN_SPAN_WORDS = 10
MERGE_GAP_WORDS = 8
SHARED_NGRAM = 12

OUTLETS = ["Daily Ledger", "Morning Courier", "Evening Standard-Times", "Metro Wire", "Coastal Herald",
           "Valley Gazette", "Capital Observer", "Northern Post", "Tri-County Record", "Harbor Journal",
           "The Sentinel", "City Desk Online", "Public Dispatch", "Plains Tribune", "Riverside Review"]

WORD_RE = re.compile(r"\w+")
SENT_SPLIT_RE = re.compile(r"(?<=[.!?])(?:''|\"|”|’)?\s+(?=[A-Z`\"“‘(])")


def norm_words(text):
    return WORD_RE.findall(text.lower())


def word_count(text):
    return len(WORD_RE.findall(text))


def split_sentences(text):
    out, start = [], 0
    for m in SENT_SPLIT_RE.finditer(text):
        end = m.start() + len(m.group(0).rstrip())
        # keep the closing quote with the sentence
        out.append(text[start:end].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


# ---------------------------------------------------------------- originals

def load_originals():
    origs = []
    with open(os.path.join(DATA, "summarization/duc2004/clusters.jsonl"), encoding="utf-8") as f:
        for line in f:
            c = json.loads(line)
            for d in c["docs"]:
                origs.append({"key": "duc:%s/%s" % (c["cluster"], d["doc"]), "topic": "duc:" + c["cluster"],
                              "raw": d["text"], "source": "duc"})
    for split in ("train", "dev"):
        with open(os.path.join(DATA, "quotes/%s.jsonl" % split), encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                origs.append({"key": "polnear:%s" % d["filename"], "topic": None, "raw": d["text"],
                              "source": "polnear", "title": d.get("title") or ""})
    return origs


def paragraphs_of(orig, rng):
    """The original's paragraphs. DUC texts come without breaks: group 1-3
    sentences a paragraph, as wire copy does."""
    if orig["source"] == "duc":
        sents = split_sentences(orig["raw"])
        paras, i = [], 0
        while i < len(sents):
            k = rng.choice((1, 1, 2, 2, 2, 3))
            paras.append(" ".join(sents[i:i + k]))
            i += k
        return paras
    return [p.strip() for p in re.split(r"\n+", orig["raw"]) if p.strip()]


def ngram_hashes(text, n=SHARED_NGRAM):
    w = norm_words(text)
    return {hash(tuple(w[i:i + n])) for i in range(len(w) - n + 1)}


def drop_conflicts(origs):
    """Greedily drops originals until no two share a 12-word sequence."""
    owners = collections.defaultdict(set)
    for i, o in enumerate(origs):
        for h in o["grams"]:
            owners[h].add(i)
    conflicts = collections.defaultdict(set)
    for s in owners.values():
        if len(s) > 1:
            for i in s:
                conflicts[i] |= s - {i}
    dropped = set()
    while True:
        live = {i: len(c - dropped) for i, c in conflicts.items() if i not in dropped and c - dropped}
        if not live:
            break
        worst = max(live, key=lambda i: (live[i], origs[i]["key"]))
        dropped.add(worst)
    return [o for i, o in enumerate(origs) if i not in dropped], [origs[i]["key"] for i in sorted(dropped)]


# ---------------------------------------------------------------- documents with provenance
# A document is a list of paragraphs; a paragraph a list of units; a unit is
# [ws_pieces, word_pieces], each a list of (text, src) where src is the offset
# in the original's canonical text of the piece's first character, or None
# for text not copied from the original. Pieces with a src have the same
# length as the original text they map to (quote-style swaps are 1:1).

TOKEN_RE = re.compile(r"(\s*)(\S+)")


def units_of(text, base):
    units = []
    for m in TOKEN_RE.finditer(text):
        ws, w = m.group(1), m.group(2)
        units.append([[(ws, base + m.start(1))] if ws else [], [(w, base + m.start(2))]])
    return units


def new_units(text):
    return [[[(ws, None)] if ws else [], [(w, None)]] for ws, w in TOKEN_RE.findall(text)]


def original_doc(paras):
    canon = "\n\n".join(paras)
    doc, off = [], 0
    for p in paras:
        doc.append(units_of(p, off))
        off += len(p) + 2
    return canon, doc


def copy_doc(doc):
    return [[[list(u[0]), list(u[1])] for u in p] for p in doc]


def render(doc, sep="\n\n"):
    """Text and segments [(out_start, out_end, src_start)] of copied text."""
    out, segs, pos = [], [], 0
    for pi, p in enumerate(doc):
        if pi:
            out.append(sep)
            pos += len(sep)
        first = True
        for ws, w in p:
            pieces = (ws if not first else []) + w  # no leading space in a paragraph
            first = False
            for t, src in pieces:
                if not t:
                    continue
                if src is not None:
                    if segs and segs[-1][1] == pos and segs[-1][2] + (segs[-1][1] - segs[-1][0]) == src:
                        segs[-1][1] = pos + len(t)
                    else:
                        segs.append([pos, pos + len(t), src])
                out.append(t)
                pos += len(t)
    return "".join(out), segs


QUOTE_TO_STRAIGHT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def swap_quotes(doc, rng):
    """Changes the quote style (curly -> straight, or straight -> curly),
    character for character, so provenance is kept."""
    to_straight = rng.random() < 0.5
    opened = False
    for p in doc:
        for u in p:
            new = []
            for t, src in u[1]:
                if to_straight:
                    t = t.translate(QUOTE_TO_STRAIGHT)
                else:
                    chars = []
                    for ch in t:
                        if ch == '"':
                            chars.append("”" if opened else "“")
                            opened = not opened
                        elif ch == "'":
                            chars.append("’")
                        else:
                            chars.append(ch)
                    t = "".join(chars)
                new.append((t, src))
            u[1] = new


def punct_changes(doc, rng, count):
    """Adds or removes commas / changes final punctuation on a few words: the
    word keeps its provenance, the punctuation does not."""
    cands = [(pi, ui) for pi, p in enumerate(doc) for ui, u in enumerate(p)]
    for pi, ui in rng.sample(cands, min(count, len(cands))):
        u = doc[pi][ui]
        text = "".join(t for t, _ in u[1])
        src = u[1][0][1]
        if len(u[1]) != 1 or src is None:
            continue
        if text.endswith(",") and len(text) > 1:
            u[1] = [(text[:-1], src)]
        elif text.endswith(";") and len(text) > 1:
            u[1] = [(text[:-1], src), (",", None)]
        elif text[-1].isalnum():
            u[1] = [(text, src), (rng.choice([",", ",", " -", ";"]), None)]


def word_edits(doc, rng, rate, vocab):
    """Word-level edits in runs of 1-4 words until `rate` of the words are
    touched. Returns the achieved rate (edited words / original words)."""
    positions = [(pi, ui) for pi, p in enumerate(doc) for ui in range(len(p))]
    n = len(positions)
    budget = int(round(rate * n))
    touched = set()
    ops = []  # (pi, ui, op, run)
    done, tries = 0, 0
    while done < budget and tries < 20 * n + 100:
        tries += 1
        run = min(rng.choice((1, 1, 1, 2, 2, 3, 4)), budget - done)
        pi, ui = positions[rng.randrange(n)]
        if ui + run > len(doc[pi]):
            continue
        block = {(pi, ui + k) for k in range(-1, run + 1)}
        if block & touched:
            continue
        op = rng.choices(("sub", "del", "ins"), weights=(0.5, 0.25, 0.25))[0]
        if op == "del" and run >= len(doc[pi]) - 1:
            continue
        touched |= block
        ops.append((pi, ui, op, run))
        done += run
    # apply from the back so indexes stay valid
    for pi, ui, op, run in sorted(ops, reverse=True):
        p = doc[pi]
        if op == "sub":
            for k in range(run):
                w = rng.choice(vocab)
                old = "".join(t for t, _ in p[ui + k][1])
                if old[-1:] in ".,;:" and w[-1:].isalnum():
                    w += old[-1]  # keep the punctuation an editor would keep
                p[ui + k][1] = [(w, None)]
        elif op == "del":
            lead_ws = p[ui][0]
            del p[ui:ui + run]
            if ui < len(p):
                p[ui][0] = lead_ws if ui == 0 else p[ui][0]
        else:
            ins = [[[(" ", None)], [(rng.choice(vocab), None)]] for _ in range(run)]
            if ui == 0:
                ins[0][0] = []
                p[0][0] = [(" ", None)]
            p[ui:ui] = ins
    return done / n if n else 0.0


class Donors:
    """Sentences from articles kept out of the corpus, each used once; when
    they run out (large --scale), word-salad sentences from their words."""

    def __init__(self, texts, rng):
        self.rng = rng
        self.sents = []
        self.vocab = []
        for t in texts:
            for s in split_sentences(t.replace("\n", " ")):
                n = word_count(s)
                if 10 <= n <= 45:
                    self.sents.append(s)
            self.vocab.extend(w for w in t.split() if WORD_RE.fullmatch(w) and len(w) > 2)
        rng.shuffle(self.sents)
        self.used = 0
        self.synthetic = 0

    def sentence(self):
        if self.sents:
            self.used += 1
            return self.sents.pop()
        self.synthetic += 1
        words = [self.rng.choice(self.vocab) for _ in range(self.rng.randint(14, 30))]
        return " ".join(words).capitalize() + "."

    def paragraph(self):
        return " ".join(self.sentence() for _ in range(self.rng.choice((1, 2, 2))))


def make_variant(kind, doc, rng, donors):
    """Returns (doc, sep, info) or None when the original does not allow it."""
    d = copy_doc(doc)
    sep = "\n\n"
    info = {"edit_rate": 0.0}
    npar = len(d)
    if kind == "exact":
        if rng.random() < 0.5:
            swap_quotes(d, rng)
        if rng.random() < 0.3:
            sep = "\n"
    elif kind.startswith("edit"):
        rate = int(kind[4:]) / 100.0
        info["edit_rate"] = round(word_edits(d, rng, rate, donors.vocab), 4)
        if rng.random() < 0.5:
            swap_quotes(d, rng)
        punct_changes(d, rng, rng.randint(1, 6))
    elif kind == "shuffle":
        if npar < 4:
            return None
        order = list(range(npar))
        for _ in range(rng.randint(2, min(4, npar - 1))):
            i = rng.randrange(npar)
            x = order.pop(i)
            j = rng.randrange(npar)
            while j == i:
                j = rng.randrange(npar)
            order.insert(j, x)
        if order == list(range(npar)):
            order[0], order[1] = order[1], order[0]
        d = [d[i] for i in order]
        info["order"] = order
    elif kind == "insert":
        n_ins = rng.randint(1, 3)
        info["inserted"] = 0
        for _ in range(n_ins):
            if rng.random() < 0.5:
                pos = rng.randint(1, len(d))
                d.insert(pos, new_units(donors.paragraph()))
            else:
                pi = rng.randrange(len(d))
                p = d[pi]
                ends = [ui for ui, u in enumerate(p[:-1])
                        if re.search(r"[.!?][\"'”’]*$", "".join(t for t, _ in u[1]))]
                if not ends:
                    d.insert(pi + 1, new_units(donors.paragraph()))
                else:
                    ui = rng.choice(ends) + 1
                    ins = new_units(" " + donors.sentence())
                    p[ui:ui] = ins
            info["inserted"] += 1
    elif kind == "partial":
        if npar < 3:
            return None
        frac = rng.uniform(0.3, 0.7)
        k = max(1, min(npar - 1, int(round(frac * npar))))
        if rng.random() < 0.5:
            keep = list(range(k))
        else:
            keep = sorted(rng.sample(range(npar), k))
        d = [d[i] for i in keep]
        if rng.random() < 0.5:
            d.insert(0, new_units(donors.paragraph()))
            info["new_lead"] = True
        info["kept_paragraphs"] = keep
    elif kind == "leads":
        if npar < 5:
            return None
        d = [new_units(donors.paragraph()), new_units(donors.paragraph())] + d[2:]
    else:
        raise ValueError(kind)
    return d, sep, info


# ---------------------------------------------------------------- truth spans

def shared_spans(text_x, segs_x, text_y, segs_y):
    """Exact shared passages of two renderings of the same original."""
    ys = sorted(segs_y, key=lambda s: s[2])
    y_src = [s[2] for s in ys]
    matches = []
    for xs, xe, xsrc in segs_x:
        xsrc_end = xsrc + (xe - xs)
        i = max(0, bisect.bisect_right(y_src, xsrc) - 1)
        while i < len(ys) and ys[i][2] < xsrc_end:
            s0, s1, ssrc = ys[i]
            lo, hi = max(xsrc, ssrc), min(xsrc_end, ssrc + (s1 - s0))
            if lo < hi:
                matches.append((xs + lo - xsrc, s0 + lo - ssrc, hi - lo))
            i += 1
    # a match of only whitespace or punctuation (the space kept next to an
    # edited word) must not anchor a span
    matches = sorted(m for m in matches if any(ch.isalnum() for ch in text_x[m[0]:m[0] + m[2]]))
    spans = []
    for x, y, n in matches:
        if spans:
            sp = spans[-1]
            if (x >= sp[1] and y >= sp[3] and word_count(text_x[sp[1]:x]) <= MERGE_GAP_WORDS
                    and word_count(text_y[sp[3]:y]) <= MERGE_GAP_WORDS):
                sp[1], sp[3] = x + n, y + n
                continue
        spans.append([x, x + n, y, y + n])
    out = []
    for xs, xe, ys_, ye in spans:
        # trim whitespace and lone punctuation at the ends (both sides copy the
        # same characters at the ends, so trimming keeps them aligned)
        while xs < xe and not text_x[xs].isalnum() and text_x[xs] in " \t\n\xa0":
            xs += 1
            ys_ += 1
        while xe > xs and text_x[xe - 1] in " \t\n\xa0":
            xe -= 1
            ye -= 1
        wx, wy = word_count(text_x[xs:xe]), word_count(text_y[ys_:ye])
        if min(wx, wy) >= MIN_SPAN_WORDS:
            out.append({"a": [xs, xe], "b": [ys_, ye], "words": min(wx, wy)})
    return out


# ---------------------------------------------------------------- unrelated pairs

STOP = set("""a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have having
he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not
now of off on once only or other our ours out over own said same say says she should so some such than that the
their theirs them then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours mr mrs ms one two new also year years told would could""".split())


def content_words(text):
    return {w for w in norm_words(text) if len(w) > 3 and w not in STOP and not w.isdigit()}


def polnear_unrelated(fams, n_pairs):
    """PolNeAR family originals with the most shared content words (Jaccard of
    content-word sets over words in at most 5% of the articles)."""
    pol = [f for f in fams if f["source"] == "polnear"]
    sets = [content_words(f["canon"]) for f in pol]
    df = collections.Counter(w for s in sets for w in s)
    cap = max(3, int(0.05 * len(pol)))
    post = collections.defaultdict(list)
    for i, s in enumerate(sets):
        for w in s:
            if df[w] <= cap:
                post[w].append(i)
    shared = collections.Counter()
    for ids in post.values():
        for a in range(len(ids)):
            for b in range(a + 1, len(ids)):
                shared[(ids[a], ids[b])] += 1
    scored = []
    for (i, j), c in shared.items():
        si = sum(1 for w in sets[i] if df[w] <= cap)
        sj = sum(1 for w in sets[j] if df[w] <= cap)
        scored.append((c / (si + sj - c), i, j))
    scored.sort(reverse=True)
    return [(pol[i], pol[j], round(s, 4)) for s, i, j in scored[:n_pairs]]


# ---------------------------------------------------------------- main

TYPES = ["exact", "edit05", "edit10", "edit15", "edit20", "edit30", "shuffle", "insert", "partial", "leads"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="/tmp/storyline-dedup-bench")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scale", type=int, default=1, help="variants per original = 2 x scale")
    ap.add_argument("--donor-share", type=float, default=0.1, help="share of originals kept out as sentence donors")
    ap.add_argument("--polnear-unrelated", type=int, default=300)
    args = ap.parse_args()
    out = os.path.abspath(args.out)
    repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    if out == repo or out.startswith(repo + os.sep):
        sys.exit("refusing to write the corpus inside the repository (copyrighted texts): %s" % out)
    os.makedirs(out, exist_ok=True)
    rng = random.Random(args.seed)

    origs = load_originals()
    for o in origs:
        o["paras"] = paragraphs_of(o, rng)
        o["canon"] = "\n\n".join(o["paras"])
        o["grams"] = ngram_hashes(o["canon"])
    n_loaded = len(origs)
    origs = [o for o in origs if word_count(o["canon"]) >= 150 and len(o["paras"]) >= 3]
    n_long = len(origs)
    origs, dropped = drop_conflicts(origs)
    rng.shuffle(origs)
    n_donor = int(round(args.donor_share * len(origs)))
    # donors: prefer articles whose topic is not used for unrelated pairs (PolNeAR)
    pol_idx = [i for i, o in enumerate(origs) if o["source"] == "polnear"]
    donor_idx = set(pol_idx[:n_donor])
    donors = Donors([origs[i]["canon"] for i in sorted(donor_idx)], rng)
    fams = [o for i, o in enumerate(origs) if i not in donor_idx]

    # variant types: balanced round robin over a shuffled list
    n_var = 2 * args.scale
    type_cycle = []
    articles = []  # dicts with doc info
    truth = []
    counter = [0]

    def new_id():
        counter[0] += 1
        return "d%06d" % counter[0]

    base = datetime.datetime(2024, 3, 1, tzinfo=datetime.timezone.utc)
    used_secs = set()

    def unique_time(sec):
        while sec in used_secs:
            sec += 1
        used_secs.add(sec)
        return sec

    for f in fams:
        canon, doc = original_doc(f["paras"])
        assert canon == f["canon"]
        f["doc"] = doc
        t0 = unique_time(rng.randrange(0, 30 * 86400))
        text, segs = render(doc)
        f["members"] = []
        orig_art = {"id": new_id(), "family": f["key"], "role": "original", "text": text, "segs": segs, "time": t0,
                    "title": f.get("title") or ""}
        articles.append(orig_art)
        f["members"].append(orig_art)
        for _ in range(n_var):
            for attempt in range(len(TYPES) + 1):
                if not type_cycle:
                    type_cycle = TYPES[:]
                    rng.shuffle(type_cycle)
                kind = type_cycle.pop() if attempt < len(TYPES) else "edit10"
                res = make_variant(kind, doc, rng, donors)
                if res is not None:
                    break
                type_cycle.insert(0, kind)  # give it to a later family
            d, sep, info = res
            vtext, vsegs = render(d, sep)
            art = {"id": new_id(), "family": f["key"], "role": kind, "info": info, "text": vtext, "segs": vsegs,
                   "time": unique_time(t0 + rng.randrange(300, 48 * 3600)), "title": orig_art["title"]}
            articles.append(art)
            f["members"].append(art)
        # every pair in the family
        mem = f["members"]
        for i in range(len(mem)):
            for j in range(i + 1, len(mem)):
                x, y = mem[i], mem[j]
                spans = shared_spans(x["text"], x["segs"], y["text"], y["segs"])
                if x["role"] == "original":
                    typ = y["role"]
                    rate = y["info"]["edit_rate"]
                else:
                    typ = "sibling"
                    rate = None
                if not spans:
                    typ = "disjoint" if typ == "sibling" else typ
                    if typ != "disjoint":
                        print("warning: %s pair %s %s has no shared span" % (typ, x["id"], y["id"]), file=sys.stderr)
                        typ = "disjoint"
                rec = {"a": x["id"], "b": y["id"], "type": typ, "edit_rate": rate, "spans": spans,
                       "family": f["key"]}
                if typ == "sibling":
                    rec["variants"] = [x["role"], y["role"]]
                if typ == "partial":
                    rec["copied_paragraphs"] = len(y["info"]["kept_paragraphs"])
                truth.append(rec)

    # unrelated same-topic pairs between originals
    by_topic = collections.defaultdict(list)
    for f in fams:
        if f["topic"]:
            by_topic[f["topic"]].append(f)
    unrelated = []
    for topic in sorted(by_topic):
        fs = by_topic[topic]
        for i in range(len(fs)):
            for j in range(i + 1, len(fs)):
                unrelated.append((fs[i], fs[j], "duc same event " + topic))
    for fa, fb, s in polnear_unrelated(fams, args.polnear_unrelated):
        unrelated.append((fa, fb, "polnear content-word jaccard %.3f" % s))
    for fa, fb, why in unrelated:
        assert not (fa["grams"] & fb["grams"]), "unrelated originals share a 12-word sequence"
        truth.append({"a": fa["members"][0]["id"], "b": fb["members"][0]["id"], "type": "unrelated",
                      "edit_rate": None, "spans": [], "why": why})

    # corpus: sorted by publication time
    articles.sort(key=lambda a: a["time"])
    with open(os.path.join(out, "corpus.jsonl"), "w", encoding="utf-8") as fo:
        for a in articles:
            ts = base + datetime.timedelta(seconds=a["time"])
            title = a["title"] or " ".join(a["text"].split()[:10])
            outlet = OUTLETS[int(hashlib.sha1(a["id"].encode()).hexdigest(), 16) % len(OUTLETS)]
            fo.write(json.dumps({"id": a["id"], "url": "https://news.example/%s" % a["id"], "outlet": outlet,
                                 "title": title, "published": ts.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                 "text": a["text"]}, ensure_ascii=False) + "\n")
    truth.sort(key=lambda r: (r["a"], r["b"]))
    with open(os.path.join(out, "truth.jsonl"), "w", encoding="utf-8") as fo:
        for r in truth:
            fo.write(json.dumps(r, ensure_ascii=False) + "\n")
    counts = collections.Counter(r["type"] for r in truth)
    manifest = {
        "generator_version": GENERATOR_VERSION, "seed": args.seed, "scale": args.scale,
        "articles": len(articles), "families": len(fams), "originals_loaded": n_loaded,
        "originals_long_enough": n_long, "originals_dropped_shared_12gram": len(dropped),
        "donor_articles": len(donor_idx), "donor_sentences_used": donors.used,
        "synthetic_sentences": donors.synthetic, "pairs_by_type": dict(sorted(counts.items())),
        "span_rules": {"min_words": MIN_SPAN_WORDS, "merge_gap_words": MERGE_GAP_WORDS,
                       "offsets": "unicode code points into text"},
        "sources": ["summarization/duc2004/clusters.jsonl", "quotes/train.jsonl", "quotes/dev.jsonl"],
        "corpus_sha1": hashlib.sha1(open(os.path.join(out, "corpus.jsonl"), "rb").read()).hexdigest(),
    }
    with open(os.path.join(out, "manifest.json"), "w") as fo:
        json.dump(manifest, fo, indent=1)
    print(json.dumps(manifest, indent=1))


if __name__ == "__main__":
    main()
