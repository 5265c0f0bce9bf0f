/**
 * "Materialize" and "Materialize with upstream": refuses in an untrusted workspace, then calls the
 * server's `assetlens.server.materialize` with a work-done token, mirrors the server's `$/progress` in a
 * cancellable notification (cancel sends `window/workDoneProgress/cancel`, then `$/cancelRequest` if the
 * server has not answered), shows the run's log in the output channel (the server streams it as
 * `window/logMessage`), and reports the outcome.
 */
import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import {
  CancellationTokenSource,
  ExecuteCommandRequest,
  LSPErrorCodes,
  ResponseError,
  WorkDoneProgress,
  WorkDoneProgressCancelNotification,
  type LanguageClient,
} from 'vscode-languageclient/node';
import { formatKey } from '../keys';
import { SERVER_MATERIALIZE, type AssetKeyParts, type MaterializeArgs, type RunResult } from '../protocol';
import { describeRunResult, describeTarget, readRunResult } from '../runReport';

/** After a cancel, how long the server may take to stop the run before the request itself is cancelled. */
const CANCEL_GRACE_MS = 5000;

export interface MaterializeContext {
  client: LanguageClient;
  output: vscode.OutputChannel;
}

/** Explains why running is off in an untrusted workspace; true when the workspace is trusted. */
export async function requireTrust(): Promise<boolean> {
  if (vscode.workspace.isTrusted) {
    return true;
  }
  const picked = await vscode.window.showWarningMessage(
    'assetlens: running assets executes the workspace\'s code, so it needs a trusted workspace. Analysis works without trust.',
    'Manage Workspace Trust',
  );
  if (picked) {
    await vscode.commands.executeCommand('workbench.trust.manage');
  }
  return false;
}

export async function materialize(context: MaterializeContext, keys: AssetKeyParts[], upstream: boolean): Promise<RunResult | undefined> {
  const { client, output } = context;
  const target = describeTarget(keys, upstream);
  const args: MaterializeArgs =
    keys.length === 1 ? { key: keys[0], upstream, downstream: false } : { keys, upstream, downstream: false };
  output.show(true);
  output.appendLine('');
  output.appendLine(`▶ materialize ${target}`);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `assetlens: materializing ${target}`, cancellable: true },
    async (progress, cancel) => {
      const workDoneToken = randomUUID();
      const requestCancel = new CancellationTokenSource();
      let canceled = false;
      let graceTimer: ReturnType<typeof setTimeout> | undefined;
      let reported = 0;
      const progressListener = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') {
          return;
        }
        const increment = value.percentage !== undefined ? Math.max(0, value.percentage - reported) : undefined;
        if (value.percentage !== undefined) {
          reported = Math.max(reported, value.percentage);
        }
        progress.report({ message: value.message, increment });
      });
      const cancelListener = cancel.onCancellationRequested(() => {
        canceled = true;
        output.appendLine(`■ cancel requested for ${target}`);
        void client.sendNotification(WorkDoneProgressCancelNotification.type, { token: workDoneToken });
        graceTimer = setTimeout(() => requestCancel.cancel(), CANCEL_GRACE_MS);
      });
      try {
        const raw = await client.sendRequest(
          ExecuteCommandRequest.type,
          { command: SERVER_MATERIALIZE, arguments: [args], workDoneToken },
          requestCancel.token,
        );
        const result = readRunResult(raw);
        if (!result) {
          output.appendLine(`✗ the server answered with something that is not a run result: ${JSON.stringify(raw)}`);
          void vscode.window.showErrorMessage('assetlens: the server answered "Materialize" with an unexpected result; see the output.');
          return undefined;
        }
        reportResult(output, result, target);
        return result;
      } catch (error) {
        if (error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled) {
          output.appendLine(`■ run of ${target} canceled`);
          void vscode.window.showInformationMessage(`assetlens: run of ${target} canceled.`);
          return undefined;
        }
        const message = error instanceof Error ? error.message : String(error);
        output.appendLine(`✗ materialize ${target}: ${message}`);
        if (/not trusted/i.test(message)) {
          void requireTrust();
        } else if (!canceled) {
          void vscode.window.showErrorMessage(`assetlens: could not materialize ${target}: ${message}`, 'Show Output').then((picked) => {
            if (picked) output.show();
          });
        }
        return undefined;
      } finally {
        if (graceTimer) clearTimeout(graceTimer);
        progressListener.dispose();
        cancelListener.dispose();
        requestCancel.dispose();
      }
    },
  );
}

function reportResult(output: vscode.OutputChannel, result: RunResult, target: string): void {
  const message = describeRunResult(result, target);
  const mark = result.status === 'success' ? '✓' : result.status === 'canceled' ? '■' : '✗';
  output.appendLine(`${mark} run ${result.runId}: ${result.status}; materialized ${result.materialized.map(formatKey).join(', ') || 'nothing'}`);
  if (result.error) {
    output.appendLine(result.error.trimEnd());
  }
  if (message.severity === 'error') {
    void vscode.window.showErrorMessage(message.text, 'Show Output').then((picked) => {
      if (picked) output.show();
    });
  } else {
    void vscode.window.showInformationMessage(message.text);
  }
}
