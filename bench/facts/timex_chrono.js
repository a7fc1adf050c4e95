// chrono-node over the same JSON lines as timex_eval: {"doc","dct","text"} on
// stdin, {"doc","pred":[{"b","e","type","value"}]} (UTF-8 byte offsets) on
// stdout. chrono finds dates and times only (no durations or sets).
// Value mapping: TIME "YYYY-MM-DDTHH:MM" when the hour is known; else the
// finest granularity chrono marks as certain (day or weekday: YYYY-MM-DD;
// month: YYYY-MM; year: YYYY); a relative expression with nothing certain
// ("today", "last week") gives chrono's resolved day. Ranges: the start.
// --time N: runs the input N times and prints seconds on stderr.
const chrono = require('chrono-node');
const fs = require('fs');

const docs = fs.readFileSync(0, 'utf8').split('\n').filter(l => l.trim()).map(l => JSON.parse(l));
const timeArg = process.argv.indexOf('--time');
const pad = (n, w = 2) => String(n).padStart(w, '0');

function refDate(dct) {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(dct || '');
  if (!m) return new Date();
  return new Date(+m[1], +m[2] - 1, +m[3], m[4] ? +m[4] : 12, m[5] ? +m[5] : 0);
}

function value(c) {
  const y = c.get('year'), mo = c.get('month'), d = c.get('day');
  const ymd = `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
  if (c.isCertain('hour')) return ['TIME', `${ymd}T${pad(c.get('hour'))}:${pad(c.get('minute') || 0)}`];
  if (c.isCertain('day') || c.isCertain('weekday')) return ['DATE', ymd];
  if (c.isCertain('month')) return ['DATE', `${pad(y, 4)}-${pad(mo)}`];
  if (c.isCertain('year')) return ['DATE', pad(y, 4)];
  return ['DATE', ymd];
}

if (timeArg >= 0) {
  const reps = +process.argv[timeArg + 1];
  const refs = docs.map(d => refDate(d.dct));
  let sink = 0;
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < reps; r++)
    for (let i = 0; i < docs.length; i++) sink += chrono.parse(docs[i].text, refs[i]).length;
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stderr.write(`${s.toFixed(6)} ${sink}\n`);
} else {
  const out = [];
  for (const d of docs) {
    const pred = [];
    for (const r of chrono.parse(d.text, refDate(d.dct))) {
      const b = Buffer.byteLength(d.text.slice(0, r.index), 'utf8');
      const e = b + Buffer.byteLength(r.text, 'utf8');
      const [type, v] = value(r.start);
      pred.push({ b, e, type, value: v, text: r.text });
    }
    out.push(JSON.stringify({ doc: d.doc, pred }));
  }
  process.stdout.write(out.join('\n') + '\n');
}
