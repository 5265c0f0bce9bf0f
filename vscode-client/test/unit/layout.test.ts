/** Tests of webview/layout.ts: the lineage view's layered, grouped layout. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layoutGraph, type LayoutEdgeInput, type LayoutNodeInput } from '../../webview/layout';

const n = (id: string, group = 'default'): LayoutNodeInput => ({ id, group });
const e = (source: string, target: string): LayoutEdgeInput => ({ source, target });

function overlaps(layout: ReturnType<typeof layoutGraph>): boolean {
  const boxes = Array.from(layout.x, (x, i) => ({ x, y: layout.y[i]! }));
  const sorted = boxes.map((b, i) => ({ ...b, i })).sort((a, b) => a.x - b.x || a.y - b.y);
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length && sorted[j]!.x < sorted[i]!.x + layout.nodeWidth; j++) {
      if (Math.abs(sorted[j]!.y - sorted[i]!.y) < layout.nodeHeight) return true;
    }
  }
  return false;
}

test('upstream is left of downstream; ranks are longest paths', () => {
  const layout = layoutGraph([n('raw'), n('clean'), n('daily'), n('report')], [e('raw', 'clean'), e('clean', 'daily'), e('raw', 'daily'), e('daily', 'report')]);
  const rank = (id: string) => layout.rank[layout.indexOf.get(id)!];
  assert.deepEqual(['raw', 'clean', 'daily', 'report'].map(rank), [0, 1, 2, 3]);
  for (const edge of layout.edges) assert.ok(layout.x[edge.source]! < layout.x[edge.target]!);
  assert.ok(!overlaps(layout));
});

test('a source asset sits just left of its first consumer, not in column 0', () => {
  const layout = layoutGraph([n('a'), n('b'), n('c'), n('lookup')], [e('a', 'b'), e('b', 'c'), e('lookup', 'c')]);
  assert.equal(layout.rank[layout.indexOf.get('lookup')!], 1);
});

test('groups are separate bands, each node inside its band', () => {
  const layout = layoutGraph(
    [n('a', 'ingest'), n('b', 'ingest'), n('c', 'marts'), n('d', 'marts'), n('e', 'ingest')],
    [e('a', 'c'), e('b', 'd'), e('c', 'e')],
  );
  assert.deepEqual(layout.bands.map((b) => [b.group, b.count]), [['ingest', 3], ['marts', 2]]);
  layout.x.forEach((_, i) => {
    const band = layout.bands[layout.band[i]!]!;
    assert.ok(layout.y[i]! >= band.y && layout.y[i]! + layout.nodeHeight <= band.y + band.height);
  });
  const [first, second] = layout.bands;
  assert.ok(first!.y + first!.height <= second!.y);
  assert.ok(!overlaps(layout));
});

test('cycles are drawn, not looped on: one edge is marked back, self-dependencies apart', () => {
  const layout = layoutGraph([n('a'), n('b'), n('c')], [e('a', 'b'), e('b', 'c'), e('c', 'a'), e('b', 'b')]);
  assert.equal(layout.edges.filter((edge) => edge.back).length, 1);
  assert.deepEqual(layout.selfLoops, [layout.indexOf.get('b')]);
  assert.equal(layout.edges.length, 3);
});

test('edges to unknown nodes and duplicates are ignored', () => {
  const layout = layoutGraph([n('a'), n('b')], [e('a', 'b'), e('a', 'b'), e('a', 'ghost')]);
  assert.equal(layout.edges.length, 1);
});

test('barycenter ordering uncrosses two parallel chains', () => {
  // Input order puts x2 above y2 while their parents are the other way round.
  const layout = layoutGraph([n('y1'), n('x1'), n('x2'), n('y2')], [e('x1', 'x2'), e('y1', 'y2')]);
  const y = (id: string) => layout.y[layout.indexOf.get(id)!]!;
  assert.equal(Math.sign(y('x1') - y('y1')), Math.sign(y('x2') - y('y2')));
});

test('a tall column wraps into sub-columns', () => {
  const nodes = [n('hub'), ...Array.from({ length: 100 }, (_, i) => n(`leaf${i}`))];
  const edges = Array.from({ length: 100 }, (_, i) => e('hub', `leaf${i}`));
  const layout = layoutGraph(nodes, edges, { maxRows: 20 });
  const leafXs = new Set(Array.from({ length: 100 }, (_, i) => layout.x[layout.indexOf.get(`leaf${i}`)!]));
  assert.equal(leafXs.size, 5);
  assert.ok(!overlaps(layout));
  assert.ok(layout.height < 25 * (layout.nodeHeight + 10) + 100);
});

test('10k nodes with a 10k-long chain inside lay out (no recursion limit), without overlaps', () => {
  const count = 10000;
  const nodes = Array.from({ length: count }, (_, i) => n(`a${i}`, `g${i % 7}`));
  const edges: LayoutEdgeInput[] = [];
  for (let i = 1; i < count; i++) edges.push(e(`a${i - 1}`, `a${i}`));
  for (let i = 0; i < count; i += 3) edges.push(e(`a${i}`, `a${(i * 7919) % count}`));
  const layout = layoutGraph(nodes, edges);
  assert.equal(layout.x.length, count);
  assert.ok(layout.x.every(Number.isFinite) && layout.y.every(Number.isFinite));
  assert.ok(!overlaps(layout));
});

test('an empty graph is an empty layout', () => {
  const layout = layoutGraph([], []);
  assert.equal(layout.width, 0);
  assert.equal(layout.height, 0);
  assert.deepEqual(layout.bands, []);
});

test('each band keeps a strip for its title above its nodes', () => {
  const layout = layoutGraph([n('a', 'ingest'), n('b', 'marts'), n('c', 'marts')], [e('a', 'b'), e('b', 'c')]);
  layout.x.forEach((_, i) => {
    const band = layout.bands[layout.band[i]!]!;
    assert.ok(band.title > 0);
    assert.ok(layout.y[i]! >= band.y + band.title, 'no node in the title strip');
  });
});
