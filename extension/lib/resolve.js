// The service worker's side of "Where does it go?" (docs/short-links.md): the engine's resolver (WasmEngine
// resolveStart / resolveAnswer: which URL to request, how to read each answer, what to refuse) driven with fetch.
// Each hop is one GET to a short-link host with no cookies, no credentials, no referrer and no cache, and no
// redirect followed by the browser (`redirect: 'manual'`): the destination is never requested. A manual redirect
// reaches script as an opaque response with no headers (the Fetch standard's atomic redirect handling), so the
// status and `Location` of the worker's own request are read from webRequest.onHeadersReceived, which reports the
// requests this extension makes (tabId -1, initiated by its own origin). Results are cached in storage.session.
import './browser.js';

const { browser } = globalThis.linkgate;

const CACHE_PREFIX = 'resolved:';
const CACHE_TTL_MS = 30 * 60 * 1000;

/** The short-link hosts the manifest may ask for (optional_host_permissions, written from the rules at build). */
export function shortLinkOrigins() {
  return browser.manifest().optional_host_permissions ?? [];
}

/**
 * The `Location` and status of the worker's own requests, by URL, while a resolution runs. The webRequest event
 * can arrive after fetch has settled, so `answer(url, ms)` waits for it a little.
 */
function headerWatch() {
  const seen = new Map();
  const waiting = new Map();
  const own = browser.getURL('').replace(/\/$/, '');
  const listener = (details) => {
    const from = details.initiator ?? details.originUrl ?? '';
    if (details.tabId !== -1 || !from.startsWith(own)) return;
    const location = details.responseHeaders?.find((h) => h.name.toLowerCase() === 'location')?.value ?? null;
    const headers = { status: details.statusCode, location };
    seen.set(details.url, headers);
    waiting.get(details.url)?.(headers);
  };
  const stop = browser.webRequest.onHeadersReceived(listener, { urls: shortLinkOrigins(), tabId: -1 }, ['responseHeaders']);
  const answer = (url, ms) =>
    seen.get(url) ??
    new Promise((resolve) => {
      const timer = setTimeout(() => resolve(seen.get(url) ?? null), ms);
      waiting.set(url, (headers) => {
        clearTimeout(timer);
        resolve(headers);
      });
    });
  return { answer, stop };
}

/** The first `limit` bytes of a response body as text (a shortener's page; never more is read). */
async function readBody(response, limit) {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks = [];
  let size = 0;
  while (size < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value.subarray(0, limit - size));
    size += value.byteLength;
  }
  reader.cancel().catch(() => {});
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/**
 * Follows `href` (a short link) and decides its destination in `context`: `{hops, destination, decision}` or
 * `{hops, error: {code, message}}`. Never throws for what the network or the shortener does.
 */
export async function resolveShortLink(engine, href, context) {
  const cacheKey = CACHE_PREFIX + href;
  const { [cacheKey]: cached } = await browser.storage.session.get(cacheKey);
  if (cached && Date.now() - cached.time < CACHE_TTL_MS && cached.destination) {
    return { hops: cached.hops, destination: cached.destination, decision: engine.classify(cached.destination, null, context), cached: true };
  }
  let resolver;
  try {
    resolver = engine.resolveStart(href);
  } catch (error) {
    return { hops: [], error: { code: error?.code ?? 'bad_url', message: String(error?.message ?? error) } };
  }
  const limits = engine.shortLinkLimits();
  const deadline = Date.now() + limits.seconds * 1000;
  const watch = headerWatch();
  const fail = (error) => ({ hops: resolver.hops(), error: { code: error?.code ?? 'network', message: String(error?.message ?? error) } });
  try {
    let step = resolver.step();
    while (step.fetch) {
      const url = step.fetch;
      const origin = `${new URL(url).origin}/*`;
      if (!(await browser.permissions.contains([origin]))) return fail(engine.resolveFailure('not_allowed', new URL(url).host));
      const left = deadline - Date.now();
      if (left <= 0) return fail(engine.resolveFailure('timeout', ''));
      let response;
      try {
        response = await fetch(url, {
          redirect: 'manual',
          credentials: 'omit',
          referrerPolicy: 'no-referrer',
          cache: 'no-store',
          headers: { Accept: 'text/html,*/*;q=0.5' },
          signal: AbortSignal.timeout(left),
        });
      } catch (error) {
        const timedOut = error?.name === 'TimeoutError' || Date.now() >= deadline;
        return fail(engine.resolveFailure(timedOut ? 'timeout' : 'network', String(error?.message ?? error)));
      }
      let status = response.status;
      let location = null;
      let body = null;
      if (response.type === 'opaqueredirect') {
        const headers = await watch.answer(url, Math.min(1000, Math.max(0, deadline - Date.now())));
        if (!headers) return fail(engine.resolveFailure('network', 'the redirect could not be read (webRequest saw no answer)'));
        ({ status, location } = headers);
      } else if (status >= 200 && status < 300) {
        const type = (response.headers.get('content-type') ?? 'text/html').toLowerCase();
        if (type.startsWith('text/') || type.includes('html') || type.includes('javascript')) {
          try {
            body = await readBody(response, limits.bodyBytes);
          } catch (error) {
            return fail(engine.resolveFailure(Date.now() >= deadline ? 'timeout' : 'network', String(error?.message ?? error)));
          }
        }
      }
      try {
        step = engine.resolveAnswer(resolver, status, location, body);
      } catch (error) {
        return fail(error);
      }
    }
    const destination = step.arrived;
    const hops = resolver.hops();
    await browser.storage.session.set({ [cacheKey]: { hops, destination, time: Date.now() } }).catch(() => {});
    return { hops, destination, decision: engine.classify(destination, null, context) };
  } finally {
    watch.stop();
    resolver.free();
  }
}
