// The Node.js side of `make bench`: linkgate's shipped wasm module (dist/pkg) against the URL-parse floor and
// Brave's adblock engine compiled the same way (target/bench/peers: benches/wasm), Ghostery's @ghostery/adblocker and
// tldts, on the corpus of scripts/corpus.mjs, under the same rules (WeChat phase 1, group chat; the adblock engines get
// the equivalent target/bench/filters.txt). Median and minimum ns per link over RUNS passes. Writes
// target/bench/node.json.
//
//   node benches/node.mjs            (after `make dist`, the peers build and the corpus; `make bench` does all)
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FiltersEngine, Request } from '@ghostery/adblocker';
import { parse as tldtsParse } from 'tldts';
import { reserveUtf8, utf8 } from '../extension/lib/utf8.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIR = process.env.BENCH_DIR ?? path.join(ROOT, 'target/bench');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const lines = async (name) => (await readFile(path.join(DIR, name), 'utf8')).split('\n').filter(Boolean);

async function wasm(pkg, name) {
  const m = await import(path.join(pkg, `${name}.js`));
  await m.default({ module_or_path: await readFile(path.join(pkg, `${name}_bg.wasm`)) });
  return m;
}

/** Median and minimum ns per item of `f` (which handles `n` items) over RUNS passes, after one warm-up pass. */
// Every engine is warmed up alike before it is timed: WARMUP passes over the corpus. V8 runs wasm first in its
// baseline compiler (Liftoff) and JavaScript in its interpreter, and tiers the hot functions up in the background; with
// one pass, part of the timed runs was still in the baseline tier (linkgate's verdict in Chromium: 1,315 ns a link
// after one pass, 878 after fifteen). The cold start is measured on its own.
const WARMUP = 3;
function measure(n, f) {
  for (let i = 0; i < WARMUP; i++) f();
  const runs = Array.from({ length: RUNS }, () => {
    const t = process.hrtime.bigint();
    f();
    return Number(process.hrtime.bigint() - t) / n;
  }).sort((a, b) => a - b);
  return { median: +runs[Math.floor(runs.length / 2)].toFixed(1), min: +runs[0].toFixed(1) };
}

const links = await lines('links.txt');
const filters = await readFile(path.join(DIR, 'filters.txt'), 'utf8');
const n = links.length;
const linkgate = await wasm(path.join(ROOT, 'dist/pkg'), 'linkgate');
const peers = await wasm(path.join(DIR, 'peers'), 'linkgate_bench_wasm');

let t = performance.now();
const engine = new linkgate.WasmEngine(JSON.stringify({ preset: 'wechat-2021-09' }), null, null);
const engineBuildMs = performance.now() - t;
t = performance.now();
const adblock = new peers.Adblock(filters);
const adblockBuildMs = performance.now() - t;
t = performance.now();
const ghostery = FiltersEngine.parse(filters);
const ghosteryBuildMs = performance.now() - t;

// Batches go in as the extension's worker passes them: the links joined by U+0000 (with their texts and context
// letters for linkgate). The strings are joined outside the timing; their UTF-8 encoding (the worker's own utf8(),
// extension/lib/utf8.js) is timed, for every engine alike.
const joined = links.join('\0');
const noTexts = '\0'.repeat(links.length - 1);
reserveUtf8(3 * (joined.length + noTexts.length)); // one 100,000-link batch, as the worker's 2,000 fit its buffer
const groups = 'g'.repeat(links.length);

const results = {
  runtime: `Node ${process.versions.node} (V8 ${process.versions.v8})`,
  links: n,
  runs: RUNS,
  ns_per_link: {
    url_parse_batch: measure(n, () => peers.urlParseBatch(...utf8(joined))),
    url_parse_call: measure(n, () => {
      for (const l of links) peers.urlParse(l);
    }),
    linkgate_verdict_batch: measure(n, () => engine.classifyVerdicts(...utf8(joined, noTexts), groups)),
    linkgate_verdict_call: measure(n, () => {
      for (const l of links) engine.verdict(l, null, 'group');
    }),
    linkgate_decision_call: measure(n, () => {
      for (const l of links) engine.classify(l, null, 'group');
    }),
    adblock_rust_batch: measure(n, () => adblock.checkBatch(...utf8(joined))),
    adblock_rust_call: measure(n, () => {
      for (const l of links) adblock.check(l);
    }),
    ghostery: measure(n, () => {
      for (const url of links) ghostery.match(Request.fromRawDetails({ url, type: 'main_frame' }));
    }),
    tldts_parse: measure(n, () => {
      for (const l of links) tldtsParse(l);
    }),
  },
  build_ms: { linkgate: +engineBuildMs.toFixed(1), adblock_rust: +adblockBuildMs.toFixed(1), ghostery: +ghosteryBuildMs.toFixed(1) },
};
await writeFile(path.join(DIR, 'node.json'), `${JSON.stringify(results, null, 2)}\n`);
const r = results.ns_per_link;
console.log(
  `node, ${n} links, ${RUNS} runs (ns/link, median): url::Url::parse ${r.url_parse_batch.median} batched / ${r.url_parse_call.median} per call; ` +
    `linkgate verdict ${r.linkgate_verdict_batch.median} batched (${(r.linkgate_verdict_batch.median / r.url_parse_batch.median).toFixed(2)}x) / ${r.linkgate_verdict_call.median} per call, ` +
    `Decision ${r.linkgate_decision_call.median}; adblock-rust ${r.adblock_rust_batch.median} batched / ${r.adblock_rust_call.median}; ghostery ${r.ghostery.median}; tldts ${r.tldts_parse.median}`,
);
