// The popup (opened as its extension page, pointed at the chat's tab with ?site=) and the demo site's rule
// playground. Chromium (Playwright) with dist/chrome.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openChat, setSettings, storage, extensionPage, link, mark, waitMark, interstitialAction } from './helpers.mjs';

let env;
before(async () => {
  env = await launch();
  await setSettings(env, { preset: 'default' });
});
after(async () => {
  await env?.close();
});

const popupFor = (origin) => `popup/popup.html?site=${encodeURIComponent(origin)}`;

test('the popup shows this tab\'s counts and the preset, and links to the options page', async () => {
  const chat = await openChat(env, 'dm-alice');
  await chat.waitForSelector('linkgate-chips');
  const popup = await extensionPage(env, popupFor(env.server.origin));
  assert.equal(await popup.textContent('#site'), env.server.origin);
  assert.equal(await popup.textContent('#site-state'), 'linkgate is checking links on this site.');
  const counts = await popup.$$eval('.stats dd', (dds) => dds.map((d) => d.textContent));
  // dm-alice: 6 links (lookalike and credentials ask first, none blocked), one 淘口令, nothing folded (a direct chat).
  assert.deepEqual(counts, ['6', '2', '0', '1', '0']);
  assert.equal(await popup.inputValue('#chat-folding'), 'auto', 'the open conversation folds as the rules say');
  assert.equal(await popup.textContent('#preset-name'), 'Default (you choose)');
  const [options] = await Promise.all([env.context.waitForEvent('page'), popup.click('#open-options')]);
  await options.waitForURL(/\/options\/options\.html/);
  await options.close();
  await popup.close();
  await chat.close();
});

test('"Pause on this site" asks first, lets links open unchecked until the chosen time, and "Resume now" undoes it', async () => {
  const chat = await openChat(env, 'group-lab');
  assert.equal(await mark(chat, 'local-target'), 'warn');
  const popup = await extensionPage(env, popupFor(env.server.origin));
  await popup.click('#pause');
  assert.equal(await popup.isVisible('#pause-confirm'), true);
  assert.equal(await popup.textContent('#pause-question'), `Pause linkgate on ${env.server.origin}? Its links will open without any check until it resumes.`);
  // Cancel changes nothing.
  await popup.click('#pause-no');
  assert.equal(await storage(env, 'local', 'paused'), undefined);
  await popup.click('#pause');
  await popup.selectOption('#pause-duration', '60');
  const before = Date.now();
  await popup.click('#pause-yes');
  await popup.waitForSelector('#resume:not([hidden])');
  const until = (await storage(env, 'local', 'paused'))[env.server.origin];
  assert.ok(until >= before + 60 * 60_000 && until <= Date.now() + 60 * 60_000, 'resumes by itself in an hour');
  assert.match(await popup.textContent('#site-state'), /^Paused until .+\. Links open without checks\.$/);

  // Paused: no marks, and the warned link opens without the interstitial.
  await waitMark(chat, link('local-target'), null);
  assert.equal(await chat.locator('linkgate-badge').count(), 0);
  await chat.click(link('local-target'));
  await chat.waitForURL(/\/target\.html\?via=link$/);
  await chat.goBack();
  await chat.waitForURL(/chat\.html#group-lab$/);

  await popup.reload();
  await popup.waitForSelector('body[data-ready]');
  await popup.click('#resume');
  await popup.waitForSelector('#pause:not([hidden])');
  await waitMark(chat, link('local-target'), 'warn', { timeout: 10000 });
  await chat.click(link('local-target'));
  assert.equal(await interstitialAction(env, chat), 'warn');
  await popup.close();
  await chat.close();
});

test('a pause ends by itself at its resume time', async () => {
  const chat = await openChat(env, 'group-lab');
  const popup = await extensionPage(env, popupFor(env.server.origin));
  // As if the user had paused a while ago and the hour is almost up.
  await popup.evaluate((origin) => chrome.storage.local.set({ paused: { [origin]: Date.now() + 1500 } }), env.server.origin);
  await waitMark(chat, link('local-target'), null);
  await waitMark(chat, link('local-target'), 'warn', { timeout: 10000 });
  await popup.close();
  await chat.close();
});

test('for a site linkgate does not cover, the popup offers "Protect this site" and asks the browser for that site only', async () => {
  const popup = await extensionPage(env, popupFor('https://chat.example'));
  assert.equal(await popup.textContent('#site'), 'https://chat.example');
  assert.equal(await popup.textContent('#site-state'), 'linkgate does not check this site yet.');
  assert.equal(await popup.isVisible('#protect'), true);
  assert.equal(await popup.isVisible('#stats-section'), false);
  // The permission it asks for when clicked is exactly this origin (the browser's own prompt is not scriptable).
  const asked = await popup.evaluate(async () => {
    let origins = null;
    chrome.permissions.request = async (p) => {
      origins = p.origins;
      return false;
    };
    document.getElementById('protect').click();
    await new Promise((r) => setTimeout(r, 200));
    return { origins, status: document.getElementById('popup-status').textContent };
  });
  assert.deepEqual(asked, { origins: ['https://chat.example/*'], status: 'Not protected: the permission was not given.' });
  assert.deepEqual(await popup.evaluate(() => chrome.scripting.getRegisteredContentScripts()), []);
  await popup.close();
});

test('the playground shows the Decision and the page a user would see, for links and whole chat messages', async () => {
  const page = await env.context.newPage();
  await page.goto(`${env.server.origin}/playground.html#lang=en`);
  await page.waitForSelector('body[data-ready]');
  const field = (name) => page.textContent(`#pg-findings [data-field="${name}"]`);
  // The default example: a Taobao item in a direct chat opens; the preview shows the page it would get.
  assert.equal(await field('action'), 'open');
  assert.equal(await field('registrable-domain'), 'taobao.com');
  assert.equal(await field('clean-url'), 'https://item.taobao.com/item.htm?id=680134502317');
  assert.equal(await field('rule'), 'default.catalogue_direct');

  // A chat message with a share code and a look-alike, in a group chat under WeChat phase 1.
  await page.fill('#pg-text', '復制这段描述￥Qx4ycGtE5Ya￥后咑閞👉手机淘宝👈 再看看 https://taobao-login.com/x');
  await page.selectOption('#pg-context', 'group');
  await page.selectOption('#pg-preset', 'wechat-2021-09');
  await page.waitForFunction(() => document.querySelectorAll('#pg-findings [data-kind]').length === 2);
  assert.deepEqual(await page.$$eval('#pg-findings [data-kind]', (li) => li.map((l) => l.dataset.kind)), ['token', 'url']);
  assert.equal(await field('action'), 'warn');
  assert.match(await field('reasons'), /lookalike_domain/);
  // The preview is the extension's own warning page.
  assert.equal(await page.getAttribute('#pg-preview-root', 'data-action'), 'warn');
  assert.equal(await page.textContent('#pg-preview-root h1'), 'This link may be deceptive');
  assert.equal(await page.textContent('#pg-preview-root [data-field="url"] strong'), 'taobao-login.com');

  // An opt-in changes the decision; the state is in the address, so the scenario can be linked.
  await page.fill('#pg-text', 'https://item.taobao.com/item.htm?id=1');
  await page.waitForFunction(() => document.querySelector('#pg-findings [data-field="action"]')?.textContent === 'block');
  assert.equal(await page.getAttribute('#pg-preview-root', 'data-action'), 'block');
  assert.equal(await page.textContent('#pg-preview-root h1'), 'This link was blocked');
  await page.selectOption('#pg-optin-platform', 'taobao');
  await page.selectOption('#pg-optin-context', 'group');
  await page.selectOption('#pg-optin-action', 'open');
  await page.click('#pg-optin-add');
  await page.waitForFunction(() => document.querySelector('#pg-findings [data-field="action"]')?.textContent === 'open');
  assert.equal(await field('rule'), 'user.opt_in');
  assert.match(page.url(), /optins=taobao\.group\.open/);

  // A bad custom rules file is reported with its line and column and not used; a good one is.
  await page.click('#pg-rules-box summary');
  await page.fill('#pg-rules', '{"schemaVersion": 1, "id": "t", "rules": [{"id": "a", "when": {"platform": ["amazon"]}, "action": "block"}]}');
  await page.waitForFunction(() => document.getElementById('pg-rules-status').textContent.startsWith('Line 1, column 77: unknown platform'));
  assert.equal(await field('rule'), 'user.opt_in');
  await page.fill('#pg-rules', '{"schemaVersion": 1, "id": "t", "rules": [{"id": "a", "when": {"platform": ["taobao"]}, "action": "block"}]}');
  await page.waitForFunction(() => document.querySelector('#pg-findings [data-field="rule"]')?.textContent === 'user.opt_in' && document.getElementById('pg-rules-status').textContent.startsWith('Valid'));

  // The page language switches the preview to 简体中文 with the same renderer and strings as the extension.
  await page.fill('#pg-rules', '');
  await page.fill('#pg-text', 'javascript:alert(1)');
  await page.selectOption('#pg-lang', 'zh_CN');
  await page.waitForFunction(() => document.querySelector('#pg-preview-root h1')?.textContent === '已停止访问该网页');
  await page.close();
});

test('the scenario index links every preset x context and every risk case to the chat and to the playground', async () => {
  const page = await env.context.newPage();
  await page.goto(`${env.server.origin}/index.html`);
  const cells = await page.$$eval('#playground-table td[data-expect]', (tds) => tds.map((td) => ({ href: td.querySelector('a').getAttribute('href'), expect: td.dataset.expect })));
  assert.equal(cells.length, 4 * 9 * 3, 'each preset x link x context');
  assert.deepEqual(new Set(cells.map((c) => c.expect)), new Set(['open', 'warn', 'block']));
  // Each scenario opens the playground with that state, and the decision there is the index's.
  const p = await env.context.newPage();
  for (const cell of cells) {
    await p.goto(`${env.server.origin}/${cell.href}`);
    await p.waitForSelector('body[data-ready]');
    assert.equal(await p.textContent('#pg-findings [data-field="action"]'), cell.expect, cell.href);
    await p.goto('about:blank');
  }
  await p.close();
  assert.equal(await page.title(), 'linkgate demo: every scenario');
  await page.close();
});
