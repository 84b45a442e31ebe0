// Pausing on this site: the popup's "Pause on this site" (storage.local.paused = {origin: resume time in ms}).
// While paused this copy tracks no link, draws no mark and stops no click; it resumes by itself at the resume time
// and then decides every link again.
//
// Reads: linkgate.browser, linkgate.core (the links' state), linkgate.verdicts (what is queued), linkgate.marks
// (what is drawn), linkgate.watching (rescanAll), the adapter's message text selector. Defines linkgate.pause.
'use strict';
(() => {
  const ns = (globalThis.linkgate ??= {});
  if (ns.pause) return;
  const { browser, core } = ns;

  let pausedUntil = 0; // linkgate is paused on this site until then (ms since the epoch)
  let resumeTimer = null;
  const paused = () => pausedUntil > Date.now();

  function applyPause(until) {
    const was = pausedUntil !== 0; // paused until now (a resume timer may fire a moment after the time)
    pausedUntil = Number.isFinite(until) && until > Date.now() ? until : 0;
    clearTimeout(resumeTimer);
    if (paused()) {
      resumeTimer = setTimeout(() => applyPause(0), Math.min(pausedUntil - Date.now(), 2 ** 31 - 1));
      if (!was) {
        ns.folding.unfoldAll();
        unmarkAll();
      }
    } else if (was) {
      ns.watching.rescanAll(true);
    }
  }

  /** Removes every mark and share-code marker while linkgate is paused here. */
  function unmarkAll() {
    ns.verdicts.clearQueues();
    ns.marks.clearQueue();
    for (const a of [...ns.watching.trackedIn(document.documentElement)]) {
      core.state.get(a)?.badge?.remove();
      core.state.delete(a);
    }
    ns.marks.removeChips();
    ns.watching.forgetScannedTexts();
  }

  const pausedFor = (paused) => (paused && typeof paused === 'object' ? Number(paused[core.ownOrigin]) : 0);

  ns.pause = Object.freeze({
    paused,
    /** null while not paused, else the resume time (for the popup's counts). */
    until: () => (paused() ? pausedUntil : null),
    /** Reads the pause from storage and follows its changes. */
    start() {
      core.onShutdown(() => clearTimeout(resumeTimer));
      browser.storage.local.get('paused').then(({ paused }) => applyPause(pausedFor(paused)), () => {});
      browser.onStorageChanged((changes, area) => {
        if (!core.dead() && area === 'local' && 'paused' in changes) applyPause(pausedFor(changes.paused.newValue));
      });
    },
  });
})();
