// The toolbar popup: this tab's counts (from its content script), the active preset, "Pause on this site" (with a
// confirmation and a resume time), the open conversation's folding ("Fold as the rules say", "Never fold in this
// chat", "Fold this chat's links": sent to the content script, which names the conversation), "Protect this site" for a site linkgate does not cover yet (the optional host
// permission is requested right then, and the content scripts are registered for that origin), and the options.
//
// Which tab: the active tab of the current window. Opened as a page, `popup.html?tab=<id>` names a tab and
// `popup.html?site=<origin>` the tab showing that site (the first one whose content script answers for it).
import '../lib/browser.js';
import '../lib/i18n.js';
import '../lib/facts.js';
import '../lib/messages.js';
import { PRESETS, effectiveSettings, readAll } from '../lib/settings.js';
import { protect, unprotect, userSites } from '../lib/sites.js';

const { browser, i18n, messages } = globalThis.linkgate;
const { t, keys } = i18n;
const locale = i18n.htmlLang(browser.uiLang());
const $ = (id) => document.getElementById(id);

const time = (ms) => new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(new Date(ms));

async function targetTab() {
  const params = new URLSearchParams(location.search);
  const id = Number(params.get('tab'));
  if (Number.isInteger(id) && id > 0) return { id, url: null };
  const site = originOf(params.get('site'));
  if (site) {
    for (const tabId of await browser.allTabIds()) if ((await statsOf(tabId))?.origin === site) return { id: tabId, url: null };
    return { id: undefined, url: site };
  }
  const tab = await browser.activeTab();
  return tab ? { id: tab.id, url: tab.url ?? null } : null;
}

async function statsOf(tabId) {
  if (tabId === undefined) return null;
  try {
    const reply = await browser.tabs.sendMessage(tabId, { type: 'get-stats' });
    return reply?.type === 'stats' ? reply : null;
  } catch {
    return null; // no linkgate content script in that tab
  }
}

function originOf(url) {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/** Pauses linkgate on `origin` until `until` (ms since the epoch), or resumes it (0): a command to the worker. */
async function setPause(origin, until) {
  const { COMMANDS } = messages;
  const reply = await browser.sendMessage(until ? { type: COMMANDS.PAUSE, origin, until } : { type: COMMANDS.RESUME, origin });
  if (!reply || reply.type === 'error') throw new Error(reply?.message ?? 'no answer');
}

async function render(tab) {
  const { sync, managed } = await readAll();
  const preset = effectiveSettings(sync, managed).preset;
  $('preset-name').textContent = t(keys.presetName(PRESETS.includes(preset) ? preset : 'default'));

  const stats = tab ? await statsOf(tab.id) : null;
  const origin = stats?.origin ?? originOf(tab?.url);
  $('site').textContent = origin ?? '';
  $('stats-section').hidden = !stats;
  $('pause-section').hidden = !stats;
  $('protect-section').hidden = true;
  $('unprotect').hidden = true;
  if (stats) {
    $('stat-checked').textContent = String(stats.checked);
    $('stat-warned').textContent = String(stats.warned);
    $('stat-blocked').textContent = String(stats.blocked);
    $('stat-codes').textContent = String(stats.codes);
    $('stat-folded').textContent = String(stats.folded ?? 0);
    const folding = globalThis.linkgate.facts.CHAT_FOLDINGS.includes(stats.folding) ? stats.folding : null;
    $('chat-folding-row').hidden = !folding;
    if (folding) $('chat-folding').value = folding;
    const paused = stats.pausedUntil;
    $('site-state').textContent = paused ? t('statePaused', time(paused)) : t('stateProtected');
    $('pause').hidden = Boolean(paused);
    $('resume').hidden = !paused;
    $('unprotect').hidden = !(await userSites()).includes(origin);
    if (!$('unprotect').hidden) $('protect-section').hidden = false;
    $('protect').hidden = true;
    $('protect-hint').hidden = true;
  } else if (origin) {
    $('site-state').textContent = t('stateNotCovered');
    $('protect-section').hidden = false;
    $('protect').hidden = false;
    $('protect-hint').hidden = false;
  } else {
    $('site-state').textContent = t('stateNoPage');
  }
  return { origin, stats };
}

/**
 * The navigation guard's state (storage.session `guard`, written by the worker): nothing to say while it redirects;
 * otherwise why links that pages open by themselves cannot be checked now, and the way to fix it.
 */
async function renderGuard() {
  const { guard } = await browser.storage.session.get('guard');
  const mode = guard?.mode ?? null;
  $('guard-section').hidden = mode === 'redirect' || !guard;
  $('guard-text').textContent = mode === 'block' ? t('guardBlockMode') : guard?.error ? t('guardError', guard.error) : '';
  $('guard-grant').hidden = mode !== 'block';
}

async function main() {
  document.documentElement.lang = locale;
  document.title = t('extName');
  i18n.localize(document, t);
  for (const choice of globalThis.linkgate.facts.CHAT_FOLDINGS) $('chat-folding').append(new Option(t(keys.chatFolding(choice)), choice));
  const tab = await targetTab();
  let view = await render(tab);
  await renderGuard();
  $('guard-grant').addEventListener('click', async () => {
    // Must run in the click's user gesture. The worker hears permissions.onAdded and switches the guard over.
    const granted = await browser.permissions.request(['http://*/*', 'https://*/*']).catch(() => false);
    $('popup-status').textContent = granted ? t('guardGranted') : t('protectDenied');
    setTimeout(renderGuard, 500);
  });

  $('open-options').addEventListener('click', () => browser.openOptionsPage());
  $('chat-folding').addEventListener('change', async () => {
    const folding = $('chat-folding').value;
    try {
      const reply = await browser.tabs.sendMessage(tab.id, { type: 'set-chat-folding', folding });
      if (reply?.type !== 'ok') throw new Error(reply?.message ?? 'no answer');
      $('popup-status').textContent = t('chatFoldingSet', t(keys.chatFolding(folding)));
    } catch (error) {
      $('popup-status').textContent = t('chatFoldingFailed', String(error?.message ?? error));
    }
    setTimeout(async () => (view = await render(tab)), 300);
  });
  $('pause').addEventListener('click', () => {
    $('pause-question').textContent = t('pauseQuestion', view.origin);
    $('pause-confirm').hidden = false;
    $('pause').hidden = true;
    $('pause-duration').focus();
  });
  $('pause-no').addEventListener('click', () => {
    $('pause-confirm').hidden = true;
    $('pause').hidden = false;
    $('pause').focus();
  });
  $('pause-yes').addEventListener('click', async () => {
    const until = Date.now() + Number($('pause-duration').value) * 60_000;
    await setPause(view.origin, until);
    $('pause-confirm').hidden = true;
    $('popup-status').textContent = t('pausedUntil', view.origin, time(until));
    view = await render(tab);
    $('resume').focus();
  });
  $('resume').addEventListener('click', async () => {
    await setPause(view.origin, 0);
    $('popup-status').textContent = t('resumed', view.origin);
    view = await render(tab);
    $('pause').focus();
  });
  $('protect').addEventListener('click', async () => {
    try {
      const ok = await protect(view.origin, tab?.id);
      $('popup-status').textContent = ok ? t('protectedNow', view.origin) : t('protectDenied');
    } catch (error) {
      $('popup-status').textContent = t('protectFailed', String(error?.message ?? error));
    }
    view = await render(tab);
  });
  $('unprotect').addEventListener('click', async () => {
    await unprotect(view.origin);
    $('popup-status').textContent = t('unprotectedNow', view.origin);
    view = await render(tab);
  });
  document.body.dataset.ready = 'true';
}

main();
