/**
 * The status bar item: the server's state and, once indexed, the number of assets (from
 * `assetlens/indexStatus`) and of the errors and warnings that assetlens reports (counted in VS Code's
 * diagnostics, so the words match the Problems panel). The words come from statusView.ts.
 */
import * as vscode from 'vscode';
import { describeServerState, type DiagnosticCounts, type ServerState } from './statusView';

/** The `source` of assetlens's diagnostics. */
const DIAGNOSTIC_SOURCE = 'assetlens';

export function countDiagnostics(): DiagnosticCounts {
  const counts: DiagnosticCounts = { errors: 0, warnings: 0, infos: 0 };
  for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
    for (const diagnostic of diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      if (diagnostic.severity === vscode.DiagnosticSeverity.Error) counts.errors++;
      else if (diagnostic.severity === vscode.DiagnosticSeverity.Warning) counts.warnings++;
      else counts.infos++;
    }
  }
  return counts;
}

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('assetlens.status', vscode.StatusBarAlignment.Left, 50);
  private state: ServerState = { kind: 'stopped' };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listener: vscode.Disposable;

  constructor() {
    this.item.name = 'assetlens';
    // Diagnostics change in bursts (a workspace report, every keystroke): count at most every 200 ms.
    this.listener = vscode.languages.onDidChangeDiagnostics(() => {
      if (this.timer) return;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.render();
      }, 200);
    });
  }

  show(state: ServerState): void {
    this.state = state;
    this.render();
  }

  private render(): void {
    const view = describeServerState(this.state, this.state.kind === 'running' ? countDiagnostics() : undefined);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.command = view.command;
    this.item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.listener.dispose();
    this.item.dispose();
  }
}
