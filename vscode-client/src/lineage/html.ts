/**
 * The HTML of the lineage webview: a strict Content-Security-Policy (only the bundled script, with a
 * nonce, and the bundled stylesheet; nothing from the network), the toolbar, and the canvas.
 */

export interface LineageHtmlInputs {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function lineageHtml({ cspSource, nonce, scriptUri, styleUri }: LineageHtmlInputs): string {
  const csp = [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(styleUri)}">
<title>Asset Lineage</title>
</head>
<body>
<div id="toolbar" role="toolbar" aria-label="Lineage">
  <span class="segmented">
    <button id="mode-neighbourhood" title="The assets around the current one">Neighbourhood</button>
    <button id="mode-all" title="Every asset of the workspace">Whole graph</button>
  </span>
  <span id="depth-group" title="How many edges up and down">
    <button id="depth-down" aria-label="Less depth">−</button>
    <span>depth</span><span id="depth-value">2</span>
    <button id="depth-up" aria-label="More depth">+</button>
  </span>
  <button id="fit" title="Fit the graph (F)">Fit</button>
  <button id="refresh" title="Ask the server again">Refresh</button>
  <input id="search" type="search" placeholder="Find asset (/)" aria-label="Find asset" spellcheck="false">
  <span id="summary" aria-live="polite"></span>
  <span id="fit-note" hidden title="Fit stops where the labels can still be read">· part shown: zoom out (−) for all</span>
  <span id="legend"><span class="fresh">fresh</span><span class="stale">stale</span><span class="failed">failed</span><span class="canceled">canceled</span><span class="never">never run</span><span class="missing" title="referenced, but defined nowhere">missing</span></span>
</div>
<div id="stage">
  <canvas id="graph" tabindex="0" role="application" aria-roledescription="lineage graph" aria-label="Asset lineage graph. Arrow keys move between assets (left: upstream, right: downstream), Enter opens the definition, C centres the lineage on the asset." aria-describedby="announce"></canvas>
  <div id="announce" class="visually-hidden" aria-live="polite"></div>
  <div id="message" hidden></div>
  <div id="tooltip" role="tooltip" hidden></div>
</div>
<script nonce="${escapeAttribute(nonce)}" src="${escapeAttribute(scriptUri)}"></script>
</body>
</html>
`;
}
