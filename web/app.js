// Storyline web UI. Articles are hostile input: the DOM is built only with
// createElement and textContent (never innerHTML with data), links only to
// http(s) addresses, and the server's Content-Security-Policy forbids inline
// script.
'use strict';

(function () {
  const main = document.getElementById('main');

  // el('a', {href: '/x', className: 'c'}, 'text', child...)
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v === undefined || v === null) continue;
        if (k === 'className') node.className = v;
        else if (k === 'href') setHref(node, v);
        else if (k === 'text') node.textContent = v;
        else node.setAttribute(k, String(v));
      }
    }
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      node.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return node;
  }

  // A timeline value as a reader writes it (the brief's Markdown and HTML do
  // the same): TimeML parts of the day spelled out, a clock time after a
  // space, a range with "to". The machine value stays in <time datetime>.
  const PARTS_OF_DAY = { MO: 'morning', MI: 'midday', AF: 'afternoon', EV: 'evening', NI: 'night', DT: 'daytime' };
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
  function nav(path, ...children) {
    const a = el('a', { href: path }, ...children);
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

  function clear() { main.replaceChildren(); }
  function showError(message) { clear(); main.append(el('p', { className: 'error', role: 'alert' }, message)); }

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

  function span(first, last) {
    if (!first && !last) return 'undated';
    if (first === last || !last) return displayDate(first);
    return displayDate(first) + ' – ' + displayDate(last);
  }

  // ---- story list --------------------------------------------------------
  async function storyList(params) {
    const page = Math.max(0, parseInt(params.get('page') || '0', 10) || 0);
    const limit = 20;
    const data = await api('/api/stories?limit=' + limit + '&offset=' + page * limit);
    clear();
    document.title = 'Storyline — stories';
    main.append(el('h1', null, 'Stories'),
                el('p', { className: 'muted' }, data.total + ' stories, newest first'));
    const list = el('div', { className: 'stories' });
    for (const s of data.stories) {
      list.append(el('article', { className: 'card story' },
        el('h2', null, nav('/stories/' + encodeURIComponent(s.id), s.title || '(untitled story)')),
        el('div', { className: 'meta' },
          s.article_count + (s.article_count === 1 ? ' article' : ' articles') + ' · ' +
          span(s.first_published, s.last_published),
          s.live ? el('span', { className: 'badge live' }, 'developing') : null)));
    }
    if (!data.stories.length) list.append(el('p', { className: 'muted' }, 'No stories yet.'));
    main.append(list);
    const prev = el('button', { type: 'button' }, 'Newer');
    const next = el('button', { type: 'button' }, 'Older');
    prev.disabled = page === 0;
    next.disabled = (page + 1) * limit >= data.total;
    prev.addEventListener('click', () => go('/?page=' + (page - 1)));
    next.addEventListener('click', () => go('/?page=' + (page + 1)));
    main.append(el('div', { className: 'pager' }, prev, el('span', { className: 'muted' }, 'page ' + (page + 1)), next));
  }

  // ---- story page --------------------------------------------------------
  async function storyPage(id) {
    const data = await api('/api/stories/' + encodeURIComponent(id));
    const story = data.story;
    const brief = data.brief;
    const byId = new Map();
    brief.articles.forEach((a, i) => byId.set(a.id, { article: a, n: i + 1 }));
    const label = (a) => a.outlet || a.title || a.id;
    const cites = (sources) => {
      const sup = el('sup', { className: 'cite' });
      for (const sid of sources || []) {
        const s = byId.get(sid);
        if (!s) continue;
        const a = el('a', { href: '#src-' + s.n, title: label(s.article) + ': ' + (s.article.title || '') }, '[' + s.n + ']');
        a.dataset.source = sid;
        sup.append(a);
      }
      return sup;
    };
    clear();
    document.title = 'Storyline — ' + (brief.headline || story.title || 'story');
    main.append(
      el('p', null, nav('/', '← All stories')),
      el('h1', null, brief.headline || story.title || '(untitled story)'),
      el('p', { className: 'meta' },
        story.article_count + ' articles · ' + span(story.first_published, story.last_published),
        story.live ? el('span', { className: 'badge live' }, 'developing') : null,
        brief.articles_in_story > brief.articles_in_brief
          ? ' · brief of the latest ' + brief.articles_in_brief : ''));

    const summary = el('ol', { className: 'summary' });
    for (const s of brief.summary) summary.append(el('li', null, s.text, cites(s.sources)));
    main.append(el('section', { id: 'summary' }, el('h2', null, 'Summary'),
      brief.summary.length ? summary : el('p', { className: 'muted' }, 'No summary.')));

    if (brief.conflicts.length) {
      const sec = el('section', { id: 'conflicts' }, el('h2', null, 'Where the sources disagree'));
      for (const c of brief.conflicts) {
        const box = el('div', { className: 'card conflict' }, el('strong', null, c.about));
        for (const side of c.claims) box.append(el('div', { className: 'side' }, '“' + side.text + '”', cites(side.sources)));
        sec.append(box);
      }
      main.append(sec);
    }

    if (brief.quotes.length) {
      const body = el('tbody');
      for (const q of brief.quotes)
        body.append(el('tr', null, el('td', null, '“' + q.text + '”'), el('td', null, q.speaker || 'unknown'),
                        el('td', null, cites(q.sources))));
      main.append(el('section', { id: 'quotes' }, el('h2', null, 'Quotes'),
        el('table', null, el('thead', null, el('tr', null, el('th', null, 'Quote'), el('th', null, 'Speaker'),
                                                el('th', null, 'Carried by'))), body)));
    }

    if (brief.timeline.length) {
      const list = el('ol', { className: 'timeline' });
      for (const t of brief.timeline)
        list.append(el('li', null, el('time', { datetime: t.date }, displayDate(t.date)), ' ', t.text, cites(t.sources)));
      main.append(el('section', { id: 'timeline' }, el('h2', null, 'Timeline'), list));
    }

    if (brief.reuse.length) {
      const list = el('ul', { className: 'reuse' });
      for (const r of brief.reuse) {
        const first = r.first && byId.get(r.first) ? ' — first carried by ' + label(byId.get(r.first).article) : '';
        list.append(el('li', null, '“' + r.text + '”', cites(r.sources), first));
      }
      main.append(el('section', { id: 'reuse' }, el('h2', null, 'Shared passages'), list));
    }

    const sources = el('ol', { className: 'sources' });
    brief.articles.forEach((a, i) => {
      sources.append(el('li', { id: 'src-' + (i + 1) },
        external(a.url, a.title || a.id), ' ',
        el('span', { className: 'meta' },
          [label(a), displayDate(a.published), (a.authors || []).join(', ')].filter(Boolean).join(' · '))));
    });
    main.append(el('section', { id: 'sources' }, el('h2', null, 'Sources'), sources));
  }

  // ---- search ------------------------------------------------------------
  async function searchPage(params) {
    const q = params.get('q') || '';
    document.getElementById('q').value = q;
    clear();
    document.title = 'Storyline — search';
    main.append(el('h1', null, 'Search'));
    if (!q.trim()) { main.append(el('p', { className: 'muted' }, 'Type words to search the articles.')); return; }
    const data = await api('/api/search?limit=30&q=' + encodeURIComponent(q));
    main.append(el('p', { className: 'muted' }, data.total + (data.total === 1 ? ' match' : ' matches') + ' for “' + q + '”'));
    for (const h of data.hits) {
      const snippet = el('p', { className: 'snippet' });
      for (const part of h.snippet) snippet.append(part.match ? el('mark', null, part.text) : document.createTextNode(part.text));
      main.append(el('article', { className: 'card hit' },
        el('h2', null, nav('/stories/' + encodeURIComponent(h.story_id), h.title || h.article_id)),
        el('div', { className: 'meta' }, [h.outlet, displayDate(h.published)].filter(Boolean).join(' · ')),
        snippet));
    }
  }

  // ---- routing -----------------------------------------------------------
  async function route() {
    const path = window.location.pathname;
    const params = new URLSearchParams(window.location.search);
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
    const a = e.target.closest('a[data-nav]');
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    go(a.getAttribute('href'));
  });
  document.getElementById('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    go('/search?q=' + encodeURIComponent(document.getElementById('q').value));
  });
  window.addEventListener('popstate', route);
  route();
})();
