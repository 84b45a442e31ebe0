// Translated strings, one way everywhere: `t(key, ...substitutions)` gives the message of extension/_locales/<lang>/
// messages.json with its placeholders filled (substitutions are made strings), or the key itself when the locale has
// no such message (tests/js/locales.test.mjs makes sure none is missing). In the extension (content scripts, service
// worker, pages, popup, options) the browser looks messages up (chrome.i18n through lib/browser.js): `linkgate.i18n.t`.
// Where there is no extension API (the demo site's playground, which shows the warning page as the extension does),
// `linkgate.i18n.over(messages)` gives the same `t` over a parsed messages.json, with chrome.i18n's substitution
// rules. `localize(root, t)` fills static markup (data-i18n attributes).
//
// A key is either written out where it is used (a string literal passed to `t`, a data-i18n attribute) or built by
// one of `keys` below from a value of a known set (a reason code, a preset id, a chat context...): KEY_SETS names
// each builder's set, and tests/js/locales.test.mjs builds every key of every set and checks both locales have
// exactly the keys the code uses. Nothing else builds a key.
//
// A classic script with no import/export and no chrome.* / browser.* (see lib/browser.js for why): the content
// scripts list it in the manifest, the guard page loads it with a script tag, and modules `import` it.
'use strict';
(() => {
  const ns = (globalThis.linkgate ??= {});
  if (ns.i18n) return;

  /** `lookup(key, substitutions)` -> the message, '' when there is none (chrome.i18n.getMessage's contract). */
  const translate = (lookup, key, subs) => lookup(key, subs.map(String)) || key;

  /**
   * chrome.i18n.getMessage's rules over a parsed messages.json: named placeholders (`$DOMAIN$`) map to their
   * `content` (`$1`, `$2`, ...), `$1`.. take the substitutions, `$$` is `$`. A missing key gives ''.
   */
  function lookupIn(messages) {
    return (key, subs) => {
      const entry = messages?.[key];
      if (!entry || typeof entry.message !== 'string') return '';
      const placeholders = entry.placeholders ?? {};
      const positional = (text) => text.replace(/\$(\d)/g, (_, n) => String(subs[Number(n) - 1] ?? ''));
      return entry.message
        .replace(/\$([A-Za-z0-9_@]+)\$/g, (m, name) => {
          const p = placeholders[name.toLowerCase()];
          return p ? positional(p.content) : m;
        })
        .replace(/\$\$/g, '$');
    };
  }

  /**
   * Fills static markup from the strings: `data-i18n` sets the text, `data-i18n-label` the aria-label,
   * `data-i18n-title` the title, `data-i18n-placeholder` the placeholder.
   */
  function localize(root, t) {
    for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
    for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
    for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  }

  const capitalized = (s) => s.slice(0, 1).toUpperCase() + s.slice(1);

  /** The message keys built at run time, one builder a pattern. */
  const keys = Object.freeze({
    /** A reason in plain words (the warning page). */
    reason: (code) => `reason_${code}`,
    /** A reason in a few words (badges, the options page's lists). */
    reasonShort: (code) => `reasonShort_${code}`,
    /** A rule's notice (`notice` of a Decision) on the warning page, and in a few words on the badge. */
    notice: (id) => `notice_${id}`,
    noticeShort: (id) => `noticeShort_${id}`,
    /** A preset's name and its one sentence. */
    presetName: (id) => `preset_${id.replace(/-/g, '_')}_name`,
    presetDesc: (id) => `preset_${id.replace(/-/g, '_')}_desc`,
    /** A chat context as the options page names it, and as the warning page's "Shared in" fact. */
    contextName: (context) => `ctx_${context}`,
    contextFact: (context) => `context_${context}`,
    /** The warning page's "Always open <app> links in <context> chats". */
    optIn: (context) => `optIn_${context}`,
    /** The matrix column of a context (options.html names them too). */
    column: (context) => `col${capitalized(context)}`,
    /** open / ask first / block. */
    action: (action) => `action_${action}`,
    /** A platform's category (the matrix). */
    category: (category) => `category_${category}`,
    /** Why a link folded (a fold's kind), as the folded line's tooltip says it. */
    foldWhy: (kind) => `foldWhy_${kind}`,
    /** A conversation's folding choice (the popup's menu). */
    chatFolding: (choice) => `chatFolding_${choice}`,
    /** A fold kind in a word or two (the options page's folding cells). */
    foldKindShort: (kind) => `foldKindShort_${kind}`,
    /** A person's folding choice for an app in a context (the options page). */
    foldChoice: (choice) => `foldChoice_${choice}`,
    /** Why an import was refused: lib/settings.js IMPORT_ERRORS are message keys themselves. */
    importError: (error) => error,
    /** Why a short link's resolution stopped (the engine's ResolveError codes). */
    resolveError: (code) => `resolveError_${code}`,
    /** What the resolved destination's decision is, with its app (the warning page). */
    resolveVerdict: (action) => `resolveVerdict_${action}`,
  });

  /**
   * The set each builder's argument comes from: the engine's (the module's reasonCodes(), the notices of its
   * presets' engines, presets(), the categories of platforms()) or the extension's (lib/messages.js CONTEXTS,
   * lib/choices.js OPT_IN_CONTEXTS, lib/settings.js ACTIONS and IMPORT_ERRORS), and the module's foldKinds() and chatFoldings().
   */
  const KEY_SETS = Object.freeze({
    reason: 'reasonCodes',
    reasonShort: 'reasonCodes',
    notice: 'notices',
    noticeShort: 'notices',
    presetName: 'presets',
    presetDesc: 'presets',
    contextName: 'contexts',
    contextFact: 'contexts',
    optIn: 'optInContexts',
    column: 'optInContexts',
    action: 'actions',
    category: 'categories',
    importError: 'importErrors',
    foldWhy: 'foldKinds',
    foldKindShort: 'foldKinds',
    foldChoice: 'foldChoices',
    chatFolding: 'chatFoldings',
    resolveError: 'resolveErrors',
    resolveVerdict: 'actions',
  });

  /** `key` or `key\0sub\0sub...` -> the message (`t`); emptied when it reaches CACHE_MAX strings. */
  const cache = new Map();
  const CACHE_MAX = 1000;

  ns.i18n = Object.freeze({
    /**
     * In the extension: the browser's messages (chrome.i18n through lib/browser.js, which must be loaded). The
     * messages cannot change while the extension runs, so each string is looked up once: a chat with thousands of
     * folded lines asks for the same few (chrome.i18n.getMessage asks the browser's language every call).
     */
    t: (key, ...subs) => {
      const id = subs.length ? `${key}\u0000${subs.join('\u0000')}` : key;
      let text = cache.get(id);
      if (text === undefined) {
        if (cache.size >= CACHE_MAX) cache.clear();
        text = translate(ns.browser.message, key, subs);
        cache.set(id, text);
      }
      return text;
    },
    /** Without the extension API: the same `t` over a parsed `_locales/<lang>/messages.json`. */
    over(messages) {
      const lookup = lookupIn(messages);
      return (key, ...subs) => translate(lookup, key, subs);
    },
    localize,
    /** linkgate's UI language (`en` | `zh_CN`) as an HTML lang attribute and an Intl locale. */
    htmlLang: (lang) => (lang === 'zh_CN' ? 'zh-CN' : 'en'),
    keys,
    KEY_SETS,
  });
})();
