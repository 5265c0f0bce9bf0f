/** Tests of value/preview.ts: reading `assetlens.server.showValue`'s answer and the page that shows it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes, readValuePreview, valueHtml } from '../../src/value/preview';

test('a data frame preview: type, size, repr and the table head', () => {
  const preview = readValuePreview({
    key: 'marts/revenue_daily',
    type: 'pandas.DataFrame',
    size: 2048,
    repr: '   day  revenue\n0  mon     10.5',
    table: { columns: ['day', 'revenue'], rows: [['mon', 10.5], ['tue', null]], total_rows: 2 },
  });
  assert.deepEqual(preview, {
    key: 'marts/revenue_daily',
    type: 'pandas.DataFrame',
    size: '2.0 KB',
    repr: '   day  revenue\n0  mon     10.5',
    table: { columns: ['day', 'revenue'], dtypes: [], rows: [['mon', '10.5'], ['tue', 'null']], totalRows: 2, totalColumns: null, indexColumns: 0 },
  });
  const html = valueHtml(preview!, 'n0nce');
  assert.match(html, /<th>day<\/th><th>revenue<\/th>/);
  assert.match(html, /<td>tue<\/td><td>null<\/td>/);
  assert.match(html, /2 rows shown, 2 columns/);
  const head = readValuePreview({ key: 'a', type: 'polars.DataFrame', size: 1, repr: '', table: { columns: ['x'], rows: [[1]], total_rows: 1500 } });
  assert.match(valueHtml(head!, 'n'), /first 1 row of 1,500, 1 column/);
});

test('column types, the shape and a pandas index as the runtime sends them', () => {
  const preview = readValuePreview({
    key: 'by_customer',
    type: 'pandas.DataFrame',
    size: 1100,
    repr: '',
    table: {
      columns: ['customer', 'total', 'n'],
      dtypes: ['str', 'float64', 'int64'],
      rows: [['c0', 168.0, 8], ['c1', 180.5, 8]],
      total_rows: 4,
      total_columns: 60,
      index_columns: 1,
    },
  });
  assert.deepEqual(preview?.table?.dtypes, ['str', 'float64', 'int64']);
  assert.equal(preview?.table?.indexColumns, 1);
  const html = valueHtml(preview!, 'n');
  assert.match(html, /<tr class="types"><th class="index"><\/th><th>str<\/th><th>float64<\/th><th>int64<\/th><\/tr>/);
  assert.match(html, /<th class="key">customer<\/th><th>total<\/th>/);
  assert.match(html, /<td class="key">c0<\/td><td>168<\/td>/);
  assert.match(html, /first 2 rows of 4, 60 columns, first 2 shown/);
  // types that do not match the columns are dropped; a bad count is unknown
  const odd = readValuePreview({ key: 'a', type: 't', size: 1, repr: '', table: { columns: ['x'], dtypes: ['a', 'b'], rows: [], total_columns: -1, index_columns: 7 } });
  assert.deepEqual([odd?.table?.dtypes, odd?.table?.totalColumns, odd?.table?.indexColumns], [[], null, 1]);
});

test('a plain value has no table; keys as lists are joined; malformed answers are refused', () => {
  const preview = readValuePreview({ key: ['raw', 'orders'], type: 'list', size: 120, repr: '[1, 2]', table: null });
  assert.equal(preview?.key, 'raw/orders');
  assert.equal(preview?.table, null);
  assert.equal(preview?.size, '120 bytes');
  assert.doesNotMatch(valueHtml(preview!, 'n'), /<table>/);
  assert.equal(readValuePreview(null), undefined);
  assert.equal(readValuePreview({ key: 'a' }), undefined);
  assert.equal(readValuePreview([1]), undefined);
  assert.equal(formatBytes(5 * 1024 * 1024), '5.0 MB');
});

test('the page escapes everything that comes from the value and runs no script', () => {
  const evil = '<script>alert(1)</script>"\'&';
  const html = valueHtml(
    readValuePreview({ key: evil, type: evil, size: evil, repr: evil, table: { columns: [evil], rows: [[evil]] } })!,
    'abc',
  );
  assert.doesNotMatch(html, /<script>/);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;&#39;&amp;/);
  assert.match(html, /default-src &#39;none&#39;; style-src &#39;nonce-abc&#39;/);
});
