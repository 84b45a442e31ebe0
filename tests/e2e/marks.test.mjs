// Marks in the demo chat: every preset x chat context and every risk case of the scenario index (www/index.html reads
// as the expected results), the badges' accessible names, share-code markers, and settings changes reaching an open
// chat without a reload. Chromium (Playwright) with dist/chrome.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openChat, setSettings, waitAllMarked, link, mark, waitMark, badge, chipsOf, inContent, waitInContent, screenshot } from './helpers.mjs';

let env;
let index;
before(async () => {
  env = await launch();
  // The expected results, as the scenario index shows them to people.
  const page = await env.context.newPage();
  await page.goto(`${env.server.origin}/index.html`);
  index = await page.evaluate(() => ({
    presets: Array.from(document.querySelectorAll('#preset-table tr[data-preset]'), (tr) => ({
      preset: tr.dataset.preset,
      link: tr.dataset.link,
      cells: Array.from(tr.querySelectorAll('td[data-context]'), (td) => ({ context: td.dataset.context, conversation: td.dataset.conversation, expect: td.dataset.expect })),
    })),
    risks: Array.from(document.querySelectorAll('#risk-table tr[data-link]'), (tr) => ({
      link: tr.dataset.link,
      via: tr.dataset.via ?? 'link',
      conversation: tr.dataset.conversation,
      expect: tr.querySelector('td[data-expect]').dataset.expect,
      reason: tr.querySelector('td:last-child').textContent.split(' ')[0],
    })),
  }));
  await page.close();
});
after(async () => {
  await env?.close();
});

const PRESETS = ['default', 'wechat-2021-09', 'wechat-2021-11', 'strict'];

for (const preset of PRESETS) {
  test(`preset ${preset}: each chat context marks links as the scenario index says`, async () => {
    await setSettings(env, { preset });
    const rows = index.presets.filter((r) => r.preset === preset);
    assert.ok(rows.length >= 3, `the index has rows for ${preset}`);
    const page = await env.context.newPage();
    for (const row of rows) {
      for (const cell of row.cells) {
        await openChat(env, cell.conversation, { page });
        assert.equal(await mark(page, row.link), cell.expect, `${preset} / ${cell.context}: ${row.link}`);
        const b = await badge(page, row.link);
        assert.equal(b.action, cell.expect, 'the badge shows the same action');
      }
    }
    await page.close();
  });
}

test('every risk case of the index is marked with its action, and the badge names the reason', async () => {
  await setSettings(env, { preset: 'default' });
  const page = await env.context.newPage();
  // Cases opened by the page's own window.open (a button, not a link) are checked in open-paths.test.mjs.
  for (const risk of index.risks.filter((r) => r.via === 'link')) {
    await openChat(env, risk.conversation, { page });
    assert.equal(await mark(page, risk.link), risk.expect, risk.link);
  }
  // Badges have accessible names: the platform for open links, the reason for warned and blocked ones.
  await openChat(env, 'dm-alice', { page });
  assert.deepEqual(await badge(page, 'taobao-item'), { text: 'Taobao', label: 'Taobao link — opens directly', title: 'Taobao link — opens directly', action: 'open', styled: true });
  assert.deepEqual(await badge(page, 'lookalike'), { text: '⚠', label: 'Warning: look-alike domain', title: 'Warning: look-alike domain', action: 'warn', styled: true });
  await openChat(env, 'dm-bob', { page });
  assert.equal((await badge(page, 'javascript')).label, 'Blocked: runs code');
  assert.equal((await badge(page, 'text-mismatch')).label, 'Warning: text and link differ');
  assert.equal(await inContent(page, (sel) => globalThis.linkgate.inspect.platform(document.querySelector(sel)), link('douyin-share')), 'douyin');
  await screenshot(page, 'chat-dm-bob-en');
  await openChat(env, 'dm-alice', { page });
  await screenshot(page, 'chat-dm-alice-en');
  await page.close();
});

test('a share code in message text gets a marker naming the app, with a copy button', async () => {
  await setSettings(env, { preset: 'default' });
  const page = await openChat(env, 'dm-alice');
  await page.waitForSelector('linkgate-chips');
  const text = 'section.conversation .message-text:has(> linkgate-chips)';
  const [{ at, ...chip }] = await chipsOf(page, text);
  assert.deepEqual(chip, { platform: 'taobao', kind: 'token', text: 'Share code · opens Taobao', title: '￥Qx4ycGtE5Ya￥', button: 'Copy', label: 'Copy the Taobao share code' });
  // The marker is in a closed shadow root: page script cannot read it (a person can, and clicks it).
  assert.equal(await page.$eval('linkgate-chips', (host) => host.shadowRoot), null);
  await env.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.origin });
  await page.mouse.click(at.x, at.y);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), '￥Qx4ycGtE5Ya￥');
  await page.close();
});

test('a preset change reaches an open chat without a reload', async () => {
  await setSettings(env, { preset: 'default' });
  const page = await openChat(env, 'group-family');
  assert.equal(await mark(page, 'taobao-item'), 'warn');
  const marker = await page.evaluate(() => (window.notReloaded = Math.random()));
  await setSettings(env, { preset: 'wechat-2021-11' });
  await waitMark(page, link('taobao-item'), 'open', { timeout: 10000 });
  await setSettings(env, { preset: 'wechat-2021-09' });
  await waitMark(page, link('taobao-item'), 'block', { timeout: 10000 });
  assert.equal(await page.evaluate(() => window.notReloaded), marker);
  await setSettings(env, { preset: 'default' });
  await page.close();
});

test('new messages are marked as they arrive, without stealing focus from the compose box', async () => {
  await setSettings(env, { preset: 'default' });
  const page = await openChat(env, 'group-deals');
  await page.focus('#compose-input');
  await page.keyboard.type('看看这个 https://item.taobao.com/item.htm?id=42 和 https://taobao-login.com/x');
  await page.keyboard.press('Enter');
  const sent = 'section.conversation li:last-child a[data-demo-link="sent"]';
  const marks = () => inContent(page, (sel) => Array.from(document.querySelectorAll(sel), (a) => [a.href, globalThis.linkgate.inspect.mark(a)]), sent);
  await waitInContent(page, (sel) => Array.from(document.querySelectorAll(sel)).every((a) => ['open', 'warn', 'block'].includes(globalThis.linkgate.inspect.mark(a))) && document.querySelectorAll(sel).length === 2, sent);
  assert.deepEqual(await marks(), [
    ['https://item.taobao.com/item.htm?id=42', 'warn'],
    ['https://taobao-login.com/x', 'warn'],
  ]);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'compose-input', 'focus stays in the compose box');
  // Marking adds a badge beside the link and leaves the link itself as the app styled it.
  assert.deepEqual(
    await page.$eval(sent, (a) => ({ tag: a.nextElementSibling.localName, color: getComputedStyle(a).color, decoration: getComputedStyle(a).textDecorationLine })),
    { tag: 'linkgate-badge', color: 'rgb(31, 95, 191)', decoration: 'underline' },
  );
  await page.close();
});

test('switching conversations re-marks the links with the new context', async () => {
  await setSettings(env, { preset: 'default' });
  const page = await openChat(env, 'dm-alice');
  assert.equal(await mark(page, 'taobao-item'), 'open');
  await page.click('a[data-conversation="group-family"]');
  await page.waitForSelector('section.conversation[data-chat-id="group-family"]');
  await waitAllMarked(page);
  assert.equal(await mark(page, 'taobao-item'), 'warn');
  await page.close();
});
