// The wasm module's size: raw, gzip (level 9) and brotli (max quality) against the 150 KB gzip budget, and what
// takes the space.
//
//   node scripts/size.mjs SHIPPED.wasm [NAMED.wasm] [--json OUT] [--functions N]
//
// NAMED is the same module before wasm-bindgen and wasm-opt, with its function names (cargo's output): its code is
// split by crate (the name's first path segment) and the data segments counted apart, each with its share of the
// module (before wasm-opt, which shrinks everything a little: the shares are what counts). `--functions N` lists the N
// largest functions with their names (a generic function is named by the crate that defines it: much of "core" is
// linkgate's own code instantiated through core's iterators, sorts and formatting).
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const BUDGET = 150 * 1024;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonOut = jsonAt >= 0 ? args.splice(jsonAt, 2)[1] : null;
const functionsAt = args.indexOf('--functions');
const topFunctions = functionsAt >= 0 ? Number(args.splice(functionsAt, 2)[1]) : 0;
const [file, named] = args;

const raw = readFileSync(file);
const gz = gzipSync(raw, { level: 9 }).length;
const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
console.log(`${file}: ${kb(raw.length)} raw, ${kb(gz)} gzip, ${kb(br)} brotli (budget ${kb(BUDGET)} gzip: ${gz <= BUDGET ? 'within' : `over by ${kb(gz - BUDGET)}`})`);
const result = { raw: raw.length, gzip: gz, brotli: br, budget_gzip: BUDGET };

/** The sections of a wasm module, and the function names of its "name" section. */
function sections(bytes) {
  let at = 8;
  const leb = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[at++];
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) return result;
    }
  };
  const out = [];
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = leb();
    const start = at;
    let name = '';
    if (id === 0) {
      const n = leb();
      name = new TextDecoder().decode(bytes.subarray(at, at + n));
    }
    out.push({ id, name, start, size, body: bytes.subarray(start, start + size) });
    at = start + size;
  }
  return { out, leb: (b, p) => { at = p; bytes = b; return leb(); } };
}

if (named) {
  const bytes = readFileSync(named);
  const { out } = sections(bytes);
  // Function bodies (code section, id 10), imported functions counted first in the index space.
  let cursor;
  const readLeb = (buf) => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = buf[cursor++];
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) return result;
    }
  };
  const imports = out.find((s) => s.id === 2);
  let importedFunctions = 0;
  if (imports) {
    cursor = 0;
    const count = readLeb(imports.body);
    for (let i = 0; i < count; i++) {
      for (let k = 0; k < 2; k++) {
        const length = readLeb(imports.body); // module and field names: length, then bytes
        cursor += length;
      }
      const kind = imports.body[cursor++];
      if (kind === 0) {
        readLeb(imports.body);
        importedFunctions++;
      } else if (kind === 1) {
        cursor++;
        const flags = readLeb(imports.body);
        readLeb(imports.body);
        if (flags & 1) readLeb(imports.body);
      } else if (kind === 2) {
        const flags = readLeb(imports.body);
        readLeb(imports.body);
        if (flags & 1) readLeb(imports.body);
      } else if (kind === 3) {
        cursor += 2;
      }
    }
  }
  const code = out.find((s) => s.id === 10);
  const sizes = [];
  const bodies = [];
  cursor = 0;
  const nFunctions = readLeb(code.body);
  for (let i = 0; i < nFunctions; i++) {
    const size = readLeb(code.body);
    sizes.push(size);
    bodies.push(code.body.subarray(cursor, cursor + size));
    cursor += size;
  }
  const names = new Map();
  const nameSection = out.find((s) => s.id === 0 && s.name === 'name');
  if (nameSection) {
    cursor = 0;
    const body = nameSection.body;
    readLeb(body); // the section's own name length ...
    cursor = 1 + 'name'.length;
    while (cursor < body.length) {
      const sub = body[cursor++];
      const len = readLeb(body);
      const end = cursor + len;
      if (sub === 1) {
        const count = readLeb(body);
        for (let i = 0; i < count; i++) {
          const index = readLeb(body);
          const n = readLeb(body);
          names.set(index, new TextDecoder().decode(body.subarray(cursor, cursor + n)));
          cursor += n;
        }
      }
      cursor = end;
    }
  }
  const byCrate = new Map();
  // A function's crate: the first path segment of its name. Names are Rust's legacy mangling (`_ZN3url4host...`,
  // with `..` for `::` and `_$LT$` for `<` in trait impls, whose crate is the implementing type's) or plain.
  const crateOf = (name) => {
    if (!name) return '(unnamed)';
    const legacy = /^_?ZN(\d+)/.exec(name);
    if (legacy) {
      const first = name.slice(legacy[0].length, legacy[0].length + Number(legacy[1]));
      return /^_?\$LT\$([A-Za-z_][A-Za-z0-9_]*)/.exec(first)?.[1] ?? first;
    }
    const v0 = /^_R.*?C(?:s[0-9a-zA-Z]*_)?(\d+)([A-Za-z_][A-Za-z0-9_]*)/.exec(name); // v0: the first crate root
    if (v0) return v0[2].slice(0, Number(v0[1]));
    const plain = /^<*([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(name);
    if (plain) return plain[1];
    return /^(__|wasm|dl|mem|str|rust_|_start)/.test(name) ? 'runtime' : '(other)';
  };
  const chunks = new Map();
  sizes.forEach((size, i) => {
    const crate = crateOf(names.get(importedFunctions + i));
    byCrate.set(crate, (byCrate.get(crate) ?? 0) + size);
    if (!chunks.has(crate)) chunks.set(crate, []);
    chunks.get(crate).push(bodies[i]);
  });
  if (topFunctions > 0) {
    console.log(`  the ${topFunctions} largest functions (bytes before wasm-opt):`);
    const order = sizes.map((size, i) => [size, names.get(importedFunctions + i) ?? `#${i}`]).sort((a, b) => b[0] - a[0]);
    for (const [size, name] of order.slice(0, topFunctions)) console.log(`    ${String(size).padStart(7)}  ${name.slice(0, 150)}`);
  }
  const dataSections = out.filter((s) => s.id === 11);
  const data = dataSections.reduce((n, s) => n + s.size, 0);
  const total = out.filter((s) => s.id === 10 || s.id === 11).reduce((n, s) => n + s.size, 0);
  // Each part gzipped alone: an estimate of what it adds to the gzipped module (parts compress a little better
  // together, so these add up to a bit more than the whole).
  const gzipOf = (parts) => gzipSync(Buffer.concat(parts), { level: 9 }).length;
  const rows = [...byCrate.entries()]
    .map(([crate, size]) => ({ part: `code: ${crate}`, bytes: size, gzip: gzipOf(chunks.get(crate)) }))
    .concat([{ part: 'data segments (tables, strings, the Public Suffix List, the JSON rules)', bytes: data, gzip: gzipOf(dataSections.map((s) => s.body)) }]);
  rows.sort((a, b) => b.bytes - a.bytes);
  result.breakdown = rows.map((r) => ({ ...r, share: +(r.bytes / total).toFixed(4) }));
  console.log('  what takes the space (code and data before wasm-opt, by crate; gzip: the part compressed alone):');
  for (const r of result.breakdown.slice(0, 14)) console.log(`    ${(100 * r.share).toFixed(1).padStart(5)}%  ${kb(r.bytes).padStart(9)}  ${kb(r.gzip).padStart(9)} gzip  ${r.part}`);
}
if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(result, null, 2)}\n`);
