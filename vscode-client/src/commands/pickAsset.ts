/**
 * Which asset a command acts on: the one its argument names (code lenses pass `{key: [...]}`), else the
 * one under the cursor, else the user picks one from the workspace's assets.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { FileAssets } from '../fileAssets';
import { formatKey, readKeyArg } from '../keys';
import { GRAPH_REQUEST, type AssetKeyParts, type GraphResult, type KeyArg } from '../protocol';

export async function pickAsset(client: LanguageClient, files: FileAssets, arg: unknown, title: string): Promise<KeyArg | undefined> {
  const given = readKeyArg(arg);
  if (given) {
    return given;
  }
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    const node = await files.atCursor(client, editor).catch(() => undefined);
    if (node) {
      return { key: node.key };
    }
  }
  const graph = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'assetlens: listing assets' },
    () => client.sendRequest<GraphResult>(GRAPH_REQUEST, { key: null, uri: null }),
  );
  const items = (graph?.nodes ?? [])
    // Only what can be materialized: not external assets, nor keys defined nowhere.
    .filter((node) => node.kind !== 'spec' && node.kind !== 'source' && node.kind !== 'undefined')
    .map((node) => ({
      label: formatKey(node.key),
      description: node.group === 'default' || node.group === null ? undefined : node.group,
      detail: node.status ? (node.status === 'never' ? 'never materialized' : node.status) : undefined,
      key: node.key as AssetKeyParts,
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
  if (items.length === 0) {
    void vscode.window.showInformationMessage('assetlens: the workspace has no assets.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Asset key', matchOnDescription: true });
  return picked ? { key: picked.key } : undefined;
}
