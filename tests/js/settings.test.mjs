// The settings logic the worker, the options page and the popup share (extension/lib/settings.js): the person's
// folding choices are checked like the opt-ins, reach the engine's settings, and survive an export and import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFile } from 'node:fs/promises';

const ROOT = path.resolve(import.meta.dirname, '../..');
// lib/settings.js reads nothing of the extension API when it loads; lib/browser.js only asks for the extension id.
globalThis.chrome = { runtime: { id: 'settings-test' } };
const settings = await import(path.join(ROOT, 'dist/chrome/lib/settings.js'));
delete globalThis.chrome;
const wasm = await import(path.join(ROOT, 'dist/pkg/linkgate.js'));
await wasm.default({ module_or_path: await readFile(path.join(ROOT, 'dist/pkg/linkgate_bg.wasm')) });

test('folding choices keep only fold and show per known context; anything else is dropped', () => {
  assert.deepEqual(settings.FOLD_CHOICES, ['fold', 'show']);
  assert.deepEqual(settings.cleanFolds({ taobao: { group: 'fold', direct: 'show', feed: 'open' }, jd: { room: 'fold' }, bad: 'fold', [''.padEnd(65, 'x')]: { group: 'fold' } }), {
    taobao: { group: 'fold', direct: 'show' },
  });
  assert.deepEqual(settings.cleanFolds(null), {});
  assert.deepEqual(settings.cleanFolds([['taobao', 'fold']]), {});
});

test('the engine is built with the folding choices, and the engine accepts them', () => {
  const effective = settings.effectiveSettings({ preset: 'default', folds: { taobao: { group: 'show' }, jd: { direct: 'fold' } } }, {});
  assert.deepEqual(effective.folds, { taobao: { group: 'show' }, jd: { direct: 'fold' } });
  assert.equal(wasm.validateSettings(JSON.stringify(effective)), null);
  assert.equal(settings.effectiveSettings({ folds: { taobao: { group: 'sometimes' } } }, {}).folds, undefined, 'nothing valid: no folds key');
  // The matrix says what the rules fold and what the person chose.
  const engine = new wasm.WasmEngine(JSON.stringify(effective), null, null);
  const rows = Object.fromEntries(engine.platformMatrix().map((r) => [r.id, r]));
  assert.deepEqual([rows.taobao.group.folds, rows.taobao.group.foldChoice], [['bargain', 'repeat'], 'show']);
  assert.deepEqual([rows.jd.direct.folds, rows.jd.direct.foldChoice], [[], 'fold']);
  // The person's choice decides the fold.
  const chat = new wasm.FoldChat(null);
  const message = (href) => ({ context: 'direct', sender: 'a', time: 1, text: '', links: [{ href }] });
  assert.equal(engine.foldMessage(chat, message('https://item.jd.com/100012043978.html'))[0].ruleId, 'user.fold');
});

test('an export carries the folding choices and an import brings them back; a bad one is refused', () => {
  const validate = { settings: (json) => wasm.validateSettings(json), rules: (json) => wasm.validateRules(json) };
  const file = { kind: settings.EXPORT_KIND, schemaVersion: 1, settings: { schemaVersion: 1, optIns: {}, trustedDomains: [], folds: { taobao: { group: 'fold' } } }, customRules: null };
  const parsed = settings.parseImport(JSON.stringify(file), validate);
  assert.equal(parsed.ok, true);
  assert.deepEqual(parsed.data.sync.folds, { taobao: { group: 'fold' } });
  // Short links resolved by themselves: off unless the file says true (an older file has no such field).
  assert.deepEqual(parsed.data.autoResolve, { direct: false, group: false });
  const auto = settings.parseImport(JSON.stringify({ ...file, autoResolve: { direct: true, group: 'yes' } }), validate);
  assert.deepEqual(auto.data.autoResolve, { direct: true, group: false });
  const bad = settings.parseImport(JSON.stringify({ ...file, settings: { ...file.settings, folds: { nosuchapp: { group: 'fold' } } } }), validate);
  assert.equal(bad.ok, false);
  assert.equal(bad.error, settings.IMPORT_ERRORS.BAD_SETTINGS);
});
