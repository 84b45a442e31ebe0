// The service worker: the only place the wasm engine runs (content scripts cannot compile wasm under strict page
// CSPs). It may be stopped and restarted at any time, so every listener is registered synchronously at the top
// level, the engine is built lazily on first need, and nothing lives only in globals: settings are in storage.sync,
// custom rules, reports and the decision history in storage.local, interstitial records in storage.session.
import './lib/browser.js';
import './lib/messages.js';
import init, { WasmEngine, platforms, reasonCodes } from './pkg/linkgate.js';

const { browser, messages } = globalThis.linkgate;

const SETTINGS_KEYS = ['preset', 'optIns', 'trustedDomains'];
const RECORD_PREFIX = 'interstitial:';
const RECORD_TTL_MS = 6 * 60 * 60 * 1000;
const HISTORY_MAX = 500;

let wasmReady = null; // Promise<void>
let enginePromise = null; // Promise<WasmEngine>; a cache of what storage says, rebuilt on change
let lastGoodEngine = null;

function initWasm() {
  wasmReady ??= init({ module_or_path: browser.getURL('pkg/linkgate_bg.wasm') }).catch((error) => {
    wasmReady = null;
    throw error;
  });
  return wasmReady;
}

function errorText(error) {
  return String(error?.display ?? error?.message ?? error);
}

/**
 * Builds an engine from storage. Corrupt settings or rules never crash the worker: the last good engine is kept
 * (or rebuilt from the last good settings saved in storage.local, or the defaults), and the error is recorded in
 * storage.local `engineError` for the options page.
 */
async function buildEngine() {
  await initWasm();
  const [sync, local] = await Promise.all([browser.storage.sync.get(SETTINGS_KEYS), browser.storage.local.get(['customRules', 'lastGoodSettings'])]);
  const settings = {};
  for (const key of SETTINGS_KEYS) if (sync[key] !== undefined) settings[key] = sync[key];
  const settingsJson = JSON.stringify(settings);
  const rules = local.customRules === undefined || local.customRules === null ? null : typeof local.customRules === 'string' ? local.customRules : JSON.stringify(local.customRules);
  try {
    const engine = new WasmEngine(settingsJson, rules);
    lastGoodEngine = engine;
    await browser.storage.local.set({ lastGoodSettings: { settings: settingsJson, rules } });
    await browser.storage.local.remove('engineError');
    return engine;
  } catch (error) {
    await browser.storage.local.set({ engineError: { time: Date.now(), message: errorText(error) } });
    if (lastGoodEngine) return lastGoodEngine;
    const good = local.lastGoodSettings;
    if (good) {
      try {
        return (lastGoodEngine = new WasmEngine(good.settings, good.rules));
      } catch {
        // fall through to the defaults
      }
    }
    return (lastGoodEngine = new WasmEngine(null, null));
  }
}

function getEngine() {
  enginePromise ??= buildEngine().catch((error) => {
    enginePromise = null;
    throw error;
  });
  return enginePromise;
}

async function broadcastSettingsChanged() {
  const ids = await browser.allTabIds().catch(() => []);
  await Promise.all(ids.map((id) => browser.tabs.sendMessage(id, { type: 'settings-changed' }).catch(() => {})));
}

async function appendLocal(key, entry, max) {
  const { [key]: list = [] } = await browser.storage.local.get(key);
  const next = Array.isArray(list) ? list.concat([entry]) : [entry];
  await browser.storage.local.set({ [key]: next.slice(-max) });
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

let tables = null; // the catalogue and the reason codes, the same for every engine of this module
const ACTIONS = ['open', 'warn', 'block'];

/**
 * Marks for a batch of links: the engine's verdicts (the hot path: one JSON string in, one Uint32Array out; see
 * `classifyVerdicts` in src/wasm.rs), unpacked into {action, platform: {id, name} | null, reasons: [{code}],
 * notice}. That is all a badge and a click handler need; the full Decision is computed again for the link the
 * user opens.
 */
async function classify(message) {
  const engine = await getEngine();
  tables ??= { platforms: platforms().map(({ id, name }) => ({ id, name })), reasonCodes: reasonCodes() };
  const notices = engine.notices;
  const words = engine.classifyVerdicts(JSON.stringify(message.links.map(({ href, text, context }) => ({ href, text, context }))));
  const decisions = message.links.map((link, i) => {
    const head = words[2 * i];
    const bits = words[2 * i + 1];
    const platform = (head >>> 2) & 0x3ff;
    const notice = head >>> 12;
    const reasons = [];
    for (let b = 0; b < tables.reasonCodes.length; b++) if (bits & (1 << b)) reasons.push({ code: tables.reasonCodes[b] });
    return {
      id: link.id,
      decision: {
        action: ACTIONS[head & 3],
        platform: platform ? tables.platforms[platform - 1] : null,
        reasons,
        notice: notice ? notices[notice - 1] : null,
      },
    };
  });
  return { type: 'decisions', decisions };
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

/**
 * Decides again (the worker never trusts a decision sent by a content script) and shows the interstitial in the
 * sender's tab or a new tab. An `open` decision (possible for window.open of a URL no link carried) is opened as is.
 */
async function showInterstitial(message, sender) {
  const engine = await getEngine();
  const decision = engine.classify(message.href, message.text, message.context);
  const tab = sender.tab;
  const newTab = (url) =>
    browser.tabs.create({ url, active: message.disposition !== 'background-tab', index: tab.index + 1, openerTabId: tab.id });
  if (decision.action === 'open') {
    const url = decision.canonicalUrl;
    if (url && isHttpUrl(url)) {
      if (message.disposition === 'current') await browser.tabs.update(tab.id, { url });
      else await newTab(url);
    }
    return { type: 'shown', action: 'open' };
  }
  const id = crypto.randomUUID();
  const site = senderSite(sender);
  const record = { decision, url: message.href, text: message.text, context: message.context, site, createdAt: Date.now() };
  await browser.storage.session.set({ [RECORD_PREFIX + id]: record });
  const url = browser.getURL(`pages/interstitial.html#${id}`);
  if (message.disposition === 'current') await browser.tabs.update(tab.id, { url });
  else await newTab(url);
  await appendLocal(
    'history',
    { time: record.createdAt, kind: 'shown', action: decision.action, url: decision.canonicalUrl ?? message.href, context: message.context, site, ruleId: decision.ruleId, reasons: decision.reasons.map((r) => r.code) },
    HISTORY_MAX,
  );
  pruneRecords().catch(() => {});
  return { type: 'shown', action: decision.action };
}

// --- listeners: all registered synchronously at the top level ---

browser.onMessage((message, sender) => {
  if (sender.id !== browser.id || !messages.validate(message)) return undefined;
  switch (message.type) {
    case 'classify':
      return sender.tab ? classify(message) : undefined;
    case 'scan':
      return sender.tab ? scan(message) : undefined;
    case 'show-interstitial':
      return sender.tab ? showInterstitial(message, sender) : undefined;
    default:
      return undefined;
  }
});

browser.onStorageChanged((changes, area) => {
  const relevant = area === 'sync' ? SETTINGS_KEYS.some((k) => k in changes) : area === 'local' && 'customRules' in changes;
  if (!relevant) return;
  enginePromise = null;
  getEngine()
    .then(broadcastSettingsChanged)
    .catch(() => {});
});
