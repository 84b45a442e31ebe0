// Navigation: the person's clicks on links (left, middle, with modifier keys, Enter on a focused link) are decided
// synchronously from the link's state: a link decided `open` is left completely alone (the page and the browser
// open it); any other, or one still pending, is stopped and handed to the worker, which decides again and shows the
// interstitial. Only the person's own events open anything. Whatever this layer misses (links it cannot see, page
// scripts, the context menu, drags) the navigation guard stops before the request leaves; so that the guard decides
// with the right chat context, the person's presses, focus, menus and drags on a link are sent to the worker as hints.
//
// Reads: linkgate.messages, linkgate.core (the links' state, the adapter, listen), linkgate.pause,
// linkgate.verdicts (send). Defines linkgate.navigation.
'use strict';
(() => {
  const ns = (globalThis.linkgate ??= {});
  if (ns.navigation) return;
  const { messages, core, verdicts } = ns;
  const { state } = core;

  function showInterstitial(href, text, context, disposition) {
    verdicts.send({ type: 'show-interstitial', href, text, context, disposition }).catch(() => {});
  }

  function linkFromEvent(event) {
    for (const node of event.composedPath()) {
      if (node instanceof Element && core.isLinkElement(node)) return node;
      if (node === document) break;
    }
    return null;
  }

  function actionFor(a) {
    const st = state.get(a);
    if (!st || st.key !== core.keyOf(a) || !st.decision) return 'warn';
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
    if (!a || ns.pause.paused() || !core.linkKind(a)) return;
    if (actionFor(a) === 'open') return; // left completely alone: the page and the browser open it
    event.preventDefault();
    event.stopImmediatePropagation();
    // A page's own click() or dispatched event is stopped and opens nothing: only the person's click may open a
    // warning page (the worker also limits how often, per tab).
    if (byPerson(event)) showInterstitial(core.linkHref(a), core.linkText(a), core.adapter().contextFor(a), dispositionFor(event, a));
  }

  // --- hints for the navigation guard ---

  /** The link element an event is on (an HTML link or area, or an SVG link), from open shadow roots too. */
  function anyLinkFromEvent(event) {
    for (const node of event.composedPath()) {
      if (node instanceof Element && core.isLinkElement(node)) return node;
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
    if (!byPerson(event) || ns.pause.paused()) return;
    if (event.type === 'keydown' && event.key !== 'Enter') return;
    const a = anyLinkFromEvent(event);
    if (!a) return;
    const href = a instanceof SVGAElement ? svgHref(a) : core.linkHref(a);
    if (!href || href.length > messages.MAX_URL) return;
    try {
      const url = new URL(href);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin === core.ownOrigin && !url.username && !url.password) return;
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
    const context = core.adapter().contextFor(contextElement(a));
    verdicts.send({ type: 'intent', href, text, context, disposition: pressDisposition(event, a), opened }).catch(() => {});
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

  ns.navigation = Object.freeze({
    /**
     * Listens on the window, in the capture phase. The click listeners come first: stopping a click
     * (stopImmediatePropagation) also keeps the hint listener of that click from running.
     */
    start() {
      core.listen(window, 'click', onActivate, true);
      core.listen(window, 'auxclick', onActivate, true);
      for (const type of ['pointerdown', 'focusin', 'keydown', 'click', 'auxclick', 'contextmenu', 'dragstart']) core.listen(window, type, hint, true);
    },
  });
})();
