// Proof on a real chat client: a real XMPP server (Debian's Prosody, loopback only, its own config and data in a
// temporary folder, stopped at the end) and the real, unmodified Converse.js web client (npm converse.js, served
// from node_modules). Alice and Bob log in (two origins, so two separate Converse sessions in one Chromium with the
// built extension); Alice sends links to Bob in a 1:1 chat and in a group chat (MUC); the test looks at what Bob
// sees. See shared/notes/real-chat.md for the setup facts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, startServer, setSettings, storage, screenshot, interstitialAction, waitMark, waitInContent, ROOT, EXTERNAL_TITLE } from './helpers.mjs';
import { startProsody } from './prosody.mjs';

const ROOM = 'linkgate@conference.localhost';
const TAOBAO = 'https://item.taobao.com/item.htm?id=652731942331';
const LOOKALIKE = 'https://taobao-login.com/claim';

let xmpp;
let web;
let env;
let alice;
let bob;

async function login(page, origin, user) {
  await page.goto(`${origin}/?jid=${user}@localhost&password=${user}-pw&ws=${encodeURIComponent(xmpp.websocket)}`);
  await page.waitForFunction(() => window.converseApi?.connection?.connected?.(), null, { timeout: 30000 });
}

/** Bob's copy of a link in a chat box (`converse-chat` for 1:1, `converse-muc` for the room), once decided. */
function bobsLink(box, href) {
  return `${box} .chat-msg__text a[href="${href}"]`;
}

async function markOf(page, selector) {
  await page.bringToFront();
  return waitInContent(
    page,
    (sel) => {
      const a = document.querySelector(sel);
      const { mark, platform, badge } = globalThis.linkgate.inspect;
      if (!a || !['open', 'warn', 'block'].includes(mark(a))) return null;
      return { action: mark(a), platform: platform(a), badge: badge(a)?.label ?? null };
    },
    selector,
    { timeout: 20000, what: `${selector} to be decided` },
  );
}

before(async () => {
  xmpp = await startProsody([
    ['alice', 'alice-pw'],
    ['bob', 'bob-pw'],
  ]);
  web = await startServer({ '/': path.join(ROOT, 'tests/e2e/converse'), '/converse/dist/': path.join(ROOT, 'node_modules/converse.js/dist') });
  env = await launch();
  await setSettings(env, { preset: 'default' });
  bob = await env.context.newPage();
  alice = await env.context.newPage();
  await Promise.all([login(bob, web.origin, 'bob'), login(alice, web.otherOrigin, 'alice')]);
  // Both in the group chat.
  for (const [page, nick] of [
    [alice, 'alice'],
    [bob, 'bob'],
  ]) {
    await page.evaluate(async ([room, n]) => window.converseApi.rooms.open(room, { nick: n }, true), [ROOM, nick]);
  }
  await bob.waitForSelector(`converse-muc[jid="${ROOM}"]`);
});

after(async () => {
  await env?.close();
  await web?.close();
  await xmpp?.stop();
});

test('links sent in a 1:1 chat and in a group chat are marked with the context of the conversation they arrive in', async () => {
  await alice.evaluate(async ([text]) => {
    const chat = await window.converseApi.chats.open('bob@localhost', {}, true);
    await chat.sendMessage({ body: text });
  }, [`看看这个 ${TAOBAO} 还有 ${LOOKALIKE}`]);
  await bob.evaluate(() => window.converseApi.chats.open('alice@localhost', {}, true));
  const direct = 'converse-chat[jid="alice@localhost"]';
  assert.deepEqual(await markOf(bob, bobsLink(direct, TAOBAO)), { action: 'open', platform: 'taobao', badge: 'Taobao link — opens directly' });
  assert.deepEqual(await markOf(bob, bobsLink(direct, LOOKALIKE)), { action: 'warn', platform: null, badge: 'Warning: look-alike domain' });

  await alice.evaluate(async ([room, text]) => {
    const muc = await window.converseApi.rooms.get(room);
    await muc.sendMessage({ body: text });
  }, [ROOM, `群里的 ${TAOBAO}`]);
  const group = `converse-muc[jid="${ROOM}"]`;
  // Under the default preset a Taobao link opens directly in a 1:1 chat and asks first in a group.
  assert.deepEqual(await markOf(bob, bobsLink(group, TAOBAO)), {
    action: 'warn',
    platform: 'taobao',
    badge: 'Warning: Taobao links ask first in this chat',
  });
  await screenshot(bob, 'converse-bob-default');
});

test('under WeChat phase 1 the same Taobao link warns in the 1:1 chat and is blocked in the group, without a reload', async () => {
  const direct = bobsLink('converse-chat[jid="alice@localhost"]', TAOBAO);
  const group = bobsLink(`converse-muc[jid="${ROOM}"]`, TAOBAO);
  await setSettings(env, { preset: 'wechat-2021-09' });
  await bob.bringToFront();
  await waitMark(bob, direct, 'warn', { timeout: 20000 });
  await waitMark(bob, group, 'block', { timeout: 20000 });
  await screenshot(bob, 'converse-bob-wechat-2021-09');

  // Clicking shows the page first: the warning page in the 1:1 chat, the block page in the group. Converse opens
  // links in a new tab (target=_blank), so the page opens there.
  for (const [selector, expected] of [
    [direct, 'warn'],
    [group, 'block'],
  ]) {
    const [tab] = await Promise.all([env.context.waitForEvent('page'), bob.click(selector)]);
    assert.equal(await interstitialAction(env, tab), expected);
    await tab.close();
  }
  await setSettings(env, { preset: 'default' });
  await waitMark(bob, group, 'warn', { timeout: 20000 });
});

test('"Always open Taobao links in group chats" on the warning page makes the next click in the group open directly', async () => {
  const group = bobsLink(`converse-muc[jid="${ROOM}"]`, TAOBAO);
  await bob.bringToFront();
  const [tab] = await Promise.all([env.context.waitForEvent('page'), bob.click(group)]);
  assert.equal(await interstitialAction(env, tab), 'warn');
  await tab.click('button[data-action="optIn"]');
  await tab.waitForURL(TAOBAO);
  await tab.close();
  assert.deepEqual(await storage(env, 'sync', 'optIns'), { taobao: { group: 'open' } });

  await bob.bringToFront();
  await waitMark(bob, group, 'open', { timeout: 20000 });
  // The next click is the browser's own: Converse's target=_blank opens the shop directly, no warning page.
  const [next] = await Promise.all([env.context.waitForEvent('page'), bob.click(group)]);
  await next.waitForURL(TAOBAO);
  assert.equal(await next.title(), EXTERNAL_TITLE);
  await next.close();
});

test('Alice floods the group with a repeat and a bargain request: Bob sees them folded; the same links in the 1:1 chat are not', async () => {
  const JD = 'https://item.jd.com/100012043978.html';
  const BARGAIN = 'https://mobile.yangkeduo.com/goods.html?goods_id=123456';
  const texts = [`京东好价 ${JD}`, `再发一次 ${JD}`, `帮我砍一刀 ${BARGAIN}`];
  await alice.evaluate(async ([room, texts]) => {
    const muc = await window.converseApi.rooms.get(room);
    for (const text of texts) await muc.sendMessage({ body: text });
    const chat = await window.converseApi.chats.get('bob@localhost');
    for (const text of texts) await chat.sendMessage({ body: text });
  }, [ROOM, texts]);
  const group = `converse-muc[jid="${ROOM}"]`;
  const direct = 'converse-chat[jid="alice@localhost"]';
  await bob.bringToFront();
  /** Bob's messages in a box that hold a link: [{text, folds, hidden: [bool a link]}]. */
  const rowsIn = (box, n) =>
    waitInContent(
      bob,
      ([box, n]) => {
        const { foldLine, folded, mark } = globalThis.linkgate.inspect;
        const rows = Array.from(document.querySelectorAll(`${box} .chat-msg`)).filter((row) => row.querySelector('.chat-msg__text a[href]'));
        const links = rows.flatMap((row) => Array.from(row.querySelectorAll('.chat-msg__text a[href]')));
        if (rows.length < n || !links.every((a) => ['open', 'warn', 'block'].includes(mark(a)))) return null;
        return rows.map((row) => ({
          text: row.querySelector('.chat-msg__text').textContent.trim().slice(0, 6),
          folds: foldLine(row)?.folds ?? null,
          hidden: Array.from(row.querySelectorAll('.chat-msg__text a[href]'), (a) => folded(a)),
        }));
      },
      [box, n],
      { timeout: 20000, what: `${n} messages with links in ${box}` },
    );
  // The group: the first JD post and the earlier Taobao post show; the repeat and the request fold.
  await waitInContent(bob, (box) => document.querySelectorAll(`${box} linkgate-fold`).length >= 2, group, { timeout: 20000, what: 'two folded lines in the group' });
  const inGroup = await rowsIn(group, 4);
  assert.deepEqual(
    inGroup.slice(-3).map((r) => [r.folds, r.hidden]),
    [
      [null, [false]],
      [['default.repeats_in_groups'], [true]],
      [['default.bargains_in_groups'], [true]],
    ],
  );
  // The 1:1 chat: the same three, nothing folds (the default preset folds in group chats only).
  const inDirect = await rowsIn(direct, 4);
  assert.deepEqual(
    inDirect.slice(-3).map((r) => [r.folds, r.hidden]),
    [
      [null, [false]],
      [null, [false]],
      [null, [false]],
    ],
  );
  await screenshot(bob, 'converse-bob-folded');

  // Bob shows the request and opens it: its warning page, as before it folded.
  const at = await waitInContent(
    bob,
    ([box, href]) => {
      const row = document.querySelector(`${box} .chat-msg__text a[href="${href}"]`)?.closest('.chat-msg');
      return row && globalThis.linkgate.inspect.foldLine(row)?.at.toggle;
    },
    [group, BARGAIN],
  );
  await bob.mouse.click(at.x, at.y);
  await waitInContent(bob, (sel) => !globalThis.linkgate.inspect.folded(document.querySelector(sel)), bobsLink(group, BARGAIN), { what: 'the request shown' });
  const [tab] = await Promise.all([env.context.waitForEvent('page'), bob.click(bobsLink(group, BARGAIN))]);
  assert.equal(await interstitialAction(env, tab), 'warn');
  await tab.close();
});
