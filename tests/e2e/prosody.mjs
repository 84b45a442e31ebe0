// A real XMPP server for the end-to-end tests: Debian's Prosody, on loopback only, with its own config, data and
// pid file in a temporary folder, started in the foreground and stopped at the end (shared/notes/real-chat.md).
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, writeFile, rm, mkdir } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port, ms = 15000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`prosody did not open port ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts Prosody for the domain `localhost` with a MUC service at `conference.localhost`, and the given users. */
export async function startProsody(users) {
  const dir = await mkdtemp(path.join(tmpdir(), 'linkgate-prosody-'));
  const data = path.join(dir, 'data');
  await mkdir(data);
  const [c2s, http] = [await freePort(), await freePort()];
  const config = path.join(dir, 'prosody.cfg.lua');
  await writeFile(
    config,
    `-- linkgate end-to-end tests: loopback only, no TLS, no s2s.
run_as_root = true
daemonize = false
pidfile = "${dir}/prosody.pid"
data_path = "${data}"
certificates = "${dir}"
log = { { levels = { min = "warn" }, to = "console" } }
interfaces = { "127.0.0.1" }
c2s_ports = { ${c2s} }
http_interfaces = { "127.0.0.1" }
http_ports = { ${http} }
https_ports = { }
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
consider_websocket_secure = true
consider_bosh_secure = true
http_cors_override = { bosh = { enabled = true }, websocket = { enabled = true } }
authentication = "internal_plain"
modules_enabled = {
  "roster"; "saslauth"; "disco"; "carbons"; "pep"; "private"; "vcard4"; "vcard_legacy"; "ping"; "register";
  "mam"; "smacks"; "bookmarks"; "blocklist"; "bosh"; "websocket"; "http";
}
modules_disabled = { "s2s"; "tls"; "offline" }
archive_expires_after = "1d"
VirtualHost "localhost"
Component "conference.localhost" "muc"
  restrict_room_creation = false
  modules_enabled = { "muc_mam" }
`,
  );
  for (const [user, password] of users) await run('prosodyctl', ['--config', config, 'register', user, 'localhost', password]);
  const child = spawn('prosody', ['--config', config, '-F'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  try {
    await waitForPort(http);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${error.message}\n${output}`, { cause: error });
  }
  return {
    websocket: `ws://127.0.0.1:${http}/xmpp-websocket`,
    log: () => output,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 3000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      await rm(dir, { recursive: true, force: true });
    },
  };
}
