// Facts kept in one place: the version (Cargo.toml) and the chat sites (rules/sites.json) reach every build's
// manifest and lib/facts.js, and package.json says the same version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { buildManifest, chatSites, crateVersion } from '../../scripts/manifest.mjs';

const json = async (file) => JSON.parse(await readFile(new URL(`../../${file}`, import.meta.url), 'utf8'));

test('one version number: Cargo.toml, package.json and each build manifest', async () => {
  const version = await crateVersion();
  assert.match(version, /^\d+\.\d+\.\d+$/);
  assert.equal((await json('package.json')).version, version, 'package.json');
  assert.equal((await json('package-lock.json')).version, version, 'package-lock.json');
  for (const browser of ['chrome', 'firefox']) assert.equal((await json(`dist/${browser}/manifest.json`)).version, version, browser);
});

test('the source manifest leaves the version and the match patterns to the generator', async () => {
  const source = await json('manifest.json');
  assert.equal(source.version, undefined);
  assert.equal(source.content_scripts[0].matches, undefined);
});

test('each build manifest matches exactly the origins of rules/sites.json, and is what the generator writes', async () => {
  const origins = (await chatSites()).flatMap((s) => s.origins);
  assert.ok(origins.includes('https://web.wechat.com'));
  for (const browser of ['chrome', 'firefox']) {
    const manifest = await json(`dist/${browser}/manifest.json`);
    assert.deepEqual(manifest, await buildManifest(), `dist/${browser} is stale: run bash scripts/build.sh`);
    assert.deepEqual(manifest.content_scripts[0].matches, origins.map((o) => `${o}/*`));
  }
});

/** dist/<browser>/lib/facts.js as the classic script it is. */
function factsOf(browser) {
  const world = vm.createContext({});
  vm.runInContext(readFileSync(new URL(`../../dist/${browser}/lib/facts.js`, import.meta.url), 'utf8'), world);
  const facts = world.linkgate.facts;
  // In this realm (deepEqual compares prototypes), and with the frozenness read before the copy.
  return { ...JSON.parse(JSON.stringify(facts)), frozen: Object.isFrozen(facts) && Object.isFrozen(facts.SITES[0]) && Object.isFrozen(facts.CONTEXTS) };
}

test('lib/facts.js: the presets, contexts and actions of the built module, in its order', async () => {
  const pkg = new URL('../../dist/pkg/', import.meta.url);
  const wasm = await import(new URL('linkgate.js', pkg));
  await wasm.default({ module_or_path: await readFile(new URL('linkgate_bg.wasm', pkg)) });
  for (const browser of ['chrome', 'firefox']) {
    const facts = factsOf(browser);
    assert.deepEqual([...facts.PRESET_IDS], wasm.presets().map((p) => p.id), browser);
    assert.deepEqual([...facts.CONTEXTS], ['direct', 'group', 'feed'], browser);
    assert.deepEqual([...facts.CONTEXTS], wasm.contexts(), browser);
    // A verdict's action bits index ACTIONS (docs/decision.md): 0 open, 1 warn, 2 block.
    assert.deepEqual([...facts.ACTIONS], ['open', 'warn', 'block'], browser);
    assert.deepEqual([...facts.ACTIONS], wasm.actions(), browser);
    assert.ok(facts.frozen, 'frozen: no part can change a fact for the others');
  }
  assert.equal(await readFile(new URL('../../dist/www/ext/lib/facts.js', import.meta.url), 'utf8'), await readFile(new URL('../../dist/chrome/lib/facts.js', import.meta.url), 'utf8'), 'the playground reads the same facts');
});

test('lib/facts.js lists the shown sites of rules/sites.json', async () => {
  const { SITES } = factsOf('chrome');
  const shown = (await chatSites()).filter((s) => s.shown !== false);
  assert.deepEqual(SITES.map((s) => s.name), shown.map((s) => s.name));
  assert.deepEqual(SITES.map((s) => s.origins), shown.map((s) => s.origins));
  assert.ok(!SITES.some((s) => s.origins.includes('http://127.0.0.1')), 'linkgate\'s own pages are not offered as a chat');
});
