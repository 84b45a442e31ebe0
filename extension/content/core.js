// The content script's core: this copy's life (alive until the extension is reloaded, updated or removed; every
// listener it adds, so that an orphaned copy can remove them all), the site adapter, its strings, and which links
// count and what is known of each (`state`, a WeakMap in this isolated world: nothing a page can read).
//
// The content script is several classic scripts sharing the isolated world's `globalThis.linkgate` (content
// scripts cannot import modules); the manifest's `content_scripts[0].js` lists them in order: core.js, pause.js,
// marks.js, verdicts.js, watching.js, folding.js, navigation.js, then main.js, which starts them (see its header for the whole
// picture). Each file defines its functions when it is read and does nothing until main.js starts it.
//
// Reads: linkgate.browser, linkgate.i18n, linkgate.messages, linkgate.adapters. Defines linkgate.core.
'use strict';
(() => {
  const ns = (globalThis.linkgate ??= {});
  if (ns.core) return;
  const { browser, i18n, messages, adapters } = ns;

  const BADGE_TAG = 'linkgate-badge';
  const CHIP_TAG = 'linkgate-chips';
  const FOLD_TAG = 'linkgate-fold'; // a message's folded line (content/folding.js)
  const LIVE_TAG = 'linkgate-live'; // the live region that says what folded
  /** linkgate's own tags in a page: badges, share-code markers, folded lines, the live region. */
  const OUR_TAGS = Object.freeze([BADGE_TAG, CHIP_TAG, FOLD_TAG, LIVE_TAG]);

  /** link element -> {key, own, decision|null, shown, badge}; `own`: a link to this page's own origin, see linkKind */
  const state = new WeakMap();

  // The site adapter: chosen by the page's address and, for self-hosted apps (Converse.js), its DOM; picked again
  // while only the generic adapter fits (watching.js), since a single-page app builds its DOM after this script starts.
  let adapter = null;
  let lang = 'en';

  let dead = false; // the extension was reloaded or removed: stop talking to it
  const cleanups = []; // what each part undoes when this copy is orphaned (onShutdown)

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

  /**
   * The extension was reloaded, updated or removed: this copy can decide nothing any more. Each part undoes what it
   * did (its badges and markers, its observer, its timers: onShutdown), and every listener goes; the page is left to
   * the copy the worker injects (which says so with main.js's STARTED_EVENT) and to the navigation guard, whose rules
   * outlive the worker.
   */
  function shutdown() {
    if (dead) return;
    dead = true;
    for (const cleanup of cleanups) cleanup();
    for (const [target, type, handler, options] of listeners) target.removeEventListener(type, handler, options);
    listeners.length = 0;
  }

  const { t } = i18n;
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
  function linkKind(a, href = linkHref(a)) {
    if (!inMessageRoot(a)) return null;
    // A serialized http(s) URL that does not start with this origin and a slash is another origin's (or carries
    // userinfo): no need to parse it. (An opaque origin, 'null', never matches.)
    if (ownOrigin === 'null' || !href.startsWith(`${ownOrigin}/`)) return 'link';
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

  /** The adapter's message containers, as last looked up; `rootsFresh` while they were looked up in this task. */
  let rootsCache = null;
  let rootsFresh = false;
  /**
   * Whether `a` is in one of the adapter's message containers. The containers are kept from one look-up to the
   * next (a look-up walks the whole document: about a millisecond in a chat of 10,000 messages, once for every
   * change the page makes): a link in one of them is in; a link in none makes a new look-up, at most once a task,
   * so a container the page added since is found. A kept container the page no longer marks as one can only make
   * linkgate check a link more, never less.
   */
  function inMessageRoot(a) {
    if (rootsCache?.some((root) => root.contains(a))) return true;
    if (rootsFresh) return false;
    rootsCache = adapter.findMessageRoots(document);
    rootsFresh = true;
    queueMicrotask(() => (rootsFresh = false));
    return rootsCache.some((root) => root.contains(a));
  }

  /** The anchor text, trimmed and cut to what a message carries; U+0000 (which the worker joins texts with) read as U+FFFD, as HTML's parser does. */
  function linkText(a) {
    const text = (a.textContent ?? '').trim().replaceAll('\0', '\uFFFD');
    return text ? text.slice(0, messages.MAX_TEXT) : null;
  }

  const keyOf = (a) => `${linkHref(a)}\n${linkText(a) ?? ''}\n${adapter.contextFor(a)}`;

  /**
   * What linkgate reads of a link, once a change: {href, kind, key, sent: {href, text, context}} (`kind` as
   * linkKind; `sent` what the engine is asked about), or null for a link that is not checked. The key is keyOf's.
   */
  function describe(a) {
    const href = linkHref(a);
    const kind = linkKind(a, href);
    if (!kind) return null;
    const text = linkText(a);
    const context = adapter.contextFor(a);
    return { kind, key: `${href}\n${text ?? ''}\n${context}`, sent: { href: href.length <= messages.MAX_URL ? href : '', text, context } };
  }
  /** What the engine may see of an href: one over the message limit is sent as '' and decided invalid_url. */
  const sentHref = (a) => {
    const href = linkHref(a);
    return href.length <= messages.MAX_URL ? href : '';
  };

  /** message text element -> its text as last read (messageText) */
  const texts = new WeakMap();

  /** A message text element's text without linkgate's own badges and share-code markers. */
  function messageText(el) {
    let text = '';
    for (const node of el.childNodes) {
      if (node.nodeType === Node.ELEMENT_NODE && OUR_TAGS.includes(node.localName)) continue;
      text += node.textContent;
    }
    texts.set(el, text);
    return text;
  }
  /**
   * The text messageText last read of `el` (read now if never). watching.js reads a message text again on every
   * change in it (added nodes, changed text, removed nodes), before anything that asks here runs (the share-code
   * scan, the folding key), so what was last read is what the page shows.
   */
  const seenText = (el) => texts.get(el) ?? messageText(el);

  ns.core = Object.freeze({
    BADGE_TAG,
    CHIP_TAG,
    FOLD_TAG,
    LIVE_TAG,
    OUR_TAGS,
    state,
    ownOrigin,
    /** Picks the site adapter and the UI language; main.js calls it once, when this copy starts. */
    start() {
      adapter = adapters.pick(location, document);
      lang = browser.uiLang();
    },
    adapter: () => adapter,
    /** A better adapter (watching.js): the message containers are looked up again. */
    setAdapter(next) {
      adapter = next;
      rootsCache = null;
      rootsFresh = false;
    },
    dead: () => dead,
    live,
    listen,
    shutdown,
    /** `cleanup()` runs when this copy is orphaned, before its listeners are removed. */
    onShutdown: (cleanup) => cleanups.push(cleanup),
    t,
    platformName,
    isLinkElement,
    linkHref,
    linkKind,
    linkText,
    keyOf,
    describe,
    sentHref,
    messageText,
    seenText,
  });
})();
