// End-to-end tests of the assetlens extension in a real VS Code (code-server) driven by headless
// Chromium with playwright-core. Run by scripts/e2e.sh, which installs everything, packages the .vsix,
// starts code-server with it and sets: CS_URL, WS (the workspace copy), SCENARIO (a JSON file naming
// the files, positions and expectations in that workspace), ARTIFACTS (screenshots go there).
// Each state is kept as a screenshot: NN-name.png (NN-name-fail.png when the step failed).
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const CS_URL = process.env.CS_URL || 'http://127.0.0.1:8089';
const WS = required('WS');
const SCENARIO = JSON.parse(fs.readFileSync(required('SCENARIO'), 'utf8'));
const ARTIFACTS = process.env.ARTIFACTS || path.resolve('artifacts');
const SERVER_START_MS = Number(process.env.SERVER_START_MS || 90000);

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run scripts/e2e.sh)`);
  return value;
}

/** 1-based line and column of the first occurrence of `find` in a workspace file. */
function locate(file, find) {
  const text = fs.readFileSync(path.join(WS, file), 'utf8');
  const index = text.indexOf(find);
  if (index < 0) throw new Error(`"${find}" not found in ${file}`);
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  const column = index - before.lastIndexOf('\n');
  return { line, column };
}

let browser;
let page;
let shotNumber = 0;
/** Why the server-dependent checks cannot pass, once known (the status bar says so). */
let serverProblem;

async function shot(name) {
  shotNumber += 1;
  const file = path.join(ARTIFACTS, `${String(shotNumber).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file }).catch(() => {});
  return file;
}

/**
 * Runs a step and keeps a screenshot of the state it checked (or failed in); `cleanup` runs after the
 * screenshot (closing a panel or a hover opened to be checked).
 */
async function step(name, body, cleanup) {
  try {
    await body();
    await shot(name);
  } catch (error) {
    await shot(`${name}-fail`);
    throw error;
  } finally {
    if (cleanup) await cleanup().catch(() => {});
  }
}

function needsServer() {
  if (serverProblem) assert.fail(`needs the language server, which is not running: ${serverProblem}`);
}

async function runCommand(title) {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

async function openFile(relative) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(relative);
  // Click the row itself: Enter could pick a stale first row while the list is still filtering.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(relative) }).first().click();
  await page.locator('.tab.active', { hasText: path.basename(relative) }).waitFor();
  await page.locator('.monaco-editor .view-lines').first().waitFor();
}

async function goTo({ line, column }) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await cursorAt(line);
}

/** Waits until the status bar says the cursor is on `line`; returns the column. */
async function cursorAt(line, timeout = 10000) {
  const selection = page.locator('[id="status.editor.selection"]');
  await selection.filter({ hasText: new RegExp(`Ln ${line}, Col \\d+`) }).waitFor({ timeout });
  return Number(/Col (\d+)/.exec(await selection.innerText())[1]);
}

function assetlensStatusItem() {
  return page.locator('.statusbar-item[id$="assetlens.status"]');
}

/** The code-lens lines of the active editor, top to bottom, as text. */
async function codeLensLines() {
  return page.evaluate(() =>
    [...document.querySelectorAll('.contentWidgets .codelens-decoration')]
      .map((element) => ({ rect: element.getBoundingClientRect(), text: element.textContent || '' }))
      .filter((lens) => lens.rect.width > 0 && lens.rect.height > 0)
      .sort((a, b) => a.rect.top - b.rect.top)
      .map((lens) => lens.text),
  );
}

/**
 * Clicks the lens whose text matches `pattern` on the topmost visible lens line. VS Code first shows
 * lenses from its cache as plain text, so this waits until they are links (the server's answer).
 */
async function clickTopLens(pattern, timeout = 30000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const result = await findTopLens(pattern);
    if (result === 'clicked' || Date.now() > deadline) return result;
    await page.waitForTimeout(250);
  }
}

async function findTopLens(pattern) {
  return page.evaluate((source) => {
    const lines = [...document.querySelectorAll('.contentWidgets .codelens-decoration')]
      .filter((element) => element.getBoundingClientRect().width > 0)
      .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    const link = [...(lines[0]?.querySelectorAll('a') || [])].find((a) => new RegExp(source).test(a.textContent || ''));
    if (!link) return { error: `no lens matching ${source} in ${lines[0]?.outerHTML}` };
    const rect = link.getBoundingClientRect();
    return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
  }, pattern.source).then(async (target) => {
    if (target.error) return target.error;
    await page.mouse.click(target.x, target.y); // a real click: the editor handles lens clicks on mouse up
    return 'clicked';
  });
}

function lineageFrame() {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

describe('assetlens in VS Code', { concurrency: false }, () => {
  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.setDefaultTimeout(30000);
    await page.goto(`${CS_URL}/?folder=${encodeURIComponent(WS)}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.monaco-workbench', { timeout: 90000 });
  });

  after(async () => {
    await browser?.close();
  });

  test('the extension is installed and activates on a Python file', { timeout: 120000 }, async () => {
    await step('activated', async () => {
      await openFile(SCENARIO.codeLens.file);
      await assetlensStatusItem().waitFor({ timeout: 60000 });
    });
  });

  test('the server starts and the status bar shows the indexed assets', { timeout: SERVER_START_MS + 30000 }, async () => {
    await step('server-started', async () => {
      const ready = assetlensStatusItem().filter({ hasText: /\d[\d,]* assets?/ });
      const failed = assetlensStatusItem().filter({ has: page.locator('.codicon-error, .codicon-warning') });
      const outcome = await Promise.race([
        ready.waitFor({ timeout: SERVER_START_MS }).then(() => 'ready'),
        failed.waitFor({ timeout: SERVER_START_MS }).then(() => 'failed'),
      ]).catch(() => 'timeout');
      if (outcome !== 'ready') {
        const item = assetlensStatusItem();
        const text = (await item.innerText().catch(() => '')).trim();
        const tooltip = (await item.locator('a').first().getAttribute('aria-label').catch(() => null)) || '';
        serverProblem = `${outcome}: status bar "${text}" ${tooltip}`.trim();
        await runCommand('assetlens: Show Output');
        await page.waitForTimeout(1500);
        assert.fail(`the server did not start (${serverProblem})`);
      }
      const count = Number((/(\d[\d,]*) assets?/.exec(await ready.innerText()) || [])[1].replace(/,/g, ''));
      assert.ok(count >= SCENARIO.minAssets, `${count} assets, expected at least ${SCENARIO.minAssets}`);
    });
  });

  test('a diagnostic for the known mistake appears in the Problems panel', { timeout: 90000 }, async () => {
    needsServer();
    await step('problems', async () => {
      await openFile(SCENARIO.problem.file);
      await page.keyboard.press('Control+Shift+M');
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: SCENARIO.problem.text }).first();
      await row.waitFor({ timeout: 60000 });
      const text = await row.innerText();
      assert.match(text, /assetlens/i, 'the diagnostic names its source');
      assert.match(text, /AL\d{3}/, 'the diagnostic carries its rule code');
    }, () => page.keyboard.press('Control+Shift+M')); // close the panel again
  });

  test('code lenses appear over the assets', { timeout: 60000 }, async () => {
    needsServer();
    await step('code-lens', async () => {
      await openFile(SCENARIO.codeLens.file);
      await page.locator('.contentWidgets .codelens-decoration', { hasText: SCENARIO.codeLens.text }).first().waitFor({ timeout: 45000 });
      const lines = await codeLensLines();
      assert.ok(lines.some((line) => /upstream/.test(line) && /downstream/.test(line)), `lineage lens in ${JSON.stringify(lines)}`);
    });
  });

  test('hover shows the asset key', { timeout: 60000 }, async () => {
    needsServer();
    await step('hover', async () => {
      await openFile(SCENARIO.hover.file);
      await goTo(locate(SCENARIO.hover.file, SCENARIO.hover.find));
      await runCommand('Show or Focus Hover');
      const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: SCENARIO.hover.expect }).first();
      await hover.waitFor({ timeout: 30000 });
    }, () => page.keyboard.press('Escape'));
  });

  test('go to definition jumps to the asset in another file', { timeout: 60000 }, async () => {
    needsServer();
    await step('definition', async () => {
      const { definition } = SCENARIO;
      await openFile(definition.file);
      await goTo(locate(definition.file, definition.find));
      await page.keyboard.press('F12');
      await page.locator('.tab.active', { hasText: path.basename(definition.targetFile) }).waitFor({ timeout: 30000 });
      const target = locate(definition.targetFile, definition.targetFind);
      await cursorAt(target.line);
    });
  });

  test('"Materialize" runs the asset and its status lens changes', { timeout: 180000 }, async () => {
    needsServer();
    const { materialize } = SCENARIO;
    await openFile(materialize.file);
    const statusOf = async () => {
      const lines = await codeLensLines();
      return lines[0] || '';
    };
    await step('materialize-before', async () => {
      await page.locator('.contentWidgets .codelens-decoration', { hasText: 'Materialize' }).first().waitFor({ timeout: 45000 });
      assert.match(await statusOf(), /never materialized/, 'the first asset of the file starts never materialized');
    });
    await step('materialize-after', async () => {
      // The top lens line belongs to the first asset of the file (the one the scenario names).
      const clicked = await clickTopLens(/^\W*Materialize\s*$/);
      assert.equal(clicked, 'clicked', 'a "Materialize" lens over the first asset');
      await page.locator('.notifications-toasts', { hasText: `materialized ${materialize.asset}` }).waitFor({ timeout: 120000 });
      const deadline = Date.now() + 30000;
      while (/never materialized/.test(await statusOf()) && Date.now() < deadline) await page.waitForTimeout(250);
      assert.match(await statusOf(), /materialized (just now|\d+ \w+ ago)/);
    });
  });

  test('the lineage view renders the nodes around the asset', { timeout: 90000 }, async () => {
    needsServer();
    const { lineage } = SCENARIO;
    await step('lineage', async () => {
      await openFile(lineage.file);
      await goTo(locate(lineage.file, lineage.find));
      await runCommand('assetlens: Show Lineage');
      const frame = lineageFrame();
      const summary = frame.locator('#summary');
      await summary.filter({ hasText: /\d+ assets?/ }).waitFor({ timeout: 60000 });
      const assets = Number(/(\d+) assets?/.exec(await summary.innerText())[1]);
      assert.ok(assets >= lineage.minNodes, `${assets} assets in the lineage view`);
      const canvas = frame.locator('canvas#graph');
      await page.waitForTimeout(300); // one animation frame at least
      assert.ok(Number(await canvas.getAttribute('data-nodes-drawn')) >= lineage.minNodes, 'nodes drawn on the canvas');
    });
  });

  test('clicking a lineage node opens its definition, and the view follows the cursor', { timeout: 60000 }, async () => {
    needsServer();
    const { materialize } = SCENARIO;
    await step('lineage-click', async () => {
      const frame = lineageFrame();
      const search = frame.locator('#search');
      await search.fill(materialize.asset);
      await search.press('Enter'); // centres the node
      const box = await frame.locator('canvas#graph').boundingBox();
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.locator('.tab.active', { hasText: path.basename(materialize.file) }).waitFor({ timeout: 20000 });
      await cursorAt(locate(materialize.file, materialize.find).line);
      // The view follows the cursor: it is now centred on the asset just opened.
      await frame.locator('#summary').filter({ hasText: `around ${materialize.asset}` }).waitFor({ timeout: 20000 });
    });
  });
});
