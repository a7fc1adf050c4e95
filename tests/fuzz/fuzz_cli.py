#!/usr/bin/env python3
"""Mutation fuzzing of the storyline CLI on bad input.

Takes real inputs (the repository's test data and examples, and when present
../shared's extraction samples and seeds), mutates them (flipped bytes, tags
and markers repeated up to 1,000 times, cuts, splices from other inputs,
truncated gzip), and runs `storyline extract|facts|dedup|brief` on each under
a time limit. A run is a finding when the process dies by a signal, reports
an AddressSanitizer/UBSan/LeakSanitizer error, or times out; a clean error
message with a documented exit code is what bad input should get. Findings
are written to --out (never into the repository) with the command and stderr.

Best with a sanitizer build (-DSTORYLINE_SANITIZE=ON):

    python3 tests/fuzz/fuzz_cli.py --storyline build-asan/storyline --seconds 600

Session 5 ran it for ~50 minutes (10,000 runs) without a finding.
"""
import argparse
import glob
import gzip
import hashlib
import os
import random
import subprocess
import sys
import time

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
SHARED = os.environ.get("STORYLINE_SHARED", os.path.join(ROOT, "..", "shared"))

MARKERS = [b"<div>", b"</div>", b"<p>", b"</p>", b"<script>", b"</script>", b"<!--", b"-->",
           b'<meta charset="shift_jis">', b'<meta charset="utf-16">', b"<table><tr><td>", b"<![CDATA[",
           b"]]>", b"<article>", b"<h1>", b"\xef\xbb\xbf", b"\xff\xfe", b"\xc3", b"\xe2\x80", b"\x00",
           b"WARC/1.0\r\n", b"Content-Length: 999999\r\n", b"\r\n\r\n", b"<item><title>", b"</item>",
           b'{"@type":"NewsArticle","headline":', b"&#x110000;", b"&amp", b'"', b"\n",
           b'<time datetime="9999-99-99T99:99">', b"<rss><channel>",
           b'<feed xmlns="http://www.w3.org/2005/Atom"><entry>']
SUFFIXES = [".html", ".htm", ".warc", ".jsonl", ".txt", ".xml", ".json", ".html.gz", ".warc.gz", ""]
COMMANDS = [["extract", "--json"], ["extract", "--json"], ["facts"], ["dedup"], ["brief", "--json"]]


def seed_files():
    patterns = [os.path.join(ROOT, "tests/data/**/*"), os.path.join(ROOT, "examples/corpus/**/*"),
                os.path.join(SHARED, "data/extraction/samples/**/*"), os.path.join(SHARED, "seeds/*")]
    files = []
    for pattern in patterns:
        files += [f for f in glob.glob(pattern, recursive=True)
                  if os.path.isfile(f) and os.path.getsize(f) < 400_000]
    return files


def mutate(data, seeds, rng):
    d = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        if not d:
            d += rng.choice(MARKERS)
            continue
        r, i = rng.random(), rng.randrange(len(d))
        if r < 0.25:
            d[i] = rng.randrange(256)
        elif r < 0.45:
            d[i:i] = rng.choice(MARKERS) * rng.choice([1, 1, 1, 50, 1000])
        elif r < 0.55:
            del d[i:i + rng.randint(1, 2000)]
        elif r < 0.65:
            d = d[:i]
        elif r < 0.75:
            j = rng.randrange(len(d))
            d[i:i] = d[j:j + rng.randint(1, 4000)]
        elif r < 0.85:
            other = open(rng.choice(seeds), "rb").read()
            j = rng.randrange(max(1, len(other)))
            d[i:i] = other[j:j + rng.randint(1, 3000)]
        else:
            d[i:i + rng.randint(0, 20)] = bytes(rng.randrange(256) for _ in range(rng.randint(0, 20)))
    return bytes(d)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--storyline", required=True)
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--timeout", type=float, default=60, help="per run; a slower run is a finding")
    ap.add_argument("--out", default="/tmp/storyline-fuzz")
    ap.add_argument("--seed", type=int, default=None)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    seeds = seed_files()
    if not seeds:
        sys.exit("no inputs to mutate")
    os.makedirs(args.out, exist_ok=True)
    print(f"{len(seeds)} inputs to mutate; findings go to {args.out}", flush=True)
    start, runs, found = time.time(), 0, 0
    while time.time() - start < args.seconds:
        path = rng.choice(seeds)
        raw = open(path, "rb").read()
        if path.endswith(".gz"):
            try:
                raw = gzip.decompress(raw)
            except (OSError, EOFError):
                pass
        data = mutate(raw, seeds, rng)
        suffix = rng.choice(SUFFIXES)
        if suffix.endswith(".gz"):
            data = gzip.compress(data)
            if rng.random() < 0.3:
                data = data[:rng.randrange(len(data) + 1)]
        inp = os.path.join(args.out, "input" + suffix)
        with open(inp, "wb") as f:
            f.write(data)
        cmd = rng.choice(COMMANDS)
        stderr = b""
        try:
            r = subprocess.run([args.storyline] + cmd + [inp], capture_output=True, timeout=args.timeout)
            stderr = r.stderr
            bad = (r.returncode < 0 or r.returncode >= 128 or b"AddressSanitizer" in stderr
                   or b"runtime error" in stderr or b"LeakSanitizer" in stderr)
            why = f"exit {r.returncode}"
        except subprocess.TimeoutExpired:
            bad, why = True, f"timeout after {args.timeout:g} s"
        runs += 1
        if bad:
            found += 1
            name = hashlib.md5(data).hexdigest()[:12]
            with open(os.path.join(args.out, name + suffix), "wb") as f:
                f.write(data)
            with open(os.path.join(args.out, name + ".log"), "wb") as f:
                f.write(f"storyline {' '.join(cmd)} FILE: {why}\n".encode() + stderr[-4000:])
            print(f"FOUND {name}{suffix}: storyline {' '.join(cmd)}: {why}", flush=True)
        if runs % 200 == 0:
            print(f"{runs} runs, {found} findings", flush=True)
    print(f"done: {runs} runs, {found} findings")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
