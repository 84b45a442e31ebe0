// The sites panel (options.html #sites): the chat sites linkgate protects from installation (rules/sites.json, as
// lib/facts.js carries them) and the ones the user added from the popup, each with "Stop protecting".
import '../../lib/browser.js';
import { BUILT_IN, unprotect } from '../../lib/sites.js';
import { el } from '../../pages/dom.js';

/** Wires the panel; `page` is the options page's shared state (options.js). */
export function mount(page) {
  const { t, $ } = page;

  function render() {
    $('sites-built-in').replaceChildren(
      ...BUILT_IN.map((site) => el('li', {}, el('span', { className: 'domain', text: site.name }), el('span', { className: 'source mono', text: site.origins.join(' · ') }))),
    );
    const added = page.state.sites ?? [];
    $('sites-added').replaceChildren(
      ...added.map((origin) => {
        const stop = el('button', { type: 'button', className: 'link', 'data-key': `unprotect-${origin}`, text: t('stopProtecting') });
        stop.setAttribute('aria-label', t('stopProtectingLabel', origin));
        stop.addEventListener('click', async () => {
          await unprotect(origin);
          await page.refresh();
        });
        return el('li', { 'data-origin': origin }, el('span', { className: 'domain mono', text: origin }), el('span', { className: 'source', text: t('sitesAddedFromPopup') }), stop);
      }),
    );
    if (!added.length) $('sites-added').append(el('li', { className: 'empty', text: t('sitesAddedEmpty') }));
  }

  return { render };
}
