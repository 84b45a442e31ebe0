// The warning and block page renderer: one pure function from a linkgate Decision to DOM. It uses no extension
// API (no chrome.* / browser.*), so the demo site's rule playground can import it and show exactly what users see.
// It decides nothing: everything comes from the Decision. All text is set with textContent / text nodes.
//
//   renderInterstitial(root, decision, {url, context, site, strings, lang}) -> {continueUrl, buttons}
//
// - root: an Element to fill (its children are replaced).
// - decision: the engine's Decision (action 'warn' or 'block'; 'open' renders like 'warn').
// - url: the link as it was in the chat; context: 'direct' | 'group' | 'feed' | 'unknown'; site: the chat's origin
//   or null.
// - strings(key, ...substitutions) -> string: the messages of extension/_locales/<lang>/messages.json.
// - lang: 'en' | 'zh_CN' (picks the platform name, and whether the English reason details are shown).
// Returns the URL Continue may open (http or https only; null hides Continue and the opt-in buttons), the opt-in
// column the context writes to (`unknown` -> `group`), the status line, and the buttons by action name: back,
// continue, optIn, trust, copy, report. The controller wires them.

import { el } from './strings.js';

const OPT_IN_CONTEXTS = ['direct', 'group', 'feed'];

/** The opt-in column a chat context writes to: `unknown` is decided as `group` by the engine, so it opts in there. */
export function optInContextOf(context) {
  return OPT_IN_CONTEXTS.includes(context) ? context : 'group';
}

/** The http(s) URL Continue may open, or null. */
export function continueUrlOf(decision, url) {
  const candidate = decision?.canonicalUrl ?? url;
  try {
    const parsed = new URL(candidate);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

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

/** A translated sentence with one placeholder replaced by a node (no concatenated translations). */
function sentenceWith(strings, key, node) {
  const marker = '\uE000'; // a private-use character: survives chrome.i18n substitution (U+0000 does not)
  const text = strings(key, marker);
  const i = text.indexOf(marker);
  if (i < 0) return [document.createTextNode(text)];
  return [document.createTextNode(text.slice(0, i)), node, document.createTextNode(text.slice(i + marker.length))];
}

export function renderInterstitial(root, decision, { url, context = 'unknown', site = null, strings, lang = 'en' }) {
  const action = decision?.action === 'block' ? 'block' : 'warn';
  const reasons = Array.isArray(decision?.reasons) ? decision.reasons : [];
  // The engine says which reasons are risks (a floor no opt-in or trusted domain lowers): `class` of each reason.
  const risky = reasons.some((r) => r.class === 'risk');
  const platform = decision?.platform ?? null;
  const platformName = platform ? (platform.name?.[lang] ?? platform.name?.en ?? platform.id) : null;
  const shownUrl = decision?.canonicalUrl ?? url;
  const continueUrl = action === 'warn' ? continueUrlOf(decision, url) : null;

  root.replaceChildren();
  root.className = `interstitial ${action}`;
  root.setAttribute('lang', lang === 'zh_CN' ? 'zh-CN' : 'en');
  root.setAttribute('data-action', action);

  // Heading and lead.
  const heading = action === 'block' ? strings('headingBlock') : risky ? strings('headingWarnRisk') : strings('headingWarn');
  let lead;
  if (decision?.notice) lead = strings(`notice_${decision.notice}`);
  else if (action === 'block') lead = strings('leadBlock');
  else if (risky) lead = strings('leadRisk');
  else lead = strings('leadNeutral');

  const header = el(
    'header',
    {},
    el('p', { className: 'brand' }, el('span', { className: 'mark', 'aria-hidden': 'true', text: action === 'block' ? '⛔' : '!' }), el('span', { text: strings('brand') })),
    el('h1', { id: 'heading', text: heading }),
    el('p', { className: 'lead', text: lead }),
  );

  // Facts: app, where it was shared.
  const facts = el(
    'dl',
    { className: 'facts' },
    el('div', {}, el('dt', { text: strings('factApp') }), el('dd', { 'data-field': 'platform', text: platformName ?? strings('factAppNone') })),
    el('div', {}, el('dt', { text: strings('factChat') }), el('dd', { 'data-field': 'context', text: strings(`context_${OPT_IN_CONTEXTS.includes(context) ? context : 'unknown'}`) })),
    site ? el('div', {}, el('dt', { text: strings('factSite') }), el('dd', { 'data-field': 'site', text: site })) : null,
  );

  // Reasons in plain words (the English detail only in English: it is not translated).
  const reasonItems = reasons.map((r) =>
    el(
      'li',
      { 'data-reason': r.code },
      el('span', { text: strings(`reason_${r.code}`) || r.code }),
      lang === 'en' && r.detail ? el('span', { className: 'detail', text: r.detail }) : null,
    ),
  );
  const reasonsSection = reasonItems.length
    ? el('section', { className: 'reasons', 'aria-labelledby': 'reasons-h' }, el('h2', { id: 'reasons-h', text: strings('reasonsHeading') }), el('ul', {}, ...reasonItems))
    : null;

  // The address.
  const extra = [];
  if (decision?.hostUnicode && decision?.hostAscii && decision.hostUnicode !== decision.hostAscii) {
    extra.push(el('div', {}, el('dt', { text: strings('hostUnicode') }), el('dd', { 'data-field': 'host-unicode', text: decision.hostUnicode })));
    extra.push(el('div', {}, el('dt', { text: strings('hostPunycode') }), el('dd', { 'data-field': 'host-ascii', text: decision.hostAscii })));
  }
  if (decision?.cleanUrl && decision.cleanUrl !== shownUrl) {
    extra.push(el('div', {}, el('dt', { text: strings('cleanUrlHeading') }), el('dd', { className: 'url', 'data-field': 'clean-url' }, ...urlNodes(decision.cleanUrl, decision))));
  }
  if (decision?.unwrappedFrom) {
    extra.push(el('div', {}, el('dt', { text: strings('unwrappedHeading') }), el('dd', { className: 'url', 'data-field': 'unwrapped-from', text: decision.unwrappedFrom })));
  }
  const address = el(
    'section',
    { className: 'address', 'aria-labelledby': 'url-h' },
    el('h2', { id: 'url-h', text: strings('urlHeading') }),
    el('p', { className: 'url', 'data-field': 'url' }, ...urlNodes(shownUrl, decision)),
    action === 'warn' && decision?.registrableDomain
      ? el('p', { className: 'note' }, ...sentenceWith(strings, 'domainNote', el('strong', { text: decision.registrableDomain })))
      : null,
    extra.length ? el('dl', { className: 'more-facts' }, ...extra) : null,
  );

  // Actions.
  const buttons = {};
  const button = (name, label, className) => (buttons[name] = el('button', { type: 'button', className, 'data-action': name, text: label }));
  const main = el('div', { className: 'actions' }, button('back', strings('buttonBack'), 'primary'));
  if (continueUrl) main.append(button('continue', strings('buttonContinue'), 'secondary'));

  const more = el('div', { className: 'more' });
  // Opt-ins and trusted domains cannot lower a risk floor, so they are only offered for links without a risk.
  const optInContext = optInContextOf(context);
  if (action === 'warn' && continueUrl && !risky) {
    if (platform) more.append(button('optIn', strings(`optIn_${optInContext}`, platformName), 'link'));
    if (decision?.registrableDomain) more.append(button('trust', strings('trustDomain', decision.registrableDomain), 'link'));
  }
  let copyBlock = null;
  if (action === 'block') {
    copyBlock = el('div', { className: 'copy-block' }, el('p', { className: 'instruction', text: strings('blockInstruction') }), button('copy', strings('buttonCopy'), 'secondary'));
  } else {
    more.append(button('copy', strings('buttonCopy'), 'link'));
  }
  more.append(button('report', strings(action === 'block' ? 'buttonReportMistake' : 'buttonReport'), 'link'));

  const status = el('p', { className: 'status', role: 'status', 'aria-live': 'polite' });
  root.append(
    header,
    facts,
    reasonsSection ?? '',
    address,
    copyBlock ?? '',
    main,
    el('section', { className: 'more-section', 'aria-labelledby': 'more-h' }, el('h2', { id: 'more-h', text: strings('moreActions') }), more),
    status,
  );
  return { continueUrl, optInContext, buttons, status };
}
