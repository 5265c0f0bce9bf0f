/** Tests of assetAtCursor.ts: which asset the cursor is in. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assetAtPosition, type SymbolSpan } from '../../src/assetAtCursor';
import type { GraphNode } from '../../src/protocol';

function node(id: string, line: number, character = 4): GraphNode {
  return {
    id, key: id.split('/'), kind: 'asset', group: 'default', codeVersion: null, uri: 'file:///ws/a.py',
    range: { start: { line, character }, end: { line, character: character + id.length } },
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

// Lines: 0 import; 2 @asset; 3 def orders; 4-5 body; 7 def helper; 8 body; 10 @asset(...); 11 ...; 12 def daily; 13-14 body
const orders = node('orders', 3);
const daily = node('daily', 12);
const nodes = [daily, orders];
const symbols = [span(2, 5, 3), span(7, 8, 7), span(10, 14, 12)];
const at = (line: number, s: SymbolSpan[] = symbols) => assetAtPosition(nodes, { line, character: 2 }, s)?.id;

test('with symbols: the definition containing the cursor, decorators included', () => {
  assert.equal(at(2), 'orders');
  assert.equal(at(5), 'orders');
  assert.equal(at(10), 'daily');
  assert.equal(at(14), 'daily');
});

test('with symbols: a helper function or module-level code is no asset', () => {
  assert.equal(at(8), undefined);
});

test('nested symbols: the innermost one that is an asset', () => {
  const multi = [node('a', 3), node('b', 3)];
  const nested = [span(0, 20, 1, [span(2, 9, 3)])];
  assert.equal(assetAtPosition(multi, { line: 5, character: 0 }, nested)?.id, 'a');
});

test('without symbols: the definition above, or the one whose decorator the cursor is on', () => {
  assert.equal(at(3, []), 'orders');
  assert.equal(at(5, []), 'orders');
  assert.equal(at(2, []), 'orders'); // decorator line
  assert.equal(at(11, []), 'daily'); // two lines above its name
  assert.equal(at(8, []), 'orders'); // far from daily: still the body above
  assert.equal(at(0, []), 'orders'); // top of the file, within decorator distance
});

test('no nodes, no asset', () => {
  assert.equal(assetAtPosition([], { line: 1, character: 0 }), undefined);
});
