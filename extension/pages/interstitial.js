// The controller of the warning / block page: reads the record the service worker stored under this page's id
// (location.hash) in storage.session, renders it with render.js, and wires the buttons. It decides nothing: Continue,
// the opt-in, Trust and Report are commands to the worker about this record (lib/messages.js COMMANDS), which
// checks them against what the record offers and answers with the URL to continue to; Go back and Copy link act on
// this page's own history and clipboard.
import '../lib/browser.js';
import '../lib/i18n.js';
import '../lib/facts.js';
import '../lib/messages.js';
import { RECORD_PREFIX } from '../lib/settings.js';
import { renderInterstitial, resolutionSection } from './render.js';

const { browser, i18n, messages } = globalThis.linkgate;
const { COMMANDS } = messages;
const { t } = i18n;

const lang = browser.uiLang();

async function goBack() {
  if (history.length > 1) {
    history.back();
    return;
  }
  const tab = await browser.tabs.getCurrent();
  if (tab) await browser.tabs.remove(tab.id);
  else window.close();
}

async function copy(text, status) {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = t('copied');
  } catch {
    status.textContent = t('copyFailed');
  }
}

function renderMissing(root) {
  root.replaceChildren();
  root.className = 'interstitial warn';
  const h1 = document.createElement('h1');
  h1.id = 'heading';
  h1.textContent = t('recordMissing');
  const actions = document.createElement('div');
  actions.className = 'actions';
  const back = document.createElement('button');
  back.type = 'button';
  back.className = 'primary';
  back.dataset.action = 'back';
  back.textContent = t('buttonBack');
  back.addEventListener('click', goBack);
  actions.append(back);
  root.append(h1, actions);
  back.focus();
}

async function main() {
  document.documentElement.lang = i18n.htmlLang(lang);
  const root = document.getElementById('root');
  const id = decodeURIComponent(location.hash.slice(1));
  const key = RECORD_PREFIX + id;
  const { [key]: record } = id ? await browser.storage.session.get(key) : {};
  if (!record || typeof record !== 'object' || !record.decision) {
    document.title = t('pageTitleWarn');
    renderMissing(root);
    return;
  }
  const { decision, url, context, site, shortLink = false, resolution = null } = record;
  document.title = t(decision.action === 'block' ? 'pageTitleBlock' : 'pageTitleWarn');
  const view = renderInterstitial(root, decision, { url, context, site, t, lang, shortLink, resolution });
  const { buttons, status } = view;

  /** Sends one command about this page's record; its reply, or an error with the worker's reason. */
  const command = async (type) => {
    const reply = await browser.sendMessage({ type, record: id });
    if (!reply || reply.type === 'error') throw new Error(reply?.message ?? 'no answer');
    return reply;
  };
  const proceed = async () => {
    try {
      location.replace((await command(COMMANDS.PROCEED)).url);
    } catch (error) {
      status.textContent = t('proceedFailed', String(error?.message ?? error));
    }
  };
  const saveThenProceed = async (type) => {
    try {
      const { url: next } = await command(type);
      status.textContent = t('saved');
      location.replace(next);
    } catch (error) {
      status.textContent = t('saveFailed', String(error?.message ?? error));
    }
  };

  // "Where does it go?": the short-link hosts' permission is asked for on the person's click (the first time it is
  // not granted yet), then the worker resolves the record's link and keeps the result in the record.
  let section = view.resolution;
  const origins = browser.manifest().optional_host_permissions ?? [];
  // The focus follows the person's press to the result; a resolution the page ran by itself leaves it on Go back.
  const showResolution = (result, asked) => {
    const next = resolutionSection({ resolution: result, context, t, lang });
    section.replaceWith(next.section);
    section = next.section;
    wireResolution(next.buttons);
    if (asked) section.querySelector('[data-action="continueDestination"]')?.focus();
  };
  const resolveLink = async (asked) => {
    if (asked && !(await browser.permissions.request(origins).catch(() => false))) {
      showResolution({ hops: [], error: { code: 'not_allowed', message: '' } }, true);
      return;
    }
    const button = section.querySelector('[data-action="resolve"]');
    if (button) button.disabled = true;
    status.textContent = t('resolveWorking');
    try {
      const { resolution: result } = await command(COMMANDS.RESOLVE);
      status.textContent = '';
      showResolution(result, asked);
    } catch (error) {
      status.textContent = t('proceedFailed', String(error?.message ?? error));
      if (button) button.disabled = false;
    }
  };
  function wireResolution(b) {
    b.resolve?.addEventListener('click', () => resolveLink(true));
    b.continueDestination?.addEventListener('click', async () => {
      try {
        location.replace((await command(COMMANDS.PROCEED_DESTINATION)).url);
      } catch (error) {
        status.textContent = t('proceedFailed', String(error?.message ?? error));
      }
    });
  }
  if (section) {
    wireResolution(buttons);
    // Resolved by itself when the person turned that on for this kind of chat (options page), and the hosts'
    // permission is already granted (a permission can only be asked for on a click).
    const { autoResolve } = await browser.storage.local.get('autoResolve');
    const kind = context === 'direct' ? 'direct' : 'group';
    if (!resolution && autoResolve?.[kind] === true && (await browser.permissions.contains(origins).catch(() => false))) resolveLink(false);
  }

  buttons.back.addEventListener('click', goBack);
  buttons.continue?.addEventListener('click', proceed);
  buttons.copy?.addEventListener('click', () => copy(url, status));
  buttons.optIn?.addEventListener('click', () => saveThenProceed(COMMANDS.OPT_IN));
  buttons.trust?.addEventListener('click', () => saveThenProceed(COMMANDS.TRUST));
  buttons.report?.addEventListener('click', async () => {
    try {
      await command(COMMANDS.REPORT);
    } catch (error) {
      status.textContent = t('saveFailed', String(error?.message ?? error));
      return;
    }
    buttons.report.disabled = true;
    status.textContent = t('reported');
  });
  buttons.back.focus();
}

main();
