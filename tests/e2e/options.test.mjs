// The options page drives what happens in the chat: presets and the matrix, opt-in cells, trusted domains, custom
// rules (a bad file is never saved and the old rules keep working), reports, history, export and import into a fresh
// profile. Chromium (Playwright) with dist/chrome.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openChat, setSettings, storage, inExtension, extensionPage, link, mark, waitMark, inContent, interstitialAction } from './helpers.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});
beforeEach(async () => {
  await setSettings(env, { preset: 'default' });
  await inExtension(env, () => chrome.storage.local.clear());
});

const cellSelect = (platform, ctx) => `#matrix-table select[data-platform="${platform}"][data-context="${ctx}"]`;

async function cell(page, platform, ctx) {
  return page.$eval(cellSelect(platform, ctx), (s) => ({ action: s.value, source: s.closest('td').dataset.source, disabled: s.disabled }));
}

test('choosing a preset changes the matrix and the marks in an open chat, and the preview says what will change', async () => {
  const chat = await openChat(env, 'group-family');
  assert.equal(await mark(chat, 'taobao-item'), 'warn');
  const options = await extensionPage(env, 'options/options.html');
  assert.deepEqual(await cell(options, 'taobao', 'group'), { action: 'warn', source: 'preset', disabled: false });

  // Focusing a preset previews the cells it changes.
  await options.focus('#preset-wechat-2021-09');
  const preview = await options.textContent('#preset-preview');
  assert.match(preview, /Switching to WeChat phase 1 \(Sep 2021\) changes \d+ cells:/);
  assert.match(preview, /Taobao in group chats: Ask first → Block/);

  await options.check('#preset-wechat-2021-09');
  await options.waitForFunction((sel) => document.querySelector(sel)?.value === 'block', cellSelect('taobao', 'group'));
  assert.deepEqual(await cell(options, 'jd', 'group'), { action: 'open', source: 'preset', disabled: false });
  assert.match(await options.textContent('#matrix-status'), /Preset WeChat phase 1 \(Sep 2021\) is active: \d+ cells changed\./);
  assert.equal(await storage(env, 'sync', 'preset'), 'wechat-2021-09');
  // The open chat follows without a reload.
  await waitMark(chat, link('taobao-item'), 'block', { timeout: 10000 });
  assert.equal(await mark(chat, 'jd-item'), 'open');
  await chat.close();
  await options.close();
});

test('a cell set in the matrix decides the next click; reset brings the preset back', async () => {
  const options = await extensionPage(env, 'options/options.html');
  await options.selectOption(cellSelect('taobao', 'group'), 'open');
  await options.waitForFunction((sel) => document.querySelector(sel)?.closest('td').dataset.source === 'user', cellSelect('taobao', 'group'));
  assert.deepEqual(await storage(env, 'sync', 'optIns'), { taobao: { group: 'open' } });
  assert.equal(await options.textContent('#matrix-status'), 'Taobao in group chats: Open.');

  const chat = await openChat(env, 'group-family');
  assert.equal(await mark(chat, 'taobao-item'), 'open');
  await chat.click(link('taobao-item'));
  await chat.waitForURL('https://item.taobao.com/item.htm?id=680134502317');
  await chat.close();

  // Block in the feed: the next click there shows the block page.
  await options.selectOption(cellSelect('taobao', 'feed'), 'block');
  const feed = await openChat(env, 'feed-moments');
  await waitMark(feed, link('taobao-item'), 'block');
  await feed.click(link('taobao-item'));
  assert.equal(await interstitialAction(env, feed), 'block');
  await feed.close();

  // The row's reset button removes both changes.
  await options.click('#matrix-table tr[data-platform="taobao"] button');
  await options.waitForFunction((sel) => document.querySelector(sel)?.closest('td').dataset.source === 'preset', cellSelect('taobao', 'group'));
  assert.deepEqual(await storage(env, 'sync', 'optIns'), {});
  assert.equal(await options.evaluate(() => document.activeElement.dataset.key), 'cell-taobao-direct', 'focus stays in the row');
  await options.close();
});

test('"Receive links in group chats" opens every app in groups, and turning it off restores the preset', async () => {
  const options = await extensionPage(env, 'options/options.html');
  assert.equal(await options.isChecked('#group-switch'), false);
  await options.check('#group-switch');
  await options.waitForFunction((sel) => document.querySelector(sel)?.value === 'open', cellSelect('douyin', 'group'));
  const optIns = await storage(env, 'sync', 'optIns');
  const ids = await options.$$eval('#matrix-table tbody tr', (rows) => rows.map((r) => r.dataset.platform));
  assert.deepEqual(Object.keys(optIns).sort(), ids.slice().sort());
  assert.ok(Object.values(optIns).every((c) => c.group === 'open'));
  const chat = await openChat(env, 'group-family');
  assert.equal(await mark(chat, 'pinduoduo'), 'open');
  assert.equal(await mark(chat, 'example-org'), 'warn', 'unknown websites still ask first');
  await chat.close();

  await options.uncheck('#group-switch');
  await options.waitForFunction((sel) => document.querySelector(sel)?.value === 'warn', cellSelect('douyin', 'group'));
  assert.deepEqual(await storage(env, 'sync', 'optIns'), {});
  await options.close();
});

test('trusted domains: a registrable domain is added, anything else is refused with a reason, and remove works', async () => {
  const options = await extensionPage(env, 'options/options.html');
  for (const [input, message] of [
    ['http://x', "Not added: 'http://x' is not a domain: give only the domain, such as taobao.com."],
    ['com', "Not added: 'com' is a public suffix, not a registrable domain."],
    ['item.taobao.com', "Not added: 'item.taobao.com' is a subdomain; trust its registrable domain 'taobao.com' instead."],
  ]) {
    await options.fill('#trusted-input', input);
    await options.press('#trusted-input', 'Enter');
    await options.waitForFunction((m) => document.getElementById('trusted-error').textContent === m, message);
    assert.equal(await options.getAttribute('#trusted-input', 'aria-invalid'), 'true');
  }
  assert.equal(await storage(env, 'sync', 'trustedDomains'), undefined, 'nothing was saved');

  await options.fill('#trusted-input', 'Example.ORG');
  await options.click('#trusted-form button[type="submit"]');
  await options.waitForSelector('#trusted-list li[data-domain="example.org"]');
  assert.equal(await options.textContent('#trusted-list li[data-domain="example.org"] .source'), 'added here');
  assert.deepEqual(await storage(env, 'sync', 'trustedDomains'), ['example.org']);
  const chat = await openChat(env, 'group-family');
  assert.equal(await mark(chat, 'example-org'), 'open');

  // One trusted from the warning page says so.
  await chat.click(link('pinduoduo'));
  await interstitialAction(env, chat);
  await chat.click('button[data-action="trust"]');
  await options.waitForSelector('#trusted-list li[data-domain="yangkeduo.com"]');
  assert.equal(await options.textContent('#trusted-list li[data-domain="yangkeduo.com"] .source'), 'added from a warning page');

  await options.click('#trusted-list li[data-domain="example.org"] button');
  await options.waitForSelector('#trusted-list li[data-domain="example.org"]', { state: 'detached' });
  assert.deepEqual(await storage(env, 'sync', 'trustedDomains'), ['yangkeduo.com']);
  await openChat(env, 'group-family', { page: chat });
  assert.equal(await mark(chat, 'example-org'), 'warn');
  await chat.close();
  await options.close();
});

test('a bad rules file shows line, column and path, cannot be saved, and the last good rules keep working', async () => {
  const good = JSON.stringify({ schemaVersion: 1, id: 'team', rules: [{ id: 'no_jd', when: { platform: ['jd'] }, action: 'block' }] }, null, 2);
  const options = await extensionPage(env, 'options/options.html');
  await options.fill('#rules-input', good);
  await options.waitForFunction(() => document.getElementById('rules-status').textContent === 'Valid. Not saved yet.');
  await options.click('#rules-save');
  await options.waitForFunction(() => document.getElementById('rules-status').textContent.includes('in use'));
  assert.equal(await storage(env, 'local', 'customRules'), good);
  const chat = await openChat(env, 'dm-alice');
  await waitMark(chat, link('jd-item'), 'block');

  // A typo: an unknown platform on line 7.
  const bad = good.replace('"jd"', '"amazon"');
  await options.fill('#rules-input', bad);
  await options.waitForFunction(() => document.getElementById('rules-status').classList.contains('error'));
  const status = await options.textContent('#rules-status');
  assert.match(status, /^Line 9, column 11: unknown platform 'amazon' .*\(at rules\[0\]\.when\.platform\[0\]\)\. Not saved; the last saved rules keep working\.$/);
  assert.equal(await options.isDisabled('#rules-save'), true);
  // Even a click on the (disabled) button saves nothing, and the chat still follows the good rules.
  await options.$eval('#rules-save', (b) => b.click());
  assert.equal(await storage(env, 'local', 'customRules'), good);
  await openChat(env, 'dm-alice', { page: chat });
  assert.equal(await mark(chat, 'jd-item'), 'block');

  // The link tester uses the editor's rules when they are valid.
  await options.fill('#rules-input', good.replace('"block"', '"warn"'));
  await options.waitForFunction(() => document.getElementById('rules-status').textContent === 'Valid. Not saved yet.');
  await options.fill('#test-url', 'https://item.jd.com/100012043978.html');
  await options.selectOption('#test-context', 'direct');
  await options.click('#test-form button[type="submit"]');
  await options.waitForSelector('#test-result [data-field="rule"]');
  assert.equal(await options.textContent('#test-result [data-field="rule"]'), 'team.no_jd');
  assert.equal(await options.textContent('#test-result [data-field="action"]'), 'Ask first');
  await chat.close();
  await options.close();
});

test('reports are listed, deleted and exported; the history records opened and stopped links, and can be turned off', async () => {
  const chat = await openChat(env, 'dm-alice');
  await chat.click(link('lookalike'));
  await interstitialAction(env, chat);
  await chat.click('button[data-action="report"]');
  await chat.waitForSelector('button[data-action="report"][disabled]');
  await chat.goBack();
  await chat.waitForURL(/chat\.html#dm-alice$/);
  await waitMark(chat, link('jd-item'), 'open');
  await chat.click(link('jd-item'));
  await chat.waitForURL('https://item.jd.com/100012043978.html');

  const options = await extensionPage(env, 'options/options.html');
  await options.waitForSelector('#reports-list li');
  assert.match(await options.textContent('#reports-list li .report-url'), /^https:\/\/taobao-login\.com\/$/);
  const [download] = await Promise.all([options.waitForEvent('download'), options.click('#reports-export')]);
  const exported = JSON.parse(await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString()));
  assert.equal(exported.kind, 'linkgate-reports');
  assert.equal(exported.reports[0].url, 'https://taobao-login.com/');

  // History: one stopped (warn, lookalike) and one opened (JD), newest first, with no address kept.
  await options.waitForFunction(() => document.querySelectorAll('#history-table tbody tr').length === 2);
  const history = await storage(env, 'local', 'history');
  assert.deepEqual(history.map((h) => [h.context, h.action, h.platform, h.reasons]), [
    ['direct', 'warn', null, ['lookalike_domain', 'unknown_domain']],
    ['direct', 'open', 'jd', []],
  ]);
  assert.ok(history.every((h) => h.site === env.server.origin && !('url' in h)));
  assert.equal(await options.textContent('#history-counts [data-action="warn"]'), 'Ask first: 1');

  await options.click('#reports-list li button');
  await options.waitForSelector('#reports-empty:not([hidden])');
  assert.deepEqual(await storage(env, 'local', 'reports'), []);

  await options.uncheck('#history-switch');
  await options.waitForSelector('#history-empty:not([hidden])');
  await openChat(env, 'dm-alice', { page: chat });
  await chat.click(link('lookalike'));
  await interstitialAction(env, chat);
  assert.equal(await storage(env, 'local', 'history'), undefined, 'no history is kept when it is off');
  await chat.close();
  await options.close();
});

test('settings exported from one profile and imported into a fresh one give the same behaviour; a bad file changes nothing', async () => {
  await setSettings(env, { preset: 'wechat-2021-11', optIns: { douyin: { group: 'block' } }, trustedDomains: ['example.org'], trustedSources: { 'example.org': 'options' } });
  const rules = JSON.stringify({ schemaVersion: 1, id: 'team', rules: [{ id: 'no_jd', when: { platform: ['jd'] }, action: 'block' }] });
  await inExtension(env, (r) => chrome.storage.local.set({ customRules: r }), rules);
  const options = await extensionPage(env, 'options/options.html');
  const [download] = await Promise.all([options.waitForEvent('download'), options.click('#export-settings')]);
  const file = Buffer.concat(await (await download.createReadStream()).toArray());
  const marksIn = async (e) => {
    const out = {};
    for (const conversation of ['dm-alice', 'group-family', 'feed-moments']) {
      const page = await openChat(e, conversation);
      out[conversation] = await inContent(page, () =>
        Array.from(document.querySelectorAll('section.conversation a[data-demo-link]'))
          .map((a) => [a.dataset.demoLink, globalThis.linkgate.inspect.mark(a)])
          .filter(([, m]) => m !== null)
          .map(([id, m]) => `${id}=${m}`),
      );
      await page.close();
    }
    return out;
  };
  const expected = await marksIn(env);

  const fresh = await launch();
  try {
    const page = await extensionPage(fresh, 'options/options.html');
    // A bad file first: nothing changes, and the page says why.
    await page.setInputFiles('#import-file', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"kind": "linkgate-settings", "schemaVersion": 1, "settings": {"preset": "nope"}}') });
    await page.waitForFunction(() => document.getElementById('backup-status').textContent.startsWith('Nothing was changed'));
    assert.match(await page.textContent('#backup-status'), /unknown preset 'nope'/);
    assert.equal(await storage(fresh, 'sync', 'preset'), undefined);
    await page.setInputFiles('#import-file', { name: 'not.json', mimeType: 'application/json', buffer: Buffer.from('not json') });
    await page.waitForFunction(() => document.getElementById('backup-status').textContent.includes('not JSON'));

    await page.setInputFiles('#import-file', { name: 'linkgate-settings.json', mimeType: 'application/json', buffer: file });
    await page.waitForFunction(() => document.getElementById('backup-status').textContent === 'Settings imported.');
    assert.equal(await storage(fresh, 'sync', 'preset'), 'wechat-2021-11');
    assert.equal(await storage(fresh, 'local', 'customRules'), rules);
    assert.deepEqual(await marksIn(fresh), expected);
  } finally {
    await fresh.close();
  }
  await options.close();
});

test('the options page lists the supported chat sites and the sites the user added, and can stop protecting one', async () => {
  await inExtension(env, () => chrome.storage.local.set({ protectedSites: ['https://chat.example'] }));
  const options = await extensionPage(env, 'options/options.html');
  const builtIn = await options.$$eval('#sites-built-in li .domain', (els) => els.map((e) => e.textContent));
  assert.deepEqual(builtIn, ['Web WeChat', 'WhatsApp Web', 'Telegram Web', 'Discord', 'Slack', 'Element']);
  assert.equal(await options.textContent('#sites-added li[data-origin="https://chat.example"] .domain'), 'https://chat.example');
  await options.click('#sites-added li[data-origin="https://chat.example"] button');
  await options.waitForSelector('#sites-added li.empty');
  assert.deepEqual(await storage(env, 'local', 'protectedSites'), []);
  await options.close();
});
