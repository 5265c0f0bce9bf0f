/**
 * Which Python runs the language server: the `assetlens.interpreter` setting, else the Python
 * extension's active environment, else `python3` from PATH. Pure logic, unit-tested; the caller asks
 * VS Code and the Python extension for the inputs.
 */
import * as path from 'path';

export type InterpreterSource = 'setting' | 'python-extension' | 'default';

export interface InterpreterChoice {
  command: string;
  source: InterpreterSource;
  /** Why a candidate was passed over (shown in the output channel). */
  notes: string[];
}

export interface InterpreterInputs {
  /** `assetlens.interpreter`, already expanded (see expandPath); empty or undefined when unset. */
  configured?: string;
  /** The Python extension's active interpreter for the workspace, when it is installed and has one. */
  pythonExtension?: string;
  trusted: boolean;
  /** File-system paths of the workspace folders. */
  workspaceFolders: readonly string[];
  platform?: NodeJS.Platform;
}

/** True when `file` is `folder` or lies inside it. */
export function isInside(file: string, folder: string, pathApi: path.PlatformPath = path): boolean {
  const relative = pathApi.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !pathApi.isAbsolute(relative));
}

/** The default interpreter name on PATH. */
export function defaultPython(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'python' : 'python3';
}

/**
 * Chooses the interpreter. In an untrusted workspace an environment that lives inside the workspace
 * (a `.venv` the folder brought along) is not run: its binary is as untrusted as the folder's code.
 */
export function chooseInterpreter(inputs: InterpreterInputs): InterpreterChoice {
  const notes: string[] = [];
  const configured = inputs.configured?.trim();
  if (configured) {
    return { command: configured, source: 'setting', notes };
  }
  const fromExtension = inputs.pythonExtension?.trim();
  if (fromExtension) {
    const inWorkspace = inputs.workspaceFolders.some((folder) => isInside(fromExtension, folder));
    if (inputs.trusted || !inWorkspace) {
      return { command: fromExtension, source: 'python-extension', notes };
    }
    notes.push(
      `not using the Python extension's interpreter ${fromExtension}: it lies inside the workspace, which is not trusted`,
    );
  }
  return { command: defaultPython(inputs.platform), source: 'default', notes };
}

export interface ExpandContext {
  workspaceFolder?: string;
  home: string;
}

/**
 * Expands `${workspaceFolder}`, `${userHome}` and a leading `~` in a configured path, and makes a
 * relative path with a directory part (`.venv/bin/python`) relative to the workspace folder. A bare
 * command name (`python3.12`) is left for PATH.
 */
export function expandPath(value: string, context: ExpandContext, pathApi: path.PlatformPath = path): string {
  let result = value.trim();
  if (context.workspaceFolder !== undefined) {
    result = result.split('${workspaceFolder}').join(context.workspaceFolder);
  }
  result = result.split('${userHome}').join(context.home);
  if (result === '~' || result.startsWith('~/') || result.startsWith('~\\')) {
    result = context.home + result.slice(1);
  }
  const hasDirectory = result.includes('/') || result.includes(pathApi.sep);
  if (hasDirectory && !pathApi.isAbsolute(result) && context.workspaceFolder !== undefined) {
    result = pathApi.join(context.workspaceFolder, result);
  }
  return result;
}
