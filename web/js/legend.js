// The text around the chart: the coin's header and coverage line, and the crosshair legends.
// Stored values are written exactly (format.exactNumber); data-* attributes carry the raw
// numbers for scripts and tests.
import {approx, exactNumber, compactNumber, percent, fixed} from './format.js';
import {label as indLabel} from './indicators.js';
import {PALETTE} from './chart.js';

function span(className, text, attrs = {}) {
  const s = document.createElement('span');
  if (className) s.className = className;
  s.textContent = text;
  for (const [k, v] of Object.entries(attrs)) s.dataset[k] = v;
  return s;
}

// info: GET /api/v1/symbols/{symbol}.
export function renderCoinHeader(title, coverage, info) {
  title.replaceChildren(
      span('sym', info.symbol), ' ', span('name', info.name || ''),
      info.rank ? span('rank', ` #${info.rank}`) : span('rank', ' (not in the top N now)'));
  coverage.replaceChildren();
  const parts = [];
  const source = info.source ? `${info.source}${info.pair ? ' ' + info.pair : ''}` : 'no source';
  parts.push(span('source', source, {source: info.source || ''}));
  if (info.rows) {
    parts.push(span('days', `${info.first_day} → ${info.last_day}`, {
      first: info.first_day, last: info.last_day}));
    parts.push(span('', `${exactNumber(info.rows)} day${info.rows === 1 ? '' : 's'}`));
  } else {
    parts.push(span('', 'no stored days'));
  }
  const cov = info.coverage;
  if (cov && info.rows) {
    const gaps = cov.gaps || [];
    if (!gaps.length) {
      parts.push(span('gaps ok', 'no gaps'));
    } else {
      const details = document.createElement('details');
      details.className = 'gaps';
      const summary = document.createElement('summary');
      summary.textContent = `${gaps.length} gap${gaps.length > 1 ? 's' : ''}, ` +
          `${cov.missing_days} missing day${cov.missing_days === 1 ? '' : 's'}` +
          (cov.known_gap_days ? ` (${cov.known_gap_days} confirmed by the provider)` : '');
      const list = document.createElement('ul');
      for (const g of gaps.slice(0, 50)) {
        const li = document.createElement('li');
        li.textContent = `${g.from}${g.to !== g.from ? ' → ' + g.to : ''}: ${g.days} day` +
            `${g.days > 1 ? 's' : ''}${g.known ? ', provider has none' : ', missing'}`;
        list.append(li);
      }
      if (gaps.length > 50) list.append(Object.assign(document.createElement('li'), {
        textContent: `… ${gaps.length - 50} more`}));
      details.append(summary, list);
      parts.push(details);
    }
    if (cov.stale_since) parts.push(span('stale', `no new candle since ${cov.stale_since}`));
  }
  parts.forEach((p, i) => {
    if (i) coverage.append(span('sep', ' · '));
    coverage.append(p);
  });
}

// row, prev: OHLCV rows (prev = the day before, for the day's change); indicators: [{spec,
// columns, value: {<column>: number}}] at the same day.
export function renderCoinLegend(root, symbol, row, prev, indicators) {
  root.replaceChildren();
  if (!row) return;
  const line = document.createElement('div');
  line.className = 'legend-line';
  const item = (key, labelText, value, text) => {
    const s = span('item', '');
    s.append(span('k', labelText + ' '), span('v', text, {key, value: String(value)}));
    return s;
  };
  const change = prev ? row.close / prev.close - 1 : row.close / row.open - 1;
  line.append(
      span('sym', symbol), ' ', span('date', row.date, {key: 'date'}), ' ',
      item('open', 'O', row.open, exactNumber(row.open)), ' ',
      item('high', 'H', row.high, exactNumber(row.high)), ' ',
      item('low', 'L', row.low, exactNumber(row.low)), ' ',
      item('close', 'C', row.close, exactNumber(row.close)), ' ',
      item('volume', 'Vol', row.volume, compactNumber(row.volume)), ' ',
      span(change >= 0 ? 'chg up' : 'chg down', percent(change), {key: 'change', value: change}));
  root.append(line);
  if (indicators.length) {
    const ind = document.createElement('div');
    ind.className = 'legend-line ind';
    for (const i of indicators) {
      const values = i.columns.map((c) => {
        const v = i.value?.[c];
        return approx(v);
      });
      const item = span('item', `${indLabel(i.spec)} ${values.join(' / ')}`, {spec: i.spec});
      item.dataset.values = JSON.stringify(i.columns.map((c) => i.value?.[c] ?? null));
      ind.append(item, ' ');
    }
    root.append(ind);
  }
}

// A day the store has no candle for (inside a gap of the coin's history).
export function renderGapLegend(root, symbol, date) {
  root.replaceChildren();
  const line = document.createElement('div');
  line.className = 'legend-line';
  line.append(span('sym', symbol), ' ', span('date', date, {key: 'date'}), ' ',
              span('k', 'no candle stored for this day (gap)'));
  root.append(line);
}

// entries: [{symbol, value (at the crosshair or last), last, ret (over the visible range)}].
export function renderCompareLegend(root, date, entries) {
  root.replaceChildren();
  const list = document.createElement('ul');
  list.className = 'legend-compare';
  if (date) root.append(span('date', date, {key: 'date'}));
  entries.forEach((e, i) => {
    const li = document.createElement('li');
    li.dataset.symbol = e.symbol;
    li.dataset.last = String(e.last);
    li.dataset.return = String(e.ret);
    const swatch = span('swatch', '');
    swatch.style.background = PALETTE[i % PALETTE.length];
    li.append(swatch, span('sym', e.symbol), ' ', span('v', fixed(e.value)), ' ',
              span(e.ret >= 0 ? 'ret up' : 'ret down', percent(e.ret)));
    li.title = `${e.symbol}: ${percent(e.ret)} over the visible range`;
    list.append(li);
  });
  root.append(list);
}
