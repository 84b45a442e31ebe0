// The controller of the warning / block page: reads the record the service worker stored under this page's id
// (location.hash) in storage.session, renders it with render.js, and wires the buttons. It decides nothing.
import '../lib/browser.js';
import '../lib/i18n.js';
import { RECORD_PREFIX, addTrustedDomain, setOptIn } from '../lib/settings.js';
import { renderInterstitial } from './render.js';

const { browser, i18n } = globalThis.linkgate;
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
  const { decision, url, context, site } = record;
  document.title = t(decision.action === 'block' ? 'pageTitleBlock' : 'pageTitleWarn');
  const view = renderInterstitial(root, decision, { url, context, site, t, lang });
  const { buttons, status, continueUrl, optInContext } = view;

  const proceed = () => {
    if (continueUrl) location.replace(continueUrl);
  };
  const saveThenProceed = async (write) => {
    try {
      await write();
      status.textContent = t('saved');
      proceed();
    } catch (error) {
      status.textContent = t('saveFailed', String(error?.message ?? error));
    }
  };

  buttons.back.addEventListener('click', goBack);
  buttons.continue?.addEventListener('click', proceed);
  buttons.copy?.addEventListener('click', () => copy(url, status));
  buttons.optIn?.addEventListener('click', () => saveThenProceed(() => setOptIn(decision.platform.id, optInContext, 'open')));
  buttons.trust?.addEventListener('click', () => saveThenProceed(() => addTrustedDomain(decision.registrableDomain, 'warning-page')));
  buttons.report?.addEventListener('click', async () => {
    const entry = { kind: decision.action === 'block' ? 'mistake' : 'report', url, decision, context, site, time: Date.now() };
    const { reports = [] } = await browser.storage.local.get('reports');
    await browser.storage.local.set({ reports: (Array.isArray(reports) ? reports : []).concat([entry]).slice(-1000) });
    buttons.report.disabled = true;
    status.textContent = t('reported');
  });
  buttons.back.focus();
}

main();
