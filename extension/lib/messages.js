// Message shapes exchanged between the content scripts, the service worker and the extension pages, and their
// validators. Every receiver calls `linkgate.messages.validate(message)` and drops what fails: unknown types, missing
// or extra fields, wrong types, oversized batches.
//
// Content script -> worker
//   {type: 'classify', hrefs: string[], texts: (string|null)[], contexts: string (a letter a link: d, g, f, u), tables: boolean}
//       -> {type: 'verdicts', words: number[] (two a link, in order), notices, tables?: {platforms, reasonCodes, reasonClasses, riskMask}}
//       (columns, not an object a link: a batch of 2,000 costs a third as much to send and check). Each link is
//       checked alone: an href over MAX_URL or holding U+0000 (which the worker joins the columns with), or a text
//       over MAX_TEXT, is answered as the empty link (warn, invalid_url); the rest of the batch is answered as usual.
//   {type: 'scan', items: [{id: string, text: string, context}]}                             -> {type: 'scans', results: [{id, matches}]}
//   {type: 'intent', href: string, text: string|null, context, disposition: disposition|null, opened: boolean}
//       -> {type: 'ok'}  (the person pressed, focused, clicked, opened the menu of or dragged a link: the navigation
//       guard's hint; `disposition` where the event says the link will open, or null; `opened`: a click, which
//       goes into the decision history)
//   {type: 'show-interstitial', href: string, text: string|null, context, disposition}       -> {type: 'shown', action}
// Guard page -> worker
//   {type: 'guard', url: string}  -> {type: 'guarded', action, url}  (url: where to go, the same URL or an interstitial)
// Worker -> content script
//   {type: 'settings-changed'}
// Popup -> content script
//   {type: 'get-stats'}  -> {type: 'stats', origin, checked, warned, blocked, codes, pausedUntil: number|null}
// `context` is 'direct' | 'group' | 'feed' | 'unknown'; `disposition` is 'current' | 'new-tab' | 'background-tab'.
// A classic script (see lib/browser.js for why).
'use strict';
(() => {
  const ns = (globalThis.linkgate ??= {});
  if (ns.messages) return;

  const CONTEXTS = Object.freeze(['direct', 'group', 'feed', 'unknown']);
  const DISPOSITIONS = Object.freeze(['current', 'new-tab', 'background-tab']);
  const MAX_BATCH = 2000;
  const MAX_URL = 65536;
  const MAX_TEXT = 4096;
  const MAX_NAVIGATION_URL = 2 * 1024 * 1024; // Chromium's own limit on a URL it navigates to

  const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
  const isString = (v, max) => typeof v === 'string' && v.length <= max;
  const hasOnly = (o, required, optional = []) =>
    required.every((k) => Object.hasOwn(o, k)) && Object.keys(o).every((k) => required.includes(k) || optional.includes(k));
  const isContext = (v) => CONTEXTS.includes(v);
  const CONTEXT_LETTERS = /^[dgfu]*$/;
  const isJoinable = (v, max) => isString(v, max) && !v.includes('\0');
  const isTextOrNull = (v) => v === null || isString(v, MAX_TEXT);
  /** One link of a classify batch that the engine may see as is (otherwise it is decided as the empty link). */
  const isLinkHref = (v) => isJoinable(v, MAX_URL);
  const isLinkText = (v) => v === null || isJoinable(v, MAX_TEXT);

  const shapes = {
    classify: (m) =>
      hasOnly(m, ['type', 'hrefs', 'texts', 'contexts', 'tables']) &&
      typeof m.tables === 'boolean' &&
      Array.isArray(m.hrefs) &&
      m.hrefs.length <= MAX_BATCH &&
      Array.isArray(m.texts) &&
      m.texts.length === m.hrefs.length &&
      isString(m.contexts, MAX_BATCH) &&
      m.contexts.length === m.hrefs.length &&
      CONTEXT_LETTERS.test(m.contexts) &&
      m.hrefs.every((h) => typeof h === 'string') &&
      m.texts.every((t) => t === null || typeof t === 'string'),
    scan: (m) =>
      hasOnly(m, ['type', 'items']) &&
      Array.isArray(m.items) &&
      m.items.length <= MAX_BATCH &&
      m.items.every(
        (i) => isObject(i) && hasOnly(i, ['id', 'text', 'context']) && isString(i.id, 64) && isString(i.text, MAX_TEXT) && isContext(i.context),
      ),
    'show-interstitial': (m) =>
      hasOnly(m, ['type', 'href', 'text', 'context', 'disposition']) &&
      isString(m.href, MAX_URL) &&
      isTextOrNull(m.text) &&
      isContext(m.context) &&
      DISPOSITIONS.includes(m.disposition),
    intent: (m) =>
      hasOnly(m, ['type', 'href', 'text', 'context', 'disposition', 'opened']) &&
      typeof m.opened === 'boolean' &&
      isString(m.href, MAX_URL) &&
      isTextOrNull(m.text) &&
      isContext(m.context) &&
      (m.disposition === null || DISPOSITIONS.includes(m.disposition)),
    guard: (m) => hasOnly(m, ['type', 'url']) && isString(m.url, MAX_NAVIGATION_URL),
    'settings-changed': (m) => hasOnly(m, ['type']),
    'get-stats': (m) => hasOnly(m, ['type']),
  };

  /** True when `message` is one of the shapes above. */
  function validate(message) {
    return isObject(message) && typeof message.type === 'string' && Object.hasOwn(shapes, message.type) && shapes[message.type](message);
  }

  ns.messages = Object.freeze({ CONTEXTS, DISPOSITIONS, MAX_BATCH, MAX_TEXT, MAX_URL, isLinkHref, isLinkText, validate });
})();
