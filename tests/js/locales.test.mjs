// Every message key the extension and the demo site use has a string in every locale under extension/_locales/, and
// every string there is used. Keys are used
// - statically: data-i18n, data-i18n-label, data-i18n-title, data-i18n-placeholder attributes in the pages,
//   __MSG_key__ in manifest.json, and string literals passed to the i18n helper `t` (read from the source with
//   espree, ESLint's parser: the first argument of every call of `t`, literals and conditionals of literals);
// - dynamically: built by one of lib/i18n.js `keys` from each value of the set KEY_SETS names for it (the shipped
//   module's reasonCodes(), presets(), the notices of its presets' engines and the categories of its platforms();
//   lib/messages.js CONTEXTS, lib/choices.js OPT_IN_CONTEXTS, lib/settings.js ACTIONS and IMPORT_ERRORS).
// A call of `t` whose key is neither fails the test: every key is one of the two kinds.
//
// Needs dist/ (bash scripts/build.sh): the module, and lib/settings.js with its generated lib/facts.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import * as espree from 'espree';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LOCALES = path.join(ROOT, 'extension/_locales');

// --- the helper, the builders and the sets ---

const world = vm.createContext({ URL });
for (const file of ['extension/lib/i18n.js', 'dist/chrome/lib/facts.js', 'extension/lib/messages.js']) vm.runInContext(readFileSync(path.join(ROOT, file), 'utf8'), world);
const { keys, KEY_SETS } = world.linkgate.i18n;

const pkg = path.join(ROOT, 'dist/pkg');
const wasm = await import(path.join(pkg, 'linkgate.js'));
await wasm.default({ module_or_path: await readFile(path.join(pkg, 'linkgate_bg.wasm')) });
const { OPT_IN_CONTEXTS } = await import(path.join(ROOT, 'dist/chrome/lib/choices.js'));
// lib/settings.js reads nothing of the extension API when it loads; lib/browser.js only asks for the extension id.
globalThis.chrome = { runtime: { id: 'locale-test' } };
const { ACTIONS, IMPORT_ERRORS } = await import(path.join(ROOT, 'dist/chrome/lib/settings.js'));
delete globalThis.chrome;

const presetIds = wasm.presets().map((p) => p.id);
const SETS = {
  reasonCodes: wasm.reasonCodes(),
  presets: presetIds,
  notices: [...new Set(presetIds.flatMap((preset) => new wasm.WasmEngine(JSON.stringify({ preset }), null, null).notices))],
  categories: [...new Set(wasm.platforms().map((p) => p.category))],
  contexts: [...world.linkgate.messages.CONTEXTS],
  optInContexts: [...OPT_IN_CONTEXTS],
  actions: [...ACTIONS],
  importErrors: Object.values(IMPORT_ERRORS),
  foldKinds: wasm.foldKinds(),
  chatFoldings: wasm.chatFoldings(),
  foldChoices: wasm.foldChoices(),
  resolveErrors: wasm.resolveErrorCodes(),
};

// --- what the code uses ---

async function filesUnder(dir, ext) {
  const out = [];
  for (const entry of await readdir(path.join(ROOT, dir), { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(ext)) out.push(path.relative(ROOT, path.join(entry.parentPath, entry.name)));
  }
  return out.sort();
}

const SOURCES = [...(await filesUnder('extension', '.js')), ...(await filesUnder('www', '.js'))];
const PAGES = [...(await filesUnder('extension', '.html')), ...(await filesUnder('www', '.html'))];

/** Every node of an espree AST. */
function* nodes(node) {
  if (!node || typeof node.type !== 'string') return;
  yield node;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent' || key === 'loc' || key === 'range') continue;
    for (const child of Array.isArray(value) ? value : [value]) if (child && typeof child === 'object') yield* nodes(child);
  }
}

const isHelper = (callee) =>
  (callee.type === 'Identifier' && callee.name === 't') || (callee.type === 'MemberExpression' && !callee.computed && callee.property.name === 't');
/** `keys.x(...)` or `i18n.keys.x(...)`: the builder's name, else null. */
function builderOf(node) {
  if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression' || node.callee.computed) return null;
  const { object, property } = node.callee;
  const onKeys = (object.type === 'Identifier' && object.name === 'keys') || (object.type === 'MemberExpression' && !object.computed && object.property.name === 'keys');
  return onKeys ? property.name : null;
}
/** What a key expression passed to `t` can be: literal keys, builders, or unreadable (null). */
function keyExpression(node) {
  if (node.type === 'Literal' && typeof node.value === 'string') return { literals: [node.value], builders: [] };
  if (node.type === 'ConditionalExpression') {
    const [a, b] = [keyExpression(node.consequent), keyExpression(node.alternate)];
    return a && b ? { literals: [...a.literals, ...b.literals], builders: [...a.builders, ...b.builders] } : null;
  }
  const builder = builderOf(node);
  return builder ? { literals: [], builders: [builder] } : null;
}

async function usage() {
  const literals = new Map(); // key -> first place
  const builders = new Map(); // builder -> first place
  const unreadable = [];
  const unknownBuilders = [];
  for (const file of SOURCES) {
    // lib/i18n.js is the helper itself: its own calls of `t` fill the data-i18n attributes, read from the pages below.
    if (file === 'extension/lib/i18n.js') continue;
    const source = await readFile(path.join(ROOT, file), 'utf8');
    const ast = espree.parse(source, { ecmaVersion: 'latest', sourceType: 'module', loc: true, range: true });
    for (const node of nodes(ast)) {
      const builder = builderOf(node);
      if (builder) {
        if (!Object.hasOwn(KEY_SETS, builder)) unknownBuilders.push(`${file}:${node.loc.start.line}: keys.${builder}`);
        else if (!builders.has(builder)) builders.set(builder, `${file}:${node.loc.start.line}`);
      }
      if (node.type !== 'CallExpression' || !isHelper(node.callee)) continue;
      const where = `${file}:${node.loc.start.line}`;
      const found = node.arguments[0] ? keyExpression(node.arguments[0]) : null;
      if (!found) unreadable.push(`${where}: ${source.slice(...node.range).slice(0, 80)}`);
      else for (const key of found.literals) if (!literals.has(key)) literals.set(key, where);
    }
  }
  for (const file of PAGES) {
    const html = await readFile(path.join(ROOT, file), 'utf8');
    for (const m of html.matchAll(/\sdata-i18n(?:-label|-title|-placeholder)?="([^"]*)"/g)) if (!literals.has(m[1])) literals.set(m[1], file);
  }
  const manifest = await readFile(path.join(ROOT, 'manifest.json'), 'utf8');
  for (const m of manifest.matchAll(/__MSG_(\w+)__/g)) if (!literals.has(m[1])) literals.set(m[1], 'manifest.json');
  const used = new Map(literals);
  for (const [builder, where] of builders) for (const value of SETS[KEY_SETS[builder]]) if (!used.has(keys[builder](value))) used.set(keys[builder](value), `${where} (keys.${builder}('${value}'))`);
  return { used, builders, unreadable, unknownBuilders };
}

const { used, builders, unreadable, unknownBuilders } = await usage();
const locales = {};
for (const entry of await readdir(LOCALES, { withFileTypes: true })) {
  if (entry.isDirectory()) locales[entry.name] = JSON.parse(await readFile(path.join(LOCALES, entry.name, 'messages.json'), 'utf8'));
}

test('the locales are English and 简体中文, English the default', async () => {
  assert.deepEqual(Object.keys(locales).sort(), ['en', 'zh_CN']);
  assert.equal(JSON.parse(await readFile(path.join(ROOT, 'manifest.json'), 'utf8')).default_locale, 'en');
});

test('every builder has its set, every set has values, and the code uses every builder', () => {
  assert.deepEqual(Object.keys(keys).sort(), Object.keys(KEY_SETS).sort(), 'lib/i18n.js: a builder without a set, or a set without a builder');
  for (const [builder, set] of Object.entries(KEY_SETS)) {
    assert.ok(Array.isArray(SETS[set]) && SETS[set].length > 0, `keys.${builder}: no values for the set '${set}'`);
  }
  assert.deepEqual(unknownBuilders, [], 'calls of builders lib/i18n.js does not have');
  assert.deepEqual(Object.keys(KEY_SETS).filter((b) => !builders.has(b)), [], 'builders nothing calls');
  assert.ok(SETS.reasonCodes.includes('credentials_in_url') && SETS.notices.includes('wechat_external_link') && SETS.presets.includes('default'));
});

test('every call of the i18n helper names its key: a literal, a conditional of literals, or a builder', () => {
  assert.deepEqual(unreadable, []);
  assert.ok(used.size > 200, `found ${used.size} keys in use`);
});

for (const [locale, messages] of Object.entries(locales)) {
  test(`${locale}: every key in use has a string`, () => {
    const missing = [...used].filter(([key]) => typeof messages[key]?.message !== 'string' || messages[key].message === '').map(([key, where]) => `${key} (${where})`);
    assert.deepEqual(missing, []);
  });

  test(`${locale}: every string is in use`, () => {
    assert.deepEqual(Object.keys(messages).filter((key) => !used.has(key)), []);
  });

  test(`${locale}: every string has a description for translators, and the placeholders of English`, () => {
    for (const [key, entry] of Object.entries(messages)) {
      assert.ok(typeof entry.description === 'string' && entry.description.trim(), `${key}: no description`);
      const names = (e) => Object.keys(e?.placeholders ?? {}).sort();
      assert.deepEqual(names(entry), names(locales.en[key]), `${key}: placeholders differ from English`);
    }
  });
}
