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
//
// The parts, in the manifest's order (content_scripts[0].js): core.js (this copy's life, the adapter, which links
// count), pause.js, marks.js (badges and share-code markers), verdicts.js (batches to the worker, decoding),
// watching.js (observer, conversations), folding.js (folded lines), navigation.js (clicks and hints), and this file, which starts them once a
// world, answers the worker and the popup, and gives the end-to-end tests their read-only view.
//
// Reads: linkgate.browser, linkgate.messages and every part above. Defines linkgate.inspect.
'use strict';
(() => {
  const ns = globalThis.linkgate ?? {};
  const { browser, messages, core, pause, marks, verdicts, watching, folding, navigation } = ns;
  // Once a world: a second injection into a page whose copy runs (the worker injects on install and update, "Protect
  // this site" into the tab at hand) does nothing. After an update the new copy runs in a new world.
  if (!browser || !browser.alive() || ns.contentStarted) return;
  ns.contentStarted = true;
  const STARTED_EVENT = 'linkgate:content-started';

  core.start();
  marks.start();
  verdicts.start();
  watching.start();
  folding.start();
  navigation.start();

  // From the worker (settings changed: decide every link again; they count as pending until the new decisions
  // arrive) and from the popup (this tab's counts).
  // Only linkgate's own worker and pages can reach a content script (tabs.sendMessage); the sender's URL says which.
  const ours = browser.getURL('');
  browser.onMessage((message, sender) => {
    if (core.dead() || sender.id !== browser.id || (sender.url && !sender.url.startsWith(ours)) || !messages.validate(message)) return undefined;
    if (message.type === 'settings-changed') {
      watching.rescanAll(true);
      folding.refoldAll();
      return { type: 'ok' };
    }
    if (message.type === 'set-chat-folding') {
      if (window !== window.top) return undefined;
      const open = folding.openConversation();
      if (!open) return { type: 'error', message: 'no conversation is open' };
      return folding.setChatFolding(open.conversation, message.folding).then(() => ({ type: 'ok' }), (e) => ({ type: 'error', message: String(e?.message ?? e) }));
    }
    if (message.type === 'get-stats') {
      // The popup asks the top frame only (tabs.sendMessage's default reaches every frame; the first answer wins).
      if (window !== window.top) return undefined;
      let checked = 0;
      let warned = 0;
      let blocked = 0;
      for (const a of watching.trackedIn(document.documentElement)) {
        const decision = core.state.get(a)?.decision;
        if (!decision || decision.own) continue;
        const action = decision.action;
        checked++;
        if (action === 'warn') warned++;
        else if (action === 'block') blocked++;
      }
      const open = folding.openConversation();
      return { type: 'stats', origin: location.origin, checked, warned, blocked, codes: marks.codeCount(), folded: folding.foldedCount(), folding: open?.folding ?? null, pausedUntil: pause.until() };
    }
    return undefined;
  });

  pause.start();

  // The new copy announces itself; any copy that hears it checks whether it is still alive (a page can send the
  // event too, and learns nothing from it).
  core.listen(document, STARTED_EVENT, () => {});
  document.dispatchEvent(new Event(STARTED_EVENT));

  const { BADGE_TAG, CHIP_TAG, state } = core;
  const { roots, ownMarks } = marks;
  // Read by linkgate's own end-to-end tests from this isolated world (page script cannot reach it): what a person
  // sees of a link's mark, without writing anything a page could read.
  ns.inspect = Object.freeze({
    /** A message row's folded line as a person reads it ({text, label, title, toggle, expanded, never, at, folds}), or null. */
    foldLine: (row) => folding.line(row),
    /** Whether linkgate hid this link (folded). */
    folded: (a) => a.style.getPropertyValue('display') === 'none' && a.style.getPropertyPriority('display') === 'important',
    announcement: () => folding.announcement(),
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
      // `styled`: linkgate's style reached the badge in its closed root (a rounded badge).
      const styled = getComputedStyle(span).borderTopLeftRadius !== '0px';
      return { text: span.textContent, label: span.getAttribute('aria-label'), title: span.title, action: span.classList[1] ?? null, styled };
    },
    /**
     * A short link's "Where does it go?" beside its badge: {at: the middle of its button in the viewport (for a real
     * click) or null, result: {text, title, action, error} once resolved or null}; null without one.
     */
    resolve(a) {
      const host = a.nextElementSibling;
      if (!host || host.localName !== BADGE_TAG || !ownMarks.has(host)) return null;
      const root = roots.get(host);
      const button = root.querySelector('button[data-linkgate="resolve"]');
      const shown = root.querySelector('span[role="status"]');
      if (!button && !shown) return null;
      const r = button?.getBoundingClientRect();
      return {
        at: r ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : null,
        result: shown ? { text: shown.textContent, title: shown.title, action: shown.dataset.action ?? null, error: shown.dataset.error ?? null } : null,
      };
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
