// Runs in the page's own JavaScript world (manifest "world": "MAIN", Chrome 111+, Firefox 128+), before the page's
// scripts. It wraps window.open so a page that opens links from its own JavaScript still goes through linkgate:
// the URL is handed to linkgate's isolated content script with a synchronous, cancelable DOM event whose detail is
// a JSON string (objects do not cross worlds). If the content script cancels the event (the link is to be warned
// or blocked: it then shows the interstitial), window.open returns null, as it does when a popup is blocked.
// This file has no access to the extension; it decides nothing.
(() => {
  'use strict';
  const EVENT = 'linkgate:window-open';
  const original = window.open;
  if (typeof original !== 'function' || original.linkgateWrapped) return;
  const dispatch = EventTarget.prototype.dispatchEvent;
  const stringify = JSON.stringify;
  const CustomEventCtor = window.CustomEvent;

  function open(url, target, _features) {
    if (url !== undefined && url !== null && String(url) !== '' && String(url) !== 'about:blank') {
      const detail = stringify({ url: String(url), target: target === undefined ? null : String(target) });
      const event = new CustomEventCtor(EVENT, { detail, cancelable: true });
      const allowed = dispatch.call(document, event);
      if (!allowed) return null;
    }
    return Reflect.apply(original, this, arguments);
  }
  Object.defineProperty(open, 'linkgateWrapped', { value: true });
  Object.defineProperty(open, 'name', { value: 'open' });
  Object.defineProperty(open, 'length', { value: 0 });
  window.open = open;
})();
