// ESLint for the extension, the demo site, the tests and the scripts (`make js-lint`).
import js from '@eslint/js';
import globals from 'globals';

const browserGlobals = { ...globals.browser, chrome: 'readonly', browser: 'readonly' };

export default [
  { ignores: ['dist/**', 'target/**', 'node_modules/**'] },
  js.configs.recommended,
  {
    rules: {
      // Security is the product: no string-to-code, no HTML from strings.
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Untrusted text goes through textContent / DOM nodes.' },
        { property: 'outerHTML', message: 'Untrusted text goes through textContent / DOM nodes.' },
        { property: 'insertAdjacentHTML', message: 'Untrusted text goes through textContent / DOM nodes.' },
        { object: 'document', property: 'write', message: 'Untrusted text goes through textContent / DOM nodes.' },
      ],
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
    files: ['extension/background.js', 'extension/pages/**/*.js', 'extension/options/**/*.js', 'extension/popup/**/*.js', 'extension/lib/settings.js', 'extension/lib/utf8.js', 'www/playground.js'],
    languageOptions: { sourceType: 'module', globals: { ...browserGlobals, ...globals.serviceworker } },
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
