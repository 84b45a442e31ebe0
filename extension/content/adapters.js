// Site adapters: how to find the message containers on a chat site, the chat context of a link, and which
// conversation is open.
//
// An adapter is
//   {
//     name: string,
//     matches(location, document) -> boolean,    // is this adapter for this page? (may look at the DOM)
//     findMessageRoots(document) -> Element[],   // containers whose links linkgate checks (others are app chrome)
//     contextFor(element) -> 'direct' | 'group' | 'feed' | 'unknown',   // the chat context of a link (or any element)
//     conversationKey(document) -> string|null,  // names the open conversation; a change re-evaluates every link
//     messageTextSelector: string | null,        // elements whose text is scanned for share codes (淘口令, ...)
//     fallback?: true,                           // matched on the address alone: keep looking for a better one
//   }
// `linkgate.adapters.pick(location, document)` returns the first adapter that matches; the generic adapter
// matches any page. When an adapter cannot tell the context it says `unknown`, which the engine decides as
// `group` (the stricter of the two). Each adapter's markers and their sources are in docs/adapters.md; the DOM
// fixtures in tests/adapters/ check them.
// A classic content script (content scripts cannot import modules).
'use strict';
(() => {
  const ns = (globalThis.linkgate ??= {});
  if (ns.adapters) return;
  const CONTEXTS = ['direct', 'group', 'feed', 'unknown'];
  const closest = (element, selector) => (element?.closest ? element.closest(selector) : null);
  const all = (document, selector) => Array.from(document.querySelectorAll(selector));
  const hostIs = (location, ...hosts) => hosts.includes(location.hostname);

  /** Any page the user enabled: every link in the body, context `unknown`. */
  const generic = Object.freeze({
    name: 'generic',
    matches: () => true,
    findMessageRoots: (document) => (document.body ? [document.body] : []),
    contextFor: () => 'unknown',
    conversationKey: (document) => document.location?.href ?? null,
    messageTextSelector: null,
  });

  /**
   * Converse.js, the XMPP web client (self-hosted anywhere, so it is found by its DOM): one `converse-chat` element
   * per 1:1 chat and one `converse-muc` per group chat (multi-user chat), each with the conversation's `jid`;
   * `converse-headlines` boxes (server announcements) are a feed. Messages are `.chat-msg`, their text
   * `.chat-msg__text`.
   */
  const converse = Object.freeze({
    name: 'converse',
    matches: (_location, document) => Boolean(document.querySelector('#conversejs, converse-root')),
    findMessageRoots: (document) => all(document, 'converse-chat, converse-muc, converse-headlines'),
    contextFor(element) {
      const box = closest(element, 'converse-chat, converse-muc, converse-headlines');
      if (!box) return 'unknown';
      if (box.localName === 'converse-muc') return 'group';
      if (box.localName === 'converse-headlines') return 'feed';
      return 'direct';
    },
    conversationKey: (document) =>
      all(document, 'converse-chat, converse-muc, converse-headlines')
        .map((box) => `${box.localName}:${box.getAttribute('jid')}`)
        .join(' '),
    messageTextSelector: '.chat-msg__text',
  });

  /**
   * linkgate's demo chat (www/chat.html, www/chat-csp.html; see www/README.md). Its documented DOM markers:
   * each conversation is `<section class="conversation" data-chat-context="direct|group|feed" data-chat-id="…">`,
   * each message's text is in `.message-text`.
   */
  const demo = Object.freeze({
    name: 'demo',
    matches: (_location, document) => Boolean(document.querySelector('section.conversation[data-chat-context]')),
    findMessageRoots: (document) => all(document, '[data-chat-context]'),
    contextFor(element) {
      const section = closest(element, '[data-chat-context]');
      const context = section?.getAttribute('data-chat-context');
      return CONTEXTS.includes(context) ? context : 'unknown';
    },
    conversationKey: (document) => all(document, '[data-chat-context]').map((s) => `${s.dataset.chatId}:${s.dataset.chatContext}`).join(' '),
    messageTextSelector: '.message-text',
  });

  /**
   * The demo's own origins before its DOM is built: linkgate's local pages (127.0.0.1, localhost) start with the
   * demo's rules, and the pick is made again once the page shows what it is.
   */
  const local = Object.freeze({
    ...demo,
    name: 'local',
    fallback: true,
    matches: (location) => location.protocol === 'http:' && hostIs(location, '127.0.0.1', 'localhost'),
    findMessageRoots: (document) => {
      const roots = demo.findMessageRoots(document);
      return roots.length ? roots : document.body ? [document.body] : [];
    },
  });

  const list = Object.freeze([converse, demo, local, generic]);
  ns.adapters = Object.freeze({
    all: list,
    generic,
    demo,
    converse,
    pick: (location, document) => list.find((adapter) => adapter.matches(location, document)) ?? generic,
  });
})();
