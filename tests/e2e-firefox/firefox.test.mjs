// Firefox end-to-end: the core flow (mark -> click -> interstitial -> continue) and the navigation guard's main
// cases, with dist/firefox installed as a temporary add-on by path (geckodriver's `install addon` with {path,
// temporary}; zipping the folder breaks content scripts on Firefox 140, see docs/toolchain.md). Firefox ESR +
// geckodriver + selenium-webdriver.
//
// linkgate writes nothing a page could read, so marks are read in its content script's own world: an add-on page
// in a second tab runs scripting.executeScript in the chat's tab (Firefox gives an add-on one sandbox a frame, so
// that function sees `globalThis.linkgate.inspect`). Every other host name goes, through an HTTP proxy setting,
// to a destination server that records each request: a guarded navigation passes only when it never arrived.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { extname, join, resolve, normalize } from 'node:path';
import { Builder, By, until } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import { Command } from 'selenium-webdriver/lib/command.js';
import { startSite, startDestination, chatPage } from '../e2e/attack-site.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const WWW = join(ROOT, 'dist/www');
const SCREENSHOTS = join(ROOT, 'target/screenshots');
const UUID = '3b0c8c8e-5a5e-4c55-9a51-6c1a2b7e4d10';
const ADDON = process.env.LINKGATE_FIREFOX_DIR ?? join(ROOT, 'dist/firefox');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.json': 'application/json', '.wasm': 'application/wasm' };

let server;
let port;
let driver;
let dest;
let site;
const pages = {};
let serial = 0;

before(async () => {
  server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(WWW, path.endsWith('/') ? `${path}index.html` : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  port = server.address().port;
  dest = await startDestination({
    routes: {
      'bit.ly/ff-chain': { redirect: 302, to: 'http://b23.tv/ff-hop' },
      'b23.tv/ff-hop': { redirect: 301, to: 'http://tao6ao.com/ff-destination?id=1' },
    },
  });
  site = await startSite(pages);

  const options = new firefox.Options()
    .addArguments('-headless')
    .setBinary('/usr/bin/firefox-esr')
    .setPreference('intl.locale.requested', 'en-US')
    .setPreference('browser.shell.checkDefaultBrowser', false)
    .setPreference('datareporting.policy.dataSubmissionEnabled', false)
    .setPreference('app.update.enabled', false)
    // A fixed moz-extension UUID, so the tests can open the add-on's own pages.
    .setPreference('extensions.webextensions.uuids', JSON.stringify({ 'linkgate@linkgate.invalid': UUID }))
    // Every http host but loopback through the destination server (Firefox never proxies 127.0.0.1 and localhost).
    .setPreference('network.proxy.type', 1)
    .setPreference('network.proxy.http', '127.0.0.1')
    .setPreference('network.proxy.http_port', dest.port)
    .setPreference('network.proxy.allow_hijacking_localhost', false)
    // Incognito-style https upgrades would send http destinations to port 443 first.
    .setPreference('dom.security.https_first', false);
  // Firefox asks before it sends a form from an http page ("sent over an insecure connection"); the person says yes,
  // and linkgate's warning page must still come first.
  options.set('unhandledPromptBehavior', 'accept');
  // --allow-system-access: the chrome context, to open the add-on's own pages (see openAddonPage).
  const service = new firefox.ServiceBuilder(process.env.GECKODRIVER ?? 'geckodriver').addArguments('--allow-system-access');
  driver = await new Builder().forBrowser('firefox').setFirefoxOptions(options).setFirefoxService(service).build();
  await driver.execute(new Command('install addon').setParameter('path', ADDON).setParameter('temporary', true));
});

after(async () => {
  await driver?.quit();
  server?.close();
  await site?.close();
  await dest?.close();
});

let helper = null; // the window handle of the add-on page that reads marks
/** Runs `fn(arg)` in linkgate's content script world of the chat tab (the window the tests drive) and returns it. */
async function inContent(fn, arg = null) {
  const main = await driver.getWindowHandle();
  const url = await driver.getCurrentUrl();
  if (!helper) {
    await driver.switchTo().newWindow('tab');
    helper = await driver.getWindowHandle();
    await openAddonPage('pages/interstitial.html');
  } else {
    await driver.switchTo().window(helper);
  }
  try {
    // The function goes in as source text of the script WebDriver runs (the add-on page's CSP allows no eval).
    const result = await driver.executeAsyncScript(
      `const [pageUrl, value, done] = arguments;
      (async () => {
        try {
          const tab = (await browser.tabs.query({})).find((t) => t.url === pageUrl);
          if (!tab) return done({ error: 'no tab at ' + pageUrl });
          const [{ result }] = await browser.scripting.executeScript({ target: { tabId: tab.id }, func: ${String(fn)}, args: [value] });
          done({ result });
        } catch (e) {
          done({ error: String(e) });
        }
      })();`,
      url,
      arg,
    );
    if (result.error) throw new Error(result.error);
    return result.result;
  } finally {
    await driver.switchTo().window(main);
  }
}

/** Waits until `fn(arg)` in the content script world returns something truthy. */
async function waitInContent(fn, arg = null, timeout = 20_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await inContent(fn, arg).catch(() => null);
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${String(fn).slice(0, 80)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const markOf = (selector) => waitInContent((sel) => {
  const a = document.querySelector(sel);
  const m = a && globalThis.linkgate?.inspect?.mark(a);
  return m && m !== 'pending' ? m : null;
}, selector);

test('a warned link in a group chat is marked, shows the interstitial, and Continue reaches the target', async () => {
  await driver.get(`http://127.0.0.1:${port}/chat.html#group-lab`);
  assert.equal(await markOf('a[data-demo-link="local-target"]'), 'warn');
  const link = await driver.findElement(By.css('a[data-demo-link="local-target"]'));

  await link.click();
  await driver.wait(async () => (await driver.getCurrentUrl()).startsWith('moz-extension://'), 15_000);
  assert.match(await driver.getCurrentUrl(), /\/pages\/interstitial\.html#/);
  const root = await driver.wait(until.elementLocated(By.css('#root[data-action="warn"]')), 10_000);
  assert.ok(root);
  // The safe action is focused first.
  const focused = await driver.switchTo().activeElement();
  assert.equal(await focused.getAttribute('data-action'), 'back');

  await driver.findElement(By.css('button[data-action="continue"]')).click();
  await driver.wait(async () => (await driver.getCurrentUrl()).includes('/target.html?via=link'), 15_000);
  assert.match(await driver.getCurrentUrl(), /^http:\/\/localhost:\d+\/target\.html\?via=link$/);
});

test('badges are drawn in Firefox too, with their accessible names', async () => {
  await driver.get(`http://127.0.0.1:${port}/chat.html#dm-alice`);
  assert.equal(await markOf('a[data-demo-link="lookalike"]'), 'warn');
  const badges = await waitInContent(() => {
    const found = Array.from(document.querySelectorAll('section.conversation a[data-demo-link]'), (a) => {
      const badge = globalThis.linkgate.inspect.badge(a);
      return badge ? [a.dataset.demoLink, badge.label, badge.styled] : null;
    });
    return found.every(Boolean) ? found : null;
  });
  const byId = Object.fromEntries(badges.map(([id, label, styled]) => [id, { label, styled }]));
  assert.deepEqual(byId['taobao-item'], { label: 'Taobao link — opens directly', styled: true });
  assert.deepEqual(byId.lookalike, { label: 'Warning: look-alike domain', styled: true });
  // Page script sees neither the decision nor the badge's content.
  assert.deepEqual(
    await driver.executeScript(() => {
      const a = document.querySelector('a[data-demo-link="lookalike"]');
      return [a.getAttributeNames().filter((n) => n.startsWith('data-linkgate')), a.nextElementSibling.shadowRoot];
    }),
    [[], null],
  );
  await mkdir(SCREENSHOTS, { recursive: true });
  await writeFile(join(SCREENSHOTS, 'firefox-chat-en.png'), await driver.takeScreenshot(), 'base64');
});

test('an open link is left alone and a blocked link shows the block page', async () => {
  await driver.get(`http://127.0.0.1:${port}/chat.html#dm-alice`);
  assert.equal(await markOf('a[data-demo-link="jd-item"]'), 'open');
  assert.equal(await inContent(() => globalThis.linkgate.inspect.platform(document.querySelector('a[data-demo-link="jd-item"]'))), 'jd');

  await driver.get(`http://127.0.0.1:${port}/chat.html#dm-bob`);
  assert.equal(await markOf('a[data-demo-link="javascript"]'), 'block');
  const js = await driver.findElement(By.css('a[data-demo-link="javascript"]'));
  await js.click();
  await driver.wait(async () => (await driver.getCurrentUrl()).startsWith('moz-extension://'), 15_000);
  await driver.wait(until.elementLocated(By.css('#root[data-action="block"]')), 10_000);
  const buttons = await driver.findElements(By.css('button[data-action="continue"]'));
  for (const b of buttons) assert.equal(await b.isDisplayed(), false, 'a block page never offers Continue');
});

/**
 * Opens one of the add-on's pages in the current tab. WebDriver may not navigate to moz-extension: URLs, so the
 * browser's own (chrome) context loads it, as a click in the add-ons manager would.
 */
async function openAddonPage(file) {
  await driver.setContext(firefox.Context.CHROME);
  try {
    await driver.executeScript((url) => {
      const { gBrowser, Services } = window;
      gBrowser.selectedBrowser.fixupAndLoadURIString(url, { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });
    }, `moz-extension://${UUID}/${file}`);
  } finally {
    await driver.setContext(firefox.Context.CONTENT);
  }
  await driver.wait(async () => (await driver.getCurrentUrl()).startsWith(`moz-extension://${UUID}/${file.split('?')[0]}`), 15_000);
}

test('the options page and the popup work in Firefox: the matrix comes from the wasm engine, the popup counts this tab', async () => {
  await openAddonPage('options/options.html');
  await driver.wait(until.elementLocated(By.css('body[data-ready]')), 20_000);
  const cell = await driver.findElement(By.css('select[data-platform="taobao"][data-context="group"]'));
  assert.equal(await cell.getAttribute('value'), 'warn');
  // Firefox has no managed storage for the add-on: no banner, nothing locked.
  assert.equal(await driver.findElement(By.id('managed-banner')).isDisplayed(), false);
  await mkdir(SCREENSHOTS, { recursive: true });
  await writeFile(join(SCREENSHOTS, 'firefox-options-en.png'), await driver.takeScreenshot(), 'base64');

  await driver.get(`http://127.0.0.1:${port}/chat.html#dm-alice`);
  assert.equal(await markOf('a[data-demo-link="lookalike"]'), 'warn');
  await driver.switchTo().newWindow('tab');
  await openAddonPage(`popup/popup.html?site=${encodeURIComponent(`http://127.0.0.1:${port}`)}`);
  await driver.wait(until.elementLocated(By.css('body[data-ready]')), 20_000);
  const counts = await driver.executeScript(() => Array.from(document.querySelectorAll('.stats dd'), (d) => d.textContent));
  assert.deepEqual(counts, ['6', '2', '0', '1', '0'], 'checked, warned, blocked, share codes, folded (none in a direct chat)');
  await driver.close();
  await driver.switchTo().window((await driver.getAllWindowHandles())[0]);
});

// --- the navigation guard in Firefox ---

const LOOK = 'http://taobao-login.com';

/** Serves `html` on the protected chat origin and opens it in the driven window. */
async function openAttack(html) {
  const path = `/attack/${++serial}`;
  pages[path] = html;
  await driver.get(site.origin + path);
  return path;
}

async function interstitialShown(what = '') {
  await driver.wait(async () => /^moz-extension:\/\/[^/]+\/pages\/interstitial\.html#/.test(await driver.getCurrentUrl()), 15_000, `the warning page, ${what}: at ${await driver.getCurrentUrl()}`);
  const root = await driver.wait(until.elementLocated(By.css('#root[data-action]')), 10_000);
  return root.getAttribute('data-action');
}

async function neverReached(path, why) {
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(dest.saw(path), false, `${why}: the destination saw ${path}`);
}

test('Firefox: page script, window.open, a closed shadow root, a GET form and a userinfo link all show the warning page first', async () => {
  const cases = [
    ['location.assign from a button', (p) => chatPage({ messages: ['<button id="go">go</button>'], extra: `<script>document.getElementById('go').onclick = () => location.assign('${LOOK}${p}');</script>` })],
    ['a link in a closed shadow root', (p) => chatPage({ messages: ['x'], extra: `<div id="host" style="display:inline-block"></div><script>const r = document.getElementById('host').attachShadow({ mode: 'closed' }); const a = document.createElement('a'); a.id = 'go'; a.href = '${LOOK}${p}'; a.textContent = 'offer'; r.append(a); window.shadowLink = a;</script>` }), 'shadow'],
    ['a GET form', (p) => chatPage({ messages: [`<form action="${LOOK}${p}"><input name="q" value="1"><button id="go">search</button></form>`] })],
    ['a.click() on a detached anchor', (p) => chatPage({ messages: ['<button id="go">go</button>'], extra: `<script>document.getElementById('go').onclick = () => { const a = document.createElement('a'); a.href = '${LOOK}${p}'; a.click(); };</script>` })],
  ];
  for (const [name, html, kind] of cases) {
    const path = `/ff-${++serial}`;
    await openAttack(html(path));
    if (kind === 'shadow') {
      // A person's click on the link's spot (WebDriver cannot find elements in a closed root).
      const host = await driver.findElement(By.id('host'));
      await driver.actions().move({ origin: host }).click().perform();
    } else {
      await driver.findElement(By.id('go')).click();
    }
    assert.equal(await interstitialShown(name), 'warn', name);
    await neverReached(path, name);
  }
  // window.open from the page's click handler: a new tab, which shows the warning page.
  const opened = `/ff-open-${++serial}`;
  await openAttack(chatPage({ messages: ['<button id="go">go</button>'], extra: `<script>document.getElementById('go').onclick = () => window.open('${LOOK}${opened}');</script>` }));
  const main = await driver.getWindowHandle();
  const before = await driver.getAllWindowHandles();
  await driver.findElement(By.id('go')).click();
  await driver.wait(async () => (await driver.getAllWindowHandles()).length > before.length, 10_000);
  const tab = (await driver.getAllWindowHandles()).find((h) => !before.includes(h));
  await driver.switchTo().window(tab);
  assert.equal(await interstitialShown('window.open'), 'warn');
  await driver.close();
  await driver.switchTo().window(main);
  await neverReached(opened, 'window.open');

  const own = `/own-${++serial}`;
  pages[own] = '<!doctype html><title>own</title>';
  await openAttack(chatPage({ messages: [`<a id="c" href="http://taobao.com@127.0.0.1:${site.port}${own}">taobao.com</a>`] }));
  assert.equal(await markOf('#c'), 'warn');
  await driver.findElement(By.id('c')).click();
  assert.equal(await interstitialShown(), 'warn');
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(site.saw(own), false, 'the chat server saw the userinfo link');
});

test('Firefox: an open link still opens directly, and Continue reaches exactly the URL shown', async () => {
  const path = `/ff-open-${++serial}`;
  await openAttack(chatPage({ context: 'direct', messages: [`<a id="j" href="http://item.jd.com${path}">jd</a>`] }));
  assert.equal(await markOf('#j'), 'open');
  await driver.findElement(By.id('j')).click();
  await driver.wait(async () => (await driver.getCurrentUrl()) === `http://item.jd.com${path}`, 15_000);
  assert.equal(dest.saw(path), true);

  const shown = `${LOOK}/ff-continue-${++serial}?q=1#frag`;
  await openAttack(chatPage({ messages: ['<button id="go">go</button>'], extra: `<script>document.getElementById('go').onclick = () => location.assign('${shown}');</script>` }));
  await driver.findElement(By.id('go')).click();
  assert.equal(await interstitialShown(), 'warn');
  assert.equal(await driver.findElement(By.css('[data-field="url"]')).getText(), shown);
  await driver.findElement(By.css('button[data-action="continue"]')).click();
  await driver.wait(async () => (await driver.getCurrentUrl()) === shown, 15_000);
});

test('Firefox: the shopping group folds its repeats and requests; Show gives the link back with its warning page', async () => {
  await driver.get(`http://127.0.0.1:${port}/chat.html#group-shopping`);
  const lines = await waitInContent(() => {
    const rows = Array.from(document.querySelectorAll('section.conversation li.message'));
    const found = rows.map((row) => [row.id, globalThis.linkgate.inspect.foldLine(row)]).filter(([, line]) => line);
    return found.length === 4 ? found.map(([id, line]) => [id, line.text, line.folds]) : null;
  });
  assert.deepEqual(lines, [
    ['m2', '1 shopping link folded · Pinduoduo', ['default.bargains_in_groups']],
    ['m3', '1 shopping link folded · Taobao', ['default.repeats_in_groups']],
    ['m5', '2 shopping links folded · Taobao, JD.com', ['default.repeats_in_groups', 'default.repeats_in_groups', null]],
    ['m6', '1 link folded · Ele.me', ['default.bargains_in_groups']],
  ]);
  const repeat = await driver.findElement(By.css('a[data-demo-link="taobao-repeat"]'));
  assert.equal(await repeat.isDisplayed(), false, 'folded, still in the page');
  // A person's keyboard: Tab from m2's line's buttons reaches m3's line; Enter on its Show button shows the link.
  await driver.executeScript(() => document.querySelector('a[data-demo-link="taobao-item"]').focus());
  await driver.actions().sendKeys('\uE004').perform(); // Tab: m2's Show
  await driver.actions().sendKeys('\uE004').perform(); // Tab: m2's "Never fold in this chat"
  await driver.actions().sendKeys('\uE004').perform(); // Tab: m3's Show
  await driver.actions().sendKeys('\uE007').perform(); // Enter
  await waitInContent(() => globalThis.linkgate.inspect.foldLine(document.getElementById('m3'))?.expanded === 'true');
  assert.equal(await repeat.isDisplayed(), true);
  assert.equal(await markOf('a[data-demo-link="taobao-repeat"]'), 'warn');
  await mkdir(SCREENSHOTS, { recursive: true });
  await writeFile(join(SCREENSHOTS, 'firefox-folding-en.png'), await driver.takeScreenshot(), 'base64');
  await repeat.click();
  await driver.wait(async () => (await driver.getCurrentUrl()).startsWith('moz-extension://'), 15_000);
  await driver.wait(until.elementLocated(By.css('#root[data-action="warn"]')), 10_000);
});

test('Firefox: a short link is resolved on the warning page: the chain, a look-alike at the end, never requested', async () => {
  await openAttack(chatPage({ context: 'direct', messages: ['<a id="s" href="http://bit.ly/ff-chain">short</a>'] }));
  assert.equal(await markOf('#s'), 'warn');
  await driver.findElement(By.id('s')).click();
  assert.equal(await interstitialShown(), 'warn');
  await driver.findElement(By.css('button[data-action="resolve"]')).click();
  const destination = await driver.wait(until.elementLocated(By.css('section.resolution .destination, section.resolution [role="alert"]')), 15_000);
  assert.equal(await destination.getAttribute('data-action'), 'warn', await destination.getText());
  const hops = await Promise.all((await driver.findElements(By.css('section.resolution ol.chain li .url'))).map((e) => e.getText()));
  assert.deepEqual(hops, ['http://bit.ly/ff-chain', 'http://b23.tv/ff-hop', 'http://tao6ao.com/ff-destination?id=1']);
  assert.ok(await driver.findElement(By.css('section.resolution li[data-reason="lookalike_domain"]')));
  assert.equal(dest.saw('/ff-chain') && dest.saw('/ff-hop'), true);
  assert.equal(dest.saw('/ff-destination'), false, 'the destination was requested');
  const resolution = dest.requests.filter((r) => r.path === '/ff-chain' || r.path === '/ff-hop');
  assert.equal(resolution.length, 2);
  assert.ok(resolution.every((r) => r.cookie === null && r.referer === null), JSON.stringify(resolution));
  await writeFile(join(SCREENSHOTS, 'firefox-resolve-en.png'), await driver.takeScreenshot(), 'base64');
});
