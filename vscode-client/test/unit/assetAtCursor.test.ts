/** Tests of assetAtCursor.ts: which asset the cursor is in. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assetAtPosition, type SymbolSpan } from '../../src/assetAtCursor';
import type { GraphNode } from '../../src/protocol';

const source = [
  '"""Raw tables."""', // 0
  'import dagster as dg', // 1
  '', // 2
  '', // 3
  '@dg.asset(', // 4
  '    key_prefix=["raw"],', // 5
  ')', // 6
  'def orders():', // 7
  '    rows = load()', // 8
  '', // 9
  '    return rows', // 10
  '', // 11
  '', // 12
  'def helper():', // 13
  '    return 1', // 14
  '', // 15
  'TABLES = ["a"]', // 16
  '@dg.asset', // 17
  'def daily(orders):', // 18
  '    return orders', // 19
];
const lineText = (line: number) => source[line];

function node(id: string, line: number): GraphNode {
  return {
    id, key: id.split('/'), kind: 'asset', group: 'default', codeVersion: null, uri: 'file:///ws/a.py',
    range: { start: { line, character: 4 }, end: { line, character: 4 + id.length } },
    stale: null, status: null, focus: false,
  };
}

function span(startLine: number, endLine: number, nameLine: number, children?: SymbolSpan[]): SymbolSpan {
  return {
    range: { start: { line: startLine, character: 0 }, end: { line: endLine, character: 80 } },
    selectionRange: { start: { line: nameLine, character: 4 }, end: { line: nameLine, character: 10 } },
    children,
  };
}

const orders = node('orders', 7);
const daily = node('daily', 18);
const nodes = [daily, orders];
// Symbols as a server that starts definitions at `def` (decorators outside) would give them.
const symbols = [span(7, 10, 7), span(13, 14, 13), span(18, 19, 18)];
const at = (line: number, s: SymbolSpan[] = symbols) => assetAtPosition(nodes, { line, character: 2 }, s, lineText)?.id;

test('with symbols: the definition containing the cursor', () => {
  assert.equal(at(7), 'orders');
  assert.equal(at(10), 'orders');
  assert.equal(at(19), 'daily');
});

test('with symbols: the decorator block just above a definition belongs to it', () => {
  assert.equal(at(4), 'orders');
  assert.equal(at(6), 'orders');
  assert.equal(at(17), 'daily');
});

test('with symbols: module code, helpers and blank lines are in no asset', () => {
  assert.equal(at(0), undefined); // the module docstring
  assert.equal(at(2), undefined);
  assert.equal(at(14), undefined); // a helper function
  assert.equal(at(16), undefined, 'a statement right above a decorator is not part of it');
});

test('nested symbols: the innermost one that is an asset', () => {
  const multi = [node('a', 7), node('b', 7)];
  const nested = [span(0, 19, 1, [span(4, 10, 7)])];
  assert.equal(assetAtPosition(multi, { line: 8, character: 0 }, nested, lineText)?.id, 'a');
});

test('symbols that name no asset (another provider) are ignored', () => {
  const unrelated = [span(0, 19, 0)];
  assert.equal(at(8, unrelated), 'orders');
});

test('without symbols: decorator block, name line, then the body up to the next line at column 0', () => {
  assert.equal(at(5, []), 'orders');
  assert.equal(at(7, []), 'orders');
  assert.equal(at(9, []), 'orders'); // blank line inside the body
  assert.equal(at(10, []), 'orders');
  assert.equal(at(14, []), undefined); // after `def helper():` at column 0
  assert.equal(at(0, []), undefined); // the docstring is separated from the decorator by blank lines
  assert.equal(at(18, []), 'daily');
});

test('no nodes, no asset', () => {
  assert.equal(assetAtPosition([], { line: 1, character: 0 }, [], lineText), undefined);
});

test('a symbol named at the key in its decorator still finds the node named at its function', () => {
  // As the server gives them for `@asset(key=...)`: the symbol's name range is the key (line 5), the
  // graph node's is the function name (line 7); both inside the definition (lines 4-10).
  const keyed = [span(4, 10, 5), span(13, 14, 13), span(17, 19, 18)];
  assert.equal(at(7, keyed), 'orders');
  assert.equal(at(9, keyed), 'orders');
  assert.equal(at(5, keyed), 'orders');
  assert.equal(at(14, keyed), undefined);
});
