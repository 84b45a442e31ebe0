// The presets panel (options.html #presets): one card a preset; focusing or hovering one previews which cells of
// the matrix it would change; choosing one says how many changed. An administrator's preset locks the picker.
import '../../lib/browser.js';
import '../../lib/i18n.js';
import { CONTEXTS, PRESETS } from '../../lib/settings.js';
import { el } from '../../pages/dom.js';

const { browser, i18n } = globalThis.linkgate;
const { keys } = i18n;

/** Wires the panel; `page` is the options page's shared state (options.js). */
export function mount(page) {
  const { t, $ } = page;
  const presetName = (id) => t(keys.presetName(id));

  /** What switching to `id` changes in the matrix, cell by cell. */
  function preview(id) {
    const box = $('preset-preview');
    const current = page.presetOf(page.effective());
    box.replaceChildren();
    if (id === current) {
      box.append(el('p', { text: t('previewCurrent', presetName(id)) }));
      return;
    }
    const now = page.cells(current);
    const next = page.cells(id);
    const changes = [];
    for (const p of page.catalogue) {
      for (const ctx of CONTEXTS) {
        const a = now[p.id]?.[ctx]?.action;
        const b = next[p.id]?.[ctx]?.action;
        if (a && b && a !== b) changes.push(t('previewChange', page.platformName(p), t(keys.contextName(ctx)), t(keys.action(a)), t(keys.action(b))));
      }
    }
    box.append(el('p', { className: 'preview-title', text: t('previewHeading', presetName(id), String(changes.length)) }));
    if (changes.length) box.append(el('ul', {}, ...changes.slice(0, 12).map((c) => el('li', { text: c }))));
    if (changes.length > 12) box.append(el('p', { className: 'hint', text: t('previewMore', String(changes.length - 12)) }));
  }

  async function choose(id) {
    if (page.state.managed.preset) return;
    const before = page.cells(page.presetOf(page.effective()));
    const after = page.cells(id);
    let changed = 0;
    for (const p of page.catalogue) for (const ctx of CONTEXTS) if (before[p.id]?.[ctx]?.action !== after[p.id]?.[ctx]?.action) changed++;
    await browser.storage.sync.set({ preset: id });
    $('matrix-status').textContent = t('presetSwitched', presetName(id), String(changed));
  }

  function render() {
    const list = $('preset-list');
    const current = page.presetOf(page.effective());
    const locked = Boolean(page.state.managed.preset);
    for (const old of list.querySelectorAll('.preset')) old.remove();
    for (const id of PRESETS) {
      const input = el('input', { type: 'radio', name: 'preset', value: id, id: `preset-${id}`, 'data-key': `preset-${id}` });
      input.checked = id === current;
      input.disabled = locked;
      const label = el(
        'label',
        { for: `preset-${id}`, className: 'preset-card' },
        el('span', { className: 'preset-name', text: presetName(id) }),
        el('span', { className: 'preset-desc', text: t(keys.presetDesc(id)) }),
      );
      const card = el('div', { className: `preset${id === current ? ' current' : ''}` }, input, label);
      input.addEventListener('change', () => choose(id));
      for (const type of ['focus', 'mouseenter']) (type === 'focus' ? input : card).addEventListener(type, () => preview(id));
      list.append(card);
    }
    if (locked) list.append(el('p', { className: 'locked-note preset', text: t('presetLocked', page.managedNote()) }));
    preview(current);
  }

  return { render };
}
