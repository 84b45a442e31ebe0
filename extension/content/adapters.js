// Site adapters: how to find the message containers on a site and the chat context of a link.
//
// An adapter is
//   {
//     name: string,
//     matches(location) -> boolean,              // is this adapter for this page?
//     findMessageRoots(document) -> Element[],   // containers whose links linkgate checks (others are app chrome)
//     contextFor(element) -> 'direct' | 'group' | 'feed' | 'unknown',   // the chat context of a link (or any element)
//     messageTextSelector: string | null,        // elements whose text is scanned for share codes (淘口令, …)
//   }
// `linkgate.adapters.pick(location)` returns the first adapter that matches; the generic adapter matches any page.
// A classic content script (content scripts cannot import modules).
'use strict';
(() => {
  const ns = (globalThis.linkgate ??= {});
  if (ns.adapters) return;
  const CONTEXTS = ['direct', 'group', 'feed', 'unknown'];

  /** Any page: every link in the body, context `unknown` (decided like `group` by the engine). */
  const generic = Object.freeze({
    name: 'generic',
    matches: () => true,
    findMessageRoots: (document) => (document.body ? [document.body] : []),
    contextFor: () => 'unknown',
    messageTextSelector: null,
  });

  /**
   * linkgate's demo chat (www/chat.html, www/chat-csp.html; see www/README.md). Its documented DOM markers:
   * each conversation is `<section class="conversation" data-chat-context="direct|group|feed" data-chat-id="…">`,
   * each message's text is in `.message-text`. Other pages on 127.0.0.1 / localhost fall back to the whole body
   * with context `unknown`.
   */
  const demo = Object.freeze({
    name: 'demo',
    matches: (location) => location.protocol === 'http:' && (location.hostname === '127.0.0.1' || location.hostname === 'localhost'),
    findMessageRoots(document) {
      const roots = document.querySelectorAll('[data-chat-context]');
      if (roots.length) return Array.from(roots);
      return document.body ? [document.body] : [];
    },
    contextFor(element) {
      const section = element?.closest?.('[data-chat-context]') ?? element?.ownerDocument?.querySelector('[data-chat-context]:not([hidden])');
      const context = section?.getAttribute('data-chat-context');
      return CONTEXTS.includes(context) ? context : 'unknown';
    },
    messageTextSelector: '.message-text',
  });

  const all = Object.freeze([demo, generic]);
  ns.adapters = Object.freeze({
    all,
    generic,
    demo,
    pick: (location) => all.find((adapter) => adapter.matches(location)) ?? generic,
  });
})();
