// Runs in the bench page (see index.html): the same measurements as benches/node.mjs, in Chromium.
import initLinkgate, { WasmEngine } from '/pkg/linkgate.js';
import initPeers, { Adblock, urlParse, urlParseBatch } from '/peers/linkgate_bench_wasm.js';
import { FiltersEngine, Request, tldtsParse } from '/peers/js-peers.js';
import { reserveUtf8, utf8 } from '/extension-lib/utf8.js';

const RUNS = Number(new URLSearchParams(location.search).get('runs') ?? 5);

// Every engine is warmed up alike before it is timed: WARMUP passes over the corpus. V8 runs wasm first in its
// baseline compiler (Liftoff) and JavaScript in its interpreter, and tiers the hot functions up in the background; with
// one pass, part of the timed runs was still in the baseline tier (linkgate's verdict in Chromium: 1,315 ns a link
// after one pass, 878 after fifteen). The cold start is measured on its own.
const WARMUP = 3;
function measure(n, f) {
  for (let i = 0; i < WARMUP; i++) f();
  const runs = Array.from({ length: RUNS }, () => {
    const t = performance.now();
    f();
    return ((performance.now() - t) * 1e6) / n;
  }).sort((a, b) => a - b);
  return { median: +runs[Math.floor(runs.length / 2)].toFixed(1), min: +runs[0].toFixed(1) };
}

async function main() {
  await Promise.all([initLinkgate({ module_or_path: '/pkg/linkgate_bg.wasm' }), initPeers({ module_or_path: '/peers/linkgate_bench_wasm_bg.wasm' })]);
  const links = (await (await fetch('/corpus/links.txt')).text()).split('\n').filter(Boolean);
  const filters = await (await fetch('/corpus/filters.txt')).text();
  const n = links.length;
  const engine = new WasmEngine(JSON.stringify({ preset: 'wechat-2021-09' }), null, null);
  const adblock = new Adblock(filters);
  const ghostery = FiltersEngine.parse(filters);
  // The strings are joined outside the timing; their UTF-8 encoding (the worker's own utf8(), extension/lib/utf8.js)
  // is timed, for every engine alike.
  const joined = links.join('\0');
  const noTexts = '\0'.repeat(links.length - 1);
  reserveUtf8(3 * (joined.length + noTexts.length)); // one 100,000-link batch, as the worker's 2,000 fit its buffer
  const groups = 'g'.repeat(links.length);
  window.results = {
    runtime: `Chromium ${navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? ''}, page`,
    links: n,
    runs: RUNS,
    ns_per_link: {
      url_parse_batch: measure(n, () => urlParseBatch(...utf8(joined))),
      url_parse_call: measure(n, () => {
        for (const l of links) urlParse(l);
      }),
      linkgate_verdict_batch: measure(n, () => engine.classifyVerdicts(...utf8(joined, noTexts), groups)),
      linkgate_verdict_call: measure(n, () => {
        for (const l of links) engine.verdict(l, null, 'group');
      }),
      adblock_rust_batch: measure(n, () => adblock.checkBatch(...utf8(joined))),
      ghostery: measure(n, () => {
        for (const url of links) ghostery.match(Request.fromRawDetails({ url, type: 'main_frame' }));
      }),
      tldts_parse: measure(n, () => {
        for (const l of links) tldtsParse(l);
      }),
    },
  };
  document.getElementById('status').textContent = 'done';
}

main().catch((error) => {
  window.benchError = String(error?.stack ?? error);
});
