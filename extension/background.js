// The service worker: the only place the wasm engine runs (content scripts cannot compile wasm under strict page
// CSPs), and the enforcement point: its navigation guard (lib/guard.js) stops every navigation a protected page
// starts towards another site until the engine has decided, whatever started it. It may be stopped and restarted
// at any time, so every listener is registered synchronously at the top level, the engine is built lazily on first
// need, and nothing lives only in globals: settings are in storage.sync and storage.managed, custom rules, reports
// and the decision history in storage.local, interstitial records in storage.session (see lib/settings.js), the
// guard's rules in declarativeNetRequest's dynamic rules. Only the guard's hints (a few seconds' worth) are kept in
// memory; a restart loses them, and the guard then decides as for an unknown context (the stricter group).
import './lib/browser.js';
import './lib/facts.js';
import './lib/messages.js';
import { ENGINE_KEYS, HISTORY_MAX, RECORD_PREFIX, effectiveSettings, readManaged } from './lib/settings.js';
import { CONTENT_JS, protectedPatterns } from './lib/sites.js';
import { GUARD_PAGE, addHint, allowBriefly, allowOpen, assertRules, forgetTab, patternHost, reinject, staleCleared, takeHint } from './lib/guard.js';
import { utf8 } from './lib/utf8.js';
import { commandDispatcher } from './lib/commands.js';
import { fold, foldChat, foldShow, forgetFoldTab } from './lib/folds.js';
import { resolveShortLink } from './lib/resolve.js';
import init, { WasmEngine, platforms, reasonClasses, reasonCodes, riskReasonMask } from './pkg/linkgate.js';

const { browser, messages } = globalThis.linkgate;

const RECORD_TTL_MS = 6 * 60 * 60 * 1000;
const GUARD_ALARM = 'guard-pause-ends'; // wakes the worker when a pause ends, to guard that site again

let wasmReady = null; // Promise<void>
let enginePromise = null; // Promise<WasmEngine>; a cache of what storage says, rebuilt on change
let lastGoodEngine = null;
let generation = 0; // each build's number: only the newest may record its outcome (builds can overlap)
let tables = null; // the catalogue and the reason codes, the same for every engine of this module

let wasmExports = null;
// When the worker started its script, compiled the module and built its first engine (performance.now(), ms since
// the worker started): for the benchmark's cold-start split.
const startup = { script: performance.now(), wasm: null, engine: null, engineBuild: null };
function initWasm() {
  wasmReady ??= init({ module_or_path: browser.getURL('pkg/linkgate_bg.wasm') }).then(
    (exports) => {
      wasmExports = exports;
      startup.wasm ??= performance.now();
    },
    (error) => {
      wasmReady = null;
      throw error;
    },
  );
  return wasmReady;
}

/** For the benchmark (benches/chromium.mjs reads it through DevTools): the wasm module's linear memory, startup. */
globalThis.linkgate.workerStats = () => ({ wasmMemoryBytes: wasmExports?.memory?.buffer.byteLength ?? 0, startup });

function errorText(error) {
  return String(error?.display ?? error?.message ?? error);
}

/**
 * Builds an engine from storage: the user's settings combined with an administrator's (lib/settings.js), the
 * administrator's rules before the user's. Corrupt settings or rules never crash the worker: the last good engine is
 * kept (or rebuilt from the last good settings saved in storage.local, or the defaults), and the error is recorded
 * in storage.local `engineError` for the options page.
 */
async function buildEngine() {
  const mine = ++generation;
  const newest = () => mine === generation;
  // The module compiles while storage is read.
  const [, sync, local, managed] = await Promise.all([
    initWasm(),
    browser.storage.sync.get(ENGINE_KEYS),
    browser.storage.local.get(['customRules', 'lastGoodSettings', 'engineError']),
    readManaged(() => {
      // The administrator's settings came after the build started without them: build again.
      enginePromise = null;
      getEngine()
        .then(broadcastSettingsChanged)
        .catch(() => {});
    }),
  ]);
  const settingsJson = JSON.stringify(effectiveSettings(sync, managed));
  const text = (v) => (v === undefined || v === null ? null : typeof v === 'string' ? v : JSON.stringify(v));
  const rules = text(local.customRules);
  const managedRules = managed.customRules ?? null;
  try {
    const built = performance.now();
    const engine = new WasmEngine(settingsJson, rules, managedRules);
    startup.engineBuild ??= performance.now() - built;
    startup.engine ??= performance.now();
    // A build that read older settings must not record them as the last good ones or clear a newer error.
    if (!newest()) return engine;
    lastGoodEngine = engine;
    // Recorded without holding up the first decisions; written only when they changed.
    const good = local.lastGoodSettings;
    if (good?.settings !== settingsJson || good?.rules !== rules || (good?.managedRules ?? null) !== managedRules) {
      browser.storage.local.set({ lastGoodSettings: { settings: settingsJson, rules, managedRules } }).catch(() => {});
    }
    if (local.engineError) browser.storage.local.remove('engineError').catch(() => {});
    return engine;
  } catch (error) {
    if (newest()) await browser.storage.local.set({ engineError: { time: Date.now(), message: errorText(error) } });
    if (lastGoodEngine) return lastGoodEngine;
    const good = local.lastGoodSettings;
    if (good) {
      try {
        return (lastGoodEngine = new WasmEngine(good.settings, good.rules, good.managedRules ?? null));
      } catch {
        // fall through to the defaults
      }
    }
    return (lastGoodEngine = new WasmEngine(null, null, null));
  }
}

function getEngine() {
  enginePromise ??= buildEngine().catch((error) => {
    enginePromise = null;
    throw error;
  });
  return enginePromise;
}

/**
 * The guard's rules for the protected sites as they are now (manifest + the user's), each site excluded for its
 * own registrable domain as the engine's Public Suffix List gives it.
 */
async function guardSites() {
  const engine = await getEngine();
  // A site the user paused ("Pause on this site": its links open without any check) has no guard until the pause
  // ends; an alarm wakes the worker then. Rules name hosts, so a pause covers every port of its host.
  const { paused } = await browser.storage.local.get('paused');
  const now = Date.now();
  const pauses = Object.entries(paused && typeof paused === 'object' ? paused : {}).filter(([, until]) => Number(until) > now);
  const pausedHosts = new Set(pauses.map(([origin]) => patternHost(`${origin}/*`)));
  const sites = (await protectedPatterns()).map((pattern) => ({ pattern, host: patternHost(pattern) })).filter(({ host }) => host && !pausedHosts.has(host));
  const siteOf = (host) => engine.classify(`http://${host}/`, null, 'direct').registrableDomain ?? host;
  const next = Math.min(...pauses.map(([, until]) => Number(until)));
  if (Number.isFinite(next)) browser.alarms.create(GUARD_ALARM, next);
  else browser.alarms.clear(GUARD_ALARM).catch(() => {});
  return assertRules(sites, siteOf);
}

async function broadcastSettingsChanged() {
  const ids = await browser.allTabIds().catch(() => []);
  await Promise.all(ids.map((id) => browser.tabs.sendMessage(id, { type: 'settings-changed' }).catch(() => {})));
}

async function pruneRecords() {
  const all = await browser.storage.session.get(null);
  const old = Object.keys(all).filter((k) => k.startsWith(RECORD_PREFIX) && Date.now() - (all[k]?.createdAt ?? 0) > RECORD_TTL_MS);
  if (old.length) await browser.storage.session.remove(old);
}

function senderSite(sender) {
  try {
    return sender.origin ?? new URL(sender.url).origin;
  } catch {
    return null;
  }
}

function isHttpUrl(href) {
  try {
    const { protocol } = new URL(href);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * One line of the decision history, for a link the user opened or was stopped from opening: when, where (the chat
 * site's origin, or null), in which context, what was decided, for which app and why. No URL and no message text.
 * Nothing is kept when the user turned history off.
 */
async function recordHistory(decision, context, site) {
  const { history = [], historyEnabled } = await browser.storage.local.get(['history', 'historyEnabled']);
  if (historyEnabled === false) return;
  const entry = {
    time: Date.now(),
    site,
    context,
    action: decision.action,
    platform: decision.platform?.id ?? null,
    reasons: decision.reasons.map((r) => r.code),
  };
  await browser.storage.local.set({ history: (Array.isArray(history) ? history : []).concat([entry]).slice(-HISTORY_MAX) });
}

/**
 * Marks for a batch of links: the engine's verdicts as they come out of wasm (the hot path: two UTF-8 byte arrays
 * and a string in, one Uint32Array out; see `classifyVerdicts` in src/wasm.rs), two numbers a link in the order of the request, with the
 * engine's notices, and the platform and reason tables when the content script has none yet. The content script
 * unpacks them (content/verdicts.js `unpackVerdict`): a badge and a click handler need nothing more, and the full Decision is
 * computed again for the link the user opens. Small replies keep the message cost per link low.
 */
async function classify(message) {
  const engine = await getEngine();
  tables ??= { platforms: platforms().map(({ id, name }) => ({ id, name })), reasonCodes: reasonCodes(), reasonClasses: reasonClasses(), riskMask: riskReasonMask() };
  // Each link is checked alone (messages.js): one that is too long or holds U+0000 is decided as the empty link
  // (warn, invalid_url) instead of costing the others their answer.
  const href = (h) => (messages.isLinkHref(h) ? h : '');
  const text = (t) => (messages.isLinkText(t) ? (t ?? '') : '');
  const [hrefs, texts] = utf8(message.hrefs.map(href).join('\0'), message.texts.map(text).join('\0'));
  const words = engine.classifyVerdicts(hrefs, texts, message.contexts);
  const reply = { type: 'verdicts', words: Array.from(words), notices: engine.notices };
  if (message.tables) reply.tables = tables;
  return reply;
}

async function scan(message) {
  const engine = await getEngine();
  return {
    type: 'scans',
    results: message.items.map((item) => ({
      id: item.id,
      matches: engine.scanText(item.text, item.context).filter((m) => m.kind === 'token' || m.kind === 'mini_program'),
    })),
  };
}

async function storeRecord(decision, url, text, context, site) {
  const id = crypto.randomUUID();
  // `shortLink`: the page offers "Where does it go?" (the RESOLVE command checks it).
  const shortLink = (await getEngine()).isShortLink(url);
  const record = { decision, url, text, context, site, shortLink, createdAt: Date.now() };
  await browser.storage.session.set({ [RECORD_PREFIX + id]: record });
  pruneRecords().catch(() => {});
  return browser.getURL(`pages/interstitial.html#${id}`);
}

/**
 * The content script stopped a person's click on a link it marks as warned or blocked (or still pending): decides
 * again (the worker never trusts a decision sent by a content script) and shows the interstitial in the sender's
 * tab or a new tab. An `open` decision (the mark was stale) is opened as is. Content scripts ask only for the
 * person's own clicks; the per-tab rate limit holds whatever a page does.
 */
async function showInterstitial(message, sender) {
  const tab = sender.tab;
  if (!allowOpen(tab.id)) return { type: 'shown', action: 'none' };
  const engine = await getEngine();
  const decision = engine.classify(message.href, message.text, message.context);
  const site = senderSite(sender);
  const newTab = (url) =>
    browser.tabs.create({ url, active: message.disposition !== 'background-tab', index: tab.index + 1, openerTabId: tab.id });
  let url = null;
  if (decision.action !== 'open') url = await storeRecord(decision, message.href, message.text, message.context, site);
  else if (decision.canonicalUrl && isHttpUrl(decision.canonicalUrl)) url = decision.canonicalUrl;
  if (url) {
    // The worker's own navigation has no initiator: the guard's rules do not apply to it.
    if (message.disposition === 'current') await browser.tabs.update(tab.id, { url });
    else await newTab(url);
  }
  await recordHistory(decision, message.context, site);
  return { type: 'shown', action: decision.action };
}

/**
 * "Where does it go?" pressed beside a short link's badge (content/marks.js: a trusted click in the badge's closed
 * root). At most RESOLVE_PER_MINUTE a tab, whatever a page does; the hosts' permission must already be granted (a
 * content script cannot ask for it: the warning page's button does). Replies with the destination and what linkgate
 * would do there, or the error's code.
 */
const RESOLVE_PER_MINUTE = 20;
const resolvesByTab = new Map(); // tab id -> times of its last resolutions
async function resolveFromBadge(message, sender) {
  const now = Date.now();
  const recent = (resolvesByTab.get(sender.tab.id) ?? []).filter((time) => now - time < 60_000);
  if (recent.length >= RESOLVE_PER_MINUTE) return { type: 'resolved', error: { code: 'network', message: 'too many resolutions from this tab; wait a minute' } };
  resolvesByTab.set(sender.tab.id, [...recent, now]);
  if (message.auto) {
    // By itself only where the person said so (the content script asks only then; the worker checks again).
    const { autoResolve } = await browser.storage.local.get('autoResolve');
    if (autoResolve?.[message.context === 'direct' ? 'direct' : 'group'] !== true) {
      return { type: 'resolved', error: { code: 'not_allowed', message: 'resolving by itself is off for this chat' } };
    }
  }
  const engine = await getEngine();
  const result = await resolveShortLink(engine, message.href, message.context);
  if (result.error) return { type: 'resolved', error: result.error };
  return { type: 'resolved', destination: result.destination, action: result.decision.action, platform: result.decision.platform?.id ?? null };
}

/**
 * The person pressed, focused, clicked (`opened`), opened the menu of or dragged a link (the hint itself is recorded
 * synchronously, see the listener). A clicked link goes into the decision history. When the engine opens the link
 * (in its context) and the event says where it opens, its navigation may skip the check page (lib/guard.js,
 * allowBriefly); everything else takes the check page.
 */
async function intent(message, sender) {
  const engine = await getEngine();
  const decision = engine.classify(message.href, message.text, message.context);
  const site = senderSite(sender);
  if (message.opened) await recordHistory(decision, message.context, site);
  if (!message.disposition || decision.action !== 'open' || !isHttpUrl(message.href)) return;
  const host = patternHost(`${site}/*`);
  if (host) await allowBriefly(message.href, host);
}

/**
 * The `guard` command: the guard page asks what to do with a navigation the guard rule stopped (`message.url`, as the browser was about
 * to request it). Decides with the context the content script recorded for that link in this tab or the tab that
 * opened it, or `unknown`; answers with the URL to go to (the same URL, http(s) only) or the interstitial to show.
 */
async function guard(message, sender) {
  const tab = sender.tab;
  const hint = takeHint(message.url, [tab?.id, tab?.openerTabId]);
  const context = hint?.context ?? 'unknown';
  const text = hint?.text ?? null;
  const engine = await getEngine();
  const decision = engine.classify(message.url, text, context);
  if (!hint?.opened) recordHistory(decision, context, hint?.site ?? null).catch(() => {}); // else already in it
  if (decision.action === 'open' && isHttpUrl(message.url)) return { type: 'guarded', action: 'open', url: message.url };
  return { type: 'guarded', action: decision.action, url: await storeRecord(decision, message.url, text, context, hint?.site ?? null) };
}

// --- listeners: all registered synchronously at the top level ---

const ours = browser.getURL('');
const guardPage = browser.getURL(GUARD_PAGE);
// The commands of linkgate's pages (lib/messages.js COMMANDS), each handled by exactly one function.
const command = commandDispatcher({
  guard,
  resolve: async (record) => resolveShortLink(await getEngine(), record.url, record.context),
});

browser.onMessage((message, sender) => {
  if (sender.id !== browser.id) return undefined;
  const fromPage = typeof sender.url === 'string' && sender.url.startsWith(ours);
  const decisions = message?.type === 'classify' || message?.type === 'scan';
  // linkgate's own pages send commands; anything else they send is refused with an error (except decisions, which
  // the benchmark asks for from an extension page).
  if (fromPage && !(decisions && !sender.url.startsWith(guardPage))) return command(message, sender);
  if (!messages.validate(message)) return undefined;
  if (!sender.tab) return undefined; // from a tab: a content script, or the benchmark's page
  if (message.type === 'classify') return classify(message);
  if (message.type === 'scan') return scan(message);
  if (message.type === 'fold') return getEngine().then((engine) => fold(engine, message, sender, senderSite(sender)));
  if (message.type === 'fold-chat') return foldChat(message, senderSite(sender));
  if (message.type === 'fold-show') return foldShow(message, senderSite(sender));
  switch (message.type) {
    case 'intent':
      // Recorded before any await, so it is there when the guard page of the same navigation asks.
      addHint(sender.tab.id, { href: message.href, text: message.text, context: message.context, site: senderSite(sender), opened: message.opened });
      intent(message, sender).catch(() => {});
      return { type: 'ok' };
    case 'show-interstitial':
      return showInterstitial(message, sender);
    case 'resolve-link':
      return resolveFromBadge(message, sender);
    default:
      return undefined;
  }
});

// The guard's rules are dynamic rules: they outlive the worker, updates and restarts. They are asserted again
// (idempotently) whenever what they depend on may have changed.
// Its state is kept in storage.session `guard` ({mode: 'redirect' | 'block', error, time}) for the popup.
function refreshGuard() {
  guardSites().then(
    (mode) => browser.storage.session.set({ guard: { mode, error: null, time: Date.now() } }),
    (error) => browser.storage.session.set({ guard: { mode: null, error: errorText(error), time: Date.now() } }),
  ).catch(() => {});
}
browser.onInstalled(({ reason }) => {
  refreshGuard();
  // Tabs already open on a protected site keep an orphaned content script (it removes its marks and listeners):
  // inject a live one. The guard's rules stood all along.
  if (reason === 'install' || reason === 'update') protectedPatterns().then((patterns) => reinject(patterns, CONTENT_JS)).catch(() => {});
});
browser.onStartup(refreshGuard);
browser.alarms.onAlarm((name) => name === GUARD_ALARM && refreshGuard());
browser.permissions.onAdded(refreshGuard);
browser.permissions.onRemoved(refreshGuard);
browser.onTabRemoved(forgetTab);
browser.onTabRemoved((id) => resolvesByTab.delete(id));
browser.onTabRemoved(forgetFoldTab);
refreshGuard();
staleCleared();

browser.onStorageChanged((changes, area) => {
  if (area === 'local' && ('protectedSites' in changes || 'paused' in changes)) refreshGuard();
  const relevant =
    area === 'managed' || (area === 'sync' && ENGINE_KEYS.some((k) => k in changes)) || (area === 'local' && 'customRules' in changes);
  if (!relevant) return;
  enginePromise = null;
  getEngine()
    .then(broadcastSettingsChanged)
    .catch(() => {});
});
