// The hostile review's attacks on the navigation guard (issue 11), each on its own page of a protected origin
// (127.0.0.1), against a destination that every other host name resolves to. An attack passes only when the
// destination never saw its request: the guard stopped it before it left the browser. Then the controls that must
// fail the other way: safe links, the chat's own links and the app's own navigation are untouched, Continue
// reaches exactly the URL shown, the popup blocker still blocks. Chromium (Playwright) with dist/chrome.
//
// Destinations: http://taobao-login.com/... (a look-alike: warned in every context) and http://item.jd.com/...
// (a JD link: opens directly in a direct chat, asks first in a group or an unknown context).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, setSettings, inExtension, interstitialAction, interstitialUrl, markOf, waitInContent, getWorker } from './helpers.mjs';
import { startSite, startDestination, chatPage } from './attack-site.mjs';

const LOOK = 'http://taobao-login.com';
const JD = 'http://item.jd.com';

let env;
let site;
let dest;
const pages = {};
let serial = 0;

before(async () => {
  dest = await startDestination();
  site = await startSite(pages);
  env = await launch({ route: false, popupBlocker: true, developerMode: true, args: dest.args });
  await setSettings(env, { preset: 'default' });
});
after(async () => {
  await env?.close();
  await site?.close();
  await dest?.close();
});

/** Serves `html` at a fresh path of the chat origin and opens it; waits until linkgate decided its message links. */
async function open(html, { page, marked = true } = {}) {
  const path = `/attack/${++serial}`;
  pages[path] = html;
  page ??= await env.context.newPage();
  await page.goto(site.origin + path);
  if (marked) {
    await waitInContent(
      page,
      () => Array.from(document.querySelectorAll('section.conversation a[href]')).every((a) => globalThis.linkgate.inspect.mark(a) !== 'pending'),
      null,
      { what: 'the links to be decided' },
    );
  }
  return page;
}

/** A unique destination path for one attack. */
const dst = (name) => `/${name}-${++serial}`;

/** The page `act` opens (a new tab or window), or null when none opens within `ms`. */
async function opened(act, ms = 5000) {
  const next = env.context.waitForEvent('page', { timeout: ms }).catch(() => null);
  await act();
  return next;
}

/** Gives a request that escaped time to arrive, then checks it did not. */
async function neverReached(path, why) {
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(dest.saw(path), false, `${why}: the destination saw ${path}`);
}

async function closeOthers(keep) {
  for (const p of env.context.pages()) if (p !== keep && !p.url().startsWith('chrome-extension://')) await p.close();
}

// --- 1. an extension update or reload with a chat tab open ---

test('after the extension reloads, an open chat tab is protected again: one badge a link, and the first click shows the warning page', async () => {
  const path = dst('reload');
  const page = await open(chatPage({ messages: [`look <a id="l" href="${LOOK}${path}">taobao-login</a>`, `jd <a id="j" href="${JD}/x">jd</a>`] }));
  assert.equal(await page.locator('linkgate-badge').count(), 2);
  const ext = await env.context.newPage();
  await ext.goto(`chrome-extension://${env.extensionId}/pages/interstitial.html`);
  const restarted = env.context.waitForEvent('serviceworker', { timeout: 15000 });
  await ext.evaluate(() => chrome.runtime.reload()).catch(() => {}); // the page closes with the old extension
  await restarted;
  // The orphaned copy removed its badges; the injected copy marked the links again (no doubles).
  await waitInContent(page, () => document.querySelectorAll('linkgate-badge').length === 2 && globalThis.linkgate.inspect.mark(document.getElementById('l')) === 'warn', null, {
    what: 'the re-injected content script to mark the links',
  });
  await page.bringToFront();
  await page.click('#l');
  assert.equal(await interstitialAction(env, page), 'warn');
  await neverReached(path, 'first click after a reload');
  env.extensionPage = null; // the helpers' extension page went with the old extension
  await page.close();
});

// --- 2. links the content script never sees ---

const SHADOW = (mode, path) =>
  chatPage({
    messages: ['a widget:'],
    extra: `<div id="host"></div><script>
      const root = document.getElementById('host').attachShadow({ mode: '${mode}' });
      const a = document.createElement('a'); a.id = 'in-shadow'; a.href = '${LOOK}${path}'; a.textContent = 'offer';
      a.style.display = 'inline-block'; a.style.padding = '8px';
      root.append(a);
    </script>`,
  });

for (const mode of ['open', 'closed']) {
  test(`a link in a ${mode} shadow root shows the warning page first`, async () => {
    const path = dst(`shadow-${mode}`);
    const page = await open(SHADOW(mode, path));
    const box = await page.locator('#host').boundingBox();
    await page.mouse.click(box.x + 10, box.y + box.height / 2);
    assert.equal(await interstitialAction(env, page), 'warn');
    await neverReached(path, `${mode} shadow root`);
    await page.close();
  });
}

test('links in a same-origin iframe and in a srcdoc iframe show the warning page first, in the frame or with target=_top', async () => {
  for (const kind of ['same-origin', 'srcdoc']) {
    for (const target of ['', '_top']) {
      const path = dst(`frame-${kind}${target}`);
      const inner = `<a id="f" href="${LOOK}${path}"${target ? ` target="${target}"` : ''} style="display:block;padding:10px">frame link</a>`;
      let frame;
      if (kind === 'same-origin') {
        const framePath = `/attack/frame-${serial}`;
        pages[framePath] = `<!doctype html><body>${inner}</body>`;
        frame = `<iframe id="fr" src="${framePath}" style="width:400px;height:80px"></iframe>`;
      } else {
        frame = `<iframe id="fr" srcdoc='${inner.replaceAll("'", '&#39;')}' style="width:400px;height:80px"></iframe>`;
      }
      const page = await open(chatPage({ messages: ['see below'], extra: frame }));
      const f = page.frameLocator('#fr');
      await f.locator('#f').waitFor();
      // Let the frame's content script start and decide its link (a pending link counts as warned anyway).
      await page.waitForTimeout(300);
      await f.locator('#f').click();
      assert.equal(await interstitialAction(env, page), 'warn', `${kind} ${target || 'in-frame'}`);
      await neverReached(path, `${kind} iframe ${target || 'in-frame'}`);
      await page.close();
    }
  }
});

test('SVG links (href and xlink:href) show the warning page first', async () => {
  for (const attr of ['href', 'xlink:href']) {
    const path = dst(`svg-${attr.replace(':', '-')}`);
    const page = await open(
      chatPage({
        messages: [`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="40"><a id="s" ${attr}="${LOOK}${path}"><rect width="200" height="40" fill="#48c"/></a></svg>`],
      }),
    );
    await page.click('#s rect');
    assert.equal(await interstitialAction(env, page), 'warn', attr);
    await neverReached(path, `svg ${attr}`);
    await page.close();
  }
});

test('GET forms show the warning page first: action, and formaction with formtarget=_blank', async () => {
  const path = dst('form');
  const page = await open(chatPage({ messages: [`<form id="f" action="${LOOK}${path}"><input name="q" value="1"><button id="go">Search</button></form>`] }));
  await page.click('#go');
  assert.equal(await interstitialAction(env, page), 'warn');
  await neverReached(path, 'form action');
  await page.close();

  const path2 = dst('formaction');
  const page2 = await open(chatPage({ messages: [`<form id="f" action="/nowhere"><button id="go" formaction="${LOOK}${path2}" formtarget="_blank">Go</button></form>`] }));
  const tab = await opened(() => page2.click('#go'));
  assert.ok(tab, 'a new tab opened');
  assert.equal(await interstitialAction(env, tab), 'warn');
  await neverReached(path2, 'formaction + formtarget');
  await tab.close();
  await page2.close();
});

// --- 3. the same-origin exemption ---

test("the chat's own origin with userinfo (http://taobao.com@chat/...) is warned, and the chat's server never sees it", async () => {
  const own = `/own-cred-${++serial}`;
  pages[own] = '<!doctype html><title>own page</title>';
  const page = await open(chatPage({ messages: [`<a id="c" href="http://taobao.com@127.0.0.1:${site.port}${own}">taobao.com</a>`] }));
  assert.equal(await markOf(page, '#c'), 'warn');
  await page.click('#c');
  assert.equal(await interstitialAction(env, page), 'warn');
  await page.waitForTimeout(400);
  assert.equal(site.saw(own), false, 'the chat server saw the userinfo link');
  await page.close();
});

test("the chat's own link whose text names another site is warned (text and link differ)", async () => {
  const own = `/own-text-${++serial}`;
  pages[own] = '<!doctype html><title>own page</title>';
  const page = await open(
    chatPage({ messages: [`<a id="t" href="${own}">www.taobao.com</a>`, `<a id="plain" href="/own-plain">my profile</a>`, `<a id="bare" href="/own-bare">/own-bare</a>`] }),
  );
  assert.equal(await markOf(page, '#t'), 'warn');
  // The chat's own links that cannot name another site stay the app's: no badge, no check.
  assert.equal(await markOf(page, '#plain'), 'own');
  assert.equal(await markOf(page, '#bare'), null);
  assert.equal(await page.locator('linkgate-badge').count(), 1);
  await page.click('#t');
  assert.equal(await interstitialAction(env, page), 'warn');
  await page.waitForTimeout(400);
  assert.equal(site.saw(own), false);
  await page.close();
});

test('<base href> with href="#top" or href="" is judged by the URL it resolves to', async () => {
  for (const href of ['#top', '']) {
    const path = dst(`base-${href ? 'hash' : 'empty'}`);
    const page = await open(chatPage({ head: `<base href="${LOOK}${path}">`, messages: [`<a id="b" href="${href}">top</a>`] }));
    assert.equal(await markOf(page, '#b'), 'warn');
    await page.click('#b');
    assert.equal(await interstitialAction(env, page), 'warn', `href="${href}"`);
    await neverReached(path, `base + href="${href}"`);
    await page.close();
  }
});

// --- 4. page script ---

/** A page with a button that runs `script` in the page's click handler (a person's gesture, then the page's code). */
const scripted = (script, extra = '') =>
  chatPage({ messages: ['<button id="go" style="padding:8px">Open offer</button>'], extra: `<script>document.getElementById('go').onclick = () => { ${script} };</script>${extra}` });

test('page script opening a URL in every way shows the warning page first', async () => {
  const cases = [
    ['window.open, argument whose toString changes', (p) => `let n = 0; window.open({ toString() { n++; return n > 1 ? '${LOOK}${p}' : '${JD}/safe-${serial}'; } });`, 'new'],
    // The untouched `open` of a fresh iframe's realm, called on this window (it carries the click's activation).
    ['window.open of a fresh iframe', (p) => `const f = document.createElement('iframe'); document.body.append(f); f.contentWindow.open.call(window, '${LOOK}${p}');`, 'new'],
    ['document.open(url, name, features)', (p) => `document.open('${LOOK}${p}', '_blank', '');`, 'new'],
    ['window.open while a page listener swallows events', (p) => `window.open('${LOOK}${p}');`, 'new', `<script>window.addEventListener('linkgate:window-open', (e) => e.stopImmediatePropagation(), true);</script>`],
    ['location.assign from a click on a button', (p) => `location.assign('${LOOK}${p}');`, 'same'],
    ['an inserted meta refresh', (p) => `const m = document.createElement('meta'); m.httpEquiv = 'refresh'; m.content = '0;url=${LOOK}${p}'; document.head.append(m);`, 'same'],
    ['a.click() on a detached anchor', (p) => `const a = document.createElement('a'); a.href = '${LOOK}${p}'; a.click();`, 'same'],
    ['a.click() on a detached target=_blank anchor', (p) => `const a = document.createElement('a'); a.href = '${LOOK}${p}'; a.target = '_blank'; a.click();`, 'new'],
  ];
  for (const [name, script, where, extra] of cases) {
    const path = dst('script');
    const page = await open(scripted(script(path), extra));
    if (where === 'new') {
      const tab = await opened(() => page.click('#go'));
      assert.ok(tab, `${name}: a tab opened`);
      assert.equal(await interstitialAction(env, tab).catch((e) => `${e.message.split('\n')[0]} at ${tab.url()}`), 'warn', name);
      await tab.close();
    } else {
      await page.click('#go');
      assert.equal(await interstitialAction(env, page).catch((e) => `${e.message.split('\n')[0]} at ${page.url()}`), 'warn', name);
    }
    await neverReached(path, name);
    await page.close();
  }
});

test('an href swapped inside the click dispatch, after linkgate checked the link, is stopped by the guard', async () => {
  const path = dst('swap');
  const page = await open(
    chatPage({
      context: 'direct',
      messages: [`<a id="s" href="${JD}/swap-safe">jd</a>`],
      extra: `<script>document.getElementById('s').addEventListener('click', (e) => { e.currentTarget.href = '${LOOK}${path}'; });</script>`,
    }),
  );
  assert.equal(await markOf(page, '#s'), 'open');
  await page.click('#s');
  assert.equal(await interstitialAction(env, page), 'warn');
  await neverReached(path, 'href swapped in dispatch');
  await page.close();
});

// --- 5. gestures: linkgate opens nothing a page could not ---

test('the popup blocker still blocks a gestureless window.open on a protected page, of an open link too', async () => {
  const path = dst('gestureless');
  // The page's own timer, with no click before it (Playwright's evaluate would carry a user gesture).
  const html = chatPage({
    context: 'direct',
    messages: [`<a id="j" href="${JD}${path}">jd</a>`],
    extra: `<script>setTimeout(() => { window.opened = window.open('${JD}${path}') !== null; }, 300);</script>`,
  });
  const tab = await opened(() => open(html), 2000);
  assert.equal(tab?.url().startsWith(site.origin) ? null : tab, null, 'no tab opened');
  await neverReached(path, 'gestureless window.open');
  await closeOthers(null);
});

test('page-forged Ctrl-clicks and forged window-open events open nothing', async () => {
  const path = dst('forged');
  const page = await open(chatPage({ messages: [`<a id="l" href="${LOOK}${path}">offer</a>`] }));
  const tab = await opened(
    () =>
      page.evaluate((u) => {
        const a = document.getElementById('l');
        for (let i = 0; i < 10; i++) a.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, ctrlKey: true, button: 0 }));
        for (let i = 0; i < 10; i++) document.dispatchEvent(new CustomEvent('linkgate:window-open', { detail: JSON.stringify({ url: u, target: '_blank' }), cancelable: true }));
      }, `${LOOK}${path}`),
    1500,
  );
  assert.equal(tab, null, 'no tab opened');
  assert.match(page.url(), /\/attack\//, 'the chat stayed');
  await neverReached(path, 'forged events');
  await page.close();
});

test('the worker opens warning pages no faster than a person clicks (per-tab rate limit)', async () => {
  const page = await open(chatPage({ messages: [`<a id="l" href="${LOOK}/rate">offer</a>`] }));
  const before = env.context.pages().length;
  const box = await page.locator('#l').boundingBox();
  await page.keyboard.down('Control');
  const start = Date.now();
  for (let i = 0; i < 10; i++) await page.mouse.click(box.x + 5, box.y + box.height / 2);
  const elapsed = Date.now() - start;
  await page.keyboard.up('Control');
  await page.waitForTimeout(800);
  const tabs = env.context.pages().length - before;
  // 4 at once, then one a second: within `elapsed` ms at most 4 + ceil(elapsed / 1000).
  const limit = 4 + Math.ceil(elapsed / 1000);
  assert.ok(limit < 10, `10 clicks took ${elapsed} ms: too slow to tell a limit from none`);
  assert.ok(tabs >= 1 && tabs <= limit, `10 Ctrl-clicks within ${elapsed} ms opened ${tabs} warning tabs (at most ${limit})`);
  await closeOthers(page);
  await page.close();
});

// --- 6. one oversized link does not cost the others their marks ---

test('an href over the size limit is warned alone; the rest of its batch is decided', async () => {
  const long = `${LOOK}/${'x'.repeat(70000)}`;
  const links = Array.from({ length: 20 }, (_, i) => `<a class="n" href="${JD}/n${i}">jd ${i}</a>`);
  const page = await open(chatPage({ context: 'direct', messages: [`<a id="long" href="${long}">long</a>`, ...links] }));
  assert.equal(await markOf(page, '#long'), 'warn');
  const marks = await waitInContent(page, () => Array.from(document.querySelectorAll('a.n'), (a) => globalThis.linkgate.inspect.mark(a)));
  assert.deepEqual([...new Set(marks)], ['open']);
  await page.close();
});

// --- 7. privacy: nothing a page can read ---

test('a page learns nothing from the links it inserts: no attributes, closed badges', async () => {
  await setSettings(env, { preset: 'default', trustedDomains: ['example.org'] });
  const page = await open(chatPage({ messages: [] }), { marked: false });
  const seen = await page.evaluate(async () => {
    const ul = document.querySelector('section.conversation ul');
    const probes = ['https://example.org/', 'https://example.net/', 'https://item.taobao.com/item.htm?id=1'].map((href) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = href;
      a.textContent = href;
      li.append(a);
      ul.append(li);
      return a;
    });
    await new Promise((r) => setTimeout(r, 1500));
    return probes.map((a) => ({
      attributes: a.getAttributeNames(),
      badge: a.nextElementSibling?.localName ?? null,
      shadow: a.nextElementSibling?.shadowRoot ?? null,
      badgeAttributes: a.nextElementSibling?.getAttributeNames() ?? null,
    }));
  });
  for (const probe of seen) {
    assert.deepEqual(probe.attributes, ['href'], 'linkgate wrote nothing on the link');
    assert.equal(probe.badge, 'linkgate-badge', 'the person sees a badge');
    assert.equal(probe.shadow, null, 'its shadow root is closed');
    assert.deepEqual(probe.badgeAttributes, ['style'], 'and the badge says nothing in its attributes');
  }
  await setSettings(env, { preset: 'default' });
  await page.close();
});

// --- the guard decides with the context linkgate recorded, never one a page sets ---

test('the guard decides with the chat context of the link the person opened, and as unknown for page script', async () => {
  const path = dst('ctx');
  const page = await open(
    chatPage({ context: 'direct', messages: [`<a id="j" href="${JD}${path}">jd</a>`, '<button id="go">go</button>'], extra: `<script>document.getElementById('go').onclick = () => location.assign('${JD}${path}?by=script');</script>` }),
  );
  assert.equal(await markOf(page, '#j'), 'open');
  await page.click('#j');
  await page.waitForURL(`${JD}${path}`);
  assert.equal(dest.saw(path), true, 'the open link reached its destination');
  await page.goBack();
  await page.waitForURL(/\/attack\//);
  // The same URL by the page's own script: no hint, decided as a group (JD asks first there).
  await page.click('#go');
  assert.equal(await interstitialAction(env, page), 'warn');
  await neverReached(`${path}?by=script`, 'page script to an open-in-direct URL');
  await page.close();
});

// --- controls: what must keep working ---

test('an open link opens as before: the destination gets it, one history entry, Back returns to the chat', async () => {
  const path = dst('open');
  const page = await open(chatPage({ context: 'direct', messages: [`<a id="j" href="${JD}${path}">jd</a>`] }));
  const before = await page.evaluate(() => history.length);
  const seen = [];
  page.on('framenavigated', (f) => f === page.mainFrame() && seen.push(f.url()));
  await page.click('#j');
  await page.waitForURL(`${JD}${path}`);
  await page.waitForSelector('#reached');
  assert.equal(await page.evaluate(() => history.length), before + 1, 'one new history entry');
  // The guard's page may commit for a moment, but it never painted anything.
  assert.ok(seen.every((u) => u === `${JD}${path}` || u.startsWith(`chrome-extension://${env.extensionId}/pages/guard.html#`)), seen.join(' '));
  await page.goBack();
  await page.waitForURL(/\/attack\//);
  await page.goForward();
  await page.waitForURL(`${JD}${path}`);
  await page.close();
});

test("the chat's own links and the app's own navigation never meet the guard", async () => {
  pages['/own-next'] = chatPage({ messages: ['next page'] });
  const page = await open(
    chatPage({
      messages: ['<a id="own" href="/own-next">next</a>', '<button id="nav">app nav</button>'],
      extra: "<script>document.getElementById('nav').onclick = () => { history.pushState({}, '', '#room-2'); location.hash = 'room-3'; };</script>",
    }),
  );
  const seen = [];
  page.on('framenavigated', (f) => f === page.mainFrame() && seen.push(f.url()));
  await page.click('#nav');
  await page.waitForFunction(() => location.hash === '#room-3');
  await page.click('#own');
  await page.waitForURL(`${site.origin}/own-next`);
  assert.ok(!seen.some((u) => u.startsWith('chrome-extension://')), seen.join(' '));
  await page.close();
});

test('Continue reaches exactly the URL the warning page shows, query and fragment included', async () => {
  const path = `/continue-${++serial}?q=%E6%B7%98&x=1`;
  const page = await open(chatPage({ messages: ['<button id="go">go</button>'], extra: `<script>document.getElementById('go').onclick = () => location.assign('${LOOK}${path}#frag');</script>` }));
  await page.click('#go');
  assert.equal(await interstitialAction(env, page), 'warn');
  const shown = await page.textContent('[data-field="url"]');
  assert.equal(shown, `${LOOK}${path}#frag`);
  await page.click('button[data-action="continue"]');
  await page.waitForURL(shown);
  assert.deepEqual(
    dest.requests.filter((r) => r.path.startsWith(path.split('?')[0])).map((r) => `${r.host.split(':')[0]}${r.path}`),
    [`taobao-login.com${path}`],
  );
  await page.close();
});

test('the guard page, opened by a web page with any URL, decides afresh and never continues elsewhere or to a non-web URL', async () => {
  const guard = `chrome-extension://${env.extensionId}/pages/guard.html#`;
  const path = dst('direct-guard');
  for (const [url, expected] of [
    ['javascript:alert(document.domain)', 'block'],
    [`${LOOK}${path}`, 'warn'],
    ['data:text/html,<script>alert(1)</script>', 'block'],
  ]) {
    const page = await open(chatPage({ messages: ['<button id="go">go</button>'], extra: `<script>document.getElementById('go').onclick = () => location.assign(${JSON.stringify(guard + url).replaceAll('<', '\\u003c')});</script>` }));
    await page.click('#go');
    assert.equal(await interstitialAction(env, page).catch((e) => `${e.message.split('\n')[0]} at ${page.url()}`), expected, url);
    const continues = await page.locator('button[data-action="continue"]').count();
    if (expected === 'block') assert.equal(continues, 0);
    else assert.equal(await page.textContent('[data-field="url"]'), url);
    await page.close();
  }
  await neverReached(path, 'guard page opened by a page');
});

test('the guard survives a stopped worker: the check page wakes it', async () => {
  const path = dst('stopped');
  const page = await open(scripted(`location.assign('${LOOK}${path}');`));
  const worker = await getWorker(env.context);
  await inExtension(env, () => true);
  // Stop the worker through DevTools, as chrome://serviceworker-internals does.
  const cdp = await env.context.newCDPSession(env.extensionPage);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
  assert.ok(worker);
  await page.click('#go');
  assert.equal(await interstitialAction(env, page), 'warn');
  await neverReached(path, 'stopped worker');
  assert.match(page.url(), interstitialUrl(env));
  await page.close();
});

// --- site access withheld: the guard fails closed ---

test('with access to all sites withheld (the chat site still allowed) the guard blocks instead, the popup says so; allowing restores it', async () => {
  const settings = await env.context.newPage();
  await settings.goto('chrome://extensions');
  // As the person would in chrome://extensions: "Site access: On specific sites", the chat site added.
  const hostAccess = (access) =>
    settings.evaluate(async ([id, a, chat]) => {
      await chrome.developerPrivate.updateExtensionConfiguration({ extensionId: id, hostAccess: a });
      if (a === 'ON_SPECIFIC_SITES') await chrome.developerPrivate.addHostPermission(id, chat);
    }, [env.extensionId, access, 'http://127.0.0.1/*']);
  const mode = () => inExtension(env, async () => (await chrome.storage.session.get('guard')).guard?.mode);
  const waitMode = async (want) => {
    for (let i = 0; i < 100 && (await mode()) !== want; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await mode(), want);
  };
  await hostAccess('ON_SPECIFIC_SITES');
  await waitMode('block');
  const blockRules = async () => (await inExtension(env, () => chrome.declarativeNetRequest.getDynamicRules())).filter((r) => r.action.type === 'block');
  for (let i = 0; i < 50 && !(await blockRules()).length; i++) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual([...new Set((await blockRules()).map((r) => r.condition.initiatorDomains[0]))], ['127.0.0.1'], 'block rules for the chat site still allowed only');
  try {
    const path = dst('withheld');
    const page = await open(scripted(`location.assign('${LOOK}${path}');`));
    await page.click('#go');
    await neverReached(path, 'page script with site access withheld');
    const popup = await env.context.newPage();
    await popup.goto(`chrome-extension://${env.extensionId}/popup/popup.html?site=${encodeURIComponent(site.origin)}`);
    await popup.waitForSelector('body[data-ready]');
    assert.equal(await popup.isVisible('#guard-section'), true);
    assert.match(await popup.textContent('#guard-text'), /not allowed on all sites/);
    assert.equal(await popup.isVisible('#guard-grant'), true);
    await popup.close();
    // The person's own click on an open link still opens it (its press let it through).
    const ok = dst('withheld-open');
    const direct = await open(chatPage({ context: 'direct', messages: [`<a id="j" href="${JD}${ok}">jd</a>`] }));
    await direct.click('#j', { delay: 80 });
    await direct.waitForURL(`${JD}${ok}`);
    await direct.close();
    await page.close();
  } finally {
    await hostAccess('ON_ALL_SITES');
  }
  await waitMode('redirect');
  await settings.close();
});
