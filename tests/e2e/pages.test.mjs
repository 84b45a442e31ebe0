// Everyone can use every page: an axe-core audit (WCAG 2.1 A/AA and best practices) of the options page, the popup,
// the warning page, the block page and the playground, in English and 简体中文, light and dark; no sideways
// scrolling at 360 px wide or at 200% zoom (a 1100 px window at 200% lays out like 550 px); the keyboard reaches every
// control with a visible focus; and a screenshot of each under target/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openChat, setSettings, inExtension, extensionPage, link, interstitialAction, screenshot, axeViolations } from './helpers.mjs';

const LANGS = [
  { lang: 'en-US', tag: 'en', options: 'Link settings', popupState: 'linkgate is checking links on this site.' },
  { lang: 'zh-CN', tag: 'zh_CN', options: '链接设置', popupState: 'linkgate 正在检查此网站上的链接。' },
];

/** Width of the widest thing on the page minus the viewport: > 0 means a sideways scroll. */
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

async function checkWidths(page, name) {
  for (const width of [360, 550]) {
    await page.setViewportSize({ width, height: 800 });
    assert.ok((await overflow(page)) <= 0, `${name} scrolls sideways at ${width} px`);
  }
  await page.setViewportSize({ width: 1100, height: 820 });
}

/** Tabs through the page: every focus stop shows an outline (or a box shadow) and the stops include `expected`. */
async function tabThrough(page, expected, max = 120) {
  const seen = new Set();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const target = el.closest('label.file-button, label.preset-card') ?? el;
      const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      const via = el.matches(':focus-visible') && (ring || getComputedStyle(target).outlineStyle !== 'none' || el.type === 'radio' || el.type === 'file');
      return { key: el.id || el.dataset.key || el.dataset.action || el.textContent.trim().slice(0, 30), visible: via };
    });
    if (!info) continue;
    assert.ok(info.visible, `focus on ${info.key} is visible`);
    seen.add(info.key);
  }
  for (const key of expected) assert.ok(seen.has(key), `Tab reaches ${key} (reached: ${[...seen].join(', ')})`);
}

for (const L of LANGS) {
  test(`options, popup, warning, block and playground in ${L.tag}: no axe violations, no sideways scrolling, screenshots`, async () => {
    const env = await launch({ lang: L.lang });
    try {
      // Something in every section: an opt-in, a trusted domain, a report and history.
      await setSettings(env, { preset: 'default', optIns: { taobao: { group: 'open' } }, trustedDomains: ['example.org'], trustedSources: { 'example.org': 'warning-page' } });
      const seed = await openChat(env, 'dm-alice');
      await seed.click(link('lookalike'));
      await interstitialAction(env, seed);
      await seed.click('button[data-action="report"]');
      await seed.close();

      for (const scheme of ['light', 'dark']) {
        const suffix = `${L.tag}-${scheme}`;
        const pages = [];

        const options = await env.context.newPage();
        await options.emulateMedia({ colorScheme: scheme });
        await extensionPage(env, 'options/options.html', { page: options });
        assert.equal(await options.textContent('h1'), L.options);
        pages.push(['options', options]);

        const chat = await env.context.newPage();
        await chat.emulateMedia({ colorScheme: scheme });
        await openChat(env, 'group-family', { page: chat });
        const popup = await env.context.newPage();
        await popup.emulateMedia({ colorScheme: scheme });
        await popup.setViewportSize({ width: 360, height: 600 });
        await extensionPage(env, `popup/popup.html?site=${encodeURIComponent(env.server.origin)}`, { page: popup });
        assert.equal(await popup.textContent('#site-state'), L.popupState);
        pages.push(['popup', popup]);

        const warn = await env.context.newPage();
        await warn.emulateMedia({ colorScheme: scheme });
        await openChat(env, 'group-family', { page: warn });
        await warn.click(link('homograph'));
        assert.equal(await interstitialAction(env, warn), 'warn');
        pages.push(['warning', warn]);

        const block = await env.context.newPage();
        await block.emulateMedia({ colorScheme: scheme });
        await openChat(env, 'dm-bob', { page: block });
        await block.click(link('javascript'));
        assert.equal(await interstitialAction(env, block), 'block');
        pages.push(['block', block]);

        const playground = await env.context.newPage();
        await playground.emulateMedia({ colorScheme: scheme });
        await playground.goto(`${env.server.origin}/playground.html#lang=${L.tag}&context=group&preset=wechat-2021-09&text=${encodeURIComponent('看看 https://taobao-login.com/x ￥Qx4ycGtE5Ya￥')}`);
        await playground.waitForSelector('body[data-ready]');
        pages.push(['playground', playground]);

        for (const [name, page] of pages) {
          assert.deepEqual(await axeViolations(page), [], `${name} (${suffix}) has no accessibility violations`);
          await screenshot(page, `page-${name}-${suffix}`);
          if (scheme === 'light') await checkWidths(page, `${name} (${L.tag})`);
        }
        if (scheme === 'light') {
          await popup.setViewportSize({ width: 360, height: 600 });
          await screenshot(popup, `page-popup-${suffix}-360`);
        }
        await chat.close();
        for (const [, page] of pages) await page.close();
      }
    } finally {
      await env.close();
    }
  });
}

test('every control of the options page and the popup is reached with Tab, with a visible focus', async () => {
  const env = await launch();
  try {
    await setSettings(env, { preset: 'default', optIns: { taobao: { group: 'open' } }, trustedDomains: ['example.org'] });
    await inExtension(env, () => chrome.storage.local.set({ reports: [{ kind: 'report', url: 'https://x.example/', decision: { action: 'warn', reasons: [] }, time: 1 }] }));
    const options = await extensionPage(env, 'options/options.html');
    await tabThrough(options, ['preset-default', 'cell-taobao-direct', 'cell-taobao-group', 'reset-taobao', 'group-switch', 'trusted-input', 'remove-example.org', 'rules-input', 'test-url', 'history-switch', 'export-settings', 'import-file'], 220);
    // The keyboard operates them: Space turns a switch, arrows choose a preset.
    await options.focus('#preset-default');
    await options.keyboard.press('ArrowRight');
    await options.waitForFunction(() => document.getElementById('preset-wechat-2021-09').checked);
    await options.close();

    const chat = await openChat(env, 'group-family');
    const popup = await extensionPage(env, `popup/popup.html?site=${encodeURIComponent(env.server.origin)}`);
    await tabThrough(popup, ['pause', 'open-options'], 20);
    await popup.focus('#pause');
    await popup.keyboard.press('Enter');
    assert.equal(await popup.evaluate(() => document.activeElement.id), 'pause-duration', 'the confirmation takes the focus');
    await popup.keyboard.press('Escape');
    await chat.close();
    await popup.close();
  } finally {
    await env.close();
  }
});
