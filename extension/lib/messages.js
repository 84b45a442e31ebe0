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
//   {type: 'fold', conversation: string, replay: string, messages: [{key, sender: string|null, time: number|null, text, context, links: [{href, text: string|null}]}]}
//       -> {type: 'folds', folding, results: [{key, folds: [null | {kind, ruleId, platform, category}], shown: boolean}]}
//       (the messages of one conversation in the page's order; `replay` names this pass over the conversation: a new
//       one starts its fold state afresh, see content/folding.js)
//   {type: 'fold-chat', conversation, folding: 'auto' | 'never' | 'all'}                   -> {type: 'ok'}
//   {type: 'fold-show', conversation, key, shown: boolean}                                 -> {type: 'ok'}
//       (the person's "never fold in this chat" / "fold this chat's links", and "Show" / "Fold" on one message)
//   {type: 'intent', href: string, text: string|null, context, disposition: disposition|null, opened: boolean}
//       -> {type: 'ok'}  (the person pressed, focused, clicked, opened the menu of or dragged a link: the navigation
//       guard's hint; `disposition` where the event says the link will open, or null; `opened`: a click, which
//       goes into the decision history)
//   {type: 'show-interstitial', href: string, text: string|null, context, disposition}       -> {type: 'shown', action}
//   {type: 'resolve-link', href: string, context, auto: boolean}  "Where to?" beside a short link's badge: on a
//       trusted click, or (auto) by itself where the person's autoResolve setting says so
//       -> {type: 'resolved', destination, action, platform} | {type: 'resolved', error: {code, message}}
// linkgate's own pages -> worker: commands, one closed set (COMMANDS below; Chromium's SecurityInterstitialCommand
// is the model), each a message type with its fields: {type: 'guard', url}, {type: 'proceed', record}, ... The page
// shows and asks, the worker decides and acts, and refuses (with an error reply) an unknown command, a command from
// another page than its own, or one the record does not offer.
// Worker -> content script
//   {type: 'settings-changed'}
// Popup -> content script
//   {type: 'get-stats'}  -> {type: 'stats', origin, checked, warned, blocked, codes, folded, folding: string|null, pausedUntil: number|null}
//   {type: 'set-chat-folding', folding}  -> {type: 'ok'}  (the open conversation's folding; `folding` null in stats: none open)
// `context` is 'direct' | 'group' | 'feed' | 'unknown'; `disposition` is 'current' | 'new-tab' | 'background-tab'.
// A classic script (see lib/browser.js for why).
'use strict';
(() => {
  const ns = (globalThis.linkgate ??= {});
  if (ns.messages) return;
  if (!ns.facts) throw new Error('linkgate: lib/facts.js must be loaded before lib/messages.js');

  // The engine's contexts (lib/facts.js, loaded first), and `unknown`: a page that cannot tell, decided as group.
  const CONTEXTS = Object.freeze([...ns.facts.CONTEXTS, 'unknown']);
  const DISPOSITIONS = Object.freeze(['current', 'new-tab', 'background-tab']);
  const MAX_BATCH = 2000;
  const MAX_URL = 65536;
  const MAX_TEXT = 4096;
  const MAX_FOLD_MESSAGES = 200; // messages a fold request carries
  const MAX_MESSAGE_LINKS = 50; // links of one message that fold (the rest show)
  const MAX_KEY = 512; // a conversation's or a message's key
  const MAX_SENDER = 256;
  const MAX_NAVIGATION_URL = 2 * 1024 * 1024; // Chromium's own limit on a URL it navigates to

  const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
  const isString = (v, max) => typeof v === 'string' && v.length <= max;
  const hasOnly = (o, required, optional = []) =>
    required.every((k) => Object.hasOwn(o, k)) && Object.keys(o).every((k) => required.includes(k) || optional.includes(k));
  const isContext = (v) => CONTEXTS.includes(v);
  const isKey = (v) => isString(v, MAX_KEY) && v !== '';
  const isFolding = (v) => ns.facts.CHAT_FOLDINGS.includes(v);
  const isFoldMessage = (m) =>
    isObject(m) &&
    hasOnly(m, ['key', 'sender', 'time', 'text', 'context', 'links']) &&
    isKey(m.key) &&
    (m.sender === null || isString(m.sender, MAX_SENDER)) &&
    (m.time === null || (Number.isFinite(m.time) && m.time >= 0 && m.time < 1e13)) &&
    isString(m.text, MAX_TEXT) &&
    isContext(m.context) &&
    Array.isArray(m.links) &&
    m.links.length >= 1 &&
    m.links.length <= MAX_MESSAGE_LINKS &&
    m.links.every((l) => isObject(l) && hasOnly(l, ['href', 'text']) && isString(l.href, MAX_URL) && isTextOrNull(l.text));
  const CONTEXT_LETTERS = /^[dgfu]*$/;
  const isJoinable = (v, max) => isString(v, max) && !v.includes('\0');
  const isTextOrNull = (v) => v === null || isString(v, MAX_TEXT);
  /** One link of a classify batch that the engine may see as is (otherwise it is decided as the empty link). */
  const isLinkHref = (v) => isJoinable(v, MAX_URL);
  const isLinkText = (v) => v === null || isJoinable(v, MAX_TEXT);

  /**
   * What linkgate's pages may ask the worker (`{type: command, ...fields}`), by name: its fields and the reply; the
   * page that may send each is in COMMAND_PAGES (its path in the extension). The warning page's commands name its
   * record (`record`: the id after its '#') and the worker checks each against what the record offers
   * (lib/choices.js). The warning page's
   * Go back and Copy link are no commands: they act on the page's own history and clipboard, which the worker cannot
   * reach (and the check page's Go back must work exactly when the worker does not answer).
   */
  const COMMANDS = Object.freeze({
    /** The check page: what to do with the navigation the guard stopped. {url} -> {type: 'guarded', action, url} */
    GUARD: 'guard',
    /** Continue. {record} -> {type: 'proceed', url} (the http(s) URL to replace the page with) */
    PROCEED: 'proceed',
    /** "Always open <app> links in <context> chats": the opt-in, then Continue. {record} -> {type: 'proceed', url} */
    OPT_IN: 'opt-in',
    /** "Trust <domain>": the trusted domain, then Continue. {record} -> {type: 'proceed', url} */
    TRUST: 'trust',
    /** "Report this link" / "Report a mistake": kept in storage.local.reports. {record} -> {type: 'reported'} */
    REPORT: 'report',
    /** The popup's "Pause on this site" until a time (ms since the epoch). {origin, until} -> {type: 'paused', until} */
    PAUSE: 'pause',
    /** The popup's "Resume now". {origin} -> {type: 'paused', until: null} */
    RESUME: 'resume',
    /**
     * "Where does it go?": the worker follows the record's short link (docs/short-links.md) and keeps the result in
     * the record. {record} -> {type: 'resolved', resolution: {hops, destination, decision} | {hops, error}}
     */
    RESOLVE: 'resolve',
    /** "Continue to the destination": the resolved destination, if its decision lets it open. {record} -> {type: 'proceed', url} */
    PROCEED_DESTINATION: 'proceed-destination',
  });
  const COMMAND_NAMES = Object.freeze(Object.values(COMMANDS));
  const INTERSTITIAL = 'pages/interstitial.html';
  const POPUP = 'popup/popup.html';
  /** The page each command comes from. */
  const COMMAND_PAGES = Object.freeze({
    [COMMANDS.GUARD]: 'pages/guard.html',
    [COMMANDS.PROCEED]: INTERSTITIAL,
    [COMMANDS.OPT_IN]: INTERSTITIAL,
    [COMMANDS.TRUST]: INTERSTITIAL,
    [COMMANDS.REPORT]: INTERSTITIAL,
    [COMMANDS.PAUSE]: POPUP,
    [COMMANDS.RESUME]: POPUP,
    [COMMANDS.RESOLVE]: INTERSTITIAL,
    [COMMANDS.PROCEED_DESTINATION]: INTERSTITIAL,
  });
  const MAX_PAUSE_MS = 24 * 60 * 60 * 1000; // a day at most (the popup offers up to 8 hours)
  const isRecord = (v) => isString(v, 64) && v !== '';
  const isOrigin = (v) => {
    if (!isString(v, 2048)) return false;
    try {
      const url = new URL(v);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === v;
    } catch {
      return false;
    }
  };
  const onRecord = (m) => hasOnly(m, ['type', 'record']) && isRecord(m.record);
  const commandShapes = {
    [COMMANDS.GUARD]: (m) => hasOnly(m, ['type', 'url']) && isString(m.url, MAX_NAVIGATION_URL),
    [COMMANDS.PROCEED]: onRecord,
    [COMMANDS.OPT_IN]: onRecord,
    [COMMANDS.TRUST]: onRecord,
    [COMMANDS.REPORT]: onRecord,
    [COMMANDS.PAUSE]: (m) => hasOnly(m, ['type', 'origin', 'until']) && isOrigin(m.origin) && Number.isFinite(m.until) && m.until > 0 && m.until - Date.now() <= MAX_PAUSE_MS,
    [COMMANDS.RESUME]: (m) => hasOnly(m, ['type', 'origin']) && isOrigin(m.origin),
    [COMMANDS.RESOLVE]: onRecord,
    [COMMANDS.PROCEED_DESTINATION]: onRecord,
  };

  const shapes = {
    ...commandShapes,
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
    fold: (m) =>
      hasOnly(m, ['type', 'conversation', 'replay', 'messages']) &&
      isKey(m.conversation) &&
      isString(m.replay, 64) &&
      m.replay !== '' &&
      Array.isArray(m.messages) &&
      m.messages.length <= MAX_FOLD_MESSAGES &&
      m.messages.every(isFoldMessage),
    'fold-chat': (m) => hasOnly(m, ['type', 'conversation', 'folding']) && isKey(m.conversation) && isFolding(m.folding),
    'fold-show': (m) => hasOnly(m, ['type', 'conversation', 'key', 'shown']) && isKey(m.conversation) && isKey(m.key) && typeof m.shown === 'boolean',
    'set-chat-folding': (m) => hasOnly(m, ['type', 'folding']) && isFolding(m.folding),
    'resolve-link': (m) => hasOnly(m, ['type', 'href', 'context', 'auto']) && isString(m.href, MAX_URL) && isContext(m.context) && typeof m.auto === 'boolean',
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
    'settings-changed': (m) => hasOnly(m, ['type']),
    'get-stats': (m) => hasOnly(m, ['type']),
  };

  /** Why `message` is refused (a sentence for the sender), or null when it is one of the shapes above. */
  function refusal(message) {
    if (!isObject(message) || typeof message.type !== 'string') return 'not a message (an object with a string `type`)';
    const { type } = message;
    if (!Object.hasOwn(shapes, type)) return `unknown command ${JSON.stringify(type.slice(0, 40))} (commands: ${COMMAND_NAMES.join(', ')})`;
    if (shapes[type](message)) return null;
    return `${COMMAND_NAMES.includes(type) ? 'the command' : 'a message of type'} ${JSON.stringify(type)} has missing, extra or malformed fields`;
  }

  /** True when `message` is one of the shapes above. */
  function validate(message) {
    return refusal(message) === null;
  }

  ns.messages = Object.freeze({
    CONTEXTS,
    DISPOSITIONS,
    MAX_BATCH,
    MAX_FOLD_MESSAGES,
    MAX_MESSAGE_LINKS,
    MAX_KEY,
    MAX_SENDER,
    MAX_TEXT,
    MAX_URL,
    COMMANDS,
    COMMAND_NAMES,
    COMMAND_PAGES,
    isLinkHref,
    isLinkText,
    refusal,
    validate,
  });
})();
