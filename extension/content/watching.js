// Watching the page: finds the links and message texts in the adapter's message containers when this copy starts
// and as the page changes (a MutationObserver: added and removed nodes, a changed href, a text node's new data, as
// virtualised message lists reuse their nodes), and when the open conversation changes in a single-page app (the
// adapter names it; a better adapter is picked up once the app has built its DOM). A link whose key (address, text,
// context) changed is decided again; a removed link's badge goes with it.
//
// Reads: linkgate.adapters, linkgate.core (the links' state, the adapter), linkgate.pause, linkgate.marks,
// linkgate.verdicts (queues what needs a decision). Defines linkgate.watching.
'use strict';
(() => {
  const ns = (globalThis.linkgate ??= {});
  if (ns.watching) return;
  const { adapters, core, marks, verdicts } = ns;
  const { state } = core;

  /** message text element -> text already scanned */
  const scanned = new WeakMap();

  function track(a) {
    if (ns.pause.paused()) return;
    const seen = core.describe(a);
    if (!seen) {
      if (state.has(a)) untrack(a); // a reused node that is no longer a message link keeps no stale mark
      return;
    }
    const { key, kind, sent } = seen;
    let st = state.get(a);
    if (st && st.key === key) return;
    if (!st) {
      st = { key, own: false, decision: null, shown: 'pending', badge: null, sent };
      state.set(a, st);
    }
    st.key = key;
    st.sent = sent;
    st.own = kind === 'own';
    st.decision = null;
    marks.mark(a, st);
    verdicts.queueLink(a);
    ns.folding.queue(a);
  }

  function trackText(el) {
    if (ns.pause.paused()) return;
    const text = core.messageText(el);
    if (scanned.get(el) === text || !text.trim()) return;
    scanned.set(el, text);
    verdicts.queueText(el);
  }

  /** Forgets a link: its decision and its badge. */
  function untrack(a) {
    const st = state.get(a);
    st?.badge?.remove();
    state.delete(a);
    verdicts.unqueueLink(a);
    marks.unschedule(a);
  }

  /** The links linkgate tracks in a subtree (the node itself included). */
  function* trackedIn(node) {
    if (core.isLinkElement(node) && state.has(node)) yield node;
    for (const a of node.querySelectorAll('a[href], area[href]')) if (state.has(a)) yield a;
  }

  /** A removed subtree's links: their badges go too, wherever the page put them. */
  function forgetSubtree(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    for (const a of trackedIn(node)) state.get(a).badge?.remove();
  }

  // One walk of an added subtree finds everything scanNode needs: linkgate's own tags (copies of its marks are
  // removed), links and message texts. A chat that adds a message makes one selector query, not three.
  const { OUR_TAGS } = core;
  let scanSelector = null;
  let scanSelectorFor;
  function selectorFor(textSelector) {
    if (scanSelector === null || scanSelectorFor !== textSelector) {
      scanSelectorFor = textSelector;
      scanSelector = ['a[href]', 'area[href]', ...OUR_TAGS, ...(textSelector ? [textSelector] : [])].join(', ');
    }
    return scanSelector;
  }

  function scanNode(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    if (marks.isOurs(node)) {
      if (!marks.ownMarks.has(node)) node.remove();
      return;
    }
    const textSelector = core.adapter().messageTextSelector;
    if (core.isLinkElement(node)) track(node);
    if (textSelector) {
      const text = node.closest(textSelector);
      if (text) trackText(text);
    }
    for (const el of node.querySelectorAll(selectorFor(textSelector))) {
      if (OUR_TAGS.includes(el.localName)) {
        if (!marks.ownMarks.has(el)) el.remove();
      } else if (core.isLinkElement(el)) {
        track(el);
        if (textSelector && el.matches(textSelector)) trackText(el);
      } else if (textSelector && ((el.localName !== 'a' && el.localName !== 'area') || el.matches(textSelector))) {
        // Matched the message text selector (an `a` that is not an HTML link, an SVG one, may have matched `a[href]`).
        trackText(el);
      }
    }
  }

  // Reused nodes (virtualised message lists) change in place: an href, a text node's data. Both are watched.
  const observer = new MutationObserver((records) => {
    if (!core.live()) return;
    for (const record of records) {
      if (record.type === 'attributes') {
        if (core.isLinkElement(record.target)) track(record.target);
        continue;
      }
      if (record.type === 'characterData') {
        const parent = record.target.parentElement;
        if (parent && !marks.isOurs(parent)) scanNode(parent.closest('a[href], area[href]') ?? parent);
        continue;
      }
      for (const node of record.removedNodes) if (!node.isConnected) forgetSubtree(node);
      // Removed nodes change a message text too (its share codes, its folding key): it is read again.
      if (record.removedNodes.length && record.target.nodeType === Node.ELEMENT_NODE && !marks.isOurs(record.target)) {
        const selector = core.adapter().messageTextSelector;
        const text = selector && record.target.closest(selector);
        if (text) trackText(text);
      }
      for (const node of record.addedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE) scanNode(node);
        else if (node.nodeType === Node.TEXT_NODE && node.parentElement) scanNode(node.parentElement);
      }
    }
    checkConversation();
  });

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
    const adapter = core.adapter();
    if (adapter === adapters.generic || adapter.fallback) {
      const better = adapters.pick(location, document);
      if (better !== adapter) {
        // A link's key holds everything its decision depends on (address, text, context): only the links whose
        // context the new adapter sees differently are decided again.
        core.setAdapter(better);
        conversation = null;
        rescanAll(false);
      }
    }
    const key = core.adapter().conversationKey?.(document) ?? null;
    if (key !== conversation) {
      conversation = key;
      rescanAll(false);
    }
  }

  /** Looks at every link and text again; `force`: decides every link again (settings changed, a pause ended). */
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

  ns.watching = Object.freeze({
    trackedIn,
    rescanAll,
    /** Message texts are scanned again once linkgate resumes. */
    forgetScannedTexts() {
      for (const el of document.querySelectorAll(core.adapter().messageTextSelector || ':not(*)')) scanned.delete(el);
    },
    /** Starts watching, and looks at what the page already holds. */
    start() {
      core.onShutdown(() => {
        observer.disconnect();
        clearTimeout(checkTimer);
      });
      observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['href'] });
      const checkNow = () => {
        lastCheck = 0;
        checkConversation();
      };
      core.listen(window, 'hashchange', checkNow);
      core.listen(window, 'popstate', checkNow);
      rescanAll(false);
      core.listen(
        document,
        'DOMContentLoaded',
        () => {
          rescanAll(false);
          checkNow();
        },
        { once: true },
      );
    },
  });
})();
