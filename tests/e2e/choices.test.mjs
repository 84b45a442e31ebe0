// What the warning page's buttons change: an opt-in or a trusted domain makes the next click open directly, reports
// are kept locally; bad settings never break protection. Chromium (Playwright) with dist/chrome.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openChat, setSettings, storage, inExtension, link, mark, waitMark, interstitialAction, EXTERNAL_TITLE } from './helpers.mjs';

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

test('"Always open Taobao links in group chats" on the warning page opens this link and the next one directly', async () => {
  const page = await openChat(env, 'group-family');
  assert.equal(await mark(page, 'taobao-item'), 'warn');
  await page.click(link('taobao-item'));
  await interstitialAction(env, page);
  const optIn = page.locator('button[data-action="optIn"]');
  assert.equal(await optIn.textContent(), 'Always open Taobao links in group chats');
  await optIn.click();
  await page.waitForURL('https://item.taobao.com/item.htm?id=680134502317');
  assert.deepEqual(await storage(env, 'sync', 'optIns'), { taobao: { group: 'open' } });

  await page.goBack();
  await page.waitForURL(/chat\.html#group-family$/);
  await waitMark(page, link('taobao-item'), 'open');
  await page.click(link('taobao-item'));
  await page.waitForURL('https://item.taobao.com/item.htm?id=680134502317');
  assert.equal(await page.title(), EXTERNAL_TITLE);

  // Only that platform and that context: JD in the group and Taobao in the feed still warn.
  const other = await openChat(env, 'group-family');
  assert.equal(await mark(other, 'jd-item'), 'warn');
  await openChat(env, 'feed-moments', { page: other });
  assert.equal(await mark(other, 'taobao-item'), 'warn');
  await other.close();
  await page.close();
});

test('"Trust example.org" on the warning page opens the next link to it directly, in every context', async () => {
  const page = await openChat(env, 'group-family');
  await page.click(link('example-org'));
  await interstitialAction(env, page);
  assert.equal(await page.locator('button[data-action="optIn"]').count(), 0, 'no app, so no app opt-in');
  await page.click('button[data-action="trust"]');
  await page.waitForURL('https://example.org/');
  assert.deepEqual(await storage(env, 'sync', 'trustedDomains'), ['example.org']);

  const chat = await openChat(env, 'feed-moments');
  assert.equal(await mark(chat, 'example-org'), 'open');
  await chat.click(link('example-org'));
  await chat.waitForURL('https://example.org/');
  await chat.close();
  await page.close();
});

test('a risky link offers neither an opt-in nor Trust, and a trusted domain cannot open it', async () => {
  await setSettings(env, { preset: 'default', trustedDomains: ['taobao-login.com'] });
  const page = await openChat(env, 'dm-alice');
  assert.equal(await mark(page, 'lookalike'), 'warn');
  await page.click(link('lookalike'));
  await interstitialAction(env, page);
  assert.equal(await page.locator('button[data-action="optIn"], button[data-action="trust"]').count(), 0);
  assert.deepEqual(await page.$$eval('[data-reason]', (lis) => lis.map((li) => li.dataset.reason)), ['lookalike_domain', 'unknown_domain']);
  await page.close();
});

test('the worker does only the commands of lib/messages.js, from their own page, and only what the record offers', async () => {
  await setSettings(env, { preset: 'default' });
  const page = await openChat(env, 'dm-alice');
  await page.click(link('lookalike'));
  await interstitialAction(env, page);
  const record = decodeURIComponent(new URL(page.url()).hash.slice(1));
  const send = (message) => page.evaluate((m) => chrome.runtime.sendMessage(m), message);
  // A risky link: its page offers neither Trust nor an opt-in, and the worker refuses both.
  assert.deepEqual(await send({ type: 'trust', record }), { type: 'error', message: 'linkgate: this page does not offer to trust its domain' });
  assert.deepEqual(await send({ type: 'opt-in', record }), { type: 'error', message: 'linkgate: this page does not offer an opt-in' });
  assert.equal(await storage(env, 'sync', 'trustedDomains'), undefined);
  // An unknown command, a command of another page, a record that does not exist.
  const unknown = await send({ type: 'dont-proceed', record });
  assert.equal(unknown.type, 'error');
  assert.match(unknown.message, /^linkgate: unknown command "dont-proceed" \(commands: guard, proceed, opt-in, trust, report, pause, resume, resolve, proceed-destination\)$/);
  // Not a short link: nothing to resolve, and no destination to continue to.
  assert.deepEqual(await send({ type: 'resolve', record }), { type: 'error', message: 'linkgate: this page\'s link is not a short link' });
  assert.deepEqual(await send({ type: 'proceed-destination', record }), { type: 'error', message: 'linkgate: this page has no resolved destination' });
  assert.deepEqual(await send({ type: 'resume', origin: env.server.origin }), { type: 'error', message: 'linkgate: the resume command comes only from popup/popup.html' });
  assert.deepEqual(await send({ type: 'proceed', record: 'no-such-record' }), { type: 'error', message: 'linkgate: this warning page has expired (no record for it)' });
  // Continue is offered (a warning with a web address): the worker answers with the URL the page shows.
  assert.deepEqual(await send({ type: 'proceed', record }), { type: 'proceed', url: 'https://taobao-login.com/' });
  await page.close();
});

test('"Report this link" and "Report a mistake" are stored locally, with the decision', async () => {
  const page = await openChat(env, 'dm-alice');
  await page.click(link('lookalike'));
  await interstitialAction(env, page);
  await page.click('button[data-action="report"]');
  await page.waitForSelector('button[data-action="report"][disabled]');
  assert.equal(await page.textContent('p.status'), 'Thank you. The report is saved on this device.');

  await openChat(env, 'dm-bob', { page });
  await page.click(link('javascript'));
  assert.equal(await interstitialAction(env, page), 'block');
  await page.click('button[data-action="report"]');
  await page.waitForSelector('button[data-action="report"][disabled]');

  const reports = await storage(env, 'local', 'reports');
  assert.equal(reports.length, 2);
  assert.deepEqual(
    reports.map((r) => [r.kind, r.url, r.context, r.decision.action, r.decision.reasons.map((x) => x.code)]),
    [
      ['report', 'https://taobao-login.com/', 'direct', 'warn', ['lookalike_domain', 'unknown_domain']],
      ['mistake', 'javascript:alert(document.domain)', 'direct', 'block', ['dangerous_scheme']],
    ],
  );
  await page.close();
});

test('corrupt settings keep the last good engine, record the error, and links stay protected', async () => {
  const page = await openChat(env, 'group-family');
  // (A settings change of the test before may still reach the page and draw its marks again: wait for the mark.)
  await waitMark(page, link('taobao-item'), 'warn');
  await setSettings(env, { preset: 'no-such-preset', optIns: { taobao: { group: 'sometimes' } } });
  // The error is recorded for the options page ...
  await inExtension(env, () => new Promise((resolve, reject) => {
    const deadline = Date.now() + 10000;
    const check = async () => {
      if ((await chrome.storage.local.get('engineError')).engineError) resolve();
      else if (Date.now() > deadline) reject(new Error('no engineError recorded'));
      else setTimeout(check, 50);
    };
    check();
  }));
  const error = await storage(env, 'local', 'engineError');
  assert.match(error.message, /settings/);
  // ... and the chat keeps working with the last good settings.
  await openChat(env, 'group-family', { page });
  await waitMark(page, link('taobao-item'), 'warn');
  await page.click(link('taobao-item'));
  await interstitialAction(env, page);
  // Good settings again: the error is gone.
  await setSettings(env, { preset: 'wechat-2021-11' });
  await openChat(env, 'group-family', { page });
  await waitMark(page, link('taobao-item'), 'open');
  assert.equal(await storage(env, 'local', 'engineError'), undefined);
  await page.close();
});

test('a forged message from a web page cannot open an interstitial or a URL', async () => {
  // Pages have no chrome.runtime for this extension, and the isolated content script listens to no event a page can
  // send (the page-world window.open bridge of linkgate 0.1 is gone; the navigation guard covers window.open).
  const page = await openChat(env, 'group-lab');
  const before = env.context.pages().length;
  const reached = await page.evaluate(async (id) => {
    document.dispatchEvent(new CustomEvent('linkgate:window-open', { detail: '{"url":"javascript:alert(1)","target":"_self"}', cancelable: true }));
    document.dispatchEvent(new CustomEvent('linkgate:window-open', { detail: '{"url":"https://example.org/","target":"_blank"}', cancelable: true }));
    try {
      await chrome.runtime.sendMessage(id, { type: 'show-interstitial', href: 'https://example.org/', text: null, context: 'group', disposition: 'new-tab' });
      return true;
    } catch {
      return false;
    }
  }, env.extensionId);
  assert.equal(reached, false, 'the page cannot message the extension');
  await page.waitForTimeout(800);
  assert.match(page.url(), /chat\.html#group-lab$/);
  assert.equal(env.context.pages().length, before);
  await page.close();
});
