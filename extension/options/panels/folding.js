// The folding panel (options.html #folding), next to the opt-in matrix: a row per catalogue app, a column per chat
// context, each cell "by the rules" (what the preset and custom rules fold there: repeats, requests, floods, every
// link; the engine's platformMatrix says which) or the person's own choice, always fold or never fold (`folds` in
// storage.sync). A fold never changes a link's action (docs/folding.md).
import '../../lib/browser.js';
import '../../lib/i18n.js';
import { CONTEXTS, FOLD_CHOICES, cleanFolds, setFold } from '../../lib/settings.js';
import { el } from '../../pages/dom.js';

const { browser, i18n } = globalThis.linkgate;
const { keys } = i18n;

/** Wires the panel; `page` is the options page's shared state (options.js). */
export function mount(page) {
  const { t, $ } = page;
  const list = (items) => items.join(t('listSeparator'));

  $('reset-folds').addEventListener('click', async () => {
    await browser.storage.sync.set({ folds: {} });
    $('folding-status').textContent = t('foldsReset');
  });

  function render() {
    const { state, catalogue } = page;
    const matrix = page.presetRows() ?? [];
    const user = cleanFolds(state.sync.folds);
    const tbody = $('folding-table').querySelector('tbody');
    const rows = catalogue.map((p) => {
      const name = page.platformName(p);
      const base = matrix.find((r) => r.id === p.id) ?? {};
      const tds = CONTEXTS.map((ctx) => {
        const kinds = base[ctx]?.folds ?? [];
        const rules = kinds.length ? t('foldCellRules', list(kinds.map((k) => t(keys.foldKindShort(k))))) : t('foldCellNone');
        const choice = user[p.id]?.[ctx] ?? '';
        const select = el('select', {
          'aria-label': t('foldCellLabel', name, t(keys.contextName(ctx))),
          'data-platform': p.id,
          'data-context': ctx,
          'data-key': `fold-${p.id}-${ctx}`,
          className: `fold-choice${choice ? ' chosen' : ''}`,
        });
        for (const [value, text] of [['', rules], ...FOLD_CHOICES.map((c) => [c, t(keys.foldChoice(c))])]) {
          const option = el('option', { value, text });
          option.selected = value === choice;
          select.append(option);
        }
        select.addEventListener('change', async () => {
          await setFold(p.id, ctx, select.value || null);
          $('folding-status').textContent = t('foldCellSaved', name, t(keys.contextName(ctx)), select.selectedOptions[0].textContent);
        });
        return el('td', { 'data-label': t(keys.column(ctx)), 'data-source': choice ? 'user' : 'preset' }, select);
      });
      return el('tr', { 'data-platform': p.id }, el('th', { scope: 'row', text: name }), ...tds);
    });
    tbody.replaceChildren(...rows);
    $('reset-folds').disabled = Object.keys(user).length === 0;
  }

  return { render };
}
