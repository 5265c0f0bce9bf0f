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
    table: { columns: ['day', 'revenue'], rows: [['mon', '10.5'], ['tue', 'null']], totalRows: 2 },
  });
  const html = valueHtml(preview!, 'n0nce');
  assert.match(html, /<th>day<\/th><th>revenue<\/th>/);
  assert.match(html, /<td>tue<\/td><td>null<\/td>/);
  assert.match(html, /2 rows shown, 2 columns/);
  const head = readValuePreview({ key: 'a', type: 'polars.DataFrame', size: 1, repr: '', table: { columns: ['x'], rows: [[1]], total_rows: 1500 } });
  assert.match(valueHtml(head!, 'n'), /first 1 row of 1,500, 1 column/);
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
