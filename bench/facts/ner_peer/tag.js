// Peer for bench/facts/ner.sh: compromise (npm) people / places /
// organizations on CoNLL-2003 sentences. Reads a CoNLL file, tags each
// document's text (its sentences' tokens joined by spaces, one sentence a
// line), maps compromise's matches back to tokens and prints one BIO tag per
// token (blank line between sentences). Timing (tokens/s) goes to stderr.
//   node tag.js eng.testa > pred.txt
const fs = require('fs');
const nlp = require('compromise');

const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n');
const docs = [];
let doc = null, sent = null;
for (const line of lines) {
  if (line.startsWith('-DOCSTART-')) { doc = null; sent = null; continue; }
  if (line.trim() === '') { sent = null; continue; }
  if (!doc) { doc = []; docs.push(doc); }
  if (!sent) { sent = []; doc.push(sent); }
  sent.push(line.split(' ')[0]);
}

function tagDoc(doc) {
  // Text and each token's character range.
  let text = '';
  const ranges = [];
  for (const s of doc) {
    const r = [];
    for (const w of s) {
      if (r.length) text += ' ';
      r.push([text.length, text.length + w.length]);
      text += w;
    }
    ranges.push(r);
    text += '\n';
  }
  const d = nlp(text);
  const tags = doc.map(s => s.map(() => 'O'));
  const mark = (matches, type) => {
    for (const m of matches.json({offset: true})) {
      const start = m.offset.start, end = m.offset.start + m.offset.length;
      for (let si = 0; si < ranges.length; si++) {
        let first = true;
        for (let ti = 0; ti < ranges[si].length; ti++) {
          const [a, b] = ranges[si][ti];
          if (b <= start || a >= end) continue;
          if (tags[si][ti] !== 'O') { first = false; continue; }
          tags[si][ti] = (first ? 'B-' : 'I-') + type;
          first = false;
        }
      }
    }
  };
  mark(d.people(), 'PER');
  mark(d.organizations(), 'ORG');
  mark(d.places(), 'LOC');
  return tags;
}

let tokens = 0;
for (const d of docs) for (const s of d) tokens += s.length;
const t0 = process.hrtime.bigint();
const out = docs.map(tagDoc);
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
const parts = [];
for (const d of out) for (const s of d) parts.push(s.join('\n') + '\n');
process.stdout.write(parts.join('\n'));
process.stderr.write(JSON.stringify({tokens, seconds: secs, tokens_per_second: tokens / secs}) + '\n');
