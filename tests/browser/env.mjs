// The world a browser test runs in: the fake exchange (cryptoscope-sandbox) with a pinned "today",
// a database written by the real `cryptoscope ingest`, the real `cryptoscope serve` on it, and
// Debian's chromium driven by playwright-core. Everything on 127.0.0.1; nothing from the internet.
import {spawn, execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, mkdirSync, existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import net from 'node:net';

export const TODAY = '2026-11-20';  // The sandbox's clock: the data never depends on the date.
export const COINS = 40;

export function parseArgs(argv) {
  const args = {};
  for (let i = 2; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--')) throw new Error(`unexpected argument ${argv[i]}`);
    args[argv[i].slice(2)] = argv[i + 1];
  }
  return args;
}

// The chromium flags known to work here as root (.library machines/cpp.md): without the
// background-networking ones chromium tries Google's hosts at every start.
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-default-apps', '--disable-extensions', '--metrics-recording-only',
  '--no-default-browser-check', '--disable-features=Translate,OptimizationHints,MediaRouter',
];

function waitForLine(child, pattern, what, timeoutMs = 15000) {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`${what}: no "${pattern}" within ` +
                                                    `${timeoutMs} ms; output: ${text}`)), timeoutMs);
    const onData = (chunk) => {
      text += chunk;
      const m = text.match(pattern);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}: ${text}`));
    });
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForHttp(url, child, timeoutMs = 15000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

// Starts the sandbox, ingests into a fresh database and serves it. Returns {baseUrl, db, stop}.
// With `serverUrl` (development), uses that server and `db` as they are.
export async function startWorld(args) {
  if (args['server-url']) {
    return {baseUrl: args['server-url'].replace(/\/$/, ''), db: args.db, stop: () => {}};
  }
  for (const key of ['cryptoscope', 'sandbox']) {
    if (!args[key] || !existsSync(args[key])) throw new Error(`--${key}: no binary at ${args[key]}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'cryptoscope-browser-'));
  const children = [];
  const stop = () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    rmSync(dir, {recursive: true, force: true});
  };
  try {
    const coins = String(args.coins || COINS);
    const sandbox = spawn(args.sandbox, ['--port', '0', '--coins', coins, '--seed', '1',
                                         '--today', TODAY], {stdio: ['ignore', 'pipe', 'pipe']});
    children.push(sandbox);
    const [, fakeUrl] = await waitForLine(sandbox, /listening on (http:\/\/127\.0\.0\.1:\d+)/,
                                          'sandbox');
    const db = join(dir, 'browser.db');
    const env = {
      PATH: process.env.PATH, HOME: dir, CRYPTOCOMPARE_API_KEY: 'test-key', DB_PATH: db,
      TOP_N: coins, MAX_CONCURRENCY: '8', BINANCE_BASE_URL: fakeUrl,
      CRYPTOCOMPARE_BASE_URL: fakeUrl,
    };
    try {
      execFileSync(args.cryptoscope, ['ingest', '--progress', 'none'], {env, stdio: 'pipe'});
    } catch (e) {
      // Exit 1 = some coins failed; the fake's edge-case coins may; the test checks what it uses.
      if (e.status !== 1) throw new Error(`ingest exited with ${e.status}: ${e.stderr}`);
    }
    const port = await freePort();
    const server = spawn(args.cryptoscope, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`],
                         {stdio: ['ignore', 'pipe', 'pipe'], env: {PATH: process.env.PATH}});
    children.push(server);
    let serverLog = '';
    server.stdout.on('data', (c) => (serverLog += c));
    server.stderr.on('data', (c) => (serverLog += c));
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForHttp(baseUrl + '/api/v1/health', server);
    return {baseUrl, db, stop, server, log: () => serverLog};
  } catch (e) {
    stop();
    throw e;
  }
}

// Rows from the database through the sqlite3 command line, read-only. Select numbers as quote(x):
// SQLite writes a REAL there so that it reads back as exactly the stored double (its plain
// printf('%.17g') does not: 1 in 3 of the fake's prices came back off by an ulp).
export function sql(db, query) {
  const out = execFileSync('sqlite3', ['-readonly', '-separator', '\t', db, query],
                           {encoding: 'utf8'});
  return out.split('\n').filter((l) => l.length).map((l) => l.split('\t'));
}
export const num = (text) => (text === '' || text === 'NULL' ? null : Number(text));

export function artifactsDir(args) {
  const dir = args.artifacts || join(process.cwd(), 'build', 'artifacts', 'browser');
  mkdirSync(dir, {recursive: true});
  return dir;
}
