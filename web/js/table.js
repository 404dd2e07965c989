// The table view: the rows of the visible range, and a CSV of exactly those rows and columns.
import {csvField, exactNumber} from './format.js';

// columns: [{key, label}] (the first is the date); rows: [{date, <key>: number|null}].
export function renderTable(root, caption, columns, rows, filename) {
  root.replaceChildren();
  const bar = document.createElement('div');
  bar.className = 'table-bar';
  const summary = document.createElement('p');
  summary.id = 'table-summary';
  summary.textContent = rows.length
      ? `${rows.length} rows, ${rows[0].date} to ${rows[rows.length - 1].date}`
      : 'No rows in the visible range';
  const download = document.createElement('button');
  download.type = 'button';
  download.id = 'csv-download';
  download.textContent = 'Download CSV';
  download.disabled = !rows.length;
  download.addEventListener('click', () => downloadCsv(filename, columns, rows));
  bar.append(summary, download);

  const wrap = document.createElement('div');
  wrap.className = 'table-wrap';
  wrap.tabIndex = 0;
  wrap.setAttribute('role', 'region');
  wrap.setAttribute('aria-label', caption);
  const table = document.createElement('table');
  table.className = 'data';
  const cap = document.createElement('caption');
  cap.textContent = caption;
  const head = table.createTHead().insertRow();
  for (const c of columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = c.label;
    head.append(th);
  }
  // Newest first, as analysts read a ledger; built as one string because 3000 rows of DOM calls
  // cost ~10x more.
  const html = [];
  for (let i = rows.length - 1; i >= 0; --i) {
    const row = rows[i];
    html.push('<tr><th scope="row">', escapeHtml(row.date), '</th>');
    for (let c = 1; c < columns.length; ++c) {
      html.push('<td>', exactNumber(row[columns[c].key]), '</td>');
    }
    html.push('</tr>');
  }
  const body = table.createTBody();
  body.innerHTML = html.join('');
  table.prepend(cap);
  wrap.append(table);
  root.append(bar, wrap);
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function toCsv(columns, rows) {
  const lines = [columns.map((c) => csvField(c.key)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c.key])).join(','));
  return lines.join('\r\n') + '\r\n';
}

function downloadCsv(filename, columns, rows) {
  const blob = new Blob([toCsv(columns, rows)], {type: 'text/csv'});
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}
