// Folding in the service worker: one fold state a conversation a tab (the engine's FoldState, as the module's
// FoldChat), handed the conversation's messages in the page's order, and the person's choices per conversation.
//
// - A content script folds a conversation in passes (`replay`): every message it shows, oldest first. A new pass
//   (the page loaded, the person changed a choice, the settings changed) starts the state afresh, so what folds is
//   what the messages on the page say, whatever was seen before. Within a pass a message's folds are kept by its key,
//   so a message the chat app draws again (a virtualised list) folds as it did, and is not a repeat of itself.
// - The states live in memory and in storage.session (`foldChat <tab> <frame> <conversation>`), so a worker
//   stopped mid-conversation goes on where it was; they go with their tab.
// - The person's choices are in storage.local `foldChoices`: per conversation (its site and key) the chat's
//   folding (`never`, `all`; `auto` is no entry) and the messages shown again ("Show"). They are bounded, the oldest
//   conversation dropped first. A corrupt entry is ignored, never fatal.
import { FoldChat } from '../pkg/linkgate.js';

const { browser } = globalThis.linkgate;
const { CHAT_FOLDINGS } = globalThis.linkgate.facts;

const SESSION_PREFIX = 'foldChat ';
const MAX_CHATS = 32; // conversations kept in memory and storage.session
const MAX_SEEN = 4000; // messages whose folds a pass keeps
const MAX_CHOICES = 200; // conversations with a choice
const MAX_SHOWN = 500; // messages shown again, a conversation
// A flood sends a fold request every few tens of ms: the states are written once it calms down (a state is up to a
// few hundred KB), and at the latest every MAX_SAVE_DELAY_MS.
const SAVE_DELAY_MS = 1500;
const MAX_SAVE_DELAY_MS = 5000;
const MAX_SAVED_SEEN = 1000; // messages whose folds outlive a restart (the rest are folded again if sent again)

/** `${tab} ${frame} ${conversation}` -> {replay, chat: FoldChat, seen: Map<key, folds>, used} */
const chats = new Map();
const dirty = new Set();
let saveTimer = null;

const chatKey = (sender, conversation) => `${sender.tab?.id ?? -1} ${sender.frameId ?? 0} ${conversation}`;
const choiceKey = (site, conversation) => `${site} ${conversation}`;

/** The conversation's state for this pass: from memory, else storage.session, else empty. */
const loading = new Map(); // key -> Promise of its stored state (two requests of a starting worker read it once)
async function chatFor(key, replay) {
  let entry = chats.get(key);
  if (!entry) {
    if (!loading.has(key)) loading.set(key, browser.storage.session.get(SESSION_PREFIX + key).then((all) => all[SESSION_PREFIX + key], () => undefined));
    const stored = await loading.get(key);
    loading.delete(key);
    entry = chats.get(key);
    if (!entry) {
      entry = restore(stored);
      chats.set(key, entry);
      trim();
    }
  }
  if (entry.replay !== replay) {
    entry.chat.free?.();
    Object.assign(entry, { replay, chat: new FoldChat(null), seen: new Map() });
  }
  entry.used = Date.now();
  return entry;
}

/** A stored state, or an empty one when there is none or it is corrupt. */
function restore(stored) {
  try {
    if (stored && typeof stored.replay === 'string' && typeof stored.state === 'string' && Array.isArray(stored.seen)) {
      return { replay: stored.replay, chat: new FoldChat(stored.state), seen: new Map(stored.seen.filter((e) => Array.isArray(e) && typeof e[0] === 'string' && Array.isArray(e[1]))), used: 0 };
    }
  } catch {
    // a corrupt state: start afresh
  }
  return { replay: null, chat: new FoldChat(null), seen: new Map(), used: 0 };
}

function trim() {
  if (chats.size <= MAX_CHATS) return;
  const oldest = [...chats.entries()].sort((a, b) => a[1].used - b[1].used).slice(0, chats.size - MAX_CHATS);
  for (const [key, entry] of oldest) {
    entry.chat.free?.();
    chats.delete(key);
    dirty.delete(key);
    browser.storage.session.remove(SESSION_PREFIX + key).catch(() => {});
  }
}

let firstDirty = 0;
function saveSoon(key) {
  dirty.add(key);
  const now = Date.now();
  if (!firstDirty) firstDirty = now;
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    saveTimer = null;
    firstDirty = 0;
    const items = {};
    for (const k of dirty) {
      const entry = chats.get(k);
      if (entry) items[SESSION_PREFIX + k] = { replay: entry.replay, state: entry.chat.toJSON(), seen: [...entry.seen].slice(-MAX_SAVED_SEEN) };
    }
    dirty.clear();
    browser.storage.session.set(items).catch(() => {});
  }, Math.max(0, Math.min(SAVE_DELAY_MS, firstDirty + MAX_SAVE_DELAY_MS - now)));
}

/**
 * storage.local foldChoices, with anything malformed dropped; read once and then kept while nothing writes it. The
 * object is shared: callers do not change it (writeChoice changes a copy).
 */
let choicesCache = null;
browser.onStorageChanged((changes, area) => {
  if (area === 'local' && 'foldChoices' in changes) choicesCache = null;
});
function readChoices() {
  choicesCache ??= readChoicesNow().catch((error) => {
    choicesCache = null;
    throw error;
  });
  return choicesCache;
}
async function readChoicesNow() {
  const { foldChoices } = await browser.storage.local.get('foldChoices');
  const out = {};
  if (foldChoices && typeof foldChoices === 'object' && !Array.isArray(foldChoices)) {
    for (const [key, value] of Object.entries(foldChoices)) {
      if (!value || typeof value !== 'object') continue;
      const folding = CHAT_FOLDINGS.includes(value.folding) ? value.folding : CHAT_FOLDINGS[0];
      const shown = Array.isArray(value.shown) ? value.shown.filter((k) => typeof k === 'string').slice(-MAX_SHOWN) : [];
      out[key] = { folding, shown, time: Number(value.time) || 0 };
    }
  }
  return out;
}

async function writeChoice(site, conversation, change) {
  const choices = { ...(await readChoices()) };
  const key = choiceKey(site, conversation);
  const entry = { ...(choices[key] ?? { folding: CHAT_FOLDINGS[0], shown: [] }), ...change(choices[key]), time: Date.now() };
  if (entry.folding === CHAT_FOLDINGS[0] && entry.shown.length === 0) delete choices[key];
  else choices[key] = entry;
  const kept = Object.entries(choices)
    .sort((a, b) => b[1].time - a[1].time)
    .slice(0, MAX_CHOICES);
  choicesCache = null;
  await browser.storage.local.set({ foldChoices: Object.fromEntries(kept) });
  choicesCache = null;
}

/**
 * The `fold` message: each message's folds in this conversation's pass, and whether the person showed it again.
 * A message the engine refuses (it never should: the shapes are checked) shows.
 */
export async function fold(engine, message, sender, site) {
  const key = chatKey(sender, message.conversation);
  const [entry, choices] = await Promise.all([chatFor(key, message.replay), readChoices()]);
  const choice = choices[choiceKey(site, message.conversation)] ?? { folding: CHAT_FOLDINGS[0], shown: [] };
  const shown = new Set(choice.shown);
  const results = message.messages.map((m) => {
    let folds = entry.seen.get(m.key);
    if (!folds) {
      try {
        folds = engine.foldMessage(entry.chat, { context: m.context, sender: m.sender ?? undefined, time: m.time ?? undefined, text: m.text, folding: choice.folding, links: m.links.map((l) => ({ href: l.href, text: l.text ?? undefined })) });
      } catch {
        folds = m.links.map(() => null);
      }
      entry.seen.set(m.key, folds);
      if (entry.seen.size > MAX_SEEN) entry.seen.delete(entry.seen.keys().next().value);
    }
    return { key: m.key, folds, shown: shown.has(m.key) };
  });
  saveSoon(key);
  return { type: 'folds', folding: choice.folding, results };
}

/** "Never fold in this chat", "Fold this chat's links", or back to the rules: the content script then folds it again. */
export async function foldChat(message, site) {
  await writeChoice(site, message.conversation, () => ({ folding: message.folding }));
  return { type: 'ok' };
}

/** "Show" (or "Fold" again) on one message's folded line, remembered for the conversation. */
export async function foldShow(message, site) {
  await writeChoice(site, message.conversation, (old) => {
    const shown = (old?.shown ?? []).filter((k) => k !== message.key);
    if (message.shown) shown.push(message.key);
    return { shown: shown.slice(-MAX_SHOWN) };
  });
  return { type: 'ok' };
}

/** A closed tab's states go with it. */
export function forgetFoldTab(tabId) {
  for (const key of [...chats.keys()]) {
    if (key.startsWith(`${tabId} `)) {
      chats.get(key).chat.free?.();
      chats.delete(key);
      dirty.delete(key);
    }
  }
  browser.storage.session
    .get(null)
    .then((all) => browser.storage.session.remove(Object.keys(all).filter((k) => k.startsWith(`${SESSION_PREFIX}${tabId} `))))
    .catch(() => {});
}
