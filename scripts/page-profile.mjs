// Where the page's time goes while linkgate marks a link-heavy chat (a tool for performance work, not a benchmark):
// appends LINKS links to the demo chat in batches of 50, as benches/page.mjs does, with and without the extension,
// and prints the renderer's own split (Chrome DevTools Protocol `Performance.getMetrics`: script, style, layout,
// other task time) and, with the extension, the functions with the most self time (a CPU profile, `Profiler`).
//
//   node scripts/page-profile.mjs        (after `make dist`; Debian Chromium at /usr/bin/chromium)
//
// PROFILE_LINKS overrides the links, PROFILE_TOP the number of functions listed; PROFILE_REPEAT=1 posts every item
// twice (half the links fold as repeats, as benches/page.mjs's folding runs); with PROFILE_TRACE, the longest tasks
// are listed with the events that took most of each; PROFILE_CALLERS=name prints where the samples of the functions
// of that name were called from.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const EXT = process.env.PROFILE_EXT ?? join(ROOT, 'dist/chrome');
const LINKS = Number(process.env.PROFILE_LINKS ?? 10_000);
const TOP = Number(process.env.PROFILE_TOP ?? 30);
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };
const ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

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

async function run(withExtension) {
  const profile = await mkdtemp(join(tmpdir(), 'linkgate-profile-'));
  const args = withExtension ? [...ARGS, `--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`] : ARGS;
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args });
  try {
    if (withExtension) context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}/chat.html#group-deals`);
    await page.waitForSelector(withExtension && !process.env.PROFILE_NOWAIT ? 'section.conversation a + linkgate-badge' : 'section.conversation a');
    await page.waitForTimeout(500);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const before = await metrics();
    await cdp.send('Profiler.start');
    const TRACE = Boolean(process.env.PROFILE_TRACE);
    const events = [];
    if (TRACE) {
      cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
      await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'blink', 'v8', 'disabled-by-default-devtools.timeline'] }, transferMode: 'ReportEvents' });
    }
    const wall = await page.evaluate(async ({ LINKS, REPEAT }) => {
      const list = document.querySelector('section.conversation ol.messages');
      const shapes = [
        (i) => `https://item.taobao.com/item.htm?id=${600000000000 + i}`,
        (i) => `https://item.jd.com/${100000000000 + i}.html`,
        (i) => `https://example${i % 97}.org/post/${i}`,
        (i) => `https://v.douyin.com/${i.toString(36)}/`,
        (i) => `https://taobao-login${i % 13}.com/${i}`,
      ];
      const channel = new MessageChannel();
      const yieldToLoop = () => new Promise((resolve) => {
        channel.port1.onmessage = resolve;
        channel.port2.postMessage(0);
      });
      const start = performance.now();
      for (let i = 0; i < LINKS; i += 50) {
        const frag = document.createDocumentFragment();
        for (let j = i; j < Math.min(LINKS, i + 50); j++) {
          const li = document.createElement('li');
          li.className = 'message bench';
          const p = document.createElement('p');
          p.className = 'message-text';
          const a = document.createElement('a');
          const n = REPEAT ? Math.floor(j / 2) : j;
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
      // Two idle seconds after the last batch: whatever linkgate still does (decisions, marks, folding) falls in.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      return performance.now() - start - 2000;
    }, { LINKS, REPEAT: Boolean(process.env.PROFILE_REPEAT) });
    const { profile: cpu } = await cdp.send('Profiler.stop');
    if (TRACE) {
      const done = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
      await cdp.send('Tracing.end');
      await done;
      // The renderer's main thread: total time by event name (events nest, so the totals overlap).
      // The busiest renderer main thread is the page's.
      const busy = new Map();
      for (const e of events) if (e.name === 'RunTask' && e.dur) busy.set(`${e.pid} ${e.tid}`, (busy.get(`${e.pid} ${e.tid}`) ?? 0) + e.dur);
      const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid} ${e.tid}`));
      const main = [...busy].filter(([k]) => mains.has(k)).sort((a, b) => b[1] - a[1])[0]?.[0];
      const byName = new Map();
      for (const e of events) if (`${e.pid} ${e.tid}` === main && e.ph === 'X' && e.dur) byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur / 1000);
      console.log(`  trace, renderer main thread, ms by event (nested events overlap):`);
      for (const [k, v] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`    ${v.toFixed(1).padStart(8)} ms  ${k}`);
      // The longest tasks, each with the events inside it that took longest (and the script's function, if any).
      const onMain = events.filter((e) => `${e.pid} ${e.tid}` === main && e.ph === 'X' && e.dur);
      const tasks = onMain.filter((e) => e.name === 'RunTask').sort((a, b) => b.dur - a.dur).slice(0, 5);
      console.log(`  the longest tasks:`);
      for (const task of tasks) {
        const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur && e.name !== 'RunTask');
        const what = inside
          .sort((a, b) => b.dur - a.dur)
          .slice(0, 6)
          .map((e) => `${e.name}${e.args?.data?.functionName ? ` ${e.args.data.functionName}` : ''}${e.args?.data?.url ? ` ${e.args.data.url.split('/').slice(-1)[0]}` : ''} ${(e.dur / 1000).toFixed(1)}`);
        console.log(`    ${(task.dur / 1000).toFixed(1).padStart(8)} ms: ${what.join(', ')}`);
      }
    }
    const after = await metrics();
    const d = (k) => (after[k] - before[k]) * 1000;
    const task = d('TaskDuration');
    const script = d('ScriptDuration');
    const style = d('RecalcStyleDuration');
    const layout = d('LayoutDuration');
    console.log(`${withExtension ? 'with linkgate' : 'no extension '}: insertion ${wall.toFixed(0)} ms wall; main-thread tasks ${task.toFixed(0)} ms: script ${script.toFixed(0)}, style ${style.toFixed(0)} (${after.RecalcStyleCount - before.RecalcStyleCount} recalcs), layout ${layout.toFixed(0)} (${after.LayoutCount - before.LayoutCount} layouts), other ${(task - script - style - layout).toFixed(0)}`);
    if (withExtension) {
      // Self time by function, from the sampled profile.
      const byId = new Map(cpu.nodes.map((n) => [n.id, n]));
      const self = new Map();
      const dt = cpu.timeDeltas;
      cpu.samples.forEach((id, i) => {
        const n = byId.get(id);
        const f = n.callFrame;
        const key = `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}` : ''}`;
        self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
      });
      // Inclusive time of linkgate's own functions (a function's samples and those of everything it called, once
      // per sample even when it recurses).
      const parent = new Map();
      for (const n of cpu.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
      const inclusive = new Map();
      cpu.samples.forEach((id, i) => {
        const seen = new Set();
        for (let at = id; at !== undefined; at = parent.get(at)) {
          const f = byId.get(at).callFrame;
          if (!/\/(content|lib)\//.test(f.url)) continue;
          const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
          if (seen.has(key)) continue;
          seen.add(key);
          inclusive.set(key, (inclusive.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
        }
      });
      // PROFILE_CALLERS=name: where the samples of functions of that name were called from (the caller chain).
      if (process.env.PROFILE_CALLERS) {
        const chains = new Map();
        cpu.samples.forEach((id, i) => {
          if (byId.get(id).callFrame.functionName !== process.env.PROFILE_CALLERS) return;
          const chain = [];
          for (let at = parent.get(id); at !== undefined && chain.length < 6; at = parent.get(at)) {
            const f = byId.get(at).callFrame;
            chain.push(`${f.functionName || '(anonymous)'}${f.url ? `@${f.url.split('/').slice(-1)[0]}:${f.lineNumber + 1}` : ''}`);
          }
          const key = chain.join(' < ');
          chains.set(key, (chains.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
        });
        console.log(`  ${process.env.PROFILE_CALLERS} called from:`);
        for (const [k, v] of [...chains].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`    ${v.toFixed(1).padStart(8)} ms  ${k}`);
      }
      console.log(`  linkgate's functions, inclusive time:`);
      for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`    ${v.toFixed(1).padStart(8)} ms  ${k}`);
      const total = [...self.values()].reduce((a, b) => a + b, 0);
      console.log(`  self time by function (sampled, ${total.toFixed(0)} ms in all):`);
      for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`    ${v.toFixed(1).padStart(8)} ms  ${k}`);
    }
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

try {
  await run(false);
  await run(true);
} finally {
  server.close();
}
