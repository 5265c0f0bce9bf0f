// End-to-end test of the interpreter chosen in the Python extension (scripts/e2e.sh installs a stand-in for
// it, test/e2e/python-extension, since the real one is not on the package registries, and leaves
// `assetlens.interpreter` empty): first a bare virtual environment without assetlens, where the status
// bar says so and a notification gives the install command; then the user picks an interpreter with
// assetlens with "Python: Select Interpreter", and the server restarts with it.
// Screenshots are not-installed-NN-name.png.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Workbench, config } = require('./workbench');

let wb;

describe('assetlens with the Python extension\'s interpreter', { concurrency: false }, () => {
  before(async () => {
    wb = await Workbench.open('not-installed-');
  });

  after(async () => {
    await wb?.close();
  });

  test('an interpreter without assetlens: the status bar and a notification say how to install it', { timeout: 120000 }, async () => {
    await wb.step('notification', async () => {
      await wb.openFile(config.scenario.codeLens.file);
      await wb.statusItem().filter({ hasText: 'not installed' }).waitFor({ timeout: 60000 });
      const toast = wb.notification('assetlens is not installed in');
      await toast.waitFor({ timeout: 30000 });
      const text = await toast.innerText();
      assert.match(text, /-m pip install assetlens/);
      assert.ok(text.includes(process.env.BARE_PYTHON), `the Python extension's interpreter is named: ${text}`);
      await toast.locator('a.monaco-button, .monaco-button', { hasText: 'Install in Terminal' }).first().waitFor();
    });
  });

  test('choosing another interpreter in the Python extension restarts the server with it', { timeout: 150000 }, async () => {
    await wb.step('python-extension-interpreter', async () => {
      // As a user does: "Python: Select Interpreter", then the path of one with assetlens.
      await wb.runCommand('Python: Select Interpreter');
      await wb.page.locator('.quick-input-widget', { hasText: 'Enter interpreter path' }).waitFor();
      await wb.quickInput(process.env.PYTHON);
      await wb.page.keyboard.press('Enter');
      // Only an interpreter with assetlens can index the workspace: the count proves the switch.
      await wb.statusItem().filter({ hasText: /\d assets?/ }).waitFor({ timeout: 120000 });
      const count = await wb.waitForServer();
      assert.ok(count >= config.scenario.minAssets, `${count} assets`);
    });
  });
});
