// The JavaScript peers for the in-Chromium bench, bundled by esbuild into target/bench/peers/js-peers.js (make bench):
// Ghostery's adblocker and tldts, as published on npm.
export { FiltersEngine, Request } from '@ghostery/adblocker';
export { parse as tldtsParse } from 'tldts';
