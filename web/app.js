// Storyline web UI. Articles are hostile input: the DOM is built only with
// createElement(NS) and textContent (never innerHTML with data), links only to
// http(s) addresses, styles only through classes and the CSSOM, and the
// server's Content-Security-Policy forbids inline script and style.
'use strict';

(function () {
  const main = document.getElementById('main');
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const MIN = 60 * 1000, HOUR = 60 * MIN, DAY = 24 * HOUR;

  // Wire copy writes double quotation marks as two ASCII characters
  // (``like this''); shown as a reader expects (“like this”), as the
  // Markdown and HTML briefs do. The API keeps every text as written.
  function readable(s) {
    return s.indexOf('``') < 0 && s.indexOf("''") < 0 ? s : s.replace(/``/g, '\u201c').replace(/''/g, '\u201d');
  }

  // el('a', {href: '/x', className: 'c'}, 'text', child...)
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v === undefined || v === null || v === false) continue;
        if (k === 'className') node.className = v;
        else if (k === 'href') setHref(node, v);
        else if (k === 'text') node.textContent = readable(String(v));
        else node.setAttribute(k, String(v));
      }
    }
    return add(node, children);
  }
  function add(node, children) {
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      if (Array.isArray(c)) add(node, c);
      else node.append(typeof c === 'string' ? document.createTextNode(readable(c))
                       : typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return node;
  }
  // svg('circle', {cx: 1, class: 'pt'}, child...)
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) node.setAttribute(k, String(v));
    for (const c of children) if (c !== null && c !== undefined) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
    return node;
  }
  const plural = (n, one, many) => n + ' ' + (n === 1 ? one : (many || one + 's'));

  // ---- dates ---------------------------------------------------------------
  // A timeline value as a reader writes it (the brief's Markdown and HTML do
  // the same): TimeML parts of the day spelled out, a clock time after a
  // space, a range with "to". The machine value stays in <time datetime>.
  const PARTS_OF_DAY = { MO: 'morning', MI: 'midday', AF: 'afternoon', EV: 'evening', NI: 'night', DT: 'daytime' };
  const PART_HOURS = { MO: 9, MI: 12, AF: 15, EV: 19, NI: 22, DT: 12 };
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  function displayDate(v) {
    if (typeof v !== 'string') return '';
    const slash = v.indexOf('/');
    if (slash >= 0) return displayDate(v.slice(0, slash)) + ' to ' + displayDate(v.slice(slash + 1));
    const t = v.indexOf('T');
    if (t < 0 || t + 1 >= v.length) return v;
    const day = v.slice(0, t), rest = v.slice(t + 1);
    if (PARTS_OF_DAY[rest]) return day + ' ' + PARTS_OF_DAY[rest];
    const clock = /^(\d\d:\d\d)(?::\d\d(?:\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$/.exec(rest);
    if (clock) return day + ' ' + clock[1] + (clock[2] ? ' ' + (clock[2] === 'Z' ? 'UTC' : clock[2]) : '');
    return v;
  }
  // A publication time as the outlet stated it: "6 Jun 2025, 10:15 +01:00".
  function displayPublished(v) {
    const m = typeof v === 'string' && /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d:\d\d)(?::\d\d(?:\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?$/.exec(v);
    if (!m) return displayDate(v);
    let s = (+m[3]) + ' ' + MONTHS[+m[2] - 1] + ' ' + m[1];
    if (m[4]) s += ', ' + m[4] + (m[5] ? ' ' + (m[5] === 'Z' ? 'UTC' : m[5]) : '');
    return s;
  }
  // A timeline or publication value as an interval of UTC milliseconds.
  function parseWhen(v) {
    if (typeof v !== 'string' || !v) return null;
    const slash = v.indexOf('/');
    if (slash >= 0) {
      const a = parseWhen(v.slice(0, slash)), b = parseWhen(v.slice(slash + 1));
      if (!a || !b) return a || b;
      return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end), range: true };
    }
    let m = /^(\d{4})-(\d\d)-(\d\d)(?:T(.+))?$/.exec(v);
    if (m) {
      const day = Date.UTC(+m[1], +m[2] - 1, +m[3]);
      if (!m[4]) return { start: day, end: day + DAY, whole: true };
      if (PART_HOURS[m[4]] !== undefined) { const t = day + PART_HOURS[m[4]] * HOUR; return { start: t, end: t }; }
      const c = /^(\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$/.exec(m[4]);
      if (!c) return { start: day, end: day + DAY, whole: true };
      let t = day + (+c[1]) * HOUR + (+c[2]) * MIN + (+(c[3] || 0)) * 1000;
      if (c[4] && c[4] !== 'Z') {
        const sign = c[4][0] === '-' ? -1 : 1;
        t -= sign * ((+c[4].slice(1, 3)) * HOUR + (+c[4].slice(-2)) * MIN);
      }
      return { start: t, end: t };
    }
    m = /^(\d{4})-(\d\d)$/.exec(v);
    if (m) return { start: Date.UTC(+m[1], +m[2] - 1, 1), end: Date.UTC(+m[1], +m[2], 1), whole: true };
    m = /^(\d{4})$/.exec(v);
    if (m) return { start: Date.UTC(+m[1], 0, 1), end: Date.UTC(+m[1] + 1, 0, 1), whole: true };
    return null;
  }
  function ago(ms) {
    if (!isFinite(ms)) return '';
    const d = Date.now() - ms;
    if (d < 0) return 'scheduled';
    if (d < 2 * MIN) return 'just now';
    if (d < HOUR) return Math.round(d / MIN) + ' min ago';
    if (d < DAY) return plural(Math.round(d / HOUR), 'hour') + ' ago';
    if (d < 45 * DAY) return plural(Math.round(d / DAY), 'day') + ' ago';
    if (d < 365 * DAY) return plural(Math.round(d / (30 * DAY)), 'month') + ' ago';
    return plural(Math.round(d / (365 * DAY)), 'year') + ' ago';
  }
  function span(first, last) {
    if (!first && !last) return 'undated';
    if (first === last || !last) return displayPublished(first);
    return displayPublished(first) + ' – ' + displayPublished(last);
  }

  // ---- links ---------------------------------------------------------------
  // Only http(s) addresses and our own paths become links.
  function safeUrl(value) {
    if (typeof value !== 'string' || value === '') return null;
    let url;
    try { url = new URL(value, window.location.origin); } catch (e) { return null; }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.href;
  }
  function setHref(node, value) {
    if (/^#[A-Za-z0-9_-]*$/.test(value)) { node.setAttribute('href', value); return; }
    const safe = safeUrl(value);
    if (safe) node.setAttribute('href', safe);
  }
  // An in-app link: navigates without reloading.
  function nav(path, props, ...children) {
    const a = el('a', Object.assign({ href: path }, props || {}), ...children);
    a.dataset.nav = '';
    return a;
  }
  // A link to an article's original address, or plain text when it has none
  // or it is not http(s).
  function external(url, ...children) {
    const safe = safeUrl(url);
    if (!safe || new URL(safe).origin === window.location.origin) return el('span', null, ...children);
    return el('a', { href: safe, rel: 'noopener noreferrer nofollow', target: '_blank' }, ...children);
  }
  function hostOf(url) {
    const safe = safeUrl(url);
    if (!safe) return '';
    const u = new URL(safe);
    return u.origin === window.location.origin ? '' : u.hostname.replace(/^www\./, '');
  }

  function clear() { hidePopup(); main.replaceChildren(); }
  function showError(message) {
    clear();
    main.append(el('div', { className: 'empty error', role: 'alert' }, el('h1', null, 'Something went wrong'),
      el('p', null, message), el('p', null, nav('/', null, '← All stories'))));
  }
  function loading(what) { clear(); main.append(el('p', { className: 'loading muted' }, 'Loading ' + what + '…')); }

  async function api(path) {
    const res = await fetch(path, { headers: { Accept: 'application/json' } });
    let body = null;
    try { body = await res.json(); } catch (e) { /* not JSON */ }
    if (!res.ok) {
      const msg = body && body.error && body.error.message ? body.error.message : 'HTTP ' + res.status;
      throw new Error(msg);
    }
    return body;
  }

  // ---- popups: passages on hover and focus ----------------------------------
  // Any element with data-pop shows the nodes its registered function builds,
  // on mouse hover, keyboard focus, or a first tap on a touch screen.
  const popups = new WeakMap();
  const popup = el('div', { id: 'popup', className: 'popup', role: 'tooltip', hidden: '' });
  document.body.append(popup);
  let popupFor = null, lastPointer = 'mouse', openBeforeTap = false, hideTimer = 0;
  function pop(node, build) { popups.set(node, build); node.dataset.pop = ''; return node; }
  function showPopup(target) {
    const build = popups.get(target);
    if (!build) return;
    clearTimeout(hideTimer);
    if (popupFor === target && !popup.hidden) return;
    if (popupFor) popupFor.removeAttribute('aria-describedby');
    popupFor = target;
    popup.replaceChildren(...[].concat(build()).flat().filter(Boolean));
    popup.hidden = false;
    target.setAttribute('aria-describedby', 'popup');
    const r = target.getBoundingClientRect();
    const vw = document.documentElement.clientWidth, vh = window.innerHeight;
    const w = Math.min(popup.offsetWidth, vw - 16), h = popup.offsetHeight;
    let left = Math.max(8, Math.min(r.left + r.width / 2 - w / 2, vw - w - 8));
    let top = r.bottom + 8;
    popup.classList.toggle('above', top + h > vh && r.top - h - 8 > 0);
    if (popup.classList.contains('above')) top = r.top - h - 8;
    popup.style.left = (left + window.scrollX) + 'px';
    popup.style.top = (top + window.scrollY) + 'px';
  }
  function hidePopup() {
    clearTimeout(hideTimer);
    popup.hidden = true;
    if (popupFor) popupFor.removeAttribute('aria-describedby');
    popupFor = null;
  }
  const popTarget = (e) => e.target instanceof Element ? e.target.closest('[data-pop]') : null;
  // A first tap on a touch screen opens the popup; a second one follows the link.
  document.addEventListener('pointerdown', (e) => {
    lastPointer = e.pointerType || 'mouse';
    const t = popTarget(e);
    openBeforeTap = !!t && t === popupFor && !popup.hidden;
  }, true);
  document.addEventListener('mouseover', (e) => { const t = popTarget(e); if (t) showPopup(t); });
  document.addEventListener('mouseout', (e) => {
    const t = popTarget(e);
    if (t && t === popupFor && !(e.relatedTarget instanceof Node && t.contains(e.relatedTarget)) &&
        document.activeElement !== t) hideTimer = setTimeout(hidePopup, 120);
  });
  document.addEventListener('focusin', (e) => { const t = popTarget(e); if (t) showPopup(t); });
  document.addEventListener('focusout', (e) => { if (popTarget(e) === popupFor) hidePopup(); });
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') hidePopup(); });
  document.addEventListener('click', (e) => {
    const t = popTarget(e);
    if (t && lastPointer !== 'mouse' && !openBeforeTap) { e.preventDefault(); e.stopImmediatePropagation(); showPopup(t); return; }
    openBeforeTap = false;
    if (!t) hidePopup();
  }, true);
  window.addEventListener('resize', hidePopup);

  // ---- passages -------------------------------------------------------------
  // Summary sentences, claims and shared passages carry exact code point
  // spans of each source's passage; for the rest (quotes, timeline, conflict
  // sides) the passage shown is the article's sentence that best holds the
  // statement's words.
  const words = (s) => (String(s).toLowerCase().match(/[\p{L}\p{N}]+/gu) || []);
  const sentenceCache = new WeakMap();
  function sentences(article) {
    let list = sentenceCache.get(article);
    if (list) return list;
    list = [];
    const text = article.text || '';
    const re = /[^\n]+/g;
    let m;
    while ((m = re.exec(text))) {
      const para = m[0], base = m.index;
      const cut = /(?<=[.!?]["'”’)\]]?)\s+(?=["'“‘(]?[\p{Lu}\p{N}])/gu;
      let from = 0, c;
      while ((c = cut.exec(para))) { list.push({ start: base + from, end: base + c.index }); from = c.index + c[0].length; }
      if (from < para.length) list.push({ start: base + from, end: base + para.length });
    }
    for (const s of list) s.words = new Set(words(text.slice(s.start, s.end)));
    sentenceCache.set(article, list);
    return list;
  }
  function locate(article, statement) {
    const want = [...new Set(words(statement))];
    if (!want.length) return null;
    let best = null, bestScore = 0;
    for (const s of sentences(article)) {
      let hit = 0;
      for (const w of want) if (s.words.has(w)) hit++;
      const score = hit / want.length * 0.75 + (2 * hit / (want.length + s.words.size)) * 0.25;
      if (score > bestScore) { bestScore = score; best = s; }
    }
    if (!best || bestScore < 0.45) return null;
    return article.text.slice(best.start, best.end).trim();
  }
  // Code point offsets (the API's spans) into a JavaScript (UTF-16) string.
  function cpSlice(text, start, end) {
    if (!/[\uD800-\uDBFF]/.test(text)) return text.slice(start, end);
    return Array.from(text).slice(start, end).join('');
  }
  function cpLength(text) {
    if (!/[\uD800-\uDBFF]/.test(text)) return text.length;
    return Array.from(text).length;
  }
  function clip(s, n) { return s.length > n ? s.slice(0, n - 1).trimEnd() + '…' : s; }

  // ---- story model ------------------------------------------------------------
  function storyModel(brief) {
    const sources = brief.articles.map((a, i) => {
      const host = hostOf(a.url);
      return { a, id: a.id, n: i + 1, outlet: a.outlet || host || 'Source ' + (i + 1),
               when: parseWhen(a.published) };
    });
    const byId = new Map(sources.map((s) => [s.id, s]));
    const outlets = [], byKey = new Map();
    for (const s of sources) {
      const key = s.outlet.toLowerCase();
      let o = byKey.get(key);
      if (!o) { o = { name: s.outlet, sources: [], ids: new Set() }; byKey.set(key, o); outlets.push(o); }
      o.sources.push(s);
      o.ids.add(s.id);
      s.outletIndex = outlets.indexOf(o);
    }
    const named = sources.some((s) => s.a.outlet || hostOf(s.a.url));
    return { brief, sources, byId, outlets, named };
  }
  // The popup of one source for one statement.
  function sourcePopup(s, statement, exact) {
    const a = s.a;
    const passage = exact || (statement ? locate(a, statement) : null);
    return [
      el('div', { className: 'pop-head' }, el('span', { className: 'num o' + (s.outletIndex % 8) }, String(s.n)), el('strong', null, s.outlet),
        a.published ? el('span', { className: 'muted' }, ' · ' + displayPublished(a.published)) : null),
      a.title ? el('div', { className: 'pop-title' }, a.title) : null,
      passage ? el('blockquote', { className: 'pop-passage' }, clip(passage, 600))
              : el('p', { className: 'pop-missing muted' }, statement
                  ? 'The brief cites this article for the statement; its own wording was not located in the text.'
                  : clip(a.text || '', 280)),
    ];
  }
  // Citation links [1][3] for a statement; each shows its passage.
  function cites(model, ids, statement, spans) {
    const sup = el('sup', { className: 'cite' });
    for (const sid of ids || []) {
      const s = model.byId.get(sid);
      if (!s) continue;
      const a = el('a', { href: '#src-' + s.n, 'aria-label': 'Source ' + s.n + ': ' + s.outlet + (s.a.title ? ' — ' + s.a.title : '') },
                   String(s.n));
      a.dataset.source = sid;
      const exact = spans && spans[sid] ? cpSlice(s.a.text || '', spans[sid][0], spans[sid][1]) : null;
      sup.append(pop(a, () => sourcePopup(s, statement, exact)));
    }
    return sup;
  }
  // Outlet chips that cite, for tables.
  function carriers(model, ids, statement, spans) {
    const list = el('span', { className: 'chips' });
    for (const sid of ids || []) {
      const s = model.byId.get(sid);
      if (!s) continue;
      const exact = spans && spans[sid] ? cpSlice(s.a.text || '', spans[sid][0], spans[sid][1]) : null;
      const a = el('a', { href: '#src-' + s.n, className: 'chip o' + (s.outletIndex % 8) },
                   el('span', { className: 'num' }, String(s.n)), s.outlet);
      a.dataset.source = sid;
      list.append(pop(a, () => sourcePopup(s, statement, exact)));
    }
    return list;
  }

  // ---- story list ---------------------------------------------------------------
  let generation = 0;
  async function storyList(params) {
    const gen = ++generation;
    const page = Math.max(0, parseInt(params.get('page') || '0', 10) || 0);
    const limit = 20;
    loading('stories');
    const data = await api('/api/stories?limit=' + limit + '&offset=' + page * limit);
    if (gen !== generation) return;
    clear();
    document.title = 'Storyline — stories';
    main.className = 'page-list';
    main.append(el('div', { className: 'page-head' },
      el('h1', null, 'Stories'),
      el('p', { className: 'muted' }, plural(data.total, 'story', 'stories') + ' · newest first')));
    const list = el('div', { className: 'stories' });
    for (const s of data.stories) {
      const last = parseWhen(s.last_published);
      const names = s.outlets || [];
      const outlets = el('div', { className: 'chips outlets' },
        ...(names.length ? names.slice(0, 6).map((o, i) => el('span', { className: 'chip o' + (i % 8) }, o))
                         : [el('span', { className: 'chip none' }, 'outlets not stated')]),
        names.length > 6 ? el('span', { className: 'chip ghost' }, '+' + (names.length - 6)) : null);
      const teaser = el('p', { className: 'teaser' }, s.lead ? clip(s.lead, 260) : '');
      const card = el('article', { className: 'card story' },
        el('div', { className: 'story-when' },
          last ? el('time', { datetime: s.last_published, className: 'updated' }, 'Updated ' + ago(last.start)) : el('span', { className: 'updated' }, 'Undated'),
          s.live ? el('span', { className: 'badge live' }, 'Developing') : null),
        el('h2', null, nav('/stories/' + encodeURIComponent(s.id), null, s.title || '(untitled story)')),
        teaser,
        el('div', { className: 'meta' },
          el('span', { className: 'count' }, plural(s.article_count, 'article')),
          s.first_published || s.last_published ? ' · ' + span(s.first_published, s.last_published) : ''),
        outlets);
      list.append(card);
    }
    if (!data.stories.length) {
      list.append(el('div', { className: 'empty' }, el('h2', null, 'No stories yet'),
        el('p', { className: 'muted' }, 'Ingest articles with storyline ingest --db FILE, or POST them to /api/articles.')));
    }
    main.append(list);
    if (data.total > limit) {
      const prev = el('button', { type: 'button', className: 'btn' }, '← Newer');
      const next = el('button', { type: 'button', className: 'btn' }, 'Older →');
      prev.disabled = page === 0;
      next.disabled = (page + 1) * limit >= data.total;
      prev.addEventListener('click', () => go('/?page=' + (page - 1)));
      next.addEventListener('click', () => go('/?page=' + (page + 1)));
      main.append(el('nav', { className: 'pager', 'aria-label': 'Pages' }, prev,
        el('span', { className: 'muted' }, 'Page ' + (page + 1) + ' of ' + Math.ceil(data.total / limit)), next));
    }
  }

  // ---- story page ---------------------------------------------------------------
  async function storyPage(id) {
    const gen = ++generation;
    loading('the story');
    const data = await api('/api/stories/' + encodeURIComponent(id));
    if (gen !== generation) return;
    const story = data.story;
    const brief = data.brief;
    const model = storyModel(brief);
    clear();
    main.className = 'page-story';
    document.title = 'Storyline — ' + (brief.headline || story.title || 'story');

    const sections = [];
    const section = (sid, title, ...body) => {
      const s = el('section', { id: sid, 'aria-labelledby': sid + '-h' }, el('h2', { id: sid + '-h' }, title), ...body);
      sections.push({ sid, title });
      return s;
    };
    const contested = brief.claims.filter((c) => c.status === 'contested').length;
    const head = el('header', { className: 'story-head' },
      el('p', { className: 'crumbs' }, nav('/', null, '← All stories')),
      el('div', { className: 'story-when' },
        story.live ? el('span', { className: 'badge live' }, 'Developing') : el('span', { className: 'badge' }, 'Settled'),
        el('span', { className: 'muted' }, span(story.first_published, story.last_published))),
      el('h1', null, brief.headline || story.title || '(untitled story)'),
      el('ul', { className: 'stats' },
        el('li', null, el('strong', null, String(story.article_count)), plural(story.article_count, 'article').replace(/^\d+ /, '')),
        model.named ? el('li', null, el('strong', null, String(model.outlets.length)), model.outlets.length === 1 ? 'outlet' : 'outlets') : null,
        el('li', null, el('strong', null, String(brief.claims.length)), brief.claims.length === 1 ? 'claim' : 'claims'),
        el('li', { className: brief.conflicts.length ? 'warn' : '' }, el('strong', null, String(brief.conflicts.length)),
          brief.conflicts.length === 1 ? 'conflict' : 'conflicts'),
        el('li', null, el('strong', null, String(brief.quotes.length)), brief.quotes.length === 1 ? 'quote' : 'quotes')),
      brief.articles_in_story > brief.articles_in_brief
        ? el('p', { className: 'note' }, 'Briefed from the latest ' + brief.articles_in_brief + ' of ' + brief.articles_in_story + ' articles.') : null);

    const content = el('div', { className: 'story-main' });
    const aside = el('aside', { className: 'story-aside' });

    // Summary.
    const summary = el('div', { className: 'summary' });
    for (const s of brief.summary) summary.append(el('p', null, s.text, cites(model, s.sources, s.text, s.spans)));
    content.append(section('summary', 'Summary',
      brief.summary.length ? summary : el('p', { className: 'muted' }, 'No summary.'),
      brief.summary.length ? el('p', { className: 'hint muted' }, (window.matchMedia('(hover: none)').matches ? 'Tap' : 'Hover or focus') +
        ' a source number to read the passage it comes from.') : null));

    if (brief.conflicts.length) content.append(section('conflicts', 'Where the sources disagree', conflictCards(model)));
    if (brief.claims.length || brief.conflicts.length) content.append(section('matrix', 'Who reported what', matrix(model)));
    if (brief.quotes.length) content.append(section('quotes', 'Quotes', quotesTable(model)));
    if (brief.reuse.length) content.append(section('reuse', 'Shared passages', reuseList(model)));
    content.append(section('timeline', 'Coverage timeline', timelineChart(model)));

    // Aside: sources and the people and places the sources share.
    const srcList = el('ol', { className: 'sources' });
    for (const s of model.sources) {
      const a = s.a;
      srcList.append(el('li', { id: 'src-' + s.n },
        el('span', { className: 'num o' + (s.outletIndex % 8) }, String(s.n)),
        el('div', null,
          el('div', { className: 'src-outlet' }, s.outlet),
          el('div', { className: 'src-title' }, external(a.url, a.title || a.id)),
          el('div', { className: 'meta' }, [displayPublished(a.published), (a.authors || []).join(', ')].filter(Boolean).join(' · ')))));
    }
    aside.append(section('sources', 'Sources', srcList));
    const ents = brief.entities.filter((e) => e.type !== 'other').slice(0, 16);
    if (ents.length) {
      aside.append(section('entities', 'People & places',
        el('ul', { className: 'entities' }, ents.map((e) => el('li', { className: 'ent ' + e.type },
          el('span', null, e.name), el('span', { className: 'ent-n', 'aria-label': plural((e.sources || []).length, 'source') },
            String((e.sources || []).length)))))));
    }

    const tabs = el('nav', { className: 'tabs', 'aria-label': 'Sections' },
      sections.map((s) => el('a', { href: '#' + s.sid }, s.title)));
    main.append(head, tabs, el('div', { className: 'story-grid' }, content, aside));
  }

  function conflictCards(model) {
    const wrap = el('div', { className: 'conflicts' });
    for (const c of model.brief.conflicts) {
      const sides = el('div', { className: 'sides' });
      c.claims.forEach((side, i) => {
        sides.append(el('div', { className: 'side' + (i === 0 ? ' major' : '') },
          el('div', { className: 'side-value' }, side.text),
          el('div', { className: 'side-by' }, carriers(model, side.sources, side.text))));
      });
      wrap.append(el('div', { className: 'card conflict' }, el('div', { className: 'about' }, c.about), sides));
    }
    return wrap;
  }

  // ---- source x fact matrix ---------------------------------------------------------
  // Rows: the conflicts (each outlet's value) and the claims; columns: outlets.
  // A contested claim is tied to the conflict side whose value it states; the
  // outlets on the other sides contradict it.
  function conflictOf(brief, claim) {
    const text = claim.text.toLowerCase();
    let best = null;
    for (const c of brief.conflicts) {
      c.claims.forEach((side, i) => {
        const shares = side.sources.some((id) => claim.sources.includes(id));
        if (!shares) return;
        const hit = text.includes(String(side.text).toLowerCase()) ? 2 : 0;
        const score = hit + (claim.sources.every((id) => side.sources.includes(id)) ? 1 : 0);
        if (score > 0 && (!best || score > best.score)) best = { conflict: c, side: i, score };
      });
    }
    return best;
  }
  const CELL = {
    agree: { mark: '✓', text: 'states it; other sources agree' },
    single: { mark: '1', text: 'the only source that states it' },
    disputed: { mark: '!', text: 'states it; other sources give a different value' },
    contra: { mark: '✕', text: 'contradicts it' },
    none: { mark: '', text: 'does not state it' },
  };
  function matrix(model) {
    const { brief, outlets } = model;
    const rows = [];
    for (const c of brief.conflicts) {
      rows.push({ kind: 'conflict', label: c.about, cells: outlets.map((o) => {
        const side = c.claims.find((sd) => sd.sources.some((id) => o.ids.has(id)));
        return side ? { cls: 'contra', value: side.text, ids: side.sources.filter((id) => o.ids.has(id)), statement: side.text } : { cls: 'none' };
      }) });
    }
    for (const claim of brief.claims) {
      const link = claim.status === 'contested' ? conflictOf(brief, claim) : null;
      rows.push({ kind: claim.status, label: claim.text, sources: claim.sources, cells: outlets.map((o) => {
        const ids = claim.sources.filter((id) => o.ids.has(id));
        if (ids.length) {
          const cls = claim.status === 'single' ? 'single' : claim.status === 'contested' ? 'disputed' : 'agree';
          return { cls, ids, statement: claim.text, spans: claim.spans };
        }
        if (link) {
          const other = link.conflict.claims.find((sd, i) => i !== link.side && sd.sources.some((id) => o.ids.has(id)));
          if (other) return { cls: 'contra', value: other.text, ids: other.sources.filter((id) => o.ids.has(id)), statement: other.text };
        }
        return { cls: 'none' };
      }) });
    }

    const head = el('tr', null, el('th', { scope: 'col', className: 'fact' }, 'Fact'),
      outlets.map((o, oi) => el('th', { scope: 'col', className: 'outlet', title: o.name },
        el('span', { className: 'oname' }, o.name),
        el('span', { className: 'onum', 'aria-hidden': 'true' },
          o.sources.slice(0, 3).map((s) => el('span', { className: 'num o' + (oi % 8) }, String(s.n)))))));
    const body = el('tbody');
    const singles = rows.filter((r) => r.kind === 'single').length;
    for (const r of rows) {
      const tr = el('tr', { className: 'row-' + r.kind },
        el('th', { scope: 'row', className: 'fact' },
          r.kind === 'conflict' ? el('span', { className: 'tag contra' }, 'Conflict') :
          r.kind === 'contested' ? el('span', { className: 'tag disputed' }, 'Contested') : null,
          clip(r.label, 220)));
      r.cells.forEach((c, i) => {
        const td = el('td', { className: 'cell ' + c.cls + (c.value ? ' has-val' : '') },
          el('span', { className: 'mark', 'aria-hidden': 'true' }, CELL[c.cls].mark),
          c.value ? el('span', { className: 'val' }, clip(c.value, 28)) : null,
          el('span', { className: 'sr' }, outlets[i].name + ' ' + CELL[c.cls].text + (c.value ? ': ' + c.value : '')));
        if (c.ids && c.ids.length) {
          const s = model.byId.get(c.ids[0]);
          const exact = c.spans && c.spans[c.ids[0]] ? cpSlice(s.a.text || '', c.spans[c.ids[0]][0], c.spans[c.ids[0]][1]) : null;
          pop(td, () => [el('div', { className: 'pop-kind ' + c.cls }, CELL[c.cls].text)].concat(sourcePopup(s, c.statement, exact)));
        }
        tr.append(td);
      });
      body.append(tr);
    }
    // Per outlet: how many of the story's facts it states, and how many of
    // those it alone states.
    const foot = el('tr', null, el('th', { scope: 'row', className: 'fact' }, 'Facts stated (alone)'),
      outlets.map((o) => {
        const stated = brief.claims.filter((c) => c.sources.some((id) => o.ids.has(id)));
        const alone = stated.filter((c) => c.status === 'single').length;
        return el('td', { className: 'total' }, String(stated.length), alone ? el('span', { className: 'muted' }, ' (' + alone + ')') : null);
      }));
    const table = el('table', { className: 'matrix hide-single' }, el('thead', null, head), body, el('tfoot', null, foot));
    const legend = el('ul', { className: 'legend', 'aria-label': 'Legend' },
      ['agree', 'single', 'disputed', 'contra', 'none'].map((k) =>
        el('li', null, el('span', { className: 'swatch cell ' + k, 'aria-hidden': 'true' }, CELL[k].mark),
          { agree: 'Agreement: stated by two or more sources', single: 'Single source', disputed: 'Stated, but contested',
            contra: 'Contradiction: a different value', none: 'Not reported' }[k])));
    const controls = el('div', { className: 'matrix-controls' }, legend);
    if (singles) {
      const toggle = el('button', { type: 'button', className: 'btn ghost', 'aria-pressed': 'false' }, 'Show ' + plural(singles, 'single-source claim'));
      toggle.addEventListener('click', () => {
        const hidden = table.classList.toggle('hide-single');
        toggle.setAttribute('aria-pressed', String(!hidden));
        toggle.textContent = (hidden ? 'Show ' : 'Hide ') + plural(singles, 'single-source claim');
      });
      controls.append(toggle);
    }
    if (rows.length === singles) table.classList.remove('hide-single');
    gridKeys(table);
    return el('div', null, controls, el('div', { className: 'scroll' }, table));
  }

  // The matrix is one tab stop: Tab enters it at the last focused cell and the
  // arrow keys, Home/End and Ctrl+Home/End move between the visible cells (the
  // ARIA grid pattern's roving tabindex), so a keyboard user reaches every
  // cell's popup without tabbing through hundreds of cells.
  function gridKeys(table) {
    table.setAttribute('role', 'grid');
    table.setAttribute('aria-label', 'Who reported what: facts by outlet');
    const shown = (row) => !(table.classList.contains('hide-single') && row.classList.contains('row-single'));
    const visibleRows = () => Array.from(table.tBodies[0].rows).filter(shown);
    const cellsOf = (row) => Array.from(row.cells).filter((c) => c.tagName === 'TD');
    let current = null;
    const move = (cell) => {
      if (!cell) return;
      if (current) current.tabIndex = -1;
      current = cell;
      cell.tabIndex = 0;
      cell.focus();
    };
    for (const row of table.tBodies[0].rows) for (const cell of cellsOf(row)) cell.tabIndex = -1;
    // The first cell of the first row a reader sees is the entry point; rows
    // hidden by the single-source toggle are skipped.
    const entry = () => {
      const rows = visibleRows();
      return rows.length ? cellsOf(rows[0])[0] : null;
    };
    current = entry();
    if (current) current.tabIndex = 0;
    table.addEventListener('focusin', (e) => {
      const cell = e.target instanceof Element ? e.target.closest('td.cell') : null;
      if (cell && cell !== current) { if (current) current.tabIndex = -1; current = cell; cell.tabIndex = 0; }
    });
    // The toggle can hide the row holding the tab stop; keep one reachable.
    new MutationObserver(() => {
      if (current && shown(current.parentElement)) return;
      const next = entry();
      if (current) current.tabIndex = -1;
      current = next;
      if (current) current.tabIndex = 0;
    }).observe(table, { attributes: true, attributeFilter: ['class'] });
    table.addEventListener('keydown', (e) => {
      const cell = e.target instanceof Element ? e.target.closest('td.cell') : null;
      if (!cell) return;
      const rows = visibleRows();
      const r = rows.indexOf(cell.parentElement);
      const cols = cellsOf(cell.parentElement);
      const c = cols.indexOf(cell);
      if (r < 0 || c < 0) return;
      const at = (ri, ci) => { const row = rows[Math.max(0, Math.min(rows.length - 1, ri))]; const cs = cellsOf(row); return cs[Math.max(0, Math.min(cs.length - 1, ci))]; };
      let target = null;
      switch (e.key) {
        case 'ArrowRight': target = at(r, c + 1); break;
        case 'ArrowLeft': target = at(r, c - 1); break;
        case 'ArrowDown': target = at(r + 1, c); break;
        case 'ArrowUp': target = at(r - 1, c); break;
        case 'Home': target = e.ctrlKey ? at(0, 0) : at(r, 0); break;
        case 'End': target = e.ctrlKey ? at(rows.length - 1, cols.length - 1) : at(r, cols.length - 1); break;
        default: return;
      }
      e.preventDefault();
      move(target);
    });
  }

  // ---- quotes ---------------------------------------------------------------------------
  function quotesTable(model) {
    const quotes = model.brief.quotes;
    const body = el('tbody');
    const first = 12;
    quotes.forEach((q, i) => {
      body.append(el('tr', { className: i >= first ? 'more' : null },
        // Quotation marks only around the speaker's own words; reported
        // speech (the writer's words) is marked "reported" (app.css).
        el('td', { className: 'q-text' }, q.direct ? el('q', null, q.text)
          : el('span', { className: 'reported', title: "Reported speech: the writer's words, not a quotation" }, q.text)),
        el('td', { className: 'q-speaker' }, q.speaker ? el('span', null, q.speaker) : el('span', { className: 'muted' }, 'unattributed')),
        el('td', { className: 'q-by' }, carriers(model, q.sources, q.text))));
    });
    const table = el('table', { className: 'quotes collapsed' },
      el('thead', null, el('tr', null, el('th', { scope: 'col' }, 'Quote'), el('th', { scope: 'col' }, 'Speaker'),
        el('th', { scope: 'col' }, 'Carried by'))), body);
    const wrap = el('div', null, table);
    if (quotes.length > first) {
      const more = el('button', { type: 'button', className: 'btn ghost' }, 'Show all ' + quotes.length + ' quotes');
      more.addEventListener('click', () => {
        const collapsed = table.classList.toggle('collapsed');
        more.textContent = collapsed ? 'Show all ' + quotes.length + ' quotes' : 'Show fewer quotes';
      });
      wrap.append(more);
    }
    return wrap;
  }

  // ---- reuse --------------------------------------------------------------------------------
  function reuseList(model) {
    const wrap = el('div', { className: 'reuse' });
    for (const r of model.brief.reuse) {
      const carriersOf = r.sources.map((id) => model.byId.get(id)).filter(Boolean)
        .sort((x, y) => (x.when ? x.when.start : Infinity) - (y.when ? y.when.start : Infinity));
      const rows = el('ol', { className: 'carriers' });
      for (const s of carriersOf) {
        const sp = r.spans && r.spans[s.id];
        const len = cpLength(s.a.text || '') || 1;
        const bar = el('span', { className: 'where', 'aria-hidden': 'true' });
        if (sp) {
          const mark = el('span', { className: 'where-mark' });
          mark.style.left = (100 * sp[0] / len).toFixed(1) + '%';
          mark.style.width = Math.max(2, 100 * (sp[1] - sp[0]) / len).toFixed(1) + '%';
          bar.append(mark);
        }
        const exact = sp ? cpSlice(s.a.text || '', sp[0], sp[1]) : null;
        const who = el('a', { href: '#src-' + s.n, className: 'chip o' + (s.outletIndex % 8) },
          el('span', { className: 'num' }, String(s.n)), s.outlet);
        pop(who, () => sourcePopup(s, r.text, exact));
        rows.append(el('li', { className: r.first === s.id ? 'first' : null },
          who,
          el('span', { className: 'muted when' }, s.a.published ? displayPublished(s.a.published) : 'undated'),
          r.first === s.id ? el('span', { className: 'badge first' }, 'First') : null,
          sp ? el('span', { className: 'where-wrap' }, bar,
            el('span', { className: 'sr' }, 'at ' + Math.round(100 * sp[0] / len) + '% of the article')) : null));
      }
      const firstNote = r.first && model.byId.get(r.first)
        ? 'First carried by ' + model.byId.get(r.first).outlet
        : 'First carrier unknown' + (r.first_note ? ' (' + r.first_note + ')' : '');
      wrap.append(el('div', { className: 'card reuse-item' },
        el('blockquote', null, clip(r.text, 420)),
        el('p', { className: 'meta' }, firstNote, ' · ', plural(carriersOf.length, 'carrier'),
          r.credits && r.credits.length ? ' · credited to ' + r.credits.join(', ') : ''),
        rows));
    }
    return wrap;
  }

  // ---- coverage timeline (SVG) -----------------------------------------------------------
  function timelineChart(model) {
    const { brief, sources, outlets } = model;
    const pubKey = new Set(sources.map((s) => s.a.published + '\u0000' + s.id));
    const events = [];
    for (const t of brief.timeline) {
      if (t.sources.length === 1 && pubKey.has(t.date + '\u0000' + t.sources[0])) continue;  // a publication
      const w = parseWhen(t.date);
      if (w) events.push({ t, w });
    }
    const pubs = sources.filter((s) => s.when);
    const wrap = el('div', { className: 'chart-wrap' });
    const list = el('ol', { className: 'timeline' });
    for (const t of brief.timeline) {
      const published = t.sources.length === 1 && pubKey.has(t.date + '\u0000' + t.sources[0]);
      list.append(el('li', null, el('time', { datetime: t.date }, displayDate(t.date)),
        el('span', null, t.text, cites(model, t.sources, published ? null : t.text))));
    }
    if (!events.length && !pubs.length) {
      wrap.append(el('p', { className: 'muted' }, 'Nothing in this story carries a date.'));
      return wrap;
    }
    const chart = el('div', { className: 'chart' });
    // When the reported events reach far beyond the days of coverage, the
    // chart can zoom to those days (a day either side).
    let view = null;
    const allTimes = events.flatMap((e) => [e.w.start, e.w.end]).concat(pubs.map((s) => s.when.start));
    if (pubs.length) {
      const p0 = Math.min(...pubs.map((s) => s.when.start)) - DAY, p1 = Math.max(...pubs.map((s) => s.when.start)) + DAY;
      const full = Math.max(...allTimes) - Math.min(...allTimes);
      if (full > 2.5 * (p1 - p0)) {
        const zoom = { lo: p0, hi: p1 };
        const hidden = events.filter((e) => e.w.end < p0 || e.w.start > p1).length;
        const b1 = el('button', { type: 'button', className: 'seg', 'aria-pressed': 'true' }, 'Whole story');
        const b2 = el('button', { type: 'button', className: 'seg', 'aria-pressed': 'false' }, 'Days of coverage');
        const pick = (v) => {
          view = v;
          b1.setAttribute('aria-pressed', String(!v));
          b2.setAttribute('aria-pressed', String(!!v));
          note.textContent = v && hidden ? plural(hidden, 'earlier or later event') + ' not shown' : '';
          draw();
        };
        const note = el('span', { className: 'muted zoom-note' });
        b1.addEventListener('click', () => pick(null));
        b2.addEventListener('click', () => pick(zoom));
        wrap.append(el('div', { className: 'chart-controls', role: 'group', 'aria-label': 'Time range' }, b1, b2, note));
      }
    }
    const draw = () => {
      const width = Math.max(300, Math.floor(chart.clientWidth || main.clientWidth || 640));
      hidePopup();
      chart.replaceChildren(drawTimeline(model, events, pubs, outlets, width, view));
    };
    wrap.append(chart,
      el('p', { className: 'legend-line muted' },
        events.length ? [el('span', { className: 'key ev' }), 'events the articles report'] : null,
        pubs.length ? [el('span', { className: 'key pub' }), 'publications'] : null,
        el('span', null, '· times in UTC')));
    if (brief.timeline.length) wrap.append(el('details', { className: 'timeline-list', open: brief.timeline.length <= 8 ? '' : null },
      el('summary', null, 'All ' + plural(brief.timeline.length, 'timeline entry', 'timeline entries')), list));
    requestAnimationFrame(draw);
    let timer = 0, lastWidth = 0;
    const onResize = () => {
      if (!chart.isConnected) { window.removeEventListener('resize', onResize); return; }
      clearTimeout(timer);
      timer = setTimeout(() => { if (chart.clientWidth !== lastWidth) { lastWidth = chart.clientWidth; draw(); } }, 150);
    };
    window.addEventListener('resize', onResize);
    return wrap;
  }

  function fmtTick(ms, step) {
    const d = new Date(ms);
    const day = d.getUTCDate() + ' ' + MONTHS[d.getUTCMonth()];
    if (step >= 300 * DAY) return String(d.getUTCFullYear());
    if (step >= 28 * DAY) return MONTHS[d.getUTCMonth()] + ' ' + d.getUTCFullYear();
    if (step >= DAY) return day;
    const hm = String(d.getUTCHours()).padStart(2, '0') + ':' + String(d.getUTCMinutes()).padStart(2, '0');
    return hm === '00:00' ? day : hm;
  }
  function ticks(lo, hi, maxTicks) {
    const steps = [HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 91 * DAY, 365 * DAY];
    let step = steps.find((s) => (hi - lo) / s <= maxTicks) || 365 * DAY;
    const out = [];
    if (step >= 28 * DAY) {
      const months = step >= 365 * DAY ? 12 : step >= 91 * DAY ? 3 : 1;
      const d = new Date(lo);
      let y = d.getUTCFullYear(), m = d.getUTCMonth() + 1;
      m = Math.ceil(m / months) * months;
      for (let t = Date.UTC(y, m, 1); t <= hi && out.length < 50; m += months, t = Date.UTC(y, m, 1)) out.push(t);
    } else {
      for (let t = Math.ceil(lo / step) * step; t <= hi && out.length < 50; t += step) out.push(t);
    }
    return { step, list: out };
  }

  function drawTimeline(model, allEvents, pubs, outlets, width, view) {
    const events = view ? allEvents.filter((e) => e.w.end >= view.lo && e.w.start <= view.hi) : allEvents;
    const narrow = width < 560;
    const gutter = narrow ? 86 : 150, right = 16, top = 30, laneGap = 8, dot = 5, rowH = 13;
    const times = [];
    for (const e of events) { times.push(e.w.start, e.w.end); }
    for (const s of pubs) times.push(s.when.start);
    let lo = view ? view.lo : Math.min(...times), hi = view ? view.hi : Math.max(...times);
    if (hi - lo < 2 * HOUR) { lo -= 6 * HOUR; hi += 6 * HOUR; }
    const pad = (hi - lo) * 0.03;
    lo -= pad; hi += pad;
    const plotW = width - gutter - right;
    const x = (t) => gutter + (t - lo) / (hi - lo) * plotW;

    // Lanes: the events, then one per outlet with dated publications.
    const lanes = [];
    if (events.length) {
      lanes.push({ label: 'Events', cls: 'ev', items: events.map((e) => {
        const x0 = x(e.w.start), x1 = x(e.w.end);
        const bar = e.w.range || (e.w.whole && x1 - x0 >= 14);
        return { x0: bar ? x0 : (x0 + x1) / 2, x1: bar ? x1 : (x0 + x1) / 2, bar, e };
      }) });
    }
    // A lane per outlet while they fit; one lane of publications beyond.
    const dated = outlets.filter((o) => o.sources.some((s) => s.when));
    if (dated.length > 8) {
      lanes.push({ label: 'Publications', cls: 'pub', items: pubs.map((s) => ({ x0: x(s.when.start), x1: x(s.when.start), s })) });
    } else {
      for (const o of dated) {
        const oi = outlets.indexOf(o);
        lanes.push({ label: o.name, cls: 'pub o' + (oi % 8),
          items: o.sources.filter((s) => s.when).map((s) => ({ x0: x(s.when.start), x1: x(s.when.start), s })) });
      }
    }
    // Stack items that would overlap into sub-rows.
    let y = top;
    for (const lane of lanes) {
      lane.items.sort((a, b) => a.x0 - b.x0);
      const ends = [];
      for (const it of lane.items) {
        let row = ends.findIndex((end) => it.x0 - end >= 2 * dot + 2);
        if (row < 0) { row = ends.length; ends.push(0); }
        ends[row] = Math.max(it.x1, it.x0);
        it.row = row;
      }
      lane.rows = Math.max(1, Math.min(ends.length, 6));
      lane.y = y;
      lane.h = lane.rows * rowH + 12;
      y += lane.h + laneGap;
    }
    const height = y + 4;
    const root = svg('svg', { class: 'tl', width, height, viewBox: '0 0 ' + width + ' ' + height, role: 'group',
      'aria-label': 'Coverage timeline: ' + plural(events.length, 'event') + ', ' + plural(pubs.length, 'publication') });
    const tk = ticks(lo, hi, Math.max(2, Math.floor(plotW / (narrow ? 62 : 78))));
    const grid = svg('g', { class: 'grid' });
    for (const t of tk.list) {
      const xx = x(t).toFixed(1);
      grid.append(svg('line', { x1: xx, x2: xx, y1: top - 6, y2: height - 4 }),
        svg('text', { x: xx, y: top - 12, 'text-anchor': 'middle' }, fmtTick(t, tk.step)));
    }
    const bg = svg('g', { class: 'lanes' });
    lanes.forEach((lane, li) => {
      bg.append(svg('rect', { class: 'lane-bg' + (li % 2 ? ' odd' : ''), x: 0, y: lane.y, width, height: lane.h, rx: 6 }),
        svg('text', { class: 'lane-label', x: 10, y: lane.y + lane.h / 2 + 4 }, clip(lane.label, narrow ? 11 : 20)));
    });
    root.append(bg);
    // The coverage window: first to last publication.
    const inView = pubs.filter((s) => s.when.start >= lo && s.when.start <= hi);
    if (inView.length) {
      const p0 = x(Math.min(...inView.map((s) => s.when.start))), p1 = x(Math.max(...inView.map((s) => s.when.start)));
      root.append(svg('rect', { class: 'window', x: (p0 - 4).toFixed(1), y: top - 6, width: Math.max(8, p1 - p0 + 8).toFixed(1), height: height - top + 2, rx: 4 }));
    }
    root.append(grid);
    lanes.forEach((lane) => {
      const g = svg('g', { class: 'lane ' + lane.cls });
      for (const it of lane.items) {
        const cy = lane.y + 6 + rowH / 2 + Math.min(it.row, lane.rows - 1) * rowH;
        let node;
        if (it.bar) {
          node = svg('rect', { class: 'pt bar', x: it.x0.toFixed(1), y: (cy - 4).toFixed(1), width: Math.max(4, it.x1 - it.x0).toFixed(1), height: 8, rx: 4 });
        } else {
          node = svg('circle', { class: 'pt', cx: it.x0.toFixed(1), cy: cy.toFixed(1), r: dot });
        }
        node.setAttribute('tabindex', '0');
        if (it.e) {
          const t = it.e.t;
          node.setAttribute('aria-label', displayDate(t.date) + ': ' + t.text);
          pop(node, () => [
            el('div', { className: 'pop-head' }, el('strong', null, displayDate(t.date))),
            el('p', { className: 'pop-passage plain' }, clip(t.text, 400)),
            el('div', { className: 'pop-by muted' }, 'Reported by ' + t.sources.map((id) => model.byId.get(id)).filter(Boolean)
              .map((s) => s.outlet).filter((v, i, a) => a.indexOf(v) === i).join(', ')),
          ]);
        } else {
          const s = it.s;
          node.classList.add('o' + (s.outletIndex % 8));
          node.setAttribute('aria-label', s.outlet + ' published ' + displayPublished(s.a.published));
          pop(node, () => [
            el('div', { className: 'pop-head' }, el('span', { className: 'num o' + (s.outletIndex % 8) }, String(s.n)), el('strong', null, s.outlet),
              el('span', { className: 'muted' }, ' · published ' + displayPublished(s.a.published))),
            s.a.title ? el('div', { className: 'pop-title' }, s.a.title) : null,
          ]);
        }
        g.append(node);
      }
      root.append(g);
    });
    return root;
  }

  // ---- search ---------------------------------------------------------------------------------
  async function searchPage(params) {
    const gen = ++generation;
    const q = params.get('q') || '';
    const page = Math.max(0, parseInt(params.get('page') || '0', 10) || 0);
    const limit = 20;
    document.getElementById('q').value = q;
    clear();
    main.className = 'page-search';
    document.title = q ? 'Storyline — search: ' + q : 'Storyline — search';
    const input = el('input', { type: 'search', name: 'q', id: 'q2', 'aria-label': 'Search articles', placeholder: 'Words, "a phrase", an outlet…' });
    input.value = q;
    const form = el('form', { className: 'big-search', role: 'search' }, input, el('button', { type: 'submit', className: 'btn' }, 'Search'));
    form.addEventListener('submit', (e) => { e.preventDefault(); go('/search?q=' + encodeURIComponent(input.value)); });
    main.append(el('div', { className: 'page-head' }, el('h1', null, 'Search')), form);
    if (!q.trim()) {
      main.append(el('div', { className: 'empty' },
        el('p', null, 'Search every stored article: all words are required; put a phrase in "double quotes".'),
        el('p', { className: 'muted' }, 'Results are ranked by relevance, recent coverage first.')));
      input.focus();
      return;
    }
    const status = el('p', { className: 'muted result-count' }, 'Searching…');
    main.append(status);
    const data = await api('/api/search?limit=' + limit + '&offset=' + page * limit + '&q=' + encodeURIComponent(q));
    if (gen !== generation) return;
    status.textContent = (data.total >= 10000 ? 'More than 10,000' : String(data.total)) + (data.total === 1 ? ' article matches ' : ' articles match ') + '“' + q + '”';
    const list = el('div', { className: 'hits' });
    for (const h of data.hits) {
      const snippet = el('p', { className: 'snippet' });
      for (const part of h.snippet) snippet.append(part.match ? el('mark', null, part.text) : document.createTextNode(part.text));
      list.append(el('article', { className: 'card hit' },
        el('div', { className: 'meta' }, [h.outlet || hostOf(h.url), displayPublished(h.published)].filter(Boolean).join(' · ')),
        el('h2', null, nav('/stories/' + encodeURIComponent(h.story_id), null, h.title || h.article_id)),
        snippet,
        el('div', { className: 'hit-links' }, nav('/stories/' + encodeURIComponent(h.story_id), { className: 'more' }, 'Read the story brief →'),
          safeUrl(h.url) && hostOf(h.url) ? external(h.url, 'Original article ↗') : null)));
    }
    if (!data.hits.length) list.append(el('div', { className: 'empty' }, el('h2', null, 'No matches'),
      el('p', { className: 'muted' }, 'Try fewer or other words.')));
    main.append(list);
    if (data.total > limit) {
      const prev = el('button', { type: 'button', className: 'btn' }, '← Previous');
      const next = el('button', { type: 'button', className: 'btn' }, 'Next →');
      prev.disabled = page === 0;
      next.disabled = (page + 1) * limit >= Math.min(data.total, 10000);
      const to = (p) => go('/search?q=' + encodeURIComponent(q) + (p ? '&page=' + p : ''));
      prev.addEventListener('click', () => to(page - 1));
      next.addEventListener('click', () => to(page + 1));
      main.append(el('nav', { className: 'pager', 'aria-label': 'Pages' }, prev, el('span', { className: 'muted' }, 'Page ' + (page + 1)), next));
    }
  }

  // The section tabs stick right under the header, whatever its height.
  const header = document.querySelector('.top');
  const setTop = () => document.documentElement.style.setProperty('--top-h', header.offsetHeight + 'px');
  window.addEventListener('resize', setTop);
  setTop();

  // ---- routing ----------------------------------------------------------------------------------
  let routed = '';
  async function route() {
    const path = window.location.pathname;
    const params = new URLSearchParams(window.location.search);
    routed = path + window.location.search;
    document.body.classList.toggle('on-search', path === '/search');
    for (const a of document.querySelectorAll('.top nav a')) {
      const here = a.getAttribute('href') === '/' ? path === '/' || path.startsWith('/stories/') : path.startsWith(a.getAttribute('href'));
      if (here) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    }
    try {
      if (path === '/' || path === '/index.html') await storyList(params);
      else if (path.startsWith('/stories/')) await storyPage(decodeURIComponent(path.slice('/stories/'.length)));
      else if (path === '/search') await searchPage(params);
      else showError('No such page.');
    } catch (e) {
      showError(e.message || String(e));
    }
  }
  function go(path) {
    window.history.pushState(null, '', path);
    window.scrollTo(0, 0);
    route();
  }
  document.addEventListener('click', (e) => {
    const a = e.target instanceof Element ? e.target.closest('a[data-nav]') : null;
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    go(a.getAttribute('href'));
  });
  document.getElementById('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    go('/search?q=' + encodeURIComponent(document.getElementById('q').value));
  });
  // A jump to a fragment (#src-2, a section) is not a new page.
  window.addEventListener('popstate', () => { if (window.location.pathname + window.location.search !== routed) route(); });
  route();
})();
