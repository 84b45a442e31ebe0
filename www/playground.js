// The rule playground: the engine (pkg/, the extension's wasm module) runs in this page on what is typed, and the
// warning or block page is drawn by the extension's own renderer (ext/pages/render.js) with its own strings
// (ext/_locales, through the extension's one string helper, ext/lib/i18n.js). State lives in the location hash so index.html can link every scenario:
//   #text=<message>&context=direct|group|feed|unknown&preset=<id>&optins=<platform>.<context>.<action>,...&lang=en|zh_CN
// Text is only ever set with textContent.
import init, { WasmEngine, platforms, presets, validateRules } from './pkg/linkgate.js';
import { renderInterstitial } from './ext/pages/render.js';
import './ext/lib/i18n.js';
import { el } from './ext/pages/dom.js';
import './ext/lib/facts.js';

const $ = (id) => document.getElementById(id);
const { keys } = globalThis.linkgate.i18n;
const { ACTIONS, CONTEXTS: DECIDED } = globalThis.linkgate.facts;
// The engine's contexts, and `unknown` (a page that cannot tell; decided as group) for trying that too.
const CONTEXTS = [...DECIDED, 'unknown'];
const messages = {};
let catalogue = [];
let optIns = []; // [[platform, context, action]]
let selected = 0; // which URL finding the preview shows

async function strings(lang) {
  messages[lang] ??= await (await fetch(`ext/_locales/${lang}/messages.json`)).json();
  return globalThis.linkgate.i18n.over(messages[lang]);
}

function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  if (p.has('text')) $('pg-text').value = p.get('text');
  if (CONTEXTS.includes(p.get('context'))) $('pg-context').value = p.get('context');
  if (p.has('preset')) $('pg-preset').value = p.get('preset');
  if (p.get('lang') === 'zh_CN' || p.get('lang') === 'en') $('pg-lang').value = p.get('lang');
  else $('pg-lang').value = navigator.language.toLowerCase().startsWith('zh') ? 'zh_CN' : 'en';
  optIns = (p.get('optins') ?? '')
    .split(',')
    .map((s) => s.split('.'))
    .filter(([id, ctx, action]) => catalogue.some((c) => c.id === id) && DECIDED.includes(ctx) && ACTIONS.includes(action));
  if (p.has('rules')) {
    $('pg-rules').value = p.get('rules');
    $('pg-rules-box').open = true;
  }
}

function writeHash() {
  const p = new URLSearchParams();
  p.set('text', $('pg-text').value);
  p.set('context', $('pg-context').value);
  p.set('preset', $('pg-preset').value);
  p.set('lang', $('pg-lang').value);
  if (optIns.length) p.set('optins', optIns.map((o) => o.join('.')).join(','));
  if ($('pg-rules').value.trim()) p.set('rules', $('pg-rules').value);
  history.replaceState(null, '', `#${p}`);
}

function settings() {
  const s = { preset: $('pg-preset').value, optIns: {} };
  for (const [id, ctx, action] of optIns) s.optIns[id] = { ...(s.optIns[id] ?? {}), [ctx]: action };
  return s;
}

function renderOptIns() {
  $('pg-optin-list').replaceChildren(
    ...optIns.map((o, i) => {
      const name = catalogue.find((c) => c.id === o[0])?.name.en ?? o[0];
      const remove = el('button', { type: 'button', className: 'link', 'aria-label': `Remove ${name} ${o[1]} ${o[2]} 移除`, text: '×' });
      remove.addEventListener('click', () => {
        optIns.splice(i, 1);
        update();
      });
      return el('li', {}, el('span', { text: `${name} · ${o[1]} → ${o[2]}` }), remove);
    }),
  );
}

/** The Decision for one URL as a definition list. */
function decisionList(d, t) {
  const row = (label, value, field) => el('div', {}, el('dt', { text: label }), el('dd', { 'data-field': field, text: value ?? '—' }));
  const reasons = d.reasons.length ? d.reasons.map((r) => `${r.code}: ${t(keys.reason(r.code))}`) : [];
  return el(
    'dl',
    { className: 'pg-decision' },
    el('div', {}, el('dt', { text: 'action' }), el('dd', {}, el('span', { className: `pill ${d.action}`, 'data-field': 'action', text: d.action }))),
    row('platform', d.platform ? `${d.platform.id} (${d.platform.name.en} · ${d.platform.name.zh_CN})` : null, 'platform'),
    row('category', d.category, 'category'),
    el('div', {}, el('dt', { text: 'reasons' }), el('dd', { 'data-field': 'reasons' }, reasons.length ? el('ul', {}, ...reasons.map((r) => el('li', { text: r }))) : '—')),
    row('registrableDomain', d.registrableDomain, 'registrable-domain'),
    row('cleanUrl', d.cleanUrl, 'clean-url'),
    row('ruleId', d.ruleId, 'rule'),
    d.notice ? row('notice', d.notice, 'notice') : null,
    d.unwrappedFrom ? row('unwrappedFrom', d.unwrappedFrom, 'unwrapped-from') : null,
  );
}

async function update() {
  writeHash();
  renderOptIns();
  const lang = $('pg-lang').value;
  const t = await strings(lang);
  const rulesText = $('pg-rules').value.trim();
  const rulesStatus = $('pg-rules-status');
  let rules = null;
  rulesStatus.className = 'pg-status';
  rulesStatus.textContent = '';
  if (rulesText) {
    const error = validateRules(rulesText);
    if (error) {
      rulesStatus.className = 'pg-status error';
      rulesStatus.textContent = `Line ${error.line}, column ${error.column}: ${error.message} (at ${error.path || '/'}) — not used · 未使用`;
    } else {
      rules = rulesText;
      rulesStatus.className = 'pg-status ok';
      rulesStatus.textContent = 'Valid, in use · 有效，已使用';
    }
  }
  let engine;
  try {
    engine = new WasmEngine(JSON.stringify(settings()), rules, null);
    $('pg-error').textContent = '';
  } catch (error) {
    $('pg-error').textContent = String(error?.display ?? error);
    return;
  }
  try {
    const text = $('pg-text').value;
    const context = $('pg-context').value;
    let findings = engine.scanText(text, context);
    // A single link that scan_text does not see as one (a javascript: link, an app link) is classified as typed.
    if (!findings.some((f) => f.kind === 'url') && text.trim() && !/\s/.test(text.trim())) {
      findings = [{ kind: 'url', text: text.trim(), start: 0, end: text.length, decision: engine.classify(text.trim(), null, context) }];
    }
    const urls = findings.filter((f) => f.kind === 'url');
    if (selected >= urls.length) selected = 0;
    $('pg-findings').replaceChildren(
      ...findings.map((f) => {
        const item = el('li', { className: 'pg-finding', 'data-kind': f.kind });
        const head = el('p', { className: 'pg-finding-head' }, el('span', { className: 'kind', text: f.kind }), el('code', { text: f.text }));
        item.append(head);
        if (f.kind === 'url') {
          const index = urls.indexOf(f);
          item.append(decisionList(f.decision, t));
          const show = el('button', { type: 'button', className: 'secondary', 'aria-pressed': String(index === selected), text: 'Preview this link · 预览此链接' });
          show.addEventListener('click', () => {
            selected = index;
            update();
          });
          if (urls.length > 1) item.append(show);
        } else {
          const p = f.platform;
          item.append(el('p', { text: p ? `${f.kind === 'token' ? 'Share code' : 'Mini program'} for ${p.name.en} · ${p.name.zh_CN}` : 'Unknown app · 未知应用' }));
        }
        return item;
      }),
    );
    if (!findings.length) $('pg-findings').append(el('li', { className: 'pg-empty', text: 'No link or share code found · 未发现链接或口令' }));
    renderPreview(urls[selected], context, t, lang);
  } finally {
    engine.free();
  }
}

function renderPreview(finding, context, t, lang) {
  const root = $('pg-preview-root');
  const note = $('pg-preview-note');
  if (!finding) {
    root.replaceChildren();
    root.className = 'interstitial empty';
    note.textContent = 'Nothing to show · 没有可显示的页面';
    return;
  }
  const d = finding.decision;
  note.textContent =
    d.action === 'open'
      ? 'This link opens directly: the user sees no page. Below, the warning page it would get if it were warned. · 该链接会直接打开，用户不会看到任何页面；下面是它被提示时的样子。'
      : d.action === 'block'
        ? 'The block page, as the extension shows it · 扩展显示的拦截页'
        : 'The warning page, as the extension shows it · 扩展显示的提示页';
  renderInterstitial(root, d, { url: finding.text, context, site: location.origin, t, lang });
  root.dataset.preview = d.action;
}

async function main() {
  await init({ module_or_path: './pkg/linkgate_bg.wasm' });
  catalogue = platforms();
  for (const p of presets()) $('pg-preset').append(el('option', { value: p.id, text: `${p.name.en} · ${p.name.zh_CN}` }));
  for (const p of catalogue) $('pg-optin-platform').append(el('option', { value: p.id, text: `${p.name.en} · ${p.name.zh_CN}` }));
  readHash();
  $('pg-optin-add').addEventListener('click', () => {
    const o = [$('pg-optin-platform').value, $('pg-optin-context').value, $('pg-optin-action').value];
    optIns = optIns.filter((x) => !(x[0] === o[0] && x[1] === o[1])).concat([o]);
    update();
  });
  let timer = null;
  for (const id of ['pg-text', 'pg-rules']) {
    $(id).addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(update, 150);
    });
  }
  for (const id of ['pg-context', 'pg-preset', 'pg-lang']) $(id).addEventListener('change', update);
  window.addEventListener('hashchange', () => {
    readHash();
    update();
  });
  await update();
  document.body.dataset.ready = 'true';
}

main();
