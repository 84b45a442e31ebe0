// The Chromium side of `make bench` (headless Debian Chromium with dist/chrome loaded):
// - the engines side by side in one page (benches/chromium/): linkgate's shipped module, the URL-parse floor and
//   adblock-rust in wasm, Ghostery and tldts;
// - the extension path per link: 10,000 links sent to the running service worker as the content script sends them
//   (classify messages of up to 2,000 links: structured clone, the worker's JSON batch, wasm, and back); the page
//   cost with the DOM (10,000 links appended to the demo chat and marked) is benches/page.mjs;
// - cold start: a stopped service worker to the first 10,000 decisions (start, compile, instantiate, engine build,
//   classify, messages), asked from an extension page;
// - the worker's memory afterwards (wasm linear memory; JS heap through the DevTools protocol).
// Median and minimum over RUNS runs. Writes target/bench/chromium.json.
//
//   node benches/chromium.mjs        (after `make dist`, the peers build and the corpus; `make bench` does all)
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { launch, startServer, stopServiceWorker, ROOT } from '../tests/e2e/helpers.mjs';

const DIR = process.env.BENCH_DIR ?? path.join(ROOT, 'target/bench');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PATH_LINKS = Math.min(10000, Number(process.env.BENCH_PATH_LINKS ?? 10000));

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: +s[Math.floor(s.length / 2)].toFixed(2), min: +s[0].toFixed(2) };
};

const env = await launch();
const bench = await startServer({
  '/': path.join(ROOT, 'benches/chromium'),
  '/pkg/': path.join(ROOT, 'dist/pkg'),
  '/peers/': path.join(DIR, 'peers'),
  '/corpus/': DIR,
  '/node_modules/': path.join(ROOT, 'node_modules'),
  '/extension-lib/': path.join(ROOT, 'extension/lib'),
});
try {
  const links = (await readFile(path.join(DIR, 'links.txt'), 'utf8')).split('\n').filter(Boolean);

  // 1. The engines in one page (BENCH_EXTENSION_ONLY=1 skips them, and writes nothing: for quick looks at 2-4).
  const extensionOnly = process.env.BENCH_EXTENSION_ONLY === '1';
  let engines = { runtime: '', links: 0, ns_per_link: {} };
  if (!extensionOnly) {
    const page = await env.context.newPage();
    await page.goto(`${bench.origin}/?runs=${RUNS}`);
    await page.waitForFunction(() => window.results || window.benchError, null, { timeout: 600000 });
    const error = await page.evaluate(() => window.benchError);
    if (error) throw new Error(error);
    engines = await page.evaluate(() => window.results);
    await page.close();
  }

  // 2. The extension path, warm: the same 10,000 links sent to the running worker as the content script sends
  // them (classify messages of up to 2,000), decided by the wasm engine and sent back.
  const sample = links.slice(0, PATH_LINKS);
  const ask = (hrefs) => {
    const batches = [];
    for (let i = 0; i < hrefs.length; i += 2000) {
      const slice = hrefs.slice(i, i + 2000);
      batches.push({ type: 'classify', hrefs: slice, texts: slice.map(() => null), contexts: 'g'.repeat(slice.length), tables: i === 0 });
    }
    const start = performance.now();
    return Promise.all(batches.map((b) => chrome.runtime.sendMessage(b))).then((replies) => {
      const decided = replies.reduce((n, r) => n + (r?.words?.length ?? 0) / 2, 0);
      if (decided !== hrefs.length) throw new Error(`${decided} of ${hrefs.length} decided`);
      return performance.now() - start;
    });
  };
  const extPage = await env.context.newPage();
  await extPage.goto(`chrome-extension://${env.extensionId}/pages/interstitial.html`);
  await extPage.evaluate(`window.ask = ${ask.toString()}`);
  await extPage.evaluate((hrefs) => window.ask(hrefs), sample); // the worker is running and its engine built
  const pathRuns = [];
  for (let r = 0; r < RUNS; r++) pathRuns.push(((await extPage.evaluate((hrefs) => window.ask(hrefs), sample)) * 1e6) / sample.length);

  // 3. Cold start: the worker stopped, then the same 10,000 decisions asked for.
  // Where the time goes, from the worker's own clock (ms since it started): its script run, the module compiled and
  // instantiated, the first engine built (and how long that build took).
  const cold = [];
  const split = { script: [], wasm: [], engine: [], engine_build: [] };
  for (let r = 0; r < RUNS; r++) {
    await stopServiceWorker(env);
    cold.push(await extPage.evaluate((hrefs) => window.ask(hrefs), sample));
    const { startup } = await (await env.worker()).evaluate(() => globalThis.linkgate.workerStats());
    split.script.push(startup.script);
    split.wasm.push(startup.wasm);
    split.engine.push(startup.engine);
    split.engine_build.push(startup.engineBuild);
  }
  await extPage.close();

  // 4. The worker's memory: its wasm memory and its JS heap.
  const worker = await env.worker();
  const { wasmMemoryBytes } = await worker.evaluate(() => globalThis.linkgate.workerStats());
  const heap = await workerHeap(env);

  const results = {
    runtime: engines.runtime,
    links: engines.links,
    runs: RUNS,
    ns_per_link: { ...engines.ns_per_link, extension_path: stats(pathRuns) },
    extension_path_links: sample.length,
    cold_start_ms: stats(cold),
    cold_start_links: sample.length,
    cold_start_split_ms: Object.fromEntries(Object.entries(split).map(([k, v]) => [k, stats(v)])),
    worker_memory: { wasm_bytes: wasmMemoryBytes, js_heap_bytes: heap },
  };
  if (extensionOnly) {
    console.log(JSON.stringify({ ...results, ns_per_link: results.ns_per_link.extension_path }, null, 1));
  } else {
    await writeFile(path.join(DIR, 'chromium.json'), `${JSON.stringify(results, null, 2)}\n`);
    const e = results.ns_per_link;
    console.log(
      `chromium, ${engines.links} links, ${RUNS} runs (ns/link, median): url::Url::parse ${e.url_parse_batch.median}; linkgate verdict ${e.linkgate_verdict_batch.median} ` +
        `(${(e.linkgate_verdict_batch.median / e.url_parse_batch.median).toFixed(2)}x); adblock-rust ${e.adblock_rust_batch.median}; ghostery ${e.ghostery.median}; tldts ${e.tldts_parse.median}; ` +
        `extension path ${e.extension_path.median}; cold start to ${sample.length} decisions ${results.cold_start_ms.median} ms; worker wasm ${(wasmMemoryBytes / 1048576).toFixed(2)} MB, JS heap ${heap === null ? '?' : (heap / 1048576).toFixed(2)} MB`,
    );
  }
} finally {
  await bench.close();
  await env.close();
}

/** The service worker's used JS heap, through the DevTools protocol (a page's session attached to the worker). */
async function workerHeap(environment) {
  const page = await environment.context.newPage();
  try {
    await page.goto(`chrome-extension://${environment.extensionId}/pages/interstitial.html`);
    const cdp = await environment.context.newCDPSession(page);
    const { targetInfos } = await cdp.send('Target.getTargets');
    const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(environment.extensionId));
    if (!target) return null;
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
    // Garbage first (HeapProfiler.collectGarbage), then the live heap: what the worker keeps, not what a batch left.
    const replies = new Map();
    cdp.on('Target.receivedMessageFromTarget', (event) => {
      const message = JSON.parse(event.message);
      replies.get(message.id)?.(message.result);
    });
    const call = (id, method) => {
      const reply = new Promise((resolve) => replies.set(id, resolve));
      return cdp
        .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) })
        .then(() => Promise.race([reply, new Promise((resolve) => setTimeout(() => resolve(null), 5000))]));
    };
    await call(1, 'HeapProfiler.collectGarbage');
    return (await call(2, 'Runtime.getHeapUsage'))?.usedSize ?? null;
  } catch {
    return null;
  } finally {
    await page.close();
  }
}
