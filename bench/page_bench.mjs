// Benchmark of the web page (issue 9 targets), not a test: in Debian's chromium (headless, via
// playwright-core) against `cryptoscope serve` on a database ingested from the fake exchange.
//   node bench/page_bench.mjs --cryptoscope build/cryptoscope --sandbox build/cryptoscope-sandbox
// Prints a table and writes bench/results/page.json. Each figure is the median of --runs runs
// (default 7), every run in a fresh browser context (empty HTTP cache).
//   first chart  navigation start -> BTC's 3050 days painted (candles + volume, range All)
//   coin switch  click on a search result -> the new coin painted (its first visit: fetched)
//   compare 10   click on "All" in compare mode with 10 coins -> painted (the whole history)
//   page weight  bytes of the page's own files and of the chart library, gzip -9 and as served
import {gzipSync} from 'node:zlib';
import {readFileSync, readdirSync, statSync, mkdirSync, writeFileSync} from 'node:fs';
import {join, relative} from 'node:path';
import {execFileSync} from 'node:child_process';
import {CHROMIUM_ARGS, parseArgs, sql, startWorld} from '../tests/browser/env.mjs';

const {chromium} = await import('playwright-core');
const args = parseArgs(process.argv);
const runs = Number(args.runs || 7);
const world = await startWorld({coins: 100, ...args});
const {baseUrl, db} = world;
const browser = await chromium.launch({executablePath: args.chromium || '/usr/bin/chromium',
                                       args: CHROMIUM_ARGS});

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function freshPage() {
  const context = await browser.newContext({viewport: {width: 1280, height: 800}});
  await context.addInitScript(() => {
    window.__painted = [];
    document.addEventListener('cryptoscope:painted', () => window.__painted.push(performance.now()));
    window.__clicks = [];
    document.addEventListener('click', (e) => window.__clicks.push(e.timeStamp), true);
  });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && console.error('console error:', m.text()));
  return page;
}
async function paintedCount(page, n) {
  await page.waitForFunction((k) => window.__painted.length >= k, n, {timeout: 20000});
}
// Time from the last click to the paint that followed it.
async function clickToPaint(page, before) {
  await paintedCount(page, before + 1);
  return page.evaluate(() => window.__painted[window.__painted.length - 1] -
                             window.__clicks[window.__clicks.length - 1]);
}

const [btcDays] = sql(db, "SELECT COUNT(*) FROM ohlcv WHERE symbol = 'BTC'")[0];
const top = sql(db, 'SELECT s.symbol FROM symbols s WHERE s.rank IS NOT NULL AND ' +
                    '(SELECT COUNT(*) FROM ohlcv o WHERE o.symbol = s.symbol) > 1000 ' +
                    'ORDER BY s.rank LIMIT 21').map((r) => r[0]);
const results = {first_chart_ms: [], coin_switch_ms: [], compare10_ms: [], compare10_load_ms: []};

for (let run = 0; run < runs; ++run) {
  // First chart: a fresh context, navigation to painted.
  const page = await freshPage();
  await page.goto(baseUrl + '/?c=BTC&r=All');
  await paintedCount(page, 1);
  results.first_chart_ms.push(await page.evaluate(() => window.__painted[0]));

  // Coin switch: pick coins through the search box, each for the first time in this context.
  const switches = top.slice(1, 6);
  for (const symbol of switches) {
    await page.fill('#search', symbol.toLowerCase());
    const option = page.locator(`#search-list [data-symbol="${symbol}"]`);
    await option.waitFor();
    const before = await page.evaluate(() => window.__painted.length);
    await option.click();
    results.coin_switch_ms.push(await clickToPaint(page, before));
  }
  await page.context().close();

  // Compare of 10 coins: loaded on 1Y, then "All" (a new compare request of the whole history).
  const cmp = top.slice(0, 10);
  const page2 = await freshPage();
  await page2.goto(`${baseUrl}/?cmp=${cmp.join(',')}&r=All`);
  await paintedCount(page2, 1);
  results.compare10_load_ms.push(await page2.evaluate(() => window.__painted[0]));
  await page2.click('#ranges button[data-range="1Y"]');
  await paintedCount(page2, 2);
  // A different 10-coin set each run so the server's response cache does not answer.
  const set = top.slice(run % 11, run % 11 + 10);
  await page2.goto(`${baseUrl}/?cmp=${set.join(',')}&r=1Y`);
  await paintedCount(page2, 1);
  const before = await page2.evaluate(() => window.__painted.length);
  await page2.click('#ranges button[data-range="All"]');
  results.compare10_ms.push(await clickToPaint(page2, before));
  await page2.context().close();
}

// Page weight: what the page loads on its first visit.
const webDir = new URL('../web/', import.meta.url).pathname;
function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}
const page = await freshPage();
const served = [];
page.on('response', async (r) => {
  if (!r.url().includes('/api/')) {
    const headers = await r.allHeaders();
    served.push({url: r.url(), encoding: headers['content-encoding'] || 'identity',
                 bytes: Number(headers['content-length'] || (await r.body()).length)});
  }
});
await page.goto(baseUrl + '/?c=BTC');
await paintedCount(page, 1);
await page.waitForTimeout(300);
const loaded = new Set(served.map((s) => new URL(s.url).pathname.replace(/^\/assets\//, '')
                                                              .replace(/^\/$/, 'index.html')));
let ownRaw = 0, ownGzip = 0, libRaw = 0, libGzip = 0;
for (const path of files(webDir)) {
  const name = relative(webDir, path);
  if (!loaded.has(name)) continue;
  const body = readFileSync(path);
  const gz = gzipSync(body, {level: 9}).length;
  if (name.startsWith('vendor/')) {
    libRaw += body.length;
    libGzip += gz;
  } else {
    ownRaw += body.length;
    ownGzip += gz;
  }
}
const wire = served.reduce((sum, s) => sum + s.bytes, 0);
await page.context().close();
await browser.close();
world.stop();

const chromiumVersion = execFileSync(args.chromium || '/usr/bin/chromium', ['--version'],
                                     {encoding: 'utf8'}).trim();
const summary = {
  chromium: chromiumVersion,
  runs,
  btc_days: Number(btcDays),
  first_chart_ms: median(results.first_chart_ms),
  coin_switch_ms: median(results.coin_switch_ms),
  compare10_all_history_ms: median(results.compare10_ms),
  compare10_page_load_ms: median(results.compare10_load_ms),
  own_files: loaded.size - 1,
  own_raw_bytes: ownRaw, own_gzip9_bytes: ownGzip,
  chart_lib_raw_bytes: libRaw, chart_lib_gzip9_bytes: libGzip,
  bytes_on_the_wire: wire,
  encodings: [...new Set(served.map((s) => s.encoding))],
  samples: results,
};
const kb = (b) => (b / 1024).toFixed(1) + ' KB';
const ms = (xs) => `${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, ` +
                   `max ${Math.max(...xs).toFixed(0)}, n=${xs.length})`;
console.log(`page benchmark, ${chromiumVersion}, medians of ${runs} runs`);
console.log(`first chart (BTC, ${btcDays} days)   ${ms(results.first_chart_ms)}   target < 1000 ms`);
console.log(`coin switch (click -> painted)   ${ms(results.coin_switch_ms)}   target < 150 ms`);
console.log(`compare 10 coins, All (click)    ${ms(results.compare10_ms)}   target < 300 ms`);
console.log(`compare 10 coins, page load      ${ms(results.compare10_load_ms)}`);
console.log(`page weight, own files gzip -9   ${kb(ownGzip)} (${kb(ownRaw)} raw)   target < 150 KB`);
console.log(`chart library gzip -9            ${kb(libGzip)} (${kb(libRaw)} raw)`);
console.log(`bytes on the wire (first visit)  ${kb(wire)} (${summary.encodings.join(', ')})`);
const out = new URL('results/', import.meta.url).pathname;
mkdirSync(out, {recursive: true});
writeFileSync(join(out, 'page.json'), JSON.stringify(summary, null, 2) + '\n');
