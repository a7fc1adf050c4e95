"""bench/extraction: regression check of Storyline's body on the Readability.js
test pages (../shared/data/extraction/readability-testpages, 130 pages).

The expected text is Readability's own output (each page's expected.html), so
the figure is a check that body extraction does not drift on pages it was
never tuned on, not a comparison with Readability. Metric: the same as
bench.py (Zyte article-extraction-benchmark: per page, 4-token shingles of
lower-cased \\w+ tokens; precision and recall averaged over pages; F1 of the
means). Title: exact match after collapsing white space, against the
title Readability.js reports (expected-metadata.json; pages whose expected
title is empty are not counted). Readability's title is its own pick from
<title> and the headings, so this too is a check for drift, not gold.

expected.html becomes text the simple way: character data outside
script/style, a line break at every block-level tag (so words of adjacent
paragraphs never merge), entities decoded.

(The 0.766-0.768 figures in docs/BENCHMARKS.md came from an earlier
throwaway script this one does not reproduce: on the same output this one
gives 0.903, or 0.798 with --articles-only.)

Usage (extract_pages is built by run.sh into OUT_DIR):
  python3 bench/extraction/readability_pages.py \
      --storyline BUILD/bench/extract_pages [--data DIR] [--out DIR] [--dump]
"""
import argparse, html.parser, json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench import prf, ws  # noqa: E402  (same metrics as bench.py)

BLOCK = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
         "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th", "caption", "header", "footer",
         "address", "figure", "figcaption", "br", "hr", "nav", "aside", "form", "details", "summary",
         "thead", "tbody", "tfoot", "center"}
SKIP = {"script", "style", "noscript", "template"}


class _Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self.skip += 1
        elif tag in BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(s):
    p = _Text()
    p.feed(s)
    p.close()
    return "".join(p.parts)


def main():
    default_data = os.path.join(HERE, "..", "..", "..", "shared", "data", "extraction", "readability-testpages",
                                "test", "test-pages")
    ap = argparse.ArgumentParser()
    ap.add_argument("--storyline", required=True, help="extract_pages binary (built by run.sh)")
    ap.add_argument("--data", default=os.path.normpath(default_data))
    ap.add_argument("--out", default="", help="where to keep the list and the JSONL (default: a temp dir)")
    ap.add_argument("--dump", action="store_true", help="print per-page P R and page name, worst F1 first")
    ap.add_argument("--articles-only", action="store_true",
                    help="count the body of a page judged not an article (is_article false) as empty")
    a = ap.parse_args()
    names = sorted(d for d in os.listdir(a.data) if os.path.exists(os.path.join(a.data, d, "source.html")))
    if not names:
        sys.exit(f"no pages under {a.data}")
    out = a.out or tempfile.mkdtemp(prefix="readability_pages.")
    os.makedirs(out, exist_ok=True)
    lst, jsonl = os.path.join(out, "readability-testpages.tsv"), os.path.join(out, "readability-testpages.jsonl")
    with open(lst, "w", encoding="utf-8") as f:
        for n in names:
            f.write(f"{os.path.join(a.data, n, 'source.html')}\thttp://fakehost/test/page.html\n")
    with open(jsonl, "w", encoding="utf-8") as f:
        subprocess.run([a.storyline, lst], stdout=f, check=True)
    rows = {}
    for line in open(jsonl, encoding="utf-8"):
        r = json.loads(line)
        if "file" in r:
            rows[r["file"]] = r
    P, R, per = [], [], []
    t_ok = t_n = 0
    for n in names:
        path = os.path.join(a.data, n, "source.html")
        gold = html_text(open(os.path.join(a.data, n, "expected.html"), encoding="utf-8").read())
        row = rows.get(path, {})
        meta_path = os.path.join(a.data, n, "expected-metadata.json")
        gold_title = json.load(open(meta_path, encoding="utf-8")).get("title") if os.path.exists(meta_path) else None
        if gold_title:
            t_n += 1
            t_ok += ws(row.get("title")) == ws(gold_title)
        text = row.get("text", "") if (row.get("is_article", True) or not a.articles_only) else ""
        p, r = prf(gold, text)
        P.append(p)
        R.append(r)
        per.append((2 * p * r / (p + r) if p + r else 0, p, r, n))
    if a.dump:
        for f1, p, r, n in sorted(per):
            print(f"{f1:.3f} P {p:.3f} R {r:.3f} {n}", file=sys.stderr)
    mp, mr = sum(P) / len(P), sum(R) / len(R)
    f1 = 2 * mp * mr / (mp + mr) if mp + mr else 0
    judged = " (non-articles empty)" if a.articles_only else ""
    print(f"readability-testpages ({len(names)}){judged}: body P {mp:.3f} R {mr:.3f} F1 {f1:.3f}; "
          f"title {t_ok / t_n if t_n else 0:.3f} ({t_ok}/{t_n})")


if __name__ == "__main__":
    main()
