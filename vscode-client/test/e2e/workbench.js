// Drives VS Code's workbench (code-server) in headless Chromium for the e2e tests: opening files, going to
// a position, running commands, reading code lenses and the assetlens status bar item, screenshots.
// Configuration comes from the environment that scripts/e2e.sh sets: CS_URL, WS (the workspace copy),
// SCENARIO (test/e2e/scenarios/*.json), ARTIFACTS (screenshots), CHROMIUM.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run scripts/e2e.sh)`);
  return value;
}

const workspace = required('WS');
const config = {
  csUrl: process.env.CS_URL || 'http://127.0.0.1:8089',
  /** A folder, or a multi-root `.code-workspace` file. */
  workspace,
  /** The folder that the scenario's file paths are relative to. */
  root: workspace.endsWith('.code-workspace') ? path.dirname(workspace) : workspace,
  scenario: JSON.parse(fs.readFileSync(required('SCENARIO'), 'utf8')),
  artifacts: process.env.ARTIFACTS || path.resolve('artifacts'),
  serverStartMs: Number(process.env.SERVER_START_MS || 90000),
};

/** 1-based line and column of the first occurrence of `find` in a workspace file. */
function locate(file, find) {
  const text = fs.readFileSync(path.join(config.root, file), 'utf8');
  const index = text.indexOf(find);
  if (index < 0) throw new Error(`"${find}" not found in ${file}`);
  const before = text.slice(0, index);
  return { line: before.split('\n').length, column: index - before.lastIndexOf('\n') };
}

class Workbench {
  /** Opens the workspace folder in a fresh Chromium; screenshots are named `<prefix>NN-<step>.png`. */
  static async open(prefix = '') {
    fs.mkdirSync(config.artifacts, { recursive: true });
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.setDefaultTimeout(30000);
    const kind = config.workspace.endsWith('.code-workspace') ? 'workspace' : 'folder';
    await page.goto(`${config.csUrl}/?${kind}=${encodeURIComponent(config.workspace)}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.monaco-workbench', { timeout: 90000 });
    return new Workbench(browser, page, prefix);
  }

  constructor(browser, page, prefix) {
    this.browser = browser;
    this.page = page;
    this.prefix = prefix;
    this.shots = 0;
  }

  async close() {
    await this.browser.close();
  }

  async shot(name) {
    this.shots += 1;
    const file = path.join(config.artifacts, `${this.prefix}${String(this.shots).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file }).catch(() => {});
    return file;
  }

  /**
   * Runs a step and keeps a screenshot of the state it checked (or failed in); `cleanup` runs after the
   * screenshot (closing a panel or a hover opened to be checked).
   */
  async step(name, body, cleanup) {
    try {
      await body();
      await this.shot(name);
    } catch (error) {
      await this.shot(`${name}-fail`);
      throw error;
    } finally {
      if (cleanup) await cleanup().catch(() => {});
    }
  }

  async quickInput(text) {
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
  }

  async runCommand(title) {
    await this.page.keyboard.press('Control+Shift+P');
    await this.quickInput(`>${title}`);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await this.page.keyboard.press('Enter');
  }

  /** Opens a file by its path relative to the root (Quick Open on its name; names are unique in the scenarios). */
  async openFile(relative) {
    // Into the first editor group, never beside (where the lineage view is), whatever has the focus.
    await this.page.keyboard.press('Control+1');
    await this.page.keyboard.press('Control+P');
    const name = path.basename(relative);
    await this.quickInput(name);
    // The list filters asynchronously: wait until the first (selected) row is the file, then accept it.
    const first = this.page.locator('.quick-input-list .monaco-list-row').first();
    await first.filter({ hasText: name }).waitFor();
    await this.page.waitForTimeout(150);
    await first.filter({ hasText: name }).waitFor();
    await this.page.keyboard.press('Enter');
    await this.activeTab(relative).waitFor();
    await this.page.locator('.monaco-editor .view-lines').first().waitFor();
  }

  activeTab(relative) {
    return this.page.locator('.editor-group-container.active .tab.active', { hasText: path.basename(relative) });
  }

  /** Moves the cursor to a 1-based line and column (Go to Line). */
  async goTo({ line, column }) {
    await this.page.keyboard.press('Control+G');
    await this.quickInput(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await this.cursorAt(line);
  }

  /** Waits until the status bar says the cursor is on `line`; returns the column. */
  async cursorAt(line, timeout = 10000) {
    const selection = this.page.locator('[id="status.editor.selection"]');
    await selection.filter({ hasText: new RegExp(`Ln ${line}, Col \\d+`) }).waitFor({ timeout });
    return Number(/Col (\d+)/.exec(await selection.innerText())[1]);
  }

  statusItem() {
    return this.page.locator('.statusbar-item[id$="assetlens.status"]');
  }

  /**
   * Waits for the status bar to show the indexed assets; returns their number, or throws with what the
   * status bar says instead (the server failed, is not installed, or never answered).
   */
  async waitForServer() {
    const item = this.statusItem();
    const deadline = Date.now() + config.serverStartMs;
    let outcome = 'timeout';
    let text = '';
    while (Date.now() < deadline) {
      // One snapshot of the item: its text and whether it shows the error icon.
      const snapshot = await item
        .evaluate((element) => ({ text: element.innerText, error: element.querySelector('.codicon-error') !== null }))
        .catch(() => ({ text: '', error: false }));
      text = snapshot.text.trim();
      const count = /(\d[\d,]*) assets?/.exec(text);
      if (count) return Number(count[1].replace(/,/g, ''));
      // A server that could not start: the error icon without a count (with one, it counts errors), or
      // "not installed".
      if (snapshot.error || /not installed/.test(text)) {
        outcome = 'failed';
        break;
      }
      await this.page.waitForTimeout(250);
    }
    const tooltip = (await item.locator('a').first().getAttribute('aria-label').catch(() => null)) || '';
    throw new Error(`${outcome}: status bar "${text}" ${tooltip}`.trim());
  }

  /** The code-lens lines of the visible editor, top to bottom, as text. */
  async codeLensLines() {
    return this.page.evaluate(() =>
      [...document.querySelectorAll('.contentWidgets .codelens-decoration')]
        .map((element) => ({ rect: element.getBoundingClientRect(), text: element.textContent || '' }))
        .filter((lens) => lens.rect.width > 0 && lens.rect.height > 0)
        .sort((a, b) => a.rect.top - b.rect.top)
        .map((lens) => lens.text),
    );
  }

  /**
   * The code-lens line shown just above the 1-based editor `line` (the asset's decorator), as text and
   * the centre of its link matching `pattern`. The line must be on screen (goTo it first).
   */
  async lensAbove(line, pattern = /$^/) {
    return this.page.evaluate(({ line, source }) => {
      const number = [...document.querySelectorAll('.editor-instance .margin-view-overlays .line-numbers')]
        .find((element) => element.textContent.trim() === String(line) && element.getBoundingClientRect().height > 0);
      if (!number) return { error: `line ${line} is not on screen` };
      const top = number.getBoundingClientRect().top;
      const lens = [...document.querySelectorAll('.contentWidgets .codelens-decoration')]
        .map((element) => ({ element, rect: element.getBoundingClientRect() }))
        .filter(({ rect }) => rect.width > 0 && rect.bottom <= top + 2 && rect.bottom >= top - 40)
        .sort((a, b) => b.rect.top - a.rect.top)[0];
      if (!lens) return { error: `no code lens above line ${line}` };
      const text = lens.element.textContent || '';
      const link = [...lens.element.querySelectorAll('a')].find((a) => new RegExp(source).test(a.textContent || ''));
      if (!link) return { text, error: `no lens matching ${source} in ${lens.element.outerHTML}` };
      const rect = link.getBoundingClientRect();
      return { text, x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    }, { line, source: pattern.source });
  }

  /**
   * Waits until the lens line above `line` has a link matching `pattern` (VS Code first shows lenses
   * from its cache as plain text; links mean the server answered) and returns it.
   */
  async waitLensAbove(line, pattern, timeout = 30000) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const target = await this.lensAbove(line, pattern);
      if (!target.error) return target;
      if (Date.now() > deadline) throw new Error(target.error);
      await this.page.waitForTimeout(250);
    }
  }

  /** Clicks the lens matching `pattern` above `line` (a real click: the editor handles it on mouse up). */
  async clickLensAbove(line, pattern, timeout = 30000) {
    const target = await this.waitLensAbove(line, pattern, timeout);
    await this.page.mouse.click(target.x, target.y);
    return target.text;
  }

  /** Waits until the lens line above `line` no longer matches `pattern`; returns its text. */
  async waitLensAboveNot(line, pattern, timeout = 30000) {
    const deadline = Date.now() + timeout;
    let text = (await this.lensAbove(line)).text || '';
    while (pattern.test(text) && Date.now() < deadline) {
      await this.page.waitForTimeout(250);
      text = (await this.lensAbove(line)).text || '';
    }
    return text;
  }

  notification(text) {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: text });
  }

  /** The lineage webview's document (VS Code nests it in two iframes). */
  lineageFrame() {
    return this.webviewFrame();
  }

  /** The document of the webview on screen (VS Code keeps hidden ones, invisible). */
  webviewFrame() {
    return this.page.locator('iframe.webview.ready').filter({ visible: true }).first().contentFrame()
      .locator('iframe#active-frame').contentFrame();
  }
}

module.exports = { Workbench, config, locate };
