// End-to-end tests of the assetlens extension in a real VS Code (code-server) driven by headless
// Chromium with playwright-core, in a trusted workspace. Run by scripts/e2e.sh, which installs
// everything, packages the .vsix and starts code-server with it (see workbench.js for the environment).
// Each checked state is kept as a screenshot in ARTIFACTS: NN-name.png (NN-name-fail.png on failure).
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Workbench, config, locate } = require('./workbench');

const scenario = config.scenario;
let wb;
/** Why the server-dependent checks cannot pass, once known (the status bar says so). */
let serverProblem;

function needsServer() {
  if (serverProblem) assert.fail(`needs the language server, which is not running: ${serverProblem}`);
}

describe('assetlens in VS Code', { concurrency: false }, () => {
  before(async () => {
    wb = await Workbench.open();
  });

  after(async () => {
    await wb?.close();
  });

  test('the extension is installed and activates on a Python file', { timeout: 120000 }, async () => {
    await wb.step('activated', async () => {
      await wb.openFile(scenario.codeLens.file);
      await wb.statusItem().waitFor({ timeout: 60000 });
    });
  });

  test('the server starts and the status bar shows the indexed assets', { timeout: config.serverStartMs + 30000 }, async () => {
    await wb.step('server-started', async () => {
      let count;
      try {
        count = await wb.waitForServer();
      } catch (error) {
        serverProblem = error.message;
        await wb.runCommand('assetlens: Show Output');
        await wb.page.waitForTimeout(1500);
        assert.fail(`the server did not start (${serverProblem})`);
      }
      assert.ok(count >= scenario.minAssets, `${count} assets, expected at least ${scenario.minAssets}`);
    });
  });

  test('a diagnostic for the known mistake appears in the Problems panel', { timeout: 90000 }, async () => {
    needsServer();
    await wb.step('problems', async () => {
      await wb.openFile(scenario.problem.file);
      await wb.page.keyboard.press('Control+Shift+M');
      // The list is virtual (only visible rows exist): filter it down to the problem.
      const filter = wb.page.getByPlaceholder(/^Filter \(e\.g\. text/);
      await filter.fill(scenario.problem.text);
      const row = wb.page.locator('.markers-panel .monaco-list-row', { hasText: scenario.problem.text }).first();
      await row.waitFor({ timeout: 60000 });
      const text = await row.innerText();
      assert.match(text, /assetlens/i, 'the diagnostic names its source');
      assert.match(text, /AL\d{3}/, 'the diagnostic carries its rule code');
    }, async () => {
      await wb.page.getByPlaceholder(/^Filter \(e\.g\. text/).fill('');
      await wb.page.keyboard.press('Control+J'); // hide the panel
    });
  });

  test('code lenses appear over the assets', { timeout: 60000 }, async () => {
    needsServer();
    await wb.step('code-lens', async () => {
      await wb.openFile(scenario.codeLens.file);
      await wb.page.locator('.contentWidgets .codelens-decoration', { hasText: scenario.codeLens.text }).filter({ visible: true }).first().waitFor({ timeout: 45000 });
      const lines = await wb.codeLensLines();
      assert.ok(lines.some((line) => /upstream/.test(line) && /downstream/.test(line)), `lineage lens in ${JSON.stringify(lines)}`);
    });
  });

  test('hover shows the asset key', { timeout: 60000 }, async () => {
    needsServer();
    await wb.step('hover', async () => {
      await wb.openFile(scenario.hover.file);
      await wb.goTo(locate(scenario.hover.file, scenario.hover.find));
      await wb.runCommand('Show or Focus Hover');
      await wb.page.locator('.monaco-hover:not(.hidden)', { hasText: scenario.hover.expect }).first().waitFor({ timeout: 30000 });
    }, () => wb.page.keyboard.press('Escape'));
  });

  test('go to definition jumps to the asset in another file', { timeout: 60000 }, async () => {
    needsServer();
    const { definition } = scenario;
    await wb.step('definition', async () => {
      await wb.openFile(definition.file);
      await wb.goTo(locate(definition.file, definition.find));
      await wb.page.keyboard.press('F12');
      await wb.activeTab(definition.targetFile).waitFor({ timeout: 30000 });
      await wb.cursorAt(locate(definition.targetFile, definition.targetFind).line);
    });
  });

  test('"Materialize" runs the asset and its status lens changes', { timeout: 180000 }, async () => {
    needsServer();
    const { materialize } = scenario;
    const decorator = locate(materialize.file, materialize.decorator);
    await wb.openFile(materialize.file);
    await wb.goTo(decorator);
    await wb.step('materialize-before', async () => {
      const lens = await wb.waitLensAbove(decorator.line, /^\W*Materialize\s*$/, 45000);
      assert.match(lens.text, /never materialized/, `${materialize.asset} starts never materialized`);
    });
    await wb.step('materialize-after', async () => {
      await wb.clickLensAbove(decorator.line, /^\W*Materialize\s*$/);
      await wb.notification(`assetlens: materialized ${materialize.asset} (`).waitFor({ timeout: 120000 }); // the outcome, not the progress
      const status = await wb.waitLensAboveNot(decorator.line, /never materialized/);
      assert.match(status, /materialized (just now|\d+ \w+ ago)/);
    });
  });

  test('"Materialize with upstream" runs the asset and everything upstream of it', { timeout: 180000 }, async () => {
    needsServer();
    const { upstream } = scenario;
    const decorator = locate(upstream.file, upstream.decorator);
    await wb.openFile(upstream.file);
    await wb.goTo(decorator);
    await wb.step('materialize-upstream', async () => {
      await wb.clickLensAbove(decorator.line, /Materialize with upstream/, 45000);
      const toast = wb.notification(`assetlens: materialized ${upstream.asset} with upstream (`);
      await toast.waitFor({ timeout: 150000 });
      const count = Number(/\((\d+) assets?/.exec(await toast.innerText())[1]);
      assert.ok(count >= upstream.minAssets, `${count} assets materialized, expected at least ${upstream.minAssets}`);
      assert.match(await wb.waitLensAboveNot(decorator.line, /never materialized/), /materialized (just now|\d+ \w+ ago)/);
    });
  });

  test('a run can be cancelled from its progress notification', { timeout: 180000 }, async () => {
    needsServer();
    const { cancel } = scenario;
    const file = path.join(config.root, cancel.file);
    const original = fs.readFileSync(file, 'utf8');
    assert.ok(original.includes(cancel.after), `${cancel.after.trim()} in ${cancel.file}`);
    try {
      // The asset (materialized with its upstream by the test before) now sleeps for two minutes.
      fs.writeFileSync(file, original.replace(cancel.after, cancel.after + cancel.insert));
      await wb.openFile(cancel.file);
      const decorator = locate(cancel.file, cancel.decorator);
      await wb.goTo(decorator);
      await wb.step('cancel-running', async () => {
        await wb.clickLensAbove(decorator.line, /^\W*Materialize\s*$/, 60000);
        const progress = wb.notification(`assetlens: materializing ${cancel.asset}`);
        await progress.waitFor({ timeout: 30000 });
        await wb.page.waitForTimeout(2000); // the run is under way
        await wb.shot('cancel-progress');
        await progress.hover();
        await progress.locator('.monaco-button', { hasText: 'Cancel' }).first().click();
        const started = Date.now();
        const outcome = wb.notification(new RegExp(`run of ${cancel.asset} canceled`));
        await outcome.waitFor({ timeout: 30000 });
        assert.ok(Date.now() - started < 20000, 'the run stops within seconds, not when the asset finishes');
        assert.match(await outcome.innerText(), /canceled( after 0 assets)?\./, 'a cancelled run materializes nothing');
      });
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  test('the lineage view renders the nodes around the asset', { timeout: 90000 }, async () => {
    needsServer();
    const { lineage } = scenario;
    await wb.step('lineage', async () => {
      await wb.openFile(lineage.file);
      await wb.goTo(locate(lineage.file, lineage.find));
      await wb.runCommand('assetlens: Show Lineage');
      const frame = wb.lineageFrame();
      const summary = frame.locator('#summary');
      await summary.filter({ hasText: /\d+ assets?/ }).waitFor({ timeout: 60000 });
      const assets = Number(/(\d+) assets?/.exec(await summary.innerText())[1]);
      assert.ok(assets >= lineage.minNodes, `${assets} assets in the lineage view`);
      await wb.page.waitForTimeout(300); // one animation frame at least
      const drawn = Number(await frame.locator('canvas#graph').getAttribute('data-nodes-drawn'));
      assert.ok(drawn >= lineage.minNodes, `${drawn} nodes drawn on the canvas`);
    });
  });

  test('clicking a lineage node opens its definition, and the view follows the cursor', { timeout: 60000 }, async () => {
    needsServer();
    const { click } = scenario.lineage;
    await wb.step('lineage-click', async () => {
      const frame = wb.lineageFrame();
      const search = frame.locator('#search');
      await search.fill(click.asset);
      await search.press('Enter'); // centres the node
      const box = await frame.locator('canvas#graph').boundingBox();
      await wb.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await wb.activeTab(click.file).waitFor({ timeout: 20000 });
      await wb.cursorAt(locate(click.file, click.name).line);
      // The view follows the cursor: it is now centred on the asset just opened.
      await frame.locator('#summary').filter({ hasText: `around ${click.asset}` }).waitFor({ timeout: 20000 });
    });
  });

  test('the lineage view at 1600 and 1000 px: missing keys, a cycle, readable labels, the whole graph', { timeout: 300000 }, async () => {
    needsServer();
    const frame = wb.lineageFrame();
    const canvas = frame.locator('canvas#graph');
    const summary = frame.locator('#summary');
    /** After Fit: every node on screen has its label (shortened, never dropped). */
    const checkLabels = async () => {
      await frame.locator('#fit').click();
      await wb.page.waitForTimeout(250); // a frame or two
      const drawn = Number(await canvas.getAttribute('data-nodes-drawn'));
      const labels = Number(await canvas.getAttribute('data-labels-drawn'));
      assert.ok(drawn > 0, 'nodes on screen');
      assert.equal(labels, drawn, `every node drawn has its label (scale ${await canvas.getAttribute('data-scale')})`);
    };
    try {
      for (const width of [1600, 1000]) {
        await wb.page.setViewportSize({ width, height: 1000 });
        for (const state of scenario.lineage.states) {
          await wb.step(`lineage-${state.name}-${width}`, async () => {
            await wb.openFile(state.file);
            await wb.goTo(locate(state.file, state.find));
            await wb.runCommand('assetlens: Show Lineage');
            const name = state.find.replace(/^def /, '');
            await summary.filter({ hasText: new RegExp(`around (\\S+/)?${name},`) }).waitFor({ timeout: 30000 });
            await checkLabels();
            const text = await summary.innerText();
            assert.doesNotMatch(text, /null/);
            if (state.missing) assert.match(text, new RegExp(`${state.missing} missing`), 'the missing key is counted apart');
            if (state.cycle) assert.ok(Number(await canvas.getAttribute('data-cycle-edges')) >= 1, 'the cycle is drawn');
          });
        }
        await wb.step(`lineage-whole-${width}`, async () => {
          await frame.locator('#mode-all').click();
          await summary.filter({ hasText: 'whole graph' }).waitFor({ timeout: 30000 });
          await checkLabels();
        }, () => frame.locator('#mode-neighbourhood').click());
      }
    } finally {
      await wb.page.setViewportSize({ width: 1600, height: 1000 });
    }
  });

  test('the lineage view works from the keyboard: arrows select, Enter opens the definition', { timeout: 90000 }, async () => {
    needsServer();
    const { states } = scenario.lineage;
    const last = states[states.length - 1];
    const frame = wb.lineageFrame();
    const canvas = frame.locator('canvas#graph');
    const summary = frame.locator('#summary');
    await wb.openFile(last.file);
    await wb.goTo(locate(last.file, last.find));
    await wb.runCommand('assetlens: Show Lineage');
    await summary.filter({ hasText: new RegExp(`around (\\S+/)?${last.find.replace(/^def /, '')},`) }).waitFor({ timeout: 30000 });
    await wb.step('lineage-keyboard', async () => {
      await canvas.focus();
      const start = await canvas.getAttribute('data-selected');
      assert.ok(start, 'focusing the graph selects a node');
      // The focused asset was materialized (with its upstream) by an earlier test: its tooltip says when.
      await frame.locator('#tooltip').filter({ hasText: start }).filter({ hasText: /last materialization: (just now|\d+ min ago)/ }).waitFor({ timeout: 5000 });
      await wb.shot('lineage-keyboard-focus');
      let selected = start;
      for (const key of ['ArrowRight', 'ArrowLeft', 'ArrowDown']) {
        await canvas.press(key);
        await wb.page.waitForTimeout(150);
        const now = await canvas.getAttribute('data-selected');
        if (now !== start) {
          selected = now;
          break;
        }
      }
      assert.notEqual(selected, start, 'an arrow key moves the selection');
      await frame.locator('#announce').filter({ hasText: selected }).waitFor({ timeout: 5000 });
      await frame.locator('#tooltip').filter({ hasText: selected }).waitFor({ timeout: 5000 });
      await wb.shot('lineage-keyboard-selected');
      await canvas.press('Enter');
      // The definition opens and the view follows the cursor to it.
      await summary.filter({ hasText: `around ${selected},` }).waitFor({ timeout: 20000 });
    });
  });

  test('changing a setting restarts the server with it: ignoring the rule clears the problem', { timeout: 180000 }, async () => {
    needsServer();
    const { problem } = scenario;
    // Folder settings of the folder that holds the problem (the first path part in a multi-root workspace).
    const folder = scenario.multiRoot ? path.join(config.root, problem.file.split('/')[0]) : config.root;
    const settingsFile = path.join(folder, '.vscode', 'settings.json');
    const filter = wb.page.getByPlaceholder(/^Filter \(e\.g\. text/);
    const rows = wb.page.locator('.markers-panel .monaco-list-row', { hasText: problem.text });
    await wb.openFile(problem.file);
    await wb.page.keyboard.press('Control+Shift+M');
    await filter.fill(problem.text);
    await rows.first().waitFor({ timeout: 60000 });
    const code = /AL\d{3}/.exec(await rows.first().innerText())[0];
    try {
      await wb.step('setting-ignore', async () => {
        fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
        fs.writeFileSync(settingsFile, JSON.stringify({ 'assetlens.ignore': [code] }, null, 2));
        await rows.first().waitFor({ state: 'detached', timeout: 90000 });
        await wb.waitForServer(); // running again, with the setting
      });
      await wb.step('setting-restored', async () => {
        fs.rmSync(settingsFile);
        await rows.first().waitFor({ timeout: 90000 });
      });
    } finally {
      fs.rmSync(settingsFile, { force: true });
      await filter.fill('').catch(() => {});
      await wb.page.keyboard.press('Control+J').catch(() => {});
    }
  });

  test('"Show Value" opens the materialized value in a view', { timeout: 120000 }, async (t) => {
    needsServer();
    const { materialize } = scenario; // materialized by an earlier test
    await wb.openFile(materialize.file);
    await wb.goTo(locate(materialize.file, materialize.name));
    await wb.runCommand('assetlens: Show Value');
    const tab = wb.page.locator('.tab', { hasText: `Value: ${materialize.asset}` });
    const unsupported = wb.notification('cannot show values');
    const failed = wb.notification(/could not show the value|answered "Show Value"/);
    const outcome = await Promise.race([
      tab.waitFor({ timeout: 90000 }).then(() => 'view', () => 'timeout'),
      unsupported.waitFor({ timeout: 90000 }).then(() => 'unsupported', () => 'timeout'),
      failed.waitFor({ timeout: 90000 }).then(() => 'failed', () => 'timeout'),
    ]);
    assert.notEqual(outcome, 'timeout', 'neither the value view nor a message appeared');
    if (outcome === 'failed') {
      await wb.shot('show-value-fail');
      assert.fail(await failed.first().innerText());
    }
    if (outcome === 'unsupported') {
      await wb.shot('show-value-unsupported');
      t.skip('this server has no assetlens.server.showValue yet (the extension said so)');
      return;
    }
    await wb.step('show-value', async () => {
      const frame = wb.webviewFrame();
      await frame.locator('h1', { hasText: materialize.asset }).waitFor({ timeout: 20000 });
      assert.match(await frame.locator('body').innerText(), /type\s+\S+/);
    });
  });
});
