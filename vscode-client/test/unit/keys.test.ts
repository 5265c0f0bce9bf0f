/** Tests of keys.ts: key spelling and command arguments. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatKey, parseKey, readKeyArg, sameKey } from '../../src/keys';

test('keys are spelled with /', () => {
  assert.equal(formatKey(['raw', 'orders']), 'raw/orders');
  assert.deepEqual(parseKey(' raw / orders/'), ['raw', 'orders']);
  assert.equal(parseKey('//'), undefined);
});

test('sameKey compares parts', () => {
  assert.ok(sameKey(['a', 'b'], ['a', 'b']));
  assert.ok(!sameKey(['a', 'b'], ['a/b']));
  assert.ok(!sameKey(['a'], null));
});

test('readKeyArg reads what code lenses and other callers pass', () => {
  assert.deepEqual(readKeyArg({ key: ['raw', 'orders'], upstream: true }), { key: ['raw', 'orders'], upstream: true });
  assert.deepEqual(readKeyArg({ key: ['x'] }), { key: ['x'] });
  assert.deepEqual(readKeyArg(['a', 'b']), { key: ['a', 'b'] });
  assert.deepEqual(readKeyArg('a/b'), { key: ['a', 'b'] });
  assert.deepEqual(readKeyArg({ key: 'a/b', upstream: 'yes' }), { key: ['a', 'b'] });
  for (const bad of [undefined, null, 3, {}, { key: [] }, { key: [1] }, [], '']) {
    assert.equal(readKeyArg(bad), undefined, JSON.stringify(bad));
  }
});
