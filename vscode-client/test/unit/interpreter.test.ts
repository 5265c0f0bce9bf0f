/** Tests of interpreter.ts: which Python runs the server, and path expansion. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { chooseInterpreter, expandPath, isInside } from '../../src/interpreter';

const folders = ['/home/u/project'];

test('the setting wins over the Python extension', () => {
  const choice = chooseInterpreter({ configured: '/opt/py/bin/python', pythonExtension: '/usr/bin/python3.12', trusted: true, workspaceFolders: folders });
  assert.deepEqual(choice, { command: '/opt/py/bin/python', source: 'setting', notes: [] });
});

test("the Python extension's interpreter is used when the setting is empty", () => {
  const choice = chooseInterpreter({ configured: ' ', pythonExtension: '/home/u/project/.venv/bin/python', trusted: true, workspaceFolders: folders });
  assert.equal(choice.command, '/home/u/project/.venv/bin/python');
  assert.equal(choice.source, 'python-extension');
});

test('python3 from PATH when nothing else is known (python on Windows)', () => {
  assert.equal(chooseInterpreter({ trusted: true, workspaceFolders: folders, platform: 'linux' }).command, 'python3');
  assert.equal(chooseInterpreter({ trusted: true, workspaceFolders: folders, platform: 'win32' }).command, 'python');
});

test('an untrusted workspace does not get its own .venv run', () => {
  const choice = chooseInterpreter({ pythonExtension: '/home/u/project/.venv/bin/python', trusted: false, workspaceFolders: folders, platform: 'linux' });
  assert.equal(choice.command, 'python3');
  assert.equal(choice.source, 'default');
  assert.match(choice.notes[0]!, /inside the workspace, which is not trusted/);
  // an interpreter outside the workspace is fine
  const outside = chooseInterpreter({ pythonExtension: '/usr/bin/python3.12', trusted: false, workspaceFolders: folders });
  assert.equal(outside.command, '/usr/bin/python3.12');
});

test('isInside is about path components, not prefixes', () => {
  assert.ok(isInside('/a/b/c', '/a/b'));
  assert.ok(isInside('/a/b', '/a/b'));
  assert.ok(!isInside('/a/bc/python', '/a/b'));
  assert.ok(!isInside('/a/python', '/a/b'));
  assert.ok(isInside('C:\\ws\\.venv\\python.exe', 'C:\\ws', path.win32));
});

test('expandPath expands variables and ~, and anchors relative paths at the folder', () => {
  const context = { workspaceFolder: '/ws', home: '/home/u' };
  assert.equal(expandPath('${workspaceFolder}/.venv/bin/python', context), '/ws/.venv/bin/python');
  assert.equal(expandPath('~/envs/a/bin/python', context), '/home/u/envs/a/bin/python');
  assert.equal(expandPath('${userHome}/x/python', context), '/home/u/x/python');
  assert.equal(expandPath('.venv/bin/python', context), '/ws/.venv/bin/python');
  assert.equal(expandPath('python3.12', context), 'python3.12');
  assert.equal(expandPath('/abs/python', context), '/abs/python');
});
