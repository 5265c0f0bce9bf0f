/**
 * Checks that an interpreter can run the assetlens server before the extension starts it, so that a
 * missing install is a clear notification with the install command instead of a dead connection.
 * Uses only Node (no `vscode` import): unit tests run it against real interpreters.
 */
import { execFile } from 'child_process';

export const MIN_PYTHON: readonly [number, number] = [3, 11];

export type ProbeResult =
  | { kind: 'ok'; python: string; version: string; pythonVersion: string }
  | { kind: 'notInstalled'; python: string; pythonVersion: string; detail: string }
  | { kind: 'tooOld'; python: string; pythonVersion: string }
  | { kind: 'notFound'; python: string; detail: string }
  | { kind: 'broken'; python: string; detail: string };

// Prints one JSON line. Runs with PYTHONSAFEPATH so that nothing in the current directory shadows a module.
const PROBE_SCRIPT = [
  'import json, sys',
  'out = {"python": ".".join(map(str, sys.version_info[:3]))}',
  'try:',
  '    import assetlens.cli as c',
  '    out["assetlens"] = getattr(c, "__version__", "unknown")',
  'except ImportError as e:',
  '    out["missing"] = "%s: %s" % (type(e).__name__, e)',
  'except Exception as e:',
  '    out["error"] = "%s: %s" % (type(e).__name__, e)',
  'print(json.dumps(out))',
].join('\n');

/** The command that installs assetlens into `python` (shown to the user, run in a terminal on request). */
export function installCommand(python: string): string {
  return `${quoteForShell(python)} -m pip install assetlens`;
}

/** Quotes a path for a POSIX shell or PowerShell when it needs it. */
export function quoteForShell(value: string, platform: NodeJS.Platform = process.platform): string {
  if (/^[A-Za-z0-9_./:\\-]+$/.test(value)) {
    return value;
  }
  if (platform === 'win32') {
    return `& "${value.replace(/"/g, '`"')}"`;
  }
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function versionAtLeast(version: string, minimum: readonly [number, number]): boolean {
  const [major, minor] = version.split('.').map((part) => Number.parseInt(part, 10));
  if (major === undefined || minor === undefined || Number.isNaN(major) || Number.isNaN(minor)) {
    return false;
  }
  return major > minimum[0] || (major === minimum[0] && minor >= minimum[1]);
}

/** What the probe process did: its error (spawn failure, exit code, timeout) and its output. */
export interface ProbeOutcome {
  errorCode?: string;
  killed?: boolean;
  errorMessage?: string;
  stdout: string;
  stderr: string;
}

/** Reads the probe's outcome (pure, unit-tested). */
export function interpretProbe(python: string, outcome: ProbeOutcome): ProbeResult {
  if (outcome.errorCode === 'ENOENT' || outcome.errorCode === 'EACCES') {
    return { kind: 'notFound', python, detail: outcome.errorCode === 'ENOENT' ? 'no such file or command' : 'not executable' };
  }
  const line = outcome.stdout.trim().split('\n').pop() ?? '';
  let parsed: { python?: unknown; assetlens?: unknown; missing?: unknown; error?: unknown } | undefined;
  try {
    parsed = JSON.parse(line);
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== 'object' || typeof parsed.python !== 'string') {
    const reason = outcome.killed ? 'timed out' : outcome.stderr.trim() || outcome.errorMessage || 'no output';
    return { kind: 'broken', python, detail: `not a working Python: ${reason}` };
  }
  if (!versionAtLeast(parsed.python, MIN_PYTHON)) {
    return { kind: 'tooOld', python, pythonVersion: parsed.python };
  }
  if (parsed.missing !== undefined) {
    return { kind: 'notInstalled', python, pythonVersion: parsed.python, detail: String(parsed.missing) };
  }
  if (parsed.error !== undefined) {
    return { kind: 'broken', python, detail: `importing assetlens failed: ${String(parsed.error)}` };
  }
  return { kind: 'ok', python, version: typeof parsed.assetlens === 'string' ? parsed.assetlens : 'unknown', pythonVersion: parsed.python };
}

/** Runs `python` on a small script and says whether `python -m assetlens.cli serve` can work. */
export function probeAssetlens(python: string, options: { timeoutMs?: number; cwd?: string } = {}): Promise<ProbeResult> {
  return new Promise((resolve) => {
    execFile(
      python,
      ['-c', PROBE_SCRIPT],
      {
        timeout: options.timeoutMs ?? 20000,
        cwd: options.cwd,
        env: { ...process.env, PYTHONSAFEPATH: '1', PYTHONIOENCODING: 'utf-8' },
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        const nodeError = error as (NodeJS.ErrnoException & { killed?: boolean }) | null;
        resolve(
          interpretProbe(python, {
            errorCode: typeof nodeError?.code === 'string' ? nodeError.code : undefined,
            killed: nodeError?.killed,
            errorMessage: nodeError?.message,
            stdout: String(stdout),
            stderr: String(stderr),
          }),
        );
      },
    );
  });
}

/** The user-facing sentence for a failed probe. */
export function describeProbeFailure(result: Exclude<ProbeResult, { kind: 'ok' }>): string {
  switch (result.kind) {
    case 'notInstalled':
      return `assetlens is not installed in ${result.python} (Python ${result.pythonVersion}). Install it with: ${installCommand(result.python)}`;
    case 'tooOld':
      return `assetlens needs Python ${MIN_PYTHON.join('.')} or newer; ${result.python} is Python ${result.pythonVersion}. Choose another interpreter.`;
    case 'notFound':
      return `The Python interpreter ${result.python} was not found (${result.detail}). Set assetlens.interpreter or select an interpreter.`;
    case 'broken':
      return `${result.python} cannot run assetlens: ${result.detail}`;
  }
}
