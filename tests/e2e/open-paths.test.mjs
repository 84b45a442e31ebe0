// Every way of opening a warned or blocked link shows the warning or block page first; open links are left alone.
// Chromium (Playwright) with dist/chrome against the demo chat's Link lab (a group chat, preset `default`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openChat, link, button, mark, markOf, waitMark, interstitialUrl, interstitialAction, EXTERNAL_TITLE } from './helpers.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** Runs `act` and returns the new page it opens (a tab), failing if none opens within 10 s. */
async function newPageFrom(act) {
  const [page] = await Promise.all([env.context.waitForEvent('page', { timeout: 10000 }), act()]);
  return page;
}

async function lab() {
  return openChat(env, 'group-lab');
}

// Each path opens the link where the browser would: the same tab, or a new tab.
const PATHS = [
  { name: 'click', where: 'same', act: (page, sel) => page.click(sel) },
  { name: 'Enter on the focused link', where: 'same', act: (page, sel) => page.focus(sel).then(() => page.keyboard.press('Enter')) },
  { name: 'middle-click', where: 'new', act: (page, sel) => page.click(sel, { button: 'middle' }) },
  { name: 'Ctrl-click', where: 'new', act: (page, sel) => page.click(sel, { modifiers: ['Control'] }) },
  { name: 'Meta-click', where: 'new', act: (page, sel) => page.click(sel, { modifiers: ['Meta'] }) },
  { name: 'Shift-click', where: 'new', act: (page, sel) => page.click(sel, { modifiers: ['Shift'] }) },
];

for (const [id, expected] of [
  ['local-target', 'warn'],
  ['blocked', 'block'],
]) {
  for (const path of PATHS) {
    test(`${path.name} on a ${expected}ed link shows the ${expected === 'warn' ? 'warning' : 'block'} page first`, async () => {
      const page = await lab();
      const selector = link(id);
      assert.equal(await markOf(page, selector), expected);
      if (path.where === 'same') {
        await path.act(page, selector);
        assert.equal(await interstitialAction(env, page), expected);
      } else {
        const tab = await newPageFrom(() => path.act(page, selector));
        assert.equal(await interstitialAction(env, tab), expected);
        assert.match(page.url(), /chat\.html#group-lab$/, 'the chat stays where it was');
        await tab.close();
      }
      // The target was never reached.
      assert.equal(env.context.pages().some((p) => p.url().includes('target.html?via=link')), false);
      await page.close();
    });
  }
}

test('a target=_blank link shows the interstitial in a new tab, and a blocked one the block page', async () => {
  const page = await lab();
  for (const [id, expected] of [
    ['local-target-blank', 'warn'],
    ['blocked-blank', 'block'],
  ]) {
    const tab = await newPageFrom(() => page.click(link(id)));
    assert.equal(await interstitialAction(env, tab), expected);
    await tab.close();
  }
  await page.close();
});

test('window.open by the page goes through the navigation guard: the new tab shows the warning page first', async () => {
  const page = await lab();
  const tab = await newPageFrom(() => page.click(button('window-open-target')));
  assert.equal(await interstitialAction(env, tab), 'warn');
  assert.equal(env.context.pages().some((p) => p.url().includes('target.html?via=window-open')), false);
  await tab.close();
  // window.open itself is the browser's: the page gets its window (linkgate no longer wraps it in the page's world,
  // where a page could unwrap it), and the guard stops the navigation in that window.
  const [second, opened] = await Promise.all([
    env.context.waitForEvent('page', { timeout: 10000 }),
    page.evaluate(() => window.open(document.querySelector('[data-demo-link="window-open-target"]').dataset.href, '_blank') !== null),
  ]);
  assert.equal(opened, true);
  assert.equal(await interstitialAction(env, second), 'warn');
  await second.close();
  await page.close();
});

test('Continue on the warning page reaches the target; Go back returns to the chat', async () => {
  const page = await lab();
  await page.click(link('local-target'));
  await interstitialAction(env, page);
  await page.click('button[data-action="continue"]');
  await page.waitForURL(/\/target\.html\?via=link$/);
  assert.match(page.url(), /^http:\/\/localhost:\d+\/target\.html\?via=link$/);
  await page.waitForSelector('#reached');

  // The interstitial replaced itself: Back from the target goes to the chat, not to the warning page again.
  await page.goBack();
  await page.waitForURL(/chat\.html#group-lab$/);

  await page.click(link('local-target'));
  await interstitialAction(env, page);
  await page.click('button[data-action="back"]');
  await page.waitForURL(/chat\.html#group-lab$/);
  await page.waitForSelector(link('local-target'));
  await page.close();
});

test('Go back on an interstitial opened in a new tab closes that tab', async () => {
  const page = await lab();
  const tab = await newPageFrom(() => page.click(link('local-target-blank')));
  await interstitialAction(env, tab);
  const closed = tab.waitForEvent('close', { timeout: 10000 });
  await tab.click('button[data-action="back"]');
  await closed;
  await page.close();
});

test('the warning page offers no Continue for a non-web address, and the block page never does', async () => {
  const page = await lab();
  await page.click(link('app-scheme'));
  assert.equal(await interstitialAction(env, page), 'warn');
  assert.equal(await page.locator('button[data-action="continue"]').count(), 0);
  assert.match(await page.textContent('[data-field="url"]'), /^taobao:\/\//);
  await page.goBack();
  await page.waitForURL(/chat\.html#group-lab$/);
  await page.click(link('blocked'));
  assert.equal(await interstitialAction(env, page), 'block');
  assert.equal(await page.locator('button[data-action="continue"]').count(), 0);
  await page.close();
});

test('a link decided open is left completely alone: no interstitial, and the chat app’s own handlers still run', async () => {
  const page = await openChat(env, 'dm-alice');
  const jd = link('jd-item');
  assert.equal(await mark(page, 'jd-item'), 'open');

  // The app's own click handler sees the click, and may handle it itself.
  await page.evaluate(() => {
    window.appClicks = [];
    document.addEventListener('click', (event) => {
      const a = event.target.closest('a');
      window.appClicks.push(a?.dataset.demoLink);
      if (a?.dataset.demoLink === 'jd-item' && window.appHandlesJd) event.preventDefault();
    });
    window.appHandlesJd = true;
  });
  await page.click(jd);
  assert.deepEqual(await page.evaluate(() => window.appClicks), ['jd-item']);
  assert.match(page.url(), /chat\.html#dm-alice$/);

  // A warned link never reaches the app's handler: linkgate stops it first.
  await page.click(link('lookalike'));
  assert.equal(await interstitialAction(env, page), 'warn');
  await page.goBack();
  await page.waitForURL(/chat\.html#dm-alice$/);
  await waitMark(page, jd, 'open');

  // After the reload the app's handler is gone: the open link navigates straight to its target. the open link navigates straight to its target.
  await page.click(jd);
  await page.waitForURL('https://item.jd.com/100012043978.html');
  assert.equal(await page.title(), EXTERNAL_TITLE);
  assert.doesNotMatch(page.url(), interstitialUrl(env));
  await page.close();
});
