/**
 * The extension's package.json against docs/protocol.md (a contract): every server setting is declared
 * once, with a scope and the documented default; every client command that the code lenses invoke
 * exists; and the webview HTML loads nothing from the network.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { lineageHtml } from '../../src/lineage/html';
import { CLIENT_MATERIALIZE, CLIENT_RESTART, CLIENT_SHOW_LINEAGE, CLIENT_SHOW_STATUS } from '../../src/protocol';
import { SERVER_SETTING_KEYS } from '../../src/settings';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const properties: Record<string, { scope?: string; default?: unknown }> = manifest.contributes.configuration.properties;
const protocolDoc = path.resolve(root, '../docs/protocol.md');

function documentedSettings(): Map<string, string> {
  const text = readFileSync(protocolDoc, 'utf8');
  const section = text.slice(text.indexOf('## Settings'), text.indexOf('## Commands'));
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const key = /^`(\w+)`$/.exec(cells[1] ?? '')?.[1];
    if (key) rows.set(key, cells[3] ?? '');
  }
  return rows;
}

test('every protocol setting but `trusted` is declared, with a scope', () => {
  const documented = documentedSettings();
  assert.ok(documented.size >= 9, `read ${documented.size} settings from docs/protocol.md`);
  const expected = [...documented.keys()].filter((key) => key !== 'trusted').sort();
  assert.deepEqual([...SERVER_SETTING_KEYS].sort(), expected);
  for (const key of expected) {
    const property = properties[`assetlens.${key}`];
    assert.ok(property, `assetlens.${key} is not declared in package.json`);
    assert.ok(property.scope, `assetlens.${key} has no scope`);
  }
  assert.equal(properties['assetlens.trusted'], undefined, 'trust comes from VS Code, never a setting');
});

test('declared defaults are the documented ones', () => {
  const documented = documentedSettings();
  for (const [key, text] of documented) {
    const property = properties[`assetlens.${key}`];
    if (!property) continue;
    const match = /^`([^`]*)`|^"([^"]*)"/.exec(text);
    const literal = match?.[1] ?? (match?.[2] !== undefined ? JSON.stringify(match[2]) : undefined);
    if (literal === undefined) {
      assert.equal(property.default, '', `assetlens.${key}: "${text}" means empty`);
    } else {
      assert.deepEqual(property.default, JSON.parse(literal), `assetlens.${key}`);
    }
  }
});

test('the commands the code lenses invoke, and Restart, are contributed', () => {
  const commands = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
  for (const command of [CLIENT_MATERIALIZE, CLIENT_SHOW_LINEAGE, CLIENT_SHOW_STATUS, CLIENT_RESTART, 'assetlens.materializeWithUpstream']) {
    assert.ok(commands.has(command), command);
  }
  const protocolText = readFileSync(protocolDoc, 'utf8');
  for (const lensCommand of protocolText.match(/command `assetlens\.\w+`/g) ?? []) {
    assert.ok(commands.has(lensCommand.slice('command `'.length, -1)), lensCommand);
  }
});

test('running settings are restricted in untrusted workspaces', () => {
  const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
  assert.deepEqual(restricted.sort(), ['assetlens.interpreter', 'assetlens.runtimeInterpreter']);
});

test('the lineage webview HTML allows only its own script and style', () => {
  const html = lineageHtml({ cspSource: 'vscode-resource:', nonce: 'abc', scriptUri: 'vscode-resource:/dist/webview.js', styleUri: 'vscode-resource:/dist/webview.css' });
  const csp = /Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-abc'/);
  assert.doesNotMatch(html, /https?:\/\//);
  assert.match(html, /<script nonce="abc" src="vscode-resource:\/dist\/webview.js">/);
});

test('the commands the extension registers are exactly those package.json declares', async () => {
  const { CLIENT_COMMANDS } = await import('../../src/protocol');
  const declared = (manifest.contributes.commands as { command: string }[]).map((c) => c.command).sort();
  assert.deepEqual([...CLIENT_COMMANDS].sort(), declared);
});

test('the lineage view has a legend entry for missing keys and a graph that takes the keyboard focus', () => {
  const html = lineageHtml({ cspSource: 'vscode-resource:', nonce: 'n', scriptUri: 'a.js', styleUri: 'a.css' });
  assert.match(html, /<span class="missing"[^>]*>missing<\/span>/);
  assert.match(html, /<canvas id="graph" tabindex="0"/);
  assert.match(html, /id="announce"[^>]*aria-live="polite"/);
});
