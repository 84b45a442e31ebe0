// The short-links panel (options.html #short-links): whether the warning page finds out where a short link goes by
// itself (storage.local autoResolve {direct, group}, both off by default; docs/short-links.md). "Where does it go?"
// is always there to press.
import '../../lib/browser.js';

const { browser } = globalThis.linkgate;

/** Wires the panel; `page` is the options page's shared state (options.js). */
export function mount(page) {
  const { $ } = page;
  const save = async () => {
    await browser.storage.local.set({ autoResolve: { direct: $('resolve-direct').checked, group: $('resolve-group').checked } });
  };
  $('resolve-direct').addEventListener('change', save);
  $('resolve-group').addEventListener('change', save);

  function render() {
    const auto = page.state.local.autoResolve;
    $('resolve-direct').checked = auto?.direct === true;
    $('resolve-group').checked = auto?.group === true;
  }
  return { render };
}
