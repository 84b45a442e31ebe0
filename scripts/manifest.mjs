// Writes an extension build's manifest.json from its three sources, so that no fact is kept twice:
// - manifest.json at the repository root: everything but the two generated fields;
// - Cargo.toml: the version (one version number for the manifest, the crate and package.json; tests/js/facts.test.mjs
//   checks package.json);
// - rules/sites.json: the chat sites, as the content scripts' match patterns (`<origin>/*`);
// - rules/platforms.json and rules/wrappers.json: the short-link hosts, as optional host permissions.
// The list of content-script files is the manifest's own (`content_scripts[0].js`); lib/sites.js reads it from the
// running manifest to register and inject the same files on the sites a person adds.
//
//   node scripts/manifest.mjs OUT/manifest.json
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The crate's version from Cargo.toml's [package] table. */
export async function crateVersion(root = ROOT) {
  const toml = await readFile(path.join(root, 'Cargo.toml'), 'utf8');
  const pkg = toml.split(/^\[/m).find((table) => table.startsWith('package]'));
  const version = pkg?.match(/^version\s*=\s*"([^"]+)"/m)?.[1];
  if (!version) throw new Error('Cargo.toml: no version in [package]');
  return version;
}

/** rules/sites.json, checked: each site has a name and origins of the form `scheme://host`. */
export async function chatSites(root = ROOT) {
  const { sites } = JSON.parse(await readFile(path.join(root, 'rules/sites.json'), 'utf8'));
  if (!Array.isArray(sites) || sites.length === 0) throw new Error('rules/sites.json: `sites` must be a non-empty array');
  for (const site of sites) {
    if (typeof site.name !== 'string' || !Array.isArray(site.origins) || site.origins.length === 0) {
      throw new Error(`rules/sites.json: each site needs a name and origins (${JSON.stringify(site)})`);
    }
    for (const origin of site.origins) {
      if (typeof origin !== 'string' || new URL(origin).origin !== origin) throw new Error(`rules/sites.json: ${origin} is not an origin`);
    }
  }
  return sites;
}

/**
 * The short-link hosts, as match patterns: each platform's `shortLinkHosts` (rules/platforms.json) and the generic
 * shorteners (rules/wrappers.json), the hosts "Where does it go?" may contact (docs/short-links.md). They are the
 * manifest's optional host permissions, asked for the first time a person resolves a link.
 */
export async function shortLinkPatterns(root = ROOT) {
  const read = async (name) => JSON.parse(await readFile(path.join(root, 'rules', name), 'utf8'));
  const [{ platforms }, { shorteners }] = await Promise.all([read('platforms.json'), read('wrappers.json')]);
  const hosts = [...platforms.flatMap((p) => p.shortLinkHosts ?? []), ...shorteners];
  if (hosts.length === 0 || hosts.some((h) => typeof h !== 'string' || !/^[a-z0-9.-]+$/.test(h))) {
    throw new Error('rules: short-link hosts must be lower-case ASCII host names');
  }
  return [...new Set(hosts)].flatMap((h) => [`http://${h}/*`, `https://${h}/*`]);
}

/** The manifest of a build, as an object. */
export async function buildManifest(root = ROOT) {
  const manifest = JSON.parse(await readFile(path.join(root, 'manifest.json'), 'utf8'));
  const [version, sites, shortLinks] = await Promise.all([crateVersion(root), chatSites(root), shortLinkPatterns(root)]);
  const [scripts] = manifest.content_scripts;
  // The version where a reader looks for it, after the name and description.
  const out = {};
  for (const [key, value] of Object.entries(manifest)) {
    out[key] = value;
    if (key === 'description') out.version = version;
  }
  out.content_scripts = [{ matches: sites.flatMap((s) => s.origins.map((o) => `${o}/*`)), ...scripts }];
  out.optional_host_permissions = shortLinks;
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (!out) throw new Error('usage: node scripts/manifest.mjs OUT/manifest.json');
  await writeFile(out, `${JSON.stringify(await buildManifest(), null, 2)}\n`);
}
