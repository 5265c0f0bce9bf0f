/**
 * The status bar item: the server's state and, once indexed, the number of assets and problems
 * (from `assetlens/indexStatus`). The words come from statusView.ts.
 */
import * as vscode from 'vscode';
import { describeServerState, type ServerState } from './statusView';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('assetlens.status', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'assetlens';
  }

  show(state: ServerState): void {
    const view = describeServerState(state);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.command = view.command;
    this.item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
