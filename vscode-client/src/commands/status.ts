/**
 * "Show asset status": asks the server (`assetlens.server.status`) and shows the asset's last
 * materialization and why it is stale, with buttons to materialize it or show its lineage.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { formatKey, sameKey } from '../keys';
import { CLIENT_MATERIALIZE, CLIENT_SHOW_LINEAGE, SERVER_STATUS, type AssetKeyParts, type AssetStatus } from '../protocol';
import { describeAssetStatus, partitionDetails } from '../runReport';

export function readStatuses(value: unknown): AssetStatus[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.filter(
    (item): item is AssetStatus =>
      !!item && typeof item === 'object' && Array.isArray((item as AssetStatus).key) && typeof (item as AssetStatus).stale === 'boolean',
  );
}

export async function showStatus(client: LanguageClient, output: vscode.OutputChannel, key: AssetKeyParts): Promise<void> {
  const raw = await client.sendRequest(ExecuteCommandRequest.type, { command: SERVER_STATUS, arguments: [{ keys: [key] }] });
  const status = readStatuses(raw).find((item) => sameKey(item.key, key));
  if (!status) {
    void vscode.window.showWarningMessage(`assetlens: no status for ${formatKey(key)} (is it defined in the workspace?)`);
    return;
  }
  const text = `${formatKey(key)}: ${describeAssetStatus(status)}`;
  output.appendLine(`● ${text}`);
  const last = status.lastMaterialization;
  if (last) {
    output.appendLine(`  last run ${last.runId} ended ${last.endTime} (${last.status}), code version ${last.codeVersion ?? 'none'}`);
  }
  for (const line of partitionDetails(status.partitions)) {
    output.appendLine(`  ${line}`);
  }
  const picked = await vscode.window.showInformationMessage(text, 'Materialize', 'Show Lineage');
  if (picked === 'Materialize') {
    await vscode.commands.executeCommand(CLIENT_MATERIALIZE, { key, upstream: false });
  } else if (picked === 'Show Lineage') {
    await vscode.commands.executeCommand(CLIENT_SHOW_LINEAGE, { key });
  }
}
