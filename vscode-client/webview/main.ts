/**
 * The lineage webview's entry point: the toolbar (neighbourhood / whole graph, depth, fit, search), the
 * summary line, and the message exchange with the extension host (src/lineage/panel.ts).
 */
import type { HostMessage, LineageViewState, WebviewMessage } from '../src/lineage/messages';
import { MAX_DEPTH, MIN_DEPTH } from '../src/lineage/messages';
import { GraphView } from './graphView';
import { isMissing } from './nodeInfo';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`missing #${id}`);
  return found as T;
}

const neighbourhoodButton = element<HTMLButtonElement>('mode-neighbourhood');
const allButton = element<HTMLButtonElement>('mode-all');
const depthGroup = element<HTMLElement>('depth-group');
const depthValue = element<HTMLElement>('depth-value');
const depthDown = element<HTMLButtonElement>('depth-down');
const depthUp = element<HTMLButtonElement>('depth-up');
const fitButton = element<HTMLButtonElement>('fit');
const refreshButton = element<HTMLButtonElement>('refresh');
const search = element<HTMLInputElement>('search');
const summary = element<HTMLElement>('summary');
const message = element<HTMLElement>('message');

let view: LineageViewState = (vscode.getState() as LineageViewState | undefined) ?? { mode: 'neighbourhood', depth: 2, focus: null };
let matches: string[] = [];
let matchIndex = 0;

const post = (msg: WebviewMessage): void => vscode.postMessage(msg);

const announce = element<HTMLElement>('announce');
const fitNote = element<HTMLElement>('fit-note');
const graphView = new GraphView(element<HTMLCanvasElement>('graph'), element<HTMLElement>('tooltip'), {
  open: (id) => post({ type: 'open', id }),
  recentre: (id) => post({ type: 'recentre', id }),
  announce: (text) => (announce.textContent = text),
  fitted: (whole) => (fitNote.hidden = whole),
});

function plural(count: number, word: string): string {
  return `${count.toLocaleString('en-US')} ${word}${count === 1 ? '' : 's'}`;
}

function showView(next: LineageViewState): void {
  view = next;
  vscode.setState(view);
  neighbourhoodButton.setAttribute('aria-pressed', String(view.mode === 'neighbourhood'));
  allButton.setAttribute('aria-pressed', String(view.mode === 'all'));
  depthGroup.hidden = view.mode !== 'neighbourhood';
  depthValue.textContent = String(view.depth);
  depthDown.disabled = view.depth <= MIN_DEPTH;
  depthUp.disabled = view.depth >= MAX_DEPTH;
}

function showMessage(text: string | null, kind: 'info' | 'error' = 'info'): void {
  message.hidden = text === null;
  message.textContent = text ?? '';
  message.className = kind;
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const msg = event.data;
  switch (msg.type) {
    case 'graph': {
      showView(msg.view);
      const groups = new Set(msg.graph.nodes.filter((n) => !isMissing(n)).map((n) => n.group ?? 'default')).size;
      const missing = msg.graph.nodes.filter((n) => isMissing(n)).length;
      const scope =
        msg.view.mode === 'all' ? 'whole graph' : msg.view.focus ? `around ${msg.view.focus}, depth ${msg.view.depth}` : `depth ${msg.view.depth}`;
      const truncated = msg.graph.truncated ? ` · truncated: ${plural(msg.graph.nodes.length, 'asset')} of ${msg.graph.totalAssets.toLocaleString('en-US')}` : '';
      const missingText = missing > 0 ? ` · ${missing.toLocaleString('en-US')} missing` : '';
      summary.textContent = `${plural(msg.graph.nodes.length - missing, 'asset')}${missingText} · ${plural(msg.graph.edges.length, 'edge')} · ${plural(groups, 'group')} · ${scope}${truncated}`;
      if (msg.graph.nodes.length === 0) {
        graphView.clear();
        fitNote.hidden = true;
        showMessage(msg.view.mode === 'all' ? 'The workspace has no assets.' : 'No assets here. Open a file with assets, or show the whole graph.');
      } else {
        showMessage(null);
        graphView.setGraph(msg.graph, msg.view.focus, msg.fit);
      }
      break;
    }
    case 'loading':
      showMessage(msg.text);
      break;
    case 'empty':
      showView(msg.view);
      graphView.clear();
      summary.textContent = '';
      showMessage(msg.text);
      break;
    case 'error':
      showMessage(msg.text, 'error');
      break;
    case 'focus':
      graphView.focus(msg.id);
      break;
    case 'details':
      graphView.setDetails(new Map(msg.details.map((d) => [d.id, { reasons: d.reasons, lastMaterialization: d.lastMaterialization }])));
      break;
  }
});

neighbourhoodButton.addEventListener('click', () => post({ type: 'mode', mode: 'neighbourhood' }));
allButton.addEventListener('click', () => post({ type: 'mode', mode: 'all' }));
depthDown.addEventListener('click', () => post({ type: 'depth', depth: Math.max(MIN_DEPTH, view.depth - 1) }));
depthUp.addEventListener('click', () => post({ type: 'depth', depth: Math.min(MAX_DEPTH, view.depth + 1) }));
fitButton.addEventListener('click', () => graphView.fitAll());
refreshButton.addEventListener('click', () => post({ type: 'refresh' }));
search.addEventListener('input', () => {
  matches = graphView.find(search.value);
  matchIndex = 0;
  search.classList.toggle('no-match', search.value.trim() !== '' && matches.length === 0);
});
search.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' || matches.length === 0) return;
  const id = matches[matchIndex % matches.length]!;
  matchIndex = (matchIndex + (event.shiftKey ? matches.length - 1 : 1)) % matches.length;
  graphView.focus(id);
});
window.addEventListener('keydown', (event) => {
  if (event.target === search || (event.target instanceof HTMLElement && event.target.tagName === 'BUTTON')) return;
  if (event.key === 'f' || event.key === '0') graphView.fitAll();
  else if (event.key === '+' || event.key === '=') graphView.zoom(1.25);
  else if (event.key === '-') graphView.zoom(0.8);
  else if (event.key === '/' ) {
    event.preventDefault();
    search.focus();
  }
});

showView(view);
post({ type: 'ready' });
