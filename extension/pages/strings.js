// Translated strings without the extension API: the same messages.json files chrome.i18n reads, for the demo
// site's playground (which shows the warning and block pages exactly as the extension does), and `localize` for
// static markup. Pure functions over data; no chrome.* / browser.*.

/**
 * `strings(key, ...substitutions)` over a parsed `_locales/<lang>/messages.json`, with chrome.i18n's rules: named
 * placeholders (`$DOMAIN$`) map to their `content` (`$1`, `$2`, ...), `$1`.. take the substitutions, `$$` is `$`.
 * A missing key gives '' (as chrome.i18n.getMessage does).
 */
export function makeStrings(messages) {
  return (key, ...subs) => {
    const entry = messages?.[key];
    if (!entry || typeof entry.message !== 'string') return '';
    const placeholders = entry.placeholders ?? {};
    const positional = (text) => text.replace(/\$(\d)/g, (_, n) => String(subs[Number(n) - 1] ?? ''));
    return entry.message
      .replace(/\$([A-Za-z0-9_@]+)\$/g, (m, name) => {
        const p = placeholders[name.toLowerCase()];
        return p ? positional(p.content) : m;
      })
      .replace(/\$\$/g, '$');
  };
}

/**
 * Fills static markup from the strings: `data-i18n` sets the text, `data-i18n-label` the aria-label,
 * `data-i18n-title` the title, `data-i18n-placeholder` the placeholder.
 */
export function localize(root, strings) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = strings(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', strings(el.dataset.i18nLabel));
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = strings(el.dataset.i18nTitle);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = strings(el.dataset.i18nPlaceholder);
}

/** `el('tag', {className, text, ...attributes}, ...children)`: DOM built with text nodes only. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'className') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}
