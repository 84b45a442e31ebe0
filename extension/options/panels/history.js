// The history panel (options.html #history): the last links opened or stopped (time, chat site, context, action,
// app, reasons; no address and no message text), counts per action and per app, "Clear", and the switch to keep
// none.
import '../../lib/browser.js';
import '../../lib/i18n.js';
import { ACTIONS, CONTEXTS } from '../../lib/settings.js';
import { el } from '../../pages/dom.js';

const { browser, i18n } = globalThis.linkgate;
const { keys } = i18n;

/** Wires the panel; `page` is the options page's shared state (options.js). */
export function mount(page) {
  const { t, $ } = page;

  $('history-switch').addEventListener('change', async (event) => {
    await browser.storage.local.set({ historyEnabled: event.target.checked });
    if (!event.target.checked) await browser.storage.local.remove('history');
  });
  $('history-clear').addEventListener('click', () => browser.storage.local.remove('history'));

  const appName = (id) => page.platformName(page.platform(id)) || id;

  function render() {
    const { state } = page;
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
        el('p', {}, ...ACTIONS.map((a) => el('span', { className: `count ${a}`, 'data-action': a, text: t('countAction', t(keys.action(a)), String(perAction[a])) }))),
        el(
          'p',
          {},
          ...[...perPlatform.entries()]
            .sort((x, y) => y[1] - x[1])
            .map(([id, n]) => el('span', { className: 'count', 'data-platform': id, text: t('countAction', id ? appName(id) : t('noApp'), String(n)) })),
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
            el('td', { text: page.when(h.time ?? 0) }),
            el('td', { text: String(h.site ?? '—') }),
            el('td', { text: t(keys.contextName(CONTEXTS.includes(h.context) ? h.context : 'unknown')) }),
            el('td', {}, el('span', { className: `pill ${h.action}`, text: t(keys.action(ACTIONS.includes(h.action) ? h.action : 'warn')) })),
            el('td', { text: h.platform ? appName(h.platform) : '—' }),
            el('td', { text: page.reasonText(Array.isArray(h.reasons) ? h.reasons : []) }),
          ),
        ),
    );
    $('history-table').hidden = history.length === 0;
  }

  return { render };
}
