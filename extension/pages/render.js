// The warning and block page renderer: one pure function from a linkgate Decision to DOM. It uses no extension
// API (no chrome.* / browser.*), so the demo site's rule playground can import it and show exactly what users see.
// It decides nothing: everything comes from the Decision. All text is set with textContent / text nodes.
//
//   renderInterstitial(root, decision, {url, context, site, t, lang, shortLink, resolution}) -> {continueUrl, buttons}
//
// - root: an Element to fill (its children are replaced).
// - decision: the engine's Decision (action 'warn' or 'block'; 'open' renders like 'warn').
// - url: the link as it was in the chat; context: 'direct' | 'group' | 'feed' | 'unknown'; site: the chat's origin
//   or null.
// - t(key, ...substitutions) -> string: the messages of extension/_locales/<lang>/messages.json (lib/i18n.js: the
//   browser's in the extension, `linkgate.i18n.over(messages)` in the playground).
// - lang: 'en' | 'zh_CN' (picks the platform name, and whether the English reason details are shown).
// - shortLink: the link is on a short-link host (the worker's record says so): "Where does it go?" is offered;
//   resolution: its result once resolved (resolutionSection below).
// Returns the URL Continue may open (http or https only; null hides Continue and the opt-in buttons), the opt-in
// column the context writes to (`unknown` -> `group`), the status line, and the buttons by action name: back,
// continue, optIn, trust, copy, report, resolve, continueDestination. The controller wires them.

import '../lib/i18n.js';
import { OPT_IN_CONTEXTS, offers } from '../lib/choices.js';
import { el } from './dom.js';

const { i18n } = globalThis.linkgate;
const { keys } = i18n;

/** A URL as nodes, with the registrable domain in <strong> when it can be found in the host. */
export function urlNodes(url, decision) {
  const domain = decision?.registrableDomain;
  const host = decision?.hostAscii;
  if (domain && host && host.endsWith(domain)) {
    try {
      const parsed = new URL(url);
      const userinfo = parsed.username ? `${parsed.username}${parsed.password ? `:${parsed.password}` : ''}@` : '';
      const prefix = `${parsed.protocol}//${userinfo}`;
      if (url.startsWith(prefix + host)) {
        const rest = url.slice(prefix.length + host.length);
        const sub = host.slice(0, host.length - domain.length);
        return [document.createTextNode(prefix + sub), el('strong', { className: 'domain', text: domain }), document.createTextNode(rest)];
      }
    } catch {
      // not parsable: plain text below
    }
  }
  return [document.createTextNode(url)];
}

// Stands for a node in a translated sentence: a private-use character survives chrome.i18n substitution (U+0000 does not).
const MARKER = '\uE000';

/** A translated sentence (`t(key, MARKER)`) with its placeholder replaced by a node (no concatenated translations). */
function sentenceWith(text, node) {
  const i = text.indexOf(MARKER);
  if (i < 0) return [document.createTextNode(text)];
  return [document.createTextNode(text.slice(0, i)), node, document.createTextNode(text.slice(i + MARKER.length))];
}

/**
 * "Where does it go?" for a short link: the section, with its button before a resolution and the resolution once
 * there is one (`resolution`: the worker's `{hops, destination, decision}` or `{hops, error: {code, message}}`).
 * Returns the section and its buttons (`resolve`, `continueDestination`).
 */
export function resolutionSection({ resolution = null, context = 'unknown', t, lang = 'en' }) {
  const buttons = {};
  const section = el('section', { className: 'resolution', 'aria-labelledby': 'resolve-h' }, el('h2', { id: 'resolve-h', text: t('resolveHeading') }));
  if (!resolution) {
    section.append(
      el('p', { className: 'note', text: t('resolveExplain') }),
      (buttons.resolve = el('button', { type: 'button', className: 'secondary', 'data-action': 'resolve', text: t('resolveButton') })),
    );
    return { section, buttons };
  }
  const hops = Array.isArray(resolution.hops) ? resolution.hops : [];
  if (hops.length > 1) {
    const items = hops.map((hop, i) => {
      const status = typeof hop.status === 'number' ? String(hop.status) : null;
      const last = i === hops.length - 1 && resolution.destination;
      return el(
        'li',
        { 'data-hop': String(i) },
        el('span', { className: 'url', text: hop.url }),
        el('span', { className: 'detail', text: last ? t('resolveHopDestination') : status ? t('resolveHopAnswered', status) : t('resolveHopRefused') }),
      );
    });
    section.append(el('p', { className: 'note', text: t('resolveChain', String(hops.length - 1)) }), el('ol', { className: 'chain' }, ...items));
  }
  if (resolution.error) {
    const code = typeof resolution.error.code === 'string' ? resolution.error.code : 'network';
    section.append(
      el('p', { className: 'resolve-error', 'data-error': code, role: 'alert', text: t(keys.resolveError(code)) }),
      lang === 'en' && resolution.error.message ? el('p', { className: 'detail', text: resolution.error.message }) : null,
      el('p', { className: 'note', text: t('resolveStands') }),
    );
    return { section, buttons };
  }
  const decision = resolution.decision ?? {};
  const shown = decision.canonicalUrl ?? resolution.destination;
  const offered = offers(decision, resolution.destination, context);
  const platform = decision.platform ?? null;
  const reasons = Array.isArray(decision.reasons) ? decision.reasons : [];
  const verdict = decision.action === 'block' ? 'block' : decision.action === 'warn' ? 'warn' : 'open';
  section.append(
    el(
      'div',
      { className: `destination ${verdict}`, 'data-action': verdict },
      el('p', { className: 'verdict', text: t(keys.resolveVerdict(verdict)) }),
      el('p', { className: 'app' }, el('span', { text: `${t('factApp')}: ` }), el('strong', { 'data-field': 'destination-app', text: platform ? (platform.name?.[lang] ?? platform.name?.en ?? platform.id) : t('factAppNone') })),
      el('p', { className: 'url', 'data-field': 'destination' }, ...urlNodes(shown, decision)),
      reasons.length ? el('ul', {}, ...reasons.map((r) => el('li', { 'data-reason': r.code, text: t(keys.reason(r.code)) }))) : null,
      decision.cleanUrl && decision.cleanUrl !== shown
        ? el('div', { className: 'clean' }, el('span', { text: t('cleanUrlHeading') }), el('p', { className: 'url', 'data-field': 'destination-clean', text: decision.cleanUrl }))
        : null,
    ),
  );
  if (offered.continueUrl) {
    section.append(
      el(
        'div',
        { className: 'actions' },
        (buttons.continueDestination = el('button', { type: 'button', className: 'secondary', 'data-action': 'continueDestination', text: t('resolveContinue') })),
      ),
    );
  }
  return { section, buttons };
}

export function renderInterstitial(root, decision, { url, context = 'unknown', site = null, t, lang = 'en', shortLink = false, resolution = null }) {
  // What the page offers (lib/choices.js; the worker accepts the same commands). The engine says which reasons are
  // risks (a floor no opt-in or trusted domain lowers): `class` of each reason.
  const offered = offers(decision, url, context);
  const { action, risky, continueUrl, optInContext } = offered;
  const reasons = Array.isArray(decision?.reasons) ? decision.reasons : [];
  const platform = decision?.platform ?? null;
  const platformName = platform ? (platform.name?.[lang] ?? platform.name?.en ?? platform.id) : null;
  const shownUrl = decision?.canonicalUrl ?? url;

  root.replaceChildren();
  root.className = `interstitial ${action}`;
  root.setAttribute('lang', i18n.htmlLang(lang));
  root.setAttribute('data-action', action);

  // Heading and lead.
  const heading = action === 'block' ? t('headingBlock') : risky ? t('headingWarnRisk') : t('headingWarn');
  let lead;
  if (decision?.notice) lead = t(keys.notice(decision.notice));
  else if (action === 'block') lead = t('leadBlock');
  else if (risky) lead = t('leadRisk');
  else lead = t('leadNeutral');

  const header = el(
    'header',
    {},
    el('p', { className: 'brand' }, el('span', { className: 'mark', 'aria-hidden': 'true', text: action === 'block' ? '⛔' : '!' }), el('span', { text: t('brand') })),
    el('h1', { id: 'heading', text: heading }),
    el('p', { className: 'lead', text: lead }),
  );

  // Facts: app, where it was shared.
  const facts = el(
    'dl',
    { className: 'facts' },
    el('div', {}, el('dt', { text: t('factApp') }), el('dd', { 'data-field': 'platform', text: platformName ?? t('factAppNone') })),
    el('div', {}, el('dt', { text: t('factChat') }), el('dd', { 'data-field': 'context', text: t(keys.contextFact(OPT_IN_CONTEXTS.includes(context) ? context : 'unknown')) })),
    site ? el('div', {}, el('dt', { text: t('factSite') }), el('dd', { 'data-field': 'site', text: site })) : null,
  );

  // Reasons in plain words (the English detail only in English: it is not translated).
  const reasonItems = reasons.map((r) =>
    el(
      'li',
      { 'data-reason': r.code },
      el('span', { text: t(keys.reason(r.code)) }),
      lang === 'en' && r.detail ? el('span', { className: 'detail', text: r.detail }) : null,
    ),
  );
  const reasonsSection = reasonItems.length
    ? el('section', { className: 'reasons', 'aria-labelledby': 'reasons-h' }, el('h2', { id: 'reasons-h', text: t('reasonsHeading') }), el('ul', {}, ...reasonItems))
    : null;

  // The address.
  const extra = [];
  if (decision?.hostUnicode && decision?.hostAscii && decision.hostUnicode !== decision.hostAscii) {
    extra.push(el('div', {}, el('dt', { text: t('hostUnicode') }), el('dd', { 'data-field': 'host-unicode', text: decision.hostUnicode })));
    extra.push(el('div', {}, el('dt', { text: t('hostPunycode') }), el('dd', { 'data-field': 'host-ascii', text: decision.hostAscii })));
  }
  if (decision?.cleanUrl && decision.cleanUrl !== shownUrl) {
    extra.push(el('div', {}, el('dt', { text: t('cleanUrlHeading') }), el('dd', { className: 'url', 'data-field': 'clean-url' }, ...urlNodes(decision.cleanUrl, decision))));
  }
  if (decision?.unwrappedFrom) {
    extra.push(el('div', {}, el('dt', { text: t('unwrappedHeading') }), el('dd', { className: 'url', 'data-field': 'unwrapped-from', text: decision.unwrappedFrom })));
  }
  const address = el(
    'section',
    { className: 'address', 'aria-labelledby': 'url-h' },
    el('h2', { id: 'url-h', text: t('urlHeading') }),
    el('p', { className: 'url', 'data-field': 'url' }, ...urlNodes(shownUrl, decision)),
    action === 'warn' && decision?.registrableDomain
      ? el('p', { className: 'note' }, ...sentenceWith(t('domainNote', MARKER), el('strong', { text: decision.registrableDomain })))
      : null,
    extra.length ? el('dl', { className: 'more-facts' }, ...extra) : null,
  );

  // Actions.
  const buttons = {};
  const button = (name, label, className) => (buttons[name] = el('button', { type: 'button', className, 'data-action': name, text: label }));
  const main = el('div', { className: 'actions' }, button('back', t('buttonBack'), 'primary'));
  if (continueUrl) main.append(button('continue', t('buttonContinue'), 'secondary'));

  const more = el('div', { className: 'more' });
  // Opt-ins and trusted domains cannot lower a risk floor, so they are only offered for links without a risk.
  if (offered.optIn) more.append(button('optIn', t(keys.optIn(optInContext), platformName), 'link'));
  if (offered.trust) more.append(button('trust', t('trustDomain', decision.registrableDomain), 'link'));
  let copyBlock = null;
  if (action === 'block') {
    copyBlock = el('div', { className: 'copy-block' }, el('p', { className: 'instruction', text: t('blockInstruction') }), button('copy', t('buttonCopy'), 'secondary'));
  } else {
    more.append(button('copy', t('buttonCopy'), 'link'));
  }
  more.append(button('report', t(offered.report === 'mistake' ? 'buttonReportMistake' : 'buttonReport'), 'link'));

  const status = el('p', { className: 'status', role: 'status', 'aria-live': 'polite' });
  const resolved = shortLink ? resolutionSection({ resolution, context, t, lang }) : null;
  if (resolved) Object.assign(buttons, resolved.buttons);
  root.append(
    header,
    facts,
    reasonsSection ?? '',
    address,
    resolved?.section ?? '',
    copyBlock ?? '',
    main,
    el('section', { className: 'more-section', 'aria-labelledby': 'more-h' }, el('h2', { id: 'more-h', text: t('moreActions') }), more),
    status,
  );
  return { continueUrl, optInContext, buttons, status, resolution: resolved?.section ?? null };
}
