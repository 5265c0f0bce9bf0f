/** Tests of settings.ts: the protocol's settings object read from the `assetlens` section. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson, parseSettings } from '../../src/settings';

const from = (values: Record<string, unknown>) => (key: string) => values[key];

test('unset settings give only `trusted`, so the server applies its defaults', () => {
  assert.deepEqual(parseSettings(from({}), false), { settings: { trusted: false }, warnings: [] });
  assert.deepEqual(parseSettings(from({}), true).settings, { trusted: true });
});

test('valid values pass through, in camelCase, rule codes upper-cased', () => {
  const { settings, warnings } = parseSettings(
    from({
      select: ['al001', 'AL'],
      ignore: [' AL004 '],
      severity: { al003: 'warning' },
      exclude: ['build/**'],
      diagnosticsOn: 'save',
      engine: 'dagster',
      runtimeInterpreter: '${workspaceFolder}/.venv/bin/python',
      baseRef: 'origin/main',
    }),
    true,
    (p) => p.replace('${workspaceFolder}', '/ws'),
  );
  assert.deepEqual(warnings, []);
  assert.deepEqual(settings, {
    trusted: true,
    select: ['AL001', 'AL'],
    ignore: ['AL004'],
    severity: { AL003: 'warning' },
    exclude: ['build/**'],
    diagnosticsOn: 'save',
    engine: 'dagster',
    runtimeInterpreter: '/ws/.venv/bin/python',
    baseRef: 'origin/main',
  });
});

test('wrong types are left out (server default) and explained', () => {
  const { settings, warnings } = parseSettings(
    from({ select: 'AL001', engine: 'spark', diagnosticsOn: 3, severity: ['AL001'], baseRef: 42 }),
    false,
  );
  assert.deepEqual(settings, { trusted: false });
  assert.equal(warnings.length, 5);
  assert.match(warnings.join('\n'), /assetlens\.select must be a list of strings/);
  assert.match(warnings.join('\n'), /assetlens\.engine must be one of "builtin", "dagster", not "spark"/);
});

test('bad items inside a list or map are dropped one by one', () => {
  const { settings, warnings } = parseSettings(
    from({ ignore: ['AL002', 7, '', 'not a code!'], severity: { AL001: 'fatal', AL002: 'hint', 'x y': 'error' } }),
    false,
  );
  assert.deepEqual(settings.ignore, ['AL002']);
  assert.deepEqual(settings.severity, { AL002: 'hint' });
  assert.equal(warnings.length, 5);
});

test('blank strings mean unset', () => {
  assert.deepEqual(parseSettings(from({ runtimeInterpreter: '  ', baseRef: '' }), false), { settings: { trusted: false }, warnings: [] });
});

test('canonicalJson ignores key order at every level', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } }), canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
  assert.notEqual(canonicalJson({ severity: { AL001: 'error' } }), canonicalJson({ severity: { AL001: 'hint' } }));
});
