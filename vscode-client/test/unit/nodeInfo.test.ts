/** Tests of webview/nodeInfo.ts: kinds, missing keys, bands, shortened labels and tooltips of the lineage view. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GraphNode } from '../../src/protocol';
import { bandGroups, describeChecks, describeNode, kindLabel, MISSING_BAND, nodeKindLabel, relativeTime, shortenLabel, statusWord, versionTag } from '../../webview/nodeInfo';

function node(id: string, over: Partial<GraphNode> = {}): GraphNode {
  return {
    id, key: id.split('/'), kind: 'asset', group: 'default', codeVersion: null, uri: `file:///w/${id}.py`,
    range: null, stale: null, status: null, focus: false, ...over,
  };
}
const missing = (id: string) => node(id, { kind: 'undefined', group: null, uri: null });

test('each kind has a short tag; an unknown kind is shown as given, printable and short', () => {
  assert.deepEqual(
    ['asset', 'multi_asset', 'graph_asset', 'graph_multi_asset', 'spec', 'source', 'dbt', 'sling', 'component', 'undefined'].map(kindLabel),
    ['asset', 'multi', 'graph', 'graph multi', 'spec', 'source', 'dbt', 'sling', 'component', 'missing'],
  );
  assert.equal(kindLabel('airbyte'), 'airbyte');
  assert.equal(kindLabel('some_new_kind_with_a_long_name'), 'some new kind w…');
  assert.equal(kindLabel('<b>x</b>'), 'bx/b');
  assert.equal(kindLabel(null), 'asset');
  assert.equal(kindLabel(''), 'asset');
  // what produces it comes first when the server says (a dbt model is a multi-asset's output)
  assert.equal(nodeKindLabel({ kind: 'multi_asset', origin: 'dbt' }), 'dbt');
  assert.equal(nodeKindLabel({ kind: 'multi_asset', origin: null }), 'multi');
  assert.equal(nodeKindLabel({ kind: 'asset' }), 'asset');
});

test('a missing key is drawn in the band of the asset that depends on it, never in a "null" group', () => {
  const nodes = [node('raw/orders', { group: 'ingest' }), missing('raw/custmers'), node('marts/report', { group: 'marts' }), missing('lonely')];
  const edges = [{ source: 'raw/custmers', target: 'marts/report' }, { source: 'raw/orders', target: 'marts/report' }];
  assert.deepEqual(bandGroups(nodes, edges), ['ingest', 'marts', 'marts', MISSING_BAND]);
  assert.ok(!bandGroups(nodes, edges).includes('null'));
  // a defined asset without a group is in "default"
  assert.deepEqual(bandGroups([node('a', { group: null })], []), ['default']);
  assert.equal(statusWord(missing('x')), 'missing');
});

test('labels: the whole key, else its last part, else the end of it; never empty', () => {
  const fits = (limit: number) => (text: string) => text.length <= limit;
  assert.equal(shortenLabel('marts/revenue_daily', fits(40)), 'marts/revenue_daily');
  assert.equal(shortenLabel('marts/revenue_daily', fits(16)), '…/revenue_daily');
  assert.equal(shortenLabel('marts/revenue_daily', fits(8)), '…e_daily');
  assert.equal(shortenLabel('marts/revenue_daily', fits(0)), '…y');
  assert.equal(shortenLabel('orders', fits(4)), '…ers');
});

test('the tooltip says kind, group, code version, staleness with its reasons, and the last materialization', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');
  const lines = describeNode(
    node('marts/report', { kind: 'multi_asset', codeVersion: '3', status: 'stale', stale: true }),
    'marts',
    { upstream: 2, downstream: 0 },
    { reasons: ['upstream raw/orders changed'], lastMaterialization: { runId: 'abcdef123456', endTime: '2026-12-06T11:55:00Z', codeVersion: '2', status: 'success' } },
    now,
  );
  assert.deepEqual(lines, [
    'multi · group marts · code version 3',
    'stale: upstream raw/orders changed',
    'last materialization: 5 min ago · v2 · run abcdef12',
    '↑ 2 · ↓ 0 shown',
    'click or Enter: open the definition · double-click or C: centre here',
  ]);
  const never = describeNode(node('a', { status: 'never' }), 'default', { upstream: 0, downstream: 1 }, undefined, now);
  assert.equal(never[1], 'never materialized');
  const canceled = describeNode(node('a', { status: 'canceled' }), 'default', { upstream: 0, downstream: 0 }, undefined, now);
  assert.equal(canceled[1], 'the last run was canceled');
  assert.equal(statusWord(node('a', { status: 'canceled' })), 'canceled');
  const located = describeNode(node('a', { origin: 'sling', location: 'shop' }), 'raw', { upstream: 0, downstream: 0 }, undefined, now);
  assert.equal(located[0], 'sling · group raw · location shop · no code version');
  const gone = describeNode(missing('raw/custmers'), 'marts', { upstream: 0, downstream: 1 }, undefined, now);
  assert.match(gone[0]!, /^missing: referenced, but no asset in the workspace defines this key/);
});

test('code versions: v2 for a number, a word as written', () => {
  assert.equal(versionTag('2'), 'v2');
  assert.equal(versionTag('revenue-2'), 'revenue-2');
});

test('relative times', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');
  assert.equal(relativeTime('2026-12-06T11:59:30Z', now), 'just now');
  assert.equal(relativeTime('2026-12-06T09:00:00Z', now), '3 h ago');
  assert.equal(relativeTime('2026-12-05T11:00:00Z', now), '1 day ago');
  assert.equal(relativeTime('2026-01-01T00:00:00Z', now), '2026-01-01');
  assert.equal(relativeTime('not a date', now), 'not a date');
});

test('the tooltip says how the asset checks went, naming the ones that did not pass', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  const checks = [
    { name: 'no_negative', passed: true, status: 'passed', severity: 'ERROR' },
    { name: 'small', passed: false, status: 'failed', severity: 'WARN', description: 'doubled values stay small' },
    { name: 'boom', passed: false, status: 'error', severity: 'ERROR', description: null },
    { name: 'later', passed: false, status: 'skipped', severity: 'ERROR' },
  ];
  assert.deepEqual(describeChecks(checks), [
    'checks: 1 passed, 2 failed',
    '  ✗ small failed [WARN]: doubled values stay small',
    '  ✗ boom errored [ERROR]',
  ]);
  assert.deepEqual(describeChecks([]), []);
  assert.deepEqual(describeChecks(undefined), []);
  const lines = describeNode(node('a', { status: 'fresh', checks: checks.slice(0, 1) }), 'default', { upstream: 0, downstream: 0 }, undefined, now);
  assert.equal(lines[1], 'fresh');
  assert.equal(lines[2], 'checks: 1 passed');
  // an older server sends no checks: nothing is said about them
  assert.ok(!describeNode(node('a', { status: 'fresh' }), 'default', { upstream: 0, downstream: 0 }, undefined, now).some((line) => line.startsWith('checks')));
});
