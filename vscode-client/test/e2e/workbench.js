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

const config = {
  csUrl: process.env.CS_URL || 'http://127.0.0.1:8089',
  workspace: required('WS'),
  scenario: JSON.parse(fs.readFileSync(required('SCENARIO'), 'utf8')),
  artifacts: process.env.ARTIFACTS || path.resolve('artifacts'),
  serverStartMs: Number(process.env.SERVER_START_MS || 90000),
};

/** 1-based line and column of the first occurrence of `find` in a workspace file. */
function locate(file, find) {
  const text = fs.readFileSync(path.join(config.workspace, file), 'utf8');
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
    await page.goto(`${config.csUrl}/?folder=${encodeURIComponent(config.workspace)}`, { waitUntil: 'domcontentloaded' });
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

  async openFile(relative) {
    await this.page.keyboard.press('Control+P');
    await this.quickInput(relative);
    // Click the row itself: Enter could pick a stale first row while the list is still filtering.
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(relative) }).first().click();
    await this.activeTab(relative).waitFor();
    await this.page.locator('.monaco-editor .view-lines').first().waitFor();
  }

  activeTab(relative) {
    return this.page.locator('.tab.active', { hasText: path.basename(relative) });
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
    const ready = this.statusItem().filter({ hasText: /\d[\d,]* assets?/ });
    const failed = this.statusItem().filter({ has: this.page.locator('.codicon-error, .codicon-warning') });
    const timeout = config.serverStartMs;
    const outcome = await Promise.race([
      ready.waitFor({ timeout }).then(() => 'ready'),
      failed.waitFor({ timeout }).then(() => 'failed'),
    ]).catch(() => 'timeout');
    if (outcome !== 'ready') {
      const item = this.statusItem();
      const text = (await item.innerText().catch(() => '')).trim();
      const tooltip = (await item.locator('a').first().getAttribute('aria-label').catch(() => null)) || '';
      throw new Error(`${outcome}: status bar "${text}" ${tooltip}`.trim());
    }
    return Number(/(\d[\d,]*) assets?/.exec(await ready.innerText())[1].replace(/,/g, ''));
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
   * Clicks the lens whose text matches `pattern` on the topmost visible lens line. VS Code first shows
   * lenses from its cache as plain text, so this waits until they are links (the server's answer).
   */
  async clickTopLens(pattern, timeout = 30000) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const target = await this.page.evaluate((source) => {
        const lines = [...document.querySelectorAll('.contentWidgets .codelens-decoration')]
          .filter((element) => element.getBoundingClientRect().width > 0)
          .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
        const link = [...(lines[0]?.querySelectorAll('a') || [])].find((a) => new RegExp(source).test(a.textContent || ''));
        if (!link) return { error: `no lens matching ${source} in ${lines[0]?.outerHTML}` };
        const rect = link.getBoundingClientRect();
        return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
      }, pattern.source);
      if (!target.error) {
        await this.page.mouse.click(target.x, target.y); // a real click: the editor handles lens clicks on mouse up
        return 'clicked';
      }
      if (Date.now() > deadline) return target.error;
      await this.page.waitForTimeout(250);
    }
  }

  /** Waits until the topmost lens line no longer matches `pattern`; returns its text. */
  async waitTopLensNot(pattern, timeout = 30000) {
    const deadline = Date.now() + timeout;
    let text = (await this.codeLensLines())[0] || '';
    while (pattern.test(text) && Date.now() < deadline) {
      await this.page.waitForTimeout(250);
      text = (await this.codeLensLines())[0] || '';
    }
    return text;
  }

  notification(text) {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: text });
  }

  /** The lineage webview's document (VS Code nests it in two iframes). */
  lineageFrame() {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  }
}

module.exports = { Workbench, config, locate };
