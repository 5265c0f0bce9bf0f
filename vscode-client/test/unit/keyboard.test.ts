/** Tests of webview/keyboard.ts: moving the lineage view's selection with the arrow keys. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { directionOfKey, nextNode } from '../../webview/keyboard';
import { layoutGraph } from '../../webview/layout';

test('Left and Right follow upstream and downstream; Up and Down stay in the column', () => {
  const nodes = ['a', 'b', 'c', 'd'].map((id) => ({ id, group: 'g' }));
  // a -> c, b -> c, c -> d: a and b share the first column
  const layout = layoutGraph(nodes, [{ source: 'a', target: 'c' }, { source: 'b', target: 'c' }, { source: 'c', target: 'd' }]);
  const at = (id: string) => layout.indexOf.get(id)!;
  assert.equal(nextNode(layout, at('c'), 'right'), at('d'));
  assert.ok([at('a'), at('b')].includes(nextNode(layout, at('c'), 'left')));
  const top = layout.y[at('a')]! < layout.y[at('b')]! ? 'a' : 'b';
  const bottom = top === 'a' ? 'b' : 'a';
  assert.equal(nextNode(layout, at(top), 'down'), at(bottom));
  assert.equal(nextNode(layout, at(bottom), 'up'), at(top));
  // nothing further that way: the selection stays
  assert.equal(nextNode(layout, at('d'), 'right'), at('d'));
  assert.equal(directionOfKey('ArrowLeft'), 'left');
  assert.equal(directionOfKey('x'), undefined);
});

test('a cycle is navigable both ways', () => {
  const layout = layoutGraph([{ id: 'x', group: 'g' }, { id: 'y', group: 'g' }], [{ source: 'x', target: 'y' }, { source: 'y', target: 'x' }]);
  const x = layout.indexOf.get('x')!;
  const y = layout.indexOf.get('y')!;
  assert.equal(nextNode(layout, x, 'right'), y);
  assert.equal(nextNode(layout, y, 'left'), x);
});
