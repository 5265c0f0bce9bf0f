// End-to-end test of an interpreter without assetlens (scripts/e2e.sh points `assetlens.interpreter` at a
// bare virtual environment): the status bar says so and a notification gives the install command.
// Screenshots are not-installed-NN-name.png.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Workbench, config } = require('./workbench');

let wb;

describe('assetlens with an interpreter that lacks it', { concurrency: false }, () => {
  before(async () => {
    wb = await Workbench.open('not-installed-');
  });

  after(async () => {
    await wb?.close();
  });

  test('the status bar and a notification say how to install it', { timeout: 120000 }, async () => {
    await wb.step('notification', async () => {
      await wb.openFile(config.scenario.codeLens.file);
      await wb.statusItem().filter({ hasText: 'not installed' }).waitFor({ timeout: 60000 });
      const toast = wb.notification('assetlens is not installed in');
      await toast.waitFor({ timeout: 30000 });
      assert.match(await toast.innerText(), /-m pip install assetlens/);
      await toast.locator('a.monaco-button, .monaco-button', { hasText: 'Install in Terminal' }).first().waitFor();
    });
  });
});
