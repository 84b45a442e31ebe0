// The service worker may be stopped at any time, and real chats ship strict CSPs: neither changes anything for the
// user. Chromium (Playwright) with dist/chrome.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openChat, setSettings, waitAllMarked, link, mark, waitMark, waitInContent, interstitialAction, stopServiceWorker } from './helpers.mjs';

let env;
before(async () => {
  env = await launch();
  await setSettings(env, { preset: 'default' });
});
after(async () => {
  await env?.close();
});

test('stopping the service worker mid-session changes nothing: cached marks decide clicks, new links get decisions', async () => {
  const page = await openChat(env, 'group-lab');
  assert.equal(await mark(page, 'local-target'), 'warn');

  // Stopped between marking and the click: the click is decided from the mark, and showing the interstitial
  // wakes the worker.
  await stopServiceWorker(env);
  await page.click(link('local-target'));
  assert.equal(await interstitialAction(env, page), 'warn');
  await page.goBack();
  await page.waitForURL(/chat\.html#group-lab$/);
  await waitAllMarked(page);

  // Stopped again, then new messages arrive and a conversation switch brings new links: all get decisions.
  await stopServiceWorker(env);
  await page.focus('#compose-input');
  await page.keyboard.type('https://item.taobao.com/item.htm?id=7 https://example.org/new');
  await page.keyboard.press('Enter');
  const sent = 'section.conversation a[data-demo-link="sent"]';
  await waitInContent(page, (sel) => {
    const as = document.querySelectorAll(sel);
    return as.length === 2 && Array.from(as).every((a) => globalThis.linkgate.inspect.mark(a) === 'warn');
  }, sent, { what: 'both sent links to be warned' });

  await stopServiceWorker(env);
  await page.click('a[data-conversation="dm-alice"]');
  await page.waitForSelector('section.conversation[data-chat-id="dm-alice"]');
  await waitAllMarked(page);
  assert.equal(await mark(page, 'taobao-item'), 'open');
  assert.equal(await mark(page, 'credentials'), 'warn');

  // Settings written while the worker is stopped still reach the open chat.
  await stopServiceWorker(env);
  await setSettings(env, { preset: 'wechat-2021-09' });
  await waitMark(page, link('taobao-item'), 'warn');
  assert.equal(await mark(page, 'jd-item'), 'open');
  await setSettings(env, { preset: 'default' });
  await page.close();
});

test('the interstitial survives a stopped worker: its record is in session storage, not in the worker', async () => {
  const page = await openChat(env, 'group-lab');
  await page.click(link('local-target'));
  await interstitialAction(env, page);
  await stopServiceWorker(env);
  await page.reload();
  assert.equal(await interstitialAction(env, page), 'warn');
  await page.click('button[data-action="continue"]');
  await page.waitForURL(/\/target\.html\?via=link$/);
  await page.close();
});

test('a chat page with Content-Security-Policy: default-src \'self\' is still protected', async () => {
  const page = await env.context.newPage();
  const response = await page.goto(`${env.server.origin}/chat-csp.html#group-lab`);
  assert.equal(response.headers()['content-security-policy'], "default-src 'self'");
  // The page's own CSP forbids wasm (no 'wasm-unsafe-eval'), which is why the engine runs in the worker.
  assert.equal(await page.evaluate(() => WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(() => 'compiled', () => 'refused')), 'refused');
  await waitAllMarked(page);
  assert.equal(await mark(page, 'local-target'), 'warn');
  assert.equal(await mark(page, 'blocked'), 'block');
  await page.click(link('local-target'));
  assert.equal(await interstitialAction(env, page), 'warn');
  await page.goBack();
  await page.waitForURL(/chat-csp\.html#group-lab$/);
  await waitAllMarked(page);
  await page.click(link('blocked'));
  assert.equal(await interstitialAction(env, page), 'block');
  await page.close();
});
