// The custom rules panel (options.html #rules): the rules editor, validated by the wasm engine as the user types
// (line, column, JSON path; an invalid file cannot be saved and the saved one keeps working), and "Test a link",
// which decides a URL with the current settings and the editor's rules when they are valid.
import '../../lib/browser.js';
import '../../lib/i18n.js';
import { CONTEXTS } from '../../lib/settings.js';
import { el } from '../../pages/dom.js';
import { validateRules } from '../../pkg/linkgate.js';

const { browser, i18n } = globalThis.linkgate;
const { keys } = i18n;

/** Wires the panel; `page` is the options page's shared state (options.js). */
export function mount(page) {
  const { t, $ } = page;
  let draftRules = null; // the rules editor's text when it is valid (null: invalid or untouched)

  function renderStatus() {
    const text = $('rules-input').value;
    const saved = page.rulesText() ?? '';
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

  const rules = $('rules-input');
  let timer = null;
  rules.addEventListener('input', () => {
    rules.dataset.touched = '1';
    clearTimeout(timer);
    timer = setTimeout(renderStatus, 150);
  });
  $('rules-save').addEventListener('click', async () => {
    renderStatus();
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
  for (const ctx of CONTEXTS) ctxSelect.append(el('option', { value: ctx, text: t(keys.contextName(ctx)) }));
  $('test-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const out = $('test-result');
    out.replaceChildren();
    const rulesForTest = draftRules === null ? page.rulesText() : draftRules || null;
    const engine = page.engineWith(page.effective(), rulesForTest);
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
          el('div', {}, el('dt', { text: t('colAction') }), el('dd', {}, el('span', { className: `pill ${d.action}`, 'data-field': 'action', text: t(keys.action(d.action)) }))),
          el('div', {}, el('dt', { text: t('colApp') }), el('dd', { text: d.platform ? page.platformName(d.platform) : t('noApp') })),
          el('div', {}, el('dt', { text: t('colReasons') }), el('dd', { text: page.reasonText(d.reasons.map((r) => r.code)) })),
          el('div', {}, el('dt', { text: t('colRule') }), el('dd', { className: 'mono', 'data-field': 'rule', text: d.ruleId })),
          el('div', {}, el('dt', { text: t('colDomain') }), el('dd', { className: 'mono', text: d.registrableDomain ?? '—' })),
        ),
      );
      if (rulesForTest !== page.rulesText()) out.append(el('p', { className: 'hint', text: t('testUsesDraft') }));
    } finally {
      engine.free();
    }
  });

  function render() {
    if (!rules.dataset.touched) rules.value = page.rulesText() ?? '';
    renderStatus();
  }

  return { render };
}
