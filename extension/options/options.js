// The options page: presets, the per-platform opt-in matrix, trusted domains, custom rules, reports, history,
// import / export, and what an administrator locked. It reads and writes storage (lib/settings.js) and asks its own
// copy of the wasm engine (the same module as the worker) for the preset matrix, checks and test decisions. Every
// string comes from _locales; text is set with textContent.
import '../lib/browser.js';
import {
  ACTIONS,
  CONTEXTS,
  PRESETS,
  addTrustedDomain,
  applyImport,
  cleanOptIns,
  effectiveSettings,
  exportSettings,
  isCellLocked,
  parseImport,
  readAll,
  removeTrustedDomain,
  setOptIn,
} from '../lib/settings.js';
import { BUILT_IN, unprotect, userSites } from '../lib/sites.js';
import { el, localize } from '../pages/strings.js';
import init, { WasmEngine, platforms, validateRules, validateSettings } from '../pkg/linkgate.js';

const { browser } = globalThis.linkgate;
const lang = browser.uiLang();
const t = (key, ...subs) => browser.message(key, subs.map(String)) || key;
const $ = (id) => document.getElementById(id);

let catalogue = []; // [{id, name: {en, zh_CN}, category}]
let state = null; // {sync, local, managed, reports, history}
let baseline = null; // preset matrix without the user's opt-ins: [{id, direct: {action, ruleId}, ...}]
let draftRules = null; // the rules editor's text when it is valid (null: invalid or untouched)
let focusAfterRefresh = null; // where the focus goes when the element that had it is gone

const platformName = (p) => p?.name?.[lang] ?? p?.name?.en ?? p?.id ?? '';
const byId = (id) => catalogue.find((p) => p.id === id);
const managedNote = () => state.managed.message ?? t('managedDefault');

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

// --- rendering -----------------------------------------------------------------------------------------------

function renderBanners() {
  const error = state.local.engineError;
  $('engine-error').hidden = !error;
  if (error) $('engine-error').textContent = t('engineError', error.message);
  const managed = state.managed;
  const any = managed.preset || managed.optIns || managed.lockOptIns || managed.trustedDomains || managed.customRules;
  $('managed-banner').hidden = !any;
  if (any) $('managed-banner').textContent = t('managedBanner', managedNote());
}

function renderPresets() {
  const list = $('preset-list');
  const current = presetOf(effective());
  const locked = Boolean(state.managed.preset);
  for (const old of list.querySelectorAll('.preset')) old.remove();
  for (const id of PRESETS) {
    const input = el('input', { type: 'radio', name: 'preset', value: id, id: `preset-${id}`, 'data-key': `preset-${id}` });
    input.checked = id === current;
    input.disabled = locked;
    const label = el(
      'label',
      { for: `preset-${id}`, className: 'preset-card' },
      el('span', { className: 'preset-name', text: t(`preset_${id.replace(/-/g, '_')}_name`) }),
      el('span', { className: 'preset-desc', text: t(`preset_${id.replace(/-/g, '_')}_desc`) }),
    );
    const card = el('div', { className: `preset${id === current ? ' current' : ''}` }, input, label);
    input.addEventListener('change', () => choosePreset(id));
    for (const type of ['focus', 'mouseenter']) (type === 'focus' ? input : card).addEventListener(type, () => previewPreset(id));
    list.append(card);
  }
  if (locked) list.append(el('p', { className: 'locked-note preset', text: t('presetLocked', managedNote()) }));
  previewPreset(current);
}

/** What switching to `id` changes in the matrix, cell by cell. */
function previewPreset(id) {
  const box = $('preset-preview');
  const current = presetOf(effective());
  box.replaceChildren();
  if (id === current) {
    box.append(el('p', { text: t('previewCurrent', t(`preset_${id.replace(/-/g, '_')}_name`)) }));
    return;
  }
  const now = cells(current);
  const next = cells(id);
  const changes = [];
  for (const p of catalogue) {
    for (const ctx of CONTEXTS) {
      const a = now[p.id]?.[ctx]?.action;
      const b = next[p.id]?.[ctx]?.action;
      if (a && b && a !== b) changes.push(t('previewChange', platformName(p), t(`ctx_${ctx}`), t(`action_${a}`), t(`action_${b}`)));
    }
  }
  box.append(el('p', { className: 'preview-title', text: t('previewHeading', t(`preset_${id.replace(/-/g, '_')}_name`), String(changes.length)) }));
  if (changes.length) box.append(el('ul', {}, ...changes.slice(0, 12).map((c) => el('li', { text: c }))));
  if (changes.length > 12) box.append(el('p', { className: 'hint', text: t('previewMore', String(changes.length - 12)) }));
}

function renderMatrix() {
  const tbody = $('matrix-table').querySelector('tbody');
  const all = cells(presetOf(effective()));
  const rows = catalogue.map((p) => {
    const name = platformName(p);
    const row = all[p.id] ?? {};
    const userRow = cleanOptIns(state.sync.optIns)[p.id] ?? {};
    const changed = CONTEXTS.some((ctx) => row[ctx]?.source === 'user');
    const tds = CONTEXTS.map((ctx) => {
      const cell = row[ctx] ?? { action: 'warn', source: 'preset' };
      const select = el('select', {
        'aria-label': t('cellLabel', name, t(`ctx_${ctx}`)),
        'data-platform': p.id,
        'data-context': ctx,
        'data-key': `cell-${p.id}-${ctx}`,
        className: `action ${cell.action}`,
      });
      for (const action of ACTIONS) {
        const option = el('option', { value: action, text: t(`action_${action}`) });
        option.selected = action === cell.action;
        select.append(option);
      }
      select.disabled = cell.source === 'locked';
      select.addEventListener('change', async () => {
        // Choosing what the preset already does removes the opt-in: the cell follows the preset again.
        await setOptIn(p.id, ctx, select.value === cell.preset ? null : select.value);
        $('matrix-status').textContent = t('cellSaved', name, t(`ctx_${ctx}`), t(`action_${select.value}`));
      });
      const source = el('span', {
        className: `cell-source ${cell.source}`,
        text: t(cell.source === 'locked' ? 'sourceLocked' : cell.source === 'user' ? 'sourceUser' : 'sourcePreset'),
        title: cell.source === 'locked' ? managedNote() : null,
      });
      // On narrow screens the table stacks, and each cell shows its column's name (CSS reads data-label).
      const column = t({ direct: 'colDirect', group: 'colGroup', feed: 'colFeed' }[ctx]);
      return el('td', { 'data-source': cell.source, 'data-label': column }, select, source);
    });
    // Only a row the user changed has a reset button.
    let reset = null;
    if (changed) {
      reset = el('button', { type: 'button', className: 'link', 'data-key': `reset-${p.id}`, text: t('resetRow') });
      reset.setAttribute('aria-label', t('resetRowLabel', name));
      reset.addEventListener('click', async () => {
        focusAfterRefresh = `cell-${p.id}-direct`; // the button goes away with the changes
        for (const ctx of CONTEXTS) if (userRow[ctx] !== undefined && !isCellLocked(state.managed, p.id, ctx)) await setOptIn(p.id, ctx, null);
        $('matrix-status').textContent = t('rowReset', name);
      });
    }
    return el(
      'tr',
      { 'data-platform': p.id },
      el(
        'th',
        { scope: 'row' },
        el(
          'span',
          { className: 'app-cell' },
          el('span', { className: 'initial', 'aria-hidden': 'true', text: name.slice(0, 1) }),
          el('span', { className: 'app' }, el('span', { className: 'app-name', text: name }), el('span', { className: 'app-category', text: t(`category_${p.category}`) })),
        ),
      ),
      ...tds,
      el('td', { className: 'reset-cell' }, reset),
    );
  });
  tbody.replaceChildren(...rows);
  const group = $('group-switch');
  group.checked = catalogue.length > 0 && catalogue.every((p) => all[p.id]?.group?.action === 'open');
  group.disabled = Boolean(state.managed.lockOptIns);
  $('reset-all').disabled = Object.keys(cleanOptIns(state.sync.optIns)).length === 0 || Boolean(state.managed.lockOptIns);
}

function sourceLabel(source) {
  return t(source === 'admin' ? 'trustedFromAdmin' : source === 'warning-page' ? 'trustedFromWarning' : source === 'import' ? 'trustedFromImport' : 'trustedFromOptions');
}

function renderTrusted() {
  const list = $('trusted-list');
  const mine = Array.isArray(state.sync.trustedDomains) ? state.sync.trustedDomains : [];
  const sources = state.sync.trustedSources ?? {};
  const admin = state.managed.trustedDomains ?? [];
  const items = [
    ...admin.map((d) => ({ domain: d, source: 'admin' })),
    ...mine.filter((d) => !admin.includes(d)).map((d) => ({ domain: d, source: sources[d] ?? 'options' })),
  ];
  list.replaceChildren(
    ...items.map(({ domain, source }) => {
      const li = el('li', { 'data-domain': domain }, el('span', { className: 'domain', text: domain }), el('span', { className: 'source', text: sourceLabel(source) }));
      if (source === 'admin') li.append(el('span', { className: 'locked-note', text: t('lockedBy', managedNote()) }));
      else {
        const remove = el('button', { type: 'button', className: 'link', 'data-key': `remove-${domain}`, text: t('remove') });
        remove.setAttribute('aria-label', t('removeDomainLabel', domain));
        remove.addEventListener('click', async () => {
          await removeTrustedDomain(domain);
          $('trusted-error').textContent = '';
          $('trusted-input').focus();
        });
        li.append(remove);
      }
      return li;
    }),
  );
  if (!items.length) list.append(el('li', { className: 'empty', text: t('trustedEmpty') }));
}

function renderSites() {
  $('sites-built-in').replaceChildren(
    ...BUILT_IN.map((site) => el('li', {}, el('span', { className: 'domain', text: site.name }), el('span', { className: 'source mono', text: site.origins.join(' · ') }))),
  );
  const added = state.sites ?? [];
  $('sites-added').replaceChildren(
    ...added.map((origin) => {
      const stop = el('button', { type: 'button', className: 'link', 'data-key': `unprotect-${origin}`, text: t('stopProtecting') });
      stop.setAttribute('aria-label', t('stopProtectingLabel', origin));
      stop.addEventListener('click', async () => {
        await unprotect(origin);
        await refresh();
      });
      return el('li', { 'data-origin': origin }, el('span', { className: 'domain mono', text: origin }), el('span', { className: 'source', text: t('sitesAddedFromPopup') }), stop);
    }),
  );
  if (!added.length) $('sites-added').append(el('li', { className: 'empty', text: t('sitesAddedEmpty') }));
}

function renderRulesStatus() {
  const text = $('rules-input').value;
  const saved = rulesText() ?? '';
  const status = $('rules-status');
  if (text.trim() === '') {
    draftRules = '';
    status.className = 'field-status ok';
    status.textContent = saved ? t('rulesWillClear') : t('rulesNone');
  } else {
    const error = validateRules(text);
    if (error) {
      draftRules = null;
      status.className = 'field-status error';
      status.textContent = t('rulesError', String(error.line), String(error.column), error.message, error.path || '/');
    } else {
      draftRules = text;
      status.className = 'field-status ok';
      status.textContent = text === saved ? t('rulesSavedValid') : t('rulesValidUnsaved');
    }
  }
  $('rules-save').disabled = draftRules === null || draftRules === saved;
  $('rules-clear').disabled = !saved;
}

function download(name, data) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const when = (ms) => new Intl.DateTimeFormat(lang === 'zh_CN' ? 'zh-CN' : 'en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
const listFormat = new Intl.ListFormat(lang === 'zh_CN' ? 'zh-CN' : 'en', { type: 'unit' });
const reasonText = (codes) => (codes.length ? listFormat.format(codes.map((c) => t(`reasonShort_${c}`))) : '—');

function renderReports() {
  const reports = Array.isArray(state.reports) ? state.reports : [];
  $('reports-empty').hidden = reports.length > 0;
  $('reports-export').disabled = reports.length === 0;
  $('reports-list').replaceChildren(
    ...reports
      .map((r, i) => ({ r, i }))
      .reverse()
      .map(({ r, i }) => {
        const codes = Array.isArray(r.decision?.reasons) ? r.decision.reasons.map((x) => x.code) : [];
        const remove = el('button', { type: 'button', className: 'link', 'data-key': `report-${i}`, text: t('remove') });
        remove.setAttribute('aria-label', t('removeReportLabel', String(r.url ?? '')));
        remove.addEventListener('click', async () => {
          const { reports: current = [] } = await browser.storage.local.get('reports');
          await browser.storage.local.set({ reports: current.filter((_, j) => j !== i) });
        });
        return el(
          'li',
          { className: 'report' },
          el('span', { className: 'report-kind', text: t(r.kind === 'mistake' ? 'reportKindMistake' : 'reportKindReport') }),
          el('span', { className: 'report-url', text: String(r.url ?? '') }),
          el('span', { className: 'report-meta', text: t('reportMeta', when(r.time ?? 0), t(`action_${r.decision?.action ?? 'warn'}`), reasonText(codes)) }),
          remove,
        );
      }),
  );
}

function renderHistory() {
  const history = Array.isArray(state.history) ? state.history : [];
  $('history-switch').checked = state.local.historyEnabled !== false;
  $('history-clear').disabled = history.length === 0;
  $('history-empty').hidden = history.length > 0;
  const perAction = Object.fromEntries(ACTIONS.map((a) => [a, 0]));
  const perPlatform = new Map();
  for (const h of history) {
    if (h.action in perAction) perAction[h.action]++;
    const key = h.platform ?? '';
    perPlatform.set(key, (perPlatform.get(key) ?? 0) + 1);
  }
  const counts = $('history-counts');
  counts.replaceChildren();
  if (history.length) {
    counts.append(
      el('p', {}, ...ACTIONS.map((a) => el('span', { className: `count ${a}`, 'data-action': a, text: t('countAction', t(`action_${a}`), String(perAction[a])) }))),
      el(
        'p',
        {},
        ...[...perPlatform.entries()]
          .sort((x, y) => y[1] - x[1])
          .map(([id, n]) => el('span', { className: 'count', 'data-platform': id, text: t('countAction', id ? platformName(byId(id)) || id : t('noApp'), String(n)) })),
      ),
    );
  }
  $('history-table').querySelector('tbody').replaceChildren(
    ...history
      .slice()
      .reverse()
      .map((h) =>
        el(
          'tr',
          {},
          el('td', { text: when(h.time ?? 0) }),
          el('td', { text: String(h.site ?? '—') }),
          el('td', { text: t(`ctx_${CONTEXTS.includes(h.context) ? h.context : 'unknown'}`) }),
          el('td', {}, el('span', { className: `pill ${h.action}`, text: t(`action_${ACTIONS.includes(h.action) ? h.action : 'warn'}`) })),
          el('td', { text: h.platform ? platformName(byId(h.platform)) || h.platform : '—' }),
          el('td', { text: reasonText(Array.isArray(h.reasons) ? h.reasons : []) }),
        ),
      ),
  );
  $('history-table').hidden = history.length === 0;
}

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
  renderPresets();
  renderMatrix();
  renderTrusted();
  renderSites();
  if (!$('rules-input').dataset.touched) $('rules-input').value = rulesText() ?? '';
  renderRulesStatus();
  renderReports();
  renderHistory();
  const target = focusKey && document.querySelector(`[data-key="${CSS.escape(focusKey)}"]`);
  if (target) {
    target.focus();
    if (focusKey === focusAfterRefresh) focusAfterRefresh = null;
  }
}

// --- actions -------------------------------------------------------------------------------------------------

async function choosePreset(id) {
  if (state.managed.preset) return;
  const before = cells(presetOf(effective()));
  const after = cells(id);
  let changed = 0;
  for (const p of catalogue) for (const ctx of CONTEXTS) if (before[p.id]?.[ctx]?.action !== after[p.id]?.[ctx]?.action) changed++;
  await browser.storage.sync.set({ preset: id });
  $('matrix-status').textContent = t('presetSwitched', t(`preset_${id.replace(/-/g, '_')}_name`), String(changed));
}

function wire() {
  $('group-switch').addEventListener('change', async (event) => {
    const on = event.target.checked;
    const user = cleanOptIns(state.sync.optIns);
    for (const p of catalogue) {
      if (isCellLocked(state.managed, p.id, 'group')) continue;
      if (on) user[p.id] = { ...(user[p.id] ?? {}), group: 'open' };
      else if (user[p.id]) {
        delete user[p.id].group;
        if (!Object.keys(user[p.id]).length) delete user[p.id];
      }
    }
    await browser.storage.sync.set({ optIns: user });
    $('matrix-status').textContent = t(on ? 'groupOn' : 'groupOff');
  });
  $('reset-all').addEventListener('click', async () => {
    await browser.storage.sync.set({ optIns: {} });
    $('matrix-status').textContent = t('allReset');
  });

  $('trusted-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = $('trusted-input');
    const error = $('trusted-error');
    const engine = engineWith({});
    const checked = engine ? engine.checkTrustedDomain(input.value) : { error: t('engineUnavailable') };
    engine?.free();
    if (checked.error) {
      error.textContent = t('trustedInvalid', checked.error);
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    const all = [...(state.sync.trustedDomains ?? []), ...(state.managed.trustedDomains ?? [])];
    if (all.includes(checked.domain)) {
      error.textContent = t('trustedDuplicate', checked.domain);
      return;
    }
    await addTrustedDomain(checked.domain, 'options');
    input.value = '';
    input.removeAttribute('aria-invalid');
    error.textContent = '';
  });

  const rules = $('rules-input');
  let timer = null;
  rules.addEventListener('input', () => {
    rules.dataset.touched = '1';
    clearTimeout(timer);
    timer = setTimeout(renderRulesStatus, 150);
  });
  $('rules-save').addEventListener('click', async () => {
    renderRulesStatus();
    if (draftRules === null) return; // an invalid file is never saved
    if (draftRules === '') await browser.storage.local.remove('customRules');
    else await browser.storage.local.set({ customRules: draftRules });
    delete rules.dataset.touched;
    $('rules-status').textContent = t('rulesSaved');
  });
  $('rules-clear').addEventListener('click', async () => {
    await browser.storage.local.remove('customRules');
    rules.value = '';
    delete rules.dataset.touched;
  });

  const ctxSelect = $('test-context');
  for (const ctx of CONTEXTS) ctxSelect.append(el('option', { value: ctx, text: t(`ctx_${ctx}`) }));
  $('test-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const out = $('test-result');
    out.replaceChildren();
    const rulesForTest = draftRules === null ? rulesText() : draftRules || null;
    const engine = engineWith(effective(), rulesForTest);
    if (!engine) {
      out.append(el('p', { className: 'field-status error', text: t('engineUnavailable') }));
      return;
    }
    try {
      const d = engine.classify($('test-url').value.trim(), null, ctxSelect.value);
      out.append(
        el(
          'dl',
          { className: 'decision' },
          el('div', {}, el('dt', { text: t('colAction') }), el('dd', {}, el('span', { className: `pill ${d.action}`, 'data-field': 'action', text: t(`action_${d.action}`) }))),
          el('div', {}, el('dt', { text: t('colApp') }), el('dd', { text: d.platform ? platformName(d.platform) : t('noApp') })),
          el('div', {}, el('dt', { text: t('colReasons') }), el('dd', { text: reasonText(d.reasons.map((r) => r.code)) })),
          el('div', {}, el('dt', { text: t('colRule') }), el('dd', { className: 'mono', 'data-field': 'rule', text: d.ruleId })),
          el('div', {}, el('dt', { text: t('colDomain') }), el('dd', { className: 'mono', text: d.registrableDomain ?? '—' })),
        ),
      );
      if (rulesForTest !== rulesText()) out.append(el('p', { className: 'hint', text: t('testUsesDraft') }));
    } finally {
      engine.free();
    }
  });

  $('reports-export').addEventListener('click', () => download('linkgate-reports.json', { kind: 'linkgate-reports', exportedAt: new Date().toISOString(), reports: state.reports }));

  $('history-switch').addEventListener('change', async (event) => {
    await browser.storage.local.set({ historyEnabled: event.target.checked });
    if (!event.target.checked) await browser.storage.local.remove('history');
  });
  $('history-clear').addEventListener('click', () => browser.storage.local.remove('history'));

  $('export-settings').addEventListener('click', async () => {
    download('linkgate-settings.json', await exportSettings());
    $('backup-status').textContent = t('exported');
  });
  $('import-file').addEventListener('change', async (event) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const status = $('backup-status');
    const text = file.size > 2 * 1024 * 1024 ? '' : await file.text();
    const parsed = parseImport(text, { settings: validateSettings, rules: validateRules });
    if (!parsed.ok) {
      status.className = 'status error';
      status.textContent = t('importFailed', t(parsed.error, parsed.detail));
      return;
    }
    await applyImport(parsed.data);
    delete $('rules-input').dataset.touched;
    status.className = 'status ok';
    status.textContent = t('imported');
  });
}

async function main() {
  document.documentElement.lang = lang === 'zh_CN' ? 'zh-CN' : 'en';
  document.title = t('optionsTitleDocument');
  localize(document, t);
  await init({ module_or_path: '../pkg/linkgate_bg.wasm' });
  catalogue = platforms();
  wire();
  await refresh();
  browser.onStorageChanged(() => refresh().catch(() => {}));
  document.body.dataset.ready = 'true';
}

main();
