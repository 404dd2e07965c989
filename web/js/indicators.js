// Indicator kinds the page offers, their spec syntax (the API's: "kind:p1:p2", e.g. "bb:20:2")
// and the editor in the side panel. Values come from GET /api/v1/indicators/{symbol}; the page
// computes none itself.

export const KINDS = {
  sma: {label: 'SMA', params: [['Period', 20]], pane: 'price'},
  ema: {label: 'EMA', params: [['Period', 50]], pane: 'price'},
  wma: {label: 'WMA', params: [['Period', 20]], pane: 'price'},
  bb: {label: 'Bollinger', params: [['Period', 20], ['Std devs', 2]], pane: 'price'},
  rsi: {label: 'RSI', params: [['Period', 14]], pane: 'own', levels: [30, 70]},
  macd: {label: 'MACD', params: [['Fast', 12], ['Slow', 26], ['Signal', 9]], pane: 'own'},
  stoch: {label: 'Stochastic', params: [['%K', 14], ['%D', 3]], pane: 'own', levels: [20, 80]},
  atr: {label: 'ATR', params: [['Period', 14]], pane: 'own'},
  obv: {label: 'OBV', params: [], pane: 'own'},
};
const MAX_INDICATORS = 8;

export function splitSpec(spec) {
  const [kind, ...params] = spec.split(':');
  return {kind, params: params.map(Number)};
}

export function makeSpec(kind, params) {
  return [kind, ...params].join(':');
}

// Keeps well-formed specs of known kinds (missing parameters take the defaults), drops the rest.
export function parseIndicators(text) {
  const out = [];
  for (const raw of text.split(',')) {
    const {kind, params} = splitSpec(raw.trim().toLowerCase());
    const def = KINDS[kind];
    if (!def || params.length > def.params.length) continue;
    if (!params.every((p) => Number.isFinite(p) && p > 0 && p <= 1000)) continue;
    const full = def.params.map(([, d], i) => (i < params.length ? params[i] : d));
    const spec = makeSpec(kind, full);
    if (!out.includes(spec) && out.length < MAX_INDICATORS) out.push(spec);
  }
  return out;
}

export function label(spec) {
  const {kind, params} = splitSpec(spec);
  const def = KINDS[kind];
  return params.length ? `${def.label} ${params.join(' ')}` : def.label;
}

export function isOverlay(spec) {
  return KINDS[splitSpec(spec).kind]?.pane === 'price';
}

// Renders the editor into `root`: one row per active indicator with editable parameters and a
// remove button, and an "add" picker. `onChange(specs)` receives the new list.
export function renderEditor(root, specs, onChange) {
  root.replaceChildren();
  const list = document.createElement('ul');
  list.className = 'ind-list';
  specs.forEach((spec, index) => {
    const {kind, params} = splitSpec(spec);
    const def = KINDS[kind];
    const item = document.createElement('li');
    const name = document.createElement('span');
    name.className = 'ind-name';
    name.textContent = def.label;
    item.append(name);
    def.params.forEach(([paramLabel], i) => {
      const input = document.createElement('input');
      input.type = 'number';
      input.min = '1';
      input.max = '1000';
      input.step = kind === 'bb' && i === 1 ? '0.5' : '1';
      input.value = String(params[i]);
      input.setAttribute('aria-label', `${def.label} ${paramLabel}`);
      input.title = paramLabel;
      input.addEventListener('change', () => {
        const value = Number(input.value);
        if (!(value > 0 && value <= 1000)) {
          input.value = String(params[i]);
          return;
        }
        const next = [...specs];
        const newParams = [...params];
        newParams[i] = value;
        next[index] = makeSpec(kind, newParams);
        onChange(parseIndicators(next.join(',')));
      });
      item.append(input);
    });
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'icon';
    remove.textContent = '×';
    remove.setAttribute('aria-label', `Remove ${label(spec)}`);
    remove.addEventListener('click', () => onChange(specs.filter((_, i) => i !== index)));
    item.append(remove);
    list.append(item);
  });
  root.append(list);

  const add = document.createElement('select');
  add.setAttribute('aria-label', 'Add an indicator');
  add.append(new Option('Add indicator…', ''));
  for (const [kind, def] of Object.entries(KINDS)) {
    const text = def.pane === 'price' ? `${def.label} (on price)` : `${def.label} (own pane)`;
    add.append(new Option(text, kind));
  }
  add.disabled = specs.length >= MAX_INDICATORS;
  add.addEventListener('change', () => {
    const kind = add.value;
    if (!kind) return;
    const spec = makeSpec(
        kind, KINDS[kind].params.map(([, d]) => d));
    onChange(parseIndicators([...specs, spec].join(',')));
  });
  root.append(add);
}
