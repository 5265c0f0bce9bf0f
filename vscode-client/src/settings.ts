/**
 * The server settings of docs/protocol.md, read from the `assetlens` configuration section.
 *
 * Pure logic (no `vscode` import): the caller hands in a getter over the section. Values of the wrong
 * type are left out, so that the server applies its default, and reported as warnings for the output
 * channel. The result is what travels as `initializationOptions` and answers `workspace/configuration`.
 */

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type DiagnosticsOn = 'type' | 'save';
export type Engine = 'builtin' | 'dagster';

/** The settings object on the wire (camelCase, as docs/protocol.md names them). */
export interface ServerSettings {
  select?: string[];
  ignore?: string[];
  severity?: Record<string, Severity>;
  exclude?: string[];
  diagnosticsOn?: DiagnosticsOn;
  engine?: Engine;
  trusted: boolean;
  runtimeInterpreter?: string;
  baseRef?: string;
}

export interface ParsedSettings {
  settings: ServerSettings;
  warnings: string[];
}

/** Reads one key of the `assetlens` section; undefined when unset. */
export type SettingGetter = (key: string) => unknown;

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];
const DIAGNOSTICS_ON: readonly DiagnosticsOn[] = ['type', 'save'];
const ENGINES: readonly Engine[] = ['builtin', 'dagster'];
const RULE_CODE = /^[A-Za-z]+[0-9]*$/;

/** The settings keys this extension passes to the server (all but `trusted`, which VS Code decides). */
export const SERVER_SETTING_KEYS = [
  'select',
  'ignore',
  'severity',
  'exclude',
  'diagnosticsOn',
  'engine',
  'runtimeInterpreter',
  'baseRef',
] as const;

function describe(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function stringList(name: string, value: unknown, warnings: string[], normalise: (s: string) => string): string[] | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!Array.isArray(value)) {
    warnings.push(`assetlens.${name} must be a list of strings, not ${describe(value)}; using the default`);
    return undefined;
  }
  const result: string[] = [];
  for (const item of value) {
    if (typeof item !== 'string' || item.trim() === '') {
      warnings.push(`assetlens.${name}: ignoring ${describe(item)} (not a non-empty string)`);
      continue;
    }
    result.push(normalise(item.trim()));
  }
  return result;
}

function ruleCodes(name: string, value: unknown, warnings: string[]): string[] | undefined {
  const codes = stringList(name, value, warnings, (code) => code.toUpperCase());
  if (!codes) {
    return undefined;
  }
  return codes.filter((code) => {
    if (RULE_CODE.test(code)) {
      return true;
    }
    warnings.push(`assetlens.${name}: ignoring ${describe(code)} (a rule code looks like AL001, or a prefix like AL)`);
    return false;
  });
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], warnings: string[]): T | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) {
    return value as T;
  }
  warnings.push(`assetlens.${name} must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, not ${describe(value)}; using the default`);
  return undefined;
}

function severityMap(value: unknown, warnings: string[]): Record<string, Severity> | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    warnings.push(`assetlens.severity must be an object like {"AL003": "warning"}, not ${describe(value)}; using the default`);
    return undefined;
  }
  const result: Record<string, Severity> = {};
  for (const [code, severity] of Object.entries(value as Record<string, unknown>)) {
    const normalisedCode = code.trim().toUpperCase();
    if (!RULE_CODE.test(normalisedCode)) {
      warnings.push(`assetlens.severity: ignoring ${describe(code)} (not a rule code)`);
      continue;
    }
    if (typeof severity !== 'string' || !(SEVERITIES as readonly string[]).includes(severity)) {
      warnings.push(`assetlens.severity.${normalisedCode} must be one of ${SEVERITIES.join(', ')}, not ${describe(severity)}`);
      continue;
    }
    result[normalisedCode] = severity as Severity;
  }
  return result;
}

function nonEmptyString(name: string, value: unknown, warnings: string[]): string | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    warnings.push(`assetlens.${name} must be a string, not ${describe(value)}; using the default`);
    return undefined;
  }
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * Reads the `assetlens` section into the protocol's settings object. `trusted` is VS Code's Workspace
 * Trust state, never a user setting. `expandPath` resolves `${workspaceFolder}` and `~` in paths.
 */
export function parseSettings(get: SettingGetter, trusted: boolean, expandPath: (p: string) => string = (p) => p): ParsedSettings {
  const warnings: string[] = [];
  const settings: ServerSettings = { trusted };
  const select = ruleCodes('select', get('select'), warnings);
  if (select) settings.select = select;
  const ignore = ruleCodes('ignore', get('ignore'), warnings);
  if (ignore) settings.ignore = ignore;
  const severity = severityMap(get('severity'), warnings);
  if (severity) settings.severity = severity;
  const exclude = stringList('exclude', get('exclude'), warnings, (glob) => glob);
  if (exclude) settings.exclude = exclude;
  const diagnosticsOn = oneOf('diagnosticsOn', get('diagnosticsOn'), DIAGNOSTICS_ON, warnings);
  if (diagnosticsOn) settings.diagnosticsOn = diagnosticsOn;
  const engine = oneOf('engine', get('engine'), ENGINES, warnings);
  if (engine) settings.engine = engine;
  const runtimeInterpreter = nonEmptyString('runtimeInterpreter', get('runtimeInterpreter'), warnings);
  if (runtimeInterpreter) settings.runtimeInterpreter = expandPath(runtimeInterpreter);
  const baseRef = nonEmptyString('baseRef', get('baseRef'), warnings);
  if (baseRef) settings.baseRef = baseRef;
  return { settings, warnings };
}

/** JSON with object keys sorted at every level, so equal settings always give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
