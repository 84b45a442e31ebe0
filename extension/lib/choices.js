// What a warning or block page offers for a decision: one pure function, read by the renderer (pages/render.js, to
// draw the buttons) and by the service worker (to accept the page's commands, lib/messages.js COMMANDS: a command
// for a button the page does not offer is refused). No DOM, no extension API, so the demo playground loads it too.

import './facts.js';

/** The chat contexts a person can opt in for (the options page's columns): the engine's, so `unknown` is not one. */
export const OPT_IN_CONTEXTS = globalThis.linkgate.facts.CONTEXTS;

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

/**
 * The choices a page for `decision` (the link `url`, shared in `context`) offers:
 * - action: 'warn' | 'block' (an 'open' decision is shown as a warning);
 * - risky: a reason of the `risk` class (a floor no opt-in or trusted domain lowers);
 * - continueUrl: the http(s) URL Continue opens, or null (no Continue: a block, or an app link or other scheme);
 * - optInContext: the opt-in column the context writes to;
 * - optIn, trust: whether "Always open <app> links in <context> chats" and "Trust <domain>" are offered (only on a
 *   warning with a Continue and no risk: they could not lower a risk floor);
 * - report: the report's kind, 'mistake' on a block page, else 'report'.
 */
export function offers(decision, url, context) {
  const action = decision?.action === 'block' ? 'block' : 'warn';
  const reasons = Array.isArray(decision?.reasons) ? decision.reasons : [];
  const risky = reasons.some((r) => r.class === 'risk');
  const continueUrl = action === 'warn' ? continueUrlOf(decision, url) : null;
  const free = action === 'warn' && continueUrl !== null && !risky;
  return {
    action,
    risky,
    continueUrl,
    optInContext: optInContextOf(context),
    optIn: free && Boolean(decision?.platform),
    trust: free && Boolean(decision?.registrableDomain),
    report: action === 'block' ? 'mistake' : 'report',
  };
}
