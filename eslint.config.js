// ESLint for the extension, the demo site, the tests and the scripts (`make js-lint`).
import js from '@eslint/js';
import globals from 'globals';

const browserGlobals = { ...globals.browser, chrome: 'readonly', browser: 'readonly' };

// Security is the product: no HTML from strings.
const noHtml = [
  { property: 'innerHTML', message: 'Untrusted text goes through textContent / DOM nodes.' },
  { property: 'outerHTML', message: 'Untrusted text goes through textContent / DOM nodes.' },
  { property: 'insertAdjacentHTML', message: 'Untrusted text goes through textContent / DOM nodes.' },
  { object: 'document', property: 'write', message: 'Untrusted text goes through textContent / DOM nodes.' },
];
// Only extension/lib/browser.js (the shim, uBlock Origin's vAPI idea) touches the extension APIs; everything else
// calls globalThis.linkgate.browser, so that there is one place to read for what linkgate asks of the browser.
const SHIM = 'Only extension/lib/browser.js touches the extension APIs: use globalThis.linkgate.browser.';
const noExtensionApi = [
  ...['chrome', 'browser'].flatMap((api) => [
    { object: 'globalThis', property: api, message: SHIM },
    { object: 'window', property: api, message: SHIM },
    { object: 'self', property: api, message: SHIM },
  ]),
];

export default [
  { ignores: ['dist/**', 'target/**', 'node_modules/**'] },
  js.configs.recommended,
  {
    rules: {
      // Security is the product: no string-to-code, no HTML from strings.
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-restricted-properties': ['error', ...noHtml],
      eqeqeq: ['error', 'always'],
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      'prefer-const': 'error',
    },
  },
  // Classic scripts: the content scripts, the shared lib (also imported as modules by the worker and pages), the
  // demo chat. They run as scripts, not modules.
  {
    files: ['extension/content/**/*.js', 'extension/lib/browser.js', 'extension/lib/i18n.js', 'extension/lib/messages.js', 'www/chat.js'],
    languageOptions: { sourceType: 'script', globals: browserGlobals },
  },
  // ES modules: the service worker, the extension pages, the shared settings logic, the playground.
  {
    files: ['extension/background.js', 'extension/pages/**/*.js', 'extension/options/**/*.js', 'extension/popup/**/*.js', 'extension/lib/settings.js', 'extension/lib/utf8.js', 'extension/lib/choices.js', 'extension/lib/commands.js', 'extension/lib/folds.js', 'extension/lib/resolve.js', 'www/playground.js'],
    languageOptions: { sourceType: 'module', globals: { ...browserGlobals, ...globals.serviceworker } },
  },
  // The shim is the only way to the extension APIs, in the extension and in the demo site (whose playground runs the
  // extension's renderer and strings without them). Tests and benchmarks keep `chrome` and `browser`: they drive
  // the browser from outside (chrome.storage, chrome.runtime.reload in page.evaluate of an extension page) to set up
  // and look at what linkgate did, which is not linkgate's own code.
  {
    files: ['extension/**/*.js', 'www/**/*.js'],
    ignores: ['extension/lib/browser.js'],
    rules: {
      'no-restricted-globals': ['error', { name: 'chrome', message: SHIM }, { name: 'browser', message: SHIM }],
      'no-restricted-properties': ['error', ...noHtml, ...noExtensionApi],
    },
  },
  // The test page that starts Converse.js in the browser.
  {
    files: ['tests/e2e/converse/**/*.js', 'benches/chromium/**/*.js'],
    languageOptions: { sourceType: 'module', globals: browserGlobals },
  },
  // Node: tests, benchmarks, scripts. Functions passed to page.evaluate run in the browser.
  {
    files: ['tests/**/*.mjs', 'benches/**/*.mjs', 'scripts/**/*.mjs', 'eslint.config.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.node, ...browserGlobals } },
  },
];
