// The page's whole state lives in the URL's query string, so a reload or a shared link shows the
// same view and back/forward step through it. Keys:
//   c=BTC             the coin (single-coin mode)
//   cmp=BTC,ETH,SOL   the compare set (its presence means compare mode; 2-10 coins drawn)
//   r=1Y              range preset (1M 3M 6M 1Y 3Y All), or r=custom with f=YYYY-MM-DD&t=YYYY-MM-DD
//   s=log             price scale (lin is the default)
//   ind=sma:20,rsi:14 indicators (the API's spec syntax)
//   v=table           view: chart (default), table, screener
//   by=return_30d     screener measure; o=asc|desc its order
import {parseIndicators} from './indicators.js';

export const RANGES = ['1M', '3M', '6M', '1Y', '3Y', 'All'];
export const RANGE_MONTHS = {'1M': 1, '3M': 3, '6M': 6, '1Y': 12, '3Y': 36};
export const MAX_COMPARE = 10;
export const SCREENER_MEASURES = ['return_30d', 'volatility_30d', 'rsi_14', 'drawdown'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function defaultState() {
  return {
    coin: null,
    compare: null,  // null = single-coin mode; an array (possibly short) = compare mode
    range: '1Y',
    from: null,
    to: null,
    log: false,
    indicators: [],
    view: 'chart',
    by: 'return_30d',
    order: 'desc',
  };
}

function symbolList(text) {
  const seen = new Set();
  for (const part of (text || '').split(',')) {
    const symbol = part.trim().toUpperCase();
    if (symbol && !seen.has(symbol) && seen.size < MAX_COMPARE) seen.add(symbol);
  }
  return [...seen];
}

export function parseState(search) {
  const p = new URLSearchParams(search);
  const s = defaultState();
  s.coin = (p.get('c') || '').trim().toUpperCase() || null;
  if (p.has('cmp')) s.compare = symbolList(p.get('cmp'));
  const r = p.get('r');
  if (r === 'custom' && DAY.test(p.get('f') || '') && DAY.test(p.get('t') || '')) {
    s.range = 'custom';
    s.from = p.get('f');
    s.to = p.get('t');
  } else if (RANGES.includes(r)) {
    s.range = r;
  }
  s.log = p.get('s') === 'log';
  s.indicators = parseIndicators(p.get('ind') || '');
  const v = p.get('v');
  if (v === 'table' || v === 'screener') s.view = v;
  if (SCREENER_MEASURES.includes(p.get('by'))) s.by = p.get('by');
  if (p.get('o') === 'asc') s.order = 'asc';
  return s;
}

export function serializeState(s) {
  const p = new URLSearchParams();
  if (s.coin) p.set('c', s.coin);
  if (s.compare) p.set('cmp', s.compare.join(','));
  if (s.range === 'custom') {
    p.set('r', 'custom');
    p.set('f', s.from);
    p.set('t', s.to);
  } else if (s.range !== '1Y') {
    p.set('r', s.range);
  }
  if (s.log) p.set('s', 'log');
  if (s.indicators.length) p.set('ind', s.indicators.join(','));
  if (s.view !== 'chart') p.set('v', s.view);
  if (s.view === 'screener') {
    p.set('by', s.by);
    if (s.order === 'asc') p.set('o', 'asc');
  }
  // Commas and colons stay readable in a shared link.
  const text = p.toString().replaceAll('%2C', ',').replaceAll('%3A', ':');
  return text ? '?' + text : location.pathname;
}
