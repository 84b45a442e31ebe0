// The only file that touches chrome.* / browser.* (uBlock Origin's vAPI idea): everything else calls
// globalThis.linkgate.browser. A classic script with no import/export, so the content scripts can list it in the
// manifest and the service worker and extension pages can `import './lib/browser.js'` it as a module.
//
// All functions return promises (Chrome MV3 and Firefox both return promises from the extension APIs).
'use strict';
(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const ns = (globalThis.linkgate ??= {});
  if (ns.browser) return;

  /** Sends one message to the extension (the service worker), waking it if it was stopped. */
  async function sendMessage(message) {
    return api.runtime.sendMessage(message);
  }

  /**
   * Listens for messages. `handler(message, sender)` may return a value or a promise; its result is the reply.
   * A handler that returns `undefined` synchronously does not answer (another listener may).
   */
  function onMessage(handler) {
    api.runtime.onMessage.addListener((message, sender, sendResponse) => {
      let result;
      try {
        result = handler(message, sender);
      } catch (error) {
        sendResponse({ type: 'error', message: String(error?.message ?? error) });
        return false;
      }
      if (result === undefined) return false;
      Promise.resolve(result).then(
        (value) => sendResponse(value),
        (error) => sendResponse({ type: 'error', message: String(error?.message ?? error) }),
      );
      return true;
    });
  }

  const area = (name) => ({
    get: (keys) => api.storage[name].get(keys ?? null),
    set: (items) => api.storage[name].set(items),
    remove: (keys) => api.storage[name].remove(keys),
  });

  ns.browser = Object.freeze({
    id: api.runtime.id,
    /**
     * False once the extension was reloaded, updated or removed while this script kept running (an orphaned content
     * script: its DOM listeners still fire, but `runtime.id` is gone and every call throws).
     */
    alive: () => {
      try {
        return Boolean(api.runtime?.id);
      } catch {
        return false;
      }
    },
    manifest: () => api.runtime.getManifest(),
    /** `listener({reason, previousVersion})` on install, update and reload; `onStartup` when the profile starts. */
    onInstalled: (listener) => api.runtime.onInstalled.addListener(listener),
    onStartup: (listener) => api.runtime.onStartup.addListener(listener),
    getURL: (path) => api.runtime.getURL(path),
    sendMessage,
    onMessage,
    /** `listener(changes, areaName)` for storage.sync / local / session. */
    onStorageChanged: (listener) => api.storage.onChanged.addListener(listener),
    storage: Object.freeze({
      sync: area('sync'),
      local: area('local'),
      session: area('session'),
      /** What an administrator set (read-only); rejects where the browser has no managed storage for us. */
      managed: Object.freeze({ get: (keys) => api.storage.managed.get(keys ?? null) }),
    }),
    openOptionsPage: () => api.runtime.openOptionsPage(),
    /** The active tab of the current window (with `activeTab`, its URL too, once the user opened the popup). */
    activeTab: async () => (await api.tabs.query({ active: true, currentWindow: true }))[0] ?? null,
    permissions: Object.freeze({
      request: (origins) => api.permissions.request({ origins }),
      contains: (origins) => api.permissions.contains({ origins }),
      remove: (origins) => api.permissions.remove({ origins }),
      /** `listener()` when the user grants a permission (site access included); onRemoved when they withdraw one. */
      onAdded: (listener) => api.permissions.onAdded.addListener(listener),
      onRemoved: (listener) => api.permissions.onRemoved.addListener(listener),
    }),
    /** One alarm by name (it wakes the worker at `when`, ms since the epoch); `onAlarm(listener(name))`. */
    webRequest: Object.freeze({
      /**
       * Observes the headers of responses (`filter`: {urls, tabId}); returns the function that stops. Non-blocking
       * (MV3): linkgate reads its own requests' redirects with it (lib/resolve.js). Throws without the permission.
       */
      onHeadersReceived: (listener, filter, extra) => {
        api.webRequest.onHeadersReceived.addListener(listener, filter, extra);
        return () => api.webRequest.onHeadersReceived.removeListener(listener);
      },
    }),
    alarms: Object.freeze({
      create: (name, when) => api.alarms.create(name, { when }),
      clear: (name) => api.alarms.clear(name),
      onAlarm: (listener) => api.alarms.onAlarm.addListener((alarm) => listener(alarm.name)),
    }),
    /** The navigation guard's redirect rules (declarativeNetRequest dynamic rules, kept across restarts). */
    declarativeNetRequest: Object.freeze({
      getDynamicRules: () => api.declarativeNetRequest.getDynamicRules(),
      updateDynamicRules: (options) => api.declarativeNetRequest.updateDynamicRules(options),
      getSessionRules: () => api.declarativeNetRequest.getSessionRules(),
      updateSessionRules: (options) => api.declarativeNetRequest.updateSessionRules(options),
    }),
    // Named as the browser APIs they call (web-ext lint checks the names).
    scripting: Object.freeze({
      registerContentScripts: (scripts) => api.scripting.registerContentScripts(scripts),
      unregisterContentScripts: (ids) => api.scripting.unregisterContentScripts({ ids }),
      getRegisteredContentScripts: () => api.scripting.getRegisteredContentScripts(),
      executeScript: (tabId, files, { allFrames = false } = {}) => api.scripting.executeScript({ target: { tabId, allFrames }, files }),
    }),
    /** chrome.i18n.getMessage; substitutions are strings. */
    message: (key, substitutions) => api.i18n.getMessage(key, substitutions),
    uiLanguage: () => api.i18n.getUILanguage(),
    /** The UI language linkgate shows: `zh_CN` for any Chinese browser language, else `en` (one rule, every page). */
    uiLang: () => (String(api.i18n.getUILanguage() || globalThis.navigator?.language).toLowerCase().startsWith('zh') ? 'zh_CN' : 'en'),
    /** Ids of all tabs (no URLs: that would need the "tabs" permission). */
    allTabIds: async () => (await api.tabs.query({})).map((tab) => tab.id),
    /** Ids of the tabs showing a page that matches one of `patterns` (match patterns; needs host access to them). */
    tabIdsMatching: async (patterns) => (patterns.length ? (await api.tabs.query({ url: patterns })).map((tab) => tab.id) : []),
    /** `listener(tabId)` when a tab closes. */
    onTabRemoved: (listener) => api.tabs.onRemoved.addListener(listener),
    tabs: Object.freeze({
      // None of these need the "tabs" permission: they act on tab ids and our own extension pages.
      update: (tabId, props) => api.tabs.update(tabId, props),
      create: (props) => api.tabs.create(props),
      remove: (tabId) => api.tabs.remove(tabId),
      getCurrent: () => api.tabs.getCurrent(),
      sendMessage: (tabId, message) => api.tabs.sendMessage(tabId, message),
    }),
  });
})();
