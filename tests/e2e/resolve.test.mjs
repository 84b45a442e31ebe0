// "Where does it go?" end to end (issue 16, docs/short-links.md): Chromium with the built extension, the short-link
// hosts sent to fake shorteners on loopback (--host-resolver-rules). A short link in a direct chat is clicked, its
// warning page resolves it on the person's click, and shows the chain and the destination's decision; the fakes
// record what they were asked, so each case asserts that the destination (or a private address) never was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openChat, interstitialAction, screenshot, storage, waitMark, link, inExtension, inContent, waitInContent } from './helpers.mjs';
import { startFakeShorteners, startProbe, hostResolverRules, SHORT_HOSTS } from './fake-shorteners.mjs';

let probe;
let fakes;
let env;

before(async () => {
  probe = await startProbe();
  fakes = await startFakeShorteners({ probe: probe.origin });
  env = await launch({ args: [hostResolverRules(fakes.port)], routePass: SHORT_HOSTS });
});
after(async () => {
  await env?.close();
  await fakes?.close();
  await probe?.close();
});

/** A new message in Alice's direct chat with a link to `href`, clicked: its warning page, resolved. */
async function resolvedPage(href, { resolve = true, on = env } = {}) {
  const page = await openChat(on, 'dm-alice');
  await page.evaluate((h) => {
    const a = Object.assign(document.createElement('a'), { href: h, textContent: h });
    a.dataset.demoLink = 'injected-short';
    document.querySelector('section.conversation .message-text').append(' ', a);
  }, href);
  await waitMark(page, link('injected-short'), 'warn');
  await page.click(link('injected-short'));
  assert.equal(await interstitialAction(on, page), 'warn');
  if (resolve) {
    await page.click('button[data-action="resolve"]');
    await page.waitForSelector('section.resolution .destination, section.resolution [role="alert"]', { timeout: 15000 });
  }
  return page;
}

const hops = (page) => page.$$eval('section.resolution ol.chain li .url', (els) => els.map((e) => e.textContent));
const errorOf = (page) => page.$eval('section.resolution [data-error]', (e) => e.dataset.error).catch(() => null);

test('a 302 chain: the chain is shown, the destination decided and never requested; Continue opens it', async () => {
  const page = await resolvedPage('http://bit.ly/chain');
  assert.deepEqual(await hops(page), ['http://bit.ly/chain', 'http://b23.tv/BV1', 'https://www.bilibili.com/video/BV1xx411c7mD?share_source=copy']);
  assert.equal(await page.textContent('[data-field="destination-app"]'), 'Bilibili');
  assert.deepEqual(fakes.asked().filter((a) => !a.startsWith('bit.ly/chain') && !a.startsWith('b23.tv/BV1')), []);
  // Nothing of the person went with the requests.
  for (const s of fakes.seen) for (const h of ['cookie', 'referer', 'authorization']) assert.equal(s.headers[h], undefined, `${h} sent to ${s.host}`);
  await screenshot(page, 'resolve-chain-en');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'resolve-chain-en-dark');
  await page.click('button[data-action="continueDestination"]');
  await page.waitForURL(/^https:\/\/www\.bilibili\.com\/video\//, { timeout: 10000 });
  await page.close();
});

test('pages are read, never run: a script variable and a meta refresh', async () => {
  let page = await resolvedPage('http://bit.ly/script');
  assert.deepEqual((await hops(page)).at(-1), 'https://item.taobao.com/item.htm?id=42&spm=a2.b');
  assert.match(await page.textContent('section.resolution .destination'), /Taobao/);
  await page.close();
  page = await resolvedPage('http://bit.ly/meta');
  assert.deepEqual(await hops(page), ['http://bit.ly/meta', 'http://u.jd.com/jda?e=7', 'https://item.jd.com/100012043978.html']);
  await page.close();
  assert.ok(!fakes.asked().some((a) => a.startsWith('item.')), 'no destination was requested');
});

test('a chain that ends at a look-alike is warned, with the chain', async () => {
  const page = await resolvedPage('http://bit.ly/lookalike');
  assert.equal(await page.getAttribute('section.resolution .destination', 'data-action'), 'warn');
  assert.ok(await page.$('section.resolution .destination li[data-reason="lookalike_domain"]'));
  assert.deepEqual(await hops(page), ['http://bit.ly/lookalike', 'https://tao6ao.com/item.htm?id=1']);
  await page.close();
});

test('a loop, a timeout and a private address stop with their reason; the private address is never asked', async () => {
  let page = await resolvedPage('http://bit.ly/loop1');
  assert.equal(await errorOf(page), 'loop');
  assert.equal(await page.$('button[data-action="continueDestination"]'), null);
  await page.close();
  page = await resolvedPage('http://bit.ly/private');
  assert.equal(await errorOf(page), 'private_address');
  assert.deepEqual(probe.asked, []);
  await page.close();
  const start = Date.now();
  page = await resolvedPage('http://bit.ly/slow');
  assert.equal(await errorOf(page), 'timeout');
  assert.ok(Date.now() - start < 12000);
  // The link's own Continue is still there: its decision stands.
  assert.ok(await page.$('button[data-action="continue"]'));
  await page.close();
});

test('a destination that opens; results are cached in storage.session', async () => {
  const page = await resolvedPage('http://bit.ly/opens');
  assert.equal(await page.getAttribute('section.resolution .destination', 'data-action'), 'open');
  const cached = await storage(env, 'session', 'resolved:http://bit.ly/opens');
  assert.equal(cached?.destination, 'https://www.iesdouyin.com/share/video/7000000000000000000/');
  await page.close();
});

test('a short link that opens: "Where to?" beside its badge, on a real click only, shows where it leads', async () => {
  const page = await openChat(env, 'dm-alice');
  await page.evaluate(() => {
    const text = document.querySelector('section.conversation .message-text');
    for (const [id, href] of [['badge-opens', 'http://t.cn/opens'], ['badge-lookalike', 'http://bit.ly/lookalike']]) {
      const a = Object.assign(document.createElement('a'), { href, textContent: href });
      a.dataset.demoLink = id;
      text.append(' ', a);
    }
  });
  await waitMark(page, link('badge-opens'), 'open');
  await waitMark(page, link('badge-lookalike'), 'warn');
  const resolveOf = (sel) => inContent(page, (s) => globalThis.linkgate.inspect.resolve(document.querySelector(s)), sel);
  // Not a short link: no button.
  assert.equal(await resolveOf(link('taobao-item')), null);
  const before = fakes.asked().length;
  // Page script cannot press it: the button is in a closed root, and a click on the badge's host does nothing.
  await page.evaluate((sel) => document.querySelector(sel).nextElementSibling.click(), link('badge-opens'));
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(fakes.asked().length, before, 'a synthetic click resolved nothing');
  for (const [id, host, action] of [['badge-opens', 'www.iesdouyin.com', 'open'], ['badge-lookalike', 'tao6ao.com', 'warn']]) {
    const { at } = await resolveOf(link(id));
    await page.mouse.click(at.x, at.y);
    const { result } = await waitInContent(page, (s) => globalThis.linkgate.inspect.resolve(document.querySelector(s))?.result && globalThis.linkgate.inspect.resolve(document.querySelector(s)), link(id), { what: `${id} resolved` });
    assert.equal(result.text, `→ ${host}`);
    assert.equal(result.action, action);
    assert.match(result.title, /^The destination: linkgate would/);
  }
  // The click did not open the link, and the link's own mark is unchanged.
  assert.match(page.url(), /chat\.html/);
  assert.equal(await resolveOf(link('badge-opens')).then((r) => r.at), null);
  await screenshot(page, 'resolve-badge-en');
  await page.close();
});

test('"by myself": a short link in a one-to-one chat shows where it goes without a press; in a group chat only when turned on', async () => {
  await inExtension(env, () => chrome.storage.local.set({ autoResolve: { direct: true, group: false } }));
  try {
    const page = await openChat(env, 'dm-alice');
    await page.evaluate(() => {
      const a = Object.assign(document.createElement('a'), { href: 'http://t.cn/auto-badge', textContent: 't.cn/auto-badge' });
      a.dataset.demoLink = 'auto-badge';
      document.querySelector('section.conversation .message-text').append(' ', a);
    });
    const { result } = await waitInContent(page, (s) => globalThis.linkgate.inspect.resolve(document.querySelector(s))?.result && globalThis.linkgate.inspect.resolve(document.querySelector(s)), link('auto-badge'), { what: 'resolved by itself' });
    assert.equal(result.text, '→ www.iesdouyin.com');
    // The group chat's short links wait for a press.
    await openChat(env, 'group-family', { page });
    await page.evaluate(() => {
      const a = Object.assign(document.createElement('a'), { href: 'http://t.cn/auto-group', textContent: 't.cn/auto-group' });
      a.dataset.demoLink = 'auto-group';
      document.querySelector('section.conversation .message-text').append(' ', a);
    });
    await waitInContent(page, (s) => globalThis.linkgate.inspect.resolve(document.querySelector(s))?.at, link('auto-group'), { what: 'a button' });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await inContent(page, (s) => globalThis.linkgate.inspect.resolve(document.querySelector(s)), link('auto-group'))).result, null);
    assert.ok(!fakes.asked().includes('t.cn/auto-group'), 'the group chat\'s short link was not resolved');
    await page.close();
  } finally {
    await inExtension(env, () => chrome.storage.local.remove('autoResolve'));
  }
});

test('"by myself in one-to-one chats": the warning page resolves as it opens, the focus stays on Go back', async () => {
  await inExtension(env, () => chrome.storage.local.set({ autoResolve: { direct: true, group: false } }));
  try {
    const page = await resolvedPage('http://bit.ly/auto', { resolve: false });
    await page.waitForSelector('section.resolution .destination', { timeout: 15000 });
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.action), 'back');
    assert.ok(fakes.asked().includes('bit.ly/auto'));
    await page.close();
  } finally {
    await inExtension(env, () => chrome.storage.local.remove('autoResolve'));
  }
});

test('简体中文: the resolved warning page, before and after, and a look-alike at the end (screenshots)', async () => {
  const zh = await launch({ lang: 'zh-CN', args: [hostResolverRules(fakes.port)], routePass: SHORT_HOSTS });
  try {
    const before = await resolvedPage('http://bit.ly/chain', { resolve: false, on: zh });
    assert.equal(await before.textContent('button[data-action="resolve"]'), '它会跳转到哪里？');
    await screenshot(before, 'resolve-before-zh_CN');
    await before.close();
    const page = await resolvedPage('http://bit.ly/lookalike', { on: zh });
    assert.match(await page.textContent('section.resolution .destination .verdict'), /linkgate 会先提醒/);
    assert.equal(await page.textContent('[data-field="destination-app"]'), '未知应用');
    await screenshot(page, 'resolve-lookalike-zh_CN');
    await page.close();
  } finally {
    await zh.close();
  }
});
