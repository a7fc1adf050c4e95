// Hostile articles render inert in the web UI, checked in the system Chromium.
//   node xss.test.mjs PATH/TO/storyline [ARTIFACT_DIR]
// Ingests a story whose titles and bodies carry <script>alert(1)</script>,
// an <img onerror>, and javascript: links (as the article URL and inside an
// HTML page), serves it, opens the story page and search page, and checks:
// no dialog fired, no javascript: href exists, every link is http(s) or our
// own, the hostile text shows literally, only our own script is on the page,
// and the CSP and nosniff headers are sent; wire copy's ``quotes'' show as
// typographic ones. Saves screenshots.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

const binary = path.resolve(process.argv[2] || 'build/storyline');
const artifacts = path.resolve(process.argv[3] || path.join(os.tmpdir(), 'storyline-ui-artifacts'));
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const SCRIPT = '<script>alert(1)</script>';

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storyline-ui-'));
fs.mkdirSync(artifacts, { recursive: true });
const body = (n) =>
  `Dock workers at the Port of Valmere walked out on Monday over pay ${SCRIPT}, halting container traffic ` +
  `at the busiest harbour in the region.\n\nThe Harbour Workers Union said 3,000 members joined the strike; ` +
  `see <img src=x onerror=alert(4)> and [details](javascript:alert(5)) for more.\n\n` +
  `Talks between the union and the port authority are due to resume on Thursday, officials said (${n}).\n\n` +
  "``We will not go back for less,'' the union's leader told the crowd at the gates.";
const records = [
  { id: 'hostile-1', url: 'javascript:alert(2)', outlet: `Gazette ${SCRIPT}`, title: `${SCRIPT} Valmere port strike halts containers`,
    authors: [`Jane ${SCRIPT}`], published: '2025-03-01T08:00:00Z', language: 'en', text: body(1) },
  { id: 'hostile-2', url: 'JaVaScRiPt:alert(3)', outlet: 'Ledger', title: `Valmere port strike ${SCRIPT} enters second day`,
    authors: ['John Roe'], published: '2025-03-01T12:00:00Z', language: 'en', text: body(2) },
  { id: 'hostile-3', url: 'https://ledger.example/strike', outlet: 'Wire', title: 'Valmere port strike: talks due Thursday',
    authors: [], published: '2025-03-01T15:00:00Z', language: 'en', text: body(3) },
];
fs.writeFileSync(path.join(dir, 'hostile.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
fs.writeFileSync(path.join(dir, 'hostile-page.html'), `<!doctype html><html><head>
<title>&lt;script&gt;alert(1)&lt;/script&gt; Valmere port strike spreads</title>
<meta property="og:url" content="javascript:alert(6)"></head><body><article>
<h1>&lt;script&gt;alert(1)&lt;/script&gt; Valmere port strike spreads</h1>
<p>Dock workers at the Port of Valmere walked out on Monday over pay, halting container traffic at the busiest
harbour in the region, the union said. &lt;script&gt;alert(1)&lt;/script&gt;</p>
<p>The Harbour Workers Union said 3,000 members joined the strike. <a href="javascript:alert(7)">Read more</a></p>
<p>Talks between the union and the port authority are due to resume on Thursday, officials said.</p>
<script>alert(8)</script></article></body></html>`);

const db = path.join(dir, 'ui.db');
execFileSync(binary, ['ingest', '--db', db, '--published', '2025-03-01T16:00:00Z', dir], { stdio: 'inherit' });

const { server, url } = await startServer(binary, db);

const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'], headless: true });
try {
  const page = await browser.newPage();
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));

  const response = await page.goto(url);
  const headers = response.headers();
  check(/script-src 'self'/.test(headers['content-security-policy'] || '') &&
        !/unsafe-inline/.test(headers['content-security-policy']), 'strict Content-Security-Policy on the page');
  check(headers['x-content-type-options'] === 'nosniff', 'X-Content-Type-Options: nosniff');

  await page.waitForSelector('.story a');
  const listText = await page.textContent('main');
  check(listText.includes(SCRIPT), 'story list shows the hostile title literally');
  await page.screenshot({ path: path.join(artifacts, 'story-list.png'), fullPage: true });

  // The story of the hostile articles: the one with most articles.
  await page.click('.story h2 a');
  await page.waitForSelector('#sources li');
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(artifacts, 'story-page.png'), fullPage: true });

  const facts = await page.evaluate(() => ({
    text: document.querySelector('main').textContent,
    hrefs: Array.from(document.querySelectorAll('[href]')).map((a) => a.getAttribute('href')),
    scripts: Array.from(document.querySelectorAll('script')).map((s) => s.getAttribute('src')),
    imgs: document.querySelectorAll('img').length,
    handlers: Array.from(document.querySelectorAll('*')).filter((e) =>
      Array.from(e.attributes).some((a) => a.name.startsWith('on'))).length,
    sources: document.querySelectorAll('#sources li').length,
  }));
  check(facts.sources >= 3, `story page lists its sources (${facts.sources})`);
  check(facts.text.includes(SCRIPT), 'story page shows <script>alert(1)</script> literally');
  check(facts.text.includes('<img src=x onerror=alert(4)>'), 'story page shows the <img onerror> literally');
  check(facts.text.includes('\u201cWe will not go back for less,\u201d') && !facts.text.includes('``'),
    "wire copy's ``quotes'' show as \u201cquotes\u201d");
  check(!facts.hrefs.some((h) => /^\s*javascript:/i.test(h)), 'no javascript: href on the story page');
  const odd = facts.hrefs.filter((h) => !/^(https?:\/\/|#|\/)/i.test(h));
  check(odd.length === 0, `every href is http(s), a fragment or ours (${odd.join(' ')})`);
  check(facts.scripts.length === 1 && facts.scripts[0] === '/static/app.js', 'only /static/app.js is a script');
  check(facts.imgs === 0, 'no <img> element was created');
  check(facts.handlers === 0, 'no element carries an on* attribute');

  // Hover a citation: its label names the source and its popup shows the
  // hostile passage as text.
  const cite = await page.$('sup.cite a');
  check(cite !== null && (await cite.getAttribute('aria-label')).length > 0, 'citations name their source');
  await cite.hover();
  await page.waitForSelector('#popup:not([hidden])', { timeout: 3000 }).catch(() => {});
  const popup = await page.evaluate(() => {
    const p = document.getElementById('popup');
    return { open: !p.hidden, elements: Array.from(p.querySelectorAll('*')).map((e) => e.tagName.toLowerCase()) };
  });
  check(popup.open && !popup.elements.some((t) => ['script', 'img', 'a', 'iframe'].includes(t)),
        'the citation popup opens on hover and holds only our own markup');

  // Search.
  await page.fill('#q', 'harbour');
  await page.press('#q', 'Enter');
  await page.waitForSelector('.hit');
  await page.screenshot({ path: path.join(artifacts, 'search.png'), fullPage: true });
  const searchFacts = await page.evaluate(() => ({
    text: document.querySelector('main').textContent,
    hrefs: Array.from(document.querySelectorAll('[href]')).map((a) => a.getAttribute('href')),
    marks: document.querySelectorAll('mark').length,
  }));
  check(searchFacts.text.includes(SCRIPT), 'search results show the hostile title literally');
  check(searchFacts.marks > 0, 'search marks the matched words');
  check(!searchFacts.hrefs.some((h) => /^\s*javascript:/i.test(h)), 'no javascript: href on the search page');

  // Give any delayed payload a chance to fire.
  await page.waitForTimeout(500);
  check(dialogs.length === 0, `no dialog fired (${dialogs.join(', ')})`);
  check(pageErrors.length === 0, `no script errors (${pageErrors.join('; ')})`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log(failures ? `${failures} UI check(s) failed` : `all UI checks passed; screenshots in ${artifacts}`);
process.exit(failures ? 1 : 0);
