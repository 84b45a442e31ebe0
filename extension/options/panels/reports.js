// The reports panel (options.html #reports): the links the user reported from the warning page ("Report this
// link") or the block page ("Report a mistake"), kept on this device; remove one, or export them all as JSON.
import '../../lib/browser.js';
import '../../lib/i18n.js';
import { el } from '../../pages/dom.js';

const { browser, i18n } = globalThis.linkgate;
const { keys } = i18n;

/** Wires the panel; `page` is the options page's shared state (options.js). */
export function mount(page) {
  const { t, $ } = page;

  $('reports-export').addEventListener('click', () =>
    page.download('linkgate-reports.json', { kind: 'linkgate-reports', exportedAt: new Date().toISOString(), reports: page.state.reports }),
  );

  function render() {
    const reports = Array.isArray(page.state.reports) ? page.state.reports : [];
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
            el('span', { className: 'report-meta', text: t('reportMeta', page.when(r.time ?? 0), t(keys.action(r.decision?.action ?? 'warn')), page.reasonText(codes)) }),
            remove,
          );
        }),
    );
  }

  return { render };
}
