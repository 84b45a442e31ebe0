// The validator every extension part runs on the messages it receives (extension/lib/messages.js), loaded as the
// classic script it is. Each case changes one thing of a good message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const context = vm.createContext({ URL }); // as in a browser, where every part that loads it has URL
// lib/facts.js (generated into dist/ from the engine by bash scripts/build.sh) first, as everywhere it is loaded.
for (const file of ['dist/chrome/lib/facts.js', 'extension/lib/messages.js']) vm.runInContext(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'), context);
const { validate, refusal, COMMANDS, COMMAND_NAMES, COMMAND_PAGES, MAX_BATCH, MAX_URL, MAX_TEXT, isLinkHref, isLinkText } = context.linkgate.messages;

const classify = (change = {}) => ({
  type: 'classify',
  hrefs: ['https://item.taobao.com/item.htm?id=1', 'https://example.com/'],
  texts: ['淘宝', null],
  contexts: 'dg',
  tables: false,
  ...change,
});

test('a classify batch in columns is accepted', () => {
  assert.equal(validate(classify()), true);
  assert.equal(validate(classify({ hrefs: [], texts: [], contexts: '' })), true);
  const n = MAX_BATCH;
  assert.equal(validate(classify({ hrefs: Array(n).fill('https://a.example/'), texts: Array(n).fill(null), contexts: 'u'.repeat(n) })), true);
});

test('a classify batch whose links are each too long or hold U+0000 is still answered, link by link', () => {
  // The batch is accepted; the worker decides each such link as the empty link (warn, invalid_url).
  for (const change of [
    { hrefs: ['https://a.example/\0', 'https://b.example/'] },
    { hrefs: [`https://a.example/${'x'.repeat(MAX_URL)}`, 'https://b.example/'] },
    { texts: ['a\0b', null] },
    { texts: ['x'.repeat(MAX_TEXT + 1), null] },
  ]) {
    assert.equal(validate(classify(change)), true, JSON.stringify(change).slice(0, 80));
  }
  assert.equal(isLinkHref('https://b.example/'), true);
  assert.equal(isLinkHref('https://a.example/\0'), false);
  assert.equal(isLinkHref(`https://a.example/${'x'.repeat(MAX_URL)}`), false);
  assert.equal(isLinkText(null), true);
  assert.equal(isLinkText('x'.repeat(MAX_TEXT + 1)), false);
  assert.equal(isLinkText('a\0b'), false);
});

test('a classify batch that does not line up is refused', () => {
  const bad = {
    'a text short': { texts: ['淘宝'] },
    'a context short': { contexts: 'd' },
    'an unknown context letter': { contexts: 'dx' },
    'a context name instead of letters': { contexts: ['direct', 'group'] },
    'a number for an href': { hrefs: [1, 'https://b.example/'] },
    'a text that is not a string': { texts: [{}, null] },
    'tables missing': { tables: undefined },
    'an extra field': { links: [] },
    'too many links': { hrefs: Array(MAX_BATCH + 1).fill('x'), texts: Array(MAX_BATCH + 1).fill(null), contexts: 'g'.repeat(MAX_BATCH + 1) },
  };
  for (const [why, change] of Object.entries(bad)) {
    const message = classify(change);
    for (const [k, v] of Object.entries(change)) if (v === undefined) delete message[k];
    assert.equal(validate(message), false, why);
  }
});

test('the other shapes: known types only, exact fields', () => {
  assert.equal(validate({ type: 'settings-changed' }), true);
  assert.equal(validate({ type: 'settings-changed', extra: 1 }), false);
  assert.equal(validate({ type: 'nope' }), false);
  assert.equal(validate(null), false);
  assert.equal(validate([]), false);
  assert.equal(validate({ type: 'show-interstitial', href: 'https://a.example/', text: null, context: 'group', disposition: 'new-tab' }), true);
  assert.equal(validate({ type: 'show-interstitial', href: 'https://a.example/', text: null, context: 'room', disposition: 'new-tab' }), false);
  assert.equal(validate({ type: 'scan', items: [{ id: 't1', text: '【淘宝】', context: 'direct' }] }), true);
  assert.equal(validate({ type: 'scan', items: [{ id: 't1', text: 5, context: 'direct' }] }), false);
  const intent = { type: 'intent', href: 'https://a.example/', text: 'a', context: 'direct', disposition: 'new-tab', opened: false };
  assert.equal(validate(intent), true);
  assert.equal(validate({ ...intent, disposition: null, opened: true }), true);
  assert.equal(validate({ ...intent, site: 'x' }), false);
  assert.equal(validate({ ...intent, disposition: 'popup' }), false);
  assert.equal(validate({ ...intent, opened: 1 }), false);
  assert.equal(validate({ type: 'guard', url: 'https://a.example/' }), true);
  assert.equal(validate({ type: 'guard', url: 'x'.repeat(2 * 1024 * 1024 + 1) }), false);
  assert.equal(validate({ type: 'guard', url: 5 }), false);
});

test('the commands of linkgate\'s pages are one frozen set, each with its page and its fields', () => {
  assert.ok(Object.isFrozen(COMMANDS) && Object.isFrozen(COMMAND_NAMES) && Object.isFrozen(COMMAND_PAGES));
  assert.deepEqual([...COMMAND_NAMES].sort(), ['guard', 'opt-in', 'pause', 'proceed', 'proceed-destination', 'report', 'resolve', 'resume', 'trust']);
  assert.deepEqual(Object.keys(COMMAND_PAGES).sort(), [...COMMAND_NAMES].sort(), 'each command comes from one page');
  assert.equal(COMMAND_PAGES[COMMANDS.GUARD], 'pages/guard.html');
  const until = Date.now() + 60 * 60_000;
  const good = {
    guard: { url: 'https://a.example/' },
    proceed: { record: '0b5c1a52-8a1e-4c55-9f0e-3f1a2b4c5d6e' },
    'opt-in': { record: 'r1' },
    trust: { record: 'r1' },
    report: { record: 'r1' },
    pause: { origin: 'http://127.0.0.1:8080', until },
    resume: { origin: 'https://web.wechat.com' },
    resolve: { record: 'r1' },
    'proceed-destination': { record: 'r1' },
  };
  for (const name of COMMAND_NAMES) {
    const message = { type: name, ...good[name] };
    assert.equal(validate(message), true, name);
    assert.equal(refusal(message), null, name);
    assert.equal(validate({ ...message, extra: 1 }), false, `${name} with an extra field`);
    assert.match(refusal({ ...message, extra: 1 }), new RegExp(`the command "${name}" has missing, extra or malformed fields`));
  }
  const bad = {
    'no record': { type: 'proceed' },
    'an empty record': { type: 'trust', record: '' },
    'a record that is not a string': { type: 'report', record: 7 },
    'a long record': { type: 'opt-in', record: 'x'.repeat(65) },
    'an origin with a path': { type: 'pause', origin: 'https://a.example/x', until },
    'a non-web origin': { type: 'resume', origin: 'chrome-extension://abc' },
    'a pause of more than a day': { type: 'pause', origin: 'https://a.example', until: Date.now() + 25 * 60 * 60_000 },
    'a pause until no number': { type: 'pause', origin: 'https://a.example', until: 'later' },
    'a resolve with a URL instead of its record': { type: 'resolve', url: 'http://bit.ly/x' },
    'a destination without a record': { type: 'proceed-destination' },
  };
  for (const [why, message] of Object.entries(bad)) assert.equal(validate(message), false, why);
});

test('an unknown command is refused with a clear error that names the known ones', () => {
  for (const type of ['launch', 'dont-proceed', 'copy', 'PROCEED', 'command']) {
    const message = { type, record: 'r1' };
    assert.equal(validate(message), false, type);
    assert.equal(refusal(message), `unknown command ${JSON.stringify(type)} (commands: ${COMMAND_NAMES.join(', ')})`, type);
  }
  assert.match(refusal({ type: 'x'.repeat(500) }), /^unknown command "x{40}" \(commands: /, 'a long name is cut');
  assert.equal(refusal(null), 'not a message (an object with a string `type`)');
  assert.equal(refusal({ command: 'proceed' }), 'not a message (an object with a string `type`)');
  assert.match(refusal({ type: 'intent', href: 5 }), /^a message of type "intent" has missing, extra or malformed fields$/);
});

const { MAX_FOLD_MESSAGES, MAX_MESSAGE_LINKS, MAX_KEY } = context.linkgate.messages;
const foldMessage = (change = {}) => ({
  key: 'm1',
  sender: 'Alice',
  time: 1764680000,
  text: '帮我砍一刀 https://mobile.yangkeduo.com/goods.html?goods_id=1',
  context: 'group',
  links: [{ href: 'https://mobile.yangkeduo.com/goods.html?goods_id=1', text: null }],
  ...change,
});
const fold = (change = {}, messageChange = {}) => ({ type: 'fold', conversation: 'room@muc.example', replay: 'r1', messages: [foldMessage(messageChange)], ...change });

test('a fold request, a chat choice and a show are accepted', () => {
  assert.equal(validate(fold()), true);
  assert.equal(validate(fold({}, { sender: null, time: null })), true);
  assert.equal(validate(fold({ messages: Array(MAX_FOLD_MESSAGES).fill(foldMessage()) })), true);
  for (const folding of ['auto', 'never', 'all']) {
    assert.equal(validate({ type: 'fold-chat', conversation: 'c', folding }), true);
    assert.equal(validate({ type: 'set-chat-folding', folding }), true);
  }
  assert.equal(validate({ type: 'fold-show', conversation: 'c', key: 'm1', shown: true }), true);
});

test('fold messages of another shape are refused', () => {
  const bad = {
    'no replay': [{ replay: '' }],
    'an empty conversation': [{ conversation: '' }],
    'a conversation too long': [{ conversation: 'x'.repeat(MAX_KEY + 1) }],
    'too many messages': [{ messages: Array(MAX_FOLD_MESSAGES + 1).fill(foldMessage()) }],
    'a message without links': [{}, { links: [] }],
    'too many links': [{}, { links: Array(MAX_MESSAGE_LINKS + 1).fill({ href: 'https://a.example/', text: null }) }],
    'a negative time': [{}, { time: -1 }],
    'a time that is not a number': [{}, { time: '12:00' }],
    'an unknown context': [{}, { context: 'room' }],
    'an extra field on a link': [{}, { links: [{ href: 'https://a.example/', text: null, action: 'open' }] }],
    'a sender that is not a string': [{}, { sender: 7 }],
    'an empty key': [{}, { key: '' }],
  };
  for (const [why, [change, messageChange]] of Object.entries(bad)) assert.equal(validate(fold(change, messageChange ?? {})), false, why);
  assert.equal(validate({ type: 'fold-chat', conversation: 'c', folding: 'sometimes' }), false);
  assert.equal(validate({ type: 'fold-show', conversation: 'c', key: 'm1', shown: 'yes' }), false);
  assert.equal(validate({ type: 'set-chat-folding', folding: 'never', conversation: 'c' }), false);
});
