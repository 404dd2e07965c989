// Browser test of the web page (issue 9): Debian's chromium, driven by playwright-core, against
// `cryptoscope serve` on a database that `cryptoscope ingest` wrote from the fake exchange.
// Every expected number is read from the database with the sqlite3 command line.
//   node tests/browser/page_test.mjs --cryptoscope build/cryptoscope \
//     --sandbox build/cryptoscope-sandbox --artifacts build/artifacts/browser
// Screenshots of each state go to --artifacts. Exit 0 = passed.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {CHROMIUM_ARGS, artifactsDir, num, parseArgs, sql, startWorld} from './env.mjs';
import {exactNumber, monthsBefore} from '../../web/js/format.js';

let chromium;
try {
  ({chromium} = await import('playwright-core'));
} catch {
  console.error('playwright-core is missing: run scripts/install-deps.sh (npm ci at the repo root)');
  process.exit(1);
}

const args = parseArgs(process.argv);
const executablePath = args.chromium || '/usr/bin/chromium';
const shots = artifactsDir(args);
const world = await startWorld(args);
const {baseUrl, db} = world;
const browser = await chromium.launch({executablePath, args: CHROMIUM_ARGS});

// Everything that must not happen on a healthy page: console errors, uncaught exceptions, failed
// or non-2xx requests, and any request that would leave the machine.
const problems = [];
function watch(page, name) {
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${name}: console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${name}: exception: ${e.message}`));
  page.on('requestfailed', (r) => {
    // A download's navigation is reported as aborted once the file is handed over.
    if (r.url().startsWith('blob:')) return;
    problems.push(`${name}: failed request ${r.url()}: ${r.failure()?.errorText}`);
  });
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(baseUrl + '/') && !/^(data|blob):/.test(url)) {
      problems.push(`${name}: request leaving the server: ${url}`);
    }
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${name}: HTTP ${r.status()} ${r.url()}`);
  });
}
function noProblems(step) {
  assert.deepEqual(problems, [], `${step}: the page reported problems`);
}

async function newPage(name, options = {}) {
  const context = await browser.newContext({viewport: {width: 1280, height: 800},
                                            acceptDownloads: true, ...options});
  const page = await context.newPage();
  watch(page, name);
  return page;
}

async function ready(page) {
  await page.waitForFunction(() => document.body.dataset.state !== 'loading', null,
                             {timeout: 10000});
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'ready');
  // The chart paints on the next animation frame.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

// Pixels of the chart's canvases that are not the background colour (the library draws on
// several stacked canvases).
async function paintedPixels(page) {
  return page.evaluate(() => {
    const bg = getComputedStyle(document.documentElement).getPropertyValue('--bg').trim();
    const probe = document.createElement('canvas').getContext('2d');
    probe.fillStyle = bg;
    probe.fillRect(0, 0, 1, 1);
    const [br, bgG, bb] = probe.getImageData(0, 0, 1, 1).data;
    let count = 0;
    for (const canvas of document.querySelectorAll('#chart canvas')) {
      if (!canvas.width || !canvas.height) continue;
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 0 && (Math.abs(data[i] - br) + Math.abs(data[i + 1] - bgG) +
                                Math.abs(data[i + 2] - bb)) > 30) {
          ++count;
        }
      }
    }
    return count;
  });
}

async function legendValue(page, key) {
  const el = page.locator(`#legend [data-key="${key}"]`);
  return {text: await el.textContent(), value: await el.getAttribute('data-value')};
}

function lastRow(symbol) {
  const [row] = sql(db, `SELECT date, quote(close) FROM ohlcv WHERE symbol = '${symbol}' ` +
                        'ORDER BY date DESC LIMIT 1');
  return {date: row[0], close: num(row[1])};
}

async function expectCoin(page, symbol) {
  const last = lastRow(symbol);
  await page.locator('#legend .sym', {hasText: symbol}).first().waitFor();
  assert.equal((await page.locator('#title .sym').textContent()), symbol);
  assert.equal((await page.locator('#legend [data-key="date"]').textContent()), last.date);
  const close = await legendValue(page, 'close');
  assert.equal(Number(close.value), last.close, `${symbol} legend close vs the database`);
  assert.equal(close.text, exactNumber(last.close));
  const painted = await paintedPixels(page);
  assert.ok(painted > 5000, `${symbol}: the chart painted only ${painted} pixels`);
  return painted;
}

const steps = [];
async function step(name, body) {
  const t0 = Date.now();
  await body();
  steps.push(`ok ${steps.length + 1} - ${name} (${Date.now() - t0} ms)`);
  console.log(steps[steps.length - 1]);
}

try {
  const page = await newPage('main');

  await step('BTC chart renders with the database\'s last close', async () => {
    await page.goto(baseUrl + '/');
    await ready(page);
    assert.match(page.url(), /[?&]c=BTC\b/, 'the first coin by rank is shown by default');
    await expectCoin(page, 'BTC');
    const [first, last, days] = sql(db, "SELECT MIN(date), MAX(date), COUNT(*) FROM ohlcv " +
                                        "WHERE symbol = 'BTC'")[0];
    assert.equal(await page.locator('#coverage [data-first]').getAttribute('data-first'), first);
    assert.equal(await page.locator('#coverage [data-last]').getAttribute('data-last'), last);
    assert.match(await page.locator('#coverage').textContent(),
                 new RegExp(`${Number(days).toLocaleString('en')} days`));
    await page.screenshot({path: join(shots, '01-btc.png')});
    noProblems('BTC');
  });

  await step('the crosshair legend shows the hovered day\'s row', async () => {
    const box = await page.locator('#chart').boundingBox();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await page.waitForFunction((last) =>
      document.querySelector('#legend [data-key="date"]')?.textContent !== last,
      lastRow('BTC').date);
    const date = await page.locator('#legend [data-key="date"]').textContent();
    const [row] = sql(db, "SELECT quote(open), quote(high), " +
                          "quote(low), quote(close) FROM ohlcv " +
                          `WHERE symbol = 'BTC' AND date = '${date}'`);
    assert.ok(row, `hovered day ${date} is in the database`);
    for (const [i, key] of ['open', 'high', 'low', 'close'].entries()) {
      assert.equal(Number((await legendValue(page, key)).value), num(row[i]), `${date} ${key}`);
    }
    await page.screenshot({path: join(shots, '02-crosshair.png')});
    await page.mouse.move(2, 2);
  });

  await step('searching by name and picking another coin redraws with its data', async () => {
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'search');
    await page.keyboard.type('ethereum');
    const option = page.locator('#search-list [role=option]').first();
    await option.waitFor();
    assert.equal(await option.getAttribute('data-symbol'), 'ETH');
    await page.screenshot({path: join(shots, '03-search.png')});
    await option.click();
    await page.waitForURL(/[?&]c=ETH\b/);
    await ready(page);
    await expectCoin(page, 'ETH');
    // By symbol, with the keyboard: type, arrow to the option, Enter.
    await page.keyboard.press('/');
    await page.keyboard.type('xmr');
    await page.locator('#search-list [data-symbol="XMR"]').waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL(/[?&]c=XMR\b/);
    await ready(page);
    await expectCoin(page, 'XMR');
    await page.screenshot({path: join(shots, '04-xmr.png')});
    await page.goBack();
    await page.waitForURL(/[?&]c=ETH\b/);
    await ready(page);
    await expectCoin(page, 'ETH');
    noProblems('search');
  });

  const compareSet = ['ETH', 'BTC', 'XMR'];
  let compareUrl;
  let compareLegend;
  await step('compare of 3 coins: last values equal 100 * (1 + return) from the database',
             async () => {
    await page.click('#mode-compare');
    await page.waitForURL(/[?&]cmp=ETH\b/);
    for (const symbol of compareSet.slice(1)) {
      await page.fill('#search', symbol.toLowerCase());
      await page.locator(`#search-list [data-symbol="${symbol}"]`).click();
      await page.waitForURL(new RegExp(`cmp=[^&]*${symbol}`));
    }
    await page.click('#ranges button[data-range="All"]');
    await page.waitForURL(/r=All/);
    await ready(page);
    const list = sql(db, "SELECT date FROM ohlcv WHERE symbol IN ('ETH','BTC','XMR') GROUP BY date " +
                         'HAVING COUNT(*) = 3 ORDER BY date LIMIT 1');
    const base = list[0][0];
    const entries = page.locator('#legend .legend-compare li');
    assert.equal(await entries.count(), 3);
    compareLegend = [];
    for (const [i, symbol] of compareSet.entries()) {
      const li = entries.nth(i);
      assert.equal(await li.getAttribute('data-symbol'), symbol);
      const [[baseClose]] = sql(db, "SELECT quote(close) FROM ohlcv WHERE symbol = " +
                                    `'${symbol}' AND date = '${base}'`);
      const last = lastRow(symbol);
      const ret = last.close / num(baseClose) - 1;
      const shown = Number(await li.getAttribute('data-last'));
      assert.ok(Math.abs(shown - 100 * (1 + ret)) <= 1e-9 * shown,
                `${symbol}: last value ${shown} vs 100 * (1 + ${ret}) from the database`);
      // With the whole history visible, the return over the visible range is the total return.
      const visibleReturn = Number(await li.getAttribute('data-return'));
      assert.ok(Math.abs(visibleReturn - ret) <= 1e-9, `${symbol}: ${visibleReturn} vs ${ret}`);
      assert.match(await li.textContent(), new RegExp(`${(100 * (1 + ret)).toFixed(2)}`));
      compareLegend.push([symbol, shown]);
    }
    assert.match(await page.locator('#coverage').textContent(), new RegExp(base));
    assert.ok((await paintedPixels(page)) > 5000, 'compare chart painted');
    compareUrl = page.url();
    await page.screenshot({path: join(shots, '05-compare.png')});
    noProblems('compare');
  });

  await step('a shared URL restores the view; back and forward step through it', async () => {
    const other = await newPage('shared');
    await other.goto(compareUrl);
    await ready(other);
    assert.equal(other.url(), compareUrl);
    const entries = other.locator('#legend .legend-compare li');
    const restored = [];
    for (let i = 0; i < await entries.count(); ++i) {
      restored.push([await entries.nth(i).getAttribute('data-symbol'),
                     Number(await entries.nth(i).getAttribute('data-last'))]);
    }
    assert.deepEqual(restored, compareLegend);
    assert.equal(await other.locator('#ranges button[data-range="All"]')
                     .getAttribute('aria-pressed'), 'true');
    assert.equal(await other.locator('#mode-compare').getAttribute('aria-pressed'), 'true');
    await other.screenshot({path: join(shots, '06-shared-url.png')});
    await other.context().close();
    // Back: the range before "All", then the set of two; forward again.
    await page.goBack();
    await ready(page);
    assert.doesNotMatch(page.url(), /r=All/);
    await page.goBack();
    await ready(page);
    assert.equal(await page.locator('#legend .legend-compare li').count(), 2);
    await page.goForward();
    await page.goForward();
    await ready(page);
    assert.equal(page.url(), compareUrl);
    assert.equal(await page.locator('#legend .legend-compare li').count(), 3);
    noProblems('shared URL');
  });

  await step('compare table: its CSV equals 100 * close / base close from the database', async () => {
    await page.click('#views button[data-view="table"]');
    await page.waitForURL(/v=table/);
    await ready(page);
    const [download] = await Promise.all([page.waitForEvent('download'),
                                          page.click('#csv-download')]);
    const csv = readFileSync(await download.path(), 'utf8').trimEnd().split('\r\n');
    assert.equal(csv[0], ['date', ...compareSet].join(','));
    const [[base]] = sql(db, `SELECT date FROM ohlcv WHERE symbol IN ('ETH','BTC','XMR') ` +
                             'GROUP BY date HAVING COUNT(*) = 3 ORDER BY date LIMIT 1');
    const closes = compareSet.map((symbol) => new Map(
        sql(db, `SELECT date, quote(close) FROM ohlcv WHERE symbol = '${symbol}' AND ` +
                `date >= '${base}'`).map(([d, c]) => [d, num(c)])));
    const dates = [...new Set(closes.flatMap((m) => [...m.keys()]))].sort();
    assert.equal(csv.length - 1, dates.length);
    csv.slice(1).forEach((line, i) => {
      const [date, ...values] = line.split(',');
      assert.equal(date, dates[i]);
      values.forEach((text, k) => {
        const close = closes[k].get(date);
        if (close === undefined) return assert.equal(text, '', `${compareSet[k]} ${date}`);
        const expected = 100 * close / closes[k].get(base);
        assert.ok(Math.abs(Number(text) - expected) <= 1e-12 * expected,
                  `${compareSet[k]} ${date}: ${text} vs ${expected}`);
      });
    });
    await page.screenshot({path: join(shots, '06b-compare-table.png')});
    noProblems('compare table');
  });

  await step('log scale, a range preset from the URL, and a 3e-7 price', async () => {
    await page.goto(baseUrl + '/?c=BTC&r=3M&s=log');
    await ready(page);
    assert.equal(await page.locator('#scale-log').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('#ranges button[data-range="3M"]')
                     .getAttribute('aria-pressed'), 'true');
    await expectCoin(page, 'BTC');
    await page.screenshot({path: join(shots, '07-btc-3m-log.png')});
    // A price of 3e-7: written out in full, no exponent.
    await page.goto(baseUrl + '/?c=SATS&r=3M');
    await ready(page);
    await expectCoin(page, 'SATS');
    assert.match(await page.locator('#legend [data-key="close"]').textContent(), /^0\.000000\d+$/);
    await page.screenshot({path: join(shots, '07a-sats-tiny-price.png')});
    await page.goto(baseUrl + '/?c=BTC&r=3M&s=log');
    await ready(page);
  });

  await step('keyboard: arrows zoom and pan the chart into a custom range, Esc closes the list',
             async () => {
    await page.focus('#chart-wrap');
    await page.keyboard.press('ArrowUp');  // Zoom in: the URL gets the range on screen.
    await page.waitForURL(/r=custom&f=\d{4}-\d{2}-\d{2}&t=\d{4}-\d{2}-\d{2}/);
    const zoomed = new URL(page.url()).searchParams;
    assert.ok(zoomed.get('f') > monthsBefore(lastRow('BTC').date, 3), 'zoomed in');
    await page.keyboard.press('ArrowLeft');  // Pan back in time.
    await page.waitForFunction((f) => new URL(location.href).searchParams.get('f') < f,
                               zoomed.get('f'));
    assert.equal(await page.locator('#ranges [aria-pressed="true"]').count(), 0);
    assert.match(await page.locator('#range-custom').textContent(), / → /);
    await page.screenshot({path: join(shots, '07b-zoomed.png')});
    await page.keyboard.press('/');
    await page.keyboard.type('b');
    await page.locator('#search-list').waitFor();
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.locator('#search-list [aria-selected="true"]').count(), 1);
    await page.keyboard.press('Escape');
    await page.locator('#search-list').waitFor({state: 'hidden'});
    assert.equal(await page.locator('#search').getAttribute('aria-expanded'), 'false');
    // Back to the 3M preset for the table below.
    await page.click('#ranges button[data-range="3M"]');
    await ready(page);
    noProblems('keyboard');
  });

  await step('the table shows the visible rows and its CSV equals the database rows', async () => {
    await page.click('#views button[data-view="table"]');
    await page.waitForURL(/v=table/);
    await ready(page);
    const {date: last} = lastRow('BTC');
    const from = monthsBefore(last, 3);
    const rows = sql(db, "SELECT date, quote(open), quote(high), " +
                         "quote(low), quote(close), quote(volume), " +
                         "quote(quote_volume) FROM ohlcv WHERE symbol = 'BTC' AND " +
                         `date >= '${from}' AND date <= '${last}' ORDER BY date`);
    assert.ok(rows.length > 80);
    assert.equal(await page.locator('#table-view tbody tr').count(), rows.length);
    const [download] = await Promise.all([page.waitForEvent('download'),
                                          page.click('#csv-download')]);
    assert.equal(download.suggestedFilename(), `BTC_1d_${from}_${last}.csv`);
    const csv = readFileSync(await download.path(), 'utf8').trimEnd().split('\r\n');
    assert.equal(csv[0], 'date,open,high,low,close,volume,quote_volume');
    assert.equal(csv.length - 1, rows.length);
    csv.slice(1).forEach((line, i) => {
      const fields = line.split(',');
      assert.equal(fields[0], rows[i][0]);
      for (let c = 1; c < 7; ++c) {
        assert.equal(fields[c] === '' ? null : Number(fields[c]), num(rows[i][c]),
                     `CSV row ${rows[i][0]} column ${c}`);
      }
    });
    await page.screenshot({path: join(shots, '08-table.png')});
    noProblems('table');
  });

  await step('dark theme on a phone-sized screen, then light when the system switches', async () => {
    const dark = await newPage('dark', {colorScheme: 'dark', viewport: {width: 390, height: 844},
                                        isMobile: true, hasTouch: true});
    await dark.goto(baseUrl + '/?cmp=BTC,ETH,XMR,DOGE&r=1Y');
    await ready(dark);
    const bg = await dark.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(19, 23, 34)');
    assert.ok((await paintedPixels(dark)) > 2000);
    await dark.screenshot({path: join(shots, '09-dark-phone.png'), fullPage: true});
    // The system switches to light: page and chart follow without a reload.
    const chartCorner = () => dark.evaluate(() => {
      const canvas = document.querySelector('#chart canvas');
      return [...canvas.getContext('2d').getImageData(2, 2, 1, 1).data.slice(0, 3)];
    });
    assert.deepEqual(await chartCorner(), [19, 23, 34]);
    await dark.emulateMedia({colorScheme: 'light'});
    await dark.waitForFunction(() => getComputedStyle(document.body).backgroundColor ===
                                     'rgb(255, 255, 255)');
    await dark.waitForFunction(() => {
      const canvas = document.querySelector('#chart canvas');
      return canvas.getContext('2d').getImageData(2, 2, 1, 1).data[0] === 255;
    });
    await dark.context().close();
    noProblems('dark');
  });

  await step('a coin without stored days says so', async () => {
    const [[symbol] = []] = sql(db, 'SELECT symbol FROM symbols WHERE symbol NOT IN ' +
                                    '(SELECT DISTINCT symbol FROM ohlcv) ORDER BY rank LIMIT 1');
    if (symbol) {
      await page.goto(baseUrl + '/?c=' + encodeURIComponent(symbol));
      await page.waitForFunction(() => document.body.dataset.state !== 'loading');
      assert.equal(await page.evaluate(() => document.body.dataset.state), 'empty');
      assert.match(await page.locator('#overlay').textContent(), /No stored days/);
      await page.screenshot({path: join(shots, '10-no-data.png')});
      noProblems('no data');
    }
  });

  // The analysis endpoints come with the analysis work; until the server's OpenAPI document lists
  // them the page shows "no ... endpoint" and this step checks only that.
  const openapi = await (await fetch(baseUrl + '/api/v1/openapi.json')).json();
  const paths = Object.keys(openapi.paths || {}).map((p) => p.replace(/^\/api\/v1/, ''));
  const hasPath = (name) => paths.some((p) => p.startsWith('/' + name));
  await step(`indicators, statistics, correlation and screener (${
                 hasPath('indicators') ? 'served' : 'not on this server'})`, async () => {
    if (!hasPath('indicators')) {
      await page.goto(baseUrl + '/?c=BTC&ind=sma:20');
      await ready(page);
      await page.locator('#ind-note', {hasText: 'no indicators endpoint'}).waitFor();
      noProblems('no analysis');
      return;
    }
    await page.goto(baseUrl + '/?c=BTC&r=6M');
    await ready(page);
    // Add SMA 20 and RSI 14 through the editor; the URL follows.
    await page.selectOption('#ind-editor select', 'sma');
    await page.waitForURL(/ind=sma:20/);
    await ready(page);
    await page.selectOption('#ind-editor select', 'rsi');
    await page.waitForURL(/ind=sma:20,rsi:14/);
    await ready(page);
    const sma = page.locator('#legend [data-spec="sma:20"]');
    await sma.waitFor();
    const closes = sql(db, "SELECT quote(close) FROM ohlcv WHERE symbol = 'BTC' " +
                           'ORDER BY date DESC LIMIT 20').map((r) => num(r[0]));
    const expected = closes.reduce((a, b) => a + b, 0) / 20;
    const [shown] = JSON.parse(await sma.getAttribute('data-values'));
    assert.ok(Math.abs(shown - expected) <= 1e-9 * expected, `SMA 20: ${shown} vs ${expected}`);
    const [rsi] = JSON.parse(await page.locator('#legend [data-spec="rsi:14"]')
                                 .getAttribute('data-values'));
    assert.ok(rsi > 0 && rsi < 100, `RSI 14 = ${rsi}`);
    // Edit a parameter: SMA 20 -> SMA 50.
    await page.fill('#ind-editor input[aria-label="SMA Period"]', '50');
    await page.press('#ind-editor input[aria-label="SMA Period"]', 'Enter');
    await page.waitForURL(/ind=sma:50,rsi:14/);
    await ready(page);
    await page.locator('#legend [data-spec="sma:50"]').waitFor();
    // The statistics box covers the visible range (6M): days and return from the database.
    await page.locator('#stats table').waitFor();
    const last = lastRow('BTC');
    const from = monthsBefore(last.date, 6);
    const window = sql(db, "SELECT quote(close) FROM ohlcv WHERE symbol = 'BTC' AND date >= " +
                           `'${from}' AND date <= '${last.date}' ORDER BY date`).map((r) => num(r[0]));
    assert.equal(await page.locator('#stats caption').textContent(), `${from} to ${last.date}`);
    const cells = page.locator('#stats td');
    assert.equal(Number(await cells.nth(0).getAttribute('data-value')), window.length);
    const ret = Number(await cells.nth(1).getAttribute('data-value'));
    const expectedReturn = window[window.length - 1] / window[0] - 1;
    assert.ok(Math.abs(ret - expectedReturn) <= 1e-12, `return ${ret} vs ${expectedReturn}`);
    await page.screenshot({path: join(shots, '12-indicators-stats.png')});
    await page.goto(baseUrl + '/?cmp=BTC,ETH,XMR&r=1Y');
    await ready(page);
    const heat = page.locator('#corr table');
    await heat.waitFor();
    for (let i = 0; i < 3; ++i) {
      assert.equal(await heat.locator(`tbody tr:nth-child(${i + 1}) td:nth-of-type(${i + 1})`)
                       .textContent(), '1.00');
    }
    await page.screenshot({path: join(shots, '13-correlation.png')});
    await page.click('#views button[data-view="screener"]');
    await page.waitForURL(/v=screener/);
    await ready(page);
    const rows = page.locator('#screener-table tbody tr');
    assert.ok((await rows.count()) > 10);
    await page.click('#screener-table th:nth-child(2) button');  // Sort by coin.
    assert.equal(await page.locator('#screener-table th:nth-child(2)').getAttribute('aria-sort'),
                 'ascending');
    const coins = await page.locator('#screener-table tbody td:nth-child(2)').allTextContents();
    assert.deepEqual(coins, [...coins].sort());
    await page.screenshot({path: join(shots, '14-screener.png')});
    noProblems('analysis');
  });

  await step('a stopped server shows a clear message', async () => {
    if (!world.server) return;  // Someone else's server: not ours to stop.
    await page.goto(baseUrl + '/?c=BTC');
    await ready(page);
    await page.keyboard.press('/');  // Loads the coin list while the server still runs.
    await page.locator('#search-list [role=option]').first().waitFor();
    noProblems('before stopping');
    await new Promise((resolve) => {
      world.server.once('exit', resolve);
      world.server.kill('SIGTERM');
      // Idle keep-alive connections may hold a graceful stop; the point is only that it stops.
      setTimeout(() => world.server.kill('SIGKILL'), 3000);
    });
    problems.length = 0;  // From here on, failed requests are the point.
    await page.keyboard.type('dogecoin');
    await page.locator('#search-list [data-symbol="DOGE"]').click();
    await page.waitForFunction(() => document.body.dataset.state === 'error');
    assert.match(await page.locator('#banner').textContent(), /does not answer/);
    assert.ok(await page.locator('#banner').isVisible());
    await page.screenshot({path: join(shots, '11-server-stopped.png')});
  });
} catch (e) {
  console.error('FAILED:', e.stack || e);
  if (world.log) console.error('server log:\n' + world.log());
  process.exitCode = 1;
} finally {
  await browser.close();
  world.stop();
}
console.log(`${steps.length} steps passed; screenshots in ${shots}`);
