// The site adapters on DOM fixtures of every supported web chat (tests/adapters/*.html, written from each app's
// public markup): each fixture is served at the app's own address (Playwright answers the request, so the real
// content script runs there with that site's adapter) and every link's mark must show the context the fixture
// expects; then the fixture does what the app does (switch conversations, reuse a message node) and the marks must
// follow. Chromium (Playwright) with dist/chrome.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { launch, setSettings, inContent, waitInContent, ROOT } from './helpers.mjs';
import { buildManifest } from '../../scripts/manifest.mjs';

// Each context gets its own action for Taobao links, so a mark tells the context (unknown is decided as group).
const ACTION = { direct: 'open', group: 'warn', unknown: 'warn', feed: 'block' };
const OPT_INS = { taobao: { direct: 'open', group: 'warn', feed: 'block' } };

let env;
before(async () => {
  env = await launch();
  await setSettings(env, { preset: 'default', optIns: OPT_INS });
});
after(async () => {
  await env?.close();
});

const FIXTURES = [
  { file: 'wechat.html', url: 'https://wx.qq.com/', adapter: 'web-wechat' },
  { file: 'whatsapp.html', url: 'https://web.whatsapp.com/', adapter: 'whatsapp' },
  { file: 'telegram-k.html', url: 'https://web.telegram.org/k/#@alice', adapter: 'telegram-k' },
  { file: 'telegram-a.html', url: 'https://web.telegram.org/a/#777000', adapter: 'telegram-a' },
  { file: 'discord.html', url: 'https://discord.com/channels/@me/111', adapter: 'discord' },
  { file: 'slack.html', url: 'https://app.slack.com/client/T0123/D0123', adapter: 'slack' },
  { file: 'element.html', url: 'https://app.element.io/', adapter: 'element' },
  { file: 'converse.html', url: 'local:/adapter-fixtures/converse.html', adapter: 'converse' },
  { file: 'generic.html', url: 'local:/adapter-fixtures/generic.html', adapter: 'local' },
];

/**
 * Every link with data-expect and its mark, once each is decided as expected (or after 10 s, so the assertions
 * below name what is wrong). A first decision may come before the page showed what app it is (the content script
 * then picks the app's adapter and decides again), so the wait is for the expected marks, not for any mark.
 */
async function marks(page) {
  await waitInContent(
    page,
    (expected) => {
      const links = document.querySelectorAll('a[data-expect]');
      return links.length > 0 && Array.from(links).every((a) => globalThis.linkgate.inspect.mark(a) === expected[a.dataset.expect]);
    },
    ACTION,
    { timeout: 10000 },
  ).catch(() => {});
  return inContent(page, () =>
    Array.from(document.querySelectorAll('a[data-expect]'), (a) => ({
      href: a.href,
      expect: a.dataset.expect,
      mark: globalThis.linkgate.inspect.mark(a),
      badges: a.parentElement.querySelectorAll('linkgate-badge').length,
    })),
  );
}

for (const fixture of FIXTURES) {
  test(`${fixture.adapter}: ${fixture.file} is marked by its context, and stays right when the app switches or reuses nodes`, async () => {
    const html = await readFile(path.join(ROOT, 'tests/adapters', fixture.file));
    const url = fixture.url.startsWith('local:') ? `${env.server.origin}${fixture.url.slice('local:'.length)}` : fixture.url;
    const page = await env.context.newPage();
    // Answer the app's own address (and its in-app navigations) with the fixture; other requests go on as usual.
    const origin = new URL(url).origin;
    await page.route((u) => u.origin === origin && !u.pathname.includes('/cgi-bin/'), (route) =>
      route.request().resourceType() === 'document' ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }) : route.continue(),
    );
    await page.goto(url);
    const steps = await page.evaluate(() => window.fixtureSteps);
    for (let i = 0; i <= steps.length; i++) {
      const when = i === 0 ? 'as loaded' : `after "${steps[i - 1]}"`;
      const links = await marks(page);
      for (const link of links) {
        assert.equal(link.mark, ACTION[link.expect], `${fixture.file} ${when}: ${link.href} is in a ${link.expect} chat`);
        assert.equal(link.badges, 1, `${fixture.file} ${when}: one badge beside ${link.href} (none stale)`);
      }
      if (i < steps.length) await page.evaluate(() => window.fixtureStep());
    }
    await page.close();
  });
}

test('the adapter list, the manifest (from rules/sites.json) and docs/adapters.md name the same sites', async () => {
  const manifest = await buildManifest();
  const matches = manifest.content_scripts[0].matches;
  for (const fixture of FIXTURES.filter((f) => !f.url.startsWith('local:'))) {
    const host = new URL(fixture.url).hostname;
    assert.ok(matches.some((m) => m.includes(`//${host}/`)), `the manifest covers ${host}`);
  }
  const doc = await readFile(path.join(ROOT, 'docs/adapters.md'), 'utf8');
  for (const fixture of FIXTURES) assert.match(doc, new RegExp(`\`${fixture.adapter}\``), `docs/adapters.md documents ${fixture.adapter}`);
});
