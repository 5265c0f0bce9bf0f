/**
 * The lineage view: one webview panel that asks the server for `assetlens/graph` (the neighbourhood of
 * the focused asset by default, the whole graph on request), follows the asset under the cursor, opens
 * a node's definition on click, and refreshes after runs and saves. The drawing is in webview/.
 */
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import { readStatuses } from '../commands/status';
import type { FileAssets } from '../fileAssets';
import { formatKey, parseKey, sameKey } from '../keys';
import { GRAPH_REQUEST, SERVER_STATUS, type AssetKeyParts, type GraphParams, type GraphResult } from '../protocol';
import type { ServerManager } from '../server';
import { lineageHtml } from './html';
import { MAX_DEPTH, MIN_DEPTH, type HostMessage, type LineageMode, type LineageViewState, type NodeStatusDetails, type WebviewMessage } from './messages';

export const LINEAGE_VIEW_TYPE = 'assetlens.lineage';
const FOLLOW_DELAY_MS = 250;
const REFRESH_AFTER_SAVE_MS = 600;
/** Above this many assets the tooltips do without the last materialization (one status request each draw). */
const MAX_DETAIL_KEYS = 2000;

export interface LineageDeps {
  extensionUri: vscode.Uri;
  server: ServerManager;
  files: FileAssets;
}

interface HostState {
  mode: LineageMode;
  depth: number;
  focusKey: AssetKeyParts | null;
}

export class LineagePanel implements vscode.Disposable {
  private static current: LineagePanel | undefined;
  private state: HostState;
  private graph: GraphResult | undefined;
  private ready = false;
  private sequence = 0;
  private followTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private lastEditorColumn: vscode.ViewColumn = vscode.ViewColumn.One;
  /** A refresh was put off until the server has indexed the workspace. */
  private waitingForIndex = false;
  private readonly disposables: vscode.Disposable[] = [];

  /** Opens (or reveals) the panel, centred on `key` when given, else on the asset under the cursor. */
  static async show(deps: LineageDeps, key?: AssetKeyParts): Promise<LineagePanel> {
    const column = vscode.window.activeTextEditor?.viewColumn;
    let panel = LineagePanel.current;
    if (!panel) {
      const webviewPanel = vscode.window.createWebviewPanel(
        LINEAGE_VIEW_TYPE,
        'Asset Lineage',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        LineagePanel.webviewOptions(deps.extensionUri),
      );
      panel = new LineagePanel(webviewPanel, deps, { mode: 'neighbourhood', depth: 2, focusKey: key ?? null });
    } else {
      panel.panel.reveal(undefined, true);
    }
    if (column) panel.lastEditorColumn = column;
    if (key) {
      await panel.setFocus(key, true);
    } else {
      // From the palette or the editor's menu: the asset under the cursor, when there is one.
      await panel.followCursor(true);
    }
    return panel;
  }

  /** Restores a panel left open when the window was reloaded. */
  static revive(webviewPanel: vscode.WebviewPanel, saved: unknown, deps: LineageDeps): void {
    const view = (saved ?? {}) as Partial<LineageViewState>;
    const state: HostState = {
      mode: view.mode === 'all' ? 'all' : 'neighbourhood',
      depth: typeof view.depth === 'number' ? Math.min(MAX_DEPTH, Math.max(MIN_DEPTH, view.depth)) : 2,
      focusKey: typeof view.focus === 'string' ? (parseKey(view.focus) ?? null) : null,
    };
    webviewPanel.webview.options = LineagePanel.webviewOptions(deps.extensionUri);
    LineagePanel.current?.dispose();
    new LineagePanel(webviewPanel, deps, state);
  }

  private static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
    };
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: LineageDeps,
    initial: HostState,
  ) {
    LineagePanel.current = this;
    this.state = initial;
    const webview = panel.webview;
    webview.html = lineageHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview.css')).toString(),
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((message: WebviewMessage) => void this.onMessage(message)),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor.viewColumn) this.lastEditorColumn = event.textEditor.viewColumn;
        this.scheduleFollow();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.scheduleFollow()),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (document.languageId === 'python') this.scheduleRefresh();
      }),
      deps.server.onDidFinishRun(() => void this.refresh(false)),
      deps.server.onDidChangeClient((client) => {
        deps.files.clear();
        if (client) {
          this.waitingForIndex = true; // draw again once the new server has indexed
          void this.refresh(true);
        } else {
          this.post({ type: 'loading', text: 'The assetlens server is not running.' });
        }
      }),
      deps.server.onDidChangeState((state) => {
        const indexing = state.kind === 'running' && state.index?.state === 'indexing';
        if (this.waitingForIndex && !indexing && state.kind === 'running') {
          this.waitingForIndex = false;
          this.scheduleRefresh();
        }
      }),
    );
  }

  private post(message: HostMessage): void {
    if (this.ready) {
      void this.panel.webview.postMessage(message);
    }
  }

  private viewState(): LineageViewState {
    return { mode: this.state.mode, depth: this.state.depth, focus: this.state.focusKey ? formatKey(this.state.focusKey) : null };
  }

  private async onMessage(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        await this.refresh(true);
        break;
      case 'open':
        await this.openDefinition(message.id);
        break;
      case 'mode':
        this.state.mode = message.mode;
        await this.refresh(true);
        break;
      case 'depth':
        this.state.depth = Math.min(MAX_DEPTH, Math.max(MIN_DEPTH, Math.round(message.depth)));
        await this.refresh(true);
        break;
      case 'recentre': {
        const node = this.graph?.nodes.find((n) => n.id === message.id);
        if (node) {
          this.state.mode = 'neighbourhood';
          await this.setFocus(node.key, true);
        }
        break;
      }
      case 'refresh':
        await this.refresh(false);
        break;
    }
  }

  private async openDefinition(id: string): Promise<void> {
    const node = this.graph?.nodes.find((n) => n.id === id);
    if (!node?.uri) {
      void vscode.window.showInformationMessage(`assetlens: ${id} has no definition in the workspace (an external asset).`);
      return;
    }
    const client = this.deps.server.readyClient;
    const uri = client ? client.protocol2CodeConverter.asUri(node.uri) : vscode.Uri.parse(node.uri);
    const range = node.range
      ? new vscode.Range(node.range.start.line, node.range.start.character, node.range.end.line, node.range.end.character)
      : undefined;
    await vscode.window.showTextDocument(uri, { viewColumn: this.lastEditorColumn, selection: range, preserveFocus: false });
  }

  async setFocus(key: AssetKeyParts, fit: boolean): Promise<void> {
    const changed = !sameKey(key, this.state.focusKey);
    this.state.focusKey = key;
    if (this.state.mode === 'all' && this.graph) {
      this.post({ type: 'focus', id: formatKey(key) });
      return;
    }
    if (changed || fit) {
      await this.refresh(true); // a new centre is a new graph: fit it
    }
  }

  private scheduleFollow(): void {
    if (this.followTimer) clearTimeout(this.followTimer);
    this.followTimer = setTimeout(() => void this.followCursor(false), FOLLOW_DELAY_MS);
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(false), REFRESH_AFTER_SAVE_MS);
  }

  /** Focuses the asset under the cursor when there is one (the view follows the editor). */
  private async followCursor(initial: boolean): Promise<void> {
    if (!this.panel.visible && !initial) return;
    const editor = vscode.window.activeTextEditor;
    const client = this.deps.server.readyClient;
    if (!editor || !client) {
      if (initial) await this.refresh(true);
      return;
    }
    const node = await this.deps.files.atCursor(client, editor).catch(() => undefined);
    if (node) {
      await this.setFocus(node.key, false);
    } else if (initial) {
      await this.refresh(true);
    }
  }

  private params(): GraphParams | undefined {
    if (this.state.mode === 'all') {
      return { key: null, uri: null };
    }
    if (this.state.focusKey) {
      return { key: this.state.focusKey, depth: this.state.depth, uri: null };
    }
    const editor = vscode.window.activeTextEditor;
    const client = this.deps.server.readyClient;
    if (editor && client && editor.document.languageId === 'python' && editor.document.uri.scheme === 'file') {
      return { key: null, depth: this.state.depth, uri: client.code2ProtocolConverter.asUri(editor.document.uri) };
    }
    return undefined;
  }

  /** Asks the server for the current view's graph and sends it to the webview (latest answer wins). */
  async refresh(fit: boolean): Promise<void> {
    if (!this.ready) return;
    const client = this.deps.server.readyClient;
    if (!client) {
      this.post({ type: 'loading', text: 'Waiting for the assetlens server…' });
      return;
    }
    const state = this.deps.server.state;
    if (state.kind === 'running' && state.index?.state === 'indexing') {
      this.waitingForIndex = true;
      this.post({ type: 'loading', text: `Indexing the workspace (${state.index.files.toLocaleString('en-US')} files)…` });
      return;
    }
    const params = this.params();
    if (!params) {
      this.post({ type: 'empty', text: 'Put the cursor in an asset, or show the whole graph.', view: this.viewState() });
      return;
    }
    const sequence = ++this.sequence;
    this.post({ type: 'loading', text: this.state.mode === 'all' ? 'Loading the whole graph…' : 'Loading…' });
    try {
      const graph = await client.sendRequest<GraphResult>(GRAPH_REQUEST, params);
      if (sequence !== this.sequence) return;
      this.graph = graph;
      this.panel.title = this.state.mode === 'all' ? 'Asset Lineage: all' : this.state.focusKey ? `Lineage: ${formatKey(this.state.focusKey)}` : 'Asset Lineage';
      this.post({ type: 'graph', graph, view: this.viewState(), fit });
      void this.sendDetails(graph, sequence);
    } catch (error) {
      if (sequence !== this.sequence) return;
      this.post({ type: 'error', text: `The server could not draw the lineage: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  /** The last materialization and staleness reasons of the shown assets, for the tooltips. */
  private async sendDetails(graph: GraphResult, sequence: number): Promise<void> {
    const defined = graph.nodes.filter((node) => node.kind !== 'undefined');
    if (defined.length === 0) return;
    let details: NodeStatusDetails[];
    if (defined.every((node) => node.lastMaterialization !== undefined)) {
      details = defined.map((node) => ({ id: node.id, reasons: [], lastMaterialization: node.lastMaterialization ?? null }));
    } else {
      const client = this.deps.server.readyClient;
      if (!client || defined.length > MAX_DETAIL_KEYS) return;
      try {
        const raw = await client.sendRequest(ExecuteCommandRequest.type, {
          command: SERVER_STATUS,
          arguments: [{ keys: defined.map((node) => node.key) }],
        });
        details = readStatuses(raw).map((status) => ({
          id: formatKey(status.key),
          reasons: Array.isArray(status.reasons) ? status.reasons.filter((r) => typeof r === 'string') : [],
          lastMaterialization: status.lastMaterialization ?? null,
        }));
      } catch {
        return; // the tooltips do without; the status colours come with the graph
      }
    }
    if (sequence === this.sequence) this.post({ type: 'details', details });
  }

  dispose(): void {
    if (LineagePanel.current === this) LineagePanel.current = undefined;
    if (this.followTimer) clearTimeout(this.followTimer);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.panel.dispose();
  }
}
