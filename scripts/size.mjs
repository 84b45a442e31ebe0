// Prints a wasm module's size raw, gzip (level 9) and brotli (max quality) against the 150 KB gzip budget.
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const BUDGET = 150 * 1024;
const file = process.argv[2];
const raw = readFileSync(file);
const gz = gzipSync(raw, { level: 9 }).length;
const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`${file}: ${kb(raw.length)} raw, ${kb(gz)} gzip, ${kb(br)} brotli (budget ${kb(BUDGET)} gzip: ${
  gz <= BUDGET ? 'within' : `over by ${kb(gz - BUDGET)}`})`);
