/**
 * What the status bar item says in each state of the server: starting, indexing (from
 * `assetlens/indexStatus`), ready with the number of assets and of errors and warnings (counted in VS
 * Code's diagnostics from assetlens, each with its own icon and word), or why it is not running.
 * Pure logic; statusBar.ts puts it on screen.
 */
import type { IndexStatus } from './protocol';

export type ServerState =
  | { kind: 'starting'; python?: string }
  | { kind: 'running'; index?: IndexStatus; python: string; version: string }
  | { kind: 'notInstalled'; message: string }
  | { kind: 'failed'; message: string }
  | { kind: 'stopped' };

export interface StatusView {
  text: string;
  tooltip: string;
  /** The command a click runs. */
  command: string;
  /** Draws attention (warning background). */
  warning: boolean;
}

/** assetlens's diagnostics shown in VS Code, by severity (information and hints together). */
export interface DiagnosticCounts {
  errors: number;
  warnings: number;
  infos: number;
}

function plural(count: number, one: string, many: string = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/**
 * The problems part of the status bar text: `$(error) 2 errors, $(warning) 1 warning`. Without counts from
 * VS Code (none received yet), the server's total with the warning icon: `$(warning) 3 problems`.
 */
function describeProblems(problems: number, counts: DiagnosticCounts | undefined): { text: string; tooltip: string } {
  if (counts && counts.errors + counts.warnings + counts.infos > 0) {
    const parts: string[] = [];
    if (counts.errors > 0) parts.push(`$(error) ${plural(counts.errors, 'error')}`);
    if (counts.warnings > 0) parts.push(`$(warning) ${plural(counts.warnings, 'warning')}`);
    if (counts.infos > 0 && parts.length === 0) parts.push(`$(info) ${plural(counts.infos, 'note')}`);
    const all = [plural(counts.errors, 'error'), plural(counts.warnings, 'warning'), plural(counts.infos, 'note')];
    return { text: parts.join(', '), tooltip: all.join(', ') };
  }
  if (problems > 0) {
    return { text: `$(warning) ${plural(problems, 'problem')}`, tooltip: plural(problems, 'problem') };
  }
  return { text: '', tooltip: 'no problems' };
}

export function describeServerState(state: ServerState, counts?: DiagnosticCounts): StatusView {
  switch (state.kind) {
    case 'starting':
      return {
        text: '$(sync~spin) assetlens',
        tooltip: state.python ? `assetlens: starting the server with ${state.python}` : 'assetlens: starting the server',
        command: 'assetlens.showOutput',
        warning: false,
      };
    case 'running': {
      const server = `assetlens ${state.version} on ${state.python}`;
      if (!state.index) {
        return { text: '$(sync~spin) assetlens', tooltip: `${server}: waiting for the index`, command: 'assetlens.showOutput', warning: false };
      }
      const { assets, problems, files } = state.index;
      if (state.index.state === 'indexing') {
        return {
          text: `$(sync~spin) assetlens: indexing ${plural(files, 'file')}`,
          tooltip: `${server}: indexing the workspace (${plural(assets, 'asset')} so far)`,
          command: 'assetlens.showOutput',
          warning: false,
        };
      }
      const found = describeProblems(problems, counts);
      return {
        text: `$(type-hierarchy) ${plural(assets, 'asset')}${found.text ? `, ${found.text}` : ''}`,
        tooltip: `${server}: ${plural(assets, 'asset')} in ${plural(files, 'file')}; ${found.tooltip}. Click to show the lineage.`,
        command: 'assetlens.showLineage',
        warning: false,
      };
    }
    case 'notInstalled':
      return { text: '$(warning) assetlens: not installed', tooltip: state.message, command: 'assetlens.restartServer', warning: true };
    case 'failed':
      return { text: '$(error) assetlens', tooltip: `${state.message} Click to restart.`, command: 'assetlens.restartServer', warning: true };
    case 'stopped':
      return { text: '$(circle-slash) assetlens', tooltip: 'assetlens: the server is stopped. Click to start it.', command: 'assetlens.restartServer', warning: false };
  }
}

/** Validates an `assetlens/indexStatus` notification's params (a malformed one is ignored). */
export function readIndexStatus(params: unknown): IndexStatus | undefined {
  if (!params || typeof params !== 'object') {
    return undefined;
  }
  const p = params as Record<string, unknown>;
  const count = (value: unknown): number | undefined =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
  const assets = count(p.assets);
  const problems = count(p.problems);
  const files = count(p.files);
  if ((p.state !== 'indexing' && p.state !== 'ready') || assets === undefined || problems === undefined || files === undefined) {
    return undefined;
  }
  return { state: p.state, assets, problems, files };
}
