// Fake short-link services on loopback for tests/e2e/resolve.test.mjs (the Rust tests' twin is
// tests/support/fake_shorteners.rs): one HTTP server that answers by Host and path, and records every request (so a
// test can assert the destination, a private address or anything else was never requested). Chromium reaches it
// for the real host names through `--host-resolver-rules` (hostResolverRules below).
import { createServer } from 'node:http';

/** The hosts the fakes stand for (each a short-link host of the catalogue). */
export const SHORT_HOSTS = ['bit.ly', 't.cn', 'b23.tv', 'm.tb.cn', 'u.jd.com'];

/**
 * Starts the fakes. `probe` is the origin of a second server that must never be asked (the private-address case).
 * Returns {port, seen: [{host, path, headers}], close}.
 */
export async function startFakeShorteners({ probe }) {
  const routes = {
    'bit.ly/chain': { redirect: 302, to: 'http://b23.tv/BV1' },
    'b23.tv/BV1': { redirect: 301, to: 'https://www.bilibili.com/video/BV1xx411c7mD?share_source=copy' },
    'bit.ly/script': { redirect: 302, to: 'http://m.tb.cn/h.script' },
    'm.tb.cn/h.script': {
      page: "<html><head><title>淘宝</title></head><body><script>var url = 'https://item.taobao.com/item.htm?id=42&spm=a2.b'; location.href = url;</script></body></html>",
    },
    'bit.ly/meta': { page: '<html><head><meta http-equiv="refresh" content="0; url=http://u.jd.com/jda?e=7"></head></html>' },
    'u.jd.com/jda?e=7': { redirect: 302, to: 'https://item.jd.com/100012043978.html' },
    'bit.ly/lookalike': { redirect: 302, to: 'https://tao6ao.com/item.htm?id=1' },
    'bit.ly/auto': { redirect: 302, to: 'https://tao6ao.com/item.htm?id=2' },
    'bit.ly/loop1': { redirect: 302, to: 'http://t.cn/loop2' },
    't.cn/loop2': { redirect: 302, to: 'http://bit.ly/loop1' },
    'bit.ly/slow': { slow: 8000 },
    'bit.ly/private': { redirect: 302, to: `${probe}/probe` },
    // (Not v.douyin.com: Chromium's HSTS preload list sends http://v.douyin.com to https, which the fakes do not speak.)
    'bit.ly/opens': { redirect: 302, to: 'http://t.cn/opens' },
    't.cn/opens': { redirect: 302, to: 'https://www.iesdouyin.com/share/video/7000000000000000000/' },
    't.cn/auto-badge': { redirect: 302, to: 'https://www.iesdouyin.com/share/video/7000000000000000001/' },
    't.cn/auto-group': { redirect: 302, to: 'https://www.iesdouyin.com/share/video/7000000000000000002/' },
  };
  const seen = [];
  const sockets = new Set();
  const server = createServer((req, res) => {
    const host = String(req.headers.host ?? '').split(':')[0].toLowerCase();
    seen.push({ host, path: req.url, headers: req.headers });
    const route = routes[`${host}${req.url}`];
    if (!route) return res.writeHead(404).end();
    if (route.redirect) return res.writeHead(route.redirect, { location: route.to }).end();
    if (route.page) return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(route.page);
    const timer = setTimeout(() => res.writeHead(302, { location: 'https://late.example/' }).end(), route.slow);
    res.on('close', () => clearTimeout(timer));
    return undefined;
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port,
    seen,
    asked: () => seen.map((s) => `${s.host}${s.path}`),
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(r));
    },
  };
}

/** Chromium's flag that sends the short hosts to the fakes (every port: the fakes listen on one). */
export function hostResolverRules(port) {
  return `--host-resolver-rules=${SHORT_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(', ')}`;
}

/** A server that records whether it was asked anything (the private-address case's target). */
export async function startProbe() {
  const asked = [];
  const server = createServer((req, res) => {
    asked.push(req.url);
    res.writeHead(200).end('probed');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, asked, close: () => new Promise((r) => server.close(r)) };
}
