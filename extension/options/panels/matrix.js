// The opt-in matrix panel (options.html #matrix): a row per catalogue app, a column per chat context, each cell
// open / ask first / block and where it comes from (the preset, the user's choice, or locked by an administrator);
// a reset per changed row and for all, and the "Receive links in group chats" switch that flips the group column.
import '../../lib/browser.js';
import '../../lib/i18n.js';
import { ACTIONS, CONTEXTS, cleanOptIns, isCellLocked, setOptIn } from '../../lib/settings.js';
import { el } from '../../pages/dom.js';

const { browser, i18n } = globalThis.linkgate;
const { keys } = i18n;

/** Wires the panel; `page` is the options page's shared state (options.js). */
export function mount(page) {
  const { t, $ } = page;

  $('group-switch').addEventListener('change', async (event) => {
    const on = event.target.checked;
    const user = cleanOptIns(page.state.sync.optIns);
    for (const p of page.catalogue) {
      if (isCellLocked(page.state.managed, p.id, 'group')) continue;
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

  function render() {
    const { state, catalogue } = page;
    const tbody = $('matrix-table').querySelector('tbody');
    const all = page.cells(page.presetOf(page.effective()));
    const rows = catalogue.map((p) => {
      const name = page.platformName(p);
      const row = all[p.id] ?? {};
      const userRow = cleanOptIns(state.sync.optIns)[p.id] ?? {};
      const changed = CONTEXTS.some((ctx) => row[ctx]?.source === 'user');
      const tds = CONTEXTS.map((ctx) => {
        const cell = row[ctx] ?? { action: 'warn', source: 'preset' };
        const select = el('select', {
          'aria-label': t('cellLabel', name, t(keys.contextName(ctx))),
          'data-platform': p.id,
          'data-context': ctx,
          'data-key': `cell-${p.id}-${ctx}`,
          className: `action ${cell.action}`,
        });
        for (const action of ACTIONS) {
          const option = el('option', { value: action, text: t(keys.action(action)) });
          option.selected = action === cell.action;
          select.append(option);
        }
        select.disabled = cell.source === 'locked';
        select.addEventListener('change', async () => {
          // Choosing what the preset already does removes the opt-in: the cell follows the preset again.
          await setOptIn(p.id, ctx, select.value === cell.preset ? null : select.value);
          $('matrix-status').textContent = t('cellSaved', name, t(keys.contextName(ctx)), t(keys.action(select.value)));
        });
        const source = el('span', {
          className: `cell-source ${cell.source}`,
          text: t(cell.source === 'locked' ? 'sourceLocked' : cell.source === 'user' ? 'sourceUser' : 'sourcePreset'),
          title: cell.source === 'locked' ? page.managedNote() : null,
        });
        // On narrow screens the table stacks, and each cell shows its column's name (CSS reads data-label).
        const column = t(keys.column(ctx));
        return el('td', { 'data-source': cell.source, 'data-label': column }, select, source);
      });
      // Only a row the user changed has a reset button.
      let reset = null;
      if (changed) {
        reset = el('button', { type: 'button', className: 'link', 'data-key': `reset-${p.id}`, text: t('resetRow') });
        reset.setAttribute('aria-label', t('resetRowLabel', name));
        reset.addEventListener('click', async () => {
          page.focusAfterRefresh(`cell-${p.id}-direct`); // the button goes away with the changes
          for (const ctx of CONTEXTS) if (userRow[ctx] !== undefined && !isCellLocked(page.state.managed, p.id, ctx)) await setOptIn(p.id, ctx, null);
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
            el('span', { className: 'app' }, el('span', { className: 'app-name', text: name }), el('span', { className: 'app-category', text: t(keys.category(p.category)) })),
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

  return { render };
}
