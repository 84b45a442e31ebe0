// The navigation guard's test bench: a protected "chat" origin that serves attack pages, and a destination server
// that every other host name resolves to (Chromium's --host-resolver-rules), which records each request it gets.
// An attack passes only when the destination never saw its request.
import { createServer } from 'node:http';

/**
 * Serves `pages` on 127.0.0.1 (a protected origin: linkgate's manifest covers http://127.0.0.1/*). A page is an
 * HTML string, or `(url) => ({status, headers, body})`. Records every request too (the chat's own server must not
 * see a same-origin attack either).
 */
export async function startSite(pages) {
  const hits = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    hits.push(`${req.method} ${url.pathname}${url.search}`);
    const page = pages[url.pathname];
    if (page === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const r = typeof page === 'function' ? page(url) : { body: page };
    res.writeHead(r.status ?? 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...(r.headers ?? {}) });
    res.end(r.body ?? '');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    hits,
    saw: (path) => hits.some((h) => h.split(' ')[1].startsWith(path)),
    close: () => new Promise((r) => server.close(r)),
  };
}

/**
 * The destination of every other host name. Answers a page titled "reached <path>"; `/slow/...` waits 300 ms.
 * `requests` holds {method, host, path, time (performance.timeOrigin-relative ms, like the page's clock)}.
 */
export async function startDestination({ routes = {} } = {}) {
  const requests = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    requests.push({ method: req.method, host: req.headers.host, path: `${url.pathname}${url.search}`, time: performance.timeOrigin + performance.now(), referer: req.headers.referer ?? null, cookie: req.headers.cookie ?? null });
    // A short-link host's fake answer (`routes['bit.ly/x'] = {redirect, to}`), for the short-link tests.
    const route = routes[`${String(req.headers.host ?? '').split(':')[0]}${url.pathname}${url.search}`];
    if (route) {
      res.writeHead(route.redirect, { location: route.to }).end();
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`<!doctype html><title>reached ${url.pathname}</title><h1 id="reached">${url.pathname.replace(/[<&>"]/g, '')}</h1>`);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port,
    requests,
    /** True when any request for `path` (a prefix of path + query) reached the destination. */
    saw: (path) => requests.some((r) => r.path.startsWith(path) && r.path !== '/favicon.ico'),
    /** Chromium flags that send every host name but the chat's to this server. */
    args: [`--host-resolver-rules=MAP * 127.0.0.1:${port}, EXCLUDE 127.0.0.1, EXCLUDE localhost`],
    close: () => new Promise((r) => server.close(r)),
  };
}

/** A chat page: messages in the demo chat's markup (so linkgate's demo adapter gives them a context), plus `extra`. */
export function chatPage({ context = 'group', messages = [], head = '', extra = '' } = {}) {
  const items = messages.map((m) => `<li class="message"><p class="message-text">${m}</p></li>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>attack chat</title>${head}</head><body>
<section class="conversation" data-chat-context="${context}" data-chat-id="attack"><ul>${items}</ul></section>
${extra}
</body></html>`;
}
