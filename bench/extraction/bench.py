"""bench/extraction: Storyline vs Readability.js vs readability-lxml on the
fundus-eval and fundus-publisher-tests pages (read at run time from
../shared/data/extraction; nothing is copied into the repo).

Metrics:
  body P/R/F1  the Zyte article-extraction-benchmark metric: per page, the
               multiset of 4-token shingles of the lower-cased word tokens
               (regex \\w+) of gold and prediction; precision and recall per page,
               averaged over pages; F1 of the two means. A page with fewer than 4
               tokens has one shingle (all its tokens). Empty prediction against
               non-empty gold: precision 0, recall 0.
  title        exact match after collapsing white space (publisher tests).
  authors      exact match of the author sets after collapsing white space.
  (n/a: the tool does not output the field, or the set has no gold for it)
  date         exact day: the prediction's instant expressed in the gold's UTC
               offset (a prediction without zone is taken as stated) has the
               gold's calendar day.
  pages/s      pages / CPU seconds of the tool's own timed loop (process CPU
               time, so other load on the machine does not count), pinned to
               one core (taskset -c 0), files already in memory.

Usage: bench.py --storyline BIN --data DIR --out DIR [--tools storyline,readability,lxml] [--limit N]
"""
import argparse, collections, datetime, glob, gzip, json, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))


def tokens(text):
    return re.findall(r"\w+", (text or "").lower())


def shingles(text, n=4):
    t = tokens(text)
    if not t:
        return collections.Counter()
    if len(t) < n:
        return collections.Counter([tuple(t)])
    return collections.Counter(tuple(t[i:i + n]) for i in range(len(t) - n + 1))


def prf(gold, pred):
    g, p = shingles(gold), shingles(pred)
    if not g and not p:
        return 1.0, 1.0
    tp = sum((g & p).values())
    prec = tp / sum(p.values()) if p else 0.0
    rec = tp / sum(g.values()) if g else 1.0
    return prec, rec


def ws(s):
    return " ".join((s or "").split())


def load_sets(data):
    """Returns {set_name: [page dicts]} with path, url and gold fields."""
    sets = {}
    fe = os.path.join(data, "fundus-eval", "dataset")
    if os.path.isdir(fe):
        gt = json.load(open(os.path.join(fe, "ground_truth.json"), encoding="utf-8"))
        pages = []
        for name in sorted(gt):
            path = os.path.join(fe, "html", name[:-3] if name.endswith(".gz") else name)
            if not os.path.exists(path):
                path = os.path.join(fe, "html", name)
            if not os.path.exists(path):
                continue
            pages.append({"path": path, "url": gt[name].get("url", ""), "body": "\n\n".join(gt[name]["body"])})
        sets["fundus-eval"] = pages
    pt = os.path.join(data, "fundus-publisher-tests", "tests", "resources", "parser", "test_data")
    if os.path.isdir(pt):
        pages = []
        for j in sorted(glob.glob(os.path.join(pt, "*", "*.json"))):
            base = j[:-5]
            stem = os.path.basename(base)
            files = sorted(f for f in glob.glob(base + "_*.html.gz")
                           if os.path.basename(f)[len(stem) + 1:][:1].isdigit())
            versions = list(json.load(open(j, encoding="utf-8")).values())
            for f, v in zip(files, versions):
                body = v.get("body") or {}
                paras = list(body.get("summary") or [])
                for sec in body.get("sections") or []:
                    paras += list(sec.get("headline") or []) + list(sec.get("paragraphs") or [])
                pages.append({"path": f, "url": "", "body": "\n\n".join(paras), "title": v.get("title"),
                              "authors": v.get("authors"), "date": v.get("publishing_date")})
        sets["fundus-publisher-tests"] = pages
    return sets


def run_tool(cmd, list_path, out_path):
    with open(out_path, "w", encoding="utf-8") as out:
        subprocess.run(["taskset", "-c", "0"] + cmd + [list_path], stdout=out, check=True)
    rows, timing = {}, None
    for line in open(out_path, encoding="utf-8"):
        r = json.loads(line)
        if "timing" in r:
            timing = r["timing"]
        else:
            rows[r["file"]] = r
    return rows, timing


def split_byline(b):
    b = re.sub(r"^\s*(by|von|par|por)\s+", "", ws(b), flags=re.I)
    parts = re.split(r"\s*(?:,|;|&|\band\b|\bund\b)\s*", b)
    return [p for p in (ws(x) for x in parts) if p]


def parse_day(s, gold_offset):
    """Calendar day of an ISO-ish date-time `s`, in the zone `gold_offset`."""
    if not s:
        return None
    s = s.strip()
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?", s)
    if not m:
        return None
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    if m[4] is None or m[7] is None or gold_offset is None:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    z = m[7]
    off = datetime.timedelta(0) if z == "Z" else datetime.timedelta(
        hours=int(z[1:3]), minutes=int(z[-2:])) * (1 if z[0] == "+" else -1)
    try:
        t = datetime.datetime(y, mo, d, int(m[4]), int(m[5]), int(m[6] or 0), tzinfo=datetime.timezone(off))
    except ValueError:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return t.astimezone(gold_offset).strftime("%Y-%m-%d")


def gold_day(g):
    m = re.match(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2}):(\d{2})([+-]\d{2}):?(\d{2})", g or "")
    if not m:
        d = re.match(r"\d{4}-\d{2}-\d{2}", g or "")
        return (d[0], None) if d else (None, None)
    sign = 1 if m[5][0] == "+" else -1
    off = datetime.timezone(sign * datetime.timedelta(hours=int(m[5][1:]), minutes=int(m[6])))
    return m[1], off


def evaluate(pages, rows, tool):
    P, R = [], []
    t_ok = t_n = a_ok = a_n = d_ok = d_n = 0
    for pg in pages:
        r = rows.get(pg["path"], {})
        p, rc = prf(pg["body"], r.get("text", ""))
        P.append(p)
        R.append(rc)
        if pg.get("title") is not None:
            t_n += 1
            t_ok += ws(r.get("title")) == ws(pg["title"])
        if pg.get("authors") is not None and ("authors" in r or "byline" in r):
            a_n += 1
            if "authors" in r:
                got = r["authors"]
            else:
                got = split_byline(r.get("byline", ""))
            a_ok += sorted(ws(x) for x in got) == sorted(ws(x) for x in pg["authors"])
        if pg.get("date") and "published" in r:
            day, off = gold_day(pg["date"])
            if day:
                d_n += 1
                d_ok += parse_day(r.get("published", ""), off) == day
    mp, mr = sum(P) / len(P), sum(R) / len(R)
    f1 = 2 * mp * mr / (mp + mr) if mp + mr else 0
    return {"P": mp, "R": mr, "F1": f1, "title": (t_ok, t_n), "authors": (a_ok, a_n), "date": (d_ok, d_n)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--storyline", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--tools", default="storyline,readability,lxml")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--dump", action="store_true", help="print per-page body F1 of storyline")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    sets = load_sets(a.data)
    if not sets:
        sys.exit(f"no data under {a.data}")
    tools = {
        "storyline": [a.storyline],
        "readability": ["node", os.path.join(HERE, "readability_runner.js")],
        "lxml": ["/usr/bin/python3", os.path.join(HERE, "readability_lxml_runner.py")],
    }
    names = {"storyline": "Storyline", "readability": "Readability.js 0.5 + jsdom",
             "lxml": "readability-lxml 0.8.1 (python3-readability)"}
    results = {}
    for sname, pages in sets.items():
        if a.limit:
            pages = pages[:a.limit]
            sets[sname] = pages
        lst = os.path.join(a.out, f"{sname}.tsv")
        with open(lst, "w", encoding="utf-8") as f:
            for pg in pages:
                f.write(f"{pg['path']}\t{pg['url']}\n")
        for tool in a.tools.split(","):
            rows, timing = run_tool(tools[tool], lst, os.path.join(a.out, f"{sname}.{tool}.jsonl"))
            ev = evaluate(pages, rows, tool)
            ev["pps"] = timing["pages"] / timing["seconds"] if timing and timing["seconds"] else 0
            results[(sname, tool)] = ev
            if a.dump and tool == "storyline":
                for pg in pages:
                    p, r = prf(pg["body"], rows.get(pg["path"], {}).get("text", ""))
                    print(f"{p:.2f} {r:.2f} {pg['path']}", file=sys.stderr)
    # Markdown.
    print("| set | tool | body P | body R | body F1 | title | authors | date (day) | pages/s/core |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (sname, tool), ev in results.items():
        def acc(x):
            ok, n = x
            return f"{ok / n:.3f} ({ok}/{n})" if n else "n/a"
        print(f"| {sname} ({len(sets[sname])}) | {names[tool]} | {ev['P']:.3f} | {ev['R']:.3f} | {ev['F1']:.3f} | "
              f"{acc(ev['title'])} | {acc(ev['authors'])} | {acc(ev['date'])} | {ev['pps']:.0f} |")


if __name__ == "__main__":
    main()
