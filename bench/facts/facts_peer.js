// npm peers for the whole facts pass and for quotes, on the same inputs as
// facts_speed and quotes_eval.
//
//   node facts_peer.js speed [--reps N] FILE.jsonl...
//     The peer's facts pass per article: compromise (people, places,
//     organizations, numbers, quotations) + chrono-node (dates, resolved
//     against a fixed publication date). Inputs as facts_speed ({"text"} or
//     {"docs":[{"text"}]} per line); tokens are white-space words; best of N
//     passes (default 5); prints "tokens/CPU-s articles/CPU-s tokens/wall-s" on
//     stdout (CPU time: user + system of the node process, which counts V8's
//     helper threads too).
//   node facts_peer.js quotes < dev.jsonl > pred.jsonl
//     compromise's quotations() on PolNeAR-style lines, written like
//     quotes_eval ({"filename","pred":[{"b","e","sb","se","cb","ce","speaker","cue","kind"}]},
//     code point offsets). compromise finds the quoted text only: no speaker,
//     no cue, no indirect speech.
const fs = require('fs');
const path = require('path');
const nlp = require('module').createRequire(path.join(__dirname, 'ner_peer/tag.js'))('compromise');
const chrono = require('chrono-node');

function words(s) {
  const m = s.match(/\S+/g);
  return m ? m.length : 0;
}

function readTexts(files) {
  const texts = [];
  for (const f of files) {
    for (const line of fs.readFileSync(f, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const j = JSON.parse(line);
      if (j.docs) for (const d of j.docs) texts.push(d.text);
      else texts.push(j.text);
    }
  }
  return texts;
}

function peerFacts(text, ref) {
  const doc = nlp(text);
  return doc.people().out('array').length + doc.places().out('array').length +
      doc.organizations().out('array').length + doc.numbers().out('array').length +
      doc.quotations().out('array').length + chrono.parse(text, ref).length;
}

const mode = process.argv[2];
if (mode === 'speed') {
  let reps = 5;
  const files = [];
  for (let i = 3; i < process.argv.length; ++i) {
    if (process.argv[i] === '--reps') reps = +process.argv[++i];
    else files.push(process.argv[i]);
  }
  const texts = readTexts(files);
  const tokens = texts.reduce((n, t) => n + words(t), 0);
  const ref = new Date(2016, 8, 12, 12, 0);
  let best = Infinity, bestWall = Infinity, sink = 0;
  for (let r = 0; r < reps; ++r) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    for (const t of texts) sink += peerFacts(t, ref);
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1e6);
    bestWall = Math.min(bestWall, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  process.stderr.write(`(${sink} facts)\n`);
  // tokens per CPU second, articles per CPU second, tokens per wall second
  console.log(`${(tokens / best).toFixed(0)} ${(texts.length / best).toFixed(0)} ${(tokens / bestWall).toFixed(0)}`);
} else if (mode === 'quotes') {
  for (const line of fs.readFileSync(0, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const a = JSON.parse(line);
    // UTF-16 index -> code point index.
    const cp = new Array(a.text.length + 1);
    let n = 0;
    for (let i = 0; i < a.text.length; ++i) {
      cp[i] = n;
      const c = a.text.charCodeAt(i);
      if (!(c >= 0xDC00 && c <= 0xDFFF)) ++n;
    }
    cp[a.text.length] = n;
    const pred = [];
    for (const q of nlp(a.text).quotations().json({offset: true})) {
      const o = q.offset;
      if (!o) continue;
      const s = Math.min(o.start, a.text.length), e = Math.min(o.start + o.length, a.text.length);
      pred.push({b: cp[s], e: cp[e], sb: 0, se: 0, cb: 0, ce: 0, speaker: '', cue: '',
                 kind: 'direct'});
    }
    console.log(JSON.stringify({filename: a.filename, pred}));
  }
} else {
  console.error('usage: node facts_peer.js speed|quotes ...');
  process.exit(2);
}
