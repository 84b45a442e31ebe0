// Folding: a message's folded links collapse into one line in the message flow ("3 shopping links folded · Taobao,
// JD · Show"), as the engine decides in the service worker (lib/folds.js). Nothing is removed from the page: a
// folded link (and its badge) is hidden with an inline `display: none`, given back as it was when it is shown again,
// and keeps its decision and its guard (a folded link shown and clicked still gets its warning page).
//
// The adapter names each link's message (`message.row`), its sender, time and conversation. Messages are sent to the
// worker a conversation at a time, in the page's order, in passes (`replay`): the first pass when the page is read,
// a new one when the person changes the chat's folding or the settings change, so that what folds is what the
// messages on the page say. The person's "Show" on one message, "Never fold in this chat" and "Fold this chat's
// links" (the popup) are kept by the worker for the conversation.
//
// The folded line is a button group in a closed shadow root (page script cannot read or press it); a polite live
// region says how many links folded, once a burst.
//
// Reads: linkgate.i18n (keys), linkgate.core, linkgate.marks (styles, roots), linkgate.verdicts (send).
// Defines linkgate.folding.
'use strict';
(() => {
  const ns = (globalThis.linkgate ??= {});
  if (ns.folding) return;
  const { core, marks, verdicts, messages } = ns;
  const { keys } = ns.i18n;
  const { state, t } = core;

  const { FOLD_TAG, LIVE_TAG } = core;
  const FOLD_CSS = `
    :host { display: block; }
    .f { letter-spacing: normal; text-transform: none; text-indent: 0; text-shadow: none; display: inline-flex; flex-wrap: wrap; align-items: center;
      gap: 0.2em 0.5em; margin: 0.15em 0; padding: 0.1em 0.25em 0.1em 0.6em; border-radius: 0.9em; border: 1px dashed #b8c2d0;
      background: #f4f6f9; color: #3c4656; font: 500 0.82em/1.6 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Noto Sans CJK SC", sans-serif; }
    .n { white-space: nowrap; }
    .p { color: #5b6576; font-weight: 400; overflow-wrap: anywhere; }
    button { font: inherit; font-weight: 600; color: #1d4f91; background: #fff; border: 1px solid #c3cede; border-radius: 0.8em;
      padding: 0 0.65em; margin: 0.1em 0; cursor: pointer; }
    button.q { font-weight: 500; color: #4a5567; background: transparent; border-color: transparent; text-decoration: underline; text-underline-offset: 0.15em; }
    button:focus-visible { outline: 2px solid #1a73e8; outline-offset: 1px; }
    @media (prefers-color-scheme: dark) {
      .f { background: #1f2530; color: #d3d9e3; border-color: #465265; }
      .p { color: #a9b3c2; }
      button { color: #a9c8ff; background: #27303d; border-color: #4a5872; }
      button.q { color: #bac4d3; background: transparent; border-color: transparent; }
    }`;
  const LIVE_CSS = `:host { position: absolute !important; width: 1px !important; height: 1px !important; overflow: hidden !important; clip-path: inset(50%) !important; white-space: nowrap !important; }`;

  /** message row -> {key, sig, folds: [...] | null, links: Element[], shown, line} */
  const rows = new WeakMap();
  /** a hidden link or badge -> its inline display before ([value, priority]) */
  const hidden = new WeakMap();
  /** fold line host -> its parts (closed root) */
  const lines = new WeakMap();
  const ownLines = new WeakSet();
  const pending = new Set();
  let timer = null;
  let replay = crypto.randomUUID();
  /** conversation -> its folding as the worker last said ('auto' | 'never' | 'all') */
  const foldings = new Map();
  let live = null;
  let announced = 0;
  let announceTimer = null;

  const message = () => core.adapter().message ?? null;

  /** The message row a link is in, or null (the adapter does not say, or the link is outside any message). */
  function rowOf(a) {
    const spec = message();
    return spec ? a.closest?.(spec.row) ?? null : null;
  }

  function conversationOf(row) {
    const spec = message();
    return String(spec?.conversation?.(row) ?? core.adapter().conversationKey?.(document) ?? location.href).slice(0, messages.MAX_KEY) || location.href.slice(0, messages.MAX_KEY);
  }

  /**
   * Folding waits for an idle moment (at most FLUSH_WAIT_MS): the marks, which protect, go first, and a flood of
   * messages is folded in a few large batches instead of many small ones.
   */
  const FLUSH_WAIT_MS = 400;
  const idle = globalThis.requestIdleCallback ? (f) => requestIdleCallback(f, { timeout: FLUSH_WAIT_MS }) : (f) => setTimeout(f, 50);
  const cancelIdle = (id) => (globalThis.cancelIdleCallback ? cancelIdleCallback(id) : clearTimeout(id));
  function schedule() {
    timer ??= idle(flush);
  }

  /** Asks for a link's message to be folded (again) once its burst of changes is over. */
  function queue(a) {
    const row = rowOf(a);
    if (!row) return;
    pending.add(row);
    schedule();
  }

  /** The links of a row that fold: checked ones (not the page's own), in order, at most MAX_MESSAGE_LINKS. */
  function linksOf(row) {
    const out = [];
    for (const a of row.querySelectorAll('a[href], area[href]')) {
      const st = state.get(a);
      if (st && !st.own && rowOf(a) === row) out.push(a);
      if (out.length >= messages.MAX_MESSAGE_LINKS) break;
    }
    return out;
  }

  /** The row's text without linkgate's marks, for a share-to-unlock request's words. */
  function rowText(row) {
    const selector = core.adapter().messageTextSelector;
    const el = selector && row.querySelector(selector);
    // A message text is read again on every change (watching.js); a row without one is read now.
    return (el ? core.seenText(el) : core.messageText(row)).slice(0, messages.MAX_TEXT);
  }

  const clip = (v, max) => (typeof v === 'string' && v ? v.slice(0, max) : null);

  /** conversation -> {replay, counts: Map<base, rows with it so far>}: the ordinals of id-less messages. */
  const ordinals = new Map();

  /**
   * Whether row `b` comes after row `a`, cheaply for neighbours: a walk over at most 64 siblings (compareDocumentPosition
   * walks a long list from its first child, so sorting a long chat's rows with it alone costs quadratic time).
   * False when it cannot tell that quickly.
   */
  function closelyFollows(a, b) {
    if (a.parentNode !== b.parentNode) return Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
    let n = a.nextElementSibling;
    for (let k = 0; n && k < 64; k++, n = n.nextElementSibling) if (n === b) return true;
    return false;
  }

  /** The rows in the page's order. A chat appends at the end, so they usually come in order: checked, then sorted only if not. */
  function inPageOrder(rows) {
    let sorted = true;
    for (let i = 1; i < rows.length && sorted; i++) sorted = closelyFollows(rows[i - 1], rows[i]);
    return sorted ? rows : rows.sort((a, b) => (a === b ? 0 : a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  }

  /** A flush works for at most this long, then leaves the rest to the next idle moment (no long task). */
  const SLICE_MS = 12;

  function flush() {
    timer = null;
    if (core.dead() || ns.pause.paused()) {
      pending.clear();
      return;
    }
    const spec = message();
    if (!spec) {
      pending.clear();
      return;
    }
    // Only the rows queued since the last flush, in the page's order, sent a conversation at a time: the cost follows
    // what changed, not the length of the conversation. At most SLICE_MS of work a flush: the rows left wait, in
    // order, for the next one.
    const started = performance.now();
    const ordered = inPageOrder([...pending]);
    pending.clear();
    /** conversation -> [{row, m}] to send */
    const batches = new Map();
    for (let i = 0; i < ordered.length; i++) {
      if (i % 16 === 15 && performance.now() - started > SLICE_MS) {
        for (const rest of ordered.slice(i)) pending.add(rest);
        schedule();
        break;
      }
      const row = ordered[i];
      if (!row.isConnected) continue;
      const conversation = conversationOf(row);
      let ord = ordinals.get(conversation);
      if (!ord || ord.replay !== replay) ordinals.set(conversation, (ord = { replay, counts: new Map() }));
      const links = linksOf(row);
      const known = rows.get(row);
      if (!links.length) {
        if (known) {
          Object.assign(known, { links: [], folds: [], sig: '' });
          render(row, known);
        }
        continue;
      }
      const sig = links.map((a) => state.get(a).sent.href).join(' ');
      if (known && known.sig === sig && known.replay === replay) {
        // The same message drawn again (its badges, a re-render): its folds stand.
        known.links = links;
        if (known.folds) render(row, known);
        continue;
      }
      const sender = clip(spec.sender?.(row), messages.MAX_SENDER);
      const id = clip(spec.id?.(row), 200);
      const time = spec.time?.(row) ?? null;
      const text = rowText(row);
      // A message without the app's id is named by its sender, time and text, and how many such came before it
      // in this pass: the same words posted twice are two messages (a repeat), one message drawn twice is one.
      const base = id ? `id:${id}` : `${sender ?? ''}|${time ?? ''}|${text.slice(0, 200)}`;
      let key;
      if (known && known.replay === replay && known.base === base) key = known.key;
      else {
        const n = ord.counts.get(base) ?? 0;
        ord.counts.set(base, n + 1);
        key = `${base}#${n}|${sig}`.slice(0, messages.MAX_KEY);
      }
      rows.set(row, { key, base, sig, folds: null, links, shown: false, line: known?.line ?? null, hid: known?.hid ?? false, replay });
      const m = { key, sender, time: Number.isFinite(time) && time >= 0 ? time : null, text, context: core.adapter().contextFor(row), links: links.map((a) => ({ href: state.get(a).sent.href, text: state.get(a).sent.text })) };
      if (!batches.has(conversation)) batches.set(conversation, []);
      batches.get(conversation).push({ row, m });
    }
    for (const [conversation, batch] of batches) for (let i = 0; i < batch.length; i += messages.MAX_FOLD_MESSAGES) send(conversation, batch.slice(i, i + messages.MAX_FOLD_MESSAGES));
  }

  async function send(conversation, batch) {
    const sentReplay = replay;
    let reply;
    try {
      reply = await verdicts.send({ type: 'fold', conversation, replay: sentReplay, messages: batch.map((b) => b.m) });
    } catch {
      return; // the links keep their badges; nothing folds
    }
    if (sentReplay !== replay || !Array.isArray(reply?.results)) return;
    foldings.set(conversation, reply.folding);
    let folded = 0;
    reply.results.forEach((result, i) => {
      const row = batch[i]?.row;
      const st = row && rows.get(row);
      if (!st || st.key !== result?.key || !Array.isArray(result.folds)) return;
      st.folds = result.folds;
      st.shown = result.shown === true;
      render(row, st);
      if (!st.shown) folded += st.folds.filter(Boolean).length;
    });
    if (folded) announce(folded);
  }

  // --- drawing ---

  function hide(el) {
    if (!el || hidden.has(el)) return;
    hidden.set(el, [el.style.getPropertyValue('display'), el.style.getPropertyPriority('display')]);
    el.style.setProperty('display', 'none', 'important');
  }

  function unhide(el) {
    if (!el || !hidden.has(el)) return;
    const [value, priority] = hidden.get(el);
    hidden.delete(el);
    if (value) el.style.setProperty('display', value, priority);
    else el.style.removeProperty('display');
  }

  /** The line's words: "3 shopping links folded" when every folded link is a shopping link, else "3 links folded". */
  function summary(folds) {
    const n = folds.length;
    const shopping = folds.every((f) => f.category === 'ecommerce');
    if (shopping) return n === 1 ? t('foldLineShoppingOne') : t('foldLineShopping', n);
    return n === 1 ? t('foldLineOne') : t('foldLine', n);
  }

  function platformsOf(folded) {
    const names = [];
    for (const a of folded) {
      const name = core.platformName(state.get(a)?.decision?.platform);
      if (name && !names.includes(name)) names.push(name);
    }
    return names.join(t('listSeparator'));
  }

  /** Draws (or removes) a row's folded line, and hides or shows its folded links. */
  function render(row, st) {
    // Nothing folded and nothing hidden before: nothing to draw (most messages).
    if (!st.line && !st.folds?.some(Boolean) && !st.hid) return;
    st.hid = true;
    const folded = [];
    const folds = [];
    st.links.forEach((a, i) => {
      if (st.folds?.[i]) {
        folded.push(a);
        folds.push(st.folds[i]);
      }
    });
    for (const a of st.links) {
      const fold = folded.includes(a) && !st.shown;
      for (const el of [a, state.get(a)?.badge]) (fold ? hide : unhide)(el);
    }
    for (const a of row.querySelectorAll('a[href], area[href]')) if (!st.links.includes(a)) for (const el of [a, state.get(a)?.badge]) unhide(el);
    if (!folded.length) {
      st.line?.remove();
      st.line = null;
      return;
    }
    if (!st.line || !st.line.isConnected || st.line.nextElementSibling !== folded[0]) {
      st.line?.remove();
      st.line = makeLine(row);
      folded[0].before(st.line);
    }
    const parts = lines.get(st.line);
    const platforms = platformsOf(folded);
    parts.count.textContent = st.shown ? (folded.length === 1 ? t('foldLineShownOne') : t('foldLineShown', folded.length)) : summary(folds);
    parts.platforms.textContent = platforms ? `· ${platforms}` : '';
    parts.platforms.hidden = !platforms;
    const why = [...new Set(folds.map((f) => t(keys.foldWhy(f.kind))))].join(t('listSeparator'));
    parts.group.title = why;
    parts.group.setAttribute('aria-label', `${parts.count.textContent} ${platforms ? `(${platforms})` : ''}. ${why}`.trim());
    parts.toggle.textContent = st.shown ? t('foldHide') : t('foldShow');
    parts.toggle.setAttribute('aria-expanded', String(st.shown));
    parts.toggle.setAttribute('aria-label', st.shown ? t('foldHideLabel', folded.length) : t('foldShowLabel', folded.length));
  }

  function makeLine(row) {
    const host = document.createElement(FOLD_TAG);
    ownLines.add(host);
    marks.ownMarks.add(host);
    host.style.setProperty('display', 'block', 'important');
    const root = marks.styledShadow(host, FOLD_CSS);
    const group = document.createElement('span');
    group.className = 'f';
    group.setAttribute('role', 'group');
    const count = document.createElement('span');
    count.className = 'n';
    const platforms = document.createElement('span');
    platforms.className = 'p';
    const toggle = document.createElement('button');
    toggle.type = 'button';
    const never = document.createElement('button');
    never.type = 'button';
    never.className = 'q';
    never.textContent = t('foldNever');
    group.append(count, platforms, toggle, never);
    root.append(group);
    lines.set(host, { group, count, platforms, toggle, never });
    // A person's press only: page script can reach neither button (closed root), and a synthetic event is refused.
    toggle.addEventListener('click', (event) => {
      event.preventDefault();
      event.stopPropagation();
      if (!event.isTrusted) return;
      const st = rows.get(row);
      if (!st) return;
      st.shown = !st.shown;
      render(row, st);
      toggle.focus();
      verdicts.send({ type: 'fold-show', conversation: conversationOf(row), key: st.key, shown: st.shown }).catch(() => {});
    });
    never.addEventListener('click', (event) => {
      event.preventDefault();
      event.stopPropagation();
      if (!event.isTrusted) return;
      setChatFolding(conversationOf(row), 'never').catch(() => {});
    });
    return host;
  }

  function announce(n) {
    announced += n;
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => {
      if (!live || !live.host.isConnected) {
        const host = document.createElement(LIVE_TAG);
        marks.ownMarks.add(host);
        const root = marks.styledShadow(host, LIVE_CSS);
        const region = document.createElement('span');
        region.setAttribute('role', 'status');
        region.setAttribute('aria-live', 'polite');
        root.append(region);
        (document.body ?? document.documentElement).append(host);
        live = { host, region };
      }
      live.region.textContent = t('foldAnnounce', announced);
      announced = 0;
    }, 600);
  }

  /** Folds every conversation again from its first message (a new pass). */
  function refoldAll() {
    replay = crypto.randomUUID();
    const spec = message();
    if (!spec) return;
    for (const row of document.querySelectorAll(spec.row)) {
      const st = rows.get(row);
      if (st) st.folds = null;
      pending.add(row);
    }
    schedule();
  }

  /** The chat's folding, kept by the worker; then the conversation is folded again. */
  async function setChatFolding(conversation, folding) {
    await verdicts.send({ type: 'fold-chat', conversation, folding });
    foldings.set(conversation, folding);
    refoldAll();
  }

  /** Everything linkgate hid is shown and its lines go (a pause, a shutdown). */
  function unfoldAll() {
    for (const host of document.querySelectorAll(FOLD_TAG)) if (ownLines.has(host)) host.remove();
    for (const a of document.querySelectorAll('a[href], area[href]')) for (const el of [a, state.get(a)?.badge]) unhide(el);
    const spec = message();
    if (spec) for (const row of document.querySelectorAll(spec.row)) rows.delete(row);
  }

  ns.folding = Object.freeze({
    queue,
    refoldAll,
    unfoldAll,
    setChatFolding,
    /** The open conversation (the first message row's, or the adapter's) and its folding, for the popup. */
    openConversation() {
      const spec = message();
      if (!spec) return null;
      const row = document.querySelector(spec.row);
      const conversation = row ? conversationOf(row) : core.adapter().conversationKey?.(document);
      return conversation ? { conversation, folding: foldings.get(conversation) ?? ns.facts.CHAT_FOLDINGS[0] } : null;
    },
    /** How many links are folded on this page now (the popup's count). */
    foldedCount() {
      let n = 0;
      const spec = message();
      if (!spec) return 0;
      for (const row of document.querySelectorAll(spec.row)) {
        const st = rows.get(row);
        if (st?.folds && !st.shown) n += st.folds.filter(Boolean).length;
      }
      return n;
    },
    /** For the end-to-end tests (main.js inspect): a row's line as a person reads it, or null. */
    line(row) {
      const st = rows.get(row);
      const parts = st?.line && lines.get(st.line);
      if (!parts || !st.line.isConnected) return null;
      const r = (el) => {
        const b = el.getBoundingClientRect();
        return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
      };
      return {
        text: `${parts.count.textContent} ${parts.platforms.textContent}`.trim(),
        label: parts.group.getAttribute('aria-label'),
        title: parts.group.title,
        toggle: parts.toggle.textContent,
        expanded: parts.toggle.getAttribute('aria-expanded'),
        never: parts.never.textContent,
        at: { toggle: r(parts.toggle), never: r(parts.never) },
        folds: (st.folds ?? []).map((f) => f?.ruleId ?? null),
      };
    },
    /** For the tests: the text of the live region. */
    announcement: () => live?.region.textContent ?? '',
    /** A badge drawn for a link that is folded is hidden with it. */
    badgeDrawn(a, badge) {
      if (hidden.has(a)) hide(badge);
    },
    start() {
      core.onShutdown(() => {
        if (timer !== null) cancelIdle(timer);
        clearTimeout(announceTimer);
        pending.clear();
        unfoldAll();
        live?.host.remove();
      });
    },
  });
})();
