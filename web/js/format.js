// Number and date formatting. Pure functions (no DOM), also imported by the browser tests so the
// page and the tests agree on how a stored value is written.

// Exact decimal text of a JSON number: every digit of its shortest round-trip form, no exponent
// (3.001277968e-7 -> "0.0000003001277968"), integer part grouped by thousands when `group`.
export function exactNumber(x, group = true) {
  if (x === null || x === undefined || Number.isNaN(x)) return '';
  if (!Number.isFinite(x)) return String(x);
  let text = String(x);
  let sign = '';
  if (text.startsWith('-')) {
    sign = '-';
    text = text.slice(1);
  }
  const e = text.indexOf('e');
  if (e >= 0) {
    const exponent = Number(text.slice(e + 1));
    const mantissa = text.slice(0, e);
    const dot = mantissa.indexOf('.');
    const digits = mantissa.replace('.', '');
    let point = (dot < 0 ? mantissa.length : dot) + exponent;
    if (point <= 0) {
      text = '0.' + '0'.repeat(-point) + digits;
    } else if (point >= digits.length) {
      text = digits + '0'.repeat(point - digits.length);
    } else {
      text = digits.slice(0, point) + '.' + digits.slice(point);
    }
  }
  if (group) {
    const dot = text.indexOf('.');
    const whole = dot < 0 ? text : text.slice(0, dot);
    const rest = dot < 0 ? '' : text.slice(dot);
    text = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + rest;
  }
  return sign + text;
}

// 1234567 -> "1.23M". Hand-written: creating an Intl.NumberFormat costs ~100 ms in chromium the
// first time (ICU data), all of it before the first chart could paint.
const UNITS = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'K']];
export function compactNumber(x) {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  for (const [size, unit] of UNITS) {
    if (a >= size) return Number((x / size).toFixed(2)) + unit;
  }
  return String(Number(x.toPrecision(4)));
}

// A value to about 7 significant digits, grouped ("96,123.45"): indicator readings.
export function approx(x) {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return Math.abs(x) >= 1e9 ? compactNumber(x) : exactNumber(Number(x.toPrecision(7)));
}

// Decimals for a chart's price scale so the smallest price still shows about 4 significant digits.
export function pricePrecision(minPrice) {
  if (!(minPrice > 0)) return 2;
  if (minPrice >= 1000) return 2;
  return Math.min(12, Math.max(2, Math.ceil(-Math.log10(minPrice)) + 4));
}

export function percent(x, digits = 2, signed = true) {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const sign = x > 0 && signed ? '+' : '';
  return sign + (x * 100).toFixed(digits) + '%';
}

export function fixed(x, digits = 2) {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return x.toFixed(digits);
}

// 'YYYY-MM-DD' <-> Unix seconds at 00:00 UTC.
export function dayToSeconds(day) {
  return Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)) / 1000;
}
export function secondsToDay(seconds) {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

// `day` moved back by `months` calendar months (clamped to the month's last day).
export function monthsBefore(day, months) {
  const y = +day.slice(0, 4);
  const m = +day.slice(5, 7) - 1 - months;
  const d = +day.slice(8, 10);
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d, last))).toISOString().slice(0, 10);
}

// One CSV field per RFC 4180: quoted when it holds a comma, quote or line break. Numbers are
// written exactly, without exponent (serving.md section 5).
export function csvField(value) {
  const text = typeof value === 'number' ? exactNumber(value, false) : value ?? '';
  return /[",\r\n]/.test(text) ? '"' + text.replaceAll('"', '""') + '"' : text;
}
