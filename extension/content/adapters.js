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
//     ownWrapper?(url) -> boolean,               // a same-origin link that is the app's redirect wrapper (checked)
//     message?: {                                // one message of the chat, for folding (content/folding.js)
//       row: string,                             //   selector of a message's element (its links fold into one line)
//       id?(row) -> string|null,                 //   the app's id of the message, stable across re-renders
//       sender?(row) -> string|null,             //   who sent it, as the chat names them
//       time?(row) -> number|null,               //   when, in seconds since the epoch
//       conversation?(row) -> string|null,       //   the conversation it is in (default: conversationKey)
//     },
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
  const { CONTEXTS } = ns.messages;
  const closest = (element, selector) => (element?.closest ? element.closest(selector) : null);
  const all = (document, selector) => Array.from(document.querySelectorAll(selector));
  const hostIs = (location, ...hosts) => hosts.includes(location.hostname);
  /** The trimmed text of the first `selector` in `row`, or null. */
  const textOf = (row, selector) => row.querySelector(selector)?.textContent?.trim() || null;
  /** Seconds since the epoch of an ISO date or a number of seconds (a string), or null. */
  const seconds = (value, unit = 'iso') => {
    if (!value) return null;
    const n = unit === 'iso' ? Date.parse(value) / 1000 : Number(value);
    return Number.isFinite(n) && n >= 0 ? Math.floor(n) : null;
  };

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
    // Converse.js 14 src/shared/chat/templates/message.js: data-msgid, data-from (a room's occupant is
    // room@service/nick: the nick is the sender), data-isodate.
    message: {
      row: '.chat-msg',
      id: (row) => row.getAttribute('data-msgid'),
      sender(row) {
        const from = row.getAttribute('data-from') ?? '';
        const slash = from.indexOf('/');
        return (closest(row, 'converse-muc') && slash >= 0 ? from.slice(slash + 1) : from.split('/')[0]) || null;
      },
      time: (row) => seconds(row.getAttribute('data-isodate')),
      conversation(row) {
        const box = closest(row, 'converse-chat, converse-muc, converse-headlines');
        return box ? `${box.localName}:${box.getAttribute('jid')}` : null;
      },
    },
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
    // www/chat.js: each message is an <li class="message" id="m<n>"> with its .sender and a <time datetime>.
    message: {
      row: 'li.message',
      id: (row) => row.id || null,
      sender: (row) => textOf(row, '.sender'),
      time: (row) => seconds(row.querySelector('time')?.getAttribute('datetime')),
      conversation: (row) => closest(row, '[data-chat-id]')?.getAttribute('data-chat-id') ?? null,
    },
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

  /** The first ancestor (or the element itself) with `attribute`, and its value. */
  function attributeUp(element, attribute) {
    const found = closest(element, `[${attribute}]`);
    return found ? found.getAttribute(attribute) : null;
  }

  /**
   * Web WeChat (the AngularJS web client at wx.qq.com, wx2.qq.com, web.wechat.com). The open chat's messages are in
   * `.chat_bd`; the chat's own `data-cm` JSON (on the scroll container) holds its `username`, which starts with `@@`
   * for a group chat and `@` for a contact. Links are rewritten through `/cgi-bin/mmwebwx-bin/webwxcheckurl?requrl=`
   * (unwrapped by the engine: rules/wrappers.json). Official accounts cannot be told from the DOM: they count as
   * direct chats.
   */
  function wechatUsername(element) {
    for (let node = closest(element, '[data-cm]'); node; node = closest(node.parentElement, '[data-cm]')) {
      try {
        const cm = JSON.parse(node.getAttribute('data-cm'));
        if (typeof cm?.username === 'string') return cm.username;
      } catch {
        // not JSON: keep looking further up
      }
    }
    return null;
  }
  const wechat = Object.freeze({
    name: 'web-wechat',
    matches: (location) => hostIs(location, 'wx.qq.com', 'wx2.qq.com', 'wx8.qq.com', 'web.wechat.com', 'web2.wechat.com'),
    findMessageRoots: (document) => all(document, '.chat_bd'),
    contextFor(element) {
      const user = wechatUsername(element) ?? wechatUsername(element?.ownerDocument?.querySelector('.chat_bd [data-cm]'));
      if (!user) return 'unknown';
      return user.startsWith('@@') ? 'group' : user.startsWith('@') ? 'direct' : 'unknown';
    },
    conversationKey: (document) => wechatUsername(document.querySelector('.chat_bd [data-cm]')),
    ownWrapper: (url) => url.pathname === '/cgi-bin/mmwebwx-bin/webwxcheckurl',
    messageTextSelector: '.js_message_plain',
    // A message is `.message`; in a group chat the sender's `.nickname` is shown.
    message: { row: '.message', sender: (row) => textOf(row, '.nickname') },
  });

  /**
   * WhatsApp Web. The open conversation is `#main`; each message row has `data-id` = `<fromMe>_<chat jid>_<id>`,
   * and the chat jid's server says the kind: `@g.us` a group, `@c.us`, `@s.whatsapp.net` or `@lid` a person,
   * `@newsletter` a channel (feed), `@broadcast` a broadcast list or status (feed).
   */
  function whatsappJid(dataId) {
    const m = /^(?:true|false)_([^_]+)_/.exec(dataId ?? '');
    return m ? m[1] : null;
  }
  const whatsapp = Object.freeze({
    name: 'whatsapp',
    matches: (location) => hostIs(location, 'web.whatsapp.com'),
    findMessageRoots: (document) => all(document, '#main'),
    contextFor(element) {
      const jid = whatsappJid(attributeUp(element, 'data-id')) ?? whatsappJid(element?.ownerDocument?.querySelector('#main [data-id]')?.getAttribute('data-id'));
      const server = jid?.split('@')[1];
      if (server === 'g.us') return 'group';
      if (server === 'c.us' || server === 's.whatsapp.net' || server === 'lid') return 'direct';
      if (server === 'newsletter' || server === 'broadcast') return 'feed';
      return 'unknown';
    },
    conversationKey: (document) => whatsappJid(document.querySelector('#main [data-id]')?.getAttribute('data-id')),
    messageTextSelector: '#main span.selectable-text',
    // A row's data-id names the message; its copyable text's data-pre-plain-text is "[10:54, 01/12/2026] Alice: "
    // (the date's order follows the phone's locale, so the time is not read).
    message: {
      row: '#main [data-id]',
      id: (row) => row.getAttribute('data-id'),
      sender: (row) => /^\[[^\]]*\]\s*(.+?):\s*$/.exec(row.querySelector('[data-pre-plain-text]')?.getAttribute('data-pre-plain-text') ?? '')?.[1] ?? null,
    },
  });

  /**
   * Telegram Web K (web.telegram.org/k/). Messages are `.bubble[data-peer-id]` in `.bubbles-inner`; a peer id of 0
   * or more is a person, a negative one a group or channel, and `.bubbles-inner` has `is-broadcast` (or `is-channel`
   * without `is-chat`) in a channel.
   */
  const telegramK = Object.freeze({
    name: 'telegram-k',
    matches: (location) => hostIs(location, 'web.telegram.org') && location.pathname.startsWith('/k'),
    findMessageRoots: (document) => all(document, '.bubbles-inner'),
    contextFor(element) {
      const peer = Number(attributeUp(element, 'data-peer-id') ?? element?.ownerDocument?.querySelector('.bubble[data-peer-id]')?.getAttribute('data-peer-id'));
      if (!Number.isFinite(peer)) return 'unknown';
      if (peer >= 0) return 'direct';
      const inner = closest(element, '.bubbles-inner') ?? element?.ownerDocument?.querySelector('.bubbles-inner');
      const list = inner?.classList;
      if (list && (list.contains('is-broadcast') || (list.contains('is-channel') && !list.contains('is-chat')))) return 'feed';
      return 'group';
    },
    conversationKey: (document) => `${document.location?.hash ?? ''} ${document.querySelector('.bubble[data-peer-id]')?.getAttribute('data-peer-id') ?? ''}`,
    messageTextSelector: '.bubble .message',
    message: {
      row: '.bubble[data-mid]',
      id: (row) => row.getAttribute('data-mid'),
      sender: (row) => textOf(row, '.peer-title'),
      time: (row) => seconds(row.getAttribute('data-timestamp'), 's'),
    },
  });

  /**
   * Telegram Web A (web.telegram.org/a/). The chat id is the first part of the address's hash (`#-1001234567890`,
   * `#12345_thread`): a person's id is positive, a group's or channel's negative. A channel's `.MessageList` has no
   * avatars (`no-avatars`, or `is-channel` in older versions), a group's has them.
   */
  function telegramAChat(document) {
    const id = (document.location?.hash ?? '').slice(1).split('_')[0];
    return /^-?\d+$/.test(id) ? id : null;
  }
  const telegramA = Object.freeze({
    name: 'telegram-a',
    matches: (location) => hostIs(location, 'web.telegram.org') && location.pathname.startsWith('/a'),
    findMessageRoots: (document) => all(document, '.MessageList'),
    contextFor(element) {
      const document = element?.ownerDocument;
      const id = document ? telegramAChat(document) : null;
      if (!id) return 'unknown';
      if (!id.startsWith('-')) return 'direct';
      const list = (closest(element, '.MessageList') ?? document.querySelector('.MessageList'))?.classList;
      return list && (list.contains('no-avatars') || list.contains('is-channel')) ? 'feed' : 'group';
    },
    conversationKey: (document) => document.location?.hash ?? null,
    messageTextSelector: '.Message .text-content',
    message: { row: '.Message[data-message-id]', id: (row) => row.getAttribute('data-message-id'), sender: (row) => textOf(row, '.message-title-name, .sender-title') },
  });

  /**
   * Discord. Messages are `li[id^="chat-messages-"]` in `ol[data-list-id="chat-messages"]`, their text
   * `[id^="message-content-"]`. The address says the kind: `/channels/@me/<id>` is a direct message (group DMs
   * cannot be told from 1:1 DMs in the DOM: they count as direct), `/channels/<server>/<id>` a server channel (a
   * group), and an announcement channel (its entry in the channel list is labelled as one) a feed.
   */
  const discord = Object.freeze({
    name: 'discord',
    matches: (location) => hostIs(location, 'discord.com', 'ptb.discord.com', 'canary.discord.com'),
    findMessageRoots: (document) => all(document, 'ol[data-list-id="chat-messages"]'),
    contextFor(element) {
      const path = element?.ownerDocument?.location?.pathname ?? '';
      const m = /^\/channels\/([^/]+)\/(\d+)/.exec(path);
      if (!m) return 'unknown';
      if (m[1] === '@me') return 'direct';
      const entry = element.ownerDocument.querySelector(`a[data-list-item-id="channels___${m[2]}"], a[href="/channels/${m[1]}/${m[2]}"]`);
      return /announcement/i.test(entry?.getAttribute('aria-label') ?? '') ? 'feed' : 'group';
    },
    conversationKey: (document) => document.location?.pathname ?? null,
    messageTextSelector: '[id^="message-content-"]',
    message: {
      row: 'li[id^="chat-messages-"]',
      id: (row) => row.id,
      sender: (row) => textOf(row, '[id^="message-username-"]'),
      time: (row) => seconds(row.querySelector('time[datetime]')?.getAttribute('datetime')),
    },
  });

  /**
   * Slack (app.slack.com/client/<team>/<channel id>). The channel id's first letter says the kind: `D` a direct
   * message, `C` and `G` channels and multi-person conversations (groups). Message rows are
   * `[data-qa="message_container"]` in virtualised lists; message text `[data-qa="message-text"]`.
   */
  const slack = Object.freeze({
    name: 'slack',
    matches: (location) => hostIs(location, 'app.slack.com'),
    findMessageRoots: (document) => {
      const views = all(document, '.p-view_contents--primary, .p-view_contents--secondary, [data-qa="message_pane"]');
      return views.length ? views : document.body ? [document.body] : [];
    },
    contextFor(element) {
      const path = element?.ownerDocument?.location?.pathname ?? '';
      const m = /^\/client\/[^/]+\/([A-Z0-9]+)/.exec(path);
      if (!m) return 'unknown';
      if (m[1].startsWith('D')) return 'direct';
      if (m[1].startsWith('C') || m[1].startsWith('G')) return 'group';
      return 'unknown';
    },
    conversationKey: (document) => document.location?.pathname ?? null,
    messageTextSelector: '[data-qa="message-text"]',
    message: {
      row: '[data-qa="message_container"]',
      id: (row) => row.querySelector('[data-ts]')?.getAttribute('data-ts') ?? null,
      sender: (row) => textOf(row, '[data-qa="message_sender_name"]'),
      time: (row) => seconds(row.querySelector('[data-ts]')?.getAttribute('data-ts'), 's'),
    },
  });

  /**
   * Element (the Matrix web client; app.element.io, and self-hosted copies, found by `.mx_MatrixChat`). The timeline
   * is `ol.mx_RoomView_MessageList`, event bodies `.mx_EventTile_body`; the room is in the hash (`#/room/…`). Whether
   * a room is a direct chat is Matrix account data (`m.direct`), which Element shows by listing the room under
   * "People": the selected room in that list is direct, any other selected room a group. When the room list is not
   * shown, the context is unknown.
   */
  const element = Object.freeze({
    name: 'element',
    matches: (location, document) => hostIs(location, 'app.element.io', 'develop.element.io') || Boolean(document.querySelector('.mx_MatrixChat')),
    findMessageRoots: (document) => all(document, 'ol.mx_RoomView_MessageList'),
    contextFor(el) {
      const document = el?.ownerDocument;
      const selected = document?.querySelector('.mx_RoomTile_selected, .mx_RoomTile[aria-selected="true"]');
      if (!selected) return 'unknown';
      const sublist = closest(selected, '.mx_RoomSublist');
      const label = sublist?.getAttribute('aria-label') ?? '';
      return /^(people|direct messages?)$/i.test(label.trim()) ? 'direct' : 'group';
    },
    conversationKey: (document) => document.location?.hash ?? null,
    messageTextSelector: '.mx_EventTile_body',
    message: {
      row: '.mx_EventTile[data-event-id]',
      id: (row) => row.getAttribute('data-event-id'),
      sender: (row) => textOf(row, '.mx_DisambiguatedProfile_displayName'),
    },
  });

  const list = Object.freeze([wechat, whatsapp, telegramK, telegramA, discord, slack, element, converse, demo, local, generic]);
  ns.adapters = Object.freeze({
    all: list,
    generic,
    demo,
    converse,
    pick: (location, document) => list.find((adapter) => adapter.matches(location, document)) ?? generic,
  });
})();
