// Page cost in the demo chat (a benchmark, not a timed test). Appends LINKS links to the open group chat in batches
// of 50, as messages arriving, and prints:
// - the time until every link is marked, after the last batch and from the first;
// - the same insertion in a browser without the extension (what the page itself costs);
// - the longest main-thread task meanwhile (PerformanceObserver `longtask`, which reports tasks of 50 ms or more);
// - folding: the same insertion where every item is posted twice (LINKS / 2 repeats fold under the default preset),
//   the time until every link is marked and until every repeat is folded into its line;
// - scrolling: a chat of SCROLL_LINKS links (all marked) scrolled from top to bottom, a fixed step each
//   frame, with and without the extension: frames a second and the 95th-percentile frame time;
// - the per-link cost of the wasm engine in an extension page (the worker's module and engine): the hot path the
//   worker runs for marks (classifyVerdicts), full Decision objects (classifyBatch) and folding (foldMessage, a
//   message a link, one FoldChat for the conversation).
// Median and minimum over RUNS runs.
//
//   node benches/page.mjs            (after `make dist`; Debian Chromium at /usr/bin/chromium)
//
// BENCH_RUNS, BENCH_PAGE_LINKS, BENCH_SCROLL_LINKS override the runs and the links (BENCH_MARKS_ONLY=1 skips the
// folding and scrolling runs); writes BENCH_DIR/page.json (target/bench/).
//
// BENCH_AB=dirA,dirB,... compares extension builds side by side instead (the marks runs only): one browser a build
// and one without the extension, launched once and run in turn, round after round, so a machine that slows down
// slows every build alike; prints each build's median, and the median of its ratio to the page alone in the same
// round.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile, writeFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const EXT = join(ROOT, 'dist/chrome');
const LINKS = Number(process.env.BENCH_PAGE_LINKS ?? 10_000);
const LINKS_DEFAULT = LINKS;
const SCROLL_LINKS = Number(process.env.BENCH_SCROLL_LINKS ?? 1_000);
const BATCH = 50;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const OUT = join(process.env.BENCH_DIR ?? join(ROOT, 'target/bench'), 'page.json');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };
const ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];

const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  const file = join(ROOT, 'dist/www', path.endsWith('/') ? `${path}index.html` : path);
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const port = server.address().port;

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0] };
};
const fmt = (s, unit, digits = 0) => `median ${s.median.toFixed(digits)} ${unit}, min ${s.min.toFixed(digits)} ${unit}`;
const goal = (value, limit) => (value <= limit ? 'PASS' : 'MISS');

/** Appends the links in the page and returns the timings; with `marked`, waits until linkgate marked them all. */
async function appendLinks(page, marked, repeat = false, LINKS = LINKS_DEFAULT) {
  return page.evaluate(async ({ LINKS, BATCH, marked, repeat }) => {
    if (!PerformanceObserver.supportedEntryTypes.includes('longtask')) throw new Error('no longtask entries in this browser');
    let longestTask = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longestTask = Math.max(longestTask, e.duration);
    }).observe({ type: 'longtask', buffered: false });
    const list = document.querySelector('section.conversation ol.messages');
    const shapes = [
      (i) => `https://item.taobao.com/item.htm?id=${600000000000 + i}`,
      (i) => `https://item.jd.com/${100000000000 + i}.html`,
      (i) => `https://example${i % 97}.org/post/${i}`,
      (i) => `https://v.douyin.com/${i.toString(36)}/`,
      (i) => `https://taobao-login${i % 13}.com/${i}`,
    ];
    // Yield between batches as a chat does between messages, without setTimeout's 4 ms clamp.
    const channel = new MessageChannel();
    const yieldToLoop = () => new Promise((resolve) => {
      channel.port1.onmessage = resolve;
      channel.port2.postMessage(0);
    });
    const start = performance.now();
    for (let i = 0; i < LINKS; i += BATCH) {
      const frag = document.createDocumentFragment();
      for (let j = i; j < Math.min(LINKS, i + BATCH); j++) {
        const li = document.createElement('li');
        li.className = 'message bench';
        const p = document.createElement('p');
        p.className = 'message-text';
        const a = document.createElement('a');
        // With `repeat`, each item is posted twice in a row (the second folds as a repeat).
        const n = repeat ? Math.floor(j / 2) : j;
        a.href = shapes[n % shapes.length](n);
        a.textContent = a.href;
        a.className = 'bench-link';
        p.append(a);
        li.append(p);
        frag.append(li);
      }
      list.append(frag);
      await yieldToLoop();
    }
    const inserted = performance.now();
    let markedAt = null;
    await new Promise((resolve) => {
      const check = () => {
        // Marked is what a person sees: a badge beside every link (linkgate writes nothing else a page can read);
        // folded, a folded line before every repeat.
        const pending = marked ? document.querySelectorAll('a.bench-link').length - document.querySelectorAll('a.bench-link + linkgate-badge').length : 0;
        if (pending === 0) markedAt ??= performance.now();
        const unfolded = repeat ? Math.floor(LINKS / 2) - document.querySelectorAll('section.conversation li.message.bench linkgate-fold').length : 0;
        // Folding that never finishes is reported (foldedAfterLast null), not waited for.
        if ((pending === 0 && unfolded <= 0) || performance.now() - inserted > 60_000) resolve();
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
    const done = performance.now();
    const finished = markedAt !== null && (!repeat || Math.floor(LINKS / 2) <= document.querySelectorAll('section.conversation li.message.bench linkgate-fold').length);
    if (!finished) throw new Error(`not every link was ${markedAt === null ? 'marked' : 'folded'} within 60 s of the last batch`);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the longtask observer's last entries
    return { afterLast: markedAt - inserted, total: markedAt - start, foldedAfterLast: done - inserted, longestTask };
  }, { LINKS, BATCH, marked, repeat });
}

/**
 * Scrolls the chat's message list from top to bottom, SCROLL_STEP pixels a frame, and returns the frames a
 * second and the 95th-percentile frame time (requestAnimationFrame intervals: the frames the page produced).
 */
const SCROLL_STEP = 80;
async function scrollChat(page) {
  return page.evaluate(async (STEP) => {
    const list = document.querySelector('section.conversation ol.messages');
    let box = list;
    while (box && !(box.scrollHeight > box.clientHeight + 1 && /auto|scroll/.test(getComputedStyle(box).overflowY))) box = box.parentElement;
    box ??= document.scrollingElement;
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    box.scrollTop = 0;
    await frame();
    await frame();
    const times = [];
    const range = box.scrollHeight - box.clientHeight;
    if (range < STEP * 20) throw new Error(`the chat is too short to scroll (${range} px)`);
    for (let y = 0; y <= range; y += STEP) {
      box.scrollTop = y;
      times.push(await frame());
    }
    const gaps = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
    return { fps: (gaps.length * 1000) / (times.at(-1) - times[0]), p95: gaps[Math.floor(gaps.length * 0.95)], frames: gaps.length };
  }, SCROLL_STEP);
}

let browserVersion = '';

/** A headless Chromium with its own profile, with the extension built in `dir` or none; `close` removes the profile. */
async function launchBrowser(dir) {
  const profile = await mkdtemp(join(tmpdir(), 'linkgate-bench-'));
  const args = dir ? [...ARGS, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`] : ARGS;
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args });
  const close = async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  };
  return { context, close };
}

async function run(withExtension) {
  const { context, close } = await launchBrowser(withExtension ? EXT : null);
  try {
    const extensionId = withExtension ? new URL((context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'))).url()).host : null;
    const results = [];
    for (let r = 0; r < RUNS; r++) {
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/chat.html#group-deals`);
      if (withExtension) await page.waitForSelector('section.conversation a + linkgate-badge');
      else await page.waitForSelector('section.conversation a');
      browserVersion ||= await page.evaluate(() => /Chrome\/([\d.]+)/.exec(navigator.userAgent)?.[1] ?? '?');
      results.push(await appendLinks(page, withExtension));
      await page.close();
    }
    // Scrolling a chat of SCROLL_LINKS links, every one marked (with the extension).
    const scrolled = [];
    for (let r = 0; r < (process.env.BENCH_MARKS_ONLY ? 0 : RUNS); r++) {
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/chat.html#group-deals`);
      await page.waitForSelector(withExtension ? 'section.conversation a + linkgate-badge' : 'section.conversation a');
      await appendLinks(page, withExtension, false, SCROLL_LINKS);
      scrolled.push(await scrollChat(page));
      await page.close();
    }
    if (!withExtension) return { results, scrolled };
    const folded = [];
    for (let r = 0; r < (process.env.BENCH_MARKS_ONLY ? 0 : RUNS); r++) {
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/chat.html#group-deals`);
      await page.waitForSelector('section.conversation a + linkgate-badge');
      folded.push(await appendLinks(page, true, true));
      await page.close();
    }

    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/pages/interstitial.html`);
    const engine = await page.evaluate(async ({ LINKS, RUNS }) => {
      const m = await import('../pkg/linkgate.js');
      await m.default({ module_or_path: '../pkg/linkgate_bg.wasm' });
      const e = new m.WasmEngine(null, null);
      const shapes = [
        (i) => `https://item.taobao.com/item.htm?id=${600000000000 + i}&spm=a21n57.1.0.0`,
        (i) => `https://item.jd.com/${100000000000 + i}.html`,
        (i) => `https://example${i % 97}.org/post/${i}`,
        (i) => `https://v.douyin.com/${i.toString(36)}/`,
        (i) => `https://taobao-login${i % 13}.com/${i}`,
      ];
      const links = Array.from({ length: LINKS }, (_, i) => {
        const href = shapes[i % shapes.length](i);
        return { href, text: href, context: 'group' };
      });
      const time = (f) =>
        Array.from({ length: RUNS }, () => {
          const t = performance.now();
          f();
          return ((performance.now() - t) * 1000) / LINKS;
        });
      const verdicts = () =>
        e.classifyVerdicts(
          new TextEncoder().encode(links.map((l) => l.href).join('\0')),
          new TextEncoder().encode(links.map((l) => l.text ?? '').join('\0')),
          links.map((l) => l.context[0]).join(''),
        );
      const fold = () => {
        const chat = new m.FoldChat(null);
        for (let i = 0; i < links.length; i++) e.foldMessage(chat, { context: 'group', sender: `member${i % 20}`, time: 1764554400 + i, text: '', folding: 'auto', links: [{ href: links[i].href, text: links[i].text }] });
        chat.free();
      };
      return { verdicts: time(verdicts), decisions: time(() => e.classifyBatch(links)), folds: time(fold) };
    }, { LINKS, RUNS });
    return { results, folded, scrolled, engine };
  } finally {
    await close();
  }
}

/** BENCH_AB: the marks runs of several builds and of the page alone, interleaved round by round. */
async function compareBuilds(dirs) {
  const launch = async (dir) => ({ dir, ...(await launchBrowser(dir)), totals: [], afters: [], longest: [] });
  const runs = [await launch(null)];
  for (const dir of dirs) runs.push(await launch(resolve(dir)));
  try {
    for (let r = 0; r < RUNS; r++) {
      for (const run of runs) {
        const page = await run.context.newPage();
        await page.goto(`http://127.0.0.1:${port}/chat.html#group-deals`);
        await page.waitForSelector(run.dir ? 'section.conversation a + linkgate-badge' : 'section.conversation a');
        const result = await appendLinks(page, Boolean(run.dir));
        run.totals.push(result.total);
        run.afters.push(result.afterLast);
        run.longest.push(result.longestTask);
        await page.close();
      }
    }
    const [alone, ...builds] = runs;
    console.log(`page, side by side: ${LINKS} links in batches of ${BATCH}, ${RUNS} rounds`);
    console.log(`  no extension: all inserted ${fmt(stats(alone.totals), 'ms')}`);
    for (const b of builds) {
      const ratio = stats(b.totals.map((t, i) => t / alone.totals[i]));
      console.log(`  ${b.dir}: all marked ${fmt(stats(b.totals), 'ms')}, after the last batch ${fmt(stats(b.afters), 'ms')}, longest task ${fmt(stats(b.longest), 'ms')}; / no extension in its round: median ${ratio.median.toFixed(2)} x, min ${ratio.min.toFixed(2)} x`);
    }
  } finally {
    for (const run of runs) await run.close();
  }
}

try {
  if (process.env.BENCH_AB) {
    await compareBuilds(process.env.BENCH_AB.split(','));
    process.exit(0);
  }
  const alone = await run(false);
  const withExt = await run(true);
  const after = stats(withExt.results.map((r) => r.afterLast));
  const total = stats(withExt.results.map((r) => r.total));
  const base = stats(alone.results.map((r) => r.total));
  const longest = stats(withExt.results.map((r) => r.longestTask));
  const v = stats(withExt.engine.verdicts);
  const d = stats(withExt.engine.decisions);
  const f = stats(withExt.engine.folds);
  if (!withExt.folded.length) withExt.folded.push({ afterLast: NaN, foldedAfterLast: NaN, longestTask: NaN });
  const foldMarked = stats(withExt.folded.map((r) => r.afterLast));
  const foldDone = stats(withExt.folded.map((r) => r.foldedAfterLast));
  const foldLongest = stats(withExt.folded.map((r) => r.longestTask));
  console.log(`page: ${LINKS} links appended in batches of ${BATCH}, Chromium headless, ${RUNS} runs`);
  console.log(`  all marked, after the last batch:   ${fmt(after, 'ms')}  (goal 100 ms: ${goal(after.median, 100)})`);
  console.log(`  all marked, from the first batch:   ${fmt(total, 'ms')}`);
  console.log(`  the same insertion, no extension:   ${fmt(base, 'ms')}`);
  const longText = longest.median === 0 ? 'none of 50 ms or more' : fmt(longest, 'ms');
  console.log(`  longest task meanwhile:             ${longText}  (goal 50 ms: ${goal(longest.median, 50)})`);
  // The page's own longest task (its frames: style and layout of a 10,000-message list), for comparison.
  const baseLongest = stats(alone.results.map((r) => r.longestTask));
  console.log(`  longest task, no extension:         ${baseLongest.median === 0 ? 'none of 50 ms or more' : fmt(baseLongest, 'ms')}`);
  console.log(`  all marked / no extension:          ${(total.median / base.median).toFixed(2)} x  (goal 1.25 x: ${goal(total.median / base.median, 1.25)})`);
  console.log(`  classifyVerdicts (marks) per link:  ${fmt(v, 'us', 2)}  (goal 1 us: ${goal(v.median, 1)})`);
  console.log(`  classifyBatch (Decisions) per link: ${fmt(d, 'us', 2)}`);
  console.log(`  folding: every item posted twice, ${LINKS / 2} repeats fold`);
  console.log(`    all marked, after the last batch: ${fmt(foldMarked, 'ms')}`);
  // Folding's own cost: how long after every link is marked the last repeat is folded, against marking them.
  const lag = stats(withExt.folded.map((r) => r.foldedAfterLast - r.afterLast));
  console.log(`    all folded, after the last batch: ${fmt(foldDone, 'ms')}`);
  console.log(`    folded after marked:              ${fmt(lag, 'ms')}  (goal: no more than marking them, ${foldMarked.median.toFixed(0)} ms: ${goal(lag.median, foldMarked.median)})`);
  console.log(`    longest task meanwhile:           ${foldLongest.median === 0 ? 'none of 50 ms or more' : fmt(foldLongest, 'ms')}`);
  let scroll = null;
  if (withExt.scrolled.length) {
    scroll = {
      fps: stats(withExt.scrolled.map((r) => r.fps)),
      p95_ms: stats(withExt.scrolled.map((r) => r.p95)),
      alone_fps: stats(alone.scrolled.map((r) => r.fps)),
      alone_p95_ms: stats(alone.scrolled.map((r) => r.p95)),
      links: SCROLL_LINKS,
      frames: withExt.scrolled[0].frames,
    };
    // Frames a second are higher-is-better: the same frame rate means within 5% of the page without linkgate.
    const ratio = scroll.fps.median / scroll.alone_fps.median;
    console.log(`  scrolling ${SCROLL_LINKS} links (${scroll.frames} frames, ${SCROLL_STEP} px a frame):`);
    console.log(`    with linkgate:                    ${scroll.fps.median.toFixed(1)} frames/s (min ${scroll.fps.min.toFixed(1)}), 95th percentile frame ${scroll.p95_ms.median.toFixed(1)} ms`);
    console.log(`    no extension:                     ${scroll.alone_fps.median.toFixed(1)} frames/s (min ${scroll.alone_fps.min.toFixed(1)}), 95th percentile frame ${scroll.alone_p95_ms.median.toFixed(1)} ms`);
    console.log(`    with / without:                   ${ratio.toFixed(2)} x  (goal: the same frame rate, at least 0.95 x: ${ratio >= 0.95 ? 'PASS' : 'MISS'})`);
  }
  console.log(`  foldMessage (folds) per link:       ${fmt(f, 'us', 2)}  (classifyVerdicts ${v.median.toFixed(2)} us, classifyBatch ${d.median.toFixed(2)} us)`);
  await mkdir(dirname(OUT), { recursive: true });
  await writeFile(OUT, `${JSON.stringify({ runtime: `Chromium ${browserVersion}, demo chat with the extension`, links: LINKS, batch: BATCH, runs: RUNS, after_last_batch_ms: after, from_first_batch_ms: total, page_alone_ms: base, longest_task_ms: longest, page_alone_longest_task_ms: baseLongest, verdict_us_per_link: v, decision_us_per_link: d, fold_us_per_link: f, folded_all_marked_ms: foldMarked, folded_all_folded_ms: foldDone, folded_after_marked_ms: lag, folded_longest_task_ms: foldLongest, scroll }, null, 2)}\n`);
} finally {
  server.close();
}
