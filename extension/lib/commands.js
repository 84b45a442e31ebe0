// The service worker's side of the commands linkgate's own pages send it (lib/messages.js COMMANDS; Chromium's
// SecurityInterstitialCommand is the model): one handler a command, for exactly that set, each refusing what the
// page may not ask. The warning page's commands act on its record in storage.session (written by the worker when it
// showed the page) and only for a choice the page offers (lib/choices.js): no page can trust a domain, opt in or
// continue to a URL the record does not name. Used by background.js only.
import './browser.js';
import './facts.js';
import './messages.js';
import { offers } from './choices.js';
import { RECORD_PREFIX, addTrustedDomain, setOptIn } from './settings.js';

const { browser, messages } = globalThis.linkgate;
const { COMMANDS, COMMAND_NAMES, COMMAND_PAGES } = messages;

class Refused extends Error {}

/** The warning page's record and what it offers; refused when it has expired. */
async function recordOf(message) {
  const key = RECORD_PREFIX + message.record;
  const { [key]: record } = await browser.storage.session.get(key);
  if (!record || typeof record !== 'object' || !record.decision) throw new Refused('this warning page has expired (no record for it)');
  return { record, offered: offers(record.decision, record.url, record.context) };
}

function offered(choices, what, name) {
  if (!choices[what]) throw new Refused(`this page does not offer ${name}`);
}

async function proceed(message) {
  const { offered: choices } = await recordOf(message);
  offered(choices, 'continueUrl', 'Continue');
  return { type: 'proceed', url: choices.continueUrl };
}

/** The resolved destination (worker-written in the record by RESOLVE), if its own decision offers Continue. */
async function proceedDestination(message) {
  const { record } = await recordOf(message);
  const resolution = record.resolution;
  if (!resolution?.destination || !resolution.decision) throw new Refused('this page has no resolved destination');
  const choices = offers(resolution.decision, resolution.destination, record.context);
  offered(choices, 'continueUrl', 'Continue to the destination');
  return { type: 'proceed', url: choices.continueUrl };
}

async function optIn(message) {
  const { record, offered: choices } = await recordOf(message);
  offered(choices, 'optIn', 'an opt-in');
  await setOptIn(record.decision.platform.id, choices.optInContext, 'open');
  return { type: 'proceed', url: choices.continueUrl };
}

async function trust(message) {
  const { record, offered: choices } = await recordOf(message);
  offered(choices, 'trust', 'to trust its domain');
  await addTrustedDomain(record.decision.registrableDomain, 'warning-page');
  return { type: 'proceed', url: choices.continueUrl };
}

async function report(message) {
  const { record, offered: choices } = await recordOf(message);
  const { decision, url, context, site } = record;
  const entry = { kind: choices.report, url, decision, context, site, time: Date.now() };
  const { reports = [] } = await browser.storage.local.get('reports');
  await browser.storage.local.set({ reports: (Array.isArray(reports) ? reports : []).concat([entry]).slice(-1000) });
  return { type: 'reported' };
}

/** storage.local.paused {origin: resume time}: sets or (until 0) removes one site's pause, and forgets ended ones. */
async function setPause(origin, until) {
  const { paused = {} } = await browser.storage.local.get('paused');
  const next = { ...(paused && typeof paused === 'object' ? paused : {}) };
  if (until) next[origin] = until;
  else delete next[origin];
  for (const [o, u] of Object.entries(next)) if (!(Number(u) > Date.now())) delete next[o];
  // The worker hears the change and takes the site's guard away, or back (background.js refreshGuard).
  await browser.storage.local.set({ paused: next });
}

async function pause(message) {
  await setPause(message.origin, message.until);
  return { type: 'paused', until: message.until };
}

async function resume(message) {
  await setPause(message.origin, 0);
  return { type: 'paused', until: null };
}

/**
 * The worker's command dispatcher: `guard` is the check page's handler and `resolve(record)` follows a record's short
 * link (background.js: both need the engine); the others are here. Returns `dispatch(message, sender)`, which answers a refused message (not a command, an unknown
 * command, malformed fields, from another page than the command's own, or not offered) with {type: 'error', message}.
 */
export function commandDispatcher({ guard, resolve }) {
  const handlers = Object.freeze({
    [COMMANDS.GUARD]: guard,
    [COMMANDS.RESOLVE]: async (message) => {
      const { record } = await recordOf(message);
      if (!record.shortLink) throw new Refused('this page\'s link is not a short link');
      const resolution = await resolve(record);
      const key = RECORD_PREFIX + message.record;
      await browser.storage.session.set({ [key]: { ...record, resolution } });
      return { type: 'resolved', resolution };
    },
    [COMMANDS.PROCEED_DESTINATION]: proceedDestination,
    [COMMANDS.PROCEED]: proceed,
    [COMMANDS.OPT_IN]: optIn,
    [COMMANDS.TRUST]: trust,
    [COMMANDS.REPORT]: report,
    [COMMANDS.PAUSE]: pause,
    [COMMANDS.RESUME]: resume,
  });
  // Exactly the declared set: a command without a handler, or a handler for no command, is a bug found at start.
  const names = Object.keys(handlers).sort();
  if (names.join() !== [...COMMAND_NAMES].sort().join() || names.some((n) => typeof handlers[n] !== 'function')) {
    throw new Error(`linkgate: the worker's commands (${names}) are not lib/messages.js COMMANDS (${COMMAND_NAMES})`);
  }
  const refuse = (why) => ({ type: 'error', message: `linkgate: ${why}` });
  return async (message, sender) => {
    const why = messages.refusal(message);
    if (why) return refuse(why);
    if (!COMMAND_NAMES.includes(message.type)) return refuse(`${JSON.stringify(message.type)} is not a command (commands: ${COMMAND_NAMES.join(', ')})`);
    const page = browser.getURL(COMMAND_PAGES[message.type]);
    if (typeof sender.url !== 'string' || !sender.url.startsWith(page)) return refuse(`the ${message.type} command comes only from ${COMMAND_PAGES[message.type]}`);
    try {
      return await handlers[message.type](message, sender);
    } catch (error) {
      if (error instanceof Refused) return refuse(error.message);
      throw error;
    }
  };
}
