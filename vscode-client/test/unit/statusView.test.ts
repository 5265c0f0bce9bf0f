/** Tests of statusView.ts: the status bar's words, and reading `assetlens/indexStatus`. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeServerState, readIndexStatus } from '../../src/statusView';

test('indexing, then assets and problems', () => {
  const indexing = describeServerState({ kind: 'running', python: 'py', version: '0.1', index: { state: 'indexing', assets: 10, problems: 0, files: 120 } });
  assert.equal(indexing.text, '$(sync~spin) assetlens: indexing 120 files');
  const ready = describeServerState({ kind: 'running', python: 'py', version: '0.1', index: { state: 'ready', assets: 10234, problems: 3, files: 1000 } });
  assert.equal(ready.text, '$(type-hierarchy) 10,234 assets $(warning) 3');
  assert.match(ready.tooltip, /10,234 assets in 1,000 files, 3 problems/);
  assert.equal(ready.command, 'assetlens.showLineage');
  const clean = describeServerState({ kind: 'running', python: 'py', version: '0.1', index: { state: 'ready', assets: 1, problems: 0, files: 1 } });
  assert.equal(clean.text, '$(type-hierarchy) 1 asset');
});

test('not installed and failed states draw attention and offer a restart', () => {
  const missing = describeServerState({ kind: 'notInstalled', message: 'assetlens is not installed in python3' });
  assert.equal(missing.warning, true);
  assert.equal(missing.command, 'assetlens.restartServer');
  assert.equal(describeServerState({ kind: 'failed', message: 'x.' }).warning, true);
  assert.equal(describeServerState({ kind: 'starting' }).warning, false);
});

test('readIndexStatus accepts the protocol shape only', () => {
  assert.deepEqual(readIndexStatus({ state: 'ready', assets: 3, problems: 1, files: 2, extra: 1 }), { state: 'ready', assets: 3, problems: 1, files: 2 });
  assert.equal(readIndexStatus({ state: 'done', assets: 3, problems: 1, files: 2 }), undefined);
  assert.equal(readIndexStatus({ state: 'ready', assets: -1, problems: 1, files: 2 }), undefined);
  assert.equal(readIndexStatus(null), undefined);
});
