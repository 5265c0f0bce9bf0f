/** Tests of serverCommands.ts: which advertised server commands VS Code registers, and which go through the extension. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLIENT_COMMANDS } from '../../src/protocol';
import { commandsToRegister, rerouteServerCommand } from '../../src/serverCommands';

test('a command the extension registers itself is never registered again for the server', () => {
  const own = new Set(CLIENT_COMMANDS);
  assert.deepEqual(
    commandsToRegister(['assetlens.server.materialize', 'assetlens.materialize', 'assetlens.showStatus', 'assetlens.server.status', 'assetlens.server.status', 7], own),
    ['assetlens.server.materialize', 'assetlens.server.status'],
  );
  assert.deepEqual(commandsToRegister(undefined, own), []);
  for (const name of ['assetlens.materialize', 'assetlens.materializeWithUpstream', 'assetlens.showLineage', 'assetlens.showStatus', 'assetlens.showValue']) {
    assert.ok(own.has(name), name);
  }
});

test('a code lens running the server\'s materialize or status goes through the extension\'s commands', () => {
  assert.deepEqual(rerouteServerCommand('assetlens.server.materialize', [{ key: ['raw', 'orders'], upstream: true, downstream: false }]), {
    command: 'assetlens.materialize',
    args: [{ key: ['raw', 'orders'], upstream: true }],
  });
  assert.deepEqual(rerouteServerCommand('assetlens.server.materialize', [{ keys: [['a'], ['b']], upstream: false }]), {
    command: 'assetlens.materialize',
    args: [{ key: ['a'], keys: [['a'], ['b']], upstream: false }],
  });
  assert.deepEqual(rerouteServerCommand('assetlens.server.status', [{ keys: [['a', 'b']] }]), { command: 'assetlens.showStatus', args: [{ key: ['a', 'b'] }] });
  // what the extension has no view for goes to the server
  assert.equal(rerouteServerCommand('assetlens.server.materialize', [{ key: ['a'], downstream: true }]), undefined);
  assert.equal(rerouteServerCommand('assetlens.server.status', []), undefined);
  assert.equal(rerouteServerCommand('assetlens.server.status', [{ keys: [['a'], ['b']] }]), undefined);
  assert.equal(rerouteServerCommand('assetlens.server.somethingNew', [{ key: ['a'] }]), undefined);
  assert.equal(rerouteServerCommand('assetlens.server.materialize', [{ nokey: 1 }]), undefined);
});

test('the hover\'s "Show value" link opens the extension\'s value view', () => {
  assert.deepEqual(rerouteServerCommand('assetlens.server.showValue', [{ key: 'raw/orders', uri: 'file:///w' }]), {
    command: 'assetlens.showValue',
    args: [{ key: ['raw', 'orders'] }],
  });
  assert.equal(rerouteServerCommand('assetlens.server.showValue', [{ uri: 'file:///w' }]), undefined);
});
