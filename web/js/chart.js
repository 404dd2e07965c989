// ChartView: one lightweight-charts chart (window.LightweightCharts, the vendored standalone
// build) showing either one coin (candles, volume, indicator overlays and panes) or a compare set
// (one normalised line per coin). Times are Unix seconds at 00:00 UTC; every series' data must be
// strictly ascending (the library's production build fails with "Value is null" otherwise).
import {splitSpec, KINDS, isOverlay, label} from './indicators.js';

const LC = window.LightweightCharts;

export const PALETTE = ['#2962ff', '#ff6d00', '#00a86b', '#d81b60', '#8e24aa',
                        '#00acc1', '#c0a000', '#6d4c41', '#43a047', '#e53935'];
const IND_COLORS = ['#f5a623', '#7e57c2', '#26a69a', '#ec407a', '#42a5f5', '#8d6e63'];

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function themeOptions() {
  return {
    layout: {
      background: {type: LC.ColorType.Solid, color: cssVar('--bg')},
      textColor: cssVar('--fg-muted'),
      fontFamily: getComputedStyle(document.body).fontFamily,
      panes: {separatorColor: cssVar('--border')},
    },
    grid: {
      vertLines: {color: cssVar('--grid')},
      horzLines: {color: cssVar('--grid')},
    },
  };
}

const DAY_SECONDS = 86400;

// The built-in 'price' format breaks above 10 decimals (a 3e-7 price scale is labelled
// "0.99999999996" with precision 11), so tiny prices get a custom formatter. `base` (= 1/minMove)
// is given as an exact power of ten rather than derived from minMove.
function priceFormatFor(precision) {
  const minMove = Math.pow(10, -precision);
  const base = Math.pow(10, precision);
  if (precision <= 10) return {type: 'price', precision, minMove, base};
  return {type: 'custom', minMove, base, formatter: (p) => p.toFixed(precision)};
}

// Daily data with a whitespace item ({time} alone) for every missing day, so a gap in the stored
// history shows as an empty stretch of the time axis instead of being closed up.
function withGaps(rows, item) {
  const out = [];
  for (let i = 0; i < rows.length; ++i) {
    if (i > 0) {
      for (let t = rows[i - 1].time + DAY_SECONDS; t < rows[i].time; t += DAY_SECONDS) {
        out.push({time: t});
      }
    }
    out.push(item(rows[i]));
  }
  return out;
}

export class ChartView {
  // onCrosshair(timeSeconds | null, point): the hovered bar. onUserRange(fromSec, toSec): the user
  // zoomed or panned (mouse, touch, wheel or keys), not a programmatic change.
  constructor(container, {onCrosshair, onUserRange, onRange}) {
    this.container = container;
    this.chart = LC.createChart(container, {
      autoSize: true,
      ...themeOptions(),
      layout: {...themeOptions().layout, attributionLogo: true},
      rightPriceScale: {borderVisible: false},
      timeScale: {borderVisible: false, rightOffset: 3, minBarSpacing: 0.05, maxBarSpacing: 40},
      crosshair: {mode: LC.CrosshairMode.Normal},
    });
    this.candles = null;
    this.volume = null;
    this.lines = [];      // compare: [{symbol, series}]
    this.indicators = []; // [{spec, series: [ISeriesApi], columns}]
    this.log = false;
    this.lastUserInput = -Infinity;
    const mark = () => (this.lastUserInput = performance.now());
    for (const type of ['pointerdown', 'wheel', 'touchstart']) {
      container.addEventListener(type, mark, {passive: true});
    }
    this.chart.subscribeCrosshairMove((param) => {
      onCrosshair(param.time === undefined ? null : param.time, param.point);
    });
    this.chart.timeScale().subscribeVisibleTimeRangeChange((range) => {
      if (!range) return;
      onRange?.(range.from, range.to);
      if (performance.now() - this.lastUserInput < 1500) onUserRange(range.from, range.to);
    });
  }

  applyTheme() {
    this.chart.applyOptions(themeOptions());
    this.candles?.applyOptions(this.candleColors());
    if (this.volumeRows) this.setVolume(this.volumeRows);
  }

  candleColors() {
    const up = cssVar('--up');
    const down = cssVar('--down');
    return {upColor: up, downColor: down, wickUpColor: up, wickDownColor: down, borderVisible: false};
  }

  setVolume(rows) {
    this.volumeRows = rows;
    const up = cssVar('--up-soft');
    const down = cssVar('--down-soft');
    this.volume.setData(withGaps(rows, (r) => ({
      time: r.time, value: r.volume ?? 0, color: r.close >= r.open ? up : down})));
  }

  // rows: [{time, open, high, low, close, volume}] ascending.
  showCoin(rows, precision) {
    this.clearCompare();
    const priceFormat = priceFormatFor(precision);
    if (!this.candles) {
      this.candles = this.chart.addSeries(
          LC.CandlestickSeries, {...this.candleColors(), priceFormat}, 0);
      this.candles.priceScale().applyOptions({scaleMargins: {top: 0.08, bottom: 0.25}});
      this.volume = this.chart.addSeries(LC.HistogramSeries, {
        priceScaleId: '', priceFormat: {type: 'volume'},
        lastValueVisible: false, priceLineVisible: false}, 0);
      this.volume.priceScale().applyOptions({scaleMargins: {top: 0.8, bottom: 0}});
    } else {
      this.candles.applyOptions({priceFormat});
    }
    this.precision = precision;
    this.candles.setData(withGaps(rows, (r) => r));
    this.setVolume(rows);
    this.setScale(this.log);
  }

  clearCoin() {
    this.setIndicators([]);
    if (this.candles) {
      this.chart.removeSeries(this.candles);
      this.chart.removeSeries(this.volume);
      this.candles = this.volume = this.volumeRows = null;
    }
  }

  // series: [{symbol, points: [{time, value}]}]
  showCompare(series) {
    this.clearCoin();
    this.clearCompare();
    // Hairlines for many coins: clearer, and a 1-pixel stroke is Skia's fast path (10 coins of
    // full history paint in half the time of 2-pixel lines in software rendering).
    const lineWidth = series.length > 4 ? 1 : 2;
    series.forEach((s, i) => {
      const line = this.chart.addSeries(LC.LineSeries, {
        color: PALETTE[i % PALETTE.length], lineWidth, title: s.symbol,
        priceFormat: {type: 'price', precision: 2, minMove: 0.01}}, 0);
      line.setData(s.points);
      this.lines.push({symbol: s.symbol, series: line});
    });
    this.setScale(this.log);
  }

  clearCompare() {
    for (const {series} of this.lines) this.chart.removeSeries(series);
    this.lines = [];
  }

  clear() {
    this.clearCoin();
    this.clearCompare();
  }

  // results: [{spec, columns, rows: [{time, <column>: value}]}]. Overlays go on the price pane,
  // oscillators get one pane each below it.
  setIndicators(results) {
    for (const ind of this.indicators) {
      for (const s of ind.series) this.chart.removeSeries(s);
    }
    this.indicators = [];
    const panes = this.chart.panes();
    for (let i = panes.length - 1; i > 0; --i) this.chart.removePane(i);
    let pane = 0;
    results.forEach((result, n) => {
      const {kind} = splitSpec(result.spec);
      const overlay = isOverlay(result.spec);
      const paneIndex = overlay ? 0 : ++pane;
      const color = IND_COLORS[n % IND_COLORS.length];
      const series = result.columns.map((column, c) => {
        const histogram = kind === 'macd' && column === 'histogram';
        const options = {
          lastValueVisible: !overlay, priceLineVisible: false,
          title: overlay ? '' : result.columns.length === 1 ? label(result.spec) : column,
          crosshairMarkerVisible: !histogram,
        };
        // Overlays, MACD and ATR are in price units; RSI and %K/%D in 0-100; OBV in volume.
        if (overlay || kind === 'macd' || kind === 'atr') {
          options.priceFormat = priceFormatFor(
              kind === 'macd' ? Math.min(12, (this.precision ?? 2) + 2) : this.precision ?? 2);
        } else if (kind === 'obv') {
          options.priceFormat = {type: 'volume'};
        }
        let s;
        if (histogram) {
          s = this.chart.addSeries(LC.HistogramSeries, {...options, color: cssVar('--fg-muted')},
                                   paneIndex);
        } else {
          s = this.chart.addSeries(LC.LineSeries, {
            ...options, color: c === 0 ? color : IND_COLORS[(n + c + 2) % IND_COLORS.length],
            lineWidth: kind === 'bb' && column !== 'middle' ? 1 : 2,
            lineStyle: kind === 'bb' && column !== 'middle' ? LC.LineStyle.Dashed : LC.LineStyle.Solid,
          }, paneIndex);
        }
        const data = [];
        for (const row of result.rows) {
          const value = row[column];
          if (value !== null && value !== undefined && Number.isFinite(value)) {
            data.push({time: row.time, value});
          }
        }
        s.setData(data);
        return s;
      });
      for (const level of KINDS[kind].levels || []) {
        series[0].createPriceLine({price: level, color: cssVar('--fg-muted'), lineWidth: 1,
                                   lineStyle: LC.LineStyle.Dotted, axisLabelVisible: false});
      }
      this.indicators.push({spec: result.spec, series, columns: result.columns});
    });
    const all = this.chart.panes();
    all.forEach((p, i) => p.setStretchFactor(i === 0 ? 3 : 1));
  }

  setScale(log) {
    this.log = log;
    this.chart.priceScale('right').applyOptions({
      mode: log ? LC.PriceScaleMode.Logarithmic : LC.PriceScaleMode.Normal});
  }

  setRange(fromSec, toSec) {
    if (fromSec === null) {
      this.chart.timeScale().fitContent();
    } else {
      this.chart.timeScale().setVisibleRange({from: fromSec, to: toSec});
    }
  }

  visibleRange() {
    return this.chart.timeScale().getVisibleRange();
  }

  // Keyboard: pan by a tenth of the visible bars, zoom by a fifth.
  pan(direction) {
    const ts = this.chart.timeScale();
    const r = ts.getVisibleLogicalRange();
    if (!r) return;
    const step = Math.max(1, (r.to - r.from) / 10) * direction;
    this.lastUserInput = performance.now();
    ts.setVisibleLogicalRange({from: r.from + step, to: r.to + step});
  }

  zoom(direction) {
    const ts = this.chart.timeScale();
    const r = ts.getVisibleLogicalRange();
    if (!r) return;
    const width = r.to - r.from;
    const next = Math.max(5, width * (direction > 0 ? 0.8 : 1.25));
    this.lastUserInput = performance.now();
    ts.setVisibleLogicalRange({from: r.to - next, to: r.to});
  }
}
