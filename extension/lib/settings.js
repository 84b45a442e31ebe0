// linkgate's settings: what the user chose (storage.sync), what an administrator set (storage.managed, see
// managed_schema.json), and how the two combine into the settings the engine is built from. Used by the service
// worker, the options page, the popup and the warning page. No DOM, no wasm.
//
// storage.sync   preset, optIns {platform: {direct|group|feed: action}}, folds {platform: {context: 'fold'|'show'}},
//                trustedDomains [domain],
//                trustedSources {domain: 'warning-page' | 'options' | 'import'}
// storage.local  customRules (JSON text), reports [...], history [...], historyEnabled (bool, default true),
//                autoResolve {direct: bool, group: bool} (resolve short links on the warning page by itself; both
//                off by default; `group` covers group, feed and unknown chats),
//                paused {origin: resume time in ms}, engineError {time, message}, lastGoodSettings, managedCache,
//                foldChoices {"<site> <conversation>": {folding, shown [message key], time}} (lib/folds.js)
// storage.managed (read-only) preset, optIns, lockOptIns, trustedDomains, customRules, message
import './browser.js';
import './facts.js';

const { browser, facts } = globalThis.linkgate;

// The preset ids, the chat contexts of the matrix and the actions, generated into each build from the engine
// (scripts/facts.mjs): no copy of them here.
export const { ACTIONS, CONTEXTS, PRESET_IDS: PRESETS, FOLD_CHOICES } = facts;
export const SYNC_KEYS = Object.freeze(['preset', 'optIns', 'folds', 'trustedDomains', 'trustedSources']);
export const ENGINE_KEYS = Object.freeze(['preset', 'optIns', 'folds', 'trustedDomains']);
export const HISTORY_MAX = 200;
/** storage.session key prefix of a warning page's record (the worker writes it, pages/interstitial.js reads it). */
export const RECORD_PREFIX = 'interstitial:';
export const TRUST_SOURCES = Object.freeze(['warning-page', 'options', 'import']);

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v, max = 4096) => typeof v === 'string' && v.length <= max;

/** A {platform: {context: value}} table in the stored shape, keeping only `values` (a corrupt cell is dropped). */
function cleanTable(raw, values) {
  const out = {};
  if (!isObject(raw)) return out;
  for (const [platform, cells] of Object.entries(raw)) {
    if (!isString(platform, 64) || !isObject(cells)) continue;
    const row = {};
    for (const ctx of CONTEXTS) if (values.includes(cells[ctx])) row[ctx] = cells[ctx];
    if (Object.keys(row).length) out[platform] = row;
  }
  return out;
}

/** Opt-ins in the stored shape, dropping anything malformed (a corrupt value never reaches the engine as is). */
export const cleanOptIns = (raw) => cleanTable(raw, ACTIONS);

/** The person's folding choices in the stored shape ({platform: {context: 'fold' | 'show'}}), malformed cells dropped. */
export const cleanFolds = (raw) => cleanTable(raw, FOLD_CHOICES);

function cleanDomains(raw) {
  return Array.isArray(raw) ? [...new Set(raw.filter((d) => isString(d, 253) && d.trim() !== ''))] : [];
}

/**
 * What an administrator set, checked against managed_schema.json's shapes (Chrome validates too; Firefox's
 * policies do not): anything malformed is left out. `message` is shown beside locked items.
 */
export function cleanManaged(raw) {
  if (!isObject(raw)) return {};
  const out = {};
  if (PRESETS.includes(raw.preset)) out.preset = raw.preset;
  const optIns = cleanOptIns(raw.optIns);
  if (Object.keys(optIns).length) out.optIns = optIns;
  if (raw.lockOptIns === true) out.lockOptIns = true;
  const trusted = cleanDomains(raw.trustedDomains);
  if (trusted.length) out.trustedDomains = trusted;
  if (isString(raw.customRules, 1 << 20) && raw.customRules.trim()) out.customRules = raw.customRules;
  if (isString(raw.message, 500) && raw.message.trim()) out.message = raw.message.trim();
  return out;
}

/**
 * storage.managed, or {} where the browser has none (Firefox throws when no policy names the add-on).
 *
 * Chromium answers storage.managed only once its policy service has loaded, which at a browser's start, and in a
 * worker started again soon after, can take seconds (seen: over 5 s; the first engine, and so the first marks and
 * the navigation guard, waited for it). So the last answer is kept in storage.local `managedCache`: with one, the
 * live answer is awaited MANAGED_WAIT_MS, without (the first start ever) MANAGED_FIRST_WAIT_MS; then the cached
 * answer (or {}, then cached as well) is used, and `onLate(settings)` hears the live one when it comes and differs.
 */
export async function readManaged(onLate) {
  const live = browser.storage.managed.get().then(cleanManaged, () => ({}));
  const { managedCache } = await browser.storage.local.get('managedCache').catch(() => ({}));
  const cached = managedCache && typeof managedCache === 'object' ? cleanManaged(managedCache) : null;
  const wait = cached ? MANAGED_WAIT_MS : MANAGED_FIRST_WAIT_MS;
  const first = await Promise.race([live, new Promise((resolve) => setTimeout(() => resolve(null), wait))]);
  const used = first ?? cached ?? {};
  // No answer in time and nothing cached: what was used is cached, so the next start (a worker lives seconds to
  // minutes, and may be stopped before the answer comes) waits 20 ms, not the full second again. The live answer,
  // when it comes, replaces it and rebuilds the engine if it differs, as it would have after the first wait.
  if (!first && !cached) browser.storage.local.set({ managedCache: used }).catch(() => {});
  live
    .then((settings) => {
      const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
      if (!same(settings, cached)) browser.storage.local.set({ managedCache: settings }).catch(() => {});
      if (!first && !same(settings, used)) onLate?.(settings);
    })
    .catch(() => {});
  return used;
}
const MANAGED_WAIT_MS = 20;
const MANAGED_FIRST_WAIT_MS = 1000;

/**
 * The settings the engine is built from: the user's, with the administrator's preset, opt-ins (which win cell by
 * cell; `lockOptIns` drops the user's altogether) and trusted domains (added).
 */
export function effectiveSettings(sync, managed) {
  const user = cleanOptIns(sync.optIns);
  const optIns = managed.lockOptIns ? {} : user;
  for (const [platform, cells] of Object.entries(managed.optIns ?? {})) optIns[platform] = { ...(optIns[platform] ?? {}), ...cells };
  const settings = { optIns, trustedDomains: [...new Set([...cleanDomains(sync.trustedDomains), ...(managed.trustedDomains ?? [])])] };
  const folds = cleanFolds(sync.folds);
  if (Object.keys(folds).length) settings.folds = folds;
  const preset = managed.preset ?? sync.preset;
  if (preset !== undefined) settings.preset = preset;
  return settings;
}

/** Whether an administrator fixed this opt-in cell. */
export function isCellLocked(managed, platform, context) {
  return Boolean(managed.lockOptIns || managed.optIns?.[platform]?.[context]);
}

/** The user's settings and the administrator's, read together. */
export async function readAll() {
  const [sync, local, managed] = await Promise.all([
    browser.storage.sync.get(SYNC_KEYS),
    browser.storage.local.get(['customRules', 'historyEnabled', 'autoResolve']),
    readManaged(),
  ]);
  return { sync, local, managed };
}

/** Read-modify-write of one storage.sync key. */
export async function updateSync(key, change) {
  const { [key]: current } = await browser.storage.sync.get(key);
  await browser.storage.sync.set({ [key]: change(current) });
}

/** Adds a trusted domain (already checked by the engine) and records where it came from. */
export async function addTrustedDomain(domain, source) {
  const stored = await browser.storage.sync.get(['trustedDomains', 'trustedSources']);
  const list = cleanDomains(stored.trustedDomains);
  const sources = isObject(stored.trustedSources) ? { ...stored.trustedSources } : {};
  if (!list.includes(domain)) list.push(domain);
  sources[domain] ??= TRUST_SOURCES.includes(source) ? source : 'options';
  await browser.storage.sync.set({ trustedDomains: list, trustedSources: sources });
}

export async function removeTrustedDomain(domain) {
  const stored = await browser.storage.sync.get(['trustedDomains', 'trustedSources']);
  const sources = isObject(stored.trustedSources) ? { ...stored.trustedSources } : {};
  delete sources[domain];
  await browser.storage.sync.set({ trustedDomains: cleanDomains(stored.trustedDomains).filter((d) => d !== domain), trustedSources: sources });
}

/**
 * Sets one cell of a {platform: {context: value}} table in storage.sync (`value` null removes it: the rules decide
 * again), dropping an emptied row.
 */
async function setCell(key, clean, platform, context, value) {
  await updateSync(key, (current) => {
    const next = clean(current);
    const row = { ...(next[platform] ?? {}) };
    if (value === null) delete row[context];
    else row[context] = value;
    if (Object.keys(row).length) next[platform] = row;
    else delete next[platform];
    return next;
  });
}

/** Sets one opt-in cell (`action` null removes it: the preset decides again). */
export const setOptIn = (platform, context, action) => setCell('optIns', cleanOptIns, platform, context, action);

/** Sets one folding cell (`choice` 'fold' | 'show', or null: the rules decide again). */
export const setFold = (platform, context, choice) => setCell('folds', cleanFolds, platform, context, choice);

// --- export and import ---------------------------------------------------------------------------------------

export const EXPORT_KIND = 'linkgate-settings';

/** Everything the user set, as one JSON-compatible object (no reports or history: those are in their own lists). */
export async function exportSettings() {
  const [sync, local] = await Promise.all([browser.storage.sync.get(SYNC_KEYS), browser.storage.local.get(['customRules', 'historyEnabled', 'autoResolve'])]);
  const settings = { schemaVersion: 1, optIns: cleanOptIns(sync.optIns), trustedDomains: cleanDomains(sync.trustedDomains) };
  const folds = cleanFolds(sync.folds);
  if (Object.keys(folds).length) settings.folds = folds;
  if (PRESETS.includes(sync.preset)) settings.preset = sync.preset;
  return {
    kind: EXPORT_KIND,
    schemaVersion: 1,
    exportedAt: new Date().toISOString(),
    settings,
    trustedSources: isObject(sync.trustedSources) ? sync.trustedSources : {},
    customRules: isString(local.customRules, 1 << 20) ? local.customRules : null,
    historyEnabled: local.historyEnabled !== false,
    autoResolve: cleanAutoResolve(local.autoResolve),
  };
}

/** storage.local autoResolve as the warning page reads it: `{direct, group}`, each true only when set to true. */
export function cleanAutoResolve(value) {
  return { direct: isObject(value) && value.direct === true, group: isObject(value) && value.group === true };
}

/**
 * Why parseImport refuses a file: each is the message key the options page shows, with the detail as its
 * substitution (lib/i18n.js keys.importError).
 */
export const IMPORT_ERRORS = Object.freeze({
  NOT_JSON: 'importNotJson',
  NOT_LINKGATE: 'importNotLinkgate',
  VERSION: 'importVersion',
  BAD_SETTINGS: 'importBadSettings',
  BAD_RULES: 'importBadRules',
});

/**
 * Checks an exported file's text. `validate.settings(json)` and `validate.rules(json)` are the engine's checks (null
 * when valid, else an error object with `display`). Returns {ok: true, data} or {ok: false, error, detail} (error:
 * one of IMPORT_ERRORS).
 * Nothing is written here: the caller applies `data` only when everything is valid.
 */
export function parseImport(text, validate) {
  let file;
  try {
    file = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: IMPORT_ERRORS.NOT_JSON, detail: String(error.message) };
  }
  if (!isObject(file) || file.kind !== EXPORT_KIND) return { ok: false, error: IMPORT_ERRORS.NOT_LINKGATE, detail: '' };
  if (file.schemaVersion !== 1) return { ok: false, error: IMPORT_ERRORS.VERSION, detail: String(file.schemaVersion) };
  if (!isObject(file.settings)) return { ok: false, error: IMPORT_ERRORS.BAD_SETTINGS, detail: 'settings' };
  const settingsError = validate.settings(JSON.stringify(file.settings));
  if (settingsError) return { ok: false, error: IMPORT_ERRORS.BAD_SETTINGS, detail: settingsError.display };
  if (file.customRules !== null && file.customRules !== undefined) {
    if (!isString(file.customRules, 1 << 20)) return { ok: false, error: IMPORT_ERRORS.BAD_RULES, detail: 'customRules' };
    const rulesError = validate.rules(file.customRules);
    if (rulesError) return { ok: false, error: IMPORT_ERRORS.BAD_RULES, detail: rulesError.display };
  }
  const sources = {};
  for (const [d, s] of Object.entries(isObject(file.trustedSources) ? file.trustedSources : {})) if (TRUST_SOURCES.includes(s)) sources[d] = s;
  return {
    ok: true,
    data: {
      sync: {
        preset: file.settings.preset ?? 'default',
        optIns: cleanOptIns(file.settings.optIns),
        folds: cleanFolds(file.settings.folds),
        trustedDomains: cleanDomains(file.settings.trustedDomains),
        trustedSources: sources,
      },
      customRules: file.customRules ?? null,
      historyEnabled: file.historyEnabled !== false,
      autoResolve: cleanAutoResolve(file.autoResolve),
    },
  };
}

/** Writes an import checked by parseImport. */
export async function applyImport(data) {
  await browser.storage.sync.set(data.sync);
  if (data.customRules === null) await browser.storage.local.remove('customRules');
  else await browser.storage.local.set({ customRules: data.customRules });
  await browser.storage.local.set({ historyEnabled: data.historyEnabled, autoResolve: data.autoResolve });
}
