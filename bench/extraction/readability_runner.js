// Runs Readability.js (with jsdom) on the pages of a list ("path<TAB>url"
// lines) and writes one JSON line per page, then a timing line. The timed path
// per page: gunzip (.gz), jsdom parse (with its charset sniffing), Readability.
'use strict';
const fs = require('fs');
const zlib = require('zlib');
const { JSDOM, VirtualConsole } = require('jsdom');
const { Readability } = require('@mozilla/readability');

const items = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map((l) => {
  const [path, url] = l.split('\t');
  return { path, url, bytes: fs.readFileSync(path) };
});
const vc = new VirtualConsole();  // silence CSS / script errors
const results = [];
const t0 = process.cpuUsage();  // CPU time: what one core spends, whatever else runs
for (const it of items) {
  let buf = it.bytes;
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = zlib.gunzipSync(buf);
  let r = null;
  try {
    const dom = new JSDOM(buf, { url: it.url || 'https://example.org/', virtualConsole: vc });
    r = new Readability(dom.window.document).parse();
    dom.window.close();
  } catch (e) {
    r = null;
  }
  results.push({
    file: it.path,
    title: r ? r.title || '' : '',
    byline: r ? r.byline || '' : '',
    published: r ? r.publishedTime || '' : '',
    text: r ? (r.textContent || '') : '',
    language: r ? r.lang || '' : '',
  });
}
const cpu = process.cpuUsage(t0);
const seconds = (cpu.user + cpu.system) / 1e6;
for (const r of results) process.stdout.write(JSON.stringify(r) + '\n');
process.stdout.write(JSON.stringify({ timing: { pages: items.length, seconds } }) + '\n');
