#!/usr/bin/env node
// Baseline for the dedup benchmark: the npm `minhash` package (0.0.9, pinned in
// package-lock.json): its Minhash signatures and its LshIndex, on the same
// shingles as Storyline's defaults (word 3-grams, lower case), streaming: each
// article is signed, inserted and queried in corpus order, and a pair is
// reported when the estimated Jaccard reaches the threshold.
//
//   (cd bench/dedup && npm ci)
//   node --expose-gc bench/dedup/baseline_minhash.js --corpus DIR/corpus.jsonl --out pred.json \
//        [--bands 32 --rows 4 --threshold 0.3 --shingle 3]
//
// Writes the `storyline dedup --json` format (pairs of kind "near", no spans)
// with stats: articles_per_second counts signature + LSH insert + LSH query
// only (timed here with process.hrtime, reading and tokenising excluded);
// articles_per_second_with_verify adds the Jaccard estimate of each candidate.
// heap_bytes_per_article is the V8 heap the index and signatures hold (heap
// with them minus heap after dropping them, each after a GC; needs --expose-gc): the package keeps, per signature, its hash values and its own
// permutation arrays.
'use strict';
const fs = require('fs');
const path = require('path');
const { Minhash, LshIndex } = require(path.join(__dirname, 'node_modules', 'minhash'));

function parseArgs(argv) {
  const a = { bands: 32, rows: 4, threshold: 0.3, shingle: 3 };
  for (let i = 2; i < argv.length; i += 2) {
    const k = argv[i].replace(/^--/, '');
    a[k] = ['corpus', 'out'].includes(k) ? argv[i + 1] : Number(argv[i + 1]);
  }
  if (!a.corpus || !a.out) {
    console.error('usage: baseline_minhash.js --corpus corpus.jsonl --out pred.json [--bands B --rows R --threshold T --shingle N]');
    process.exit(2);
  }
  return a;
}

const WORD = /[\p{L}\p{N}_]+/gu;

function shingles(text, n) {
  const w = text.toLowerCase().match(WORD) || [];
  const out = new Set();
  for (let i = 0; i + n <= w.length; i++) out.add(w.slice(i, i + n).join(' '));
  if (out.size === 0 && w.length) out.add(w.join(' '));
  return out;
}

function main() {
  const args = parseArgs(process.argv);
  const docs = fs.readFileSync(args.corpus, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const sets = docs.map((d) => shingles(d.text, args.shingle));
  const numPerm = args.bands * args.rows;
  const index = new LshIndex({ bandSize: args.rows });
  const sigs = new Array(docs.length);
  const pairs = [];
  let ns = 0n;
  let nsVerify = 0n;
  for (let i = 0; i < docs.length; i++) {
    const t0 = process.hrtime.bigint();
    const m = new Minhash({ numPerm });
    for (const s of sets[i]) m.update(s);
    index.insert(i, m); // LshIndex.query throws on a band it has never seen: insert first
    const cands = index.query(m);
    const t1 = process.hrtime.bigint();
    sigs[i] = m;
    for (const c of cands) {
      const j = Number(c);
      if (j === i) continue;
      const est = m.jaccard(sigs[j]);
      if (est >= args.threshold) {
        pairs.push({ a: docs[j].id, b: docs[i].id, kind: est === 1 ? 'exact' : 'near', jaccard_estimate: est });
      }
    }
    const t2 = process.hrtime.bigint();
    ns += t1 - t0;
    nsVerify += t2 - t0;
  }
  // memory held by the index and the signatures: heap with them minus heap
  // after dropping them
  let heapBytes = null;
  if (global.gc) {
    global.gc();
    const withIndex = process.memoryUsage().heapUsed;
    index.index = null;
    sigs.fill(null);
    global.gc();
    heapBytes = withIndex - process.memoryUsage().heapUsed;
  }
  const sec = Number(ns) / 1e9;
  const secVerify = Number(nsVerify) / 1e9;
  const out = {
    pairs,
    reuse: [],
    stats: {
      tool: 'npm minhash 0.0.9',
      articles: docs.length,
      pairs: pairs.length,
      shingle: args.shingle, bands: args.bands, rows: args.rows, threshold: args.threshold,
      seconds: sec,
      seconds_with_verify: secVerify,
      articles_per_second: docs.length / sec,
      articles_per_second_with_verify: docs.length / secVerify,
      heap_bytes_per_article: heapBytes === null ? null : heapBytes / docs.length,
      bytes_per_article: heapBytes === null ? null : heapBytes / docs.length,
    },
  };
  fs.writeFileSync(args.out, JSON.stringify(out));
  console.error(`minhash baseline: ${docs.length} articles, ${pairs.length} pairs, ` +
    `${(docs.length / sec).toFixed(1)} articles/s (sig+insert+query), ` +
    `${out.stats.bytes_per_article ? out.stats.bytes_per_article.toFixed(0) : '?'} heap bytes/article`);
}

main();
