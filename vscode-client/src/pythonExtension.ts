/**
 * The Python extension (ms-python.python), when installed: its active interpreter for the workspace and
 * the event that it changed. Only the few members of its public API that this extension uses are typed
 * here; every call is guarded, since the extension may be missing, inactive, or older.
 */
import * as vscode from 'vscode';

const PYTHON_EXTENSION_ID = 'ms-python.python';

interface EnvironmentPath {
  id: string;
  path: string;
}

interface ResolvedEnvironment {
  executable: { uri?: vscode.Uri };
}

interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri | vscode.WorkspaceFolder): EnvironmentPath;
    resolveEnvironment(environment: EnvironmentPath | string): Promise<ResolvedEnvironment | undefined>;
    onDidChangeActiveEnvironmentPath: vscode.Event<unknown>;
  };
  settings?: {
    getExecutionDetails(resource?: vscode.Uri): { execCommand: string[] | undefined };
    onDidChangeExecutionDetails: vscode.Event<unknown>;
  };
}

export class PythonExtension implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the Python extension's active interpreter changes, or it is installed or removed. */
  readonly onDidChangeInterpreter = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private subscribedTo: PythonExtensionApi | undefined;
  private installed = vscode.extensions.getExtension(PYTHON_EXTENSION_ID) !== undefined;

  constructor(private readonly log: (line: string) => void) {
    this.disposables.push(
      vscode.extensions.onDidChange(() => {
        const installed = vscode.extensions.getExtension(PYTHON_EXTENSION_ID) !== undefined;
        if (installed !== this.installed) {
          this.installed = installed;
          this.changed.fire();
        }
      }),
    );
  }

  get isInstalled(): boolean {
    return this.installed;
  }

  private async api(): Promise<PythonExtensionApi | undefined> {
    const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
    if (!extension) {
      return undefined;
    }
    try {
      const api = extension.isActive ? extension.exports : await extension.activate();
      this.subscribe(api);
      return api;
    } catch (error) {
      this.log(`the Python extension did not activate: ${String(error)}`);
      return undefined;
    }
  }

  private subscribe(api: PythonExtensionApi | undefined): void {
    if (!api || this.subscribedTo === api) {
      return;
    }
    this.subscribedTo = api;
    const event = api.environments?.onDidChangeActiveEnvironmentPath ?? api.settings?.onDidChangeExecutionDetails;
    if (event) {
      this.disposables.push(event(() => this.changed.fire()));
    }
  }

  /** The active interpreter's executable for `folder`, or undefined. */
  async activeInterpreter(folder: vscode.WorkspaceFolder | undefined): Promise<string | undefined> {
    const api = await this.api();
    if (!api) {
      return undefined;
    }
    try {
      if (api.environments) {
        const active = api.environments.getActiveEnvironmentPath(folder?.uri);
        const resolved = await api.environments.resolveEnvironment(active);
        return resolved?.executable.uri?.fsPath ?? active.path;
      }
      const command = api.settings?.getExecutionDetails(folder?.uri).execCommand;
      return command && command.length === 1 ? command[0] : undefined;
    } catch (error) {
      this.log(`could not read the Python extension's interpreter: ${String(error)}`);
      return undefined;
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }
}
