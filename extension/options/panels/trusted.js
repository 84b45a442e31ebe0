// The trusted domains panel (options.html #trusted): the administrator's domains (not removable) and the user's,
// each with where it came from; adding one asks the engine whether it is a registrable domain, and says why not.
import '../../lib/browser.js';
import { addTrustedDomain, removeTrustedDomain } from '../../lib/settings.js';
import { el } from '../../pages/dom.js';

/** Wires the panel; `page` is the options page's shared state (options.js). */
export function mount(page) {
  const { t, $ } = page;

  $('trusted-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = $('trusted-input');
    const error = $('trusted-error');
    const engine = page.engineWith({});
    const checked = engine ? engine.checkTrustedDomain(input.value) : { error: t('engineUnavailable') };
    engine?.free();
    if (checked.error) {
      error.textContent = t('trustedInvalid', checked.error);
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    const all = [...(page.state.sync.trustedDomains ?? []), ...(page.state.managed.trustedDomains ?? [])];
    if (all.includes(checked.domain)) {
      error.textContent = t('trustedDuplicate', checked.domain);
      return;
    }
    await addTrustedDomain(checked.domain, 'options');
    input.value = '';
    input.removeAttribute('aria-invalid');
    error.textContent = '';
  });

  function sourceLabel(source) {
    return t(source === 'admin' ? 'trustedFromAdmin' : source === 'warning-page' ? 'trustedFromWarning' : source === 'import' ? 'trustedFromImport' : 'trustedFromOptions');
  }

  function render() {
    const { state } = page;
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
        if (source === 'admin') li.append(el('span', { className: 'locked-note', text: t('lockedBy', page.managedNote()) }));
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

  return { render };
}
