// UTF-8 bytes for wasm: the service worker passes a classify batch's joined hrefs and texts to the engine this way,
// and the benchmark (benches/node.mjs, benches/chromium/bench.js) times the same code. TextEncoder.encodeInto into one
// reused buffer is the fast way there (22 ns a link, against ~60 for encode(), which allocates, or for wasm-bindgen's
// own copy of a string, one character at a time in JS). No DOM, no extension API.

const encoder = new TextEncoder();
let scratch = new Uint8Array(1 << 16);
const SCRATCH_MAX = 1 << 22; // larger batches (very long links) get a fresh buffer, not a kept one

/** Keeps a buffer of at least `bytes` (3 a UTF-16 unit), past the usual limit: for callers of huge batches. */
export function reserveUtf8(bytes) {
  if (bytes > scratch.length) scratch = new Uint8Array(bytes);
}

/** The UTF-8 bytes of each string, as views into one buffer (valid until the next call). */
export function utf8(...strings) {
  const need = 3 * strings.reduce((n, s) => n + s.length, 0);
  let buffer = scratch;
  if (need > buffer.length) {
    buffer = new Uint8Array(need);
    if (need <= SCRATCH_MAX) scratch = buffer;
  }
  let at = 0;
  return strings.map((s) => {
    const { written } = encoder.encodeInto(s, buffer.subarray(at));
    const view = buffer.subarray(at, at + written);
    at += written;
    return view;
  });
}
