"""bench/extraction: every title Storyline gets wrong on the publisher tests,
with the title candidates each page offers, read independently of the engine
(Python's html.parser): og:title, twitter:title, JSON-LD headline and name,
<title>, and each <h1> (and <h2> on request) with the containers it sits in
(nav, header, article, main, aside, footer).

Run bench/extraction/run.sh first (it leaves OUT_DIR/fundus-publisher-tests.
storyline.jsonl), then:

  python3 bench/extraction/title_misses.py --out OUT_DIR [--data DIR] [--all] [--h2]

--all lists every page, not only the misses; a line per candidate, '=' marks
the candidates that equal the gold after collapsing white space.
"""
import argparse, gzip, html.parser, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench import load_sets, ws  # noqa: E402

CONTAINERS = {"nav", "header", "article", "main", "aside", "footer"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Candidates(html.parser.HTMLParser):
    def __init__(self, heads):
        super().__init__(convert_charrefs=True)
        self.heads = heads
        self.stack = []  # open container tags
        self.meta = []  # (key, content)
        self.title = None
        self.jsonld = []
        self.headings = []  # (tag, text, containers)
        self.cur = None  # [tag, parts, containers, depth] of the open heading
        self.in_title = self.in_ld = False
        self.buf = []
        self.open = []  # all open tags, for closing containers

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta":
            key = a.get("property") or a.get("name") or a.get("itemprop")
            if key and a.get("content") is not None:
                self.meta.append((key.lower().strip(), a["content"]))
            return
        if tag in VOID:
            return
        self.open.append(tag)
        if tag in CONTAINERS:
            self.stack.append(tag)
        if tag == "title" and self.title is None:
            self.in_title, self.buf = True, []
        elif tag == "script" and "ld+json" in (a.get("type") or ""):
            self.in_ld, self.buf = True, []
        elif tag in self.heads and self.cur is None:
            self.cur = [tag, [], "/".join(self.stack) or "-", len(self.open)]

    def handle_endtag(self, tag):
        if tag in VOID or tag not in self.open:
            return
        while self.open:
            t = self.open.pop()
            if t in CONTAINERS and self.stack:
                self.stack.pop()
            if self.cur is not None and len(self.open) < self.cur[3]:
                self.headings.append((self.cur[0], ws("".join(self.cur[1])), self.cur[2]))
                self.cur = None
            if t == "title" and self.in_title:
                self.title, self.in_title = ws("".join(self.buf)), False
            if t == "script" and self.in_ld:
                self.jsonld.append("".join(self.buf))
                self.in_ld = False
            if t == tag:
                break

    def handle_data(self, data):
        if self.in_title or self.in_ld:
            self.buf.append(data)
        if self.cur is not None:
            self.cur[1].append(data)


def ld_titles(texts):
    out = []

    def visit(j, depth):
        if depth > 8:
            return
        if isinstance(j, list):
            for x in j:
                visit(x, depth + 1)
        elif isinstance(j, dict):
            t = j.get("@type")
            t = "/".join(t) if isinstance(t, list) else str(t)
            for k in ("headline", "name", "alternativeHeadline"):
                if isinstance(j.get(k), str) and j[k].strip():
                    out.append((f"ld:{t}.{k}", ws(j[k])))
            for k in ("@graph", "mainEntity"):
                if k in j:
                    visit(j[k], depth + 1)

    for s in texts:
        s = s.strip()
        for attempt in (s, s.replace("\n", " ").replace("\t", " ")):
            try:
                visit(json.loads(attempt), 0)
                break
            except ValueError:
                continue
    return out


def candidates(path, heads):
    raw = gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()
    p = Candidates(heads)
    p.feed(raw.decode("utf-8", "replace"))
    p.close()
    out = []
    for key in ("og:title", "twitter:title", "title", "dc.title", "headline"):
        for k, v in p.meta:
            if k == key:
                out.append((f"meta:{key}", ws(v)))
    out += ld_titles(p.jsonld)
    if p.title is not None:
        out.append(("<title>", p.title))
    for tag, text, where in p.headings:
        if text:
            out.append((f"<{tag}> in {where}", text))
    return out


def main():
    default_data = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data", "extraction"))
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True, help="run.sh's OUT_DIR (holds fundus-publisher-tests.storyline.jsonl)")
    ap.add_argument("--data", default=default_data)
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--h2", action="store_true")
    a = ap.parse_args()
    pages = load_sets(a.data)["fundus-publisher-tests"]
    rows = {}
    for line in open(os.path.join(a.out, "fundus-publisher-tests.storyline.jsonl"), encoding="utf-8"):
        r = json.loads(line)
        if "file" in r:
            rows[r["file"]] = r
    heads = {"h1", "h2"} if a.h2 else {"h1"}
    misses = 0
    for pg in pages:
        gold, ours = ws(pg["title"]), ws(rows.get(pg["path"], {}).get("title"))
        if gold == ours and not a.all:
            continue
        misses += gold != ours
        name = os.path.relpath(pg["path"], os.path.dirname(os.path.dirname(pg["path"])))
        print(f"== {name} {'MISS' if gold != ours else 'ok'}")
        print(f"   gold: {gold!r}")
        print(f"   ours: {ours!r}")
        for k, v in candidates(pg["path"], heads):
            print(f" {'=' if v == gold else ' '} {k}: {v!r}")
    print(f"{misses} misses of {len(pages)}", file=sys.stderr)


if __name__ == "__main__":
    main()
