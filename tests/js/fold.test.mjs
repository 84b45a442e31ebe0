// Folding from JavaScript, as the worker calls it (src/wasm.rs `FoldChat`, `foldMessage`): one FoldChat a
// conversation, handed every message in order; its JSON outlives a restart; bad messages throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

const pkg = new URL('../../dist/pkg/', import.meta.url);
const wasm = await import(new URL('linkgate.js', pkg));
await wasm.default({ module_or_path: await readFile(new URL('linkgate_bg.wasm', pkg)) });
const engine = new wasm.WasmEngine(JSON.stringify({ preset: 'default' }), null, null);
const item = 'https://item.taobao.com/item.htm?id=680134502317';
const message = (fields) => ({ context: 'group', sender: 'alice', time: 1000, text: '', folding: 'auto', links: [{ href: item, text: null }], ...fields });
const ids = (folds) => Array.from(folds, (f) => f?.ruleId ?? null);

test('a repeat folds in a group chat and not in a direct one', () => {
  const group = new wasm.FoldChat(null);
  assert.deepEqual(ids(engine.foldMessage(group, message())), [null]);
  const again = engine.foldMessage(group, message({ sender: 'bob', time: 1060 }));
  assert.deepEqual(again.map((f) => ({ ...f })), [{ kind: 'repeat', ruleId: 'default.repeats_in_groups', platform: 'taobao', category: 'ecommerce' }]);
  const direct = new wasm.FoldChat(null);
  engine.foldMessage(direct, message({ context: 'direct' }));
  assert.deepEqual(ids(engine.foldMessage(direct, message({ context: 'direct', time: 1060 }))), [null]);
});

test('a bargain request folds by its words; the chat choices come first', () => {
  const chat = new wasm.FoldChat(null);
  const bargain = message({ text: `帮我砍一刀 ${item}` });
  assert.deepEqual(ids(engine.foldMessage(chat, bargain)), ['default.bargains_in_groups']);
  assert.deepEqual(ids(engine.foldMessage(new wasm.FoldChat(null), { ...bargain, folding: 'never' })), [null]);
  assert.deepEqual(ids(engine.foldMessage(new wasm.FoldChat(null), message({ context: 'direct', folding: 'all' }))), ['chat.fold_all']);
});

test('the state survives a restart as JSON, and a corrupt one is refused', () => {
  const chat = new wasm.FoldChat(null);
  engine.foldMessage(chat, message());
  assert.equal(chat.items, 1);
  const restored = new wasm.FoldChat(chat.toJSON());
  assert.deepEqual(ids(engine.foldMessage(restored, message({ time: 1100 }))), ['default.repeats_in_groups']);
  assert.throws(() => new wasm.FoldChat('{"seen": 3}'), /bad fold state/);
});

test('a message of another shape throws, and nothing is recorded', () => {
  const chat = new wasm.FoldChat(null);
  assert.throws(() => engine.foldMessage(chat, message({ context: 'room' })), /invalid context/);
  assert.throws(() => engine.foldMessage(chat, message({ folding: 'sometimes' })), /invalid folding/);
  assert.throws(() => engine.foldMessage(chat, message({ time: -1 })), /invalid time/);
  // (Fields it does not know are not read: serde-wasm-bindgen reads a struct's own fields; lib/messages.js refuses them.)
  assert.throws(() => engine.foldMessage(chat, message({ links: [{ text: 'no href' }] })), /bad message/);
  assert.throws(() => engine.foldMessage(chat, { context: 'group' }), /bad message/);
  assert.equal(chat.items, 0);
});
