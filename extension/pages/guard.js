// The navigation guard's check page (see lib/guard.js). The guard rule redirected a navigation here with the URL
// after '#', exactly as the browser was about to request it. This page decides nothing: it asks the service
// worker, which decides afresh with the engine, and replaces itself (no history entry of its own) with what the
// worker answers: the same http(s) URL, or the warning or block page. A web page can open this page with any URL
// after '#'; it then gets exactly what the guard would have done with that URL, never a non-http(s) URL and never
// another URL than the one given.
//
// Until the worker answers the page shows nothing (a started worker answers in a few milliseconds); after 400 ms it
// says it is checking; if the worker cannot answer it says so, with the URL as text and no way to continue.
// A classic script (see guard.html), after lib/browser.js, lib/i18n.js and lib/messages.js (the `guard` command).
'use strict';
(() => {
  const { browser, i18n, messages } = globalThis.linkgate;
  const { t } = i18n;
  const url = location.hash.slice(1);
  const root = () => document.getElementById('root');
  const lang = i18n.htmlLang(browser.uiLang());

  const isHttp = (href) => {
    try {
      const { protocol } = new URL(href);
      return protocol === 'http:' || protocol === 'https:';
    } catch {
      return false;
    }
  };
  const isOurs = (href) => href.startsWith(browser.getURL('pages/interstitial.html#'));

  /** Shows `heading` (and, when the check failed, the URL as text and Go back). */
  function say(heading, { failed = false } = {}) {
    document.documentElement.lang = lang;
    for (const href of ['ui.css', 'interstitial.css']) {
      if (document.querySelector(`link[href="${href}"]`)) continue;
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = href;
      document.head.append(link);
    }
    root().className = 'interstitial warn';
    const h1 = document.createElement('h1');
    h1.id = 'heading';
    h1.textContent = heading;
    const parts = [h1];
    if (failed) {
      const shown = document.createElement('p');
      shown.className = 'url';
      shown.dataset.field = 'url';
      shown.textContent = url;
      const back = document.createElement('button');
      back.type = 'button';
      back.className = 'primary';
      back.dataset.action = 'back';
      back.textContent = t('buttonBack');
      back.addEventListener('click', () => (history.length > 1 ? history.back() : window.close()));
      const actions = document.createElement('div');
      actions.className = 'actions';
      actions.append(back);
      parts.push(shown, actions);
      queueMicrotask(() => back.focus());
    }
    root().replaceChildren(...parts);
  }

  async function main() {
    const slow = setTimeout(() => say(t('guardChecking')), 400);
    let reply;
    try {
      reply = await Promise.race([
        browser.sendMessage({ type: messages.COMMANDS.GUARD, url }),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 15000)),
      ]);
    } catch {
      reply = null;
    }
    clearTimeout(slow);
    const next = reply?.type === 'guarded' && typeof reply.url === 'string' ? reply.url : null;
    // Only the URL this page was given (http or https), or linkgate's own warning page.
    if (next && ((reply.action === 'open' && next === url && isHttp(next)) || (reply.action !== 'open' && isOurs(next)))) {
      location.replace(next);
      return;
    }
    document.title = t('pageTitleWarn');
    say(t('guardFailed'), { failed: true });
  }

  main();
})();
