/**
 * The value preview that `assetlens.server.showValue` answers (`{key, type, size, repr, table}`), checked
 * field by field, and the HTML of the webview that shows it: type and size, the `repr` head, and the
 * table head (columns and rows) when the value is a data frame. Everything from the value is escaped;
 * the page runs no script. Pure, unit-tested.
 */

export interface ValueTable {
  columns: string[];
  /** Each column's type as its library names it (`int64`, `double`), or empty when not sent. */
  dtypes: string[];
  rows: string[][];
  /** The value's number of rows (the server sends only the first ones), when known. */
  totalRows: number | null;
  /** The value's number of columns (the server sends at most 50), when known. */
  totalColumns: number | null;
  /** How many leading columns are a pandas index (a group-by's keys), not the frame's columns. */
  indexColumns: number;
}

export interface ValuePreview {
  key: string;
  type: string;
  /** Bytes (a number from the server) or the server's own words. */
  size: string;
  repr: string;
  table: ValueTable | null;
}

/** At most this many rows are drawn (the server sends a head already). */
export const MAX_ROWS = 1000;

function cell(value: unknown): string {
  if (value === null || value === undefined) return value === null ? 'null' : '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return String(bytes);
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes.toLocaleString('en-US')} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** The preview, or undefined when the answer does not have the protocol's shape. */
export function readValuePreview(raw: unknown): ValuePreview | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  const key = Array.isArray(r.key) ? r.key.map(String).join('/') : typeof r.key === 'string' ? r.key : undefined;
  if (key === undefined || typeof r.type !== 'string') return undefined;
  const size = typeof r.size === 'number' ? formatBytes(r.size) : typeof r.size === 'string' ? r.size : 'unknown size';
  const repr = typeof r.repr === 'string' ? r.repr : '';
  let table: ValueTable | null = null;
  if (r.table && typeof r.table === 'object') {
    const t = r.table as Record<string, unknown>;
    if (Array.isArray(t.columns) && Array.isArray(t.rows)) {
      const count = (value: unknown): number | null =>
        typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
      const columns = t.columns.map(cell);
      const dtypes = Array.isArray(t.dtypes) && t.dtypes.length === columns.length ? t.dtypes.map(cell) : [];
      table = {
        columns,
        dtypes,
        rows: t.rows.slice(0, MAX_ROWS).map((row) => (Array.isArray(row) ? row.map(cell) : [cell(row)])),
        totalRows: count(t.total_rows),
        totalColumns: count(t.total_columns),
        indexColumns: Math.min(count(t.index_columns) ?? 0, columns.length),
      };
    }
  }
  return { key, type: r.type, size, repr, table };
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function rowsShown(table: ValueTable): string {
  const shown = table.rows.length;
  const words = `${shown.toLocaleString('en-US')} row${shown === 1 ? '' : 's'}`;
  return table.totalRows !== null && table.totalRows > shown
    ? `first ${words} of ${table.totalRows.toLocaleString('en-US')}`
    : `${words} shown`;
}

function columnsShown(table: ValueTable): string {
  const shown = table.columns.length - table.indexColumns;
  const total = table.totalColumns ?? shown;
  const words = `${total.toLocaleString('en-US')} column${total === 1 ? '' : 's'}`;
  return total > shown ? `${words}, first ${shown.toLocaleString('en-US')} shown` : words;
}

/** The page: a strict Content-Security-Policy (no script at all; the one style block by nonce). */
export function valueHtml(preview: ValuePreview, nonce: string): string {
  const e = escapeHtml;
  const csp = `default-src 'none'; style-src 'nonce-${e(nonce)}'`;
  const table = preview.table
    ? `<h2>Table <span class="muted">(${rowsShown(preview.table)}, ${columnsShown(preview.table)})</span></h2>
<div class="scroll"><table>
<thead><tr><th class="index">#</th>${preview.table.columns.map((c, i) => `<th${i < preview.table!.indexColumns ? ' class="key"' : ''}>${e(c)}</th>`).join('')}</tr>
${preview.table.dtypes.length ? `<tr class="types"><th class="index"></th>${preview.table.dtypes.map((t) => `<th>${e(t)}</th>`).join('')}</tr>` : ''}</thead>
<tbody>
${preview.table.rows.map((row, i) => `<tr><td class="index">${i}</td>${row.map((c, j) => `<td${j < preview.table!.indexColumns ? ' class="key"' : ''}>${e(c)}</td>`).join('')}</tr>`).join('\n')}
</tbody></table></div>`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${e(csp)}">
<title>${e(preview.key)}</title>
<style nonce="${e(nonce)}">
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 8px 16px; }
h1 { font-size: 1.3em; margin: 0.4em 0; word-break: break-all; }
h2 { font-size: 1.05em; margin: 1.2em 0 0.4em; }
.muted { color: var(--vscode-descriptionForeground); font-weight: normal; }
pre { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 8px; overflow: auto; max-height: 40vh; white-space: pre; }
.scroll { overflow: auto; max-height: 70vh; }
table { border-collapse: collapse; font-family: var(--vscode-editor-font-family); }
th, td { border: 1px solid var(--vscode-panel-border, #444); padding: 2px 8px; text-align: left; white-space: pre; }
th { position: sticky; top: 0; background: var(--vscode-editorWidget-background, #252526); }
td.index, th.index { color: var(--vscode-descriptionForeground); text-align: right; }
tr.types th { top: 1.6em; color: var(--vscode-descriptionForeground); font-weight: normal; }
td.key, th.key { font-weight: bold; }
</style>
</head>
<body>
<h1>${e(preview.key)}</h1>
<div><span class="muted">type</span> <code>${e(preview.type)}</code> · <span class="muted">size</span> ${e(preview.size)}</div>
<h2>repr</h2>
<pre>${e(preview.repr)}</pre>
${table}
</body>
</html>
`;
}
