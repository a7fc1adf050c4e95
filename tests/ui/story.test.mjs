// The story desk in the system Chromium: list, story page, search.
//   node story.test.mjs PATH/TO/storyline [ARTIFACT_DIR]
// Ingests the seed articles (../shared/seeds next to the repository; when
// they are absent, the bundled examples/corpus; UI_CORPUS overrides), serves
// them, and checks at desktop width (1280x800): the story list with sources
// and update times; the largest story's brief with citations; a hovered and a
// focused citation showing the source passage; the source x fact matrix with
// coloured cells and a legend; the quotes table; the shared passages; the
// coverage timeline SVG with points; the search page with marked snippets.
// At phone width (390x844) the pages must not scroll sideways. Saves
// screenshots of every page at both widths. Fails on script errors and CSP
// violations.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const binary = path.resolve(process.argv[2] || path.join(repo, 'build/storyline'));
const artifacts = path.resolve(process.argv[3] || path.join(os.tmpdir(), 'storyline-ui-artifacts'));
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const seeds = path.resolve(repo, '../shared/seeds');
const corpus = process.env.UI_CORPUS ? path.resolve(process.env.UI_CORPUS)
  : fs.existsSync(seeds) ? seeds : path.join(repo, 'examples/corpus');
const DESKTOP = { width: 1280, height: 800 }, PHONE = { width: 390, height: 844 };

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storyline-ui-story-'));
fs.mkdirSync(artifacts, { recursive: true });
const db = path.join(dir, 'story.db');
console.log(`corpus: ${corpus}`);
execFileSync(binary, ['ingest', '--db', db, corpus], { stdio: ['ignore', 'inherit', 'inherit'] });

const { server, url } = await startServer(binary, db);

const list = await (await fetch(url + 'api/stories?limit=100')).json();
const largest = list.stories.reduce((a, b) => (b.article_count > a.article_count ? b : a));
const detail = await (await fetch(url + 'api/stories/' + largest.id)).json();
const brief = detail.brief;
console.log(`largest story: ${largest.id} (${largest.article_count} articles) "${largest.title}"`);

const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'], headless: true });
const problems = [];
const shot = (page, name) => page.screenshot({ path: path.join(artifacts, name), fullPage: true });
try {
  const page = await browser.newPage({ viewport: DESKTOP });
  page.setDefaultTimeout(10000);
  page.on('pageerror', (e) => problems.push('script error: ' + e));
  page.on('console', (m) => { if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) problems.push('console: ' + m.text()); });
  // The server has no favicon; any other failed request is a problem.
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`HTTP ${r.status()} ${r.url()}`); });

  // ---- story list ----
  await page.goto(url);
  await page.waitForSelector('.story h2 a');
  await waitUntil(page, () => !document.querySelector('.outlets .chip.ghost'));
  const listFacts = await page.evaluate(() => ({
    cards: document.querySelectorAll('.story').length,
    updated: Array.from(document.querySelectorAll('.story .updated')).map((e) => e.textContent),
    chips: Array.from(document.querySelectorAll('.story')).map((c) => c.querySelectorAll('.outlets .chip').length),
  }));
  check(listFacts.cards === Math.min(list.total, 20), `story list shows every story (${listFacts.cards})`);
  check(listFacts.updated.length === listFacts.cards && listFacts.updated.every((t) => /^Updated |^Undated$/.test(t)),
        `each story shows its update time (${listFacts.updated[0]})`);
  check(listFacts.chips.every((n) => n > 0), `each story lists its sources (${listFacts.chips.join(',')})`);
  await shot(page, 'list-desktop.png');

  // ---- the largest story ----
  await page.click(`.story h2 a[href$="/stories/${largest.id}"]`);
  await page.waitForSelector('#summary');
  await page.waitForSelector('#timeline svg');
  const h1 = await page.textContent('h1');
  check(h1 === (brief.headline || largest.title), `story page shows the brief's headline (${h1})`);
  const summary = await page.$$eval('#summary .summary p', (ps) => ps.map((p) => p.textContent));
  check(summary.length === brief.summary.length && summary.length > 0, `the summary shows (${summary.length} sentences)`);
  const citeCount = await page.$$eval('#summary sup.cite a', (as) => as.length);
  const wantCites = brief.summary.reduce((n, s) => n + s.sources.length, 0);
  check(citeCount === wantCites, `every summary sentence cites its sources (${citeCount} of ${wantCites})`);

  // Hover a citation: the popup shows the source passage.
  const cite = page.locator('#summary sup.cite a').first();
  await cite.hover();
  await page.waitForSelector('#popup:not([hidden])', { timeout: 3000 });
  const pop = await page.evaluate(() => {
    const p = document.getElementById('popup');
    const r = p.getBoundingClientRect();
    return { text: p.textContent, passage: (p.querySelector('.pop-passage') || {}).textContent || '',
             visible: r.width > 50 && r.height > 20 && r.top >= 0 && r.left >= 0 && r.right <= window.innerWidth };
  });
  const firstSource = brief.articles.find((a) => a.id === brief.summary[0].sources[0]);
  check(pop.visible, 'hovering a citation opens its popup on screen');
  check(pop.passage.length > 20, `the popup shows the source's passage ("${pop.passage.slice(0, 70)}…")`);
  check(firstSource && firstSource.text.includes(pop.passage.replace(/…$/, '').slice(0, 60)),
        'the passage is text of the cited article');
  const span = (brief.summary[0].spans || {})[brief.summary[0].sources[0]];
  const exact = span && firstSource ? Array.from(firstSource.text).slice(span[0], span[1]).join('') : '';
  check(exact.length > 0 && pop.passage.replace(/…$/, '').slice(0, 60) === exact.slice(0, 60),
        'the passage is the one the brief names for that source (its span)');
  await page.screenshot({ path: path.join(artifacts, 'citation-hover-desktop.png') });
  await page.mouse.move(5, 780);
  await page.waitForSelector('#popup[hidden]', { state: 'attached', timeout: 3000 });
  check(true, 'the popup closes when the pointer leaves');

  // Keyboard: focus shows it, Escape hides it.
  await page.locator('#summary sup.cite a').nth(Math.min(1, citeCount - 1)).focus();
  const focused = await page.evaluate(() => !document.getElementById('popup').hidden &&
    document.activeElement.getAttribute('aria-describedby') === 'popup');
  check(focused, 'focusing a citation with the keyboard opens its popup (aria-describedby)');
  await page.keyboard.press('Escape');
  check(await page.evaluate(() => document.getElementById('popup').hidden), 'Escape closes the popup');

  // The source x fact matrix.
  if (brief.claims.length || brief.conflicts.length) {
    const m = await page.evaluate(() => {
      const rows = Array.from(document.querySelectorAll('#matrix tbody tr')).filter((r) => r.offsetParent !== null);
      const cells = Array.from(document.querySelectorAll('#matrix td.cell')).filter((c) => c.offsetParent !== null);
      const coloured = cells.filter((c) => !c.classList.contains('none'));
      const bg = (e) => getComputedStyle(e).backgroundColor;
      const kinds = new Set(coloured.map((c) => [...c.classList].find((k) => ['agree', 'single', 'disputed', 'contra'].includes(k))));
      return { rows: rows.length, cols: document.querySelectorAll('#matrix thead th.outlet').length, coloured: coloured.length,
               kinds: [...kinds], distinct: new Set(coloured.map(bg)).size,
               noneBg: cells.filter((c) => c.classList.contains('none')).map(bg)[0] || '',
               colouredBg: coloured.map(bg)[0] || '',
               legend: document.querySelectorAll('#matrix .legend li').length };
    });
    const outlets = new Set(brief.articles.map((a, i) => (a.outlet || a.url || 'source ' + i).toLowerCase())).size;
    check(m.rows > 0, `the matrix has fact rows (${m.rows})`);
    check(m.cols >= Math.min(outlets, brief.articles.length) && m.cols > 0, `the matrix has a column per outlet (${m.cols})`);
    check(m.coloured > 0 && m.colouredBg !== m.noneBg && !/rgba\(0, 0, 0, 0\)/.test(m.colouredBg),
          `the matrix colours its cells (${m.coloured} coloured: ${m.kinds.join(', ')})`);
    check(m.legend === 5, 'the matrix has a legend');
    if (brief.conflicts.length) check(m.kinds.includes('contra'), 'contradictions are marked in the matrix');
    const toggle = page.locator('#matrix .matrix-controls button');
    if (await toggle.count()) {
      await toggle.click();
      const all = await page.$$eval('#matrix tbody tr', (rs) => rs.filter((r) => r.offsetParent !== null).length);
      check(all === brief.claims.length + brief.conflicts.length, `the single-source claims show on demand (${all} rows)`);
    }

    // Keyboard: the matrix is one tab stop and the arrow keys walk its cells,
    // each cell with a source opening its popup.
    const stops = await page.$$eval('#matrix td.cell', (cs) => cs.filter((c) => c.tabIndex === 0).length);
    check(stops === 1, `the matrix is one tab stop (${stops})`);
    await page.locator('#matrix td.cell[tabindex="0"]').focus();
    const walk = await page.evaluate(async () => {
      const seen = new Set();
      let popups = 0;
      const key = (k) => document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
      const rows = Array.from(document.querySelectorAll('#matrix tbody tr')).filter((r) => r.offsetParent !== null);
      for (let r = 0; r < rows.length; r++) {
        for (let c = 0; c < rows[r].querySelectorAll('td.cell').length; c++) {
          const a = document.activeElement;
          seen.add(a);
          if (a.hasAttribute('data-pop') && !document.getElementById('popup').hidden &&
              a.getAttribute('aria-describedby') === 'popup') popups++;
          key('ArrowRight');
        }
        key('Home');
        key('ArrowDown');
      }
      const cells = Array.from(document.querySelectorAll('#matrix td.cell')).filter((c) => c.offsetParent !== null);
      return { seen: cells.filter((c) => seen.has(c)).length, cells: cells.length, popups,
               withPop: cells.filter((c) => c.hasAttribute('data-pop')).length,
               stops: cells.filter((c) => c.tabIndex === 0).length };
    });
    check(walk.seen === walk.cells, `the arrow keys reach every matrix cell (${walk.seen} of ${walk.cells})`);
    check(walk.popups === walk.withPop && walk.withPop > 0, `each matrix cell with a source opens its popup from the keyboard (${walk.popups} of ${walk.withPop})`);
    check(walk.stops === 1, 'the matrix stays one tab stop while moving');
    await page.keyboard.press('Escape');
  }

  // Quotes.
  if (brief.quotes.length) {
    const q = await page.evaluate(() => Array.from(document.querySelectorAll('#quotes tbody tr')).slice(0, 5).map((r) => ({
      quote: r.querySelector('.q-text').textContent, speaker: r.querySelector('.q-speaker').textContent,
      carriers: r.querySelectorAll('.q-by .chip').length, marks: !!r.querySelector('.q-text q') })));
    check(q.length > 0 && q[0].quote === brief.quotes[0].text, `the quotes table lists the quotes (${brief.quotes.length})`);
    check(q.every((r, i) => r.speaker === (brief.quotes[i].speaker || 'unattributed')), 'each quote shows its speaker');
    check(q.every((r, i) => r.carriers === brief.quotes[i].sources.length), 'each quote shows the outlets that carry it');
    check(q.every((r, i) => r.marks === brief.quotes[i].direct), 'only the speaker\'s own words are in quotation marks');
  }

  // Shared passages with their first carrier.
  if (brief.reuse.length) {
    const r = await page.evaluate(() => ({
      items: document.querySelectorAll('#reuse .reuse-item').length,
      carriers: document.querySelectorAll('#reuse .carriers li').length,
      notes: Array.from(document.querySelectorAll('#reuse .reuse-item > .meta')).map((e) => e.textContent),
      firsts: document.querySelectorAll('#reuse .badge.first').length,
    }));
    check(r.items === brief.reuse.length, `shared passages are shown (${r.items})`);
    check(r.carriers === brief.reuse.reduce((n, x) => n + x.sources.length, 0), 'each shared passage lists who carried it');
    check(r.notes.every((t) => /First carried by|First carrier unknown/.test(t)) &&
          r.firsts === brief.reuse.filter((x) => x.first).length, 'each shared passage names its first carrier');
  }

  // The coverage timeline.
  const tl = await page.evaluate(() => {
    const svg = document.querySelector('#timeline svg');
    return { ns: svg && svg.namespaceURI, points: svg ? svg.querySelectorAll('.pt').length : 0,
             lanes: svg ? svg.querySelectorAll('.lane-bg').length : 0, ticks: svg ? svg.querySelectorAll('.grid text').length : 0 };
  });
  check(tl.ns === 'http://www.w3.org/2000/svg', 'the timeline chart is SVG');
  check(tl.points > 0, `the timeline chart has points (${tl.points} in ${tl.lanes} lanes, ${tl.ticks} ticks)`);
  const pt = page.locator('#timeline svg .pt').first();
  await pt.hover();
  const ptPop = await page.evaluate(() => !document.getElementById('popup').hidden && document.getElementById('popup').textContent);
  check(typeof ptPop === 'string' && ptPop.length > 5, 'a timeline point shows what happened on hover');
  await page.mouse.move(5, 780);

  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'story-desktop.png');

  // ---- search ----
  // A word of the story's body, so the snippet can mark it.
  const word = ((brief.summary.length ? brief.summary[0].text : brief.headline || largest.title).match(/[\p{L}]{5,}/gu) || ['the'])[0];
  await page.fill('#q', word);
  await page.press('#q', 'Enter');
  await page.waitForSelector('.hit, .hits .empty');
  const s = await page.evaluate(() => ({
    hits: document.querySelectorAll('.hit').length, marks: document.querySelectorAll('.hit mark').length,
    count: (document.querySelector('.result-count') || {}).textContent || '' }));
  check(s.hits > 0 && s.marks > 0, `search for "${word}" shows hits with marked snippets (${s.hits} hits, ${s.marks} marks)`);
  check(/match/.test(s.count), `search states the number of matches (${s.count})`);
  await shot(page, 'search-desktop.png');

  // ---- phone width, touch screen ----
  const phone = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
  const ppage = await phone.newPage();
  ppage.on('pageerror', (e) => problems.push('script error (phone): ' + e));
  ppage.on('console', (m) => { if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) problems.push('console (phone): ' + m.text()); });
  ppage.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`HTTP ${r.status()} ${r.url()}`); });
  await searchOnPhone(ppage, word);
  await phoneChecks(ppage);
  await phone.close();

  check(problems.length === 0, `no script errors or CSP violations (${problems.join('; ')})`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
}

async function searchOnPhone(page, word) {
  await page.goto(url + 'search?q=' + encodeURIComponent(word));
  await page.waitForSelector('.hit, .hits .empty');
  check((await overflow(page)) <= 0, 'search page fits a phone screen');
  await shot(page, 'search-phone.png');
}
// Polls in the page (page.waitForFunction would need eval, which the CSP forbids).
async function waitUntil(page, fn, ms = 15000) {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100)))
    if (await page.evaluate(fn)) return;
  throw new Error('timed out waiting for ' + fn);
}
function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
async function phoneChecks(page) {
  await page.goto(url);
  await page.waitForSelector('.story h2 a');
  await waitUntil(page, () => !document.querySelector('.outlets .chip.ghost'));
  check((await overflow(page)) <= 0, 'story list fits a phone screen');
  await shot(page, 'list-phone.png');
  await page.goto(url + 'stories/' + largest.id);
  await page.waitForSelector('#timeline svg .pt');
  check((await overflow(page)) <= 0, 'story page fits a phone screen (wide tables scroll inside their box)');
  const phoneSvg = await page.evaluate(() => document.querySelector('#timeline svg').getBoundingClientRect().width);
  check(phoneSvg <= PHONE.width, `the timeline chart fits the phone width (${Math.round(phoneSvg)}px)`);
  const first = page.locator('#summary sup.cite a').first();
  await first.tap();
  await page.waitForSelector('#popup:not([hidden])', { timeout: 3000 }).catch(() => {});
  const tapped = await page.evaluate(() => ({ open: !document.getElementById('popup').hidden, hash: window.location.hash,
    text: document.getElementById('popup').textContent }));
  check(tapped.open && !tapped.hash && tapped.text.length > 20, 'a first tap on a citation opens its passage on a phone');
  await page.screenshot({ path: path.join(artifacts, 'citation-tap-phone.png') });
  await first.tap();
  const hash = await page.evaluate(() => window.location.hash);
  check(/^#src-\d+$/.test(hash), `a second tap follows the citation to its source (${hash})`);
  await page.keyboard.press('Escape');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'story-phone.png');
}
console.log(failures ? `${failures} story UI check(s) failed` : `all story UI checks passed; screenshots in ${artifacts}`);
process.exit(failures ? 1 : 0);
