// What the navigation guard adds to opening a link it lets through (a benchmark, not a timed test): a direct chat
// with a JD link (decided open there), clicked CLICKS times with the guard's rules in force and CLICKS times with
// them removed, in one browser. Each click is a real input event (DevTools Input.dispatchMouseEvent); the time is
// from just before the click is sent to the moment the destination server receives the request, both on this
// process's clock. The button is held PRESS_MS (80) before its release, as a person's click is: linkgate uses the
// press to let an open link skip the check page. Prints the median and minimum of each, and the added time
// (median on - median off); also the same with a press too short for that (1 ms: the check page's own cost).
//
//   node benches/guard.mjs            (after `make dist`; Debian Chromium at /usr/bin/chromium)
//
// BENCH_GUARD_CLICKS overrides the clicks (default 60), BENCH_GUARD_PRESS_MS the press; writes BENCH_DIR/guard.json (target/bench/).
import { chromium } from 'playwright-core';
import { mkdtemp, rm, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { startSite, startDestination, chatPage } from '../tests/e2e/attack-site.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const EXT = join(ROOT, 'dist/chrome');
const CLICKS = Number(process.env.BENCH_GUARD_CLICKS ?? 60);
const OUT = join(process.env.BENCH_DIR ?? join(ROOT, 'target/bench'), 'guard.json');
const PRESS_MS = Number(process.env.BENCH_GUARD_PRESS_MS ?? 80);
const now = () => performance.timeOrigin + performance.now();

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], p90: s[Math.floor(s.length * 0.9)] };
};

const dest = await startDestination();
const pages = {};
const site = await startSite(pages);
const profile = await mkdtemp(join(tmpdir(), 'linkgate-bench-guard-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', ...dest.args, `--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`],
});

try {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const ext = await context.newPage();
  await ext.goto(`chrome-extension://${extensionId}/pages/interstitial.html`);
  const guardRules = () => ext.evaluate(async () => (await chrome.declarativeNetRequest.getDynamicRules()).filter((r) => r.id >= 1000));
  for (let i = 0; i < 150 && !(await guardRules()).length; i++) await new Promise((r) => setTimeout(r, 100));
  const rules = await guardRules();
  if (!rules.length) throw new Error('the guard never set its rules');
  const browserVersion = await ext.evaluate(() => /Chrome\/([\d.]+)/.exec(navigator.userAgent)?.[1] ?? '?');

  // jd.com trusted, so that a JD link opens in any context, the unknown one of page script included.
  await ext.evaluate(() => chrome.storage.sync.set({ trustedDomains: ['jd.com'] }));
  const page = await context.newPage();
  let serial = 0;
  /**
   * One opening of a fresh open link; ms from the moment it is opened (the mouse button's release, or Enter) to the
   * destination's request. `how`: 'press' (the button held PRESS_MS, as a person holds it), 'instant' (held 1 ms),
   * 'keyboard' (Tab to the link, then Enter 300 ms later), or 'script' (a button whose handler calls
   * location.assign: no link, no press to act on, so always the check page).
   */
  async function open(how) {
    const path = `/bench-${++serial}`;
    pages[`/chat${serial}`] = chatPage({
      context: 'direct',
      messages: ['<button id="before">before</button>', `<a id="j" href="http://item.jd.com${path}" style="font-size:20px">jd</a>`],
      extra: `<script>document.getElementById('before').onclick = () => location.assign('http://item.jd.com${path}');</script>`,
    });
    await page.goto(`${site.origin}/chat${serial}`);
    await page.waitForSelector('#j + linkgate-badge'); // decided (open, in a direct chat)
    let start;
    if (how === 'script') {
      const box = await page.locator('#before').boundingBox();
      await page.mouse.move(box.x + 5, box.y + box.height / 2);
      await page.mouse.down();
      await new Promise((r) => setTimeout(r, PRESS_MS));
      start = now();
      await page.mouse.up();
    } else if (how === 'keyboard') {
      await page.focus('#before');
      await page.keyboard.press('Tab');
      await new Promise((r) => setTimeout(r, 300));
      start = now();
      await page.keyboard.press('Enter');
    } else {
      const box = await page.locator('#j').boundingBox();
      await page.mouse.move(box.x + 5, box.y + box.height / 2);
      await page.mouse.down();
      await new Promise((r) => setTimeout(r, how === 'press' ? PRESS_MS : 1));
      start = now();
      await page.mouse.up();
    }
    for (let i = 0; i < 1000; i++) {
      const hit = dest.requests.find((r) => r.path === path);
      if (hit) {
        await page.waitForURL(`http://item.jd.com${path}`);
        return hit.time - start;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    throw new Error(`${path} never reached the destination`);
  }

  // The guard's rules in force, or none (the worker sets them again only on install, start-up or a site change).
  const setGuard = (on) =>
    ext.evaluate(([add, ids]) => chrome.declarativeNetRequest.updateDynamicRules({ removeRuleIds: ids, addRules: add }), [on ? rules : [], rules.map((r) => r.id)]);

  // Warm-up (the worker, the engine, the pages' code), then alternating rounds so drift hits both sides alike.
  const HOWS = ['press', 'instant', 'keyboard', 'script'];
  for (const how of HOWS) await open(how);
  const times = Object.fromEntries(HOWS.map((h) => [h, { on: [], off: [] }]));
  const ROUND = 5;
  for (let round = 0; round < Math.ceil(CLICKS / ROUND); round++) {
    for (const on of [true, false]) {
      await setGuard(on);
      for (const how of HOWS) for (let i = 0; i < ROUND; i++) times[how][on ? 'on' : 'off'].push(await open(how));
    }
  }
  await setGuard(true);
  const out = { runtime: `Chromium ${browserVersion}, the extension`, clicks: CLICKS, press_ms: PRESS_MS };
  console.log(`guard: ${CLICKS} openings of an open link each way, with the guard's rules and without, Chromium ${browserVersion} headless`);
  const LABEL = { press: `click (button held ${PRESS_MS} ms)`, instant: 'click (button held 1 ms)', keyboard: 'Tab to the link, Enter', script: 'page script (the check page)' };
  for (const how of HOWS) {
    const a = stats(times[how].on);
    const b = stats(times[how].off);
    out[how] = { on_ms: a, off_ms: b, added_ms: a.median - b.median };
    console.log(`  ${LABEL[how].padEnd(36)} on: median ${a.median.toFixed(1)} ms (min ${a.min.toFixed(1)}, p90 ${a.p90.toFixed(1)}); off: median ${b.median.toFixed(1)} ms; added ${(a.median - b.median).toFixed(1)} ms`);
  }
  await mkdir(dirname(OUT), { recursive: true });
  await writeFile(OUT, `${JSON.stringify(out, null, 2)}\n`);
} finally {
  await context.close();
  await rm(profile, { recursive: true, force: true });
  await site.close();
  await dest.close();
}
