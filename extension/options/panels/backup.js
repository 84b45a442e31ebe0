// The backup panel (options.html #backup): export every setting as one JSON file, and import one (checked by the
// engine first: a bad file changes nothing and says why).
import '../../lib/browser.js';
import '../../lib/i18n.js';
import { applyImport, exportSettings, parseImport } from '../../lib/settings.js';
import { validateRules, validateSettings } from '../../pkg/linkgate.js';

const { keys } = globalThis.linkgate.i18n;

/** Wires the panel; `page` is the options page's shared state (options.js). */
export function mount(page) {
  const { t, $ } = page;

  $('export-settings').addEventListener('click', async () => {
    page.download('linkgate-settings.json', await exportSettings());
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
      status.textContent = t('importFailed', t(keys.importError(parsed.error), parsed.detail));
      return;
    }
    await applyImport(parsed.data);
    delete $('rules-input').dataset.touched; // the rules panel shows the imported rules
    status.className = 'status ok';
    status.textContent = t('imported');
  });

  return { render() {} };
}
