/**
 * Runs the assetlens language server: picks the interpreter, checks that assetlens is importable in it
 * (else a notification with the install command), starts `python -m assetlens.cli serve` over stdio
 * with vscode-languageclient, answers `workspace/configuration`, and restarts it, coalesced, when the
 * interpreter, the settings or Workspace Trust change.
 */
import * as vscode from 'vscode';
import {
  CloseAction,
  ExecuteCommandRequest,
  LanguageClient,
  State,
  type ErrorHandler,
  type ConfigurationParams,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { Coalescer } from './coalescer';
import { commandsToRegister, rerouteServerCommand } from './serverCommands';
import { readInterpreterSetting, readServerSettings } from './config';
import { describeProbeFailure, installCommand, probeAssetlens, type ProbeResult } from './installCheck';
import { chooseInterpreter, type InterpreterChoice } from './interpreter';
import { CLIENT_COMMANDS, INDEX_STATUS_NOTIFICATION, RUN_FINISHED_NOTIFICATION, SERVER_SHOW_VALUE, type RunResult } from './protocol';
import { readRunResult } from './runReport';
import { canonicalJson } from './settings';
import { readIndexStatus, type ServerState } from './statusView';
import type { PythonExtension } from './pythonExtension';

const CLIENT_ID = 'assetlens';
const RESTART_DELAY_MS = 400;

export class ServerManager implements vscode.Disposable {
  private client: LanguageClient | undefined;
  /** File watchers of the running client, disposed with it. */
  private clientResources: vscode.Disposable[] = [];
  private currentState: ServerState = { kind: 'stopped' };
  private fingerprint: string | undefined;
  /** Interpreters we already told the user about (no repeated notification on every restart). */
  private readonly notified = new Set<string>();
  /** Settings warnings already reported (each is logged and shown once). */
  private readonly reportedWarnings = new Set<string>();
  private readonly stateChanged = new vscode.EventEmitter<ServerState>();
  private readonly clientChanged = new vscode.EventEmitter<LanguageClient | undefined>();
  private readonly runFinished = new vscode.EventEmitter<RunResult>();
  readonly onDidChangeState = this.stateChanged.event;
  /** Fires with the new client once it is running (and with undefined when it stops). */
  readonly onDidChangeClient = this.clientChanged.event;
  readonly onDidFinishRun = this.runFinished.event;
  private readonly restarts: Coalescer;
  private disposed = false;

  constructor(
    private readonly output: vscode.OutputChannel,
    private readonly python: PythonExtension,
  ) {
    this.restarts = new Coalescer((reasons) => this.restartNow(reasons), RESTART_DELAY_MS);
  }

  get state(): ServerState {
    return this.currentState;
  }

  /** The client when the server is running and initialised. */
  get readyClient(): LanguageClient | undefined {
    return this.client && this.client.state === State.Running ? this.client : undefined;
  }

  log(line: string): void {
    this.output.appendLine(`[assetlens ${new Date().toLocaleTimeString()}] ${line}`);
  }

  /** Starts (or restarts) soon; bursts of requests make one restart. `immediate` skips the delay. */
  restart(reason: string, immediate = false): Promise<void> {
    return this.restarts.request(reason, immediate);
  }

  private setState(state: ServerState): void {
    this.currentState = state;
    this.stateChanged.fire(state);
  }

  private async resolveInterpreter(): Promise<InterpreterChoice> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const configured = readInterpreterSetting(folder);
    const fromExtension = configured ? undefined : await this.python.activeInterpreter(folder);
    return chooseInterpreter({
      configured,
      pythonExtension: fromExtension,
      trusted: vscode.workspace.isTrusted,
      workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
    });
  }

  private currentFingerprint(interpreter: string): string {
    const scopes = vscode.workspace.workspaceFolders?.map((folder) => folder.uri) ?? [undefined];
    return canonicalJson({ interpreter, trusted: vscode.workspace.isTrusted, folders: scopes.map((scope) => readServerSettings(scope).settings) });
  }

  private async restartNow(reasons: string[]): Promise<void> {
    if (this.disposed) {
      return;
    }
    const choice = await this.resolveInterpreter();
    const fingerprint = this.currentFingerprint(choice.command);
    const onlyConfiguration = reasons.every((reason) => reason === 'configuration' || reason === 'interpreter changed');
    if (onlyConfiguration && this.readyClient && fingerprint === this.fingerprint) {
      return; // nothing the server depends on changed
    }
    this.log(`${this.client ? 'restarting' : 'starting'} the server (${[...new Set(reasons)].join(', ')})`);
    await this.stopClient();
    this.setState({ kind: 'starting', python: choice.command });
    for (const note of choice.notes) {
      this.log(note);
    }
    const probe = await probeAssetlens(choice.command, { cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath });
    if (probe.kind !== 'ok') {
      this.reportProbeFailure(probe, choice);
      return;
    }
    this.log(`interpreter ${choice.command} (${choice.source}), Python ${probe.pythonVersion}, assetlens ${probe.version}`);
    await this.startClient(choice.command, probe.version, fingerprint);
  }

  private reportProbeFailure(probe: Exclude<ProbeResult, { kind: 'ok' }>, choice: InterpreterChoice): void {
    const message = describeProbeFailure(probe);
    this.log(message);
    this.setState({ kind: probe.kind === 'notInstalled' ? 'notInstalled' : 'failed', message });
    this.fingerprint = undefined;
    const once = `${probe.kind}:${choice.command}`;
    if (this.notified.has(once)) {
      return;
    }
    this.notified.add(once);
    void this.offerFix(probe, message);
  }

  private async offerFix(probe: Exclude<ProbeResult, { kind: 'ok' }>, message: string): Promise<void> {
    const actions: string[] = [];
    if (probe.kind === 'notInstalled') {
      actions.push('Install in Terminal', 'Copy Install Command');
    }
    if (this.python.isInstalled) {
      actions.push('Select Interpreter');
    }
    actions.push('Open Settings');
    const picked = await vscode.window.showErrorMessage(message, ...actions);
    if (picked === 'Install in Terminal') {
      const terminal = vscode.window.createTerminal({ name: 'assetlens install' });
      terminal.show();
      terminal.sendText(installCommand(probe.python));
      const after = await vscode.window.showInformationMessage('When the install has finished, restart the assetlens server.', 'Restart Server');
      if (after) {
        this.notified.clear();
        void this.restart('install finished', true);
      }
    } else if (picked === 'Copy Install Command') {
      await vscode.env.clipboard.writeText(installCommand(probe.python));
    } else if (picked === 'Select Interpreter') {
      await vscode.commands.executeCommand('python.setInterpreter');
    } else if (picked === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'assetlens.interpreter');
    }
  }

  /** Invalid settings are left out (the server uses its default): say so once, in the output and a warning. */
  private reportSettingsWarnings(warnings: string[]): void {
    const fresh = warnings.filter((warning) => !this.reportedWarnings.has(warning));
    if (fresh.length === 0) {
      return;
    }
    fresh.forEach((warning) => {
      this.reportedWarnings.add(warning);
      this.log(warning);
    });
    const more = fresh.length > 1 ? ` (and ${fresh.length - 1} more in the output)` : '';
    void vscode.window.showWarningMessage(`assetlens: ${fresh[0]}${more}`, 'Open Settings').then((picked) => {
      if (picked) void vscode.commands.executeCommand('workbench.action.openSettings', 'assetlens');
    });
  }

  private answerConfiguration(params: ConfigurationParams): unknown[] | undefined {
    if (!params.items.every((item) => item.section === 'assetlens' || item.section?.startsWith('assetlens.'))) {
      return undefined;
    }
    return params.items.map((item) => {
      const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
      const { settings, warnings } = readServerSettings(scope);
      this.reportSettingsWarnings(warnings);
      if (item.section === 'assetlens') {
        return settings;
      }
      return (settings as unknown as Record<string, unknown>)[item.section!.slice('assetlens.'.length)] ?? null;
    });
  }

  private async startClient(python: string, version: string, fingerprint: string): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const { settings, warnings } = readServerSettings(folder?.uri);
    this.reportSettingsWarnings(warnings);
    const serverOptions: ServerOptions = {
      command: python,
      args: ['-m', 'assetlens.cli', 'serve'],
      // PYTHONSAFEPATH: `-m` must not put the workspace folder first on sys.path (a user's json.py
      // would shadow the standard library inside the server).
      options: { cwd: folder?.uri.fsPath, env: { ...process.env, PYTHONSAFEPATH: '1', PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' } },
    };
    const watchers = [
      vscode.workspace.createFileSystemWatcher('**/*.py'),
      vscode.workspace.createFileSystemWatcher('**/pyproject.toml'),
    ];
    // A server that never initialised is not restarted by the client (this manager reports why);
    // after a successful start, the client's default policy restarts it after a crash (4 times in 3 min).
    let initialised = false;
    let defaultHandler: ErrorHandler | undefined;
    const errorHandler: ErrorHandler = {
      error: (error, message, count) => defaultHandler!.error(error, message, count),
      closed: () => (initialised ? defaultHandler!.closed() : { action: CloseAction.DoNotRestart, handled: true }),
    };
    const clientOptions: LanguageClientOptions = {
      errorHandler,
      documentSelector: [{ scheme: 'file', language: 'python' }],
      outputChannel: this.output,
      initializationOptions: settings,
      synchronize: { fileEvents: watchers },
      // the hover's "Show value" link is a command link: trusted for that command only
      markdown: { isTrusted: { enabledCommands: [SERVER_SHOW_VALUE] } },
      initializationFailedHandler: (error) => {
        this.log(`the server failed to initialise: ${String(error)}`);
        return false;
      },
      middleware: {
        workspace: {
          configuration: async (params, token, next) => this.answerConfiguration(params) ?? next(params, token),
        },
        // A server command run from VS Code (a code lens): materialize and status through the extension's
        // commands (progress with Cancel, the output channel); anything else straight to the server.
        executeCommand: async (command, args, next) => {
          const reroute = rerouteServerCommand(command, args);
          return reroute ? vscode.commands.executeCommand(reroute.command, ...reroute.args) : next(command, args);
        },
      },
    };
    const client = new LanguageClient(CLIENT_ID, 'assetlens', serverOptions, clientOptions);
    skipOwnCommands(client);
    defaultHandler = client.createDefaultErrorHandler(4);
    this.client = client;
    this.clientResources = watchers;
    client.onDidChangeState((event) => {
      if (this.client !== client) {
        return;
      }
      if (event.newState === State.Stopped && this.currentState.kind === 'running') {
        this.setState({ kind: 'failed', message: 'The assetlens server stopped; see the output.' });
        this.clientChanged.fire(undefined);
      } else if (event.newState === State.Running && this.currentState.kind === 'failed') {
        // the client restarted the server itself after a crash
        this.setState({ kind: 'running', python, version });
        this.clientChanged.fire(client);
      }
    });
    try {
      await client.start();
    } catch (error) {
      if (this.client === client) {
        this.disposeClientResources();
        this.client = undefined;
        this.fingerprint = undefined;
        const message = `The assetlens server did not start with ${python}: ${error instanceof Error ? error.message : String(error)}`;
        this.log(message);
        this.setState({ kind: 'failed', message });
        void vscode.window.showErrorMessage(message, 'Show Output', 'Restart Server').then((picked) => {
          if (picked === 'Show Output') this.output.show();
          else if (picked === 'Restart Server') void this.restart('user', true);
        });
      }
      await client.dispose().catch(() => undefined);
      return;
    }
    initialised = true;
    this.fingerprint = fingerprint;
    this.setState({ kind: 'running', python, version });
    client.onNotification(INDEX_STATUS_NOTIFICATION, (params: unknown) => {
      const index = readIndexStatus(params);
      if (index && this.client === client) {
        this.setState({ kind: 'running', python, version, index });
      }
    });
    client.onNotification(RUN_FINISHED_NOTIFICATION, (params: unknown) => {
      const result = readRunResult(params);
      if (result) {
        this.runFinished.fire(result);
      }
    });
    this.clientChanged.fire(client);
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    if (!client) {
      return;
    }
    this.client = undefined;
    this.fingerprint = undefined;
    this.clientChanged.fire(undefined);
    try {
      await client.dispose(5000);
    } catch (error) {
      this.log(`stopping the server: ${String(error)}`);
    }
    this.disposeClientResources();
    this.setState({ kind: 'stopped' });
  }

  private disposeClientResources(): void {
    for (const resource of this.clientResources.splice(0)) {
      resource.dispose();
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.restarts.dispose();
    await this.stopClient();
    this.stateChanged.dispose();
    this.clientChanged.dispose();
    this.runFinished.dispose();
  }
}

/**
 * vscode-languageclient registers every command the server advertises as a VS Code command; a name the
 * extension registers itself would be registered twice (an error that stops the client's start), so
 * those are left to the extension.
 */
function skipOwnCommands(client: LanguageClient): void {
  const feature = client.getFeature(ExecuteCommandRequest.method);
  const own = new Set(CLIENT_COMMANDS);
  const register = feature.register.bind(feature);
  feature.register = (data) =>
    register({ ...data, registerOptions: { ...data.registerOptions, commands: commandsToRegister(data.registerOptions.commands, own) } });
}
