// The isolated-world content script: the fast, visible layer over the service worker's navigation guard. It finds
// links in the page's message containers (via the site adapter), sends them to the service worker in batches,
// keeps each decision in this world (a WeakMap: nothing a page can read), marks each link with a small badge in a
// closed shadow root, marks share codes found in message text, and stops the person's clicks on links to be warned
// or blocked so the worker shows the interstitial at once. Links decided `open` are left alone. Whatever this
// script misses (links it cannot see, page scripts, the context menu, drags) the guard stops before the request
// leaves; so that the guard decides with the right chat context, the person's own presses, menus and drags on a
// link are sent to the worker as hints.
//
// Until a link's decision arrives it counts as `warn` (fail safe). The worker may be stopped at any time:
// runtime.sendMessage wakes it, and failed sends are retried. When the extension is reloaded or updated this copy
// is orphaned (its DOM listeners go on firing, but it can no longer reach the extension): it notices on the next
// event, or when the new copy starts, and removes its marks and listeners, leaving the page to the new copy.
'use strict';
(() => {
  const { browser, messages, adapters } = globalThis.linkgate ?? {};
  if (!browser || !browser.alive() || globalThis.linkgate.contentStarted) return;
  globalThis.linkgate.contentStarted = true;
  const STARTED_EVENT = 'linkgate:content-started';

  // The site adapter: chosen by the page's address and, for self-hosted apps (Converse.js), its DOM; picked again
  // while only the generic adapter fits, since a single-page app builds its DOM after this script starts.
  let adapter = adapters.pick(location, document);
  const lang = browser.uiLang();
  const BATCH = 500;
  const BATCH_CHARS = 1 << 20; // a batch carries at most this many characters of hrefs and texts
  const BADGE_TAG = 'linkgate-badge';
  const CHIP_TAG = 'linkgate-chips';

  /** link element -> {key, own, decision|null, badge}; `own`: a link to this page's own origin, see linkKind */
  const state = new WeakMap();
  /** badge or chip host -> its closed shadow root */
  const roots = new WeakMap();
  /** message text element -> text already scanned */
  const scanned = new WeakMap();
  const pendingLinks = new Set();
  const pendingTexts = new Set();
  let flushTimer = null;
  let seq = 0;
  let dead = false; // the extension was reloaded or removed: stop talking to it
  let pausedUntil = 0; // linkgate is paused on this site until then (ms since the epoch)
  let resumeTimer = null;
  const paused = () => pausedUntil > Date.now();

  // Every listener this copy adds, so that an orphaned copy can remove them all (shutdown).
  const listeners = [];
  function listen(target, type, handler, options) {
    const wrapped = (event) => {
      if (!live()) return;
      handler(event);
    };
    target.addEventListener(type, wrapped, options);
    listeners.push([target, type, wrapped, options]);
  }

  /** False once this copy is orphaned; the first call that finds out shuts it down. */
  function live() {
    if (dead) return false;
    if (browser.alive()) return true;
    shutdown();
    return false;
  }

  const t = (key, ...subs) => browser.message(key, subs) || key;
  const platformName = (platform) => platform?.name?.[lang] ?? platform?.name?.en ?? '';

  // --- which links count ---

  function isLinkElement(node) {
    return (node instanceof HTMLAnchorElement || node instanceof HTMLAreaElement) && node.hasAttribute('href');
  }

  /** The URL a link goes to, as the browser resolves it (against the document's base URL, `<base href>` included). */
  function linkHref(a) {
    return a.href;
  }

  // The origin of this document: `self.origin`, which a srcdoc or about:blank frame inherits (its location says
  // nothing about it).
  const ownOrigin = globalThis.origin;

  /**
   * How a link is checked, judged by the URL it resolves to, never by its raw attribute:
   * - null: not checked. Links outside the message containers (app chrome), and the page's own links (same origin,
   *   http(s), no userinfo) whose text is empty or the link itself, so cannot name another site.
   * - 'own': the page's own link whose text could name another site. The engine decides it; unless it finds a risk
   *   (link text that names another host, for one) it is left alone, unmarked, like the page's other own links.
   * - 'link': every other link, checked and marked. Userinfo (`http://taobao.com@chat.example/`) and the app's own
   *   redirect wrapper (Web WeChat's webwxcheckurl) are never the page's own.
   */
  function linkKind(a) {
    if (!messageRoots().some((root) => root.contains(a))) return null;
    const href = linkHref(a);
    let url;
    try {
      url = new URL(href);
    } catch {
      return 'link'; // unparsable: the engine says invalid_url
    }
    const web = url.protocol === 'http:' || url.protocol === 'https:';
    if (!web || url.origin !== ownOrigin || url.username || url.password || adapter.ownWrapper?.(url)) return 'link';
    const text = linkText(a);
    return !text || text === href || text === a.getAttribute('href')?.trim() ? null : 'own';
  }

  let rootsCache = null;
  /** The adapter's message containers, computed once per task. */
  function messageRoots() {
    if (!rootsCache) {
      rootsCache = adapter.findMessageRoots(document);
      queueMicrotask(() => (rootsCache = null));
    }
    return rootsCache;
  }

  /** The anchor text, trimmed and cut to what a message carries; U+0000 (which the worker joins texts with) read as U+FFFD, as HTML's parser does. */
  function linkText(a) {
    const text = (a.textContent ?? '').trim().replaceAll('\0', '\uFFFD');
    return text ? text.slice(0, messages.MAX_TEXT) : null;
  }

  const keyOf = (a) => `${linkHref(a)}\n${linkText(a) ?? ''}\n${adapter.contextFor(a)}`;
  /** What the engine may see of an href: one over the message limit is sent as '' and decided invalid_url. */
  const sentHref = (a) => {
    const href = linkHref(a);
    return href.length <= messages.MAX_URL ? href : '';
  };

  // --- talking to the worker ---

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function send(message) {
    for (let attempt = 0; ; attempt++) {
      if (dead) throw new Error('linkgate: extension context gone');
      try {
        const reply = await browser.sendMessage(message);
        if (!reply || reply.type === 'error') throw new Error(reply?.message ?? 'no reply');
        return reply;
      } catch (error) {
        if (/context invalidated/i.test(String(error?.message)) || !browser.alive()) {
          shutdown();
          throw error;
        }
        if (attempt >= 6) throw error;
        await sleep(50 * 2 ** attempt);
      }
    }
  }

  function scheduleFlush() {
    if (flushTimer === null) flushTimer = setTimeout(flush, 0);
  }

  function flush() {
    flushTimer = null;
    if (dead) return;
    if (pendingLinks.size) {
      // Up to BATCH links and BATCH_CHARS characters a message (at least one link).
      const batch = [];
      let chars = 0;
      for (const a of pendingLinks) {
        chars += Math.min(linkHref(a).length, messages.MAX_URL) + Math.min(a.textContent?.length ?? 0, messages.MAX_TEXT);
        if (batch.length && (batch.length >= BATCH || chars > BATCH_CHARS)) break;
        batch.push(a);
      }
      for (const a of batch) pendingLinks.delete(a);
      classifyBatch(batch);
    }
    if (pendingTexts.size) {
      const batch = Array.from(pendingTexts).slice(0, BATCH);
      for (const el of batch) pendingTexts.delete(el);
      scanBatch(batch);
    }
    if (pendingLinks.size || pendingTexts.size) scheduleFlush();
  }

  /** The worker's platform and reason tables (the same for every engine of its module), asked for once. */
  let verdictTables = null;
  const ACTIONS = ['open', 'warn', 'block'];

  /**
   * One link's decision from its two verdict words (`classifyVerdicts` in src/wasm.rs): word 0 holds the action
   * (bits 0-1), the platform index + 1 (bits 2-11) and the notice index + 1 (bits 12-31); word 1 the reason codes,
   * bit i for reasonCodes[i]. Numbers outside the tables decide nothing (null): the link stays pending.
   */
  function unpackVerdict(head, bits, notices, own) {
    const action = ACTIONS[head & 3];
    const platformIndex = (head >>> 2) & 0x3ff;
    const noticeIndex = head >>> 12;
    const platform = platformIndex ? verdictTables.platforms[platformIndex - 1] : null;
    const notice = noticeIndex ? notices[noticeIndex - 1] : null;
    if (!action || platform === undefined || notice === undefined) return null;
    // The page's own link with no risk: left alone and unmarked (see linkKind).
    if (own && (bits & verdictTables.riskMask) === 0) return { action: 'open', platform: null, reasons: [], notice: null, own: true };
    const reasons = [];
    for (let b = 0; b < verdictTables.reasonCodes.length; b++) if (bits & (1 << b)) reasons.push({ code: verdictTables.reasonCodes[b], class: verdictTables.reasonClasses[b] });
    return { action, platform, reasons, notice };
  }

  async function classifyBatch(links) {
    const entries = [];
    for (const a of links) {
      const st = state.get(a);
      if (!st || !a.isConnected) continue;
      entries.push({ a, key: st.key, own: st.own, sent: { href: sentHref(a), text: linkText(a), context: adapter.contextFor(a) } });
    }
    if (!entries.length) return;
    let reply;
    try {
      reply = await send({
        type: 'classify',
        hrefs: entries.map((e) => e.sent.href),
        texts: entries.map((e) => e.sent.text),
        contexts: entries.map((e) => e.sent.context[0]).join(''),
        tables: verdictTables === null,
      });
    } catch {
      return; // still pending: clicks are treated as warn, and the next change retries
    }
    if (reply?.tables) verdictTables = reply.tables;
    const words = reply?.words;
    if (!verdictTables || !Array.isArray(words) || words.length !== 2 * entries.length || !Array.isArray(reply.notices)) return;
    entries.forEach((entry, i) => {
      const st = state.get(entry.a);
      if (!st || st.key !== entry.key) return; // changed meanwhile; a newer request is queued
      const decision = unpackVerdict(words[2 * i], words[2 * i + 1], reply.notices, entry.own);
      if (!decision) return;
      st.decision = decision; // clicks obey it from now on; the badge follows in the next frame
      scheduleMark(entry.a);
    });
  }

  // Badges are drawn once per frame, for every link decided since the last one: a chat that loads many messages
  // gets one style and layout pass for all of them, not one per reply.
  const toMark = new Set();
  let markFrame = null;
  function scheduleMark(a) {
    toMark.add(a);
    markFrame ??= requestAnimationFrame(() => {
      markFrame = null;
      if (paused()) toMark.clear();
      for (const link of toMark) {
        const st = state.get(link);
        if (st && link.isConnected) mark(link, st);
      }
      toMark.clear();
    });
  }

  async function scanBatch(elements) {
    const byId = new Map();
    const items = [];
    for (const el of elements) {
      if (!el.isConnected) continue;
      const id = `t${++seq}`;
      const text = messageText(el).slice(0, messages.MAX_TEXT);
      byId.set(id, el);
      items.push({ id, text, context: adapter.contextFor(el) });
    }
    if (!items.length) return;
    let reply;
    try {
      reply = await send({ type: 'scan', items });
    } catch {
      return;
    }
    for (const { id, matches } of reply.results ?? []) {
      const el = byId.get(id);
      if (el && !paused() && Array.isArray(matches)) renderChips(el, matches.filter((m) => m.platform));
    }
  }

  // --- finding links and message texts ---

  function track(a) {
    if (paused()) return;
    const kind = linkKind(a);
    if (!kind) {
      if (state.has(a)) untrack(a); // a reused node that is no longer a message link keeps no stale mark
      return;
    }
    const key = keyOf(a);
    let st = state.get(a);
    if (st && st.key === key) return;
    if (!st) {
      st = { key, own: false, decision: null, shown: 'pending', badge: null };
      state.set(a, st);
    }
    st.key = key;
    st.own = kind === 'own';
    st.decision = null;
    mark(a, st);
    pendingLinks.add(a);
    scheduleFlush();
  }

  function messageText(el) {
    // The element's text without linkgate's own chips.
    let text = '';
    for (const node of el.childNodes) {
      if (node.nodeType === Node.ELEMENT_NODE && (node.localName === CHIP_TAG || node.localName === BADGE_TAG)) continue;
      text += node.textContent;
    }
    return text;
  }

  function trackText(el) {
    if (paused()) return;
    const text = messageText(el);
    if (scanned.get(el) === text || !text.trim()) return;
    scanned.set(el, text);
    pendingTexts.add(el);
    scheduleFlush();
  }

  /** Forgets a link: its decision and its badge. */
  function untrack(a) {
    const st = state.get(a);
    st?.badge?.remove();
    state.delete(a);
    pendingLinks.delete(a);
    toMark.delete(a);
  }

  /** The links linkgate tracks in a subtree (the node itself included). */
  function* trackedIn(node) {
    if (isLinkElement(node) && state.has(node)) yield node;
    for (const a of node.querySelectorAll('a[href], area[href]')) if (state.has(a)) yield a;
  }

  /** A removed subtree's links: their badges go too, wherever the page put them. */
  function forgetSubtree(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    for (const a of trackedIn(node)) state.get(a).badge?.remove();
  }

  function isOurs(node) {
    return node.localName === BADGE_TAG || node.localName === CHIP_TAG;
  }

  /** Badges and markers linkgate made. Copies of them (a page that clones its own DOM) are removed on sight. */
  const ownMarks = new WeakSet();
  function dropCopies(node) {
    for (const copy of node.querySelectorAll(`${BADGE_TAG}, ${CHIP_TAG}`)) if (!ownMarks.has(copy)) copy.remove();
  }

  function scanNode(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    if (isOurs(node)) {
      if (!ownMarks.has(node)) node.remove();
      return;
    }
    dropCopies(node);
    if (isLinkElement(node)) track(node);
    for (const a of node.querySelectorAll('a[href], area[href]')) track(a);
    const selector = adapter.messageTextSelector;
    if (selector) {
      const text = node.closest(selector);
      if (text) trackText(text);
      for (const el of node.querySelectorAll(selector)) trackText(el);
    }
  }

  // Reused nodes (virtualised message lists) change in place: an href, a text node's data. Both are watched.
  const observer = new MutationObserver((records) => {
    if (!live()) return;
    for (const record of records) {
      if (record.type === 'attributes') {
        if (isLinkElement(record.target)) track(record.target);
        continue;
      }
      if (record.type === 'characterData') {
        const parent = record.target.parentElement;
        if (parent && !isOurs(parent)) scanNode(parent.closest('a[href], area[href]') ?? parent);
        continue;
      }
      for (const node of record.removedNodes) if (!node.isConnected) forgetSubtree(node);
      for (const node of record.addedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE) scanNode(node);
        else if (node.nodeType === Node.TEXT_NODE && node.parentElement) scanNode(node.parentElement);
      }
    }
    checkConversation();
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['href'] });

  // Single-page apps switch conversations without a page load. The adapter names the open conversation; when it
  // changes, every link is looked at again (a link's key includes its context, so only those whose context changed
  // are decided again). A better adapter is picked up when the app has built its DOM.
  let conversation = null;
  let lastCheck = 0;
  let checkTimer = null;
  function checkConversation() {
    // At most every 50 ms, with a trailing check so the last change of a burst is never missed.
    const now = performance.now();
    if (now - lastCheck < 50) {
      checkTimer ??= setTimeout(() => {
        checkTimer = null;
        checkConversation();
      }, 50);
      return;
    }
    lastCheck = now;
    if (adapter === adapters.generic || adapter.fallback) {
      const better = adapters.pick(location, document);
      if (better !== adapter) {
        // A link's key holds everything its decision depends on (address, text, context): only the links whose
        // context the new adapter sees differently are decided again.
        adapter = better;
        conversation = null;
        rootsCache = null;
        rescanAll(false);
      }
    }
    const key = adapter.conversationKey?.(document) ?? null;
    if (key !== conversation) {
      conversation = key;
      rescanAll(false);
    }
  }
  listen(window, 'hashchange', () => {
    lastCheck = 0;
    checkConversation();
  });
  listen(window, 'popstate', () => {
    lastCheck = 0;
    checkConversation();
  });

  function rescanAll(force) {
    if (!document.documentElement) return;
    if (force) {
      for (const a of document.querySelectorAll('a[href], area[href]')) {
        const st = state.get(a);
        if (st) st.key = null;
      }
    }
    scanNode(document.documentElement);
  }
  rescanAll(false);
  listen(
    document,
    'DOMContentLoaded',
    () => {
      rescanAll(false);
      lastCheck = 0;
      checkConversation();
    },
    { once: true },
  );

  // --- marking ---

  const BADGE_CSS = `
    :host { display: inline; }
    .b { letter-spacing: normal; text-transform: none; text-indent: 0; text-shadow: none; display: inline-block; box-sizing: border-box; margin-inline-start: 0.3em; padding: 0 0.45em;
      border-radius: 0.7em; border: 1px solid transparent; font: 600 0.72em/1.5 system-ui, -apple-system, "Segoe UI",
      "PingFang SC", "Noto Sans CJK SC", sans-serif; vertical-align: 0.1em; white-space: nowrap; max-width: 14em;
      overflow: hidden; text-overflow: ellipsis; cursor: default; user-select: none; }
    .open { background: #e7f4ec; color: #17643a; border-color: #b9dfc7; }
    .warn { background: #fff4d6; color: #7a4d00; border-color: #f0d28a; }
    .block { background: #fde8e6; color: #a1170d; border-color: #f3b7b0; }
    @media (prefers-color-scheme: dark) {
      .open { background: #173d27; color: #a8e0bd; border-color: #2b6342; }
      .warn { background: #3d2f0b; color: #ffd97a; border-color: #6b5419; }
      .block { background: #4a1512; color: #ffb4ab; border-color: #7c2a24; }
    }`;

  function firstReason(decision) {
    // The engine's class of each reason: an informational one (insecure_http, redirector) is never the headline.
    return decision.reasons.find((r) => r.class !== 'informational') ?? null;
  }

  function reasonShort(reason) {
    return t(`reasonShort_${reason.code}`);
  }

  function noticeShort(decision) {
    return decision.notice ? t(`noticeShort_${decision.notice}`) : '';
  }

  /** {cls, text, label, title} of a decided link's badge. */
  function badgeContent(decision) {
    const name = platformName(decision.platform);
    const reason = firstReason(decision);
    if (decision.action === 'open') {
      const label = name ? t('badgeOpenPlatform', name) : t('badgeOpen');
      return { cls: 'open', text: name || '✓', label, title: label };
    }
    const why = reason ? reasonShort(reason) : noticeShort(decision) || (name ? t('badgeWhyPlatformContext', name) : t('badgeWhyUnknown'));
    if (decision.action === 'block') {
      const label = t('badgeBlock', why);
      return { cls: 'block', text: name ? `⛔ ${name}` : '⛔', label, title: label };
    }
    const label = t('badgeWarn', why);
    return { cls: 'warn', text: name ? `⚠ ${name}` : '⚠', label, title: label };
  }

  /**
   * A shadow root with linkgate's styles: one constructed stylesheet per style text, shared by every root, or a
   * <style> in each root where constructed sheets cannot be adopted (Firefox content scripts, whose Xray wrappers
   * refuse the assignment).
   */
  const sheets = new Map(); // css -> CSSStyleSheet, or null when adopting failed
  function constructedSheet(css, root) {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
      return sheet;
    } catch {
      return null;
    }
  }
  function styledShadow(host, css) {
    // Closed: page script cannot read or rewrite what linkgate shows.
    const root = host.attachShadow({ mode: 'closed' });
    roots.set(host, root);
    if (!sheets.has(css)) sheets.set(css, constructedSheet(css, root));
    else if (sheets.get(css)) root.adoptedStyleSheets = [sheets.get(css)];
    if (sheets.get(css)) return root;
    const style = document.createElement('style');
    style.textContent = css;
    root.append(style);
    return root;
  }

  /**
   * Marks a decided link with a badge in a closed shadow root right after it, so the page's styles and layout rules
   * neither reach it nor are changed by it, and page script cannot read it. Nothing is written on the link itself:
   * the decision stays in this world (a page could otherwise probe the person's opt-ins and trusted domains). A
   * pending link has no badge (and counts as warned); the page's own links left alone have none either.
   */
  function mark(a, st) {
    const decision = st.decision;
    st.shown = decision ? (decision.own ? 'own' : decision.action) : 'pending';
    if (!decision || decision.own) {
      st.badge?.remove();
      st.badge = null;
      return;
    }
    if (!st.badge || !st.badge.isConnected || st.badge.previousSibling !== a) {
      st.badge?.remove();
      const host = document.createElement(BADGE_TAG);
      ownMarks.add(host);
      host.style.setProperty('display', 'inline', 'important');
      const root = styledShadow(host, BADGE_CSS);
      const span = document.createElement('span');
      span.setAttribute('role', 'img');
      root.append(span);
      a.after(host);
      st.badge = host;
    }
    const span = roots.get(st.badge).querySelector('span');
    const content = badgeContent(decision);
    span.className = `b ${content.cls}`;
    span.textContent = content.text;
    span.setAttribute('aria-label', content.label);
    span.title = content.title;
  }

  const CHIP_CSS = `
    :host { display: inline; }
    .c { letter-spacing: normal; text-transform: none; text-indent: 0; text-shadow: none; display: inline-flex; align-items: center; gap: 0.35em; margin-inline-start: 0.35em; padding: 0 0.2em 0 0.5em;
      border-radius: 0.8em; background: #eef3fd; color: #1f3f7a; border: 1px solid #c6d6f5;
      font: 500 0.8em/1.6 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Noto Sans CJK SC", sans-serif;
      vertical-align: 0.05em; white-space: nowrap; }
    button { font: inherit; font-weight: 600; color: inherit; background: #fff; border: 1px solid #c6d6f5;
      border-radius: 0.7em; padding: 0 0.55em; margin: 0.1em 0; cursor: pointer; }
    button:focus-visible { outline: 2px solid #1a73e8; outline-offset: 1px; }
    @media (prefers-color-scheme: dark) {
      .c { background: #1c2a44; color: #c8d9ff; border-color: #34476b; }
      button { background: #243556; border-color: #40557d; }
    }`;

  async function copyText(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return false;
    }
  }

  function renderChips(el, matches) {
    for (const old of el.querySelectorAll(`:scope > ${CHIP_TAG}`)) old.remove();
    if (!matches.length) return;
    const host = document.createElement(CHIP_TAG);
    ownMarks.add(host);
    host.style.setProperty('display', 'inline', 'important');
    const root = styledShadow(host, CHIP_CSS);
    for (const match of matches) {
      const name = platformName(match.platform);
      const chip = document.createElement('span');
      chip.className = 'c';
      chip.setAttribute('data-platform', match.platform.id);
      chip.setAttribute('data-kind', match.kind);
      const label = document.createElement('span');
      label.textContent = t(match.kind === 'mini_program' ? 'chipMiniProgram' : 'chipToken', name);
      label.title = match.text;
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = t('chipCopy');
      button.setAttribute('aria-label', t(match.kind === 'mini_program' ? 'chipCopyMiniProgramLabel' : 'chipCopyTokenLabel', name));
      button.addEventListener('click', async (event) => {
        event.preventDefault();
        event.stopPropagation();
        const ok = await copyText(match.text);
        button.textContent = ok ? t('chipCopied') : t('chipCopyFailed');
        setTimeout(() => (button.textContent = t('chipCopy')), 1500);
      });
      chip.append(label, button);
      root.append(chip);
    }
    el.append(host);
  }

  // --- stopping navigations ---

  function showInterstitial(href, text, context, disposition) {
    send({ type: 'show-interstitial', href, text, context, disposition }).catch(() => {});
  }

  function linkFromEvent(event) {
    for (const node of event.composedPath()) {
      if (node instanceof Element && isLinkElement(node)) return node;
      if (node === document) break;
    }
    return null;
  }

  function actionFor(a) {
    const st = state.get(a);
    if (!st || st.key !== keyOf(a) || !st.decision) return 'warn';
    return st.decision.action;
  }

  function dispositionFor(event, a) {
    const ctrl = event.ctrlKey || event.metaKey;
    if (event.type === 'auxclick') return event.shiftKey ? 'new-tab' : 'background-tab';
    if (ctrl) return event.shiftKey ? 'new-tab' : 'background-tab';
    if (event.shiftKey) return 'new-tab';
    const target = (a.getAttribute('target') ?? '').trim().toLowerCase();
    if (target && !['_self', '_top', '_parent'].includes(target)) return 'new-tab';
    return 'current';
  }

  /** The person's own event: made by the browser, with the user activation that comes with a real click or key. */
  function byPerson(event) {
    return event.isTrusted && (navigator.userActivation ? navigator.userActivation.isActive : true);
  }

  function onActivate(event) {
    if (event.type === 'click' && event.button !== 0) return;
    if (event.type === 'auxclick' && event.button !== 1) return;
    const a = linkFromEvent(event);
    if (!a || paused() || !linkKind(a)) return;
    if (actionFor(a) === 'open') return; // left completely alone: the page and the browser open it
    event.preventDefault();
    event.stopImmediatePropagation();
    // A page's own click() or dispatched event is stopped and opens nothing: only the person's click may open a
    // warning page (the worker also limits how often, per tab).
    if (byPerson(event)) showInterstitial(linkHref(a), linkText(a), adapter.contextFor(a), dispositionFor(event, a));
  }

  listen(window, 'click', onActivate, true);
  listen(window, 'auxclick', onActivate, true);

  // --- hints for the navigation guard ---

  /** The link element an event is on (an HTML link or area, or an SVG link), from open shadow roots too. */
  function anyLinkFromEvent(event) {
    for (const node of event.composedPath()) {
      if (node instanceof Element && isLinkElement(node)) return node;
      if (node instanceof SVGAElement) return node;
      if (node === document) break;
    }
    return null;
  }

  /** An SVG link's URL (`href`, else `xlink:href`) resolved against its base URL, or null. */
  function svgHref(a) {
    const raw = a.getAttribute('href') ?? a.getAttributeNS('http://www.w3.org/1999/xlink', 'href');
    if (raw === null) return null;
    try {
      return new URL(raw, a.baseURI).href;
    } catch {
      return null;
    }
  }

  /** The element whose chat context a link has: itself, or the host of the open shadow root it sits in. */
  function contextElement(node) {
    let el = node;
    while (el.getRootNode() instanceof ShadowRoot) el = el.getRootNode().host;
    return el;
  }

  const lastHint = { href: null, time: 0 };
  /**
   * Tells the worker that the person is about to open (pressed, focused with the keyboard, opened the menu of, or is
   * dragging) a link that leaves this page's origin: its URL, text and chat context. The guard decides that
   * navigation with them. Only the person's own events count (made by the browser, with user activation); a page's
   * forged ones, or its own focus() calls, give no hint (the guard then decides as for `unknown`).
   */
  function hint(event) {
    if (!byPerson(event) || paused()) return;
    if (event.type === 'keydown' && event.key !== 'Enter') return;
    const a = anyLinkFromEvent(event);
    if (!a) return;
    const href = a instanceof SVGAElement ? svgHref(a) : linkHref(a);
    if (!href || href.length > messages.MAX_URL) return;
    try {
      const url = new URL(href);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin === ownOrigin && !url.username && !url.password) return;
    } catch {
      return;
    }
    const now = performance.now();
    // A click opens the link (the decision history hears of it); a press, focus or key just before it said the rest.
    const opened = event.type === 'click' || event.type === 'auxclick';
    if (!opened && lastHint.href === href && now - lastHint.time < 500 && event.type !== 'contextmenu' && event.type !== 'dragstart') return;
    lastHint.href = href;
    lastHint.time = now;
    const text = (a.textContent ?? '').trim().replaceAll('\0', '\uFFFD').slice(0, messages.MAX_TEXT) || null;
    send({ type: 'intent', href, text, context: adapter.contextFor(contextElement(a)), disposition: pressDisposition(event, a), opened }).catch(() => {});
  }

  /**
   * Where the person's event says an HTML link is about to open: a press or click of the left or middle button,
   * keyboard focus (then Enter), the context menu or a drag (a new tab, most likely). The worker then lets that
   * navigation skip the check page when the engine opens the link. Null for other events and SVG links.
   */
  function pressDisposition(event, a) {
    if (a instanceof SVGAElement) return null;
    switch (event.type) {
      case 'click':
      case 'auxclick':
        return event.button === 0 || event.button === 1 ? dispositionFor(event, a) : null;
      case 'pointerdown':
        if (event.button === 1) return event.shiftKey ? 'new-tab' : 'background-tab';
        return event.button === 0 ? dispositionFor(event, a) : null;
      case 'focusin':
      case 'keydown':
        return dispositionFor(event, a);
      case 'contextmenu':
      case 'dragstart':
        return 'new-tab';
      default:
        return null;
    }
  }
  for (const type of ['pointerdown', 'focusin', 'keydown', 'click', 'auxclick', 'contextmenu', 'dragstart']) listen(window, type, hint, true);

  // Settings changed: decide every link again (they count as pending until the new decisions arrive).
  // From the worker (settings changed: decide every link again; they count as pending until the new decisions
  // arrive) and from the popup (this tab's counts).
  // Only linkgate's own worker and pages can reach a content script (tabs.sendMessage); the sender's URL says which.
  const ours = browser.getURL('');
  browser.onMessage((message, sender) => {
    if (dead || sender.id !== browser.id || (sender.url && !sender.url.startsWith(ours)) || !messages.validate(message)) return undefined;
    if (message.type === 'settings-changed') {
      rescanAll(true);
      return { type: 'ok' };
    }
    if (message.type === 'get-stats') {
      // The popup asks the top frame only (tabs.sendMessage's default reaches every frame; the first answer wins).
      if (window !== window.top) return undefined;
      let checked = 0;
      let warned = 0;
      let blocked = 0;
      for (const a of trackedIn(document.documentElement)) {
        const decision = state.get(a)?.decision;
        if (!decision || decision.own) continue;
        const action = decision.action;
        checked++;
        if (action === 'warn') warned++;
        else if (action === 'block') blocked++;
      }
      let codes = 0;
      for (const host of document.querySelectorAll(CHIP_TAG)) codes += roots.get(host)?.querySelectorAll('[data-kind]').length ?? 0;
      return { type: 'stats', origin: location.origin, checked, warned, blocked, codes, pausedUntil: paused() ? pausedUntil : null };
    }
    return undefined;
  });

  // --- pausing on this site (the popup's "Pause on this site"; storage.local.paused = {origin: resume time}) ---

  function applyPause(until) {
    const was = pausedUntil !== 0; // paused until now (a resume timer may fire a moment after the time)
    pausedUntil = Number.isFinite(until) && until > Date.now() ? until : 0;
    clearTimeout(resumeTimer);
    if (paused()) {
      resumeTimer = setTimeout(() => applyPause(0), Math.min(pausedUntil - Date.now(), 2 ** 31 - 1));
      if (!was) unmarkAll();
    } else if (was) {
      rescanAll(true);
    }
  }

  /** Removes every mark and share-code marker while linkgate is paused here. */
  function unmarkAll() {
    pendingLinks.clear();
    pendingTexts.clear();
    toMark.clear();
    for (const a of [...trackedIn(document.documentElement)]) {
      state.get(a)?.badge?.remove();
      state.delete(a);
    }
    for (const host of document.querySelectorAll(CHIP_TAG)) if (ownMarks.has(host)) host.remove();
    for (const el of document.querySelectorAll(adapter.messageTextSelector || ':not(*)')) scanned.delete(el);
  }

  const pausedFor = (paused) => (paused && typeof paused === 'object' ? Number(paused[ownOrigin]) : 0);
  browser.storage.local.get('paused').then(({ paused }) => applyPause(pausedFor(paused)), () => {});
  browser.onStorageChanged((changes, area) => {
    if (!dead && area === 'local' && 'paused' in changes) applyPause(pausedFor(changes.paused.newValue));
  });

  // --- an orphaned copy leaves ---

  /**
   * The extension was reloaded, updated or removed: this copy can decide nothing any more. It removes its badges
   * and markers, its listeners and its observer; the page is left to the copy the worker injects (which says so
   * with STARTED_EVENT) and to the navigation guard, whose rules outlive the worker.
   */
  function shutdown() {
    if (dead) return;
    dead = true;
    observer.disconnect();
    clearTimeout(flushTimer);
    clearTimeout(checkTimer);
    clearTimeout(resumeTimer);
    if (markFrame !== null) cancelAnimationFrame(markFrame);
    for (const [target, type, handler, options] of listeners) target.removeEventListener(type, handler, options);
    listeners.length = 0;
    for (const host of document.querySelectorAll(`${BADGE_TAG}, ${CHIP_TAG}`)) if (ownMarks.has(host)) host.remove();
    pendingLinks.clear();
    pendingTexts.clear();
    toMark.clear();
  }
  // The new copy announces itself; any copy that hears it checks whether it is still alive (a page can send the
  // event too, and learns nothing from it).
  listen(document, STARTED_EVENT, () => {});
  document.dispatchEvent(new Event(STARTED_EVENT));

  // Read by linkgate's own end-to-end tests from this isolated world (page script cannot reach it): what a person
  // sees of a link's mark, without writing anything a page could read.
  globalThis.linkgate.inspect = Object.freeze({
    /**
     * What a tracked link shows: 'pending' until its badge is drawn, then 'open' | 'warn' | 'block' ('own' for the
     * page's own links left alone, which get none); null for a link linkgate does not track.
     */
    mark(a) {
      const st = state.get(a);
      return st ? (st.shown ?? 'pending') : null;
    },
    platform: (a) => state.get(a)?.decision?.platform?.id ?? null,
    /** The badge right after a link: {text, label, title, action, styled}, or null. */
    badge(a) {
      const host = a.nextElementSibling;
      if (!host || host.localName !== BADGE_TAG || !ownMarks.has(host)) return null;
      const span = roots.get(host).querySelector('span');
      // `styled`: linkgate's stylesheet reached the closed root (a rounded badge).
      const styled = getComputedStyle(span).borderTopLeftRadius !== '0px';
      return { text: span.textContent, label: span.getAttribute('aria-label'), title: span.title, action: span.classList[1] ?? null, styled };
    },
    /**
     * The share-code markers in a message text element: [{platform, kind, text, title, button, label, at}], `at`
     * the middle of the Copy button in the viewport (for a real click).
     */
    chips(el) {
      const host = el.querySelector(`:scope > ${CHIP_TAG}`);
      const root = host && ownMarks.has(host) ? roots.get(host) : null;
      return root
        ? Array.from(root.querySelectorAll('[data-kind]'), (c) => {
            const button = c.querySelector('button');
            const r = button.getBoundingClientRect();
            return {
              platform: c.getAttribute('data-platform'),
              kind: c.getAttribute('data-kind'),
              text: c.querySelector('span').textContent,
              title: c.querySelector('span').title,
              button: button.textContent,
              label: button.getAttribute('aria-label'),
              at: { x: r.left + r.width / 2, y: r.top + r.height / 2 },
            };
          })
        : [];
    },
  });
})();
