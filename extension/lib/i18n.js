// Translated strings, one way everywhere: `t(key, ...substitutions)` gives the message of extension/_locales/<lang>/
// messages.json with its placeholders filled (substitutions are made strings), or the key itself when the locale has
// no such message (tests/js/locales.test.mjs makes sure none is missing). In the extension (content scripts, service
// worker, pages, popup, options) the browser looks messages up (chrome.i18n through lib/browser.js): `linkgate.i18n.t`.
// Where there is no extension API (the demo site's playground, which shows the warning page as the extension does),
// `linkgate.i18n.over(messages)` gives the same `t` over a parsed messages.json, with chrome.i18n's substitution
// rules. `localize(root, t)` fills static markup (data-i18n attributes).
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

  ns.i18n = Object.freeze({
    /** In the extension: the browser's messages (chrome.i18n through lib/browser.js, which must be loaded). */
    t: (key, ...subs) => translate(ns.browser.message, key, subs),
    /** Without the extension API: the same `t` over a parsed `_locales/<lang>/messages.json`. */
    over(messages) {
      const lookup = lookupIn(messages);
      return (key, ...subs) => translate(lookup, key, subs);
    },
    localize,
    /** linkgate's UI language (`en` | `zh_CN`) as an HTML lang attribute and an Intl locale. */
    htmlLang: (lang) => (lang === 'zh_CN' ? 'zh-CN' : 'en'),
  });
})();
