/** Tests of installCheck.ts: reading the probe, and probing real interpreters. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { describeProbeFailure, installCommand, interpretProbe, probeAssetlens, quoteForShell } from '../../src/installCheck';

const repoVenvPython = path.resolve(__dirname, '../../../../.venv/bin/python');

test('a Python with assetlens installed is ok (the repo .venv)', { skip: !existsSync(repoVenvPython) && 'no .venv at the repo root' }, async () => {
  const result = await probeAssetlens(repoVenvPython);
  assert.equal(result.kind, 'ok', JSON.stringify(result));
});

test('a Python without assetlens is reported with the install command', async (t) => {
  const system = '/usr/bin/python3';
  if (!existsSync(system)) return t.skip('no /usr/bin/python3');
  const result = await probeAssetlens(system);
  if (result.kind === 'ok') return t.skip('assetlens is installed in the system Python');
  assert.equal(result.kind, 'notInstalled', JSON.stringify(result));
  if (result.kind !== 'notInstalled') return;
  assert.match(result.detail, /No module named 'assetlens'/);
  assert.equal(describeProbeFailure(result), `assetlens is not installed in ${system} (Python ${result.pythonVersion}). Install it with: ${system} -m pip install assetlens`);
});

test('a missing interpreter is "not found", not a crash', async () => {
  const result = await probeAssetlens('/nonexistent/bin/python');
  assert.equal(result.kind, 'notFound');
  assert.match(describeProbeFailure(result as Exclude<typeof result, { kind: 'ok' }>), /was not found/);
});

test('something that is not Python is "broken"', async () => {
  const result = await probeAssetlens('/bin/false');
  assert.equal(result.kind, 'broken');
});

test('interpretProbe reads each outcome', () => {
  assert.deepEqual(interpretProbe('py', { stdout: '{"python": "3.12.1", "assetlens": "0.1.0"}\n', stderr: '' }), {
    kind: 'ok', python: 'py', version: '0.1.0', pythonVersion: '3.12.1',
  });
  assert.equal(interpretProbe('py', { stdout: '{"python": "3.9.18", "missing": "x"}', stderr: '' }).kind, 'tooOld');
  assert.equal(interpretProbe('py', { stdout: '{"python": "3.11.2", "error": "SyntaxError: x"}', stderr: '' }).kind, 'broken');
  assert.equal(interpretProbe('py', { stdout: 'noise\n{"python": "3.13.0", "missing": "ModuleNotFoundError"}', stderr: '' }).kind, 'notInstalled');
  assert.equal(interpretProbe('py', { errorCode: 'EACCES', stdout: '', stderr: '' }).kind, 'notFound');
  const timedOut = interpretProbe('py', { killed: true, stdout: '', stderr: '' });
  assert.deepEqual(timedOut, { kind: 'broken', python: 'py', detail: 'not a working Python: timed out' });
  const old = interpretProbe('py', { stdout: '{"python": "3.10.4"}', stderr: '' });
  assert.match(describeProbeFailure(old as Exclude<typeof old, { kind: 'ok' }>), /needs Python 3\.11 or newer; py is Python 3\.10\.4/);
});

test('install commands quote paths that need it', () => {
  assert.equal(installCommand('/usr/bin/python3'), '/usr/bin/python3 -m pip install assetlens');
  assert.equal(quoteForShell("/home/o'neil/my env/python", 'linux'), `'/home/o'\\''neil/my env/python'`);
  assert.equal(quoteForShell('C:\\Program Files\\Python\\python.exe', 'win32'), '& "C:\\Program Files\\Python\\python.exe"');
});
