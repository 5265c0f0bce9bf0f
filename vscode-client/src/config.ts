/**
 * Reads the `assetlens` configuration from VS Code: the server settings (per workspace folder) and the
 * interpreter setting, with paths expanded. Thin glue over the pure settings.ts / interpreter.ts.
 */
import * as os from 'os';
import * as vscode from 'vscode';
import { expandPath } from './interpreter';
import { parseSettings, type ParsedSettings } from './settings';

export const SECTION = 'assetlens';

function folderFor(scope: vscode.Uri | undefined): vscode.WorkspaceFolder | undefined {
  return (scope && vscode.workspace.getWorkspaceFolder(scope)) ?? vscode.workspace.workspaceFolders?.[0];
}

function expanderFor(folder: vscode.WorkspaceFolder | undefined): (value: string) => string {
  return (value) => expandPath(value, { workspaceFolder: folder?.uri.fsPath, home: os.homedir() });
}

/** The protocol's settings object for a folder (or the window when `scope` is undefined). */
export function readServerSettings(scope: vscode.Uri | undefined): ParsedSettings {
  const configuration = vscode.workspace.getConfiguration(SECTION, scope ?? null);
  return parseSettings((key) => configuration.get(key), vscode.workspace.isTrusted, expanderFor(folderFor(scope)));
}

/** `assetlens.interpreter`, expanded; undefined when unset. */
export function readInterpreterSetting(folder: vscode.WorkspaceFolder | undefined): string | undefined {
  const value = vscode.workspace.getConfiguration(SECTION, folder?.uri ?? null).get<unknown>('interpreter');
  if (typeof value !== 'string' || value.trim() === '') {
    return undefined;
  }
  return expanderFor(folder)(value);
}

/** True when the change touches a setting that the server process depends on (not the trace level). */
export function affectsServer(event: vscode.ConfigurationChangeEvent): boolean {
  if (!event.affectsConfiguration(SECTION)) {
    return false;
  }
  const keys = ['interpreter', 'select', 'ignore', 'severity', 'exclude', 'diagnosticsOn', 'engine', 'runtimeInterpreter', 'baseRef'];
  return keys.some((key) => event.affectsConfiguration(`${SECTION}.${key}`));
}
