// CryptoScope's page: reads the state from the URL, loads what it needs from /api/v1 and draws it.
// Every user action that changes the view goes through navigate(), which writes the URL first, so
// reload, shared links and back/forward all show the same view. document.body.dataset.state says
// loading | ready | empty | error (scripts wait on it).
import {api, capabilities} from './api.js';
import {parseState, serializeState, RANGES, RANGE_MONTHS, MAX_COMPARE} from './state.js';
import {ChartView, PALETTE} from './chart.js';
import {Picker} from './picker.js';
import {renderEditor} from './indicators.js';
import {renderTable} from './table.js';
import {renderStats, renderCorrelation, renderScreener} from './analysis.js';
import {renderCoinHeader, renderCoinLegend, renderCompareLegend, renderGapLegend} from './legend.js';
import * as fmt from './format.js';

const $ = (id) => document.getElementById(id);
let state = parseState(location.search);
let caps = null;
const capsReady = capabilities().then((c) => (caps = c));

// What is drawn now. kind: 'coin' | 'compare' | null; key identifies the data loaded.
const view = {
  kind: null, key: null, info: null, rows: [], byTime: new Map(),
  indicators: [], indKey: null, compare: null, lastDay: null, rangeKey: null,
};
let renderToken = 0;
let hovering = false;  // The crosshair is on a day: the legend follows it, not the range.

const chart = new ChartView($('chart'), {
  onCrosshair: (time) => {
    hovering = time !== null;
    updateLegend(time);
  },
  onUserRange: (from, to) => userRange(from, to),
  onRange: () => {
    if (!hovering) updateLegend(null);
  },
});

function navigate(change, {replace = false} = {}) {
  state = {...state, ...change};
  const url = serializeState(state);
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  render();
}
window.addEventListener('popstate', () => {
  state = parseState(location.search);
  render();
});

function setState(name) {
  document.body.dataset.state = name;
}

// ---- Loading -------------------------------------------------------------------------------

async function render() {
  const token = ++renderToken;
  syncControls();
  hideBanner();
  const screener = state.view === 'screener';
  $('chart-view').hidden = state.view !== 'chart';
  $('table-view').hidden = state.view !== 'table';
  $('screener-view').hidden = !screener;
  $('side').hidden = screener;
  $('info').hidden = screener;
  $('range-bar').hidden = screener;
  if (screener) {
    await loadScreener(token);
    return;
  }
  setState('loading');
  const slow = setTimeout(() => token === renderToken && showOverlay('Loading…', 'loading'), 150);
  try {
    if (state.compare) await loadCompare(token);
    else await loadCoin(token);
  } catch (e) {
    if (token === renderToken) failed(e);
    return;
  } finally {
    clearTimeout(slow);
  }
  if (token !== renderToken) return;
  if ($('overlay').dataset.kind === 'loading') hideOverlay();
  chart.setScale(state.log);
  applyRange();
  updateLegend(null);
  renderSide();
  if (state.view === 'table') renderTableView();
  if (document.body.dataset.state === 'loading') setState('ready');
  // The chart draws in its next animation frame (this callback runs after its own); a task queued
  // from there runs once that frame has been committed. Benchmarks and tests wait for this event.
  requestAnimationFrame(() => setTimeout(() => {
    if (token === renderToken) document.dispatchEvent(new CustomEvent('cryptoscope:painted'));
  }));
}

async function loadCoin(token) {
  if (!state.coin) {
    const first = await api.symbols({limit: 1});
    if (token !== renderToken) return;
    if (!first.data.length) {
      chart.clear();
      view.kind = null;
      showOverlay('This database holds no coins yet. Run `cryptoscope ingest` first.', 'empty');
      setState('empty');
      return;
    }
    state.coin = first.data[0].symbol;
    history.replaceState(null, '', serializeState(state));
    syncControls();
  }
  const coin = state.coin;
  if (view.kind !== 'coin' || view.key !== coin) {
    let info;
    let data;
    try {
      [info, data] = await Promise.all([api.symbol(coin), api.ohlcv(coin)]);
    } catch (e) {
      if (e.status === 404) {
        notFound(`No coin “${coin}” in this database. Pick one with the search box.`);
        return;
      }
      throw e;
    }
    if (token !== renderToken) return;
    view.kind = 'coin';
    view.key = coin;
    view.info = info;
    view.rows = data.rows.map((r) => ({...r, time: fmt.dayToSeconds(r.date)}));
    view.byTime = new Map(view.rows.map((r, i) => [r.time, i]));
    view.lastDay = view.rows.length ? view.rows[view.rows.length - 1].date : null;
    view.rangeKey = null;
    view.indKey = null;
    view.indicators = [];
    renderCoinHeader($('title'), $('coverage'), info);
    document.title = `${coin} · CryptoScope`;
    chart.setIndicators([]);
    if (!view.rows.length) {
      chart.clear();
      // A coin no venue trades (no source) gets no history from any ingest; one with a source
      // is just too new or not fetched yet.
      showOverlay(info && info.source
                      ? `No stored days for ${coin} yet: the next ingest brings its history.`
                      : `No stored days for ${coin}: no exchange the ingest uses trades it.`,
                  'empty');
      setState('empty');
      return;
    }
    hideOverlay();
    let min = Infinity;
    for (const r of view.rows) if (r.low > 0 && r.low < min) min = r.low;
    chart.showCoin(view.rows, fmt.pricePrecision(min));
  } else if (!view.rows.length) {
    setState('empty');
    return;
  }
  hideOverlay();
  await loadIndicators(token);
}

async function loadIndicators(token) {
  const specs = state.indicators;
  const key = view.key + '|' + specs.join(',');
  if (key === view.indKey) return;
  $('ind-note').textContent = '';
  if (!specs.length) {
    view.indicators = [];
    view.indKey = key;
    chart.setIndicators([]);
    return;
  }
  await capsReady;
  if (token !== renderToken) return;
  if (!caps.indicators) {
    $('ind-note').textContent = 'This server has no indicators endpoint.';
    view.indKey = key;
    return;
  }
  let response;
  try {
    response = await api.indicators(view.key, specs);
  } catch (e) {
    if (e.unreachable) throw e;
    if (token !== renderToken) return;
    $('ind-note').textContent = `Indicators: ${e.message}`;
    view.indicators = [];
    view.indKey = key;
    chart.setIndicators([]);
    return;
  }
  if (token !== renderToken) return;
  view.indicators = specs.map((spec, i) => {
    const r = response.indicators.find((x) => x.id === spec) || response.indicators[i];
    const rows = r.rows.map((row) => ({...row, time: fmt.dayToSeconds(row.date)}));
    return {spec, columns: r.columns, rows, byTime: new Map(rows.map((row, j) => [row.time, j]))};
  });
  view.indKey = key;
  chart.setIndicators(view.indicators);
}

async function loadCompare(token) {
  const symbols = state.compare;
  if (symbols.length < 2) {
    chart.clear();
    view.kind = 'compare';
    view.key = null;
    view.compare = null;
    renderChips(symbols);
    $('title').textContent = 'Compare';
    $('coverage').textContent = '';
    document.title = 'Compare · CryptoScope';
    showOverlay('Add coins with the search box: 2 to 10 coins, drawn from 100 at their first ' +
                'common day.', 'empty');
    setState('empty');
    return;
  }
  // The whole history needs no last day first: ask for it alongside the coins' details.
  const early = RANGE_MONTHS[state.range] ? null : api.compare(symbols, null, null);
  early?.catch(() => {});  // Handled below, where it is awaited.
  let infos;
  try {
    infos = await Promise.all(symbols.map((s) => api.symbol(s)));
  } catch (e) {
    if (e.status === 404) {
      notFound(`Cannot compare: ${e.message}. Remove the coin from the set.`);
      renderChips(symbols);
      return;
    }
    throw e;
  }
  if (token !== renderToken) return;
  const lastDay = infos.map((i) => i.last_day).filter(Boolean).sort().pop() || null;
  const months = RANGE_MONTHS[state.range];
  // A preset normalises at the start of its range; All and custom ranges at the first common day.
  const from = months && lastDay ? fmt.monthsBefore(lastDay, months) : null;
  const key = symbols.join(',') + '|' + from;
  renderChips(symbols);
  $('title').textContent = `Compare ${symbols.length} coins`;
  document.title = `Compare ${symbols.join(', ')} · CryptoScope`;
  if (view.kind === 'compare' && view.key === key) return;
  let response;
  try {
    response = await api.compare(symbols, from, null);
  } catch (e) {
    if (e.unreachable) throw e;
    if (token !== renderToken) return;
    chart.clear();
    view.kind = 'compare';
    view.key = null;
    view.compare = null;
    showOverlay(`Cannot compare these coins: ${e.message}`, 'empty');
    setState('empty');
    return;
  }
  if (token !== renderToken) return;
  const series = response.series.map((s) => {
    const points = s.points.map((p) => ({time: fmt.dayToSeconds(p.date), value: p.value,
                                         date: p.date}));
    return {symbol: s.symbol, total_return: s.total_return, points};
  });
  const dates = new Map();
  for (const s of series) for (const p of s.points) dates.set(p.time, p.date);
  view.kind = 'compare';
  view.key = key;
  view.compare = {
    base: response.base_day, series,
    times: [...dates.keys()].sort((a, b) => a - b), dates,
    index: series.map((s) => new Map(s.points.map((p, i) => [p.time, i]))),
  };
  view.lastDay = response.last_day;
  view.rangeKey = null;
  $('coverage').textContent = `From 100 on ${response.base_day}, the first day all ` +
      `${symbols.length} have a close; last day ${response.last_day}.`;
  hideOverlay();
  chart.showCompare(series);
}

// ---- Range ---------------------------------------------------------------------------------

// The visible range as days [from, to]; null ends mean the data's own ends.
function rangeDays() {
  if (state.range === 'custom') return [state.from, state.to];
  const months = RANGE_MONTHS[state.range];
  if (!months || !view.lastDay) return [null, null];
  return [fmt.monthsBefore(view.lastDay, months), view.lastDay];
}

function applyRange() {
  const key = `${view.kind}|${view.key}|${state.range}|${state.from}|${state.to}`;
  if (key === view.rangeKey || !view.key) return;
  view.rangeKey = key;
  const [from, to] = rangeDays();
  chart.setRange(from === null ? null : fmt.dayToSeconds(from),
                 to === null ? null : fmt.dayToSeconds(to));
}

let userRangeTimer = 0;
function userRange(fromSec, toSec) {
  clearTimeout(userRangeTimer);
  userRangeTimer = setTimeout(() => {
    const from = fmt.secondsToDay(fromSec);
    const to = fmt.secondsToDay(toSec);
    if (state.range === 'custom' && state.from === from && state.to === to) return;
    state = {...state, range: 'custom', from, to};
    view.rangeKey = `${view.kind}|${view.key}|custom|${from}|${to}`;  // Already on screen.
    history.replaceState(null, '', serializeState(state));
    syncControls();
    updateLegend(null);
    scheduleAnalysis();  // Not the indicator editor: someone may be typing in it.
  }, 250);
}

// ---- Legend, table, side panels -------------------------------------------------------------

function updateLegend(time) {
  const root = $('legend');
  if (view.kind === 'coin' && view.rows.length) {
    let i = time === null ? -1 : view.byTime.get(time) ?? -1;
    if (i < 0 && time !== null && time > view.rows[0].time && time < view.rows.at(-1).time) {
      renderGapLegend(root, view.key, fmt.secondsToDay(time));  // A day inside a gap.
      return;
    }
    if (i < 0) {
      // No day under the crosshair: the last day on screen.
      const visible = chart.visibleRange();
      i = view.rows.length - 1;
      if (visible) while (i > 0 && view.rows[i].time > visible.to) --i;
    }
    const row = view.rows[i];
    const indicators = view.indicators.map((ind) => {
      const j = ind.byTime.get(row.time);
      return {spec: ind.spec, columns: ind.columns, value: j === undefined ? null : ind.rows[j]};
    });
    renderCoinLegend(root, view.key, row, view.rows[i - 1], indicators);
  } else if (view.kind === 'compare' && view.compare) {
    const visible = chart.visibleRange();
    const entries = view.compare.series.map((s, k) => {
      const pts = s.points;
      let first = pts[0];
      let last = pts[pts.length - 1];
      if (visible) {
        first = pts.find((p) => p.time >= visible.from) || first;
        last = pts.findLast((p) => p.time <= visible.to) || last;
      }
      const j = time === null ? undefined : view.compare.index[k].get(time);
      const value = j === undefined ? pts[pts.length - 1].value : pts[j].value;
      return {symbol: s.symbol, value, last: pts[pts.length - 1].value,
              ret: last.value / first.value - 1};
    });
    renderCompareLegend(root, time === null ? null : fmt.secondsToDay(time), entries);
  } else {
    root.replaceChildren();
  }
}

// The rows of the visible range, as the table and its CSV show them.
function visibleTable() {
  const [from, to] = rangeDays();
  const inRange = (d) => (from === null || d >= from) && (to === null || d <= to);
  if (view.kind === 'coin') {
    const columns = ['date', 'open', 'high', 'low', 'close', 'volume', 'quote_volume']
        .map((key) => ({key, label: key === 'quote_volume' ? 'quote volume' : key}));
    const rows = view.rows.filter((r) => inRange(r.date)).map((r) => ({...r}));
    for (const ind of view.indicators) {
      for (const c of ind.columns) {
        const key = ind.columns.length > 1 ? `${ind.spec}.${c}` : ind.spec;
        columns.push({key, label: key});
        for (const r of rows) {
          const j = ind.byTime.get(r.time);
          r[key] = j === undefined ? null : ind.rows[j][c];
        }
      }
    }
    return {columns, rows, caption: `${view.key} daily rows`,
            filename: `${view.key}_1d_${rows[0]?.date}_${rows[rows.length - 1]?.date}.csv`};
  }
  const cmp = view.compare;
  const columns = [{key: 'date', label: 'date'},
                   ...cmp.series.map((s) => ({key: s.symbol, label: s.symbol}))];
  const rows = [];
  for (const t of cmp.times) {
    const date = cmp.dates.get(t);
    if (!inRange(date)) continue;
    const row = {date};
    cmp.series.forEach((s, k) => {
      const j = cmp.index[k].get(t);
      row[s.symbol] = j === undefined ? null : s.points[j].value;
    });
    rows.push(row);
  }
  return {columns, rows, caption: `Closes normalised to 100 on ${cmp.base}`,
          filename: `compare_${cmp.series.map((s) => s.symbol).join('-')}_` +
                    `${rows[0]?.date}_${rows[rows.length - 1]?.date}.csv`};
}

function renderTableView() {
  const root = $('table-view');
  if (!view.key || (view.kind === 'coin' && !view.rows.length)) {
    root.replaceChildren();
    return;
  }
  const t = visibleTable();
  renderTable(root, t.caption, t.columns, t.rows, t.filename);
}

let sideTimer = 0;
let analysisSeq = 0;
function renderSide() {
  const coinMode = view.kind === 'coin';
  $('ind-panel').hidden = !coinMode;
  if (coinMode) {
    renderEditor($('ind-editor'), state.indicators, (specs) => navigate({indicators: specs}));
  }
  $('corr-panel').hidden = view.kind !== 'compare';
  scheduleAnalysis();
}

// The statistics and correlation panels follow the visible range, 200 ms after it settles.
function scheduleAnalysis() {
  clearTimeout(sideTimer);
  ++analysisSeq;  // Answers to earlier requests are dropped when they arrive.
  sideTimer = setTimeout(loadAnalysis, 200);
}

// Requests in flight are left to finish rather than aborted: an aborted fetch is a failed request
// in the network log, and these are small and cached by the server.
async function loadAnalysis() {
  const seq = analysisSeq;
  await capsReady;
  const symbols = view.kind === 'coin' ? (view.rows.length ? [view.key] : []) :
      view.kind === 'compare' && view.compare ? view.compare.series.map((s) => s.symbol) : [];
  let [from, to] = rangeDays();
  if (view.kind === 'coin' && view.rows.length) {
    from = from ?? view.rows[0].date;
    to = to ?? view.rows[view.rows.length - 1].date;
  } else if (view.compare) {
    from = from ?? view.compare.base;
    to = to ?? view.lastDay;
  }
  const panel = async (enabled, root, load, draw, what) => {
    if (!enabled) {
      root.replaceChildren(Object.assign(document.createElement('p'), {
        className: 'muted', textContent: `This server has no ${what} endpoint.`}));
      return;
    }
    if (!symbols.length || !view.key) {
      root.replaceChildren();
      return;
    }
    try {
      const response = await load();
      if (seq === analysisSeq) draw(root, response);
    } catch (e) {
      if (seq !== analysisSeq) return;
      root.replaceChildren(Object.assign(document.createElement('p'), {
        className: 'muted', textContent: e.unreachable ? 'Server not answering.' : e.message}));
    }
  };
  await Promise.all([
    panel(caps.stats, $('stats'), () => api.stats(symbols, from, to), renderStats,
          'statistics'),
    view.kind === 'compare' ?
        panel(caps.correlation, $('corr'), () => api.correlation(symbols, from, to),
              renderCorrelation, 'correlation') : null,
  ]);
}

async function loadScreener(token) {
  setState('loading');
  await capsReady;
  if (token !== renderToken) return;
  const root = $('screener-table');
  $('screener-by').value = state.by;
  $('screener-order').value = state.order;
  if (!caps.screener) {
    root.textContent = 'This server has no screener endpoint (it comes with the analysis API).';
    setState('ready');
    return;
  }
  try {
    const response = await api.screener(state.by, Number($('screener-top').value), state.order);
    if (token !== renderToken) return;
    renderScreener(root, response, (symbol) => navigate({coin: symbol, compare: null,
                                                         view: 'chart'}));
    setState('ready');
  } catch (e) {
    if (token === renderToken) failed(e);
  }
}

// ---- States ----------------------------------------------------------------------------------

function showOverlay(text, kind) {
  const o = $('overlay');
  o.textContent = text;
  o.dataset.kind = kind;
  o.hidden = false;
}
function hideOverlay() {
  $('overlay').hidden = true;
}

function notFound(text) {
  chart.clear();
  view.kind = null;
  view.key = null;
  $('title').textContent = state.coin || 'Compare';
  $('coverage').textContent = '';
  $('legend').replaceChildren();
  showOverlay(text, 'empty');
  setState('empty');
}

function failed(e) {
  if (e.unreachable) {
    $('banner-text').textContent =
        'The CryptoScope server does not answer. Is `cryptoscope serve` still running?';
  } else {
    $('banner-text').textContent = `Something went wrong: ${e.message}`;
  }
  $('banner').hidden = false;
  hideOverlay();
  setState('error');
}
function hideBanner() {
  $('banner').hidden = true;
}

// ---- Controls --------------------------------------------------------------------------------

function syncControls() {
  for (const b of $('ranges').querySelectorAll('button')) {
    b.setAttribute('aria-pressed', String(b.dataset.range === state.range));
  }
  $('scale-log').setAttribute('aria-pressed', String(state.log));
  $('mode-compare').setAttribute('aria-pressed', String(Boolean(state.compare)));
  for (const b of $('views').querySelectorAll('button')) {
    b.setAttribute('aria-pressed', String(b.dataset.view === state.view));
  }
  $('search').placeholder = state.compare ? 'Add a coin to compare  ( / )' :
                                            'Search coins by symbol or name  ( / )';
  if (!state.compare) $('chips').replaceChildren();
  $('chips').hidden = !state.compare;
  $('range-custom').hidden = state.range !== 'custom';
  $('range-custom').textContent = state.range === 'custom' ? `${state.from} → ${state.to}` : '';
}

function renderChips(symbols) {
  const root = $('chips');
  root.replaceChildren();
  symbols.forEach((symbol, i) => {
    const chip = document.createElement('li');
    chip.className = 'chip';
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = PALETTE[i % PALETTE.length];
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'icon';
    remove.textContent = '×';
    remove.setAttribute('aria-label', `Remove ${symbol} from the comparison`);
    remove.addEventListener('click', () =>
      navigate({compare: state.compare.filter((s) => s !== symbol)}));
    chip.append(swatch, symbol, remove);
    root.append(chip);
  });
}

function status(text) {
  $('status').textContent = text;
}

const picker = new Picker($('search'), $('search-list'), {
  loadCoins: () => api.symbols({limit: 10000}).then((r) => r.data),
  // A coin about to be picked starts loading now; picking it then draws from the page's cache.
  // Failures are ignored here: the pick itself reports them.
  onPreview: (symbol) => {
    if (state.compare) return;
    api.symbol(symbol).catch(() => {});
    api.ohlcv(symbol).catch(() => {});
  },
  onPick: (symbol) => {
    if (state.compare) {
      if (state.compare.includes(symbol)) return status(`${symbol} is already in the comparison`);
      if (state.compare.length >= MAX_COMPARE) {
        return status(`At most ${MAX_COMPARE} coins can be compared`);
      }
      navigate({compare: [...state.compare, symbol], view: state.view === 'screener' ?
          'chart' : state.view});
    } else {
      navigate({coin: symbol, view: state.view === 'screener' ? 'chart' : state.view});
    }
  },
});

function buildControls() {
  const ranges = $('ranges');
  for (const r of RANGES) {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.range = r;
    b.textContent = r;
    b.setAttribute('aria-label', r === 'All' ? 'Whole history' : `Last ${r}`);
    b.addEventListener('click', () => navigate({range: r, from: null, to: null}));
    ranges.append(b);
  }
  $('scale-log').addEventListener('click', () => navigate({log: !state.log}));
  $('mode-compare').addEventListener('click', () => {
    if (state.compare) navigate({compare: null, coin: state.compare[0] || state.coin});
    else navigate({compare: state.coin ? [state.coin] : []});
    if (state.compare) $('search').focus();
  });
  for (const b of $('views').querySelectorAll('button')) {
    b.addEventListener('click', () => navigate({view: b.dataset.view}));
  }
  $('screener-by').addEventListener('change', (e) => navigate({by: e.target.value}));
  $('screener-order').addEventListener('change', (e) => navigate({order: e.target.value}));
  $('screener-top').addEventListener('change', () => render());
  $('retry').addEventListener('click', () => {
    view.key = null;
    render();
  });
  document.addEventListener('keydown', (e) => {
    const typing = e.target.closest('input, select, textarea');
    if (e.key === '/' && !typing) {
      e.preventDefault();
      $('search').focus();
      return;
    }
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'Escape') {
      for (const d of document.querySelectorAll('details[open]')) d.open = false;
      document.activeElement?.blur();
      return;
    }
    const onChart = e.target === document.body || e.target.closest('#chart-wrap');
    if (!onChart || state.view !== 'chart') return;
    const moves = {ArrowLeft: () => chart.pan(-1), ArrowRight: () => chart.pan(1),
                   ArrowUp: () => chart.zoom(1), ArrowDown: () => chart.zoom(-1)};
    if (moves[e.key]) {
      e.preventDefault();
      moves[e.key]();
    }
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => chart.applyTheme());
}

buildControls();
render();
