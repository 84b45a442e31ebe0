// Verdicts: talking to the service worker. Links and message texts waiting for a decision are sent in batches
// (`classify`: up to BATCH links and BATCH_CHARS characters a message, as columns; `scan`: message texts for share
// codes), failed sends are retried (runtime.sendMessage wakes a stopped worker), and each link's packed verdict is
// decoded against the platform and reason tables the worker sends once and kept in the link's state. Until its
// decision arrives a link counts as `warn` (fail safe).
//
// Reads: linkgate.browser, linkgate.messages, linkgate.core (the links' state, the adapter), linkgate.pause,
// linkgate.marks (a decided link is drawn, a scanned text gets its markers). Defines linkgate.verdicts.
'use strict';
(() => {
  const ns = (globalThis.linkgate ??= {});
  if (ns.verdicts) return;
  const { browser, messages, core, marks } = ns;

  const BATCH = 500;
  const BATCH_CHARS = 1 << 20; // a batch carries at most this many characters of hrefs and texts

  const pendingLinks = new Set();
  const pendingTexts = new Set();
  let flushTimer = null;
  let seq = 0;

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Sends one message to the worker, retrying while it starts; shuts this copy down when the extension is gone. */
  async function send(message) {
    for (let attempt = 0; ; attempt++) {
      if (core.dead()) throw new Error('linkgate: extension context gone');
      try {
        const reply = await browser.sendMessage(message);
        if (!reply || reply.type === 'error') throw new Error(reply?.message ?? 'no reply');
        return reply;
      } catch (error) {
        if (/context invalidated/i.test(String(error?.message)) || !browser.alive()) {
          core.shutdown();
          throw error;
        }
        if (attempt >= 6) throw error;
        await sleep(50 * 2 ** attempt);
      }
    }
  }

  function scheduleFlush() {
    if (flushTimer === null) flushTimer = setTimeout(flush, 0);
  }

  function flush() {
    flushTimer = null;
    if (core.dead()) return;
    if (pendingLinks.size) {
      // Up to BATCH links and BATCH_CHARS characters a message (at least one link).
      const batch = [];
      let chars = 0;
      for (const a of pendingLinks) {
        const sent = core.state.get(a)?.sent;
        chars += (sent?.href.length ?? 0) + (sent?.text?.length ?? 0);
        if (batch.length && (batch.length >= BATCH || chars > BATCH_CHARS)) break;
        batch.push(a);
      }
      for (const a of batch) pendingLinks.delete(a);
      classifyBatch(batch);
    }
    if (pendingTexts.size) {
      const batch = Array.from(pendingTexts).slice(0, BATCH);
      for (const el of batch) pendingTexts.delete(el);
      scanBatch(batch);
    }
    if (pendingLinks.size || pendingTexts.size) scheduleFlush();
  }

  /** The worker's platform and reason tables (the same for every engine of its module), asked for once. */
  let verdictTables = null;
  const { ACTIONS } = ns.facts;

  /**
   * The reasons a verdict's reason word names: bit i set for `tables.reasonCodes[i]`, each as {code, class}
   * (`tables.reasonClasses[i]`), in the tables' order. The one place JavaScript reads the bitset (the worker's
   * reason tables, or the module's reasonCodes() and reasonClasses(): tests/js/engine.test.mjs reads it too). Bits
   * past the tables name nothing.
   */
  function reasonsOf(bits, tables) {
    const reasons = [];
    for (let b = 0; b < tables.reasonCodes.length && b < 32; b++) if (bits & (1 << b)) reasons.push({ code: tables.reasonCodes[b], class: tables.reasonClasses[b] });
    return reasons;
  }

  /**
   * One link's decision from its two verdict words (`classifyVerdicts` in src/wasm.rs): word 0 holds the action
   * (bits 0-1), the platform index + 1 (bits 2-11), the notice index + 1 (bits 12-30) and whether the link is a short
   * link (bit 31: its badge offers "Where does it go?"); word 1 the reason codes,
   * bit i for reasonCodes[i]. Numbers outside the tables decide nothing (null): the link stays pending.
   */
  function unpackVerdict(head, bits, notices, own) {
    const action = ACTIONS[head & 3];
    const platformIndex = (head >>> 2) & 0x3ff;
    const noticeIndex = (head >>> 12) & 0x7ffff;
    const platform = platformIndex ? verdictTables.platforms[platformIndex - 1] : null;
    const notice = noticeIndex ? notices[noticeIndex - 1] : null;
    if (!action || platform === undefined || notice === undefined) return null;
    // The page's own link with no risk: left alone and unmarked (see core.linkKind).
    if (own && (bits & verdictTables.riskMask) === 0) return { action: 'open', platform: null, reasons: [], notice: null, own: true };
    return { action, platform, reasons: reasonsOf(bits, verdictTables), notice, shortLink: head >>> 31 === 1 };
  }

  async function classifyBatch(links) {
    const entries = [];
    for (const a of links) {
      const st = core.state.get(a);
      if (!st || !a.isConnected) continue;
      // What was read of the link when its key was made (watching.track): a change since makes a new key and a new request.
      entries.push({ a, key: st.key, own: st.own, sent: st.sent });
    }
    if (!entries.length) return;
    let reply;
    try {
      reply = await send({
        type: 'classify',
        hrefs: entries.map((e) => e.sent.href),
        texts: entries.map((e) => e.sent.text),
        contexts: entries.map((e) => e.sent.context[0]).join(''),
        tables: verdictTables === null,
      });
    } catch {
      return; // still pending: clicks are treated as warn, and the next change retries
    }
    if (reply?.tables) verdictTables = reply.tables;
    const words = reply?.words;
    if (!verdictTables || !Array.isArray(words) || words.length !== 2 * entries.length || !Array.isArray(reply.notices)) return;
    entries.forEach((entry, i) => {
      const st = core.state.get(entry.a);
      if (!st || st.key !== entry.key) return; // changed meanwhile; a newer request is queued
      const decision = unpackVerdict(words[2 * i], words[2 * i + 1], reply.notices, entry.own);
      if (!decision) return;
      st.decision = decision; // clicks obey it from now on; the badge follows in the next frame
      marks.scheduleMark(entry.a);
    });
  }

  async function scanBatch(elements) {
    const adapter = core.adapter();
    const byId = new Map();
    const items = [];
    for (const el of elements) {
      if (!el.isConnected) continue;
      const id = `t${++seq}`;
      const text = core.seenText(el).slice(0, messages.MAX_TEXT);
      byId.set(id, el);
      items.push({ id, text, context: adapter.contextFor(el) });
    }
    if (!items.length) return;
    let reply;
    try {
      reply = await send({ type: 'scan', items });
    } catch {
      return;
    }
    for (const { id, matches } of reply.results ?? []) {
      const el = byId.get(id);
      if (el && !ns.pause.paused() && Array.isArray(matches)) marks.renderChips(el, matches.filter((m) => m.platform));
    }
  }

  ns.verdicts = Object.freeze({
    reasonsOf,
    send,
    /** Asks for a link's decision in the next batch. */
    queueLink(a) {
      pendingLinks.add(a);
      scheduleFlush();
    },
    /** Asks for a message text's share codes in the next batch. */
    queueText(el) {
      pendingTexts.add(el);
      scheduleFlush();
    },
    unqueueLink: (a) => pendingLinks.delete(a),
    clearQueues() {
      pendingLinks.clear();
      pendingTexts.clear();
    },
    start() {
      core.onShutdown(() => {
        clearTimeout(flushTimer);
        pendingLinks.clear();
        pendingTexts.clear();
      });
    },
  });
})();
