// What a person sees, in English and 简体中文, light and dark: the demo chat with its marks, the warning page and the
// block page. Each screen is checked for its words and its safe default, and written to target/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openChat, setSettings, inExtension, inContent, waitInContent, link, badge, interstitialAction, screenshot } from './helpers.mjs';

const LANGS = [
  {
    lang: 'en-US',
    tag: 'en',
    warnHeading: 'You are about to leave the chat',
    riskHeading: 'This link may be deceptive',
    blockHeading: 'This link was blocked',
    wechatLead: 'This page is not provided by WeChat, and its safety cannot be guaranteed. If you continue, take care to protect your personal information.',
    lead: 'This page is not provided by the chat app you are using, and its safety cannot be guaranteed. If you continue, take care to protect your personal information.',
    back: 'Go back',
    badge: 'Taobao link — opens directly',
    foldLine: '2 shopping links folded · Taobao, JD.com',
    foldShow: 'Show',
    foldNever: 'Never fold in this chat',
    guardGrant: 'Allow linkgate on all sites',
  },
  {
    lang: 'zh-CN',
    tag: 'zh_CN',
    warnHeading: '即将离开聊天，打开外部网页',
    riskHeading: '此链接可能是仿冒链接',
    blockHeading: '已停止访问该网页',
    wechatLead: '该网页不是由微信提供，无法确保内容的安全性，如需继续访问，请注意保护好个人信息。',
    lead: '该网页不是由当前聊天应用提供，无法确保内容的安全性，如需继续访问，请注意保护好个人信息。',
    back: '返回',
    badge: '淘宝链接 — 可直接打开',
    foldLine: '已折叠 2 个购物链接 · 淘宝、京东',
    foldShow: '显示',
    foldNever: '此聊天不再折叠',
    guardGrant: '允许 linkgate 在所有网站上运行',
  },
];

for (const L of LANGS) {
  test(`screens in ${L.tag}: chat marks, warning page, block page (light and dark)`, async () => {
    const env = await launch({ lang: L.lang });
    try {
      for (const scheme of ['light', 'dark']) {
        const suffix = `${L.tag}-${scheme}`;
        await setSettings(env, { preset: 'default' });
        const page = await env.context.newPage();
        await page.emulateMedia({ colorScheme: scheme });
        await openChat(env, 'dm-alice', { page });
        const label = (await badge(page, 'taobao-item')).label;
        assert.equal(label, L.badge);
        await screenshot(page, `chat-${suffix}`);

        // The shopping group's folded lines: their words, and the line drawn in this scheme.
        await openChat(env, 'group-shopping', { page });
        await waitInContent(page, () => document.querySelectorAll('linkgate-fold').length === 4, null, { what: 'four folded lines' });
        const line = await inContent(page, () => globalThis.linkgate.inspect.foldLine(document.getElementById('m5')));
        assert.equal(line.text, L.foldLine);
        assert.equal(line.toggle, L.foldShow);
        assert.equal(line.never, L.foldNever);
        await page.evaluate(() => document.getElementById('m5').scrollIntoView({ block: 'center' }));
        await screenshot(page, `folding-${suffix}`);

        // A warned link without risk: the neutral interstitial, in the WeChat wording.
        await openChat(env, 'group-family', { page });
        await page.click(link('example-org'));
        await interstitialAction(env, page);
        assert.equal(await page.textContent('h1'), L.warnHeading);
        assert.equal(await page.textContent('p.lead'), L.lead);
        assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'back', 'the safe action is focused first');
        assert.equal(await page.textContent('button[data-action="back"]'), L.back);
        assert.equal(await page.textContent('[data-field="url"] strong'), 'example.org', 'the registrable domain is bold');
        await screenshot(page, `warning-${suffix}`);

        // A risky link: the homograph shows its Unicode and punycode forms.
        await openChat(env, 'group-family', { page });
        await page.click(link('homograph'));
        await interstitialAction(env, page);
        assert.equal(await page.textContent('h1'), L.riskHeading);
        assert.equal(await page.textContent('[data-field="host-unicode"]'), 'tаobao.com');
        assert.equal(await page.textContent('[data-field="host-ascii"]'), 'xn--tobao-4ve.com');
        await screenshot(page, `warning-risk-${suffix}`);

        // A blocked link.
        await openChat(env, 'dm-bob', { page });
        await page.click(link('javascript'));
        assert.equal(await interstitialAction(env, page), 'block');
        assert.equal(await page.textContent('h1'), L.blockHeading);
        assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'back');
        await screenshot(page, `block-${suffix}`);

        // WeChat phase 1: Taobao in a direct chat warns with WeChat's own words; in a group it is blocked.
        await setSettings(env, { preset: 'wechat-2021-09' });
        await openChat(env, 'dm-alice', { page });
        await page.click(link('taobao-item'));
        await interstitialAction(env, page);
        assert.equal(await page.textContent('p.lead'), L.wechatLead);
        await screenshot(page, `warning-wechat-${suffix}`);
        await openChat(env, 'group-family', { page });
        await page.click(link('taobao-item'));
        assert.equal(await interstitialAction(env, page), 'block');
        await screenshot(page, `block-wechat-${suffix}`);
        await page.close();

        // The popup when the navigation guard can only block (access to all sites withheld): its notice and button.
        await inExtension(env, () => chrome.storage.session.set({ guard: { mode: 'block', error: null, time: Date.now() } }));
        const popup = await env.context.newPage();
        await popup.emulateMedia({ colorScheme: scheme });
        await popup.setViewportSize({ width: 360, height: 640 });
        await popup.goto(`chrome-extension://${env.extensionId}/popup/popup.html?site=${encodeURIComponent(env.server.origin)}`);
        await popup.waitForSelector('body[data-ready]');
        assert.equal(await popup.textContent('#guard-grant'), L.guardGrant);
        await screenshot(popup, `popup-guard-block-${suffix}`);
        await popup.close();
        await inExtension(env, () => chrome.storage.session.set({ guard: { mode: 'redirect', error: null, time: Date.now() } }));
      }
    } finally {
      await env.close();
    }
  });
}
