// Firefox end-to-end: the core flow (mark -> click -> interstitial -> continue) with dist/firefox installed as a
// temporary add-on by path (geckodriver's `install addon` with {path, temporary}; zipping the folder breaks content
// scripts on Firefox 140, see shared/notes/toolchain.md). Firefox ESR + geckodriver + selenium-webdriver.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { extname, join, resolve, normalize } from 'node:path';
import { Builder, By, until } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import { Command } from 'selenium-webdriver/lib/command.js';

const ROOT = resolve(import.meta.dirname, '../..');
const WWW = join(ROOT, 'dist/www');
const SCREENSHOTS = join(ROOT, 'target/screenshots');
const UUID = '3b0c8c8e-5a5e-4c55-9a51-6c1a2b7e4d10';
const ADDON = process.env.LINKGATE_FIREFOX_DIR ?? join(ROOT, 'dist/firefox');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.json': 'application/json', '.wasm': 'application/wasm' };

let server;
let port;
let driver;

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

  const options = new firefox.Options()
    .addArguments('-headless')
    .setBinary('/usr/bin/firefox-esr')
    .setPreference('intl.locale.requested', 'en-US')
    .setPreference('browser.shell.checkDefaultBrowser', false)
    .setPreference('datareporting.policy.dataSubmissionEnabled', false)
    .setPreference('app.update.enabled', false)
    // A fixed moz-extension UUID, so the tests can open the add-on's own pages.
    .setPreference('extensions.webextensions.uuids', JSON.stringify({ 'linkgate@linkgate.invalid': UUID }));
  // --allow-system-access: the chrome context, to open the add-on's own pages (see openAddonPage).
  const service = new firefox.ServiceBuilder(process.env.GECKODRIVER ?? 'geckodriver').addArguments('--allow-system-access');
  driver = await new Builder().forBrowser('firefox').setFirefoxOptions(options).setFirefoxService(service).build();
  await driver.execute(new Command('install addon').setParameter('path', ADDON).setParameter('temporary', true));
});

after(async () => {
  await driver?.quit();
  server?.close();
});

test('a warned link in a group chat is marked, shows the interstitial, and Continue reaches the target', async () => {
  await driver.get(`http://127.0.0.1:${port}/chat.html#group-lab`);
  const link = await driver.wait(until.elementLocated(By.css('a[data-demo-link="local-target"][data-linkgate="warn"]')), 20_000);
  assert.equal(await link.getAttribute('data-linkgate'), 'warn');

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
  await driver.wait(until.elementLocated(By.css('a[data-demo-link="lookalike"][data-linkgate="warn"]')), 20_000);
  const badges = await driver.wait(async () => {
    const found = await driver.executeScript(() =>
      Array.from(document.querySelectorAll('section.conversation a[data-demo-link]'), (a) => {
        const span = a.nextElementSibling?.shadowRoot?.querySelector('span');
        return span ? [a.dataset.demoLink, span.getAttribute('aria-label'), getComputedStyle(span).borderRadius !== '0px'] : null;
      }),
    );
    return found.every(Boolean) ? found : null;
  }, 10_000);
  const byId = Object.fromEntries(badges.map(([id, label, styled]) => [id, { label, styled }]));
  assert.deepEqual(byId['taobao-item'], { label: 'Taobao link — opens directly', styled: true });
  assert.deepEqual(byId.lookalike, { label: 'Warning: look-alike domain', styled: true });
  await mkdir(SCREENSHOTS, { recursive: true });
  await writeFile(join(SCREENSHOTS, 'firefox-chat-en.png'), await driver.takeScreenshot(), 'base64');
});

test('an open link is left alone and a blocked link shows the block page', async () => {
  await driver.get(`http://127.0.0.1:${port}/chat.html#dm-alice`);
  const jd = await driver.wait(until.elementLocated(By.css('a[data-demo-link="jd-item"][data-linkgate]')), 20_000);
  await driver.wait(async () => (await jd.getAttribute('data-linkgate')) !== 'pending', 10_000);
  assert.equal(await jd.getAttribute('data-linkgate'), 'open');
  assert.equal(await jd.getAttribute('data-linkgate-platform'), 'jd');

  await driver.get(`http://127.0.0.1:${port}/chat.html#dm-bob`);
  const js = await driver.wait(until.elementLocated(By.css('a[data-demo-link="javascript"][data-linkgate="block"]')), 20_000);
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
  await driver.wait(until.elementLocated(By.css('a[data-demo-link="lookalike"][data-linkgate="warn"]')), 20_000);
  await driver.switchTo().newWindow('tab');
  await openAddonPage(`popup/popup.html?site=${encodeURIComponent(`http://127.0.0.1:${port}`)}`);
  await driver.wait(until.elementLocated(By.css('body[data-ready]')), 20_000);
  const counts = await driver.executeScript(() => Array.from(document.querySelectorAll('.stats dd'), (d) => d.textContent));
  assert.deepEqual(counts, ['6', '2', '0', '1']);
  await driver.close();
  await driver.switchTo().window((await driver.getAllWindowHandles())[0]);
});
