// The sites linkgate watches: the chat sites of the manifest, and the ones the user added with "Protect this site"
// (content scripts registered for that origin, and the navigation guard's rules). Used by the popup, the options
// page and the service worker. The built-in sites have one source, rules/sites.json: the build writes them into the
// manifest's match patterns (scripts/manifest.mjs) and into lib/facts.js (scripts/facts.mjs).
import './browser.js';
import './facts.js';

const { browser, facts } = globalThis.linkgate;

/** The content-script files, in order: the manifest's own list, registered and injected the same on added sites. */
export const CONTENT_JS = Object.freeze([...(browser.manifest().content_scripts?.[0]?.js ?? [])]);

/** The built-in chat sites, as the user reads them (rules/sites.json). */
export const BUILT_IN = facts.SITES;

// `site-main:` was the page-world window.open wrapper of linkgate 0.1 (the navigation guard replaced it): removed
// with the rest when a site stops being protected.
const scriptIds = (origin) => [`site:${origin}`, `site-main:${origin}`];

/** The match patterns of every protected page: the manifest's chat sites, then the sites the user added. */
export async function protectedPatterns() {
  const declared = browser.manifest().content_scripts?.[0]?.matches ?? [];
  return [...declared, ...(await userSites()).map((origin) => `${origin}/*`)];
}

/** The content scripts' registration for one origin the user added. */
function registration(origin) {
  return { id: `site:${origin}`, matches: [`${origin}/*`], js: [...CONTENT_JS], runAt: 'document_start', allFrames: true };
}

/** The origins the user added, as stored (newest last). */
export async function userSites() {
  const { protectedSites = [] } = await browser.storage.local.get('protectedSites');
  return Array.isArray(protectedSites) ? protectedSites.filter((o) => typeof o === 'string') : [];
}

/**
 * Asks the browser for one origin (must run in a user gesture), registers linkgate's content scripts there and, given
 * a tab, injects them at once. Returns false when the permission was refused.
 */
export async function protect(origin, tabId) {
  const granted = await browser.permissions.request([`${origin}/*`]);
  if (!granted) return false;
  const registered = new Set((await browser.scripting.getRegisteredContentScripts()).map((s) => s.id));
  if (!registered.has(`site:${origin}`)) await browser.scripting.registerContentScripts([registration(origin)]);
  const sites = await userSites();
  // The worker sees the change and adds the site to the navigation guard's rules (background.js).
  if (!sites.includes(origin)) await browser.storage.local.set({ protectedSites: [...sites, origin] });
  if (tabId !== undefined) await browser.scripting.executeScript(tabId, [...CONTENT_JS], { allFrames: true }).catch(() => {});
  return true;
}

/** Stops watching an origin the user added: its content scripts and its permission go. */
export async function unprotect(origin) {
  const registered = new Set((await browser.scripting.getRegisteredContentScripts()).map((s) => s.id));
  const ids = scriptIds(origin).filter((id) => registered.has(id));
  if (ids.length) await browser.scripting.unregisterContentScripts(ids);
  await browser.permissions.remove([`${origin}/*`]).catch(() => false);
  await browser.storage.local.set({ protectedSites: (await userSites()).filter((o) => o !== origin) });
}
