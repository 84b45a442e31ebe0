// The shipped wasm module (dist/pkg, built by `make dist`) from JavaScript, as the worker calls it: the packed verdicts
// of `classifyVerdicts` must say what the full `classify` says, and a batch whose columns do not line up must throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const pkg = new URL('../../dist/pkg/', import.meta.url);
const wasm = await import(new URL('linkgate.js', pkg));
await wasm.default({ module_or_path: await readFile(new URL('linkgate_bg.wasm', pkg)) });
const engine = new wasm.WasmEngine(JSON.stringify({ preset: 'default' }), null, null);
const platforms = wasm.platforms();
const codes = wasm.reasonCodes();
const reasonTables = { reasonCodes: codes, reasonClasses: wasm.reasonClasses() };
// The content script's decoding of the reason bits (extension/content/verdicts.js), loaded as the classic script it is.
const content = vm.createContext({});
for (const file of ['dist/chrome/lib/facts.js', 'extension/content/verdicts.js']) vm.runInContext(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'), content);
const { reasonsOf } = content.linkgate.verdicts;
// (Array.from: an array of this realm, not of the script's context, for deepEqual.)
const reasonCodesOf = (bits) => Array.from(reasonsOf(bits, reasonTables), (r) => r.code);
const ACTIONS = ['open', 'warn', 'block'];
const utf8 = new TextEncoder();
/** classifyVerdicts as the worker calls it: the hrefs and texts as UTF-8 bytes. */
const verdicts = (hrefs, texts, contexts) => engine.classifyVerdicts(utf8.encode(hrefs), utf8.encode(texts), contexts);

const links = [
  ['https://item.taobao.com/item.htm?id=1', null, 'direct'],
  ['https://item.taobao.com/item.htm?id=1', null, 'group'],
  ['https://v.douyin.com/iRNBho6u/', '抖音', 'feed'],
  ['https://taobao-login.example/', null, 'unknown'],
  ['https://user:pw@example.com/', null, 'direct'],
  ['javascript:alert(1)', null, 'group'],
  ['https://example.com/', 'https://item.taobao.com/', 'direct'],
  ['http://xn--80ak6aa92e.com/', null, 'group'],
  ['not a url', null, 'direct'],
];

test('classifyVerdicts says what classify says, link by link', () => {
  const words = verdicts(
    links.map(([href]) => href).join('\0'),
    links.map(([, text]) => text ?? '').join('\0'),
    links.map(([, , context]) => context[0]).join(''),
  );
  assert.equal(words.length, 2 * links.length);
  const seen = new Set();
  links.forEach(([href, text, context], i) => {
    const d = engine.classify(href, text, context);
    const head = words[2 * i];
    const reasons = reasonCodesOf(words[2 * i + 1]);
    const platform = (head >>> 2) & 0x3ff;
    assert.equal(ACTIONS[head & 3], d.action, href);
    assert.equal(platform ? platforms[platform - 1].id : null, d.platform?.id ?? null, href);
    assert.deepEqual(reasons.sort(), d.reasons.map((r) => r.code).sort(), href);
    seen.add(d.action);
  });
  assert.deepEqual([...seen].sort(), ['block', 'open', 'warn'], 'the links cover every action');
});

test('verdict gives one link the two words classifyVerdicts gives it in a batch', () => {
  const batch = verdicts(
    links.map(([href]) => href).join('\0'),
    links.map(([, text]) => text ?? '').join('\0'),
    links.map(([, , context]) => context[0]).join(''),
  );
  links.forEach(([href, text, context], i) => {
    const words = engine.verdict(href, text, context);
    assert.equal(words.length, 2, href);
    assert.deepEqual(Array.from(words), [batch[2 * i], batch[2 * i + 1]], href);
  });
  // A notice (bits 12-30 of the head word) names the engine's notice: the 2021-09 preset's warning page in a 1:1 chat.
  const wechat = new wasm.WasmEngine(JSON.stringify({ preset: 'wechat-2021-09' }), null, null);
  const [head] = wechat.verdict('https://item.taobao.com/item.htm?id=1', null, 'direct');
  const notice = (head >>> 12) & 0x7ffff;
  assert.equal(ACTIONS[head & 3], 'warn');
  assert.ok(notice > 0, 'the 2021-09 preset warns with its notice');
  assert.equal(wechat.notices[notice - 1], wechat.classify('https://item.taobao.com/item.htm?id=1', null, 'direct').notice);
  assert.throws(() => engine.verdict('https://a.example/', null, 'nowhere'), /context/);
  // Bit 31: a short link (as isShortLink says), through a redirect wrapper too.
  for (const href of ['https://m.tb.cn/h.x', 'https://bit.ly/x', 'https://l.facebook.com/l.php?u=https%3A%2F%2Fbit.ly%2Fx', 'https://item.taobao.com/item.htm?id=1', 'https://example.com/']) {
    assert.equal(engine.verdict(href, null, 'direct')[0] >>> 31 === 1, engine.isShortLink(href), href);
  }
  assert.equal(engine.verdict('https://m.tb.cn/h.x', null, 'direct')[0] >>> 31, 1);
  assert.equal(engine.isShortLink('https://l.facebook.com/l.php?u=https%3A%2F%2Fbit.ly%2Fx'), true);
});

test('a batch whose columns do not line up throws, and an empty one is empty', () => {
  assert.throws(() => verdicts('https://a.example/\0https://b.example/', '', 'g'), /bad batch/);
  assert.throws(() => verdicts('https://a.example/', '\0', 'g'), /bad batch/);
  assert.throws(() => verdicts('https://a.example/', '', 'gg'), /bad batch/);
  assert.throws(() => verdicts('https://a.example/', '', 'x'), /invalid context letter/);
  assert.throws(() => verdicts('https://a.example/', '', ''), /without contexts/);
  assert.equal(verdicts('', '', '').length, 0);
  assert.equal(verdicts('', '', 'u').length, 2, 'one empty href is one (invalid) link');
});

test('each reason carries its class from the engine, the same in classify, reasonClasses() and the risk mask', () => {
  const classes = wasm.reasonClasses();
  const risk = wasm.riskReasonMask();
  assert.equal(classes.length, codes.length);
  assert.deepEqual([...new Set(classes)].sort(), ['blocking', 'fact', 'informational', 'risk']);
  const risky = reasonCodesOf(risk);
  codes.forEach((code, b) => assert.equal(classes[b] === 'risk', risky.includes(code), code));
  let seen = 0;
  for (const [href, text, context] of links) {
    for (const r of engine.classify(href, text, context).reasons) {
      assert.equal(r.class, classes[codes.indexOf(r.code)], `${href}: ${r.code}`);
      seen += 1;
    }
  }
  assert.ok(seen >= 8, `the links give reasons of several classes (${seen})`);
});

test('short links from JavaScript: resolveStart, resolveAnswer and the error shape the worker reads', () => {
  assert.equal(engine.isShortLink('https://m.tb.cn/h.x?tk=1'), true);
  assert.equal(engine.isShortLink('https://item.taobao.com/item.htm?id=1'), false);
  assert.equal(engine.isShortLink('taobao://m.tb.cn/x'), false);
  assert.deepEqual(engine.shortLinkLimits(), { hops: 5, seconds: 5, bodyBytes: 262144 });
  assert.ok(wasm.resolveErrorCodes().includes('private_address'));

  const r = engine.resolveStart('https://m.tb.cn/h.x');
  assert.deepEqual(r.step(), { fetch: 'https://m.tb.cn/h.x' });
  // A page that names its target in the host's variable; the destination is not fetched.
  const step = engine.resolveAnswer(r, 200, null, "<script>var url = 'https://item.taobao.com/item.htm?id=7';</script>");
  assert.deepEqual(step, { arrived: 'https://item.taobao.com/item.htm?id=7' });
  assert.deepEqual(r.hops(), [
    { url: 'https://m.tb.cn/h.x', via: 'link', status: 200 },
    { url: 'https://item.taobao.com/item.htm?id=7', via: 'script', status: null },
  ]);
  // Over: every further answer is refused.
  assert.throws(() => engine.resolveAnswer(r, 302, 'https://t.cn/x', null));
  r.free();

  const thrown = (fn) => {
    try {
      fn();
    } catch (error) {
      return error;
    }
    return null;
  };
  assert.deepEqual(thrown(() => engine.resolveStart('https://example.com/')), { code: 'not_a_short_link', message: 'not a short link: nothing to resolve' });
  const p = engine.resolveStart('http://t.cn/x');
  const refused = thrown(() => engine.resolveAnswer(p, 302, 'http://192.168.1.1/admin', null));
  assert.equal(refused.code, 'private_address');
  assert.equal(refused.url, 'http://192.168.1.1/admin');
  assert.match(refused.message, /refused and never requested/);
  p.free();
  assert.deepEqual(engine.resolveFailure('timeout', ''), { code: 'timeout', message: 'no answer within 5 seconds' });
  assert.equal(engine.resolveFailure('not_allowed', 'bit.ly').code, 'not_allowed');
});
