/** Tests of statusView.ts: the status bar's words, and reading `assetlens/indexStatus`. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeServerState, readIndexStatus } from '../../src/statusView';

test('indexing, then assets and problems', () => {
  const indexing = describeServerState({ kind: 'running', python: 'py', version: '0.1', index: { state: 'indexing', assets: 10, problems: 0, files: 120 } });
  assert.equal(indexing.text, '$(sync~spin) assetlens: indexing 120 files');
  const ready = describeServerState({ kind: 'running', python: 'py', version: '0.1', index: { state: 'ready', assets: 10234, problems: 3, files: 1000 } });
  // Before VS Code has any of the diagnostics: the server's count, named.
  assert.equal(ready.text, '$(type-hierarchy) 10,234 assets, $(warning) 3 problems');
  assert.match(ready.tooltip, /10,234 assets in 1,000 files; 3 problems/);
  assert.equal(ready.command, 'assetlens.showLineage');
  const clean = describeServerState({ kind: 'running', python: 'py', version: '0.1', index: { state: 'ready', assets: 1, problems: 0, files: 1 } });
  assert.equal(clean.text, '$(type-hierarchy) 1 asset');
});

test('errors get the error icon, warnings the warning icon, and each says what it counts', () => {
  const state = { kind: 'running', python: 'py', version: '0.1', index: { state: 'ready', assets: 33, problems: 4, files: 9 } } as const;
  const both = describeServerState(state, { errors: 2, warnings: 1, infos: 1 });
  assert.equal(both.text, '$(type-hierarchy) 33 assets, $(error) 2 errors, $(warning) 1 warning');
  assert.match(both.tooltip, /33 assets in 9 files; 2 errors, 1 warning, 1 note/);
  const oneError = describeServerState(state, { errors: 1, warnings: 0, infos: 0 });
  assert.equal(oneError.text, '$(type-hierarchy) 33 assets, $(error) 1 error');
  const warnings = describeServerState(state, { errors: 0, warnings: 3, infos: 0 });
  assert.equal(warnings.text, '$(type-hierarchy) 33 assets, $(warning) 3 warnings');
  assert.doesNotMatch(warnings.text, /\$\(error\)/);
  const notes = describeServerState(state, { errors: 0, warnings: 0, infos: 2 });
  assert.equal(notes.text, '$(type-hierarchy) 33 assets, $(info) 2 notes');
  const clean = describeServerState({ ...state, index: { ...state.index, problems: 0 } }, { errors: 0, warnings: 0, infos: 0 });
  assert.equal(clean.text, '$(type-hierarchy) 33 assets');
  assert.match(clean.tooltip, /no problems/);
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
