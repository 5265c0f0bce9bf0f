// End-to-end test of Workspace Trust: the same workspace opened in Restricted Mode (not trusted). The
// analysis works (the server starts, code lenses appear) but running does not: "Materialize" explains
// that it needs a trusted workspace and nothing is materialized. Run by scripts/e2e.sh with
// scripts/run-code-server-untrusted.sh (Workspace Trust on); screenshots are untrusted-NN-name.png.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Workbench, config, locate } = require('./workbench');

const scenario = config.scenario;
let wb;
let serverProblem;

describe('assetlens in an untrusted workspace', { concurrency: false }, () => {
  before(async () => {
    wb = await Workbench.open('untrusted-');
  });

  after(async () => {
    await wb?.close();
  });

  test('the workspace is in Restricted Mode and the analysis works', { timeout: config.serverStartMs + 60000 }, async () => {
    await wb.step('analysis', async () => {
      await wb.openFile(scenario.materialize.file);
      await wb.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30000 });
      try {
        await wb.waitForServer();
      } catch (error) {
        serverProblem = error.message;
        assert.fail(`the server did not start (${serverProblem})`);
      }
      await wb.page.locator('.contentWidgets .codelens-decoration', { hasText: 'Materialize' }).filter({ visible: true }).first().waitFor({ timeout: 45000 });
    });
  });

  test('"Materialize" does not run: it says why, and nothing is materialized', { timeout: 90000 }, async () => {
    if (serverProblem) assert.fail(`needs the language server, which is not running: ${serverProblem}`);
    const decorator = locate(scenario.materialize.file, scenario.materialize.decorator);
    await wb.goTo(decorator);
    await wb.step('materialize-refused', async () => {
      await wb.clickLensAbove(decorator.line, /^\W*Materialize\s*$/, 45000);
      await wb.notification('needs a trusted workspace').waitFor({ timeout: 20000 });
      await wb.page.waitForTimeout(2000);
      const lenses = (await wb.codeLensLines()).join('\n');
      assert.doesNotMatch(lenses, /materialized (just now|\d+ \w+ ago)/, 'nothing was materialized');
    });
  });
});
