"""Runs python3-readability (readability-lxml, Debian) on a page list ("path<TAB>url"
lines); writes one JSON line per page, then a timing line. Timed per page: gunzip,
its own charset detection, parsing, extraction, and the article HTML to text."""
import gzip, json, sys, time, logging

import lxml.html
from readability import Document

logging.disable(logging.CRITICAL)
BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "td", "tr", "br", "section", "article"}


def html_to_text(fragment):
    root = lxml.html.fromstring(fragment)
    parts = []
    for el in root.iter():
        if el.tag in BLOCKS:
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        if el.tail:
            parts.append(el.tail)
    lines = [" ".join(l.split()) for l in "".join(parts).split("\n")]
    return "\n\n".join(l for l in lines if l)


def main():
    items = []
    for line in open(sys.argv[1], encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            continue
        path, _, url = line.partition("\t")
        items.append((path, url, open(path, "rb").read()))
    out = []
    t0 = time.process_time()  # CPU time: what one core spends, whatever else runs
    for path, url, raw in items:
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        try:
            doc = Document(raw, url=url or None)
            text = html_to_text(doc.summary(html_partial=True))
            title = doc.short_title()
        except Exception:
            text, title = "", ""
        out.append({"file": path, "title": title, "text": text})
    seconds = time.process_time() - t0
    for r in out:
        print(json.dumps(r, ensure_ascii=False))
    print(json.dumps({"timing": {"pages": len(items), "seconds": seconds}}))


if __name__ == "__main__":
    main()
