// Side panels fed by the analysis endpoints: the statistics box (GET /api/v1/stats), the
// correlation heat map (GET /api/v1/correlation) and the screener table (GET /api/v1/screener).
// Rendering only: main.js decides when to fetch.
import {percent, fixed, exactNumber} from './format.js';

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

// stats: the API's {from, to, stats: [...]}. One coin: a column of measures; several: a row each.
export function renderStats(root, response) {
  root.replaceChildren();
  const stats = response.stats || [];
  if (!stats.length) {
    root.append(el('p', {class: 'muted'}, 'No statistics for this range'));
    return;
  }
  const dd = (s) => s.max_drawdown || {};
  const ddTitle = (s) => dd(s).peak ?
      `peak ${dd(s).peak}, trough ${dd(s).trough}, ` +
      (dd(s).recovery ? `recovered ${dd(s).recovery}` : 'not recovered') : '';
  const table = el('table', {class: 'stats'});
  table.append(el('caption', {}, `${response.from} to ${response.to}`));
  if (stats.length === 1) {
    const s = stats[0];
    const body = table.createTBody();
    const line = (label, text, title, value) => {
      const tr = body.insertRow();
      const td = el('td', {}, text);
      if (value !== undefined) td.dataset.value = String(value);
      tr.append(el('th', {scope: 'row', title: title || label}, label), td);
    };
    line('Days', String(s.days), '', s.days);
    line('Return', percent(s.total_return), 'last close / first close - 1', s.total_return);
    line('Volatility', percent(s.volatility, 1, false), 'annualised with sqrt(365)',
         s.volatility);
    line('Max drawdown', percent(dd(s).depth, 1), '', dd(s).depth);
    line('Peak → trough', dd(s).peak ? `${dd(s).peak} → ${dd(s).trough}` : '–');
    line('Recovered', !dd(s).peak ? '–' : dd(s).recovery || 'not yet');
    line('Sharpe', fixed(s.sharpe), 'annualised, risk-free rate 0');
    line('Sortino', fixed(s.sortino), 'annualised, risk-free rate 0');
  } else {
    const head = table.createTHead().insertRow();
    const columns = [['Coin'], ['Return'], ['Vol.', 'volatility, annualised with sqrt(365)'],
                     ['Max DD', 'maximum drawdown'], ['Sharpe'], ['Sortino']];
    for (const [label, title] of columns) {
      head.append(el('th', {scope: 'col', title: title || label}, label));
    }
    const body = table.createTBody();
    for (const s of stats) {
      const tr = body.insertRow();
      tr.append(el('th', {scope: 'row'}, s.symbol), el('td', {}, percent(s.total_return, 1)),
                el('td', {}, percent(s.volatility, 0, false)),
                el('td', {title: ddTitle(s)}, percent(dd(s).depth, 1)),
                el('td', {}, fixed(s.sharpe)), el('td', {}, fixed(s.sortino)));
    }
  }
  root.append(table);
}

// A diverging colour: blue for -1, neutral for 0, red for +1, as an rgba over the theme.
function heat(r) {
  const a = Math.min(1, Math.abs(r));
  return r >= 0 ? `rgba(214, 69, 65, ${0.15 + 0.75 * a})` : `rgba(41, 98, 255, ${0.15 + 0.75 * a})`;
}

export function renderCorrelation(root, response) {
  root.replaceChildren();
  const {symbols, matrix} = response;
  // Up to 10 coins fit the side panel with short numbers (".06") in small cells.
  const dense = symbols.length > 6;
  const short = (r) => (dense ? r.toFixed(2).replace(/^(-?)0\./, '$1.') : r.toFixed(2));
  const table = el('table', {class: dense ? 'heat dense' : 'heat'});
  table.append(el('caption', {},
      `Daily returns, ${response.from} to ${response.to} ` +
      // `days` counts returns (common days - 1), not calendar days.
      `(${response.days} return${response.days === 1 ? '' : 's'})`));
  const head = table.createTHead().insertRow();
  head.append(el('th', {scope: 'col'}, ''));
  for (const s of symbols) head.append(el('th', {scope: 'col'}, s));
  const body = table.createTBody();
  symbols.forEach((row, i) => {
    const tr = body.insertRow();
    tr.append(el('th', {scope: 'row'}, row));
    symbols.forEach((col, j) => {
      const r = matrix[i][j];
      const td = el('td', {title: `${row} / ${col}: ${r === null ? 'n/a' : r.toFixed(4)}`},
                    r === null ? '–' : short(r));
      if (r !== null) {
        td.style.background = heat(r);
        if (Math.abs(r) > 0.6) td.style.color = '#fff';
      }
      tr.append(td);
    });
  });
  root.append(table);
}

const MEASURES = {
  return_30d: {label: '30-day return', format: (v) => percent(v)},
  volatility_30d: {label: '30-day volatility', format: (v) => percent(v, 1, false)},
  rsi_14: {label: 'RSI 14', format: (v) => fixed(v, 1)},
  drawdown: {label: 'Drawdown from peak', format: (v) => percent(v, 1)},
};
export function measureLabel(by) {
  return MEASURES[by]?.label || by;
}

// A table sortable by any column (click or Enter on its header); onOpen(symbol) opens a coin.
export function renderScreener(root, response, onOpen) {
  root.replaceChildren();
  // `rank` in the answer is the position in this ranking, not the market-cap rank.
  const rows = response.data.map((d, i) => ({...d, position: d.rank ?? i + 1}));
  const format = MEASURES[response.by]?.format || ((v) => exactNumber(v));
  const columns = [
    {key: 'position', label: '#', numeric: true},
    {key: 'symbol', label: 'Coin'},
    {key: 'name', label: 'Name'},
    {key: 'value', label: measureLabel(response.by), numeric: true, format},
    {key: 'last_day', label: 'Last day'},
  ];
  let sortKey = 'position';
  let ascending = true;
  const table = el('table', {class: 'data screener'});
  table.append(el('caption', {}, `${measureLabel(response.by)} as of ${response.as_of}`));
  const head = table.createTHead().insertRow();
  const body = table.createTBody();
  const headers = columns.map((c) => {
    const th = el('th', {scope: 'col', 'aria-sort': 'none'});
    const button = el('button', {type: 'button'}, c.label);
    button.addEventListener('click', () => {
      ascending = sortKey === c.key ? !ascending : !c.numeric || c.key === 'position';
      sortKey = c.key;
      fill();
    });
    th.append(button);
    head.append(th);
    return th;
  });
  function fill() {
    const sign = ascending ? 1 : -1;
    rows.sort((a, b) => {
      const x = a[sortKey];
      const y = b[sortKey];
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return (x < y ? -1 : 1) * sign;
    });
    columns.forEach((c, i) => headers[i].setAttribute('aria-sort',
        c.key === sortKey ? (ascending ? 'ascending' : 'descending') : 'none'));
    body.replaceChildren();
    for (const r of rows) {
      const tr = body.insertRow();
      for (const c of columns) {
        const td = el('td');
        if (c.key === 'symbol') {
          const open = el('a', {href: '?c=' + encodeURIComponent(r.symbol)}, r.symbol);
          open.addEventListener('click', (e) => {
            e.preventDefault();
            onOpen(r.symbol);
          });
          td.append(open);
        } else {
          const v = r[c.key];
          td.textContent = v === null || v === undefined ? '–' : c.format ? c.format(v) : String(v);
        }
        if (c.numeric) td.className = 'num';
        tr.append(td);
      }
    }
  }
  fill();
  root.append(table);
}
