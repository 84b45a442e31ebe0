// The navigation guard: the service worker's enforcement point, under the content script's visible layer.
//
// Every top-level navigation that a protected page starts towards another site (a link, a form, a script, the
// context menu, a drag, an orphaned content script; in the same tab or a new one) is redirected by the browser,
// before its request leaves, to pages/guard.html#<the URL>. That page asks the worker (`guard` message), which
// decides afresh with the engine and answers: open (the page replaces itself with the URL, so the tab's history
// is as if it had gone there directly) or show the warning / block page.
//
// Mechanism (docs/open-paths.md has the evidence): declarativeNetRequest dynamic rules, one pair per protected
// site, in Chromium and Firefox alike.
//   - `initiatorDomains: [site host]`, `resourceTypes: ['main_frame']`, `regexFilter: ^(https?://.*)$`,
//     `excludedRequestDomains: [its registrable domain]` (the chat's own navigation is untouched), redirected
//     with `regexSubstitution` to the guard page;
//   - the same without the exclusion for URLs with userinfo (`http://taobao.com@chat.example/`), at a higher
//     priority.
// A redirect needs host access to the destination (Chrome ignores the rule silently without it, which would
// fail open), so while the user has withheld access to all sites the same rules `block` instead (fail closed),
// on the protected sites where linkgate may still run (a site the user took it off entirely is left alone, as they
// chose), and the popup says why.
//
// The guard decides with the chat context the content script recorded for that link in that tab (a hint sent
// on the person's own pointer, key or menu event on the link, used once), or `unknown` (decided as group). A page
// cannot set a hint: only linkgate's content script can message the worker.
import './browser.js';
import './facts.js';
import './messages.js';

const { browser, messages } = globalThis.linkgate;

/** The check page: where the guard's rules redirect, and the page the `guard` command comes from. */
export const GUARD_PAGE = messages.COMMAND_PAGES[messages.COMMANDS.GUARD];
const FIRST_RULE_ID = 1000; // the guard's dynamic rules are 1000 and up
const ALL_SITES = Object.freeze(['http://*/*', 'https://*/*']);

/** `http://127.0.0.1/*`, `https://*.example.com/*` -> the host a rule's initiatorDomains takes, or null. */
export function patternHost(pattern) {
  const m = /^(?:\*|https?):\/\/(\*\.)?([^/*:]+)(?::\d+)?\/.*$/.exec(pattern);
  return m ? m[2].toLowerCase() : null;
}

/**
 * The guard's rules for the protected hosts. `siteOf(host)` gives the registrable domain (the engine's Public
 * Suffix List answer) or the host itself for IP addresses and single-label names. `redirect` false: block rules.
 */
export function guardRules(hosts, siteOf, redirect) {
  const target = browser.getURL(GUARD_PAGE);
  const action = redirect ? { type: 'redirect', redirect: { regexSubstitution: `${target}#\\1` } } : { type: 'block' };
  const rules = [];
  [...new Set(hosts)].sort().forEach((host, i) => {
    rules.push({
      id: FIRST_RULE_ID + 2 * i,
      priority: 1,
      action,
      condition: { initiatorDomains: [host], excludedRequestDomains: [siteOf(host)], resourceTypes: ['main_frame'], regexFilter: '^(https?://.*)$' },
    });
    rules.push({
      id: FIRST_RULE_ID + 2 * i + 1,
      priority: 2,
      action,
      condition: { initiatorDomains: [host], resourceTypes: ['main_frame'], regexFilter: '^(https?://[^/?#]*@.*)$' },
    });
  });
  return rules;
}

/** True when the user lets linkgate act on every site (needed for the redirect; see above). */
export async function hasAllSites() {
  try {
    return await browser.permissions.contains([...ALL_SITES]);
  } catch {
    return false;
  }
}

const sameRules = (a, b) => JSON.stringify(a) === JSON.stringify(b);

let pending = Promise.resolve();
/**
 * Makes the dynamic rules exactly the guard's rules for `sites` ([{pattern, host}]; idempotent; calls run one after
 * another). Returns 'redirect' or 'block', the mode now in force.
 */
export function assertRules(sites, siteOf) {
  const run = pending.then(async () => {
    const redirect = await hasAllSites();
    const allowed = async ({ pattern }) => redirect || (await browser.permissions.contains([pattern]).catch(() => false));
    const hosts = [];
    for (const site of sites) if (await allowed(site)) hosts.push(site.host);
    const want = guardRules(hosts, siteOf, redirect);
    const have = (await browser.declarativeNetRequest.getDynamicRules()).filter((r) => r.id >= FIRST_RULE_ID);
    const norm = (rules) => rules.map(({ id, priority, action, condition }) => ({ id, priority, action, condition })).sort((x, y) => x.id - y.id);
    if (!sameRules(norm(have), norm(want))) {
      await browser.declarativeNetRequest.updateDynamicRules({ removeRuleIds: have.map((r) => r.id), addRules: want });
    }
    return redirect ? 'redirect' : 'block';
  });
  pending = run.catch(() => {});
  return run;
}

// --- hints: the context of a link the person is about to open, from the content script ---

const HINT_TTL_MS = 60 * 1000;
const HINTS_PER_TAB = 32;
const hints = new Map(); // tabId -> [{href, text, context, site, time}], newest last

/** Records that the person acted on a link (`href` as the browser resolved it) in a tab. */
export function addHint(tabId, hint) {
  const now = Date.now();
  const list = (hints.get(tabId) ?? []).filter((h) => now - h.time < HINT_TTL_MS && h.href !== hint.href);
  list.push({ ...hint, time: now });
  hints.set(tabId, list.slice(-HINTS_PER_TAB));
}

const withoutFragment = (url) => {
  const i = url.indexOf('#');
  return i < 0 ? url : url.slice(0, i);
};

/**
 * The newest fresh hint for `url` in the first of `tabIds` that has one (the guard page's own tab, then the tab
 * that opened it), removed so that it serves one navigation. The fragment is compared last: a browser may drop it.
 */
export function takeHint(url, tabIds) {
  const now = Date.now();
  for (const same of [(h) => h.href === url, (h) => withoutFragment(h.href) === withoutFragment(url)]) {
    for (const tabId of tabIds) {
      if (tabId === undefined || tabId === null) continue;
      const list = hints.get(tabId) ?? [];
      for (let i = list.length - 1; i >= 0; i--) {
        if (now - list[i].time < HINT_TTL_MS && same(list[i])) return list.splice(i, 1)[0];
      }
    }
  }
  return null;
}

// --- open links the person is pressing on go straight through ---
//
// The check page costs a process swap (about 200 ms in Chromium) before the request. For a link the engine opens,
// the person's own press on it (pointerdown, some 50-150 ms before the click), keyboard focus (before Enter), the
// context menu or a drag start is early enough to let its navigation through instead: a short-lived session
// `allow` rule for exactly that URL (any fragment) from that chat site, at a higher priority than the guard's
// redirect (new tabs included: the chat app's own "you are leaving" dialog may open it with window.open). A
// navigation that comes before its rule (a stopped worker) or with no such event (a page's script) takes the check
// page.

const ALLOW_FIRST_ID = 100000;
const ALLOW_SLOTS = 32;
const ALLOW_MS = 30 * 1000;
const MAX_ALLOW_URL = 2000; // longer URLs would make a regex DNR may refuse: they take the check page
let nextSlot = 0;

const escapeRegex = (s) => s.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');

/** The rule that lets a navigation to `url` from a page of `initiatorHost` through. */
export function allowRule(id, url, initiatorHost) {
  const condition = {
    regexFilter: `^${escapeRegex(withoutFragment(url))}(#.*)?$`,
    isUrlFilterCaseSensitive: true,
    initiatorDomains: [initiatorHost],
    resourceTypes: ['main_frame'],
  };
  return { id, priority: 3, action: { type: 'allow' }, condition };
}

/** Lets navigations to `url` (decided open) from `initiatorHost` skip the check page for ALLOW_MS; false if not. */
export async function allowBriefly(url, initiatorHost) {
  if (url.length > MAX_ALLOW_URL) return false;
  await staleCleared();
  const id = ALLOW_FIRST_ID + (nextSlot++ % ALLOW_SLOTS);
  try {
    await browser.declarativeNetRequest.updateSessionRules({ removeRuleIds: [id], addRules: [allowRule(id, url, initiatorHost)] });
  } catch {
    return false;
  }
  globalThis.setTimeout(() => browser.declarativeNetRequest.updateSessionRules({ removeRuleIds: [id] }).catch(() => {}), ALLOW_MS);
  return true;
}

/** Removes, once a worker start, the allow rules an earlier worker left (session rules outlive it, timers do not). */
let cleared = null;
export function staleCleared() {
  cleared ??= (async () => {
    const ids = (await browser.declarativeNetRequest.getSessionRules()).map((r) => r.id).filter((id) => id >= ALLOW_FIRST_ID && id < ALLOW_FIRST_ID + ALLOW_SLOTS);
    if (ids.length) await browser.declarativeNetRequest.updateSessionRules({ removeRuleIds: ids });
  })().catch(() => {});
  return cleared;
}

// --- how often a tab may have linkgate open a page for it ---

const BURST = 4;
const REFILL_MS = 1000;
const buckets = new Map(); // tabId -> {tokens, time}

/**
 * A token bucket per tab (4 at once, one more a second): linkgate opens warning pages and tabs only for the
 * person's own clicks, and never faster than a person clicks, whatever a page does.
 */
export function allowOpen(tabId) {
  const now = Date.now();
  const b = buckets.get(tabId) ?? { tokens: BURST, time: now };
  b.tokens = Math.min(BURST, b.tokens + (now - b.time) / REFILL_MS);
  b.time = now;
  buckets.set(tabId, b);
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

/** Forgets a closed tab's hints and bucket. */
export function forgetTab(tabId) {
  hints.delete(tabId);
  buckets.delete(tabId);
}

/**
 * Injects the content scripts again into every frame of the tabs already showing a protected page: after an
 * install, update or reload, the scripts the browser injected earlier are orphaned (they remove their own marks).
 */
export async function reinject(patterns, files) {
  const ids = await browser.tabIdsMatching(patterns).catch(() => []);
  await Promise.all(ids.map((id) => browser.scripting.executeScript(id, files, { allFrames: true }).catch(() => {})));
  return ids.length;
}
