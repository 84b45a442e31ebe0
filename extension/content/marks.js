// Marks: the badge after each decided link and the share-code markers after message texts, each in a closed shadow
// root (page script cannot read or rewrite what linkgate shows, and the page's styles neither reach it nor are
// changed by it). Badges are styled inline (there can be thousands: see BADGE_STYLE), markers with one constructed
// stylesheet shared by every root. Badges are drawn once a frame for every link decided since the last one.
//
// Reads: linkgate.i18n (keys), linkgate.core (the links' state, the strings, the tags), linkgate.pause (nothing is drawn while paused).
// Defines linkgate.marks.
'use strict';
(() => {
  const ns = (globalThis.linkgate ??= {});
  if (ns.marks) return;
  const { core } = ns;
  const { keys } = ns.i18n;
  const { BADGE_TAG, CHIP_TAG, OUR_TAGS, state, t, platformName } = core;

  /** badge or chip host -> its closed shadow root */
  const roots = new WeakMap();
  /** badge host -> {span: the span in its root, drawn: the content it shows} */
  const spans = new WeakMap();
  /** Badges and markers linkgate made. Copies of them (a page that clones its own DOM) are removed on sight. */
  const ownMarks = new WeakSet();

  // A badge's look, written on the span in its closed root as an inline style: a page has many badges, and every
  // shadow root that adopts a stylesheet joins the style engine's ordered list of style scopes, which costs each new
  // one a walk of that list (Blink's StyleEngine). An inline style in a closed root is as far from the page: its
  // rules cannot reach it, its script cannot read it. The colours follow the person's light or dark scheme by
  // themselves (`color-scheme: light dark` with `light-dark()`: Chrome 123, Firefox 120), wherever the badge is.
  const BADGE_BASE = `letter-spacing: normal; text-transform: none; text-indent: 0; text-shadow: none; display: inline;
    margin-inline-start: 0.3em; padding: 0.05em 0.45em; border-radius: 0.7em; border: 1px solid; color-scheme: light dark;
    font: 600 0.72em/1.5 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Noto Sans CJK SC", sans-serif;
    vertical-align: 0.1em; white-space: nowrap; cursor: default; user-select: none;`.replace(/\s+/g, ' ');
  /** cls -> [light, dark] for background, text and border */
  const BADGE_COLOURS = {
    open: [['#e7f4ec', '#173d27'], ['#17643a', '#a8e0bd'], ['#b9dfc7', '#2b6342']],
    warn: [['#fff4d6', '#3d2f0b'], ['#7a4d00', '#ffd97a'], ['#f0d28a', '#6b5419']],
    block: [['#fde8e6', '#4a1512'], ['#a1170d', '#ffb4ab'], ['#f3b7b0', '#7c2a24']],
  };
  /** cls -> the span's whole inline style */
  const BADGE_STYLE = Object.fromEntries(Object.entries(BADGE_COLOURS).map(([cls, [bg, fg, border]]) => {
    const ld = ([light, dark]) => `light-dark(${light}, ${dark})`;
    return [cls, `${BADGE_BASE} background: ${ld(bg)}; color: ${ld(fg)}; border-color: ${ld(border)};`];
  }));

  // "Where does it go?" beside a short link's badge (docs/short-links.md): a small button in the same closed root.
  const RESOLVE_STYLE = `${BADGE_BASE} margin-inline-start: 0.2em; cursor: pointer; background: light-dark(#eef3fd, #1c2a44);
    color: light-dark(#1f3f7a, #c8d9ff); border-color: light-dark(#c6d6f5, #34476b); font-weight: 600;`.replace(/\s+/g, ' ');
  const RESULT_STYLE = Object.fromEntries(Object.entries(BADGE_STYLE).map(([cls, style]) => [cls, `${style} margin-inline-start: 0.2em; font-weight: 500;`]));

  /** The originals badges are copied from: the host, and a span a class (`open`, `warn`, `block`). */
  let parts = null;
  function badgeParts() {
    if (parts) return parts;
    const host = document.createElement(BADGE_TAG);
    host.style.setProperty('display', 'inline', 'important');
    parts = { host };
    for (const [cls, style] of Object.entries(BADGE_STYLE)) {
      const span = document.createElement('span');
      span.setAttribute('role', 'img');
      span.className = `b ${cls}`;
      span.style.cssText = style;
      parts[cls] = span;
    }
    return parts;
  }

  const CHIP_CSS = `
    :host { display: inline; }
    .c { letter-spacing: normal; text-transform: none; text-indent: 0; text-shadow: none; display: inline-flex; align-items: center; gap: 0.35em; margin-inline-start: 0.35em; padding: 0 0.2em 0 0.5em;
      border-radius: 0.8em; background: #eef3fd; color: #1f3f7a; border: 1px solid #c6d6f5;
      font: 500 0.8em/1.6 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Noto Sans CJK SC", sans-serif;
      vertical-align: 0.05em; white-space: nowrap; }
    button { font: inherit; font-weight: 600; color: inherit; background: #fff; border: 1px solid #c6d6f5;
      border-radius: 0.7em; padding: 0 0.55em; margin: 0.1em 0; cursor: pointer; }
    button:focus-visible { outline: 2px solid #1a73e8; outline-offset: 1px; }
    @media (prefers-color-scheme: dark) {
      .c { background: #1c2a44; color: #c8d9ff; border-color: #34476b; }
      button { background: #243556; border-color: #40557d; }
    }`;

  function isOurs(node) {
    return OUR_TAGS.includes(node.localName);
  }

  // --- badges ---

  function firstReason(decision) {
    // The engine's class of each reason: an informational one (insecure_http, redirector) is never the headline.
    return decision.reasons.find((r) => r.class !== 'informational') ?? null;
  }

  function reasonShort(reason) {
    return t(keys.reasonShort(reason.code));
  }

  function noticeShort(decision) {
    return decision.notice ? t(keys.noticeShort(decision.notice)) : '';
  }

  /**
   * {cls, text, label, title} of a decided link's badge, made once for each action, platform, headline reason and
   * notice (a chat's links share a few: the strings are not looked up again for each link).
   */
  const contents = new Map();
  function badgeContent(decision) {
    const reason = firstReason(decision);
    const id = `${decision.action} ${decision.platform?.id ?? ''} ${reason?.code ?? ''} ${decision.notice ?? ''}`;
    let content = contents.get(id);
    if (!content) {
      if (contents.size > 1000) contents.clear();
      contents.set(id, (content = Object.freeze(makeBadgeContent(decision, reason))));
    }
    return content;
  }
  /** content -> a span that shows it, which new badges copy (it is never in a page itself). */
  const contentSpans = new WeakMap();
  function contentSpan(content) {
    let span = contentSpans.get(content);
    if (!span) {
      span = badgeParts()[content.cls].cloneNode(false);
      span.textContent = content.text;
      span.setAttribute('aria-label', content.label);
      span.title = content.title;
      contentSpans.set(content, span);
    }
    return span;
  }
  function makeBadgeContent(decision, reason) {
    const name = platformName(decision.platform);
    if (decision.action === 'open') {
      const label = name ? t('badgeOpenPlatform', name) : t('badgeOpen');
      return { cls: 'open', text: name || '✓', label, title: label };
    }
    const why = reason ? reasonShort(reason) : noticeShort(decision) || (name ? t('badgeWhyPlatformContext', name) : t('badgeWhyUnknown'));
    if (decision.action === 'block') {
      const label = t('badgeBlock', why);
      return { cls: 'block', text: name ? `⛔ ${name}` : '⛔', label, title: label };
    }
    const label = t('badgeWarn', why);
    return { cls: 'warn', text: name ? `⚠ ${name}` : '⚠', label, title: label };
  }

  /**
   * A shadow root with linkgate's styles: one constructed stylesheet per style text, shared by every root, or a
   * <style> in each root where constructed sheets cannot be adopted (Firefox content scripts, whose Xray wrappers
   * refuse the assignment).
   */
  const sheets = new Map(); // css -> CSSStyleSheet, or null when adopting failed
  function constructedSheet(css, root) {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
      return sheet;
    } catch {
      return null;
    }
  }
  /** A closed shadow root on `host` (page script cannot read or rewrite what linkgate shows), kept in `roots`. */
  function closedRoot(host) {
    const root = host.attachShadow({ mode: 'closed' });
    roots.set(host, root);
    return root;
  }

  function styledShadow(host, css) {
    const root = closedRoot(host);
    if (!sheets.has(css)) sheets.set(css, constructedSheet(css, root));
    else if (sheets.get(css)) root.adoptedStyleSheets = [sheets.get(css)];
    if (sheets.get(css)) return root;
    const style = document.createElement('style');
    style.textContent = css;
    root.append(style);
    return root;
  }

  /**
   * Marks a decided link with a badge in a closed shadow root right after it, so the page's styles and layout rules
   * neither reach it nor are changed by it, and page script cannot read it. Nothing is written on the link itself:
   * the decision stays in this world (a page could otherwise probe the person's opt-ins and trusted domains). A
   * pending link has no badge (and counts as warned); the page's own links left alone have none either.
   */
  function mark(a, st) {
    const decision = st.decision;
    st.shown = decision ? (decision.own ? 'own' : decision.action) : 'pending';
    if (!decision || decision.own) {
      st.badge?.remove();
      st.badge = null;
      return;
    }
    const content = badgeContent(decision);
    if (!st.badge || !st.badge.isConnected || st.badge.previousSibling !== a) {
      st.badge?.remove();
      // Copies of a host and a span made once: a copy shares its original's parsed inline style, where writing
      // the style on every new badge would parse it again (10,000 times in a long chat).
      const host = badgeParts().host.cloneNode(false);
      ownMarks.add(host);
      const root = closedRoot(host);
      // A new badge is a deep copy of its content's own span: its text, label and title come with the copy.
      const span = contentSpan(content).cloneNode(true);
      root.append(span);
      spans.set(host, { span, drawn: content, cls: content.cls });
      a.after(host);
      st.badge = host;
      ns.folding?.badgeDrawn(a, host);
    }
    const drawn = spans.get(st.badge);
    if (drawn.drawn !== content) {
      drawn.drawn = content;
      const { span } = drawn;
      if (drawn.cls !== content.cls) {
        drawn.cls = content.cls;
        span.className = `b ${content.cls}`;
        span.style.cssText = BADGE_STYLE[content.cls];
      }
      span.textContent = content.text;
      span.setAttribute('aria-label', content.label);
      span.title = content.title;
    }
    // A short link's "Where does it go?" (once: a result, once shown, stays until the link changes).
    if (decision.shortLink && !drawn.resolve) {
      const button = resolveButton(a, drawn);
      drawn.resolve = button;
      roots.get(st.badge).append(button);
      autoPress(button);
    } else if (!decision.shortLink && drawn.resolve) {
      drawn.resolve.remove();
      drawn.resolve = null;
    }
  }

  /**
   * The short link's "Where does it go?" button (去哪？): on the person's own press (a trusted click: page script
   * cannot reach the closed root, and a synthetic event is ignored), or by itself when the person turned that on
   * for this kind of chat, the worker follows the link (`resolve-link`),
   * and the button gives way to where it leads: the destination's host, coloured by what linkgate would do there,
   * with the verdict and the full address as its title. The link's own badge and decision stay as they are.
   */
  // "Find out where short links go by myself" (storage.local autoResolve {direct, group}; the options page): the
  // button presses itself for the short links of those chats, at most AUTO_MAX a page, one at a time. The worker
  // checks the setting again.
  let autoResolve = { direct: false, group: false };
  const AUTO_MAX = 30;
  let autoUsed = 0;
  let autoChain = Promise.resolve();
  const autoKind = (context) => (context === 'direct' ? 'direct' : 'group');
  /** An unpressed button -> {a: its link, drawn: its badge's entry in `spans`}; pressed buttons leave it. */
  const buttons = new WeakMap();
  function autoPress(button) {
    const entry = buttons.get(button);
    if (!entry || !button.isConnected || autoUsed >= AUTO_MAX) return;
    if (!autoResolve[autoKind(core.adapter().contextFor(entry.a))]) return;
    autoUsed++;
    autoChain = autoChain.then(() => press(button, true)).catch(() => {});
  }
  /** A setting that arrives (or is turned on) after the buttons were drawn presses the unpressed ones on the page. */
  function readAutoResolve(value) {
    autoResolve = { direct: value?.direct === true, group: value?.group === true };
    if (!autoResolve.direct && !autoResolve.group) return;
    for (const host of document.querySelectorAll(BADGE_TAG)) {
      const button = spans.get(host)?.resolve;
      if (button && buttons.has(button)) autoPress(button);
    }
  }

  // The button is a deep copy of one original (a copy shares its parsed inline style and its strings: a chat can
  // hold thousands of short links), with one click handler for all of them.
  let resolveOriginal = null;
  function resolveButton(a, drawn) {
    if (!resolveOriginal) {
      resolveOriginal = document.createElement('button');
      resolveOriginal.type = 'button';
      resolveOriginal.style.cssText = RESOLVE_STYLE;
      resolveOriginal.textContent = t('badgeResolve');
      resolveOriginal.setAttribute('aria-label', t('resolveButton'));
      resolveOriginal.title = t('resolveButton');
      resolveOriginal.dataset.linkgate = 'resolve';
    }
    const button = resolveOriginal.cloneNode(true);
    buttons.set(button, { a, drawn });
    button.addEventListener('click', onResolveClick);
    return button;
  }
  function onResolveClick(event) {
    event.preventDefault();
    event.stopPropagation();
    if (event.isTrusted) press(event.currentTarget, false);
  }

  /** Asks the worker where the button's link goes (`resolve-link`), and shows the answer in the button's place. */
  async function press(button, auto) {
    const entry = buttons.get(button);
    if (!entry || !button.isConnected) return;
    buttons.delete(button);
    const { a, drawn } = entry;
    button.disabled = true;
    button.textContent = '…';
    const result = document.createElement('span');
    result.setAttribute('role', 'status');
    let reply;
    try {
      reply = await ns.verdicts.send({ type: 'resolve-link', href: core.sentHref(a), context: core.adapter().contextFor(a), auto });
    } catch (error) {
      reply = { error: { code: 'network', message: String(error?.message ?? error) } };
    }
    if (reply?.destination) {
      const cls = ns.facts.ACTIONS.includes(reply.action) ? reply.action : 'warn';
      let host = reply.destination;
      try {
        host = new URL(reply.destination).host;
      } catch {
        // shown as it is
      }
      result.style.cssText = RESULT_STYLE[cls];
      result.textContent = `→ ${host}`;
      result.title = `${t(keys.resolveVerdict(cls))}\n${reply.destination}`;
      result.dataset.action = cls;
    } else {
      const code = typeof reply?.error?.code === 'string' ? reply.error.code : 'network';
      result.style.cssText = RESULT_STYLE.warn;
      result.textContent = '→ ?';
      result.title = t(keys.resolveError(code));
      result.dataset.error = code;
    }
    result.setAttribute('aria-label', result.title);
    button.replaceWith(result);
    if (drawn.resolve === button) drawn.resolve = result;
  }

  // Badges are drawn once per frame, for the links decided since the last one: a chat that loads many messages gets
  // one style and layout pass for many of them, not one per reply. A frame draws for at most MARK_MS of script (the
  // rest wait for the next frame, in the order they were decided), so the style and layout that follow it stay
  // within one task a person does not feel.
  const MARK_MS = 8;
  const toMark = new Set();
  let markFrame = null;
  function drawMarks() {
    markFrame = null;
    if (ns.pause.paused()) toMark.clear();
    const until = performance.now() + MARK_MS;
    let n = 0;
    for (const link of toMark) {
      toMark.delete(link);
      const st = state.get(link);
      if (st && link.isConnected) mark(link, st);
      // The clock is read every 32 links: reading it costs more than drawing a badge.
      if ((++n & 31) === 0 && performance.now() > until) break;
    }
    if (toMark.size) markFrame = requestAnimationFrame(drawMarks);
  }
  function scheduleMark(a) {
    toMark.add(a);
    markFrame ??= requestAnimationFrame(drawMarks);
  }

  // --- share-code markers ---

  async function copyText(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return false;
    }
  }

  function renderChips(el, matches) {
    for (const old of el.querySelectorAll(`:scope > ${CHIP_TAG}`)) old.remove();
    if (!matches.length) return;
    const host = document.createElement(CHIP_TAG);
    ownMarks.add(host);
    host.style.setProperty('display', 'inline', 'important');
    const root = styledShadow(host, CHIP_CSS);
    for (const match of matches) {
      const name = platformName(match.platform);
      const chip = document.createElement('span');
      chip.className = 'c';
      chip.setAttribute('data-platform', match.platform.id);
      chip.setAttribute('data-kind', match.kind);
      const label = document.createElement('span');
      label.textContent = t(match.kind === 'mini_program' ? 'chipMiniProgram' : 'chipToken', name);
      label.title = match.text;
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = t('chipCopy');
      button.setAttribute('aria-label', t(match.kind === 'mini_program' ? 'chipCopyMiniProgramLabel' : 'chipCopyTokenLabel', name));
      button.addEventListener('click', async (event) => {
        event.preventDefault();
        event.stopPropagation();
        const ok = await copyText(match.text);
        button.textContent = ok ? t('chipCopied') : t('chipCopyFailed');
        setTimeout(() => (button.textContent = t('chipCopy')), 1500);
      });
      chip.append(label, button);
      root.append(chip);
    }
    el.append(host);
  }

  /** linkgate's own share-code marker hosts in the page. */
  const ownChips = () => Array.from(document.querySelectorAll(CHIP_TAG)).filter((host) => ownMarks.has(host));

  ns.marks = Object.freeze({
    roots,
    ownMarks,
    isOurs,
    mark,
    scheduleMark,
    styledShadow,
    /** A link no longer tracked is not drawn in the next frame. */
    unschedule: (a) => toMark.delete(a),
    clearQueue: () => toMark.clear(),
    renderChips,
    removeChips: () => ownChips().forEach((host) => host.remove()),
    /** How many share codes and mini-program paths the markers show (the popup's count). */
    codeCount() {
      let codes = 0;
      for (const host of document.querySelectorAll(CHIP_TAG)) codes += roots.get(host)?.querySelectorAll('[data-kind]').length ?? 0;
      return codes;
    },
    start() {
      ns.browser.storage.local.get('autoResolve').then(({ autoResolve: value }) => readAutoResolve(value), () => {});
      ns.browser.onStorageChanged((changes, area) => {
        if (!core.dead() && area === 'local' && 'autoResolve' in changes) readAutoResolve(changes.autoResolve.newValue);
      });
      core.onShutdown(() => {
        if (markFrame !== null) cancelAnimationFrame(markFrame);
        for (const host of document.querySelectorAll(`${BADGE_TAG}, ${CHIP_TAG}`)) if (ownMarks.has(host)) host.remove();
        toMark.clear();
      });
    },
  });
})();
