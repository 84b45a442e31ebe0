// The options page: presets, the per-platform opt-in matrix, trusted domains, the protected sites, custom rules,
// reports, history, import / export, and what an administrator locked. Each panel of options.html is one module
// under panels/, with one `mount(page)` that wires its controls and returns its `render()`; this file holds what
// they share (`page`: the settings read from storage, the catalogue, the engines, the strings) and re-renders every
// panel when storage changes. It reads and writes storage (lib/settings.js) and asks its own copy of the wasm engine
// (the same module as the worker) for the preset matrix, checks and test decisions. Every string comes from
// _locales; text is set with textContent.
import '../lib/browser.js';
import '../lib/i18n.js';
import { CONTEXTS, PRESETS, cleanOptIns, effectiveSettings, isCellLocked, readAll } from '../lib/settings.js';
import { userSites } from '../lib/sites.js';
import { el } from '../pages/dom.js';
import init, { WasmEngine, platforms } from '../pkg/linkgate.js';
import * as presets from './panels/presets.js';
import * as matrix from './panels/matrix.js';
import * as folding from './panels/folding.js';
import * as trusted from './panels/trusted.js';
import * as sites from './panels/sites.js';
import * as rules from './panels/rules.js';
import * as reports from './panels/reports.js';
import * as history from './panels/history.js';
import * as shortLinks from './panels/short-links.js';
import * as backup from './panels/backup.js';

const { browser, i18n } = globalThis.linkgate;
const { t, keys } = i18n;
const lang = browser.uiLang();
const locale = i18n.htmlLang(lang);
const $ = (id) => document.getElementById(id);

let catalogue = []; // [{id, name: {en, zh_CN}, category}]
let state = null; // {sync, local, managed, reports, history, sites}
let baseline = null; // preset matrix without the user's opt-ins: [{id, direct: {action, ruleId}, ...}]
let focusAfterRefresh = null; // where the focus goes when the element that had it is gone

// --- engines -------------------------------------------------------------------------------------------------

function rulesText() {
  const r = state.local.customRules;
  return typeof r === 'string' ? r : r ? JSON.stringify(r) : null;
}

/** An engine with these settings and rules; null (and the error shown) if they do not build. */
function engineWith(settings, rules = rulesText()) {
  try {
    return new WasmEngine(JSON.stringify(settings), rules, state.managed.customRules ?? null);
  } catch {
    return null;
  }
}

function effective() {
  return effectiveSettings(state.sync, state.managed);
}

function presetOf(settings) {
  return PRESETS.includes(settings.preset) ? settings.preset : 'default';
}

/** The matrix a preset gives with the current rules and no opt-ins (the "from the preset" cells). */
function presetMatrix(preset) {
  const engine = engineWith({ preset });
  if (!engine) return null;
  try {
    return engine.platformMatrix();
  } finally {
    engine.free();
  }
}

/** {platform: {context: {action, source: 'preset' | 'user' | 'locked'}}} for a preset and the current opt-ins. */
function cells(preset) {
  const base = preset === presetOf(effective()) && baseline ? baseline : presetMatrix(preset);
  const optIns = effective().optIns;
  const user = cleanOptIns(state.sync.optIns);
  const out = {};
  for (const row of base ?? []) {
    out[row.id] = {};
    for (const ctx of CONTEXTS) {
      const locked = isCellLocked(state.managed, row.id, ctx);
      const chosen = optIns[row.id]?.[ctx];
      const source = locked ? 'locked' : user[row.id]?.[ctx] !== undefined && chosen !== undefined ? 'user' : 'preset';
      out[row.id][ctx] = { action: chosen ?? row[ctx].action, preset: row[ctx].action, source };
    }
  }
  return out;
}

// --- what the panels share -----------------------------------------------------------------------------------

const when = (ms) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
const listFormat = new Intl.ListFormat(locale, { type: 'unit' });

function download(name, data) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const page = Object.freeze({
  t,
  $,
  /** What storage says, as of the last refresh. */
  get state() {
    return state;
  },
  /** The engine's catalogue: [{id, name: {en, zh_CN}, category}]. */
  get catalogue() {
    return catalogue;
  },
  platform: (id) => catalogue.find((p) => p.id === id),
  platformName: (p) => p?.name?.[lang] ?? p?.name?.en ?? p?.id ?? '',
  managedNote: () => state.managed.message ?? t('managedDefault'),
  rulesText,
  engineWith,
  effective,
  presetOf,
  cells,
  /** The engine's matrix for the active preset and rules, without the person's choices: [{id, direct: {action, ruleId, folds, foldChoice}, ...}]. */
  presetRows: () => baseline,
  when,
  reasonText: (codes) => (codes.length ? listFormat.format(codes.map((c) => t(keys.reasonShort(c)))) : '—'),
  download,
  refresh,
  /** Where the focus goes after the next refresh, when the element that has it goes away. */
  focusAfterRefresh: (key) => (focusAfterRefresh = key),
});

// --- rendering -----------------------------------------------------------------------------------------------

function renderBanners() {
  const error = state.local.engineError;
  $('engine-error').hidden = !error;
  if (error) $('engine-error').textContent = t('engineError', error.message);
  const managed = state.managed;
  const any = managed.preset || managed.optIns || managed.lockOptIns || managed.trustedDomains || managed.customRules;
  $('managed-banner').hidden = !any;
  if (any) $('managed-banner').textContent = t('managedBanner', page.managedNote());
}

let panels = [];

/**
 * Re-renders everything from storage, keeping the keyboard focus where it was. Refreshes run one after another (a
 * row's reset changes storage twice, and two overlapping renders lost the focus: the second one captured the reset
 * button, which its render no longer has).
 */
let refreshQueue = Promise.resolve();
function refresh() {
  const run = refreshQueue.then(refreshNow, refreshNow);
  refreshQueue = run.catch(() => {});
  return run;
}

async function refreshNow() {
  const [all, local] = await Promise.all([readAll(), browser.storage.local.get(['reports', 'history', 'engineError'])]);
  const focusKey = focusAfterRefresh ?? document.activeElement?.dataset?.key;
  state = {
    sync: all.sync,
    managed: all.managed,
    local: { ...all.local, engineError: local.engineError },
    reports: local.reports ?? [],
    history: local.history ?? [],
    sites: await userSites(),
  };
  baseline = presetMatrix(presetOf(effective()));
  renderBanners();
  for (const panel of panels) panel.render();
  const target = focusKey && document.querySelector(`[data-key="${CSS.escape(focusKey)}"]`);
  if (target) {
    target.focus();
    if (focusKey === focusAfterRefresh) focusAfterRefresh = null;
  }
}

async function main() {
  document.documentElement.lang = locale;
  document.title = t('optionsTitleDocument');
  i18n.localize(document, t);
  await init({ module_or_path: '../pkg/linkgate_bg.wasm' });
  catalogue = platforms();
  // In the page's order (options.html), which is also the order they render in.
  panels = [presets, matrix, folding, trusted, shortLinks, sites, rules, reports, history, backup].map((panel) => panel.mount(page));
  await refresh();
  browser.onStorageChanged(() => refresh().catch(() => {}));
  document.body.dataset.ready = 'true';
}

main();
