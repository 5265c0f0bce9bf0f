/**
 * "Show Value": asks the server (`assetlens.server.showValue`, which reads the stored value in the user's
 * interpreter, in a trusted workspace only) for a preview of the asset's last materialized value, and
 * opens it in a webview: type, size, the `repr` head, and the table head of a data frame.
 */
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, ResponseError, type LanguageClient } from 'vscode-languageclient/node';
import { formatKey } from '../keys';
import { GRAPH_REQUEST, SERVER_SHOW_VALUE, type AssetKeyParts, type GraphResult } from '../protocol';
import { readValuePreview, valueHtml } from '../value/preview';

const VIEW_TYPE = 'assetlens.value';
const METHOD_NOT_FOUND = -32601;

/** The file that defines `key` (its workspace folder is where the value is stored), else the active one. */
async function locationOf(client: LanguageClient, key: AssetKeyParts): Promise<string | undefined> {
  try {
    const graph = await client.sendRequest<GraphResult>(GRAPH_REQUEST, { key, depth: 0, uri: null });
    const node = graph.nodes.find((n) => n.id === formatKey(key) && n.uri);
    if (node?.uri) return node.uri;
  } catch {
    // fall back below
  }
  const editor = vscode.window.activeTextEditor;
  const folder = (editor && vscode.workspace.getWorkspaceFolder(editor.document.uri)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder ? client.code2ProtocolConverter.asUri(folder.uri) : undefined;
}

export async function showValue(client: LanguageClient, output: vscode.OutputChannel, key: AssetKeyParts): Promise<void> {
  const name = formatKey(key);
  const raw = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `assetlens: reading the value of ${name}` },
    async () => {
      const uri = await locationOf(client, key);
      return client.sendRequest(ExecuteCommandRequest.type, { command: SERVER_SHOW_VALUE, arguments: [{ key: name, uri }] });
    },
  ).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if ('error' in raw) {
    const error = raw.error;
    const message = error instanceof Error ? error.message : String(error);
    output.appendLine(`✗ show value of ${name}: ${message}`);
    const unsupported =
      (error instanceof ResponseError && error.code === METHOD_NOT_FOUND) || /unknown command|not (found|supported|defined)/i.test(message);
    void vscode.window.showErrorMessage(
      unsupported
        ? 'assetlens: this assetlens server cannot show values; update assetlens in the server\'s interpreter.'
        : `assetlens: could not show the value of ${name}: ${message}`,
    );
    return;
  }
  const preview = readValuePreview(raw.value);
  if (!preview) {
    output.appendLine(`✗ show value of ${name}: unexpected answer ${JSON.stringify(raw.value)}`);
    void vscode.window.showErrorMessage(`assetlens: the server answered "Show Value" for ${name} with something unexpected; see the output.`);
    return;
  }
  const panel = vscode.window.createWebviewPanel(VIEW_TYPE, `Value: ${preview.key}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
    enableScripts: false,
    localResourceRoots: [],
  });
  panel.webview.html = valueHtml(preview, randomBytes(16).toString('base64'));
}
