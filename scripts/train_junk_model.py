#!/usr/bin/env python3
"""Trains the line-level junk model used by the extract stage.

Builds training lines from the Mozilla Readability test pages (Apache-2.0):
each page's source.html is turned into visible text lines (block-level tags
break lines; script/style and friends are skipped), and a line is labelled body
when its text occurs in the page's expected.html (Readability's article
content), else junk. A logistic regression over a few shape features and
lexical features (word unigrams, the first word and the first two words of the
line) is trained by plain SGD with a fixed seed, 20% of pages held out for
evaluation, and the weights are written as a C++ table to
src/extract/junk_model.inc.

The feature functions below are mirrored exactly by src/extract/junk_model.cc;
change both together (and rerun this script).

Usage:
  python3 scripts/train_junk_model.py \
      [--data /work/shared/data/extraction/readability-testpages/test/test-pages] \
      [--out src/extract/junk_model.inc]

Python standard library only. Deterministic: rerunning reproduces the output
byte for byte (the date in the header is MODEL_DATE, not today's).
"""

import argparse
import html.parser
import math
import os
import random
import re
import sys

SEED = 20230317
# Date stamped into the generated file (fixed so that reruns reproduce it;
# bump it when the data or the features change).
MODEL_DATE = "2026-11-28"
HELD_OUT_SHARE = 0.2
MAX_LINES_PER_PAGE = 150   # so that a few huge pages do not dominate
MIN_PAGES_PER_FEATURE = 6  # lexical features must occur in this many pages
MAX_LEXICAL_FEATURES = 3000
EPOCHS = 12
L2 = 1e-4
LEARNING_RATE = 0.1

# ---------------------------------------------------------------------------
# Features. Mirrored by src/extract/junk_model.cc.

# Typographic characters folded to ASCII before features are computed.
FOLD = {
    0x00A0: " ", 0x0009: " ",
    0x2018: "'", 0x2019: "'", 0x201A: "'", 0x201B: "'", 0x2032: "'",
    0x201C: '"', 0x201D: '"', 0x201E: '"', 0x201F: '"', 0x2033: '"',
    0x2010: "-", 0x2011: "-", 0x2012: "-", 0x2013: "-", 0x2014: "-",
    0x2015: "-", 0x2212: "-",
    0x2026: "...",
    0x2022: "*", 0x00B7: "*", 0x25AA: "*", 0x25CF: "*",
}

SHORT_WORDS = 5   # a neighbour with at most this many words is "short"
TOKEN_RE = re.compile(rb"[A-Za-z0-9\x80-\xff]+")
MAX_TOKEN_BYTES = 30
SEPARATORS = {b"|", b">", b"\xc2\xbb", b"/", b"::", b">>"}


def fold(line):
    """Folded, trimmed UTF-8 bytes of a line."""
    return line.translate(FOLD).encode("utf-8").strip(b" \r\n\f\v")


def words_of(s):
    return [w for w in s.split(b" ") if w]


def is_upper(c):
    return 65 <= c <= 90


def is_lower(c):
    return 97 <= c <= 122


def is_digit(c):
    return 48 <= c <= 57


def shape_features(s, words):
    """Names of the shape features of folded line `s`."""
    f = []
    n = len(words)
    if n <= 3:
        f.append("s:n%d" % n)
    elif n <= 6:
        f.append("s:n4")
    elif n <= 12:
        f.append("s:n7")
    elif n <= 25:
        f.append("s:n13")
    else:
        f.append("s:n26")
    end = s.rstrip(b"\"')]*")
    if end:
        c = end[-1]
        if c in b".!?":
            f.append("s:endsent")
        elif c == ord(":"):
            f.append("s:endcolon")
    lower = s.lower()
    if b"http://" in lower or b"https://" in lower or b"www." in lower:
        f.append("s:url")
    if b"@" in s:
        f.append("s:at")
    if any(len(w) > 1 and w[0] == ord("#") and (is_digit(w[1]) or is_upper(w[1]) or is_lower(w[1]))
           for w in words):
        f.append("s:hash")
    digits = sum(1 for c in s if is_digit(c))
    letters = sum(1 for c in s if is_upper(c) or is_lower(c))
    if digits > 0 and digits * 3 >= letters + digits:
        f.append("s:digits")
    if words:
        w0 = words[0]
        if w0 in (b"*", b"-", b"+") or (
                len(w0) >= 2 and w0[-1] in b".)" and all(is_digit(c) for c in w0[:-1])):
            f.append("s:list")
    lettered = [w for w in words if is_upper(w[0]) or is_lower(w[0])]
    upper = sum(1 for w in lettered if is_upper(w[0]))
    if n >= 2 and len(lettered) >= 2 and upper * 4 >= len(lettered) * 3:
        f.append("s:titlecase")
    if s and is_lower(s[0]):
        f.append("s:lowerstart")
    if letters >= 3 and not any(is_lower(c) for c in s):
        f.append("s:caps")
    if any(w in SEPARATORS for w in words):
        f.append("s:sep")
    if s and s[0] in b"\"'":
        f.append("s:quote")
    return f


def context_features(n, prev_n, next_n):
    """`prev_n`/`next_n`: word counts of the neighbouring lines, None if none."""
    f = []
    prev_short = prev_n is not None and prev_n <= SHORT_WORDS
    next_short = next_n is not None and next_n <= SHORT_WORDS
    if prev_short:
        f.append("c:prevshort")
    if next_short:
        f.append("c:nextshort")
    if (n <= SHORT_WORDS and prev_n is not None and next_n is not None and
            not prev_short and not next_short):
        f.append("c:isolated")
    return f


def tokens_of(s):
    out = []
    for m in TOKEN_RE.finditer(s):
        t = m.group(0)
        if len(t) > MAX_TOKEN_BYTES:
            continue
        if any(is_digit(c) for c in t):
            t = b"0"
        out.append(t.lower())
    return out


def lexical_features(s):
    """(name, value) pairs: every token scaled by 1/sqrt(#tokens), the first
    token and the first two tokens."""
    toks = tokens_of(s)
    if not toks:
        return []
    v = 1.0 / math.sqrt(len(toks))
    f = [(b"w:" + t, v) for t in toks]
    f.append((b"f1:" + toks[0], 1.0))
    if len(toks) >= 2:
        f.append((b"f2:" + toks[0] + b" " + toks[1], 1.0))
    return f


def line_features(line_bytes, prev_n, next_n):
    words = words_of(line_bytes)
    feats = [(name.encode(), 1.0) for name in shape_features(line_bytes, words)]
    feats += [(name.encode(), 1.0) for name in context_features(len(words), prev_n, next_n)]
    feats += lexical_features(line_bytes)
    return feats


# ---------------------------------------------------------------------------
# HTML to lines.

BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "table", "tr", "td", "th", "ul", "option",
    "caption", "summary", "tbody", "thead", "tfoot", "body", "html", "center",
    "button", "label", "select", "textarea", "menu",
}
SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "title", "head",
             "iframe", "object", "math"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
             "meta", "param", "source", "track", "wbr"}


class LineParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines = []
        self.cur = []
        self.skip = []

    def flush(self):
        text = " ".join("".join(self.cur).split())
        if text:
            self.lines.append(text)
        self.cur = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS and tag not in VOID_TAGS:
            # <head> is only skipped when the page closes it before <body>.
            self.skip.append(tag)
            return
        if tag == "body" and self.skip and self.skip[-1] == "head":
            self.skip.pop()
        if tag in BLOCK_TAGS:
            self.flush()

    def handle_endtag(self, tag):
        if self.skip and tag == self.skip[-1]:
            self.skip.pop()
            return
        if tag in BLOCK_TAGS:
            self.flush()

    def handle_data(self, data):
        if not self.skip:
            self.cur.append(data)

    def close(self):
        super().close()
        self.flush()


def html_lines(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        p = LineParser()
        p.feed(f.read())
        p.close()
    return p.lines


def norm(text):
    return " ".join(text.translate(FOLD).lower().split())


def labelled_page(page_dir):
    """[(line, is_junk)] for one page."""
    src = html_lines(os.path.join(page_dir, "source.html"))
    exp = html_lines(os.path.join(page_dir, "expected.html"))
    exp_lines = {norm(l) for l in exp}
    exp_compact = "".join(norm(l).replace(" ", "") for l in exp)
    out = []
    for line in src:
        n = norm(line)
        body = n in exp_lines or (len(n) >= 25 and n.replace(" ", "") in exp_compact)
        out.append((line, not body))
    return out


# ---------------------------------------------------------------------------
# Training.

def sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def score(weights, bias, feats):
    return sigmoid(bias + sum(weights.get(name, 0.0) * v for name, v in feats))


def train(examples, allowed, seed):
    rng = random.Random(seed)
    order = list(range(len(examples)))
    weights = {}
    bias = 0.0
    step = 0
    for epoch in range(EPOCHS):
        rng.shuffle(order)
        lr = LEARNING_RATE / (1.0 + epoch)
        for i in order:
            feats, y = examples[i]
            feats = [(n, v) for n, v in feats if n in allowed]
            p = score(weights, bias, feats)
            g = p - y
            bias -= lr * g
            for n, v in feats:
                w = weights.get(n, 0.0)
                weights[n] = w - lr * (g * v + L2 * w)
            step += 1
    return weights, bias


def evaluate(weights, bias, examples):
    tp = fp = fn = 0
    for feats, y in examples:
        pred = score(weights, bias, feats) >= 0.5
        if pred and y:
            tp += 1
        elif pred:
            fp += 1
        elif y:
            fn += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1, tp + fn, len(examples)


def c_string(b):
    out = []
    for c in b:
        if c == 0x22 or c == 0x5C:
            out.append("\\" + chr(c))
        elif 32 <= c < 127:
            out.append(chr(c))
        else:
            out.append("\\%03o" % c)
    return '"' + "".join(out) + '"'


def load_model(path):
    """Reads weights back from a generated junk_model.inc."""
    weights, bias = {}, 0.0
    with open(path, encoding="ascii") as f:
        for line in f:
            m = re.match(r"constexpr double kJunkBias = (\S+);", line)
            if m:
                bias = float(m.group(1))
            m = re.match(r'    \{"((?:[^"\\]|\\.)*)", (\S+)\},', line)
            if m:
                name = re.sub(r"\\([0-7]{3}|.)", lambda e: chr(int(e.group(1), 8))
                              if len(e.group(1)) == 3 else e.group(1), m.group(1))
                weights[name.encode("latin-1")] = float(m.group(2))
    return weights, bias


def score_files(model_path, paths):
    """Prints `path:line<TAB>probability<TAB>text` for every non-blank line."""
    weights, bias = load_model(model_path)
    for path in paths:
        with open(path, encoding="utf-8") as f:
            raw = f.read().split("\n")
        idx = [i for i, l in enumerate(raw) if fold(l)]
        folded = [fold(raw[i]) for i in idx]
        counts = [len(words_of(s)) for s in folded]
        for k, s in enumerate(folded):
            prev_n = counts[k - 1] if k > 0 else None
            next_n = counts[k + 1] if k + 1 < len(folded) else None
            p = score(weights, bias, line_features(s, prev_n, next_n))
            print("%s:%d\t%.4f\t%s" % (path, idx[k] + 1, p, raw[idx[k]].strip()[:70]))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="/work/shared/data/extraction/readability-testpages/test/test-pages")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                   "..", "src", "extract", "junk_model.inc"))
    ap.add_argument("--score", nargs="*", metavar="TXT",
                    help="instead of training, print the committed model's junk "
                         "probability of every non-blank line of these text files")
    args = ap.parse_args()
    if args.score is not None:
        return score_files(args.out, args.score)

    pages = sorted(d for d in os.listdir(args.data)
                   if os.path.isfile(os.path.join(args.data, d, "source.html")) and
                   os.path.isfile(os.path.join(args.data, d, "expected.html")))
    rng = random.Random(SEED)
    shuffled = pages[:]
    rng.shuffle(shuffled)
    n_held = int(round(len(pages) * HELD_OUT_SHARE))
    held = set(shuffled[:n_held])

    train_ex, held_ex = [], []
    feature_pages = {}
    n_lines = [0, 0]
    for page in pages:
        lab = labelled_page(os.path.join(args.data, page))
        if len(lab) > MAX_LINES_PER_PAGE:
            keep = sorted(random.Random(SEED + len(page)).sample(range(len(lab)), MAX_LINES_PER_PAGE))
        else:
            keep = range(len(lab))
        folded = [fold(l) for l, _ in lab]
        counts = [len(words_of(s)) for s in folded]
        for i in keep:
            s = folded[i]
            if not s:
                continue
            prev_n = counts[i - 1] if i > 0 else None
            next_n = counts[i + 1] if i + 1 < len(folded) else None
            ex = (line_features(s, prev_n, next_n), 1 if lab[i][1] else 0)
            n_lines[ex[1]] += 1
            if page in held:
                held_ex.append(ex)
            else:
                train_ex.append(ex)
                for name, _ in ex[0]:
                    feature_pages.setdefault(name, set()).add(page)

    def is_shape(name):
        return name.startswith(b"s:") or name.startswith(b"c:")

    allowed = {n for n, ps in feature_pages.items()
               if is_shape(n) or len(ps) >= MIN_PAGES_PER_FEATURE}
    weights, bias = train(train_ex, allowed, SEED)
    # Prune lexical features to the strongest few thousand, then refit on those.
    lexical = sorted((n for n in weights if not is_shape(n)),
                     key=lambda n: (-abs(weights[n]), n))[:MAX_LEXICAL_FEATURES]
    allowed = {n for n in allowed if is_shape(n)} | set(lexical)
    weights, bias = train(train_ex, allowed, SEED)
    weights = {n: w for n, w in weights.items() if n in allowed and abs(w) >= 1e-4}

    p, r, f1, n_junk, n_all = evaluate(weights, bias, held_ex)
    tp, tr, tf1, _, t_all = evaluate(weights, bias, train_ex)
    summary = ("held-out junk detection on %d pages (%d lines, %d junk): "
               "precision %.3f recall %.3f F1 %.3f" % (n_held, n_all, n_junk, p, r, f1))
    print(summary)
    print("train (%d pages, %d lines): precision %.3f recall %.3f F1 %.3f"
          % (len(pages) - n_held, t_all, tp, tr, tf1))
    print("features: %d (lexical %d); lines junk %d body %d"
          % (len(weights), sum(1 for n in weights if not is_shape(n)), n_lines[1], n_lines[0]))

    names = sorted(weights)  # byte order, as std::string_view compares
    with open(args.out, "w", encoding="ascii", newline="\n") as out:
        out.write("// Generated by scripts/train_junk_model.py; do not edit.\n")
        out.write("// Date: %s\n" % MODEL_DATE)
        out.write("// Command: python3 scripts/train_junk_model.py --data "
                  "<readability-testpages>/test/test-pages\n")
        out.write("// Data: Mozilla Readability test pages (Apache-2.0), snapshot of\n")
        out.write("// github.com/mozilla/readability commit ab4027a8b376, %d pages;\n" % len(pages))
        out.write("// lines of source.html labelled body when found in expected.html.\n")
        out.write("// Logistic regression, SGD, seed %d, %d epochs, L2 %g.\n" % (SEED, EPOCHS, L2))
        out.write("// The model is trained on %d pages; %s.\n" % (len(pages) - n_held, summary))
        out.write("// Held-out pages: %s.\n" % ", ".join(sorted(held)))
        out.write("\n")
        out.write("constexpr double kJunkBias = %.6g;\n\n" % bias)
        out.write("// Feature name -> weight, sorted by name (bytes).\n")
        out.write("constexpr FeatureWeight kJunkWeights[] = {\n")
        for n in names:
            out.write("    {%s, %.5g},\n" % (c_string(n), weights[n]))
        out.write("};\n")
    print("wrote %s (%d bytes)" % (args.out, os.path.getsize(args.out)))
    strongest = sorted(weights.items(), key=lambda kv: -kv[1])
    print("most junk-like:", ", ".join(n.decode("utf-8", "replace") for n, _ in strongest[:40]))
    print("most body-like:", ", ".join(n.decode("utf-8", "replace") for n, _ in strongest[-40:]))
    for n in sorted(n for n in weights if is_shape(n)):
        print("  %s %.3f" % (n.decode(), weights[n]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
