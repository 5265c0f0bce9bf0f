// Benchmark of the lineage view at 1k and 10k assets: prints the layout time under Node, then, in headless
// Chromium with the bundled webview (dist/webview.js), the time from receiving the graph to the first
// frame, and the draw time per frame while panning and zooming the whole graph (p50 / p95 / max).
// A frame budget is 16.7 ms. Saves a screenshot of each size to $BENCH_ARTIFACTS (default .e2e/bench).
//
// Usage: npm run bench:lineage   (needs the e2e kit's playwright-core: scripts/e2e.sh installs it)
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const CLIENT = path.resolve(__dirname, '..');
const E2E_DIR = process.env.E2E_DIR || path.resolve(CLIENT, '..', '.e2e');
const ARTIFACTS = process.env.BENCH_ARTIFACTS || path.join(E2E_DIR, 'bench');
const { layoutGraph } = require(path.join(CLIENT, 'out/webview/layout.js'));
const { lineageHtml } = require(path.join(CLIENT, 'out/src/lineage/html.js'));
const { chromium } = require(require.resolve('playwright-core', { paths: [path.join(E2E_DIR, 'tools/node_modules'), CLIENT] }));

/**
 * A deterministic code location shaped like real ones: groups of assets in about ten layers (raw,
 * staging, marts...), each asset reading 0-3 assets of lower layers, mostly of its own group.
 */
function syntheticGraph(count, seed = 7) {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const groups = Math.max(3, Math.round(Math.sqrt(count) / 5));
  const layers = 10;
  const statuses = ['fresh', 'fresh', 'fresh', 'stale', 'never', 'failed'];
  const pools = Array.from({ length: groups }, () => Array.from({ length: layers }, () => []));
  const nodes = [];
  const edges = [];
  for (let i = 0; i < count; i++) {
    const g = Math.floor((i / count) * groups);
    const group = `group_${g}`;
    const layer = Math.min(layers - 1, Math.floor(Math.pow(random(), 0.8) * layers));
    const id = `${group}/asset_${i}`;
    const status = statuses[Math.floor(random() * statuses.length)];
    nodes.push({
      id, key: id.split('/'), kind: 'asset', group, codeVersion: random() < 0.5 ? '1' : null,
      uri: `file:///ws/${group}/module_${Math.floor(i / 10)}.py`,
      range: { start: { line: (i % 10) * 30 + 4, character: 4 }, end: { line: (i % 10) * 30 + 4, character: 12 } },
      stale: status === 'stale', status, focus: false,
    });
    const parents = layer === 0 ? 0 : 1 + Math.floor(random() * 3);
    for (let p = 0; p < parents; p++) {
      const from = random() < 0.85 ? g : Math.floor(random() * groups);
      const below = pools[from].slice(0, layer).flat();
      if (below.length > 0) edges.push({ source: below[Math.floor(random() * below.length)], target: id });
    }
    pools[g][layer].push(id);
  }
  return { nodes, edges, truncated: false, totalAssets: count };
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}

const fmt = (ms) => `${ms.toFixed(1)} ms`;

function benchLayout(count) {
  const graph = syntheticGraph(count);
  const times = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    layoutGraph(graph.nodes, graph.edges);
    times.push(performance.now() - started);
  }
  const s = stats(times);
  console.log(`layout (node)      ${String(count).padStart(6)} assets, ${graph.edges.length} edges: p50 ${fmt(s.p50)}, max ${fmt(s.max)}`);
}

function serve() {
  const server = http.createServer((request, response) => {
    const file = { '/webview.js': 'dist/webview.js', '/webview.css': 'dist/webview.css' }[request.url];
    if (!file) {
      response.writeHead(200, { 'content-type': 'text/html' });
      const origin = `http://127.0.0.1:${server.address().port}`;
      response.end(lineageHtml({ cspSource: origin, nonce: 'bench', scriptUri: `${origin}/webview.js`, styleUri: `${origin}/webview.css` }));
      return;
    }
    response.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/css' });
    response.end(fs.readFileSync(path.join(CLIENT, file)));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function benchBrowser(page, url, count) {
  await page.goto(url);
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
  const graph = syntheticGraph(count);
  const received = await page.evaluate(async (g) => {
    const canvas = document.getElementById('graph');
    const started = performance.now();
    window.postMessage({ type: 'graph', graph: g, view: { mode: 'all', depth: 2, focus: null }, fit: true }, '*');
    await new Promise((resolve) => {
      const check = () => (Number(canvas.dataset.nodesTotal) === g.nodes.length ? resolve() : requestAnimationFrame(check));
      check();
    });
    return { firstFrame: performance.now() - started, layout: Number(canvas.dataset.layoutMs), draw: Number(canvas.dataset.drawMs) };
  }, graph);
  console.log(`webview           ${String(count).padStart(6)} assets: graph -> first frame ${fmt(received.firstFrame)} (layout ${fmt(received.layout)}, draw ${fmt(received.draw)})`);
  await page.screenshot({ path: path.join(ARTIFACTS, `lineage-${count}-fit.png`) });
  const box = await page.locator('canvas#graph').boundingBox();
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const frames = async (action, n) => {
    const draws = [];
    for (let i = 0; i < n; i++) {
      await action(i);
      draws.push(await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(Number(document.getElementById('graph').dataset.drawMs)))))));
    }
    return stats(draws);
  };
  await page.mouse.move(centre.x, centre.y);
  await page.mouse.down();
  const panAll = await frames((i) => page.mouse.move(centre.x + (i % 2 ? 40 : -40), centre.y + 10), 30);
  await page.mouse.up();
  const zoomIn = await frames(() => page.mouse.wheel(0, -120), 12);
  await page.locator('#search').fill(`asset_${Math.floor(count / 2)}`);
  await page.locator('#search').press('Enter'); // centres that asset at a readable zoom
  await page.mouse.move(centre.x, centre.y);
  await page.screenshot({ path: path.join(ARTIFACTS, `lineage-${count}-zoomed.png`) });
  await page.mouse.move(centre.x, centre.y);
  await page.mouse.down();
  const panZoomed = await frames((i) => page.mouse.move(centre.x + (i % 2 ? 60 : -60), centre.y), 30);
  await page.mouse.up();
  const line = (name, s) => console.log(`  ${name.padEnd(28)} draw p50 ${fmt(s.p50)}, p95 ${fmt(s.p95)}, max ${fmt(s.max)}`);
  line('pan, whole graph in view', panAll);
  line('zoom in step by step', zoomIn);
  line('pan at reading zoom', panZoomed);
}

async function main() {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  for (const count of [1000, 10000]) benchLayout(count);
  const server = await serve();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript(() => {
      window.__posted = [];
      let state;
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => state, setState: (s) => (state = s) });
      document.addEventListener('DOMContentLoaded', () => document.body.classList.add('vscode-dark'));
    });
    const url = `http://127.0.0.1:${server.address().port}/`;
    for (const count of [1000, 10000]) await benchBrowser(page, url, count);
    console.log(`screenshots: ${ARTIFACTS}`);
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
