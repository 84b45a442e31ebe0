// An administrator's policy, through the browser's real mechanism: Chromium reads
// /etc/chromium/policies/managed/*.json at start, and hands the "3rdparty" part for this extension to
// storage.managed (checked against extension/managed_schema.json). The test writes its own file and removes it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { launch, openChat, setSettings, storage, extensionPage, unpackedExtensionId, mark, TEST_POLICY_FILE } from './helpers.mjs';

const POLICY_FILE = TEST_POLICY_FILE;
const POLICY_DIR = dirname(POLICY_FILE);
const RULES = JSON.stringify({ schemaVersion: 1, id: 'it', rules: [{ id: 'no_video', when: { category: ['short_video'] }, action: 'block' }] });

let env;
before(async () => {
  await mkdir(POLICY_DIR, { recursive: true });
  const policy = {
    '3rdparty': {
      extensions: {
        [unpackedExtensionId()]: {
          preset: 'wechat-2021-11',
          optIns: { jd: { group: 'block' } },
          trustedDomains: ['example.org'],
          customRules: RULES,
          message: 'Managed by the IT team (it@example.org).',
        },
      },
    },
  };
  await writeFile(POLICY_FILE, JSON.stringify(policy));
  env = await launch({ policy: true });
  // The user's own choices, some of which the policy overrides.
  await setSettings(env, { preset: 'strict', optIns: { jd: { group: 'open' }, taobao: { feed: 'open' } } });
});
after(async () => {
  await env?.close();
  await rm(POLICY_FILE, { force: true });
});

test('the policy reaches storage.managed', async () => {
  const page = await extensionPage(env, 'options/options.html');
  const managed = await page.evaluate(() => chrome.storage.managed.get());
  assert.equal(managed.preset, 'wechat-2021-11');
  assert.deepEqual(managed.optIns, { jd: { group: 'block' } });
  await page.close();
});

test('what the policy sets decides in the chat, over the user\'s own settings', async () => {
  const group = await openChat(env, 'group-family');
  assert.equal(await mark(group, 'taobao-item'), 'open', 'the managed preset (phase 2: shopping opens in groups), not the user\'s strict');
  assert.equal(await mark(group, 'jd-item'), 'block', 'the managed cell beats the user\'s opt-in');
  assert.equal(await mark(group, 'example-org'), 'open', 'a managed trusted domain');
  await openChat(env, 'dm-bob', { page: group });
  assert.equal(await mark(group, 'douyin-share'), 'block', 'the managed rules');
  await openChat(env, 'feed-moments', { page: group });
  assert.equal(await mark(group, 'taobao-item'), 'open', 'a cell the policy leaves alone keeps the user\'s opt-in');
  await group.close();
});

test('the options page shows what is locked and why, and the locked controls cannot be changed', async () => {
  const page = await extensionPage(env, 'options/options.html');
  assert.equal(await page.textContent('#managed-banner'), 'Some settings are managed by your administrator. Managed by the IT team (it@example.org).');
  assert.equal(await page.isChecked('#preset-wechat-2021-11'), true);
  assert.deepEqual(await page.$$eval('input[name="preset"]', (inputs) => inputs.map((i) => i.disabled)), [true, true, true, true]);
  assert.equal(await page.textContent('.locked-note.preset'), 'Your administrator chose the preset. Managed by the IT team (it@example.org).');
  const jd = await page.$eval('select[data-platform="jd"][data-context="group"]', (s) => ({ value: s.value, disabled: s.disabled, source: s.closest('td').dataset.source, title: s.closest('td').querySelector('.cell-source').title }));
  assert.deepEqual(jd, { value: 'block', disabled: true, source: 'locked', title: 'Managed by the IT team (it@example.org).' });
  const taobaoFeed = await page.$eval('select[data-platform="taobao"][data-context="feed"]', (s) => ({ value: s.value, disabled: s.disabled, source: s.closest('td').dataset.source }));
  assert.deepEqual(taobaoFeed, { value: 'open', disabled: false, source: 'user' });
  const admin = await page.$eval('#trusted-list li[data-domain="example.org"]', (li) => ({ source: li.querySelector('.source').textContent, remove: li.querySelectorAll('button').length, note: li.querySelector('.locked-note').textContent }));
  assert.deepEqual(admin, { source: 'set by your administrator', remove: 0, note: 'Locked. Managed by the IT team (it@example.org).' });
  // Even written straight to storage, the user's preset does not win.
  await setSettings(env, { preset: 'default' });
  const chat = await openChat(env, 'group-family');
  assert.equal(await mark(chat, 'jd-item'), 'block');
  assert.equal(await storage(env, 'sync', 'preset'), 'default');
  await chat.close();
  await page.close();
});
