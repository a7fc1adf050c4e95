#!/usr/bin/env python3
"""ROUGE-N recall as ROUGE-1.5.5.pl computes it, for bench/brief.

Reimplements exactly what `ROUGE-1.5.5.pl -n 2 -m -l 100 -f A -t 0` does for
ROUGE-1 and ROUGE-2 (read from the script; see
../shared/data/summarization/duc2004/README.md):

  * the `-l N` cut: the summary's sentences are joined with spaces and cut to
    the first N whitespace-separated words, before tokenising (models too);
  * tokenising: lower-case, "-" split off, every character outside
    [A-Za-z0-9-] becomes a space, split on whitespace;
  * `-m`: tokens longer than 3 characters are looked up in the WordNet-2.0
    exception list and otherwise Porter-stemmed (Porter's own Perl version,
    the one ROUGE ships, with the bli->ble and logi->log departures and
    its own change to step 4);
  * tokens not starting with [a-z0-9$] are dropped (the "-" tokens);
  * stopwords kept; n-grams run across sentence boundaries;
  * hits are clipped counts; `-f A` pools hits and model n-gram counts over
    the models of a cluster: recall = sum(hits) / sum(model n-grams),
    precision = sum(hits) / (models x peer n-grams).

`python3 rouge.py --check` scores the 13 published SumRepo systems of the
DUC 2004 half and compares every per-cluster ROUGE-1/ROUGE-2 recall and
precision with expected_rouge_pertopic.tsv (official ROUGE-1.5.5 output) to
5 decimals.

This is bench tooling, not part of the engine.
"""
import argparse
import collections
import json
import os
import re
import sys

DEFAULT_DATA = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                             "../../../shared/data/summarization/duc2004"))

# --- Porter stemmer, a line-for-line port of the Perl version in ROUGE-1.5.5 --
_c = "[^aeiou]"
_v = "[aeiouy]"
_C = _c + "[^aeiouy]*"
_V = _v + "[aeiou]*"
_mgr0 = re.compile("^(" + _C + ")?" + _V + _C)
_meq1 = re.compile("^(" + _C + ")?" + _V + _C + "(" + _V + ")?$")
_mgr1 = re.compile("^(" + _C + ")?" + _V + _C + _V + _C)
_s_v = re.compile("^(" + _C + ")?" + _v)
_cvc = re.compile("^" + _C + _v + "[^aeiouwxy]$")
_step2 = {"ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "bli": "ble",
          "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate",
          "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous", "aliti": "al",
          "iviti": "ive", "biliti": "ble", "logi": "log"}
_step3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}
_re2 = re.compile("(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|"
                  "iveness|fulness|ousness|aliti|iviti|biliti|logi)$")
_re3 = re.compile("(icate|ative|alize|iciti|ical|ful|ness)$")
_re4 = re.compile("(al|ance|ence|er|ic|able|ible|ant|ement|ou|ism|ate|iti|ous|ive|ize)$")


def porter(w):
    if len(w) < 3:
        return w
    firstch = w[0]
    if firstch == "y":
        w = "Y" + w[1:]
    m = re.search("(ss|i)es$", w)
    if m:
        w = w[:m.start()] + m.group(1)
    else:
        m = re.search("([^s])s$", w)
        if m:
            w = w[:m.start()] + m.group(1)
    m = re.search("eed$", w)
    if m:
        if _mgr0.search(w[:m.start()]):
            w = w[:-1]
    else:
        m = re.search("(ed|ing)$", w)
        if m:
            stem = w[:m.start()]
            if _s_v.search(stem):
                w = stem
                if re.search("(at|bl|iz)$", w):
                    w += "e"
                elif re.search(r"([^aeiouylsz])\1$", w):
                    w = w[:-1]
                elif _cvc.search(w):
                    w += "e"
    m = re.search("y$", w)
    if m:
        stem = w[:m.start()]
        if _s_v.search(stem):
            w = stem + "i"
    m = _re2.search(w)
    if m:
        stem, suffix = w[:m.start()], m.group(1)
        if _mgr0.search(stem):
            w = stem + _step2[suffix]
    m = _re3.search(w)
    if m:
        stem, suffix = w[:m.start()], m.group(1)
        if _mgr0.search(stem):
            w = stem + _step3[suffix]
    # Step 4 as ROUGE-1.5.5 has it (its author's change of 2004-02-14: a
    # word in -ement does not go on to -ment and -ent in one pass; -ment and
    # -ent are then tried in turn).
    m = _re4.search(w)
    if m:
        stem = w[:m.start()]
        if _mgr1.search(stem):
            w = stem
    m = re.search("ment$", w)
    if m:
        stem = w[:m.start()]
        if _mgr1.search(stem):
            w = stem
    m = re.search("ent$", w)
    if m:
        stem = w[:m.start()]
        if _mgr1.search(stem):
            w = stem
    else:
        m = re.search("(s|t)(ion)$", w)
        if m:
            stem = w[:m.start()] + m.group(1)
            if _mgr1.search(stem):
                w = stem
    m = re.search("e$", w)
    if m:
        stem = w[:m.start()]
        if _mgr1.search(stem) or (_meq1.search(stem) and not _cvc.search(stem)):
            w = stem
    if re.search("ll$", w) and _mgr1.search(w):
        w = w[:-1]
    if firstch == "y":
        w = "y" + w[1:]
    return w


class Rouge:
    def __init__(self, exceptions_path, length_limit=100, stem=True):
        self.limit = length_limit
        self.stem = stem
        self.exceptions = {}
        with open(exceptions_path, encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) == 2:
                    self.exceptions[parts[0]] = parts[1]
        self._cache = {}

    def _morph(self, tok):
        r = self._cache.get(tok)
        if r is None:
            r = self.exceptions.get(tok)
            if r is None:
                r = porter(tok)
            self._cache[tok] = r
        return r

    def tokens(self, sentences):
        text = " ".join(s.strip() for s in sentences)
        if self.limit:
            text = " ".join(text.split()[: self.limit])
        text = text.lower()
        text = text.replace("-", " - ")
        text = re.sub(r"[^A-Za-z0-9\-]", " ", text)
        out = []
        for tok in text.split():
            if self.stem and len(tok) > 3:
                tok = self._morph(tok)
            if re.match(r"[a-z0-9$]", tok):
                out.append(tok)
        return out

    @staticmethod
    def ngrams(tokens, n):
        return collections.Counter(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))

    def score(self, peer_sentences, model_sentence_lists, n):
        """(recall, precision) of ROUGE-n, models pooled as -f A does."""
        peer = self.ngrams(self.tokens(peer_sentences), n)
        peer_count = sum(peer.values())
        hits = model_total = peer_total = 0
        for model in model_sentence_lists:
            grams = self.ngrams(self.tokens(model), n)
            hits += sum(min(c, peer[g]) for g, c in grams.items() if g in peer)
            model_total += sum(grams.values())
            peer_total += peer_count
        recall = hits / model_total if model_total else 0.0
        precision = hits / peer_total if peer_total else 0.0
        return recall, precision


def load_models(data):
    models = {}
    with open(os.path.join(data, "clusters.jsonl"), encoding="utf-8") as f:
        for line in f:
            c = json.loads(line)
            models[c["cluster"]] = [m["sentences"] for m in c["models"]]
    return models


def check(data, rouge):
    models = load_models(data)
    expected = {}
    with open(os.path.join(data, "expected_rouge_pertopic.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            system, cluster, metric, r, p, _ = line.rstrip("\n").split("\t")
            if metric in ("ROUGE-1", "ROUGE-2"):
                expected[(system, cluster, metric)] = (r, p)
    seen = mismatches = 0
    with open(os.path.join(data, "sumrepo_peers.jsonl"), encoding="utf-8") as f:
        for line in f:
            p = json.loads(line)
            if p["cluster"] not in models:
                continue
            for n in (1, 2):
                key = (p["system"], p["cluster"], f"ROUGE-{n}")
                if key not in expected:
                    continue
                r, pr = rouge.score([p["text"]], models[p["cluster"]], n)
                got = (f"{r:.5f}", f"{pr:.5f}")
                seen += 1
                if got != expected[key]:
                    mismatches += 1
                    if mismatches <= 20:
                        print(f"MISMATCH {key}: got {got}, expected {expected[key]}")
    print(f"checked {seen} (system, cluster, metric) rows against expected_rouge_pertopic.tsv: "
          f"{seen - mismatches} equal to 5 decimals, {mismatches} differ")
    # The published averages are means of the per-cluster figures ROUGE
    # prints (rounded to 5 decimals).
    sums = collections.defaultdict(list)
    for (system, cluster, metric), (r, _) in expected.items():
        sums[(system, metric)].append(float(r))
    avg_bad = 0
    with open(os.path.join(data, "expected_rouge_average_dev.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            system, metric, mean = line.rstrip("\n").split("\t")
            if (system, metric) in sums:
                got = sum(sums[(system, metric)]) / len(sums[(system, metric)])
                if f"{got:.5f}" != mean:
                    avg_bad += 1
                    print(f"AVERAGE MISMATCH {system} {metric}: {got:.5f} vs {mean}")
    print(f"averages: {len(sums) - avg_bad} of {len(sums)} (system, metric) means equal to 5 decimals")
    return mismatches == 0 and seen == len(expected) and avg_bad == 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--check", action="store_true", help="reproduce the published per-cluster figures")
    ap.add_argument("--words", type=int, default=100, help="the -l cut (0: none)")
    args = ap.parse_args()
    rouge = Rouge(os.path.join(args.data, "rouge_wordnet2.0_exceptions.tsv"), args.words)
    if args.check:
        sys.exit(0 if check(args.data, rouge) else 1)
    ap.print_help()


if __name__ == "__main__":
    main()
