// Folding in the demo chat's shopping group (www/chat.js `group-shopping`), Chromium with dist/chrome: under the
// default preset the repeats and the share-to-unlock requests fold into one line a message, nothing leaves the DOM,
// Show (mouse and keyboard) is remembered for the conversation, a folded link shown and clicked still gets its
// warning page, "Never fold in this chat" and the popup's "Fold this chat's links" apply to the conversation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openChat, setSettings, storage, link, mark, inContent, waitInContent, interstitialAction, extensionPage, screenshot } from './helpers.mjs';

let env;
before(async () => {
  env = await launch();
  await setSettings(env, { preset: 'default' });
});
after(async () => {
  await env?.close();
});

/** Each message of the open conversation: {id, links: [{id, folded}], line: null | {...}} (read in the content script). */
const rows = (page) =>
  inContent(page, () =>
    Array.from(document.querySelectorAll('section.conversation li.message'), (row) => ({
      id: row.id,
      links: Array.from(row.querySelectorAll('a[data-demo-link]'), (a) => ({ id: a.dataset.demoLink, folded: globalThis.linkgate.inspect.folded(a) })),
      line: globalThis.linkgate.inspect.foldLine(row),
    })),
  );

const waitLines = (page, n) =>
  waitInContent(page, (n) => document.querySelectorAll('section.conversation li.message').length > 0 && Array.from(document.querySelectorAll('section.conversation li.message')).filter((row) => globalThis.linkgate.inspect.foldLine(row)).length === n, n, { what: `${n} folded lines` });

const lineOf = async (page, message) => (await rows(page)).find((r) => r.id === message).line;
const foldedIds = async (page) => (await rows(page)).flatMap((r) => r.links.filter((l) => l.folded).map((l) => l.id));

test('the shopping group folds its repeats and requests into one line a message; nothing leaves the page', async () => {
  const page = await openChat(env, 'group-shopping');
  await waitLines(page, 4);
  const byId = Object.fromEntries((await rows(page)).map((r) => [r.id, r]));
  assert.equal(byId.m1.line, null, 'the first post of an item shows');
  assert.deepEqual(byId.m2.line.folds, ['default.bargains_in_groups']);
  assert.equal(byId.m2.line.text, '1 shopping link folded · Pinduoduo');
  assert.deepEqual(byId.m3.line.folds, ['default.repeats_in_groups']);
  assert.equal(byId.m4.line, null);
  assert.deepEqual(byId.m5.line.folds, ['default.repeats_in_groups', 'default.repeats_in_groups', null], 'the same items on other hosts are repeats; the new one shows');
  assert.equal(byId.m5.line.text, '2 shopping links folded · Taobao, JD.com');
  assert.equal(byId.m6.line.text, '1 link folded · Ele.me');
  assert.equal(byId.m7.line, null);
  assert.deepEqual(await foldedIds(page), ['pinduoduo-bargain', 'taobao-repeat', 'taobao-repeat-mobile', 'jd-repeat', 'eleme-hongbao']);
  // Folded, not removed: every link is still in the page, with its href, and the chat app's text is untouched.
  assert.equal(await page.locator('section.conversation a[data-demo-link]').count(), 9);
  assert.equal(await page.locator(link('taobao-repeat')).getAttribute('href'), 'https://item.taobao.com/item.htm?id=680134502317&spm=a21n57.1.0.0');
  assert.equal(await page.isVisible(link('taobao-repeat')), false);
  assert.equal(byId.m3.line.toggle, 'Show');
  assert.equal(byId.m3.line.expanded, 'false');
  assert.match(byId.m3.line.title, /Posted again in this chat/);
  assert.match(byId.m2.line.label, /^1 shopping link folded \(Pinduoduo\)\. A share-to-unlock request/);
  await waitInContent(page, () => globalThis.linkgate.inspect.announcement() === '5 links folded in this chat', null, { what: 'the live region' });
  await screenshot(page, 'folding-demo-en');
  await page.close();
});

test('Show is remembered for the conversation, and a folded link shown and clicked still gets its warning page', async () => {
  const page = await openChat(env, 'group-shopping');
  await waitLines(page, 4);
  const at = (await lineOf(page, 'm2')).at.toggle;
  await page.mouse.click(at.x, at.y);
  await waitInContent(page, () => globalThis.linkgate.inspect.foldLine(document.getElementById('m2'))?.expanded === 'true', null, { what: 'm2 shown' });
  assert.equal((await lineOf(page, 'm2')).text, '1 folded link shown · Pinduoduo');
  assert.equal(await page.isVisible(link('pinduoduo-bargain')), true);
  const expected = await mark(page, 'pinduoduo-bargain');
  assert.ok(['warn', 'block'].includes(expected), `a Pinduoduo request in a group chat is not opened directly (${expected})`);
  // Remembered: a reload shows it again, and the other lines stay folded.
  await page.reload();
  await waitLines(page, 4);
  assert.equal((await lineOf(page, 'm2')).expanded, 'true');
  assert.equal((await lineOf(page, 'm3')).expanded, 'false');
  const shown = await storage(env, 'local', 'foldChoices');
  assert.equal(Object.values(shown)[0].shown.length, 1);
  await page.click(link('pinduoduo-bargain'));
  assert.equal(await interstitialAction(env, page), expected);
  await page.close();
});

test('the folded line is reached and pressed with the keyboard', async () => {
  const page = await openChat(env, 'group-shopping');
  await waitLines(page, 4);
  await page.focus(link('jd-item'));
  // Tab from m4's link: the next stop is m5's folded line (its Show button), in the message flow.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.localName), 'linkgate-fold');
  await page.keyboard.press('Enter');
  await waitInContent(page, () => globalThis.linkgate.inspect.foldLine(document.getElementById('m5'))?.expanded === 'true', null, { what: 'm5 shown by Enter' });
  assert.equal(await page.isVisible(link('jd-repeat')), true);
  // Focus stays on the line; Enter again folds it back.
  await page.keyboard.press('Enter');
  await waitInContent(page, () => globalThis.linkgate.inspect.foldLine(document.getElementById('m5'))?.expanded === 'false', null, { what: 'm5 folded again' });
  assert.equal(await page.isVisible(link('jd-repeat')), false);
  await page.close();
});

test('a page cannot press the folded line: a synthetic click changes nothing', async () => {
  const page = await openChat(env, 'group-shopping');
  await waitLines(page, 4);
  await page.evaluate(() => {
    for (const host of document.querySelectorAll('linkgate-fold')) {
      host.click();
      host.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      host.shadowRoot?.querySelector('button')?.click();
    }
  });
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await lineOf(page, 'm3')).expanded, 'false');
  assert.equal(await page.evaluate(() => document.querySelector('linkgate-fold').shadowRoot), null, 'the root is closed');
  await page.close();
});

test('"Never fold in this chat" and the popup\'s "Fold this chat\'s links" apply to the conversation, and back', async () => {
  const page = await openChat(env, 'group-shopping');
  await waitLines(page, 4);
  const at = (await lineOf(page, 'm3')).at.never;
  await page.mouse.click(at.x, at.y);
  await waitLines(page, 0);
  assert.deepEqual(await foldedIds(page), []);
  const popup = await extensionPage(env, `popup/popup.html?site=${encodeURIComponent(env.server.origin)}`);
  assert.equal(await popup.inputValue('#chat-folding'), 'never');
  assert.equal(await popup.textContent('#stat-folded'), '0');
  await popup.selectOption('#chat-folding', 'all');
  await waitLines(page, 7);
  assert.equal((await lineOf(page, 'm1')).folds[0], 'chat.fold_all');
  // Every link folds, but m2, which the person showed (the test before), stays shown.
  assert.equal((await foldedIds(page)).length, 8);
  assert.equal((await lineOf(page, 'm2')).expanded, 'true');
  await popup.reload();
  await popup.waitForSelector('body[data-ready]');
  assert.equal(await popup.textContent('#stat-folded'), '8');
  await popup.selectOption('#chat-folding', 'auto');
  await waitLines(page, 4);
  assert.equal((await lineOf(page, 'm3')).folds[0], 'default.repeats_in_groups');
  // Another conversation of the same site keeps its own folding.
  await openChat(env, 'group-deals', { page });
  await popup.reload();
  await popup.waitForSelector('body[data-ready]');
  assert.equal(await popup.inputValue('#chat-folding'), 'auto');
  await popup.close();
  await page.close();
});

test('strict folds every shopping link in a group chat; a direct chat folds nothing', async () => {
  await setSettings(env, { preset: 'strict' });
  const page = await openChat(env, 'group-deals');
  await waitInContent(page, () => document.querySelector('linkgate-fold'), null, { what: 'a folded line' });
  const folded = await foldedIds(page);
  assert.ok(folded.includes('jd-item') && folded.includes('taobao-item') && folded.includes('pinduoduo'), folded.join());
  assert.ok(!folded.includes('bilibili-short') && !folded.includes('shortener'), 'only shopping links fold');
  await openChat(env, 'dm-alice', { page });
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(await foldedIds(page), []);
  await setSettings(env, { preset: 'default' });
  await page.close();
});
