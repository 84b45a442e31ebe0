// Shared helpers for the end-to-end tests: a static server for www/, Chromium with the built extension
// (dist/chrome), settings written through the service worker, and small waits on what a person sees.
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, readdir, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { chromium } from 'playwright-core';
import { buildManifest } from '../../scripts/manifest.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EXTENSION_DIR = process.env.LINKGATE_EXTENSION_DIR ?? path.join(ROOT, 'dist/chrome');
export const SCREENSHOTS = path.join(ROOT, 'target/screenshots');
/** The demo site as `make dist` assembles it: www/ plus the playground's wasm module and the extension's renderer. */
export const WWW_DIR = path.join(ROOT, 'dist/www');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.png': 'image/png', '.md': 'text/plain; charset=utf-8', '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf', '.mp3': 'audio/mpeg', '.ogg': 'audio/ogg', '.map': 'application/json' };

async function listFiles(dir, base = dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, base)));
    else out.push(path.relative(base, full));
  }
  return out;
}

/** Fails loudly when dist/chrome is missing or older than manifest.json + extension/ (run `bash scripts/build.sh`). */
export async function assertDistFresh() {
  if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json')) || !existsSync(path.join(EXTENSION_DIR, 'pkg/linkgate_bg.wasm'))) {
    throw new Error(`${EXTENSION_DIR} is missing or incomplete: run \`bash scripts/build.sh\` (or \`make dist\`) first`);
  }
  if (process.env.LINKGATE_EXTENSION_DIR) return;
  const built = JSON.parse(await readFile(path.join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
  if (!isDeepStrictEqual(built, await buildManifest())) throw new Error('dist is stale (its manifest differs from scripts/manifest.mjs): run `bash scripts/build.sh` first');
  const pairs = [
    ...(await listFiles(path.join(ROOT, 'extension'))).map((f) => [path.join('extension', f), path.join(EXTENSION_DIR, f)]),
    ...(await listFiles(path.join(ROOT, 'www'))).map((f) => [path.join('www', f), path.join(WWW_DIR, f)]),
  ];
  for (const [src, dst] of pairs) {
    const [a, b] = await Promise.all([readFile(path.join(ROOT, src)), readFile(dst).catch(() => null)]);
    if (!b || !a.equals(b)) throw new Error(`dist is stale (${src} differs): run \`bash scripts/build.sh\` first`);
  }
}

/**
 * Serves folders on 127.0.0.1 and localhost (a dual-stack listener on a free port): `mounts` maps a URL prefix
 * (`/`, `/converse/dist/`) to a folder; the longest prefix wins.
 */
export async function startServer(mounts = { '/': WWW_DIR }) {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const pathname = decodeURIComponent(url.pathname);
    const prefix = prefixes.find((p) => pathname.startsWith(p));
    const root = path.resolve(mounts[prefix]);
    let file = path.normalize(path.join(root, pathname.slice(prefix.length)));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (pathname.endsWith('/')) file = path.join(file, 'index.html');
    try {
      const body = await readFile(file);
      const headers = { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
      // The strict-CSP copy of the chat gets the policy as a real response header too, as chat apps send it.
      if (path.basename(file) === 'chat-csp.html') headers['content-security-policy'] = "default-src 'self'";
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, resolve));
  const { port } = server.address();
  return { port, origin: `http://127.0.0.1:${port}`, otherOrigin: `http://localhost:${port}`, close: () => new Promise((r) => server.close(r)) };
}

/** Pages outside the demo's two local origins never touch the network: they get a stub that names the URL. */
export const EXTERNAL_TITLE = 'external page stub';
// Playwright routes the service worker's own requests too: hosts in `pass` go to the network (the resolution tests'
// fake shorteners, reached through --host-resolver-rules).
async function routeExternal(context, pass = []) {
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/]|localhost[:/])/, (route) => {
    if (pass.includes(new URL(route.request().url()).hostname)) return route.continue();
    return route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><title>${EXTERNAL_TITLE}</title><h1 id="external">${route.request().url().replace(/[<&>"]/g, '')}</h1>`,
    });
  });
}

/** The extension's service worker (waiting for it to start if needed). */
export async function getWorker(context) {
  const existing = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  if (existing) return existing;
  return context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith('chrome-extension://'), timeout: 15000 });
}

/**
 * Chromium with the built extension, a fresh profile and the demo server.
 * `lang` 'zh-CN' starts the browser UI (and chrome.i18n) in Chinese.
 */
/** The policy file managed.test.mjs writes; any other test removes a copy left by an interrupted run. */
export const TEST_POLICY_FILE = '/etc/chromium/policies/managed/linkgate-e2e-test.json';

/**
 * Options beyond the language: `args` more Chromium flags; `route: false` leaves pages outside the demo's origins
 * unstubbed (the guard tests map every host name to their own server instead); `popupBlocker: true` keeps
 * Chromium's popup blocker on (Playwright turns it off by default); `developerMode: true` lets the tests reload the
 * extension (a `--load-extension` extension reloaded without it stays disabled).
 */
export async function launch({ lang = 'en-US', policy = false, args = [], route = true, routePass = [], popupBlocker = false, developerMode = false, headless = true } = {}) {
  await assertDistFresh();
  if (!policy) await rm(TEST_POLICY_FILE, { force: true });
  const server = await startServer();
  const profile = await mkdtemp(path.join(tmpdir(), 'linkgate-e2e-'));
  if (developerMode) {
    await mkdir(path.join(profile, 'Default'), { recursive: true });
    await writeFile(path.join(profile, 'Default/Preferences'), JSON.stringify({ extensions: { ui: { developer_mode: true } } }));
  }
  const processEnv = { ...process.env, LANGUAGE: lang.replace('-', '_'), LANG: `${lang.replace('-', '_')}.UTF-8` };
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless,
    env: processEnv,
    locale: lang,
    viewport: headless ? { width: 1100, height: 820 } : null,
    ignoreDefaultArgs: popupBlocker ? ['--disable-popup-blocking'] : [],
    args: [
      ...args,
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      `--lang=${lang}`,
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
    ],
  });
  if (route) await routeExternal(context, routePass);
  const worker = await getWorker(context);
  const extensionId = new URL(worker.url()).host;
  extensionIds.set(context, extensionId);
  const env = {
    context,
    server,
    extensionId,
    worker: () => getWorker(context),
    async close() {
      await context.close().catch(() => {});
      await server.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
  await waitGuard(env);
  return env;
}

/** Waits until the navigation guard's rules are in force (the worker says so in storage.session `guard`). */
export async function waitGuard(env, { timeout = 15000 } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const guard = await inExtension(env, async () => (await chrome.storage.session.get('guard')).guard ?? null);
    if (guard?.mode) return guard;
    if (Date.now() > end) throw new Error(`the navigation guard did not start: ${JSON.stringify(guard)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Runs `fn(arg)` in an extension page (which has chrome.storage, like the options page). Not in the service worker:
 * the tests stop it, and a stopped worker's handle is stale.
 */
export async function inExtension(env, fn, arg) {
  if (!env.extensionPage || env.extensionPage.isClosed()) {
    env.extensionPage = await env.context.newPage();
    await env.extensionPage.goto(`chrome-extension://${env.extensionId}/pages/interstitial.html`);
  }
  return env.extensionPage.evaluate(fn, arg);
}

/** Replaces the user's settings (storage.sync), as the options page will. */
export async function setSettings(env, settings) {
  await inExtension(
    env,
    async (s) => {
      await chrome.storage.sync.clear();
      await chrome.storage.sync.set(s);
    },
    settings,
  );
}

export async function storage(env, area, key) {
  return inExtension(env, async ([a, k]) => (await chrome.storage[a].get(k))[k], [area, key]);
}

/** Opens the demo chat at a conversation and waits until no link in it is pending. */
export async function openChat(env, conversation, { page, file = 'chat.html' } = {}) {
  page ??= await env.context.newPage();
  await page.goto(`${env.server.origin}/${file}#${conversation}`);
  await page.waitForSelector(`section.conversation[data-chat-id="${conversation}"]`);
  await waitAllMarked(page);
  return page;
}

// --- what linkgate shows, read from its content script's isolated world ---
// linkgate writes nothing on a page that page script could read (no attributes, closed shadow roots), so the tests
// read marks where only the extension can: they evaluate in the content script's own world through the DevTools
// protocol (Runtime.evaluate in the execution context Chromium creates for the extension in each frame), and call
// `globalThis.linkgate.inspect` there (extension/content/main.js).

const extensionIds = new WeakMap(); // browser context -> extension id
const worlds = new WeakMap(); // page -> {cdp, contexts: Map<contextId, frameId>}

async function contentWorld(page) {
  let world = worlds.get(page);
  if (world) return world;
  const origin = `chrome-extension://${extensionIds.get(page.context())}`;
  const cdp = await page.context().newCDPSession(page);
  const contexts = new Map();
  cdp.on('Runtime.executionContextCreated', ({ context }) => {
    if (context.origin === origin && context.auxData?.type === 'isolated') contexts.set(context.id, context.auxData.frameId);
  });
  cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => contexts.delete(executionContextId));
  cdp.on('Runtime.executionContextsCleared', () => contexts.clear());
  await cdp.send('Runtime.enable');
  world = { cdp, contexts };
  worlds.set(page, world);
  return world;
}

/**
 * Runs `fn(arg)` in linkgate's content script world of the page's top frame (the newest copy, after a reload of
 * the extension) and returns its JSON result; `undefined` while no content script runs there.
 */
export async function inContent(page, fn, arg) {
  const { cdp, contexts } = await contentWorld(page);
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const ids = [...contexts].filter(([, frame]) => frame === frameTree.frame.id).map(([id]) => id);
  if (!ids.length) return undefined;
  const result = await cdp.send('Runtime.evaluate', {
    expression: `(${fn})(${JSON.stringify(arg ?? null)})`,
    contextId: Math.max(...ids),
    returnByValue: true,
    awaitPromise: true,
  });
  if (result.exceptionDetails) throw new Error(`in the content script: ${result.exceptionDetails.exception?.description ?? result.exceptionDetails.text}`);
  return result.result.value;
}

/** Polls `fn(arg)` in the content script world until it returns something truthy (or fails after `timeout` ms). */
export async function waitInContent(page, fn, arg, { timeout = 15000, what = 'a condition in the content script' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await inContent(page, fn, arg).catch((e) => (String(e).includes('context') ? undefined : Promise.reject(e)));
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every message link in the open conversation is decided (open, warn, block, or one of the page's own links). */
export async function waitAllMarked(page, { timeout = 15000 } = {}) {
  await waitInContent(
    page,
    () => {
      const links = document.querySelectorAll('section.conversation a[href]');
      return (
        links.length > 0 &&
        Array.from(links).every((a) => {
          const v = globalThis.linkgate.inspect.mark(a);
          return ['open', 'warn', 'block', 'own'].includes(v) || (v === null && a.origin === location.origin);
        })
      );
    },
    null,
    { timeout, what: 'every link to be marked' },
  );
}

export const link = (id) => `section.conversation a[data-demo-link="${id}"]`;
export const button = (id) => `section.conversation button[data-demo-link="${id}"]`;

/** A link's mark as linkgate keeps it: 'pending' | 'open' | 'warn' | 'block' | 'own' | null (not tracked). */
export async function markOf(page, selector) {
  return inContent(page, (sel) => {
    const a = document.querySelector(sel);
    return a ? globalThis.linkgate.inspect.mark(a) : null;
  }, selector);
}

export async function mark(page, id) {
  return markOf(page, link(id));
}

/** Waits until the link `selector` has the mark `value`. */
export async function waitMark(page, selector, value, { timeout = 15000 } = {}) {
  await waitInContent(
    page,
    ([sel, v]) => {
      const a = document.querySelector(sel);
      return Boolean(a) && globalThis.linkgate.inspect.mark(a) === v;
    },
    [selector, value],
    { timeout, what: `${selector} to be marked ${value}` },
  );
}

/** The badge's {text, label, title, action} right after a link (inside its closed shadow root), or null. */
export async function badge(page, id) {
  return badgeOf(page, link(id));
}

export async function badgeOf(page, selector) {
  return inContent(page, (sel) => {
    const a = document.querySelector(sel);
    return a ? globalThis.linkgate.inspect.badge(a) : null;
  }, selector);
}

/** The share-code markers of a message text element: [{platform, kind, text, label}]. */
export async function chipsOf(page, selector) {
  return inContent(page, (sel) => {
    const el = document.querySelector(sel);
    return el ? globalThis.linkgate.inspect.chips(el) : [];
  }, selector);
}

export function interstitialUrl(env) {
  return new RegExp(`^chrome-extension://${env.extensionId}/pages/interstitial\\.html#`);
}

/** Waits for a page to show the interstitial and returns its data-action ('warn' | 'block'). */
export async function interstitialAction(env, page) {
  await page.waitForURL(interstitialUrl(env), { timeout: 10000 });
  const root = await page.waitForSelector('main#root[data-action]', { timeout: 10000 });
  return root.getAttribute('data-action');
}

export async function screenshot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Stops the extension's service worker through the DevTools protocol, as chrome://serviceworker-internals' Stop
 * button does, and waits until it has stopped. The protocol's ServiceWorker domain sees the workers of the page's
 * own origin, so the session is opened on an extension page.
 */
export async function stopServiceWorker(env) {
  const page = await env.context.newPage();
  try {
    await page.goto(`chrome-extension://${env.extensionId}/pages/interstitial.html`);
    const cdp = await env.context.newCDPSession(page);
    const stopped = new Promise((resolve) =>
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
        if (versions.some((v) => v.scriptURL.endsWith('/background.js') && v.runningStatus === 'stopped')) resolve();
      }),
    );
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await Promise.race([stopped, new Promise((_, reject) => setTimeout(() => reject(new Error('service worker did not stop')), 10000))]);
    await cdp.detach();
  } finally {
    await page.close();
  }
}

/** The id Chromium gives an unpacked extension: the first 32 hex digits of SHA-256(path), written with a-p. */
export function unpackedExtensionId(dir = EXTENSION_DIR) {
  const hex = createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

/** Opens one of the extension's pages (`options/options.html`, `popup/popup.html?site=…`) and waits until it is ready. */
export async function extensionPage(env, file, { page } = {}) {
  page ??= await env.context.newPage();
  await page.goto(`chrome-extension://${env.extensionId}/${file}`);
  await page.waitForSelector('body[data-ready]', { timeout: 15000 });
  return page;
}

const AXE = path.join(ROOT, 'node_modules/axe-core/axe.min.js');

/**
 * Runs axe-core (WCAG 2.x A and AA rules, and best practices) on the page and returns the violations as
 * `rule: target` strings. The script is evaluated through the DevTools protocol, which extension pages' CSP allows.
 */
export async function axeViolations(page) {
  const source = await readFile(AXE, 'utf8');
  await page.evaluate(source);
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }));
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${n.failureSummary?.split('\n')[1]?.trim() ?? v.help})`));
}
