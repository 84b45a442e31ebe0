// DOM built with text nodes only (untrusted text never goes through HTML): for the warning page's renderer, the
// options page and the demo playground. No extension API.

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
