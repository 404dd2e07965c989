// The REST API v1 (docs: notes/API.md, GET /api/v1/openapi.json). Every call returns parsed JSON
// or throws ApiError: status 0 = the server did not answer (stopped, network down).

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
  get unreachable() {
    return this.status === 0;
  }
}

async function getJSON(path, signal) {
  let response;
  try {
    response = await fetch(path, {signal, headers: {Accept: 'application/json'}});
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'unreachable', 'the server does not answer');
  }
  if (!response.ok) {
    let code = 'http_' + response.status;
    let message = `HTTP ${response.status}`;
    try {
      const body = await response.json();
      code = body.error?.code || code;
      message = body.error?.message || message;
    } catch {
      // Not our JSON error body (a proxy's page): keep the status line.
    }
    throw new ApiError(response.status, code, message);
  }
  return response.json();
}

const enc = encodeURIComponent;
function query(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== '') p.set(k, v);
  }
  const text = p.toString().replaceAll('%2C', ',').replaceAll('%3A', ':');
  return text ? '?' + text : '';
}

// Whole-history series never change while the page is open (closed days only), so they are kept
// for the page's lifetime: coin switches and back/forward redraw without a request.
const cache = new Map();
function cached(key, load) {
  if (!cache.has(key)) {
    const promise = load();
    cache.set(key, promise);
    promise.catch(() => cache.delete(key));
  }
  return cache.get(key);
}

export const api = {
  symbols: (params, signal) => getJSON('/api/v1/symbols' + query(params), signal),
  symbol: (symbol) => cached('s:' + symbol, () => getJSON('/api/v1/symbols/' + enc(symbol))),
  ohlcv: (symbol) =>
    cached('o:' + symbol, () => getJSON('/api/v1/ohlcv/' + enc(symbol) + query({limit: 10000}))),
  compare: (symbols, from, to) =>
    cached(`c:${symbols}:${from}:${to}`, () =>
      getJSON('/api/v1/compare' + query({symbols: symbols.join(','), from, to}))),
  indicators: (symbol, specs) =>
    cached(`i:${symbol}:${specs}`, () =>
      getJSON('/api/v1/indicators/' + enc(symbol) + query({ind: specs.join(',')}))),
  stats: (symbols, from, to, signal) =>
    getJSON('/api/v1/stats' + query({symbols: symbols.join(','), from, to}), signal),
  correlation: (symbols, from, to, signal) =>
    getJSON('/api/v1/correlation' + query({symbols: symbols.join(','), from, to}), signal),
  screener: (by, top, order, signal) =>
    getJSON('/api/v1/screener' + query({by, top, order}), signal),
  openapi: () => cached('openapi', () => getJSON('/api/v1/openapi.json')),
  forget: () => cache.clear(),
};

// Which optional endpoints this server has, read from its OpenAPI document, so the page never
// asks for a path the server lacks (a 404 would be a console error and a broken panel).
export async function capabilities() {
  try {
    const doc = await api.openapi();
    const paths = Object.keys(doc.paths || {});
    // Paths may be written in full or relative to a `servers` entry of /api/v1.
    const has = (name) => paths.some((p) => p.replace(/^\/api\/v1/, '').startsWith('/' + name));
    return {
      indicators: has('indicators'),
      stats: has('stats'),
      correlation: has('correlation'),
      screener: has('screener'),
    };
  } catch {
    return {indicators: false, stats: false, correlation: false, screener: false};
  }
}
