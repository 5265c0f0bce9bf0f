/**
 * The assetlens VS Code extension's entry point: wires the server manager, the status bar, the client
 * commands that the server's code lenses invoke, the lineage view, and the events that restart the
 * server (interpreter, settings, Workspace Trust).
 */
import * as vscode from 'vscode';
import { materialize, requireTrust } from './commands/materialize';
import { pickAsset } from './commands/pickAsset';
import { showValue } from './commands/showValue';
import { showStatus } from './commands/status';
import { affectsServer } from './config';
import { FileAssets } from './fileAssets';
import { readKeyArg } from './keys';
import { LINEAGE_VIEW_TYPE, LineagePanel, type LineageDeps } from './lineage/panel';
import {
  CLIENT_MATERIALIZE,
  CLIENT_MATERIALIZE_WITH_UPSTREAM,
  CLIENT_RESTART,
  CLIENT_SHOW_LINEAGE,
  CLIENT_SHOW_OUTPUT,
  CLIENT_SHOW_STATUS,
  CLIENT_SHOW_VALUE,
} from './protocol';
import { PythonExtension } from './pythonExtension';
import { ServerManager } from './server';
import { StatusBar } from './statusBar';

let manager: ServerManager | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('assetlens');
  const python = new PythonExtension((line) => output.appendLine(`[assetlens] ${line}`));
  const server = new ServerManager(output, python);
  manager = server;
  const statusBar = new StatusBar();
  const files = new FileAssets();
  const lineage: LineageDeps = { extensionUri: context.extensionUri, server, files };
  statusBar.show(server.state);

  /** The running client, or undefined after telling the user why there is none. */
  const requireClient = () => {
    const client = server.readyClient;
    if (!client) {
      const state = server.state;
      const why = state.kind === 'notInstalled' || state.kind === 'failed' ? state.message : 'The assetlens server is not running yet.';
      void vscode.window.showWarningMessage(why, 'Show Output').then((picked) => {
        if (picked) output.show();
      });
    }
    return client;
  };

  const runMaterialize = async (arg: unknown, forceUpstream: boolean | undefined) => {
    if (!(await requireTrust())) return;
    const client = requireClient();
    if (!client) return;
    const target = await pickAsset(client, files, arg, forceUpstream ? 'Materialize with upstream' : 'Materialize');
    if (!target) return;
    await materialize({ client, output }, [target.key], forceUpstream ?? target.upstream ?? false);
  };

  context.subscriptions.push(
    output,
    python,
    statusBar,
    { dispose: () => void server.dispose() },
    server.onDidChangeState((state) => statusBar.show(state)),
    server.onDidChangeClient(() => files.clear()),
    server.onDidFinishRun(() => files.clear()),
    vscode.commands.registerCommand(CLIENT_MATERIALIZE, (arg?: unknown) => runMaterialize(arg, undefined)),
    vscode.commands.registerCommand(CLIENT_MATERIALIZE_WITH_UPSTREAM, (arg?: unknown) => runMaterialize(arg, true)),
    vscode.commands.registerCommand(CLIENT_SHOW_LINEAGE, async (arg?: unknown) => {
      const key = readKeyArg(arg)?.key;
      await LineagePanel.show(lineage, key);
    }),
    vscode.commands.registerCommand(CLIENT_SHOW_STATUS, async (arg?: unknown) => {
      const client = requireClient();
      if (!client) return;
      const target = await pickAsset(client, files, arg, 'Show asset status');
      if (target) await showStatus(client, output, target.key);
    }),
    vscode.commands.registerCommand(CLIENT_SHOW_VALUE, async (arg?: unknown) => {
      if (!(await requireTrust())) return;
      const client = requireClient();
      if (!client) return;
      const target = await pickAsset(client, files, arg, 'Show value');
      if (target) await showValue(client, output, target.key);
    }),
    vscode.commands.registerCommand(CLIENT_RESTART, () => server.restart('restart command', true)),
    vscode.commands.registerCommand(CLIENT_SHOW_OUTPUT, () => output.show()),
    vscode.window.registerWebviewPanelSerializer(LINEAGE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => LineagePanel.revive(panel, state, lineage),
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsServer(event)) void server.restart('configuration');
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void server.restart('workspace trusted')),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void server.restart('workspace folders changed')),
    python.onDidChangeInterpreter(() => void server.restart('interpreter changed')),
  );
  void server.restart('activation', true).catch((error) => output.appendLine(`[assetlens] ${String(error)}`));
}

export async function deactivate(): Promise<void> {
  await manager?.dispose();
  manager = undefined;
}
