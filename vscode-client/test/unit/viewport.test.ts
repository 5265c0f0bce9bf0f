/** Tests of webview/viewport.ts and webview/spatialIndex.ts: pan, zoom, fit and hit testing. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpatialIndex } from '../../webview/spatialIndex';
import { centreOn, fitRect, toGraph, visibleRect, zoomAt } from '../../webview/viewport';

test('zoomAt keeps the point under the mouse in place', () => {
  const view = { scale: 1, tx: 10, ty: 20 };
  const before = toGraph(view, 300, 200);
  const after = toGraph(zoomAt(view, 2.5, 300, 200), 300, 200);
  assert.ok(Math.abs(before.x - after.x) < 1e-9 && Math.abs(before.y - after.y) < 1e-9);
  assert.equal(zoomAt(view, 1e9, 0, 0).scale, 4);
});

test('fitRect shows the whole rectangle, centred, and does not blow up small graphs', () => {
  const view = fitRect({ x: 0, y: 0, width: 4000, height: 1000 }, 800, 600, 20);
  const visible = visibleRect(view, 800, 600);
  assert.ok(visible.x <= 0 && visible.x + visible.width >= 4000);
  assert.ok(visible.y <= 0 && visible.y + visible.height >= 1000);
  assert.equal(fitRect({ x: 0, y: 0, width: 100, height: 30 }, 800, 600).scale, 1.25);
});

test('centreOn puts the point in the middle', () => {
  const view = centreOn({ scale: 0.1, tx: 0, ty: 0 }, 500, 300, 800, 600);
  assert.deepEqual(toGraph(view, 400, 300), { x: 500, y: 300 });
  assert.equal(view.scale, 0.6);
});

test('the spatial index finds the node under a point and the nodes in a rectangle', () => {
  const xs = [0, 300, 0, 5000];
  const ys = [0, 0, 100, 5000];
  const index = new SpatialIndex(xs, ys, 160, 26);
  assert.equal(index.hit(10, 10), 0);
  assert.equal(index.hit(459, 25), 1);
  assert.equal(index.hit(200, 10), -1);
  assert.equal(index.hit(5100, 5010), 3);
  assert.deepEqual(index.query({ x: -10, y: -10, width: 400, height: 50 }).sort(), [0, 1]);
  assert.deepEqual(index.query({ x: -1e6, y: -1e6, width: 2e6, height: 2e6 }).sort(), [0, 1, 2, 3]);
});
