/** Tests of runReport.ts: what the user reads after a run and in "Show asset status". */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  describeAssetStatus,
  describePartitions,
  describeRunResult,
  describeTarget,
  partitionDetails,
  readRunResult,
  relativeTime,
} from '../../src/runReport';

const now = new Date('2025-01-01T12:00:00Z');

test('relative times', () => {
  assert.equal(relativeTime('2025-01-01T11:59:50Z', now), 'just now');
  assert.equal(relativeTime('2025-01-01T11:55:00Z', now), '5 min ago');
  assert.equal(relativeTime('2025-01-01T09:00:00Z', now), '3 h ago');
  assert.equal(relativeTime('2024-12-25T12:00:00Z', now), '7 d ago');
  assert.equal(relativeTime('not a date', now), 'not a date');
});

test('run results', () => {
  assert.equal(describeTarget([['raw', 'orders']], true), 'raw/orders with upstream');
  assert.equal(describeTarget([['a'], ['b'], ['c'], ['d'], ['e']], false), 'a, b, c and 2 more');
  const ok = describeRunResult({ runId: '0123456789abcdef', status: 'success', failedKey: null, error: null, materialized: [['a'], ['b']] }, 'b with upstream');
  assert.deepEqual(ok, { severity: 'info', text: 'assetlens: materialized b with upstream (2 assets, run 01234567).' });
  const failed = describeRunResult(
    { runId: 'r', status: 'failure', failedKey: ['raw', 'orders'], error: 'Traceback (most recent call last):\n  File "x.py"\nValueError: bad row\n', materialized: [] },
    'daily',
  );
  assert.equal(failed.severity, 'error');
  assert.equal(failed.text, 'assetlens: run of daily failed at raw/orders: ValueError: bad row. The traceback is in the output.');
  assert.equal(describeRunResult({ runId: 'r', status: 'canceled', failedKey: null, error: null, materialized: [['a']] }, 'x').text, 'assetlens: run of x canceled after 1 asset.');
});

test('asset status lines', () => {
  const last = { runId: 'abcdef0123', endTime: '2025-01-01T11:55:00Z', codeVersion: '2', status: 'success' };
  assert.equal(describeAssetStatus({ key: ['a'], stale: false, reasons: [], lastMaterialization: last }, now), 'fresh · materialized 5 min ago · v2 · run abcdef01');
  assert.equal(
    describeAssetStatus({ key: ['a'], stale: true, reasons: ['code changed'], lastMaterialization: last }, now),
    'stale: code changed · materialized 5 min ago · v2 · run abcdef01',
  );
  assert.equal(describeAssetStatus({ key: ['a'], stale: true, reasons: [], lastMaterialization: null }, now), 'stale · never materialized');
  assert.equal(describeAssetStatus({ key: ['a'], stale: true, reasons: ['never materialized'], lastMaterialization: null }, now), 'stale: never materialized');
  // the last attempt, when it did not succeed: a cancelled run is not a failure
  assert.equal(
    describeAssetStatus({ key: ['a'], stale: true, reasons: ['never materialized'], status: 'canceled', lastMaterialization: null }, now),
    'last run canceled · stale: never materialized',
  );
  assert.equal(
    describeAssetStatus({ key: ['a'], stale: false, reasons: [], status: 'failed', lastMaterialization: last }, now),
    'last run failed · fresh · materialized 5 min ago · v2 · run abcdef01',
  );
});

test('a partitioned asset: its partitions in assetlens status words, details for the output channel', () => {
  const last = { runId: 'abcdef0123', endTime: '2025-01-01T11:55:00Z', codeVersion: null, status: 'success' };
  const partitions = {
    kind: 'static', total: 3, materialized: ['eu'], fresh: [], stale: { eu: ['upstream sales partition eu has a new materialization'] }, missing: ['us', 'asia'],
  };
  assert.equal(
    describeAssetStatus({ key: ['a'], stale: true, reasons: ['1 stale partition: eu'], status: 'stale', lastMaterialization: last, partitions }, now),
    'stale: 1 stale partition: eu · materialized 5 min ago · run abcdef01 · partitions: 1 of 3 materialized, 1 stale, 2 missing',
  );
  assert.deepEqual(partitionDetails(partitions), ['stale eu: upstream sales partition eu has a new materialization', 'missing: us, asia']);
  const dynamic = { kind: 'DynamicPartitionsDefinition', total: null, materialized: ['x', 'y'], fresh: ['x', 'y'], stale: {}, missing: null };
  assert.equal(describePartitions(dynamic), 'partitions: 2 materialized, 0 stale');
  assert.deepEqual(partitionDetails(dynamic), []);
  assert.equal(describePartitions(undefined), undefined);
  assert.equal(describePartitions({ kind: 'x' } as never), undefined);
});

test('readRunResult validates the server answer', () => {
  assert.equal(readRunResult({ status: 'done' }), undefined);
  assert.equal(readRunResult('x'), undefined);
  assert.deepEqual(readRunResult({ runId: 'r', status: 'success', materialized: [['a'], 'bad'] }), {
    runId: 'r', status: 'success', failedKey: null, error: null, materialized: [['a']],
  });
});
